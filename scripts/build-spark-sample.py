#!/usr/bin/env python3
"""Builds examples/spark/articles.jsonl.gz, the 1,000 articles the Spark job
is tested on (python/tests/test_spark.py compares its tables with
`marsad analyze --jsonl` of the same records):

    scripts/build-spark-sample.py [ANT.jsonl.gz]

Needs ../shared/data (not part of the project); skips cleanly without it.
The choice is deterministic: every article of the ANT corpus (all
categories, 300 to 6,000 characters) at an even stride in file order, so
every outlet, category and month appears. Fields: id, published, outlet,
title, url, text.
"""
import gzip
import json
import os
import sys

N = 1000
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "news", "ant_multisource_v2.1.jsonl.gz")
if not os.path.exists(corpus):
    print(f"skip: {corpus} not found (the corpus lives in ../shared/data, outside the project)")
    sys.exit(0)

rows = []
with gzip.open(corpus, "rt", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        text = (r.get("text") or "").strip()
        if 300 <= len(text) <= 6000 and r.get("date"):
            rows.append(r)
step = len(rows) / N
out = os.path.join(ROOT, "examples", "spark", "articles.jsonl.gz")
os.makedirs(os.path.dirname(out), exist_ok=True)
# mtime=0: the same choice gives the same bytes.
with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
    for i in range(N):
        r = rows[int(i * step)]
        rec = {
            "id": r["docno"],
            "published": r["date"][:10],
            "outlet": r["src"],
            "title": r.get("title"),
            "url": r.get("url"),
            "text": r["text"].strip(),
        }
        gz.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
print(f"{out}: {N} articles")
