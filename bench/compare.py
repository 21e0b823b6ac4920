#!/usr/bin/env python3
"""The side-by-side benchmark behind bench/run.sh (see bench/README.md).

    python bench/compare.py [--corpus ANT.jsonl.gz] [--n 2000] [--dates 200] [--runs 3]

Takes N articles of the ANT corpus (an even stride through it), runs each
marsad stage and each anchor's comparable stage on them in its own
process, one core each, --runs times, and prints a Markdown table of the
medians (words/s, articles/s, peak RSS, marsad's ratio to the anchor).
dateparser is slow, so it gets the first --dates articles. Then the whole
corpus once through `marsad analyze --jsonl --threads 1` (articles/s and
peak RSS).
"""
import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARSAD = os.path.join(ROOT, "target", "release", "marsad")
STAGE = os.path.join(ROOT, "target", "release", "examples", "stage")
# (stage, what marsad does, [(anchor, its package, what it does)])
ROWS = [
    ("tokenize", "normalise + tokenise + sentences + clitics",
     [("camel", "camel-tools", "dediac + alef/yeh/teh normalisers + simple_word_tokenize"),
      ("pyarabic", "pyarabic", "strip_tashkeel + normalize_hamza + tokenize")]),
    ("stem", "tokenise + light stem of every word",
     [("tashaphyne", "tashaphyne", "ArabicLightStemmer per word"), ("isri", "nltk", "ISRIStemmer per word")]),
    ("times", "tokenise + find and normalise dates",
     [("dateparser", "dateparser", "search_dates(languages=['ar'])")]),
]


def sample(corpus, n, path):
    rows = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if (r.get("text") or "").strip():
                rows.append({"text": r["text"], "published": (r.get("date") or "")[:10] or None})
    step = max(1.0, len(rows) / n)
    picked = [rows[int(i * step)] for i in range(min(n, len(rows)))]
    with open(path, "w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(picked)


def timed(cmd, stdin=None):
    """Runs `cmd`; its JSON output plus peak RSS (MB) from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd], stdin=stdin,
                             capture_output=True, text=True, check=True)
        rss = int(t.read().split()[-1]) / 1024
    r = json.loads(out.stdout)
    r["rss_mb"] = rss
    return r


def median_of(runs, make):
    rs = [make() for _ in range(runs)]
    keys = ("articles_per_s", "words_per_s", "rss_mb")
    return {**rs[0], **{k: statistics.median(r[k] for r in rs) for k in keys}}


def marsad_stage(stage, path, runs):
    def one():
        with open(path, "rb") as f:
            return timed([STAGE, stage], stdin=f)
    return median_of(runs, one)


def anchor(tool, stage, path, runs):
    return median_of(runs, lambda: timed([sys.executable, os.path.join(ROOT, "bench", "anchors.py"), tool, stage, path]))


def whole_corpus(corpus):
    words = articles = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            articles += 1
            words += len((json.loads(line).get("text") or "").split())
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        t0 = time.monotonic()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, MARSAD, "analyze", "--jsonl", "--threads", "1",
                        corpus], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        s = time.monotonic() - t0
        rss = int(t.read().split()[-1]) / 1024
    return articles, words, s, rss


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return f"{model}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "news", "ant_multisource_v2.1.jsonl.gz"))
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--dates", type=int, default=200)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="marsad-bench-")
    path, few = os.path.join(work, "articles.jsonl"), os.path.join(work, "few.jsonl")
    n = sample(a.corpus, a.n, path)
    with open(path, encoding="utf-8") as f, open(few, "w", encoding="utf-8") as g:
        g.writelines(line for _, line in zip(range(a.dates), f))
    print(f"{n} ANT articles (even stride); {machine()}; medians of {a.runs} runs, one core each\n")
    print("| stage | tool | words/s | articles/s | peak RSS | marsad is |")
    print("|---|---|---|---|---|---|")
    ours_done, shown = {}, None
    for stage, ours, anchors in ROWS:
        for tool, package, theirs in anchors:
            data = few if tool == "dateparser" else path
            if (stage, data) not in ours_done:
                ours_done[stage, data] = marsad_stage(stage, data, a.runs)
            m = ours_done[stage, data]
            t = anchor(tool, stage, data, a.runs)
            if (stage, data) != shown:
                shown = (stage, data)
                print(f"| {stage} ({m['articles']} articles) | marsad: {ours} | {m['words_per_s']:,.0f} | "
                      f"{m['articles_per_s']:,.0f} | {m['rss_mb']:.0f} MB | |")
            name = f"{package} {version(package)}" if tool == package else f"{tool} ({package} {version(package)})"
            print(f"| | {name}: {theirs} | {t['words_per_s']:,.0f} | {t['articles_per_s']:,.1f} | "
                  f"{t['rss_mb']:.0f} MB | ×{m['words_per_s'] / t['words_per_s']:,.1f} faster |")
    full = marsad_stage("analysis", path, a.runs)
    print(f"| full analysis ({full['articles']} articles) | marsad: every layer | {full['words_per_s']:,.0f} | "
          f"{full['articles_per_s']:,.0f} | {full['rss_mb']:.0f} MB | |")
    articles, words, s, rss = whole_corpus(a.corpus)
    print(f"\nWhole corpus, `marsad analyze --jsonl --threads 1` (reading and writing JSON lines included): "
          f"{articles:,} articles, {words:,} words in {s:.1f} s: {articles / s:,.0f} articles/s, "
          f"{words / s:,.0f} words/s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
