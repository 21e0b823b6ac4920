#!/usr/bin/env bash
# The browser end-to-end test as CI runs it: installs Debian's Chromium and
# playwright-core if missing, serves the demo sample (the README's first
# command) from a fresh store, stores an article full of markup through the
# API, and runs run.mjs against it. Screenshots land in e2e/screenshots/.
#
#   e2e/ci.sh            (after `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
marsad=target/release/marsad
[ -x "$marsad" ] || cargo build --release --locked -q

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
# A machine where the browser cannot be installed (no root, no package
# mirror) says so loudly and skips; where it is installed, any failure of
# the test fails the run.
skip() { echo "e2e: SKIPPED: $1" >&2; exit 0; }
if [ ! -x /usr/bin/chromium ]; then
    { as_root apt-get update -qq && as_root apt-get install -y -qq chromium >/dev/null; } ||
        skip "could not install Debian's chromium"
fi
if ! command -v node >/dev/null; then
    { as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm >/dev/null; } ||
        skip "could not install node"
fi
(cd e2e && npm ci --silent --no-audit --no-fund) || skip "npm ci failed (is the npm registry reachable?)"

store=$(mktemp -d)
log=$(mktemp)
"$marsad" demo --store "$store/demo" --addr 127.0.0.1:0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$store" "$log"' EXIT
url=""
for _ in $(seq 1 120); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
    [ -n "$url" ] && break
    kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "the demo did not start"; cat "$log"; exit 1; }
echo "e2e: demo at $url"

# An article whose text, title and outlet are markup: it must show as text.
curl -sf -X POST "$url/api/ingest" -H 'Content-Type: application/json' --data-binary @- >/dev/null <<'JSON'
{"id": "xss-test", "published": "2022-08-03", "outlet": "<b>Outlet</b>", "url": "javascript:alert(1)",
 "title": "<img src=x onerror=alert(1)> عنوان",
 "text": "قال وزير الخارجية المغربي <script>alert(1)</script> إن <img src=x onerror=alert(2)> الرباط تدعم <svg onload=alert(3)> الحوار مع إسبانيا."}
JSON

MARSAD_URL="$url" MARSAD_XSS_ID=xss-test node e2e/run.mjs
