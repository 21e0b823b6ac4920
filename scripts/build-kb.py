#!/usr/bin/env python3
"""Regenerate data/kb/countries.tsv from ../shared/data/kb/countries (CLDR and
iso-codes columns only) plus the curated variants and demonyms below.

Needs ../shared; skips cleanly without it. The build reads only the committed
data/kb/*.tsv files.

  python3 scripts/build-kb.py [--shared ../shared]

Columns: id, name_en, names_ar (|-separated Arabic names and variants),
demonyms (|-separated masculine singular adjectives; the build derives the
feminine, plural and definite forms), plurals (|-separated broken plurals).
"""
import argparse, csv, os, re, sys, unicodedata

DIAC = re.compile('[\u064b-\u065f\u0670\u0640]')

# Variants the press uses beyond CLDR/iso-codes.
EXTRA_NAMES = {
    'USA': ['أمريكا', 'أميركا', 'الولايات المتحدة الأمريكية', 'الولايات المتحدة الأميركية'],
    'GBR': ['بريطانيا', 'المملكة المتحدة', 'بريطانيا العظمى'],
    'SAU': ['المملكة العربية السعودية', 'السعودية'],
    'ARE': ['الإمارات', 'دولة الإمارات'],
    'PSE': ['فلسطين', 'دولة فلسطين'],
    'SYR': ['سورية'],
    'KOR': ['كوريا الجنوبية'],
    'PRK': ['كوريا الشمالية', 'كوريا الديمقراطية'],
    'RUS': ['روسيا', 'روسيا الاتحادية'],
    'TUR': ['تركيا'],
    'NLD': ['هولندا'],
    'CZE': ['التشيك'],
    'COD': ['الكونغو الديمقراطية'],
    'MMR': ['ميانمار', 'بورما'],
    'CIV': ['ساحل العاج', 'كوت ديفوار'],
    'VAT': ['الفاتيكان'],
    'BIH': ['البوسنة والهرسك', 'البوسنة'],
    'MKD': ['مقدونيا الشمالية', 'مقدونيا'],
    'LBY': ['ليبيا'],
    'ESH': [],
}

# Masculine singular demonyms where the rule below is wrong or the name is
# more than one word.
DEMONYMS = {
    'USA': ['أمريكي', 'أميركي'], 'GBR': ['بريطاني'], 'ARE': ['إماراتي'], 'SAU': ['سعودي'],
    'PSE': ['فلسطيني'], 'KOR': ['كوري جنوبي'], 'PRK': ['كوري شمالي'], 'ZAF': ['جنوب أفريقي', 'جنوب إفريقي'],
    'NZL': ['نيوزيلندي'], 'CZE': ['تشيكي'], 'NLD': ['هولندي'], 'BIH': ['بوسني'], 'COD': ['كونغولي'],
    'COG': ['كونغولي'], 'CIV': ['إيفواري'], 'SSD': ['جنوب سوداني'], 'CAF': ['أفريقي أوسطي'],
    'DOM': ['دومينيكاني'], 'ESH': ['صحراوي'], 'VAT': ['فاتيكاني'], 'BHR': ['بحريني'], 'OMN': ['عماني'],
    'SYR': ['سوري'], 'LBY': ['ليبي'], 'CYP': ['قبرصي'], 'DEU': ['ألماني'], 'ITA': ['إيطالي'],
    'ESP': ['إسباني'], 'GRC': ['يوناني'], 'CHE': ['سويسري'], 'SWE': ['سويدي'], 'AUS': ['أسترالي'],
    'IND': ['هندي'], 'JPN': ['ياباني'], 'CHN': ['صيني'], 'MRT': ['موريتاني'], 'DJI': ['جيبوتي'],
    'SOM': ['صومالي'], 'COM': ['قمري'], 'AFG': ['أفغاني'], 'BGD': ['بنغلاديشي'], 'MKD': ['مقدوني'],
    'MMR': ['ميانماري'], 'PHL': ['فلبيني'], 'UKR': ['أوكراني'], 'BLR': ['بيلاروسي'],
    'AZE': ['أذربيجاني'], 'KAZ': ['كازاخي'], 'UZB': ['أوزبكي'], 'TKM': ['تركمانستاني'],
    'MEX': ['مكسيكي'], 'BRA': ['برازيلي'], 'ARG': ['أرجنتيني'], 'VEN': ['فنزويلي'], 'CUB': ['كوبي'],
    'CAN': ['كندي'], 'NGA': ['نيجيري'], 'NER': ['نيجري'], 'ETH': ['إثيوبي'], 'ERI': ['إريتري'],
    'KEN': ['كيني'], 'TCD': ['تشادي'], 'MLI': ['مالي'], 'SEN': ['سنغالي'], 'SDN': ['سوداني'],
    'TUN': ['تونسي'], 'DZA': ['جزائري'], 'MAR': ['مغربي'], 'EGY': ['مصري'], 'JOR': ['أردني'],
    'LBN': ['لبناني'], 'IRQ': ['عراقي'], 'IRN': ['إيراني'], 'TUR': ['تركي'], 'ISR': ['إسرائيلي'],
    'QAT': ['قطري'], 'KWT': ['كويتي'], 'YEM': ['يمني'], 'RUS': ['روسي'], 'FRA': ['فرنسي'],
    'PAK': ['باكستاني'], 'IDN': ['إندونيسي'], 'MYS': ['ماليزي'],
}

# Broken plurals, which no suffix rule derives.
PLURALS = {
    'MAR': ['المغاربة', 'مغاربة'], 'TUR': ['الأتراك', 'أتراك'], 'RUS': ['الروس', 'روس'],
    'DEU': ['الألمان', 'ألمان'], 'USA': ['الأمريكان', 'الأميركان'], 'GBR': ['الإنجليز', 'الإنكليز'],
    'GRC': ['اليونانيون'], 'CHN': ['الصينيون'], 'AFG': ['الأفغان', 'أفغان'], 'SRB': ['الصرب', 'صرب'],
}


# States whose name is also a common word (مالي 'financial', its demonym
# المالية 'finance'): only these longer forms name the state, and it gets no
# demonym. Matching the bare word linked every financial crisis to Mali.
COMMON_WORD_NAMES = {
    'MLI': ['جمهورية مالي', 'دولة مالي', 'شمال مالي', 'جنوب مالي', 'وسط مالي'],
}


def clean(s):
    return DIAC.sub('', unicodedata.normalize('NFC', s)).strip()


def rule_demonym(name):
    """مصر → مصري, سوريا → سوري, كندا → كندي, اليابان → ياباني, السعودية → سعودي."""
    if ' ' in name:
        return None
    n = name[2:] if name.startswith('ال') else name
    if n.endswith('ية'):
        return n[:-1]
    if n.endswith('يا'):
        return n[:-1]
    if n.endswith('ا'):
        return n[:-1] + 'ي'
    if n.endswith('ة'):
        return n[:-1] + 'ي'
    return n + 'ي'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'data', 'kb', 'countries.tsv'))
    a = ap.parse_args()
    src = os.path.join(a.shared, 'data', 'kb', 'countries', 'countries_ar.tsv')
    if not os.path.exists(src):
        print(f'skip: {src} not found (needs ../shared/data)', file=sys.stderr)
        return 0
    rows = []
    with open(src, encoding='utf-8') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            iso3 = r['iso3']
            names = []
            for n in [r['name_ar_cldr'], r['name_ar_isocodes']] + (r['all_ar_names'] or '').split('|') + EXTRA_NAMES.get(iso3, []):
                n = clean(n)
                # Drop iso-codes' inverted forms ("كوريا، جمهورية كوريا") and dash forms.
                if n and '،' not in n and ' - ' not in n and n not in names:
                    names.append(n)
            dem = DEMONYMS.get(iso3) or ([d] if (d := rule_demonym(names[0])) else [])
            if iso3 in COMMON_WORD_NAMES:
                names, dem = COMMON_WORD_NAMES[iso3], []
            rows.append((iso3, r['name_en_cldr'], '|'.join(names), '|'.join(dem), '|'.join(PLURALS.get(iso3, []))))
    with open(a.out, 'w', encoding='utf-8') as out:
        out.write('# States: ISO 3166-1 alpha-3, English name (CLDR), Arabic names (CLDR, iso-codes, curated\n'
                  '# variants), masculine demonyms (curated or derived), broken plurals. Made by scripts/build-kb.py;\n'
                  '# review the diff when regenerating. CLDR: Unicode licence; iso-codes: LGPL-2.1+.\n')
        out.write('id\tname_en\tnames_ar\tdemonyms\tplurals\n')
        for row in rows:
            out.write('\t'.join(row) + '\n')
    print(f'{a.out}: {len(rows)} states', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
