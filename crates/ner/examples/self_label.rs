//! Self-training data: tags the first ARTICLES texts on stdin (separated by
//! a line holding only U+001E) with MODEL and prints, in the training
//! format (`token TAG`, blank line between sentences), the sentences whose
//! every entity has a score of at least MIN_SCORE and that hold at least
//! one entity.
//!
//! `self_label MODEL MIN_SCORE ARTICLES < texts.txt > extra.txt`
use std::io::{BufWriter, Read, Write};

use marsad_ner::{Model, Tag};
use marsad_text::Document;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, min, max] = &args[..] else {
        return Err("usage: self_label MODEL MIN_SCORE ARTICLES < texts".into());
    };
    let model = Model::load(model)?;
    let min: f32 = min.parse()?;
    let max: usize = max.parse()?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for text in input.split("\n\u{1e}\n").take(max) {
        let doc = Document::new(text);
        let toks = doc.tokens();
        let spans = model.tag_document(&doc);
        let mut tags = vec![Tag::O; toks.len()];
        let mut score = vec![1f32; toks.len()];
        for s in &spans {
            for (k, t) in tags.iter_mut().enumerate().take(s.token_end).skip(s.token_start) {
                *t = if k == s.token_start { Tag::B(s.label) } else { Tag::I(s.label) };
            }
            for v in &mut score[s.token_start..s.token_end] {
                *v = s.score;
            }
        }
        for s in doc.sentences() {
            let r = s.tokens.start as usize..s.tokens.end as usize;
            let n = r.len();
            if !(5..=60).contains(&n) {
                continue;
            }
            if !tags[r.clone()].iter().any(|t| *t != Tag::O) || score[r.clone()].iter().any(|&v| v < min) {
                continue;
            }
            let words: Vec<&str> = r.clone().map(|k| doc.text(&toks[k])).collect();
            if words.iter().any(|w| w.chars().any(char::is_whitespace) || w.is_empty()) {
                continue;
            }
            for (w, k) in words.iter().zip(r) {
                writeln!(out, "{w} {}", tags[k])?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
