#!/usr/bin/env bash
# End-to-end ingest of real web pages against trafilatura's one-core pages/s, in one run on
# the same pages (issue 21's speed goal: ingest on 2 cores at 10x trafilatura on one core).
#
#   benches/web_ingest.sh [EVAL_DIR] [VENV]
#
# The pages are those of WCXB dev, AEB and mediacloud (gzipped HTML). trafilatura reads
# each page once, after it is read and decoded (its call alone is timed, as in
# `eval extraction --peer`); crosscheck ingests them into a fresh store with every stage
# (extract, page type, clean, annotate, copies, stories, store), timed from start to end,
# reading and inflating the files included.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL="${1:-../shared/eval}"
VENV="${2:-../peers-venv}"
if ! "$VENV/bin/python" -c 'import trafilatura' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'trafilatura==2.3.1' htmldate lxml_html_clean
fi
cargo build --release -q
BIN=./target/release/crosscheck
DIRS=("$EVAL/extraction/wcxb-dev/html" "$EVAL/extraction/aeb/html" "$EVAL/dates/mediacloud/html")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
find "${DIRS[@]}" -type f -name '*.htm*' | sort | python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    print(json.dumps({"key": str(i), "file": line.strip(), "url": None}))
' > "$WORK/pages.jsonl"
PAGES=$(wc -l < "$WORK/pages.jsonl")
"$VENV/bin/python" benches/peers/web_peers.py extraction "$WORK/pages.jsonl" \
  | python3 -c 'import json, sys; j = json.load(sys.stdin); print(json.dumps({"tool": j["tool"], "pages": '"$PAGES"', "seconds": j["seconds"], "pages_per_s": j["pages_per_s"]}))' \
  > "$WORK/peer.json"
/usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" ingest --db "$WORK/web.db" "${DIRS[@]}" > /dev/null 2>&1 || true
python3 - "$WORK/peer.json" "$WORK/time" "$PAGES" <<'PY'
import json, sys
peer = json.load(open(sys.argv[1]))
wall, kb = open(sys.argv[2]).read().split()[-2:]
pages = int(sys.argv[3])
ours = pages / float(wall)
print(json.dumps({
    "pages": pages,
    "crosscheck_ingest": {"seconds": float(wall), "pages_per_s": round(ours, 1), "peak_rss_mb": int(kb) // 1024, "threads": 2},
    "trafilatura_one_core": {"tool": peer["tool"], "seconds": round(peer["seconds"], 2), "pages_per_s": round(peer["pages_per_s"], 1)},
    "ratio": round(ours / peer["pages_per_s"], 1),
}, indent=2))
PY
