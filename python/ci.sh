#!/usr/bin/env bash
# The Python package and the Spark job as CI runs them: a venv, the package
# built from the source tree (maturin, the release profile), pyspark, and
# Java 17 from Debian if missing; then pytest, whose Spark tests run the job
# in local[2] on examples/spark/ (1,000 articles) and compare its tables
# with `marsad analyze --jsonl` of the same records.
#
#   python/ci.sh            (after `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/.."
marsad=$PWD/target/release/marsad
[ -x "$marsad" ] || cargo build --release --locked -q

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
    { as_root apt-get update -qq && as_root apt-get install -y -qq openjdk-17-jre-headless >/dev/null; } ||
        echo "python: could not install Java 17: the Spark tests will be SKIPPED" >&2
fi

venv=target/python-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
# The package from the source tree (its wheel builds with maturin, which
# pip fetches for the build), with pyspark, pyarrow, pandas and pytest.
"$venv/bin/python" -m pip install -q './python[spark,test]'
MARSAD_BIN=$marsad "$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
