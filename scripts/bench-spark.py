#!/usr/bin/env python3
"""The Spark job against the command line on the same ANT records:

    scripts/bench-spark.py [N] [--corpus ANT.jsonl.gz] [--runs 3]

Takes N articles (default 6,000) of the ANT corpus (consecutive days, as a
daily run sees them; with --stride spread over all its days), then reports
articles/s of
- `marsad analyze --jsonl --threads 1` and `--threads 2` (the CLI, release build);
- the Spark job in local[1] and local[2], in one warm session each (a first
  run on 200 articles loads the JVM, the Python workers and their
  analyzers): the analysis alone (`mapInArrow` into Spark's `noop` sink) and
  the whole job (analysis, five Parquet tables partitioned by day, the
  merged events);
and the per-core ratio of each to the one-thread CLI run just before it
(the machine's speed drifts). Medians of --runs.

Needs ../shared/data (skips cleanly without it), the release binary
(`cargo build --release`), and a Python with marsad, pyspark, pyarrow and
pandas (`pip install './python[spark]'`).
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sample(corpus, n, path, stride=False):
    """N articles: consecutive days from 1 March 2018 (a newsroom's days,
    some 170 articles each), or with `stride` an even stride through the
    whole corpus (its 330 days)."""
    rows = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if (r.get("text") or "").strip():
                rows.append(((r.get("date") or "")[:10], r.get("docno") or "", line))
    if stride:
        step = max(1.0, len(rows) / n)
        picked = [rows[int(i * step)][2] for i in range(min(n, len(rows)))]
    else:
        rows.sort()
        start = next((i for i, r in enumerate(rows) if r[0] >= "2018-03-01"), 0)
        picked = [r[2] for r in rows[start:start + n]]
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(picked)
    return len(picked)


def cli(path, threads, runs):
    binary = os.path.join(ROOT, "target", "release", "marsad")
    times = []
    for _ in range(runs):
        t = time.monotonic()
        subprocess.run([binary, "analyze", "--jsonl", path, "--threads", str(threads)], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - t)
    return statistics.median(times)


def spark_runs(path, warm, cores, runs, n):
    """Per run: the one-thread CLI, then the Spark analysis, then the whole
    job, each as articles/s. The CLI runs right before each Spark run
    because this machine's speed drifts by a quarter within the hour: a
    ratio is only fair between neighbouring runs."""
    from marsad import spark as ms

    session = ms.session(f"local[{cores}]", app=f"marsad-bench-{cores}")
    out = tempfile.mkdtemp(prefix="marsad-bench-")
    try:
        ms.run(session, [warm], os.path.join(out, "warm"), mode="overwrite")
        rows = []
        for i in range(runs):
            base = n / cli(path, 1, 1)
            t = time.monotonic()
            ms.analyse(session, [path]).write.format("noop").mode("overwrite").save()
            analysis = n / (time.monotonic() - t)
            t = time.monotonic()
            ms.run(session, [path], os.path.join(out, f"run{i}"), mode="overwrite")
            rows.append((base, analysis, n / (time.monotonic() - t)))
        return rows
    finally:
        session.stop()
        shutil.rmtree(out, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("n", nargs="?", type=int, default=6000)
    p.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "news", "ant_multisource_v2.1.jsonl.gz"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--stride", action="store_true", help="spread the articles over the whole corpus's days")
    a = p.parse_args()
    if not os.path.exists(a.corpus):
        print(f"skip: {a.corpus} not found (the corpus lives in ../shared/data, outside the project)")
        return 0
    try:
        import marsad  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as e:
        print(f"skip: {e.name} is not installed here (pip install './python[spark]')")
        return 0
    work = tempfile.mkdtemp(prefix="marsad-bench-in-")
    try:
        path, warm = os.path.join(work, "articles.jsonl"), os.path.join(work, "warm.jsonl")
        n = sample(a.corpus, a.n, path, a.stride)
        sample(a.corpus, 200, warm)
        print(f"{n} ANT articles, {os.path.getsize(path) / 1e6:.1f} MB; {os.cpu_count()} cores; medians of {a.runs} runs")
        base = n / cli(path, 1, a.runs)
        print(f"cli --threads 1: {base:,.0f} articles/s (the per-core baseline)")
        two = n / cli(path, 2, a.runs)
        print(f"cli --threads 2: {two:,.0f} articles/s, {two / 2 / base:.0%} per core")
        for cores in (1, 2):
            rows = spark_runs(path, warm, cores, a.runs, n)
            for what, k in (("analysis", 1), ("whole job", 2)):
                rate = statistics.median(r[k] for r in rows)
                ratio = statistics.median(r[k] / cores / r[0] for r in rows)
                print(f"spark local[{cores}] {what}: {rate:,.0f} articles/s, {ratio:.0%} of the CLI per core "
                      f"(against the CLI run just before: {', '.join(f'{r[0]:,.0f}' for r in rows)}/s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
