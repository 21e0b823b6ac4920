#!/usr/bin/env bash
# Ingests the ANT news corpus into a fresh store (full analysis, all cores)
# and prints articles/s, peak RSS and the store's size against the text.
#
#   scripts/bench-ingest.sh [CORPUS.jsonl.gz] [THREADS]   (defaults: ../shared ANT corpus, all cores)
#
# Needs ../shared/data (not part of the project); skips cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/news/ant_multisource_v2.1.jsonl.gz}
threads=${2:-0}
if [ ! -f "$corpus" ]; then
    echo "skip: $corpus not found (the corpus lives in ../shared/data, outside the project)"
    exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "skip: /usr/bin/time (Debian package 'time') is needed for peak RSS"; exit 0; }
cargo build --release -q
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
args=(ingest "$corpus" --store "$store")
[ "$threads" != 0 ] && args+=(--threads "$threads")
# Exit code 1 means some records failed (the corpus has a few empty texts).
rc=0
/usr/bin/time -f '%M %e' -o "$store.time" ./target/release/marsad "${args[@]}" || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
read -r rss_kb secs < <(tail -n 1 "$store.time")
rm -f "$store.time"
./target/release/marsad stats --store "$store"
python3 - "$secs" "$rss_kb" "$(./target/release/marsad stats --store "$store" --format json)" <<'PY'
import json, sys
secs, rss = float(sys.argv[1]), int(sys.argv[2]) / 1024
s = json.loads(sys.argv[3])
print(f"ingest: {s['articles']} articles in {secs:.1f} s: {s['articles']/secs:,.0f} articles/s, peak RSS {rss:.0f} MB, "
      f"store {s['disk_bytes']/1e6:.0f} MB = {s['disk_bytes']/s['text_bytes']:.2f}x the text")
PY
