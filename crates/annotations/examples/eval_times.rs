//! Scores the time recognizer on the hand-annotated set
//! `crates/annotations/tests/data/times/times.jsonl` (or a file given as the
//! first argument): each sentence is analysed with its article's publication
//! date, and every gold expression is looked for among the system's times
//! whose span overlaps it.
//!
//! ```sh
//! cargo run --release -p marsad-annotations --example eval_times [FILE] [--errors]
//! ```
//!
//! Prints detection recall (a system time overlaps the gold span), value
//! accuracy (over all gold expressions: same value, and same modifier when
//! gold has one), precision (system times overlapping some gold expression),
//! and with `--errors` every miss.
use std::process::ExitCode;

use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    published: String,
    sentence: String,
    times: Vec<Gold>,
}

#[derive(Deserialize)]
struct Gold {
    surface: String,
    value: Option<String>,
    #[serde(rename = "mod")]
    modifier: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/times/times.jsonl").to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let analyzer = Analyzer::new(Options { kb_only: false, ..Options::default() });
    let (mut gold_n, mut detected, mut correct, mut sys_n, mut sys_ok) = (0, 0, 0, 0, 0);
    for (n, line) in text.lines().enumerate() {
        let line: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}:{}: {e}", n + 1);
                return ExitCode::from(2);
            }
        };
        let mut article = Article::new(line.sentence.as_str());
        article.published = line.published.get(..10).and_then(|d| d.parse().ok());
        let Ok(a) = analyzer.analyze(&article) else { continue };
        // Gold spans: every occurrence of the surface, in order.
        let mut spans = Vec::new();
        let mut from = 0;
        for g in &line.times {
            let at =
                line.sentence[from..].find(&g.surface).map(|k| k + from).or_else(|| line.sentence.find(&g.surface));
            let start = at.unwrap_or(0);
            spans.push((start, start + g.surface.len()));
            from = start + g.surface.len();
        }
        for (g, &(gs, ge)) in line.times.iter().zip(&spans) {
            gold_n += 1;
            let hits: Vec<_> = a.times.iter().filter(|t| t.span.start < ge && gs < t.span.end).collect();
            if !hits.is_empty() {
                detected += 1;
            }
            let ok = hits.iter().any(|t| {
                let m = t.modifier.map(|m| format!("{m:?}").to_uppercase());
                t.value == g.value && (g.modifier.is_none() || m == g.modifier)
            });
            if ok {
                correct += 1;
            } else if errors {
                let got: Vec<String> =
                    hits.iter().map(|t| format!("{} → {:?} {:?}", t.span.text, t.value, t.modifier)).collect();
                println!("MISS [{}] {} → {:?} {:?}; got {:?}", line.published, g.surface, g.value, g.modifier, got);
            }
        }
        for t in &a.times {
            sys_n += 1;
            if spans.iter().any(|&(gs, ge)| t.span.start < ge && gs < t.span.end) {
                sys_ok += 1;
            } else if errors {
                println!("EXTRA [{}] {} → {:?}", line.published, t.span.text, t.value);
            }
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!(
        "gold {gold_n}, detected {detected} ({:.1}%), value correct {correct} ({:.1}%); system {sys_n}, precision {:.1}%",
        pct(detected, gold_n),
        pct(correct, gold_n),
        pct(sys_ok, sys_n)
    );
    println!("accuracy={:.2}", pct(correct, gold_n));
    ExitCode::SUCCESS
}
