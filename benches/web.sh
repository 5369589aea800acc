#!/usr/bin/env bash
# Web-page extraction and dates side by side with trafilatura and htmldate, in one run on
# the same pages (BENCHMARKS.md, "Web pages").
#
#   benches/web.sh [EVAL_DIR] [VENV]
#
# EVAL_DIR defaults to ../shared/eval; VENV (a virtualenv outside the repository) to
# ../peers-venv. The virtualenv is created and the peers installed from PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL="${1:-../shared/eval}"
VENV="${2:-../peers-venv}"
if ! "$VENV/bin/python" -c 'import trafilatura, htmldate, lxml_html_clean' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'trafilatura==2.3.1' htmldate lxml_html_clean
fi
cargo build --release -q
BIN=./target/release/crosscheck
echo "== main text, AEB (page reader + residue cleaner), trafilatura side by side"
"$BIN" eval extraction --gold "$EVAL/extraction/aeb/ground-truth.json" --html "$EVAL/extraction/aeb/html" --peer "$VENV/bin/python"
echo "== main text, AEB (page reader only)"
"$BIN" eval extraction --gold "$EVAL/extraction/aeb/ground-truth.json" --html "$EVAL/extraction/aeb/html" --raw
echo "== publication dates, mediacloud, htmldate side by side"
"$BIN" eval dates --gold "$EVAL/dates/mediacloud/gold.json" --html "$EVAL/dates/mediacloud/html" --peer "$VENV/bin/python"
