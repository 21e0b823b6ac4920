//! One stage of marsad over JSON lines on stdin (`text` and optionally
//! `published`), timed after the input is read, for `bench/run.sh`:
//!
//!     cargo run --release -p marsad-annotations --example stage -- STAGE < articles.jsonl
//!
//! STAGE: `tokenize` (normalise + tokenise + sentences + clitics, every
//! token's normalised form), `stem` (the same and every word's light
//! stem), `times` (the same and the temporal expressions, normalised), or
//! `analysis` (the whole analysis). Prints one JSON object.
use std::io::Read;
use std::time::Instant;

use marsad_annotations::{stages, Analyzer};
use marsad_article::{parse_published, Article};
use marsad_text::{Document, TokenKind};

fn main() {
    let stage = std::env::args().nth(1).unwrap_or_default();
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        eprintln!("stage: stdin is not UTF-8");
        std::process::exit(2);
    }
    let articles: Vec<Article> = input
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let mut a = Article::new(v["text"].as_str()?);
            a.published = v["published"].as_str().and_then(|d| parse_published(d).ok());
            Some(a)
        })
        .collect();
    let words: usize = articles.iter().map(|a| a.text.split_whitespace().count()).sum();
    let analyzer = (stage == "analysis").then(Analyzer::default);
    marsad_text::Lexicon::get();
    // The knowledge base and the NER model load on first use: not timed, as
    // the anchors' first call is not.
    if let (Some(x), Some(a)) = (&analyzer, articles.first()) {
        let _ = x.analyze(a);
    }
    let t0 = Instant::now();
    let mut found = 0usize;
    for a in &articles {
        let doc = Document::new(&a.text);
        found += match stage.as_str() {
            "tokenize" => doc.tokens().iter().map(|t| doc.norm(t).len()).sum(),
            "stem" => {
                doc.tokens().iter().filter(|t| t.kind == TokenKind::Arabic).map(|t| doc.light_stem(t).len()).sum()
            }
            "times" => stages::times(&doc, a.published).len(),
            "analysis" => analyzer.as_ref().and_then(|x| x.analyze(a).ok()).map_or(0, |x| x.events.len()),
            _ => {
                eprintln!("stage: STAGE is tokenize, stem, times or analysis");
                std::process::exit(2);
            }
        };
    }
    let s = t0.elapsed().as_secs_f64();
    let out = serde_json::json!({
        "stage": stage, "articles": articles.len(), "words": words, "seconds": s, "found": found,
        "articles_per_s": articles.len() as f64 / s, "words_per_s": words as f64 / s,
    });
    println!("{out}");
}
