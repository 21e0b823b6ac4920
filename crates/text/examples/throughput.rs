//! Text-core throughput over plain-text lines on stdin (one article per
//! line, JSON-unescaped by the caller): `cargo run --release -p marsad-text
//! --example throughput < texts.txt`.
use std::io::Read;
use std::time::Instant;

fn main() {
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        eprintln!("stdin is not UTF-8");
        std::process::exit(2);
    }
    let texts: Vec<&str> = input.split("\n\u{1e}\n").collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    marsad_text::Lexicon::get();
    let t0 = Instant::now();
    let mut tokens = 0;
    for t in &texts {
        tokens += marsad_text::Document::new(t).tokens().len();
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "{} texts, {} words, {} tokens in {:.2}s: {:.2} M words/s, {:.1} MB/s",
        texts.len(),
        words,
        tokens,
        s,
        words as f64 / s / 1e6,
        input.len() as f64 / s / 1e6
    );
}
