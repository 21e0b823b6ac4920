//! Prints the entities the shipped model finds in text on stdin, one per
//! line: `LABEL<TAB>score<TAB>text`.
//!
//! `echo "قال الرئيس الفرنسي إيمانويل ماكرون في باريس" | cargo run --release -p marsad-ner --example tag`
use std::io::Read;

use marsad_ner::Model;
use marsad_text::Document;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let doc = Document::new(&text);
    let toks = doc.tokens();
    for s in Model::embedded().tag_document(&doc) {
        let span = &text[toks[s.token_start].start as usize..toks[s.token_end - 1].end as usize];
        println!("{}\t{:.2}\t{span}", s.label, s.score);
    }
    Ok(())
}
