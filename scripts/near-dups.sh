#!/usr/bin/env bash
# Near-duplicate pairs of the ANT corpus by estimated Jaccard (the story
# clusters' MinHash signatures and LSH bands, no analysis): pairs per band of
# similarity, how many across outlets and published more than a day apart,
# SAMPLES pairs of each band to read by eye, and the clusters the store's
# threshold makes.
#
#   scripts/near-dups.sh [CORPUS.jsonl.gz] [SAMPLES]   (defaults: ../shared ANT corpus, 12)
#
# Needs ../shared/data (not part of the project); skips cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/news/ant_multisource_v2.1.jsonl.gz}
samples=${2:-12}
if [ ! -f "$corpus" ]; then
    echo "skip: $corpus not found (the corpus lives in ../shared/data, outside the project)"
    exit 0
fi
cargo run -q -p marsad-store --example near_dups -- "$corpus" 1000000 "$samples"
