#!/usr/bin/env bash
# Load test of `marsad serve` on loopback: /api/search (title-word queries
# with facets and snippets) and /api/articles/{id} (text + analysis), each
# for SECONDS with CONNECTIONS keep-alive connections; prints requests/s,
# p50/p99 and errors, and the server's peak RSS.
#
#   scripts/bench-serve.sh [STORE] [SECONDS] [CONNECTIONS]
#
# Without STORE it serves the bundled demo sample (`marsad demo`), so it
# needs nothing outside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-}
secs=${2:-10}
conns=${3:-8}
cargo build --release -q --locked
cargo build --release -q --locked -p marsad-server --example load
tmp=$(mktemp -d)
log=$tmp/log
if [ -n "$store" ]; then
    ./target/release/marsad serve --store "$store" --addr 127.0.0.1:0 >"$log" 2>&1 &
else
    ./target/release/marsad demo --store "$tmp/demo" --addr 127.0.0.1:0 >"$log" 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
url=""
for _ in $(seq 1 240); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
    [ -n "$url" ] && break
    sleep 0.5
done
[ -n "$url" ] || { cat "$log"; exit 1; }
addr=${url#http://}

# Paths: 100 article ids and one word from each of their titles.
python3 - "$url" "$tmp" <<'PY'
import json, sys, urllib.parse, urllib.request
url, tmp = sys.argv[1], sys.argv[2]
hits = []
for page in (1, 2):
    with urllib.request.urlopen(f"{url}/api/search?limit=50&page={page}") as r:
        hits += json.load(r)["hits"]
search, articles = [], []
for k, h in enumerate(hits):
    articles.append("/api/articles/" + urllib.parse.quote(h["id"], safe=""))
    words = [w for w in (h.get("title") or "").split() if len(w) >= 4 and all("\u0621" <= c <= "\u064a" for c in w)]
    if words:
        search.append("/api/search?q=" + urllib.parse.quote(words[k % len(words)]))
open(f"{tmp}/search", "w").write("\n".join(search))
open(f"{tmp}/articles", "w").write("\n".join(articles))
print(f"{len(search)} queries, {len(articles)} articles")
PY
for kind in search articles; do
    mapfile -t paths <"$tmp/$kind"
    # A warm-up pass, then the measured run.
    ./target/release/examples/load "$addr" 1 2 "${paths[@]}" >/dev/null
    echo -n "$kind: "
    ./target/release/examples/load "$addr" "$secs" "$conns" "${paths[@]}"
done
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MB"}')"
