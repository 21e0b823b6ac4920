//! Quotes, speakers and provenance: the seed's acceptance (two quotes by
//! Maariv, the second cued by وأضافت; Maariv → Arabi21), the cue and speaker
//! rules on small texts, and a property: any text analyses without panicking
//! and every quote span slices the original exactly.

use marsad_annotations::contract::{Analysis, ProvenanceRole, Quote};
use marsad_annotations::{Analyzer, Options};
use marsad_article::{parse_published, Article};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn analyze(text: &str, outlet: Option<&str>) -> Analysis {
    let mut article = Article::new(text);
    article.published = parse_published("2022-07-18").ok();
    article.outlet = outlet.map(str::to_string);
    Analyzer::new(Options { kb_only: true, ..Options::default() }).analyze(&article).expect("the text analyses")
}

/// The quote whose text starts with `start`.
fn quote<'a>(a: &'a Analysis, start: &str) -> &'a Quote {
    a.quotes
        .iter()
        .find(|q| q.span.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting with {start:?} in {:#?}", a.quotes))
}

fn assert_spans_slice(text: &str, a: &Analysis) {
    for q in &a.quotes {
        assert_eq!(text.get(q.span.start..q.span.end), Some(q.span.text.as_str()), "{q:?}");
        assert_eq!(text[..q.span.start].chars().count(), q.span.cstart);
        assert_eq!(text[..q.span.end].chars().count(), q.span.cend);
    }
    for p in &a.provenance {
        assert!(p.start <= p.end && text.get(p.start..p.end).is_some(), "{p:?}");
    }
}

#[test]
fn seed_quotes_are_maarivs() {
    for outlet in [None, Some("Arabi21")] {
        let a = analyze(SEED, outlet);
        assert_spans_slice(SEED, &a);
        let first = quote(&a, "زيارة كوخافي إلى المغرب تأتي استكمالا");
        assert!(first.span.text.ends_with("الدول العربية المطبّعة"), "{first:?}");
        assert_eq!(first.speaker.as_deref(), Some("ORG:Maariv"));
        assert!(first.direct);
        assert_eq!(first.cue.as_deref(), Some("جاء"));
        let second = quote(&a, "زيارة كوخافي إلى المغرب تأتي بعد");
        assert!(second.span.text.ends_with("بنظرائه في الرباط"), "{second:?}");
        assert_eq!(second.speaker.as_deref(), Some("ORG:Maariv"));
        assert_eq!(second.cue.as_deref(), Some("وأضافت"));
        // The quoted name inside the second quote is no quote of its own.
        assert!(a.quotes.iter().all(|q| q.span.text != "الأسد الأفريقي" && q.span.text != "عربي21"));
    }
}

#[test]
fn seed_provenance_maariv_translated_by_arabi21() {
    let a = analyze(SEED, Some("Arabi21"));
    let role = |r: ProvenanceRole| a.provenance.iter().find(|p| p.role == r).and_then(|p| p.actor.clone());
    assert_eq!(role(ProvenanceRole::Original).as_deref(), Some("ORG:Maariv"), "{:?}", a.provenance);
    assert_eq!(role(ProvenanceRole::Translator).as_deref(), Some("ORG:Arabi21"), "{:?}", a.provenance);
    let translator = a.provenance.iter().find(|p| p.role == ProvenanceRole::Translator).unwrap();
    assert!(SEED[translator.start..translator.end].starts_with("ترجمته"));
}

#[test]
fn verb_subject_and_subject_verb() {
    let text = "قال الرئيس الفرنسي إيمانويل ماكرون إن بلاده لن تنسحب من الاتفاق. \
                ماكرون قال إن الحوار ما زال ممكنا. وأضاف أن الأوروبيين متفقون على ذلك.";
    let a = analyze(text, None);
    assert_spans_slice(text, &a);
    for start in ["بلاده لن تنسحب", "الحوار ما زال", "الأوروبيين متفقون"] {
        let q = quote(&a, start);
        assert_eq!(q.speaker.as_deref(), Some("PER:Emmanuel Macron"), "{q:?}");
        assert!(!q.direct);
    }
    assert!(quote(&a, "بلاده لن تنسحب").span.text.ends_with("من الاتفاق"));
}

#[test]
fn unnamed_subject_has_no_speaker() {
    let text = "وقال ماكرون إن الاتفاق صامد. وقال مصدر مطلع إن المحادثات ستستأنف قريبا. وأضاف أن الموعد لم يحدد.";
    let a = analyze(text, None);
    assert_eq!(quote(&a, "الاتفاق صامد").speaker.as_deref(), Some("PER:Emmanuel Macron"));
    assert_eq!(quote(&a, "المحادثات ستستأنف").speaker, None);
    // وأضاف continues the unnamed source, not Macron.
    assert_eq!(quote(&a, "الموعد لم يحدد").speaker, None);
}

#[test]
fn feminine_cue_takes_the_feminine_speaker() {
    let text = "ذكرت صحيفة معاريف أن الزيارة تاريخية. وقال ماكرون إن فرنسا ترحب بالخطوة. \
                وأضافت أن \"التعاون العسكري سيتوسع في الأشهر المقبلة\".";
    let a = analyze(text, None);
    assert_eq!(quote(&a, "الزيارة تاريخية").speaker.as_deref(), Some("ORG:Maariv"));
    let q = quote(&a, "التعاون العسكري سيتوسع");
    assert!(q.direct);
    assert_eq!(q.speaker.as_deref(), Some("ORG:Maariv"));
    assert_eq!(q.cue.as_deref(), Some("وأضافت"));
}

#[test]
fn direct_quotes_with_any_marks() {
    for (open, close) in [("\"", "\""), ("«", "»"), ("“", "”")] {
        let text = format!("وأكد ماكرون {open}لن نتراجع عن التزاماتنا{close} ثم غادر.");
        let a = analyze(&text, None);
        assert_spans_slice(&text, &a);
        let q = quote(&a, "لن نتراجع");
        assert_eq!(q.span.text, "لن نتراجع عن التزاماتنا");
        assert!(q.direct);
        assert_eq!(q.speaker.as_deref(), Some("PER:Emmanuel Macron"), "{open}{close}");
    }
}

#[test]
fn postposed_cue_and_attribution() {
    let text = "\"سنواصل العمل مع شركائنا في المنطقة\"، قال ماكرون. \
                وستعقد القمة في باريس الشهر المقبل، بحسب وكالة رويترز.";
    let a = analyze(text, None);
    assert_eq!(quote(&a, "سنواصل العمل").speaker.as_deref(), Some("PER:Emmanuel Macron"));
    let q = quote(&a, "وستعقد القمة");
    assert_eq!(q.speaker.as_deref(), Some("ORG:Reuters"));
    assert_eq!(q.cue.as_deref(), Some("بحسب"));
    assert!(a.provenance.iter().any(|p| p.role == ProvenanceRole::Source && p.actor.as_deref() == Some("ORG:Reuters")));
}

#[test]
fn a_quote_inside_a_quote_keeps_its_own_speaker() {
    let text =
        "وقال ماكرون \"أبلغني الرئيس الأمريكي دونالد ترامب أنه قال \"لن نقبل بأي اتفاق جديد مع إيران\" وهذا موقفه\".";
    let a = analyze(text, None);
    assert_spans_slice(text, &a);
    assert_eq!(quote(&a, "أبلغني الرئيس").speaker.as_deref(), Some("PER:Emmanuel Macron"));
    assert_eq!(quote(&a, "لن نقبل بأي اتفاق").speaker.as_deref(), Some("PER:Donald Trump"));
}

#[test]
fn not_speech_after_governed_an() {
    let text = "تكشف الزيارة عن حجم العلاقات بعد أن كانت لسنوات في الخفاء.";
    assert!(analyze(text, None).quotes.is_empty());
}

#[test]
fn wire_credit_is_an_agency() {
    let text = "قتل ثلاثة أشخاص في انفجار وسط المدينة. (أ ف ب)";
    let a = analyze(text, None);
    let p = a.provenance.iter().find(|p| p.role == ProvenanceRole::Agency).expect("an agency credit");
    assert_eq!(p.actor.as_deref(), Some("ORG:AFP"));
    assert_eq!(&text[p.start..p.end], "(أ ف ب)");
}

#[test]
fn translation_credit_without_a_name_is_the_outlet() {
    let text = "نشرت صحيفة معاريف تقريرا عن الزيارة، ترجمة خاصة، جاء فيه أن الجيش سيشارك في المناورات.";
    let a = analyze(text, Some("Arabi21"));
    let role = |r: ProvenanceRole| a.provenance.iter().find(|p| p.role == r).and_then(|p| p.actor.clone());
    assert_eq!(role(ProvenanceRole::Original).as_deref(), Some("ORG:Maariv"), "{:?}", a.provenance);
    assert_eq!(role(ProvenanceRole::Translator).as_deref(), Some("ORG:Arabi21"), "{:?}", a.provenance);
    assert_eq!(quote(&a, "الجيش سيشارك").speaker.as_deref(), Some("ORG:Maariv"));
}

fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "قال",
        "وأضافت",
        "إن",
        "أن",
        "أنه",
        "بحسب",
        "نقلا",
        "عن",
        "جاء",
        "فيه",
        "ماكرون",
        "صحيفة",
        "معاريف",
        "الرئيس",
        "الفرنسي",
        "مصدر",
        "مطلع",
        "\"",
        "«",
        "»",
        "“",
        "”",
        "'",
        "(",
        ")",
        "أ ف ب",
        "رويترز",
        ":",
        "،",
        ".",
        "\n",
        " ",
        "ترجمته",
        "عربي21",
        "مسؤول",
        "في",
        "حلف",
        "الأطلسي",
        "قائلا",
        "يذكر",
        "ً",
        "ـ",
        "٢٠٢٠",
        "abc",
        "x",
        "😀",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn any_text_gives_exact_spans(text in arabicish(), glue in any::<bool>()) {
        let text = if glue { text.replace(' ', "") } else { text };
        let mut article = Article::new(&text);
        article.outlet = Some("Arabi21".into());
        let Ok(a) = Analyzer::new(Options { kb_only: true, ..Options::default() }).analyze(&article) else {
            return Ok(()); // empty text
        };
        for q in &a.quotes {
            prop_assert_eq!(text.get(q.span.start..q.span.end), Some(q.span.text.as_str()));
        }
        for p in &a.provenance {
            prop_assert!(p.start <= p.end && text.get(p.start..p.end).is_some());
        }
    }

    #[test]
    fn any_unicode_gives_exact_spans(text in "\\PC{0,120}") {
        let Ok(a) = Analyzer::new(Options { kb_only: true, ..Options::default() }).analyze(&Article::new(&text)) else {
            return Ok(());
        };
        for q in &a.quotes {
            prop_assert_eq!(text.get(q.span.start..q.span.end), Some(q.span.text.as_str()));
        }
    }
}
