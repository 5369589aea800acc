#!/usr/bin/env bash
# Peak memory of end-to-end ingest as the number of real web pages grows (issue 21: memory
# flat in the number of pages).
#
#   benches/web_memory.sh [EVAL_DIR] [COPIES...]
#
# The dev sets hold 1,373 real pages (WCXB dev, AEB, mediacloud). To go past that, each
# run writes K variants of every page as JSON lines ({url, html}): variant k gets its own
# address and a sentence naming k at the start of every paragraph, so each is a new
# article (a near-duplicate of its siblings, as wire copies are) rather than a page read
# twice. For each K (default 1 3 9) it ingests K x 1,373 pages into a fresh store with
# every stage and prints pages, seconds, pages/s and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL="${1:-../shared/eval}"
shift || true
COPIES=("$@")
[ ${#COPIES[@]} -eq 0 ] && COPIES=(1 3 9)
cargo build --release -q
BIN=$PWD/target/release/crosscheck
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for K in "${COPIES[@]}"; do
  python3 - "$EVAL" "$K" > "$WORK/pages.jsonl" <<'PY'
import gzip, json, pathlib, sys
root, k = pathlib.Path(sys.argv[1]), int(sys.argv[2])
dirs = ["extraction/wcxb-dev/html", "extraction/aeb/html", "dates/mediacloud/html"]
files = sorted(p for d in dirs for p in (root / d).glob("*.htm*"))
for v in range(k):
    for f in files:
        raw = f.read_bytes()
        if f.suffix == ".gz":
            raw = gzip.decompress(raw)
        html = raw.decode("utf-8", "replace")
        if v:
            html = html.replace("<p>", f"<p>Variant {v} of this report. ").replace("<P>", f"<P>Variant {v} of this report. ")
        print(json.dumps({"url": f"https://variant{v}.example/{f.stem}", "html": html}))
PY
  rm -f "$WORK"/w.db*
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" ingest --db "$WORK/w.db" --json "$WORK/pages.jsonl" > "$WORK/report.json" 2>/dev/null || true
  python3 - "$WORK/time" "$WORK/report.json" "$K" <<'PY'
import json, sys
wall, kb = open(sys.argv[1]).read().split()[-2:]
r = json.load(open(sys.argv[2]))
print(json.dumps({"variants": int(sys.argv[3]), "pages": r["read"], "new_articles": r["new"], "rejected": len(r["rejected"]),
                  "seconds": float(wall), "pages_per_s": round(r["read"] / float(wall), 1), "peak_rss_mb": int(kb) // 1024}))
PY
done
