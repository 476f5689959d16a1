#!/usr/bin/env bash
# Screenshot of ombuds.db in Datasette (issue 12): runs `ombuds extract` on a
# folder (default ../shared/dev-corpus, else corpus), serves the database with
# its metadata on 127.0.0.1 and takes a screenshot of a search with the facets
# in headless Chromium (Debian `chromium`).
#
# Usage: scripts/datasette_screenshot.sh [FOLDER] [SHOT.png]
#        (default docs/datasette-search.png)
set -euo pipefail
cd "$(dirname "$0")/.."

input="${1:-../shared/dev-corpus}"
[ -d "$input" ] || input=corpus
shot="${2:-docs/datasette-search.png}"
port="${PORT:-8765}"

command -v chromium >/dev/null || { echo "chromium is needed (apt-get install chromium)"; exit 2; }
python3 -m datasette --version >/dev/null || { echo "datasette is needed (pip install datasette)"; exit 2; }

work=target/datasette-shot
rm -rf "$work"
mkdir -p "$work" "$(dirname "$shot")"
cargo build --quiet
./target/debug/ombuds extract "$input" --out "$work/out" --quiet || true

python3 -m datasette "$work/out/ombuds.db" -m "$work/out/metadata.json" \
    --host 127.0.0.1 --port "$port" >"$work/datasette.log" 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$profile"' EXIT
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/-/versions.json')" 2>/dev/null && break
    sleep 0.2
done

query="_search=%22education+health+and+care+plan%22&_searchmode=raw"
query="$query&_col=reference&_col=organisation&_col=decision_date&_col=outcome&_col=remedy_total_gbp&_col=url"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1400,2900 --virtual-time-budget=5000 \
    --screenshot="$(pwd)/$shot" "http://127.0.0.1:$port/ombuds/decisions?$query" \
    >"$work/chromium.log" 2>&1
echo "screenshot: $shot"
