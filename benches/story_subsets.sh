#!/usr/bin/env bash
# Stories on small story sets: ten samples of a galaxy-format set's events (14 or 24
# events each, seeds 0-9), each clustered by crosscheck with default settings and, with a
# VENV, by the TF-IDF average-link baseline with its cut tuned on that sample's gold
# (BENCHMARKS.md, "Issue 22: background document frequencies").
#
#   benches/story_subsets.sh [GALAXY_JSON] [VENV] [-- extra `eval clustering` arguments]
#
# GALAXY_JSON defaults to ../shared/eval/clustering/wikinews_big.json; VENV (a virtualenv
# with scikit-learn, outside the repository) to none.
set -euo pipefail
cd "$(dirname "$0")/.."
SET="${1:-../shared/eval/clustering/wikinews_big.json}"
VENV="${2:-}"
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
cargo build --release -q
OUT=$(mktemp -d)
python3 - "$SET" "$OUT" <<'PY'
import json, random, sys
events = json.load(open(sys.argv[1]))
for seed in range(10):
    sample = random.Random(seed).sample(events, 14 if seed % 2 == 0 else 24)
    json.dump(sample, open(f"{sys.argv[2]}/sample_{seed}.json", "w"))
PY
PEER=()
[ -n "$VENV" ] && PEER=(--peer "$VENV/bin/python")
for seed in $(seq 0 9); do
  ./target/release/crosscheck eval clustering --galaxy "$OUT/sample_$seed.json" --orders 1 "${PEER[@]}" "$@" 2>/dev/null |
    python3 -c "
import json, sys
d = json.load(sys.stdin)
t = (d.get('peers') or {}).get('tfidf_average_link_tuned_on_gold')
print('sample $seed', d['articles'], 'articles, crosscheck %.4f' % d['scores']['bcubed_f1'],
      '| tuned baseline %.4f' % t['bcubed_f1'] if t else '')"
done | tee "$OUT/scores.txt"
python3 -c "
import re, sys
rows = open('$OUT/scores.txt').read().splitlines()
cc = [float(re.search(r'crosscheck ([0-9.]+)', r).group(1)) for r in rows]
tb = [float(m.group(1)) for r in rows if (m := re.search(r'baseline ([0-9.]+)', r))]
print('mean crosscheck %.4f' % (sum(cc) / len(cc)) + (', tuned baseline %.4f' % (sum(tb) / len(tb)) if tb else ''))"
rm -rf "$OUT"
