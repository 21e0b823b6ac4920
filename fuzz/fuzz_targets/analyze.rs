//! Fuzz target `analyze`: arbitrary bytes → `decode_utf8` (strict and lossy)
//! → `marsad_text::Document` → `marsad_annotations::Analyzer` (tokens on)
//! → `serde_json`, checking the offset invariants at every step.
//!
//! Every assertion names the invariant it checks, so a crash report says
//! which contract was broken, not just where.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_annotations::{Analyzer, ErrorKind as AnalysisErrorKind, Options};
use marsad_article::{decode_utf8, Article, ErrorKind};
use marsad_text::Document;

fuzz_target!(|bytes: &[u8]| {
    // Strict decoding must either succeed or report the first bad byte.
    let strict = decode_utf8(bytes.to_vec(), false);
    // Lossy decoding never fails.
    let lossy = decode_utf8(bytes.to_vec(), true).expect("lossy decode_utf8 must not fail");
    match &strict {
        Ok(text) => assert_eq!(text, &lossy, "strict and lossy decoding differ on valid UTF-8"),
        Err(e) => match e.kind() {
            ErrorKind::InvalidUtf8 { offset } => {
                assert!(*offset < bytes.len(), "InvalidUtf8 offset {offset} past the input ({})", bytes.len());
                let first_bad = std::str::from_utf8(bytes).expect_err("strict decode failed on valid UTF-8");
                assert_eq!(*offset, first_bad.valid_up_to(), "InvalidUtf8 offset is not the first invalid byte");
            }
            other => panic!("strict decode_utf8 failed with an unexpected kind: {other:?}"),
        },
    }
    check(&lossy);
});

/// `cidx[b]` = number of chars before byte `b`, for every char boundary `b`
/// (and `usize::MAX` inside a character).
fn char_offsets(text: &str) -> Vec<usize> {
    let mut cidx = vec![usize::MAX; text.len() + 1];
    let mut n = 0;
    for (b, _) in text.char_indices() {
        cidx[b] = n;
        n += 1;
    }
    cidx[text.len()] = n;
    cidx
}

fn check(text: &str) {
    let doc = Document::new(text);
    let tokens = doc.tokens();
    let sentences = doc.sentences();
    let norm = doc.layers().norm();
    let key = doc.layers().key();
    assert_eq!(norm.len(), key.len(), "key layer must have the analysis layer's byte length");

    // --- tokens -----------------------------------------------------------
    let mut prev: Option<&marsad_text::Token> = None;
    for (i, t) in tokens.iter().enumerate() {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(s < e, "token {i}: empty or reversed original span {s}..{e}");
        assert!(e <= text.len(), "token {i}: original span {s}..{e} past the text ({})", text.len());
        let orig = text.get(s..e).unwrap_or_else(|| panic!("token {i}: {s}..{e} is not on char boundaries"));

        let (ns, ne) = (t.nstart as usize, t.nend as usize);
        assert!(ns < ne && ne <= norm.len(), "token {i}: bad analysis-layer span {ns}..{ne} (norm len {})", norm.len());
        let n = norm.get(ns..ne).unwrap_or_else(|| panic!("token {i}: norm span {ns}..{ne} not on char boundaries"));
        assert!(!n.is_empty(), "token {i}: empty analysis-layer text");
        assert_eq!(doc.norm(t), n);
        assert!(key.get(ns..ne).is_some(), "token {i}: key span {ns}..{ne} not on char boundaries");
        assert_eq!(doc.to_original(ns..ne), s..e, "token {i}: to_original(norm span) != token span");

        // Clitics: the stem lies inside the token and, when nothing was split
        // off, is the whole token.
        let (ss, se) = (t.clitics.stem_start as usize, t.clitics.stem_end as usize);
        assert!(ss <= se && se <= ne - ns, "token {i}: stem {ss}..{se} outside the token (len {})", ne - ns);
        assert!(n.get(ss..se).is_some(), "token {i} ({:?}): stem {ss}..{se} not on char boundaries", t.kind);
        if !t.clitics.is_split() {
            assert_eq!((ss, se), (0, ne - ns), "token {i} ({:?}): unsplit token's stem is not the whole token", t.kind);
        }
        let _ = doc.light_stem(t);

        if let Some(p) = prev {
            assert!(ns >= p.nend as usize, "token {i}: analysis-layer spans overlap or go backwards");
            assert!(
                s >= p.end as usize,
                "tokens {} and {i} overlap or go backwards in the original: {}..{} {:?} then {s}..{e} {orig:?}",
                i - 1,
                p.start,
                p.end,
                &text[p.start as usize..p.end as usize],
            );
        }
        prev = Some(t);
    }

    // --- sentences --------------------------------------------------------
    if tokens.is_empty() {
        assert!(sentences.is_empty(), "sentences without tokens");
    } else {
        assert!(!sentences.is_empty(), "tokens without sentences");
        assert_eq!(sentences[0].tokens.start, 0, "first sentence does not start at token 0");
        assert_eq!(
            sentences.last().unwrap().tokens.end as usize,
            tokens.len(),
            "last sentence does not end at the last token"
        );
    }
    for (k, s) in sentences.iter().enumerate() {
        let r = s.tokens.start as usize..s.tokens.end as usize;
        assert!(r.start < r.end && r.end <= tokens.len(), "sentence {k}: bad token range {r:?}");
        if k + 1 < sentences.len() {
            assert_eq!(s.tokens.end, sentences[k + 1].tokens.start, "sentences {k} and {} are not contiguous", k + 1);
        }
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(text.get(a..b).is_some(), "sentence {k}: {a}..{b} does not slice the original");
        assert_eq!(a, tokens[r.start].start as usize, "sentence {k}: start is not its first token's start");
        assert_eq!(b, tokens[r.end - 1].end as usize, "sentence {k}: end is not its last token's end");
    }

    // --- analyzer ---------------------------------------------------------
    let article = Article::new(text);
    let analysis = match Analyzer::new(Options { tokens: true, ..Options::default() }).analyze(&article) {
        Ok(a) => a,
        Err(e) => {
            assert_eq!(e.kind(), &AnalysisErrorKind::EmptyText, "unexpected analyzer error: {e}");
            assert!(tokens.is_empty(), "analyzer says EmptyText but the document has {} tokens", tokens.len());
            return;
        }
    };
    assert!(!tokens.is_empty(), "analyzer succeeded on a text without tokens");
    let cidx = char_offsets(text);
    let check_span = |what: &str, sp: &marsad_annotations::contract::Span| {
        let got = text.get(sp.start..sp.end);
        assert_eq!(got, Some(sp.text.as_str()), "{what}: span {}..{} text does not slice back", sp.start, sp.end);
        assert_eq!(sp.cstart, cidx[sp.start], "{what}: cstart {} != chars before byte {}", sp.cstart, sp.start);
        assert_eq!(sp.cend, cidx[sp.end], "{what}: cend {} != chars before byte {}", sp.cend, sp.end);
    };
    assert_eq!(analysis.sentences.len(), sentences.len(), "analysis sentence count differs from the document's");
    for (k, (s, d)) in analysis.sentences.iter().zip(sentences).enumerate() {
        check_span(&format!("sentence {k}"), &s.span);
        assert_eq!((s.span.start, s.span.end), (d.start as usize, d.end as usize), "sentence {k}: span differs");
        assert_eq!(
            (s.token_start, s.token_end),
            (d.tokens.start as usize, d.tokens.end as usize),
            "sentence {k}: token range differs"
        );
    }
    let atoks = analysis.tokens.as_ref().expect("tokens were asked for");
    assert_eq!(atoks.len(), tokens.len(), "analysis token count differs from the document's");
    for (i, (a, t)) in atoks.iter().zip(tokens).enumerate() {
        check_span(&format!("token {i}"), &a.span);
        assert_eq!((a.span.start, a.span.end), (t.start as usize, t.end as usize), "token {i}: span differs");
        assert_eq!(a.kind, t.kind.as_str(), "token {i}: kind differs");
        assert_eq!(a.norm, doc.norm(t), "token {i}: norm differs");
        assert_eq!(a.key, doc.key(t), "token {i}: key differs");
        // The analyzer's document went through the per-thread clitic cache
        // after ours: a differing stem means the cache returned a stale split.
        assert_eq!(a.clitics.stem, doc.stem(t), "token {i}: stem differs (clitic cache?)");
    }

    // --- serialisation ----------------------------------------------------
    // (Only serialisation: deserialising it back, through serde's `flatten`,
    // cost more than the whole analysis and halved the executions per second.)
    let json = serde_json::to_string(&analysis).expect("serialising the analysis must not fail");
    assert!(
        json.starts_with("{\"schema\":\"marsad/analysis@1\""),
        "unexpected JSON head: {}",
        json.chars().take(40).collect::<String>()
    );
}
