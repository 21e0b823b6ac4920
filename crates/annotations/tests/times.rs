//! Times and quantities: the seed's `must` values, impossible dates, and a
//! floor on the hand-annotated time set (the full score is printed by
//! `cargo run --release -p marsad-annotations --example eval_times`).
use marsad_annotations::contract::{Analysis, TimeMod};
use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn analyse(text: &str, published: Option<&str>) -> Analysis {
    let mut article = Article::new(text);
    article.published = published.map(|d| d.parse().expect("a date"));
    Analyzer::new(Options { kb_only: true, ..Options::default() }).analyze(&article).expect("analyses")
}

fn value(a: &Analysis, surface: &str) -> (Option<String>, Option<TimeMod>) {
    let t = a
        .times
        .iter()
        .find(|t| t.span.text.contains(surface))
        .unwrap_or_else(|| panic!("no time for {surface}: {:?}", a.times));
    (t.value.clone(), t.modifier)
}

#[test]
fn the_seeds_times_and_quantity() {
    let a = analyse(SEED, Some("2022-07-18"));
    assert_eq!(value(&a, "الاثنين").0.as_deref(), Some("2022-07-18"));
    assert_eq!(value(&a, "أبريل 2020").0.as_deref(), Some("2020-04"));
    assert!(a.times.iter().any(|t| t.span.text.starts_with("نيسان") && t.value.as_deref() == Some("2020-04")));
    assert_eq!(value(&a, "العام 2000").0.as_deref(), Some("2000"));
    assert_eq!(value(&a, "يوليو 2021").0.as_deref(), Some("2021-07"));
    assert_eq!(value(&a, "نهاية عام 2020"), (Some("2020".into()), Some(TimeMod::End)));
    let q = a.quantities.iter().find(|q| q.span.text.contains("7500")).expect("نحو 7500 جندي");
    assert_eq!((q.value, q.unit.as_deref(), q.approximate), (Some(7500.0), Some("soldier"), true));
}

#[test]
fn month_families_hijri_and_relative() {
    let a = analyse(
        "في 25 يونيو/حزيران الجاري وفي جانفي 2019 و5 رمضان 1439 هـ والأسبوع الماضي ومنذ ثلاث سنوات.",
        Some("2018-06-28"),
    );
    assert_eq!(value(&a, "25 يونيو").0.as_deref(), Some("2018-06-25"));
    assert_eq!(value(&a, "جانفي").0.as_deref(), Some("2019-01"));
    assert_eq!(value(&a, "رمضان").0.as_deref(), Some("2018-05-20"));
    assert_eq!(value(&a, "الأسبوع الماضي").0.as_deref(), Some("2018-W25"));
    assert_eq!(value(&a, "ثلاث سنوات").0.as_deref(), Some("P3Y"));
    let a = analyse("وسيزور الوفد الرباط الأحد. واجتمع الوزراء أمس.", Some("2018-06-28"));
    assert_eq!(value(&a, "الأحد").0.as_deref(), Some("2018-07-01"));
    assert_eq!(value(&a, "أمس").0.as_deref(), Some("2018-06-27"));
}

#[test]
fn impossible_dates_keep_their_span_with_a_reason() {
    for text in ["في 31 فبراير 2018", "في 15/13/2018", "في عام 99999", "في 1 يناير 0000"] {
        let a = analyse(text, Some("2018-06-28"));
        for t in &a.times {
            assert!(t.value.is_none() == t.reason.is_some(), "{text}: {t:?}");
            if let Some(v) = &t.value {
                assert!(!v.starts_with('0') && !v.contains("-13") && !v.contains("-02-31"), "{text}: {v}");
            }
        }
        assert!(a.times.iter().any(|t| t.value.is_none()), "{text}: {:?}", a.times);
    }
    // Counts far out of range: no panic, no value.
    for text in ["قبل 100000 عام", "قبل 9999999 يوم", "بعد 99999 شهر", "قبل 5000 قرن"] {
        let a = analyse(text, Some("2018-06-28"));
        assert!(a.times.iter().all(|t| t.value.is_some() != t.reason.is_some()), "{text}: {:?}", a.times);
    }
    // Without a publication date, relative times have no value but a reason.
    let a = analyse("وصل الوفد أمس", None);
    assert!(a.times[0].value.is_none() && a.times[0].reason.is_some());
}

#[test]
fn sets_and_stretches() {
    let a = analyse("يتدرب 4 مرات في الأسبوع بعد سنوات من الانقطاع وبعد مرور سنة على الاتفاق.", Some("2018-06-28"));
    assert_eq!(value(&a, "مرات في الأسبوع").0.as_deref(), Some("P1W"));
    assert_eq!(value(&a, "سنوات").0.as_deref(), Some("PXY"));
    assert_eq!(value(&a, "سنة").0.as_deref(), Some("P1Y"));
}
