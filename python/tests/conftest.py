"""Shared fixtures: the repository's sample files and the `marsad` binary
(MARSAD_BIN, else target/release or target/debug; tests that need it skip
when it is not built)."""

import gzip
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "examples", "seed", "article.txt")
SAMPLE = os.path.join(ROOT, "examples", "sample", "articles.jsonl")
SPARK_SAMPLE = os.path.join(ROOT, "examples", "spark", "articles.jsonl.gz")


def _binary():
    env = os.environ.get("MARSAD_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        path = os.path.join(ROOT, "target", profile, "marsad")
        if os.path.exists(path):
            return path
    return shutil.which("marsad")


@pytest.fixture(scope="session")
def marsad_bin():
    path = _binary()
    if not path:
        pytest.skip("the marsad binary is not built (cargo build --release)")
    return path


@pytest.fixture(scope="session")
def seed_text():
    with open(SEED, encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="session")
def sample_lines():
    with open(SAMPLE, encoding="utf-8") as f:
        return f.read().splitlines()


@pytest.fixture(scope="session")
def spark_lines():
    with gzip.open(SPARK_SAMPLE, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, marsad_bin):
    """The demo sample ingested by the command line."""
    store = tmp_path_factory.mktemp("store") / "s"
    subprocess.run([marsad_bin, "ingest", SAMPLE, "--store", str(store)], check=True, capture_output=True)
    return store
