#!/usr/bin/env python3
"""Regenerate data/search/variants.tsv from ../shared/data (skips cleanly without it).

Spelling variants for search: Arabic renders foreign names and loanwords with
or without a long vowel letter, and in either order around it (أمريكا and
أميركا, بوتن and بوتين, الديمقراطية and الديموقراطية). A search for one must
find the others; a light stemmer cannot know that. Candidates are pairs of
words of data/lexicon/words.tsv (both seen at least --min-count times) that
differ by one inserted ي or و, or by ي/و swapped with a neighbouring letter.
Most such pairs are different words (الدولة/الدولية, المدينة/المدنية), so a
pair is kept only when the two words are used alike: the cosine of their
context vectors (the words one and two places either side, over the ANT
corpus) is at least --min-cosine. The build never runs this; the search
analyzer reads the committed TSV.

  python3 scripts/build-variants.py [--shared ../shared] [--min-count 30] [--min-cosine 0.8]
"""
import argparse, collections, gzip, json, math, os, re, sys

WORD = re.compile(r'[\u0621-\u064a]+')
STRIP = re.compile(r'[\u064b-\u065f\u0670\u0640]')
VOWELS = 'يو'


def candidates(words, min_count):
    """Pairs (a, b) one vowel edit apart, both frequent."""
    out = set()
    for a, ca in words.items():
        if ca < min_count:
            continue
        for i in range(1, len(a) - 1):
            x, y = a[i], a[i + 1]
            # A swap of a long vowel letter with a consonant (not with ا).
            if (x in VOWELS) != (y in VOWELS) and 'ا' not in (x, y):
                b = a[:i] + y + x + a[i + 2:]
                if words.get(b, 0) >= min_count:
                    out.add(tuple(sorted((a, b))))
        for i in range(2, len(a)):
            for v in VOWELS:
                b = a[:i] + v + a[i:]
                if words.get(b, 0) >= min_count:
                    out.add(tuple(sorted((a, b))))
    return out


def contexts(corpus, wanted):
    ctx = {w: collections.Counter() for w in wanted}
    with gzip.open(corpus, 'rt', encoding='utf-8') as f:
        for line in f:
            ws = WORD.findall(STRIP.sub('', json.loads(line).get('text') or ''))
            for i, w in enumerate(ws):
                c = ctx.get(w)
                if c is None:
                    continue
                for j in (i - 2, i - 1, i + 1, i + 2):
                    if 0 <= j < len(ws):
                        c[(j - i, ws[j])] += 1
    return ctx


def cosine(a, b):
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(here, '..', '..', 'shared'))
    ap.add_argument('--min-count', type=int, default=30)
    ap.add_argument('--min-cosine', type=float, default=0.8)
    ap.add_argument('--out', default=os.path.join(here, '..', 'data', 'search', 'variants.tsv'))
    a = ap.parse_args()
    corpus = os.path.join(a.shared, 'data', 'news', 'ant_multisource_v2.1.jsonl.gz')
    if not os.path.exists(corpus):
        print(f'skip: {corpus} not found (needs ../shared/data)', file=sys.stderr)
        return
    words = {}
    with open(os.path.join(here, '..', 'data', 'lexicon', 'words.tsv'), encoding='utf-8') as f:
        for line in f:
            if not line.startswith('#'):
                w, c = line.rstrip('\n').split('\t')
                words[w] = int(c)
    pairs = candidates(words, a.min_count)
    ctx = contexts(corpus, {w for p in pairs for w in p})
    kept = sorted(((cosine(ctx[x], ctx[y]), x, y) for x, y in pairs), reverse=True)
    kept = [k for k in kept if k[0] >= a.min_cosine]
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(f'# Spelling variants for search, made by scripts/build-variants.py from the ANT corpus v2.1 '
                f'(Apache-2.0): {len(pairs)} candidate pairs, {len(kept)} with context cosine >= {a.min_cosine}\n')
        f.write('# word\tvariant\tcosine\n')
        for c, x, y in kept:
            f.write(f'{x}\t{y}\t{c:.3f}\n')
    print(f'{a.out}: {len(kept)} of {len(pairs)} candidate pairs', file=sys.stderr)


if __name__ == '__main__':
    main()
