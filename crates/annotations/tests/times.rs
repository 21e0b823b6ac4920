//! Times and quantities: the seed's `must` values, impossible dates, and a
//! floor on the hand-annotated time set (the full score and every miss are
//! printed by `cargo run --release -p marsad-annotations --example eval_times -- --errors`).
use marsad_annotations::contract::{Analysis, TimeMod};
use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;

#[path = "common/time_set.rs"]
mod time_set;

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

#[test]
fn hijri_months_and_dates_in_words() {
    let a = analyse("يبث البرنامج خلال شهر رمضان المقبل.", Some("2018-05-07"));
    assert_eq!(value(&a, "رمضان").0.as_deref(), Some("2018-05-16/2018-06-14"));
    // A weekday followed by its date is one expression, valued by the date.
    let a =
        analyse("تحري رؤية الهلال مساء يوم الثلاثاء التاسع والعشرين من شهر شعبان لهذا العام 1439هـ.", Some("2018-05-13"));
    assert_eq!(value(&a, "الثلاثاء").0.as_deref(), Some("2018-05-15"));
    assert!(a.times.iter().all(|t| !t.span.text.starts_with("هلال")), "{:?}", a.times);
    // رمضان alone is a name, not a month.
    let a = analyse("وقال رمضان إن الفريق جاهز.", Some("2018-05-07"));
    assert!(a.times.is_empty(), "{:?}", a.times);
}

#[test]
fn clock_times_take_the_day_of_their_sentence() {
    let a = analyse(
        "وأضاف اليوم السبت أن الهجوم وقع حوالي الساعة الثامنة مساء بالتوقيت المحلي (19:00 بتوقيت غرينتش) أمس الجمعة.",
        Some("2018-02-17"),
    );
    assert_eq!(value(&a, "الثامنة"), (Some("2018-02-16T20:00".into()), Some(TimeMod::Approx)));
    assert_eq!(value(&a, "19:00").0.as_deref(), Some("2018-02-16T19:00"));
    let a = analyse("تبدأ الجلسة في العاشرة والنصف صباحا.", Some("2018-02-17"));
    assert_eq!(value(&a, "العاشرة").0.as_deref(), Some("2018-02-17T10:30"));
    // An ordinal alone is no hour; a score or a ratio is no time.
    let a = analyse("احتل المركز الثامنة في الترتيب بنسبة 3:2:1.", Some("2018-02-17"));
    assert!(a.times.is_empty(), "{:?}", a.times);
}

#[test]
fn anaphors_count_from_the_last_time_mentioned() {
    let a = analyse(
        "ففي عام 1987 توج ماجر بالكأس. وفي العام ذاته كان أفضل لاعب. وأغلقت الشركة عام 2017، وقبلها بعام احتج العمال.",
        Some("2018-05-03"),
    );
    assert_eq!(value(&a, "العام ذاته").0.as_deref(), Some("1987"));
    assert_eq!(value(&a, "قبلها بعام").0.as_deref(), Some("2016"));
    let a =
        analyse("تضاعف عدد القتلى في عام 2017 مقارنة بالعام الذي سبقه، ثم تراجع في العام التالي.", Some("2018-03-12"));
    assert_eq!(value(&a, "الذي سبقه").0.as_deref(), Some("2016"));
    assert_eq!(value(&a, "العام التالي").0.as_deref(), Some("2018"));
    // With nothing before it, the publication date is the reference.
    let a = analyse("وفي اليوم التالي عاد الوفد.", Some("2018-03-12"));
    assert_eq!(value(&a, "اليوم التالي").0.as_deref(), Some("2018-03-13"));
    // A day and month repeated without the year keep the year given first.
    let a = analyse("هاجم مسلحون باريس في 13 نوفمبر 2015. • 13 نوفمبر: قتل 130 شخصا.", Some("2018-03-25"));
    assert!(a.times.iter().filter(|t| t.span.text.starts_with("13")).all(|t| t.value.as_deref() == Some("2015-11-13")));
}

#[test]
fn habitual_sentences_make_weekdays_and_months_generic() {
    let a = analyse("وتتوافد الحشود على الحدود بعد صلاة الجمعة كل أسبوع.", Some("2018-05-16"));
    assert_eq!(value(&a, "الجمعة").0.as_deref(), Some("XXXX-WXX-5"));
    let a = analyse("وتتعرض الولاية كل سنة لأمطار غزيرة من حزيران/يونيو الى ايلول/سبتمبر.", Some("2018-08-19"));
    assert_eq!(value(&a, "حزيران").0.as_deref(), Some("XXXX-06"));
    // A rate is not a habit: the months stay in their year.
    let a = analyse("تبقي المملكة صادراتها أدنى من 7 ملايين برميل يوميا من يناير إلى مارس.", Some("2018-02-24"));
    assert_eq!(value(&a, "يناير").0.as_deref(), Some("2018-01"));
    assert_eq!(value(&a, "مارس").0.as_deref(), Some("2018-03"));
}

#[test]
fn the_annotated_time_set_stays_at_95_percent() {
    let text = include_str!("data/times/times.jsonl");
    let s = time_set::score(text, &Analyzer::new(Options::default())).expect("the set parses");
    assert!(s.gold >= 150, "{} expressions", s.gold);
    assert!(s.accuracy() >= 95.0, "value accuracy {:.2}%:\n{}", s.accuracy(), s.errors.join("\n"));
}
