#!/usr/bin/env python3
"""One anchor tool's stage over JSON lines (`text` per line), timed after the
input is read and the tool is loaded; prints one JSON object, as
`crates/annotations/examples/stage.rs` does for marsad.

    python bench/anchors.py TOOL STAGE articles.jsonl

TOOL/STAGE: camel/tokenize (simple_word_tokenize after dediac_ar and the
alef, alef-maksura and teh-marbuta normalisers), pyarabic/tokenize
(araby.tokenize after strip_tashkeel and normalize_hamza), tashaphyne/stem
(ArabicLightStemmer per word), isri/stem (nltk's ISRIStemmer per word),
dateparser/times (search.search_dates, languages=["ar"]).
"""
import json
import resource
import sys
import time


def loader(tool, stage):
    if (tool, stage) == ("camel", "tokenize"):
        from camel_tools.tokenizers.word import simple_word_tokenize
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

        def run(text):
            t = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))))
            return len(simple_word_tokenize(t))
        return run
    if (tool, stage) == ("pyarabic", "tokenize"):
        from pyarabic import araby

        return lambda text: len(araby.tokenize(araby.normalize_hamza(araby.strip_tashkeel(text))))
    if (tool, stage) == ("tashaphyne", "stem"):
        from tashaphyne.stemming import ArabicLightStemmer

        stemmer = ArabicLightStemmer()
        return lambda text: sum(len(stemmer.light_stem(w)) for w in text.split())
    if (tool, stage) == ("isri", "stem"):
        from nltk.stem.isri import ISRIStemmer

        stemmer = ISRIStemmer()
        return lambda text: sum(len(stemmer.stem(w)) for w in text.split())
    if (tool, stage) == ("dateparser", "times"):
        from dateparser.search import search_dates

        return lambda text: len(search_dates(text, languages=["ar"]) or [])
    raise SystemExit(f"anchors: no stage {stage} for {tool}")


def main():
    tool, stage, path = sys.argv[1:4]
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    run = loader(tool, stage)
    run("قال الوزير يوم الاثنين 12 مارس 2020 إن الحوار مستمر.")  # first-call set-up is not timed
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    found = sum(run(t) for t in texts)
    s = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": tool, "stage": stage, "articles": len(texts), "words": words, "seconds": s,
                      "found": found, "articles_per_s": len(texts) / s, "words_per_s": words / s, "rss_mb": rss}))


if __name__ == "__main__":
    main()
