#!/usr/bin/env bash
# Scores marsad against the hand-annotated development articles and the seed
# article with the project's scorer (../shared/tools/score_article.py).
#
#   scripts/eval-dev.sh [OUT_DIR]      # analyses go to OUT_DIR (default target/dev-eval)
#
# Needs ../shared (not part of the project); skips cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
scorer=$shared/tools/score_article.py
if [ ! -f "$scorer" ] || [ ! -d "$shared/dev" ]; then
    echo "skip: $shared/dev and $scorer not found (the gold articles live outside the project)"
    exit 0
fi
out=${1:-target/dev-eval}
gold=$out/gold
mkdir -p "$out" "$gold"
cargo build --release -q
for txt in "$shared"/dev/*.txt "$shared"/seed/article.txt; do
    if [ "$txt" = "$shared/seed/article.txt" ]; then
        name=seed
        meta=$shared/seed/expected.json
        cp "$meta" "$gold/$name.gold.json"
        date=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])).get("article",{}); print(a.get("published") or a.get("date") or "")' "$meta")
    else
        name=$(basename "$txt" .txt)
        cp "$shared/dev/$name.gold.json" "$gold/$name.gold.json"
        date=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("date",""))' "$shared/dev/$name.meta.json")
    fi
    args=()
    if [ -n "$date" ]; then args=(--published "$date"); fi
    ./target/release/marsad analyze "$txt" "${args[@]}" >"$out/$name.json"
done
python3 "$scorer" --batch "$gold" "$out" ${VERBOSE:+--verbose}
