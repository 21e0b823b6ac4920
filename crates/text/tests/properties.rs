//! Invariants of the text core on arbitrary input: no panic, every span
//! slices back to the original, layers stay aligned, sentences partition
//! the tokens.
use marsad_text::{Document, NormalizedText};
use proptest::prelude::*;

/// Characters that stress the text core: Arabic letters and marks, controls,
/// presentation forms, digits, quotes, punctuation, Latin, emoji.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةؤئٱ".chars().collect::<Vec<_>>()),
        2 => prop::sample::select(vec!['\u{064E}', '\u{0651}', '\u{0652}', '\u{0670}', '\u{0640}', '\u{0654}', '\u{06D6}']),
        1 => prop::sample::select(vec!['\u{200F}', '\u{200E}', '\u{200C}', '\u{200D}', '\u{2066}', '\u{202B}', '\u{FEFF}', '\u{0000}', '\u{0007}']),
        1 => prop::sample::select(vec!['ﻻ', 'ﷲ', 'ﷺ', 'ﺍ', 'ﻟ', 'ﺴ', 'ﹰ', 'ﹾ', 'ﭐ']),
        2 => prop::sample::select("٠١٢٣٤٥٦٧٨٩۰۱۲0123456789٫٬.,/".chars().collect::<Vec<_>>()),
        2 => prop::sample::select("\"'«»“”‘’„‹›()[]!?؟…،؛:-#@_%".chars().collect::<Vec<_>>()),
        3 => prop::sample::select(vec![' ', ' ', '\n', '\t', '\r', '\u{00A0}', '\u{2029}']),
        1 => prop::sample::select("abcXYZhttpsw.:/@é😀".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..200).prop_map(|v| v.into_iter().collect())
}

fn check(text: &str) {
    let doc = Document::new(text);
    let norm = doc.layers().norm();
    assert_eq!(doc.layers().key().len(), norm.len(), "key and norm share offsets");
    let mut prev_end = 0;
    for t in doc.tokens() {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(s >= prev_end && s < e, "tokens ordered and non-empty: {t:?}");
        let orig = text.get(s..e).expect("token span slices the original");
        assert!(norm.get(t.nstart as usize..t.nend as usize).is_some_and(|n| !n.is_empty()));
        // The token's analysis-layer text is what the original span normalises to.
        let again = NormalizedText::new(orig);
        assert!(again.norm().contains(doc.norm(t)), "{orig:?} → {:?} vs {:?}", again.norm(), doc.norm(t));
        let (ss, se) = (t.clitics.stem_start as usize, t.clitics.stem_end as usize);
        assert!(ss < se && se <= doc.norm(t).len(), "stem inside the token");
        assert!(doc.norm(t).get(ss..se).is_some(), "stem on char boundaries");
        prev_end = e;
    }
    let mut next = 0u32;
    for s in doc.sentences() {
        assert_eq!(s.tokens.start, next, "sentences are contiguous");
        assert!(s.tokens.end > s.tokens.start);
        assert!(text.get(s.start as usize..s.end as usize).is_some());
        next = s.tokens.end;
    }
    assert_eq!(next as usize, doc.tokens().len(), "sentences cover every token");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_tricky_text(text in tricky_text()) {
        check(&text);
    }

    #[test]
    fn any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn layers_map_back(text in tricky_text(), a in 0usize..400, b in 0usize..400) {
        let layers = NormalizedText::new(&text);
        let norm = layers.norm();
        let (a, b) = (a.min(b).min(norm.len()), a.max(b).min(norm.len()));
        if norm.is_char_boundary(a) && norm.is_char_boundary(b) {
            let r = layers.to_original(a..b);
            prop_assert!(r.start <= r.end && r.end <= text.len());
            prop_assert!(text.get(r.clone()).is_some(), "{r:?} not on char boundaries");
            // Whatever the span covers normalises to at least the norm span.
            if a < b {
                prop_assert!(NormalizedText::new(&text[r]).norm().contains(&norm[a..b]));
            }
        }
    }
}

#[test]
fn long_word_and_large_text() {
    check(&"ب".repeat(100_000));
    check(&"وصل الوفد إلى الرباط، ثم \"غادر".repeat(20_000));
    // Runs the tokenizer retries at every dot or dash (found by the fuzzer:
    // a quadratic e-mail scan). Quadratic here would take minutes.
    check(&"a.".repeat(100_000));
    check(&"-".repeat(100_000));
    check(&"x-".repeat(100_000));
}

/// Inputs that once broke the fuzz target (see fuzz/regressions/README.md).
#[test]
fn fuzz_regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz/regressions exists") {
        let path = entry.expect("directory entry").path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("analyze-")) {
            let bytes = std::fs::read(&path).expect("readable regression file");
            check(&String::from_utf8_lossy(&bytes));
            seen += 1;
        }
    }
    assert!(seen >= 3, "regression inputs found: {seen}");
}
