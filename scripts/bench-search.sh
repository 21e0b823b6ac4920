#!/usr/bin/env bash
# Search latency: ingests the ANT corpus into a fresh store (or uses STORE),
# then runs 400 title-word queries three times each through marsad's index and
# through SQLite FTS5 over the same texts, printing p50/p99 and match counts.
#
#   scripts/bench-search.sh [STORE]
#
# Needs ../shared/data to build the store (not part of the project); skips
# cleanly without it unless STORE is given.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/data/news/ant_multisource_v2.1.jsonl.gz
store=${1:-}
if [ -z "$store" ]; then
    if [ ! -f "$corpus" ]; then
        echo "skip: $corpus not found (the corpus lives in ../shared/data, outside the project)"
        exit 0
    fi
    cargo build --release -q
    store=$(mktemp -d)
    trap 'rm -rf "$store"' EXIT
    ./target/release/marsad ingest "$corpus" --store "$store" >/dev/null || [ $? -le 1 ]
fi
cargo run --release -q -p marsad-search --example bench_search -- "$store"
