#!/usr/bin/env bash
# Peak memory over time (issue 15): runs a command and prints, every 0.25 s,
# the seconds since it started, its resident set (MB) and its thread count.
#
#   bash bench/rss_trace.sh target/release/ombuds extract DIR --out OUT --quiet
set -uo pipefail
[ $# -gt 0 ] || { sed -n '2,5p' "$0"; exit 2; }
"$@" &
pid=$!
start=$(date +%s%N)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  threads=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
  [ -n "$rss" ] && awk -v t="$(( $(date +%s%N) - start ))" -v r="$rss" -v n="$threads" \
    'BEGIN { printf "%.2f s %d MB %d threads\n", t / 1e9, r / 1024, n }'
  sleep 0.25
done
wait "$pid"
