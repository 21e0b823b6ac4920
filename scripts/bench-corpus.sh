#!/usr/bin/env bash
# Streams the ANT news corpus through `marsad analyze --jsonl` and prints
# articles/s, words/s, MB/s of article text and peak RSS.
#
#   scripts/bench-corpus.sh [CORPUS.jsonl.gz] [THREADS]     (defaults: ../shared ANT corpus, 1 thread)
#
# Needs ../shared/data (not part of the project); skips cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/news/ant_multisource_v2.1.jsonl.gz}
threads=${2:-1}
if [ ! -f "$corpus" ]; then
    echo "skip: $corpus not found (the corpus lives in ../shared/data, outside the project)"
    exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "skip: /usr/bin/time (Debian package 'time') is needed for peak RSS"; exit 0; }
cargo build --release -q
cargo build --release -q -p marsad-text --example throughput
stats=$(python3 - "$corpus" <<'PY'
import gzip, json, sys
n = words = size = 0
with gzip.open(sys.argv[1], 'rt', encoding='utf-8') as f:
    for line in f:
        t = json.loads(line).get('text') or ''
        n += 1; words += len(t.split()); size += len(t.encode('utf-8'))
print(n, words, size)
PY
)
read -r articles words bytes <<<"$stats"
log=$(mktemp)
start=$(date +%s.%N)
# Exit code 1 means some records failed (the corpus has a few empty texts);
# they are reported on stderr and the run still counts.
rc=0
/usr/bin/time -f '%M %e' -o "$log" ./target/release/marsad analyze --jsonl --threads "$threads" "$corpus" >/dev/null 2>"$log.err" || rc=$?
end=$(date +%s.%N)
[ "$rc" -le 1 ] || { cat "$log.err"; exit "$rc"; }
grep -v '^marsad: line ' "$log.err" >&2 || true
rm -f "$log.err"
read -r rss_kb _ < <(tail -n 1 "$log")
rm -f "$log"
python3 - "$articles" "$words" "$bytes" "$start" "$end" "$rss_kb" "$threads" <<'PY'
import sys
a, w, b = map(int, sys.argv[1:4]); s = float(sys.argv[5]) - float(sys.argv[4]); rss = int(sys.argv[6]) / 1024
print(f"marsad analyze --jsonl --threads {sys.argv[7]}: {a} articles, {w} words, {b/1e6:.1f} MB of text in {s:.2f} s")
print(f"  {a/s:,.0f} articles/s  {w/s/1e6:.2f} M words/s  {b/s/1e6:.1f} MB/s  peak RSS {rss:.0f} MB")
PY

# The text core alone (normalise + tokenise + sentences + clitics), one core.
texts=$(mktemp)
python3 - "$corpus" "$texts" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], 'rt', encoding='utf-8') as f, open(sys.argv[2], 'w', encoding='utf-8') as out:
    out.write('\n\x1e\n'.join(json.loads(l).get('text') or '' for l in f))
PY
printf 'text core only: '
./target/release/examples/throughput <"$texts"
rm -f "$texts"
