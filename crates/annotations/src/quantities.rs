//! Counted quantities: a number and what it counts (نحو 7500 جندي → 7500
//! soldier, approximate; أكثر من 40 قتيلا → at least 40 killed). Units come
//! out in English so that counts from different outlets compare. Numbers
//! that are part of a time expression are left to the time recognizer.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use marsad_text::chars::key_of;
use marsad_text::{Document, TokenKind};

use crate::contract::{Bound, Casualty, Quantity, Span};
use crate::numbers;

/// Counted nouns (singular, dual-less plural and accusative forms) → unit,
/// and the casualty they imply.
static UNITS: LazyLock<HashMap<String, (&'static str, Option<Casualty>)>> = LazyLock::new(|| {
    let rows: &[(&[&str], &str, Option<Casualty>)] = &[
        (&["جندي", "جنديا", "جنود", "عسكري", "عسكريا", "عسكريين", "عسكريون"], "soldier", None),
        (&["مقاتل", "مقاتلا", "مقاتلين", "مقاتلون", "مسلح", "مسلحا", "مسلحين"], "fighter", None),
        (&["عنصر", "عنصرا", "عناصر"], "member", None),
        (&["شخص", "شخصا", "أشخاص", "فرد", "فردا", "أفراد", "نسمة"], "person", None),
        (&["مواطن", "مواطنا", "مواطنين", "مواطنون"], "citizen", None),
        (&["مدني", "مدنيا", "مدنيين", "مدنيون"], "civilian", None),
        (&["طفل", "طفلا", "أطفال"], "child", None),
        (&["امرأة", "نساء", "سيدة", "سيدات"], "woman", None),
        (&["لاجئ", "لاجئا", "لاجئين", "لاجئون"], "refugee", None),
        (&["مهاجر", "مهاجرا", "مهاجرين", "مهاجرون", "نازح", "نازحا", "نازحين"], "migrant", None),
        (&["معتقل", "معتقلا", "معتقلين", "سجين", "سجينا", "سجناء", "أسير", "أسيرا", "أسرى"], "detainee", None),
        (&["قتيل", "قتيلا", "قتلى"], "person", Some(Casualty::Killed)),
        (&["شهيد", "شهيدا", "شهداء"], "person", Some(Casualty::Killed)),
        (&["جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين"], "person", Some(Casualty::Wounded)),
        (&["دولار", "دولارا", "دولارات"], "USD", None),
        (&["يورو"], "EUR", None),
        (&["جنيه", "جنيها", "جنيهات"], "pound", None),
        (&["ريال", "ريالا", "ريالات"], "riyal", None),
        (&["درهم", "درهما", "دراهم"], "dirham", None),
        (&["دينار", "دينارا", "دنانير"], "dinar", None),
        (&["ليرة", "ليرات"], "lira", None),
        (&["روبل", "روبلا"], "rouble", None),
        (&["كيلومتر", "كيلومترا", "كيلومترات", "كلم", "كم"], "km", None),
        (&["متر", "مترا", "أمتار"], "m", None),
        (&["ميل", "ميلا", "أميال"], "mile", None),
        (&["كيلوغرام", "كيلوغراما", "كغ", "كيلو"], "kg", None),
        (&["طن", "طنا", "أطنان"], "tonne", None),
        (&["برميل", "برميلا", "براميل"], "barrel", None),
        (&["هكتار", "هكتارا", "هكتارات", "دونم", "دونما", "دونمات"], "area", None),
        (&["دولة", "دول"], "country", None),
        (&["مدينة", "مدن"], "city", None),
        (&["قرية", "قرى"], "village", None),
        (&["منزل", "منزلا", "منازل", "بيت", "بيوت", "مبنى", "مباني"], "building", None),
        (&["صاروخ", "صاروخا", "صواريخ", "قذيفة", "قذائف"], "missile", None),
        (&["طائرة", "طائرات"], "aircraft", None),
        (&["دبابة", "دبابات", "مدرعة", "مدرعات", "آلية", "آليات"], "vehicle", None),
        (&["سفينة", "سفن", "قارب", "قوارب"], "ship", None),
        (&["غارة", "غارات"], "airstrike", None),
        (&["هجوم", "هجوما", "هجمات"], "attack", None),
        (&["وظيفة", "وظائف"], "job", None),
        (&["صوت", "صوتا", "أصوات"], "vote", None),
        (&["مقعد", "مقعدا", "مقاعد"], "seat", None),
        (&["مرة", "مرات"], "time", None),
    ];
    rows.iter().flat_map(|(ws, u, c)| ws.iter().map(move |w| (key_of(w), (*u, *c)))).collect()
});

/// Is `key` (a stem's matching key) a counted noun (جندي، دولار)?
pub(crate) fn is_unit(key: &str) -> bool {
    UNITS.contains_key(key)
}

/// المئة in في المئة / بالمئة.
static PERCENT: LazyLock<[String; 2]> = LazyLock::new(|| ["مئة", "مائة"].map(key_of));

/// Hedges before a number.
static APPROX: LazyLock<Vec<String>> =
    LazyLock::new(|| ["نحو", "حوالي", "حوالى", "قرابة", "زهاء", "تقريبا"].iter().map(|w| key_of(w)).collect());

/// Bounds before a number: words (joined by spaces) → bound.
static BOUNDS: LazyLock<Vec<(Vec<String>, Bound)>> = LazyLock::new(|| {
    let rows: &[(&str, Bound)] = &[
        ("أكثر من", Bound::AtLeast),
        ("ما لا يقل عن", Bound::AtLeast),
        ("لا يقل عن", Bound::AtLeast),
        ("ما يزيد على", Bound::AtLeast),
        ("ما يزيد عن", Bound::AtLeast),
        ("أزيد من", Bound::AtLeast),
        ("أقل من", Bound::AtMost),
        ("ما لا يزيد عن", Bound::AtMost),
        ("ما لا يزيد على", Bound::AtMost),
    ];
    rows.iter().map(|(w, b)| (w.split(' ').map(key_of).collect(), *b)).collect()
});

/// Verbs of killing before a count (قتل 4 أشخاص، مقتل 12 مدنيا).
static KILLED: LazyLock<Vec<String>> =
    LazyLock::new(|| ["قتل", "مقتل", "مصرع", "استشهاد", "استشهد", "قتلت"].iter().map(|w| key_of(w)).collect());
static WOUNDED: LazyLock<Vec<String>> =
    LazyLock::new(|| ["إصابة", "جرح", "أصيب", "أصيبوا", "إصابات"].iter().map(|w| key_of(w)).collect());

/// The quantities of `doc`; `taken` marks tokens inside time expressions;
/// `nums` is [`numbers::read_all`].
pub(crate) fn quantities(
    doc: &Document,
    taken: &[bool],
    nums: &[Option<numbers::Number>],
    span: &dyn Fn(usize, usize) -> Span,
) -> Vec<Quantity> {
    let toks = doc.tokens();
    let stem = |i: usize| -> &str { toks.get(i).map_or("", |t| doc.stem_key(t)) };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if taken.get(i).copied().unwrap_or(true) {
            i += 1;
            continue;
        }
        let Some(n) = nums.get(i).copied().flatten() else {
            i += 1;
            continue;
        };
        // The unit: % or في المئة, or a counted noun.
        let mut end = n.end;
        let unit = match toks.get(end) {
            Some(t) if doc.text(t) == "%" => {
                end += 1;
                Some(("percent", None))
            }
            Some(t) if t.kind == TokenKind::Arabic => {
                let s = stem(end);
                if s == "في" && PERCENT.iter().any(|p| p == stem(end + 1)) {
                    end += 2;
                    Some(("percent", None))
                } else if PERCENT.iter().any(|p| doc.key(t).strip_prefix("بال") == Some(p.as_str())) {
                    end += 1;
                    Some(("percent", None))
                } else if let Some(&u) = UNITS.get(s) {
                    end += 1;
                    Some(u)
                } else {
                    None
                }
            }
            // A percent sign before the number (%20), as some outlets write.
            _ => None,
        };
        let Some((unit, mut casualty)) = unit else {
            i = n.end;
            continue;
        };
        // Hedges and bounds before the number.
        let mut start = i;
        let mut approximate = false;
        let mut bound = None;
        if i > 0 && APPROX.iter().any(|w| w == stem(i - 1)) {
            approximate = true;
            start = i - 1;
        } else {
            for (words, b) in BOUNDS.iter() {
                let k = words.len();
                if i >= k && (0..k).all(|j| stem(i - k + j) == words[j]) {
                    bound = Some(*b);
                    start = i - k;
                    break;
                }
            }
        }
        if casualty.is_none() && matches!(unit, "person" | "civilian" | "soldier" | "child" | "woman" | "fighter") {
            let before = start.checked_sub(1).map(&stem).unwrap_or_default();
            if KILLED.iter().any(|w| w == before) {
                casualty = Some(crate::contract::Casualty::Killed);
            } else if WOUNDED.iter().any(|w| w == before) {
                casualty = Some(crate::contract::Casualty::Wounded);
            }
        }
        let first = &toks[start];
        let skip = crate::actors::skip_of(doc, start);
        let s = doc.to_original(first.nstart as usize + skip..first.nend as usize).start;
        let e = toks[end - 1].end as usize;
        out.push(Quantity {
            span: span(s, e),
            value: Some(n.value),
            unit: Some(unit.to_string()),
            approximate,
            bound,
            casualty,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, f64, String, bool, Option<Bound>, Option<Casualty>);

    fn read(text: &str) -> Vec<Row> {
        let doc = Document::new(text);
        let taken = vec![false; doc.tokens().len()];
        let span = |s: usize, e: usize| Span { start: s, end: e, cstart: 0, cend: 0, text: text[s..e].to_string() };
        quantities(&doc, &taken, &numbers::read_all(&doc), &span)
            .into_iter()
            .map(|q| {
                (
                    q.span.text,
                    q.value.unwrap_or(f64::NAN),
                    q.unit.unwrap_or_default(),
                    q.approximate,
                    q.bound,
                    q.casualty,
                )
            })
            .collect()
    }

    #[test]
    fn counts_hedges_bounds_and_casualties() {
        assert_eq!(read("نشر نحو 7500 جندي"), [("نحو 7500 جندي".into(), 7500.0, "soldier".into(), true, None, None)]);
        assert_eq!(read("ثماني دول"), [("ثماني دول".into(), 8.0, "country".into(), false, None, None)]);
        assert_eq!(
            read("قتل 4 أشخاص وأصيب أكثر من عشرة آخرين"),
            [("4 أشخاص".into(), 4.0, "person".into(), false, None, Some(Casualty::Killed))]
        );
        assert_eq!(
            read("سقط أكثر من 40 قتيلا"),
            [("أكثر من 40 قتيلا".into(), 40.0, "person".into(), false, Some(Bound::AtLeast), Some(Casualty::Killed))]
        );
        assert_eq!(read("بلغت 2.5 مليار دولار"), [("2.5 مليار دولار".into(), 2.5e9, "USD".into(), false, None, None)]);
        assert_eq!(read("ارتفع 20 في المئة"), [("20 في المئة".into(), 20.0, "percent".into(), false, None, None)]);
        assert!(read("في عام 2015 قال").is_empty());
    }
}
