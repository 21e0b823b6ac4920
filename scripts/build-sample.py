#!/usr/bin/env python3
"""Builds examples/sample/articles.jsonl, the demo corpus: the seed article
plus 99 articles of the ANT corpus (Apache-2.0 compilation; the articles'
copyright stays with their outlets, see examples/sample/README.md).

    scripts/build-sample.py [ANT.jsonl.gz]

Needs ../shared/data (not part of the project); skips cleanly without it.
The choice is deterministic: middle-east and international news of 800 to
4,000 characters, 20 per outlet (19 for the last), spread evenly over each
outlet's articles in date order, so the demo has many actors, events and
months to show.
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "news", "ant_multisource_v2.1.jsonl.gz")
if not os.path.exists(corpus):
    print(f"skip: {corpus} not found (the corpus lives in ../shared/data, outside the project)")
    sys.exit(0)

by_outlet = {}
with gzip.open(corpus, "rt", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r.get("cat") not in ("middleEast", "internationalNews"):
            continue
        text = (r.get("text") or "").strip()
        if not 800 <= len(text) <= 4000 or not r.get("date"):
            continue
        by_outlet.setdefault(r["src"], []).append(r)

out = []
seed_text = open(os.path.join(ROOT, "examples", "seed", "article.txt"), encoding="utf-8").read()
out.append({
    "id": "seed-000",
    "published": "2022-07-18",
    "outlet": "Arabi21",
    # The seed came without its headline; this one says what it reports.
    "title": "قائد جيش الاحتلال كوخافي يصل إلى المغرب",
    "text": seed_text,
})
outlets = sorted(by_outlet)
for k, outlet in enumerate(outlets):
    rows = sorted(by_outlet[outlet], key=lambda r: (r["date"], r["docno"]))
    n = 20 if k < len(outlets) - 1 else 19
    step = len(rows) / n
    for i in range(n):
        r = rows[int(i * step)]
        out.append({
            "id": r["docno"],
            "published": r["date"][:10],
            "outlet": r["src"],
            "title": r.get("title"),
            "url": r.get("url"),
            "text": r["text"].strip(),
        })

path = os.path.join(ROOT, "examples", "sample", "articles.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{path}: {len(out)} articles")
