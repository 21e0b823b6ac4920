#!/usr/bin/env python3
"""Regenerate data/kb/cities.tsv: cities with their Arabic names from Unicode
CLDR (time-zone exemplar cities, ../shared/data/kb/countries), their state
from the system's tz database (/usr/share/zoneinfo/zone.tab), kept only when
the Arabic name is read as a place in real news.

That last filter is what makes a gazetteer of city names safe to match in
running text: CLDR names some cities with common words (نوم Nome, ترك Chuuk,
ديلي Dili, which the press mostly uses for the Daily Mail). A name is kept when
a context-only tagger labelled its occurrences in the ANT news corpus as a
place at least MIN_LOC_SHARE of the time, or when it is too rare to judge
(fewer than MIN_SEEN occurrences) and longer than four letters. The tagger's
counts are the corpus label statistics of the NER training pipeline
(target/ner/stats.tsv, made by scripts/train-ner.sh).

A city whose name is also a state, a metonym or another knowledge-base
surface is left out (the state wins: الكويت is Kuwait, not Kuwait City).

Needs ../shared, zone.tab and the statistics file; skips cleanly without them.

  python3 scripts/build-cities.py [--shared ../shared] [--stats target/ner/stats.tsv]
"""
import argparse, csv, glob, os, re, sys

MIN_LOC_SHARE = 0.3
# Reviewed: CLDR names that are also common words or given names in Arabic
# news (Christmas, canary, a brunette, Regina, Tallinn read as a name).
EXCLUDE = {'كريسماس', 'كناري', 'سمراء', 'ريجينا', 'تالين', 'دانمرك', 'ترول'}
MIN_SEEN = 5
DIAC = re.compile('[\u064b-\u065f\u0670\u0640]')


def key(s):
    s = DIAC.sub('', s)
    s = s.translate(str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ئ': 'ي', 'ة': 'ه', 'ؤ': 'و'}))
    return ' '.join(s.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default='../shared')
    ap.add_argument('--stats', default='target/ner/stats.tsv')
    ap.add_argument('--out', default='data/kb/cities.tsv')
    a = ap.parse_args()
    base = os.path.join(a.shared, 'data/kb/countries')
    tz = '/usr/share/zoneinfo/zone.tab'
    for need in (base, tz, a.stats):
        if not os.path.exists(need):
            print(f'skip: {need} not found (see the header of {sys.argv[0]})')
            return 0
    iso3 = {}
    with open(os.path.join(base, 'countries_ar.tsv'), encoding='utf-8') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            iso3[r['iso2']] = r['iso3']
    zone_country = {}
    with open(tz, encoding='utf-8') as f:
        for line in f:
            if not line.startswith('#'):
                cols = line.rstrip('\n').split('\t')
                zone_country[cols[2]] = cols[0]
    # Word form → (occurrences, tagged as a place) from the tagger's counts.
    seen = {}
    with open(a.stats, encoding='utf-8') as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) >= 6 and cols[1].isdigit():
                seen[key(cols[0])] = (int(cols[1]), int(cols[3]))
    # Every surface the knowledge base already has.
    taken = set()
    kb_dir = os.path.dirname(a.out) or '.'
    for path in glob.glob(os.path.join(kb_dir, '*.tsv')):
        if os.path.abspath(path) == os.path.abspath(a.out):
            continue
        with open(path, encoding='utf-8') as f:
            for line in f:
                for col in line.rstrip('\n').split('\t'):
                    for s in col.split('|'):
                        if s and re.search('[\u0600-\u06ff]', s):
                            taken.add(key(s))
                            taken.add(key(re.sub(r'^ال', '', s)))
    rows, dropped = [], []
    with open(os.path.join(base, 'cldr_tz_exemplar_cities_ar.tsv'), encoding='utf-8') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            name, en = r['city_ar'].strip(), r['city_en'].strip()
            country = iso3.get(zone_country.get(r['tzid'], ''), '')
            # Research stations are not news places; parentheses are glosses.
            if not name or not country or ',' in en or r['tzid'].startswith('Antarctica/'):
                continue
            if name in EXCLUDE or '(' in name:
                continue
            k = key(name)
            if k in taken:
                continue
            words = k.split()
            n, loc = seen.get(words[0], (0, 0)) if len(words) == 1 else (0, 0)
            rare_ok = n < MIN_SEEN and len(k.replace(' ', '')) > 4
            if len(words) > 1 or rare_ok or (n and loc / n >= MIN_LOC_SHARE):
                rows.append((f'LOC:{en}', 'city', country, '', en, name))
                taken.add(k)
            else:
                dropped.append(f'{name} ({en}): {loc}/{n} as a place')
    rows.sort(key=lambda r: (r[2], r[0]))
    with open(a.out, 'w', encoding='utf-8') as out:
        out.write('# Cities: Arabic names from Unicode CLDR (time-zone exemplar cities), state\n')
        out.write('# from the tz database, kept when the news corpus reads the name as a place.\n')
        out.write('# Generated by scripts/build-cities.py; review the diff when regenerating.\n')
        out.write('id\tkind\tcountry\tcode\tname_en\tnames_ar\n')
        for r in rows:
            out.write('\t'.join(r) + '\n')
    print(f'{len(rows)} cities written to {a.out}; {len(dropped)} names left out:', file=sys.stderr)
    for d in dropped:
        print('  ' + d, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
