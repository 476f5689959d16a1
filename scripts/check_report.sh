#!/usr/bin/env bash
# Browser check of the report (issues 5 and 13), in headless Chromium
# (Debian `chromium`, installed when missing).
#
# 1. The bundled corpus: `ombuds extract corpus`, then report.html and an
#    organisation page are opened at 1280 px and at 400 px wide, and the
#    organisation page with a filter link (#decisions?outcome=upheld). Fails
#    on any console message or script error, on a chart without marks, on a
#    chart or page wider than the window, or on a filter note that does not
#    name the organisation. Each page checks itself on load: it sets
#    data-check="ok" on <body> only when every <svg class=chart> has a mark of
#    positive size, data-fit="ok" when every chart fits the window's width and
#    the page does not scroll sideways, and data-load-ms when loaded.
# 2. At scale: N generated decisions (default 100,000; `--large N`, or
#    `--large 0` to skip) are extracted with a release build; fails when
#    report.html is over 5 MB, an organisation page over 1 MB, or when
#    report.html takes over 5 s to load (the page's own navigation timing,
#    load event start; the wall time of the whole Chromium run, start-up
#    included, is printed beside it).
#
# Screenshots go to target/report-check/; with --docs, also to docs/ (the
# README's: overview, one council page, the 400 px view, and the overview of
# the large dataset).
#
# Usage: scripts/check_report.sh [--docs] [--large N]
set -euo pipefail
cd "$(dirname "$0")/.."

docs=0
large=100000
while [ $# -gt 0 ]; do
    case "$1" in
        --docs) docs=1 ;;
        --large) large="$2"; shift ;;
        *) echo "usage: $0 [--docs] [--large N]" >&2; exit 2 ;;
    esac
    shift
done

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
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage --hide-scrollbars)
status=0
fail() { echo "FAIL: $*"; status=1; }
runs=0

# dump NAME URL WIDTH [extra flags]: the DOM after load, and the console log.
dump() {
    local name=$1 url=$2 width=$3
    shift 3
    runs=$((runs + 1))
    timeout 120 chromium "${flags[@]}" --user-data-dir="$profile/$runs" \
        --window-size="$width,900" --enable-logging=stderr --v=0 "$@" \
        --dump-dom "$url" >"$work/$name.html" 2>"$work/$name.log" || {
        fail "chromium did not open $url"; tail -20 "$work/$name.log"; return 0; }
    # The pages write nothing to the console: any console line is a failure.
    if grep -E 'CONSOLE|Uncaught' "$work/$name.log"; then
        fail "console output for $url (see $work/$name.log)"
    fi
}

# attr NAME ATTRIBUTE: the value of a data- attribute of <body> in a dump.
attr() {
    grep -o "$2=\"[^\"]*\"" "$work/$1.html" | head -1 | sed 's/^[^"]*"//; s/"$//'
}

# check NAME CHARTS: the page's self-check, fit and number of charts.
check() {
    local name=$1 want=$2 c f n
    c=$(attr "$name" data-check); f=$(attr "$name" data-fit); n=$(attr "$name" data-charts)
    [ "$c" = ok ] || fail "$name: self-check says '${c:-nothing}' (empty chart or script error)"
    [ "$f" = ok ] || fail "$name: fit check says '${f:-nothing}' (wider than the window)"
    [ "$n" = "$want" ] || fail "$name: expected $want charts, the page has '${n:-nothing}'"
    echo "$name: data-check=$c data-fit=$f charts=$n"
}

shot() {
    local url=$1 width=$2 height=$3 png=$4
    runs=$((runs + 1))
    timeout 120 chromium "${flags[@]}" --user-data-dir="$profile/$runs" \
        --window-size="$width,$height" --virtual-time-budget=5000 \
        --screenshot="$(realpath -m "$png")" "$url" >/dev/null 2>"$work/shot.log" || {
        fail "chromium could not take $png"; tail -20 "$work/shot.log"; }
    [ -s "$png" ] || fail "no screenshot at $png"
}

echo "== the bundled corpus"
cargo build --quiet
./target/debug/ombuds extract corpus --out "$work/out" --quiet
base="file://$(pwd)/$work/out"
overview="$base/report.html"
council="$base/councils/essex-county-council.html"
budget=(--virtual-time-budget=5000)
dump overview "$overview" 1280 "${budget[@]}"
check overview 4
dump overview-400 "$overview" 400 "${budget[@]}"
check overview-400 4
dump council "$council" 1280 "${budget[@]}"
check council 2
dump council-400 "$council" 400 "${budget[@]}"
check council-400 2
dump council-filter "$council#decisions?outcome=upheld" 1280 "${budget[@]}"
note=$(grep -o '<p id="filter-note">[^<]*' "$work/council-filter.html" | sed 's/<p id="filter-note">//' || true)
case "$note" in
    "Showing 4 of the 6 decisions of Essex County Council listed on this page: outcome upheld. ") echo "filter note: $note" ;;
    *) fail "filter note says '$note'" ;;
esac
hidden=$(grep -o '<tr id="d-[^"]*"[^>]* hidden=""' "$work/council-filter.html" | wc -l)
[ "$hidden" = 2 ] || fail "the upheld filter should hide 2 of Essex's 6 rows, it hides $hidden"
# Every organisation page of the corpus.
for page in "$work"/out/councils/*.html; do
    name=page-$(basename "$page" .html)
    dump "$name" "file://$(pwd)/$page" 1280 "${budget[@]}"
    c=$(attr "$name" data-check)
    [ "$c" = ok ] || fail "$page: self-check says '${c:-nothing}'"
done
echo "every organisation page: checked ($(ls "$work"/out/councils | wc -l) pages)"

shot "$overview" 1280 2400 "$work/report.png"
shot "$council" 1280 2600 "$work/council.png"
shot "$council" 400 2200 "$work/council-400.png"
if [ $docs = 1 ]; then
    cp "$work/report.png" docs/report.png
    cp "$work/council.png" docs/council.png
    cp "$work/council-400.png" docs/council-400.png
    echo "screenshots copied to docs/"
fi

if [ "$large" -gt 0 ]; then
    echo "== $large generated decisions (release build)"
    cargo build --release --quiet --bin ombuds --example gen_corpus
    big="$work/large"
    mkdir -p "$big"
    ./target/release/examples/gen_corpus "$large" "$big/in" >/dev/null
    t0=$(date +%s%N)
    ./target/release/ombuds extract "$big/in" --out "$big/out" --quiet
    t1=$(date +%s%N)
    rm -rf "$big/in" "$big/in.expected.jsonl"
    report_bytes=$(stat -c %s "$big/out/report.html")
    pages=$(ls "$big/out/councils" | wc -l)
    read -r max_bytes max_page < <(find "$big/out/councils" -name '*.html' -printf '%s %f\n' | sort -n | tail -1)
    rows=$(grep -o '<tr id="d-' "$big/out/councils/$max_page" | wc -l)
    echo "extract: $(( (t1 - t0) / 1000000 )) ms; report.html $report_bytes bytes; $pages organisation pages, the largest $max_page $max_bytes bytes ($rows decision rows)"
    [ "$report_bytes" -le 5000000 ] || fail "report.html is $report_bytes bytes (over 5 MB)"
    [ "$max_bytes" -le 1000000 ] || fail "$max_page is $max_bytes bytes (over 1 MB)"
    s0=$(date +%s%N)
    dump large "file://$(pwd)/$big/out/report.html" 1280
    s1=$(date +%s%N)
    load=$(attr large data-load-ms)
    wall=$(( (s1 - s0) / 1000000 ))
    check large 5
    echo "report.html at $large decisions: loaded in ${load:-?} ms (navigation timing); chromium run ${wall} ms wall, start-up included"
    [ -n "$load" ] && [ "$load" -le 5000 ] || fail "report.html load time '${load:-none}' ms (over 5 s or not loaded)"
    dump large-page "file://$(pwd)/$big/out/councils/$max_page" 1280
    check large-page 2
    echo "$max_page: loaded in $(attr large-page data-load-ms) ms"
    shot "file://$(pwd)/$big/out/report.html" 1280 2000 "$work/report-large.png"
    if [ $docs = 1 ]; then
        cp "$work/report-large.png" docs/report-large.png
    fi
fi

if [ $status = 0 ]; then
    echo "report: every check passed; screenshots in $work"
fi
exit $status
