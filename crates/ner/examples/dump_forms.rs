//! Dumps plain text through the recognizer's word forms, for
//! `scripts/build-clusters.py`: reads texts separated by a line holding only
//! U+001E on stdin, writes one sentence a line, each token as `form<TAB>stem`
//! and tokens separated by U+001F.
//!
//! `cargo run --release -p marsad-ner --example dump_forms < texts.txt > forms.txt`
use std::io::{BufWriter, Read, Write};

use marsad_text::Document;

fn main() -> std::io::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for text in input.split("\n\u{1e}\n") {
        let doc = Document::new(text);
        for s in doc.sentences() {
            let toks = &doc.tokens()[s.tokens.start as usize..s.tokens.end as usize];
            for (i, t) in toks.iter().enumerate() {
                if i > 0 {
                    out.write_all("\u{1f}".as_bytes())?;
                }
                let f = marsad_ner::forms::form(&doc, t);
                let st = marsad_ner::forms::stem_form(&doc, t);
                write!(out, "{f}\t{st}")?;
            }
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}
