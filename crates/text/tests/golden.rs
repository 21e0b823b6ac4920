//! Golden test: the seed article's sentences, tokens and clitics, as a
//! readable listing. Review changes with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always` and read the diff).
use std::fmt::Write;

use marsad_text::{Document, TokenKind};

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn listing(text: &str) -> String {
    let doc = Document::new(text);
    let mut out = String::new();
    for (i, s) in doc.sentences().iter().enumerate() {
        let _ = writeln!(out, "== sentence {} [{}..{}]", i + 1, s.start, s.end);
        for t in &doc.tokens()[s.tokens.start as usize..s.tokens.end as usize] {
            let mut parts: Vec<String> = t.clitics.proclitics().map(|p| p.as_str().to_string()).collect();
            parts.push(doc.stem(t).to_string());
            parts.extend(t.clitics.enclitic().map(str::to_string));
            let seg = if t.kind == TokenKind::Arabic {
                format!(" = {} ~ {}", parts.join("+"), doc.light_stem(t))
            } else {
                String::new()
            };
            let norm = if doc.norm(t) != doc.text(t) { format!(" norm={}", doc.norm(t)) } else { String::new() };
            let _ = writeln!(out, "{}..{} {} {}{}{}", t.start, t.end, t.kind.as_str(), doc.text(t), norm, seg);
        }
    }
    out
}

#[test]
fn seed_article() {
    insta::assert_snapshot!("seed_article", listing(SEED));
}
