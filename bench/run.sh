#!/usr/bin/env bash
# End-to-end benchmark of `ombuds extract` (issue 6), from a fresh clone:
#
#   bash bench/run.sh            # 100,000 .txt files + 20,000 .html files
#   bash bench/run.sh --large    # also peak RSS at 400,000 files (slow)
#
# Builds release, generates the corpora with examples/gen_corpus.rs under
# bench/data/ (reused when complete), warms the page cache, then times in the
# same run: ombuds extract --jobs 2 and --jobs 1, `rg -c` with three patterns
# over the same files, the Python peer script (../shared/bench/peer.py, or
# $PEER: header lines and £ amounts with `re` on every core), and reading
# every file (find | xargs cat); it prints ombuds' ratios to rg and the peer
# with the load average before and after. Each command
# runs RUNS times (default 3); the median wall time is reported with the peak
# RSS of that run; --jobs 2 also with --no-db (without the database). It also
# checks the extracted fields against the generator's expected fields.
# Results go to stdout and bench/runs/<date>.md (bench/runs/$NAME.md with NAME=).
set -euo pipefail
cd "$(dirname "$0")/.."

LARGE=0
for a in "$@"; do
  case "$a" in
    --large) LARGE=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
RUNS=${RUNS:-3}
N=${N:-100000}
N_HTML=${N_HTML:-20000}
N_LARGE=${N_LARGE:-400000}
DATA=bench/data
mkdir -p "$DATA" bench/runs

need() { # need COMMAND DEBIAN-PACKAGE
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    echo "== installing $2" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq "$2" >/dev/null; fi
  fi
}
need rg ripgrep
need /usr/bin/time time
PEER=${PEER:-../shared/bench/peer.py}
[ -f "$PEER" ] || { echo "no peer script at $PEER (set PEER=...)" >&2; exit 2; }
need python3 python3

echo "== building (release)" >&2
cargo build --release --quiet --bin ombuds --example gen_corpus
OMBUDS=target/release/ombuds
GEN=target/release/examples/gen_corpus

corpus() { # corpus N FORMAT -> prints the folder
  local dir="$DATA/$2-$1"
  local exp="$dir.expected.jsonl"
  if [ -f "$exp" ] && [ "$(wc -l < "$exp")" -eq "$1" ]; then
    echo "== reusing $dir" >&2
  else
    rm -rf "$dir" "$exp"
    echo "== generating $1 $2 files in $dir" >&2
    "$GEN" "$1" "$dir" --format "$2" >&2
  fi
  echo "$dir"
}

# measure NAME CMD... : RUNS runs; sets WALL (median s), RSS (KB), CPU (user+sys s)
measure() {
  local name=$1; shift
  local walls=() i line
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M %U %S" -o "$DATA/time.txt" "$@" >/dev/null 2>"$DATA/stderr.txt" || {
      echo "$name failed:" >&2; cat "$DATA/stderr.txt" >&2; exit 1; }
    walls+=("$(cat "$DATA/time.txt")")
  done
  line=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  WALL=$(echo "$line" | cut -d' ' -f1)
  RSS=$(echo "$line" | cut -d' ' -f2)
  CPU=$(echo "$line" | awk '{printf "%.2f", $3 + $4}')
  echo "   $name: ${WALL} s wall, ${CPU} s cpu, ${RSS} KB peak RSS (median of $RUNS)" >&2
}

rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

TXT=$(corpus "$N" txt)
HTML=$(corpus "$N_HTML" html)
TXT_MB=$(du -sb --apparent-size "$TXT" | awk '{printf "%.1f", $1 / 1e6}')
HTML_MB=$(du -sb --apparent-size "$HTML" | awk '{printf "%.1f", $1 / 1e6}')

echo "== warming the page cache" >&2
for d in "$TXT" "$HTML"; do find "$d" -type f -print0 | xargs -0 cat >/dev/null; done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
OUT=$DATA/out
echo "== timing on $TXT ($N files, $TXT_MB MB)" >&2
measure "cat" sh -c "find '$TXT' -type f -print0 | xargs -0 cat"
CAT_WALL=$WALL
measure "rg -c (3 patterns)" rg -c -e 'Decision date' -e 'Summary:' -e '£[0-9]' "$TXT"
RG_WALL=$WALL; RG_RSS=$RSS; RG_CPU=$CPU
measure "peer.py (python3, every core)" python3 "$PEER" "$TXT" "$DATA/peer.jsonl"
PEER_WALL=$WALL; PEER_RSS=$RSS; PEER_CPU=$CPU
measure "ombuds --jobs 2" "$OMBUDS" extract "$TXT" --out "$OUT" --jobs 2 --quiet
J2_WALL=$WALL; J2_RSS=$RSS; J2_CPU=$CPU
measure "ombuds --jobs 2 --no-db" "$OMBUDS" extract "$TXT" --out "$OUT-nodb" --jobs 2 --quiet --no-db
ND_WALL=$WALL; ND_RSS=$RSS; ND_CPU=$CPU
measure "ombuds --jobs 1" "$OMBUDS" extract "$TXT" --out "$OUT" --jobs 1 --quiet
J1_WALL=$WALL; J1_RSS=$RSS; J1_CPU=$CPU
OUT_MB=$(du -sb --apparent-size "$OUT" | awk '{printf "%.0f", $1 / 1e6}')
echo "== accuracy at scale (generated fields)" >&2
ACCURACY=$("$GEN" check "$TXT.expected.jsonl" "$OUT/decisions.jsonl" || true)
echo "$ACCURACY" >&2

echo "== timing on $HTML ($N_HTML files, $HTML_MB MB)" >&2
measure "ombuds --jobs 2 (html)" "$OMBUDS" extract "$HTML" --out "$OUT-html" --jobs 2 --quiet
H_WALL=$WALL; H_RSS=$RSS
HTML_ACCURACY=$("$GEN" check "$HTML.expected.jsonl" "$OUT-html/decisions.jsonl" || true)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

LARGE_ROW=""
if [ "$LARGE" = 1 ]; then
  BIG=$(corpus "$N_LARGE" txt)
  find "$BIG" -type f -print0 | xargs -0 cat >/dev/null
  RUNS_SAVED=$RUNS; RUNS=1
  measure "ombuds --jobs 2 ($N_LARGE files)" "$OMBUDS" extract "$BIG" --out "$OUT-large" --jobs 2 --quiet
  RUNS=$RUNS_SAVED
  LARGE_ROW="| ombuds --jobs 2, $N_LARGE .txt files | $WALL | $(rate "$N_LARGE" "$WALL") docs/s | $RSS KB ($(awk -v a="$RSS" -v b="$J2_RSS" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }') vs $N files) |"
fi

DATE=$(date -u +%Y-%m-%d)
REPORT=bench/runs/${NAME:-$DATE}.md
{
  echo "# ombuds extract benchmark, $DATE"
  echo
  echo "Generated by \`bash bench/run.sh$( [ "$LARGE" = 1 ] && echo " --large")\` (median of $RUNS runs, page cache warm)."
  echo
  echo "## Machine"
  echo
  echo "- CPUs: $(nproc) ($(lscpu | sed -n 's/^Model name: *//p' | head -1))"
  echo "- Memory: $(free -m | awk '/^Mem:/ { print $2 " MB" }')"
  echo "- Load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
  echo "- $(rustc --version); $(rg --version | head -1); ombuds $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (modified)')"
  echo
  echo "## $N .txt files, $TXT_MB MB"
  echo
  echo "| command | wall s | MB/s | docs/s | cpu s | peak RSS | vs rg |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| find \| xargs cat | $CAT_WALL | $(rate "$TXT_MB" "$CAT_WALL") | $(rate "$N" "$CAT_WALL") | | | $(ratio "$CAT_WALL" "$RG_WALL") |"
  echo "| rg -c, 3 patterns | $RG_WALL | $(rate "$TXT_MB" "$RG_WALL") | $(rate "$N" "$RG_WALL") | $RG_CPU | $RG_RSS KB | 1.00 |"
  echo "| peer.py (python3 re, every core) | $PEER_WALL | $(rate "$TXT_MB" "$PEER_WALL") | $(rate "$N" "$PEER_WALL") | $PEER_CPU | $PEER_RSS KB | $(ratio "$PEER_WALL" "$RG_WALL") |"
  echo "| ombuds extract --jobs 2 | $J2_WALL | $(rate "$TXT_MB" "$J2_WALL") | $(rate "$N" "$J2_WALL") | $J2_CPU | $J2_RSS KB | $(ratio "$J2_WALL" "$RG_WALL") |"
  echo "| ombuds extract --jobs 2 --no-db | $ND_WALL | $(rate "$TXT_MB" "$ND_WALL") | $(rate "$N" "$ND_WALL") | $ND_CPU | $ND_RSS KB | $(ratio "$ND_WALL" "$RG_WALL") |"
  echo "| ombuds extract --jobs 1 | $J1_WALL | $(rate "$TXT_MB" "$J1_WALL") | $(rate "$N" "$J1_WALL") | $J1_CPU | $J1_RSS KB | $(ratio "$J1_WALL" "$RG_WALL") |"
  echo
  echo "Ratios (issue 15's targets in brackets):"
  echo
  echo "- ombuds --jobs 2 (every output, ombuds.db included) / peer.py: **$(ratio "$J2_WALL" "$PEER_WALL")** (≤ 1.0)"
  echo "- ombuds --jobs 2 / rg -c: **$(ratio "$J2_WALL" "$RG_WALL")** (≤ 4)"
  echo "- ombuds --jobs 2 --no-db / peer.py: $(ratio "$ND_WALL" "$PEER_WALL")"
  echo
  echo "- jobs scaling: --jobs 2 is $(ratio "$J1_WALL" "$J2_WALL")x faster than --jobs 1 (target ≥ 1.6)"
  echo "- the database (ombuds.db): --jobs 2 takes $(ratio "$J2_WALL" "$ND_WALL")x the time of --no-db (bench/db.sh measures it in interleaved pairs)"
  echo "- ombuds wrote $OUT_MB MB of outputs (decisions.jsonl, decisions.csv, ...)"
  echo
  echo "## $N_HTML .html files, $HTML_MB MB"
  echo
  echo "| command | wall s | MB/s | docs/s | peak RSS |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "| ombuds extract --jobs 2 | $H_WALL | $(rate "$HTML_MB" "$H_WALL") | $(rate "$N_HTML" "$H_WALL") | $H_RSS KB |"
  echo
  echo "- HTML: $(rate "$HTML_MB" "$H_WALL") MB/s (target ≥ 60)"
  if [ -n "$LARGE_ROW" ]; then
    echo
    echo "## Memory at scale"
    echo
    echo "| command | wall s | docs/s | peak RSS |"
    echo "| --- | ---: | ---: | ---: |"
    echo "$LARGE_ROW"
  fi
  echo
  echo "## Accuracy against the generator's expected fields"
  echo
  echo '```'
  echo "$ACCURACY"
  echo "-- html --"
  echo "$HTML_ACCURACY"
  echo '```'
} > "$REPORT"
cat "$REPORT"
echo "== written to $REPORT" >&2
