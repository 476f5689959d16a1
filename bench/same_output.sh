#!/usr/bin/env bash
# Byte-identical outputs of two ombuds binaries (issue 15's speed work):
#
#   bash bench/same_output.sh BASELINE [NEW]    # NEW: target/release/ombuds
#
# Runs both with `extract --no-db --jobs 2` over ../shared/dev-corpus,
# ../shared/full-decisions, ../shared/other-ombudsmen, corpus/, and 5,000
# .txt and 2,000 .html pages of examples/gen_corpus.rs (made under
# bench/data/same/, reused), into the same --out (summary.json records it),
# and compares every output file but ombuds.db and ombuds.xlsx (binary
# containers with times in them): decisions.jsonl, the CSVs, errors.jsonl,
# summary.json, summary.md, report.html and the organisation pages. Prints
# each difference; exits 1 if there is one.
set -uo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/same_output.sh BASELINE [NEW]}
NEW=${2:-target/release/ombuds}
DATA=bench/data/same
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
GEN=target/release/examples/gen_corpus
[ -x "$GEN" ] || cargo build --release --quiet --example gen_corpus
mkdir -p $DATA
[ -d $DATA/txt ] || "$GEN" 5000 $DATA/txt --format txt >/dev/null
[ -d $DATA/html ] || "$GEN" 2000 $DATA/html --format html >/dev/null
fail=0
for dir in ../shared/dev-corpus ../shared/full-decisions ../shared/other-ombudsmen corpus $DATA/txt $DATA/html; do
  for bin in base new; do
    exe=$BASE; [ $bin = new ] && exe=$NEW
    "$exe" extract "$dir" --out "$W/out" --quiet --no-db --jobs 2 2>"$W/$bin.err"
    rm -rf "$W/out/.ombuds" "$W/out/ombuds.xlsx"
    mv "$W/out" "$W/$bin"
  done
  if diff -r -q "$W/base" "$W/new" >/dev/null; then
    echo "same: $dir ($(find "$W/base" -type f | wc -l) files, $(wc -l <"$W/base/decisions.jsonl") decisions)"
  else
    diff -r -q "$W/base" "$W/new" | sed "s|^|DIFFERENT ($dir): |"
    fail=1
  fi
  rm -rf "$W/base" "$W/new"
done
exit $fail
