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
RS=benches/peers/rs-trafilatura-peer/target/release/rs-trafilatura-peer
cargo build --release -q --manifest-path benches/peers/rs-trafilatura-peer/Cargo.toml
echo "== main text and page types, WCXB dev, trafilatura and rs-trafilatura side by side"
"$BIN" eval extraction --gold "$EVAL/extraction/wcxb-dev/ground-truth.json" --html "$EVAL/extraction/wcxb-dev/html" --peer "$VENV/bin/python" --peer-rs "$RS"
echo "== main text, AEB, rs-trafilatura too"
"$BIN" eval extraction --gold "$EVAL/extraction/aeb/ground-truth.json" --html "$EVAL/extraction/aeb/html" --peer-rs "$RS"
echo "== publication dates, WCXB dev article pages, htmldate side by side"
"$BIN" eval dates --gold "$EVAL/extraction/wcxb-dev/ground-truth.json" --html "$EVAL/extraction/wcxb-dev/html" --page-type article --peer "$VENV/bin/python"
echo "== page type: cross-validation by site, 30% of sites set aside"
"$BIN" train page-type --gold "$EVAL/extraction/wcxb-dev/ground-truth.json" --html "$EVAL/extraction/wcxb-dev/html" --more-articles "$EVAL/extraction/aeb/ground-truth.json=$EVAL/extraction/aeb/html" --more-articles "$EVAL/dates/mediacloud/gold.json=$EVAL/dates/mediacloud/html" --hold-out 30
echo "== end-to-end ingest of the three page sets, 2 cores"
DB=$(mktemp -d)/web.db
/usr/bin/time -f "%e s wall, %M KB peak" "$BIN" ingest --db "$DB" "$EVAL/extraction/wcxb-dev/html" "$EVAL/extraction/aeb/html" "$EVAL/dates/mediacloud/html" >/dev/null || true
