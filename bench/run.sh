#!/usr/bin/env bash
# marsad beside the tools its users would otherwise reach for, on the same
# ANT articles, one core each (bench/README.md has the table and the
# machine):
#
#   bench/run.sh [--n 2000] [--dates 200] [--runs 3]
#
# Needs ../shared/data (the ANT corpus, outside the project): skips cleanly
# without it. Builds the release binary and the stage example, makes a venv
# in target/bench-venv with the anchors (pyarabic, camel-tools, tashaphyne,
# nltk, dateparser; from PyPI), then runs bench/compare.py.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/data/news/ant_multisource_v2.1.jsonl.gz
if [ ! -f "$corpus" ]; then
    echo "skip: $corpus not found (the corpus lives in ../shared/data, outside the project)"
    exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "skip: /usr/bin/time (Debian package 'time') is needed for peak RSS"; exit 0; }
cargo build --release -q -p marsad
cargo build --release -q -p marsad-annotations --example stage
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    # camel-tools pulls in torch and transformers for its neural models; its
    # tokeniser and normalisers need none of that, so it comes without its
    # dependencies, and with the few its utilities import.
    "$venv/bin/pip" install -q pyarabic tashaphyne nltk dateparser six future regex emoji
    "$venv/bin/pip" install -q --no-deps camel-tools
fi
"$venv/bin/python" bench/compare.py --corpus "$corpus" "$@"
