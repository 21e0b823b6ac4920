#!/usr/bin/env python3
"""Regenerate data/lexicon/{words,names}.tsv from ../shared/data.

Needs ../shared (the ANT news corpus and the name lists); skips cleanly without it.
The build never runs this: it reads only the committed TSV files.

  python3 scripts/build-lexicon.py [--shared ../shared] [--min-count 3]

words.tsv  — Arabic word forms of the ANT corpus (diacritics and tatweel removed)
             seen at least --min-count times, with their counts. The clitic
             segmenter accepts a split only when the stem is such a known form.
names.tsv  — one-word proper names (countries, capitals, cities, given names and
             surnames) that the segmenter must never cut into (لبنان, فرنسا, بيروت).
"""
import argparse, collections, csv, gzip, json, os, re, sys, unicodedata

ARABIC_WORD = re.compile(r'[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+')
STRIP = re.compile(r'[\u064b-\u065f\u0670\u0640]')


def clean(w):
    return STRIP.sub('', unicodedata.normalize('NFC', w))


def words_of(text):
    for m in ARABIC_WORD.finditer(text):
        w = clean(m.group())
        if len(w) >= 2:
            yield w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
    ap.add_argument('--min-count', type=int, default=3)
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'data', 'lexicon'))
    a = ap.parse_args()
    corpus = os.path.join(a.shared, 'data', 'news', 'ant_multisource_v2.1.jsonl.gz')
    if not os.path.exists(corpus):
        print(f'skip: {corpus} not found (needs ../shared/data)', file=sys.stderr)
        return 0

    counts = collections.Counter()
    with gzip.open(corpus, 'rt', encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            for field in ('title', 'text'):
                counts.update(words_of(d.get(field) or ''))
    os.makedirs(a.out, exist_ok=True)
    kept = sorted((w, c) for w, c in counts.items() if c >= a.min_count)
    with open(os.path.join(a.out, 'words.tsv'), 'w', encoding='utf-8') as out:
        out.write('# Arabic word forms of the ANT corpus v2.1 (Apache-2.0 compilation) seen >= '
                  f'{a.min_count} times; made by scripts/build-lexicon.py\n')
        for w, c in kept:
            out.write(f'{w}\t{c}\n')

    names = {}
    def add(name, source):
        for part in [name] if ' ' not in name.strip() else []:
            w = clean(part.strip())
            if len(w) >= 2 and ARABIC_WORD.fullmatch(w):
                names.setdefault(w, source)

    kb = os.path.join(a.shared, 'data', 'kb')
    with open(os.path.join(kb, 'countries', 'countries_ar.tsv'), encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            for n in (row['all_ar_names'] or '').split('|') + [row['name_ar_cldr'], row['name_ar_isocodes']]:
                add(n, 'country:cldr/iso-codes')
            if 'CLDR' in (row.get('capital_ar_source') or ''):
                add(row['capital_ar'], 'capital:cldr')
    with open(os.path.join(kb, 'countries', 'cldr_tz_exemplar_cities_ar.tsv'), encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            add(row['city_ar'], 'city:cldr')
    nd = os.path.join(kb, 'names', 'akhateeb_arabic_names')
    for fn, src in (('male-first--names-in-arabic.txt', 'given:akhateeb'),
                    ('female-first-names-in-arabic.txt', 'given:akhateeb'),
                    ('last-names-in-arabic.txt', 'surname:akhateeb')):
        with open(os.path.join(nd, fn), encoding='utf-8-sig') as f:
            for line in f:
                add(line, src)
    with open(os.path.join(a.out, 'names.tsv'), 'w', encoding='utf-8') as out:
        out.write('# One-word names the clitic segmenter keeps whole; made by scripts/build-lexicon.py\n'
                  '# from CLDR (Unicode licence), iso-codes (LGPL-2.1+) and AKhateeb/arabic-names (MIT)\n')
        for w in sorted(names):
            out.write(f'{w}\t{names[w]}\n')
    print(f'words.tsv: {len(kept)} forms; names.tsv: {len(names)} names', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
