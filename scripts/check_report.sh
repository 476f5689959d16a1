#!/usr/bin/env bash
# Browser check of report.html (issue 5): runs `ombuds extract` on the bundled
# corpus, opens the report in headless Chromium (Debian `chromium`, installed
# when missing), and fails on a console message or error, or on a chart
# without marks. The page checks itself on load: it sets data-check="ok" on
# <body> only when every <svg class=chart> has a mark of positive size, and
# data-charts to the number of charts. Also takes a screenshot.
#
# Usage: scripts/check_report.sh [SCREENSHOT.png]   (default target/report-check/report.png)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing chromium (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
fi

work=target/report-check
rm -rf "$work"
mkdir -p "$work"
shot="${1:-$work/report.png}"

cargo build --quiet
./target/debug/ombuds extract corpus --out "$work/out" --quiet
page="file://$(pwd)/$work/out/report.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage --hide-scrollbars)

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 chromium "${flags[@]}" --user-data-dir="$profile/dom" \
    --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
    --dump-dom "$page" >"$work/dom.html" 2>"$work/chromium.log" || {
    echo "FAIL: chromium did not run"; tail -20 "$work/chromium.log"; exit 1; }

timeout 120 chromium "${flags[@]}" --user-data-dir="$profile/shot" \
    --window-size=1280,2600 --virtual-time-budget=5000 \
    --screenshot="$(realpath -m "$shot")" "$page" >/dev/null 2>"$work/screenshot.log" || {
    echo "FAIL: chromium could not take the screenshot"; tail -20 "$work/screenshot.log"; exit 1; }

status=0
# The page writes nothing to the console: any console line is a failure.
if grep -E 'CONSOLE|Uncaught' "$work/chromium.log"; then
    echo "FAIL: console output above (see $work/chromium.log)"
    status=1
fi
check=$(grep -o 'data-check="[^"]*"' "$work/dom.html" | head -1 || true)
charts=$(grep -o 'data-charts="[^"]*"' "$work/dom.html" | head -1 || true)
if [ "$check" != 'data-check="ok"' ]; then
    echo "FAIL: page self-check says ${check:-nothing} (empty chart or script error)"
    status=1
fi
if [ "$charts" != 'data-charts="4"' ]; then
    echo "FAIL: expected 4 charts, page says ${charts:-nothing}"
    status=1
fi
if [ ! -s "$shot" ]; then
    echo "FAIL: no screenshot at $shot"
    status=1
fi
if [ $status = 0 ]; then
    echo "report.html: $check $charts, no console output; screenshot $shot"
fi
exit $status
