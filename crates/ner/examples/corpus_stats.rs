//! Corpus label statistics for `marsad train ner --stats`: tags plain text
//! with a (context-only) model and counts, for every word form and stem
//! form, its occurrences and how many were tagged PERS, LOC, ORG, MISC.
//!
//! `cargo run --release -p marsad-ner --example corpus_stats -- MODEL MIN_COUNT < texts.txt > stats.tsv`
//!
//! Texts are separated by a line holding only U+001E (as for `dump_forms`).
//! Output: `form<TAB>n<TAB>pers<TAB>loc<TAB>org<TAB>misc`, sorted by form,
//! for forms seen at least MIN_COUNT times. Two worker threads; the counts
//! do not depend on the thread count.
use std::collections::BTreeMap;
use std::io::{BufWriter, Read, Write};

use marsad_ner::{forms, Model};
use marsad_text::Document;

type Counts = BTreeMap<String, (u32, [u32; 4])>;

fn count(model: &Model, texts: &[&str]) -> Counts {
    let mut c = Counts::new();
    for text in texts {
        let doc = Document::new(text);
        let mut label = vec![None; doc.tokens().len()];
        for s in model.tag_document(&doc) {
            for l in &mut label[s.token_start..s.token_end] {
                *l = Some(s.label as usize);
            }
        }
        for (t, l) in doc.tokens().iter().zip(&label) {
            let f = forms::form(&doc, t);
            let st = forms::stem_form(&doc, t);
            let mut add = |w: &str| {
                let e = c.entry(w.to_string()).or_insert((0, [0; 4]));
                e.0 += 1;
                if let Some(l) = l {
                    e.1[*l] += 1;
                }
            };
            add(&f);
            if st != f {
                add(&st);
            }
        }
    }
    c
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, min] = &args[..] else {
        return Err("usage: corpus_stats MODEL MIN_COUNT < texts".into());
    };
    let model = Model::load(model)?;
    let min: u32 = min.parse()?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let texts: Vec<&str> = input.split("\n\u{1e}\n").collect();
    let half = texts.len() / 2;
    let (a, b) = std::thread::scope(|s| {
        let ha = s.spawn(|| count(&model, &texts[..half]));
        let hb = s.spawn(|| count(&model, &texts[half..]));
        (ha.join(), hb.join())
    });
    let (mut a, b) = (a.map_err(|_| "worker panicked")?, b.map_err(|_| "worker panicked")?);
    for (w, (n, c)) in b {
        let e = a.entry(w).or_insert((0, [0; 4]));
        e.0 += n;
        for (x, y) in e.1.iter_mut().zip(c) {
            *x += y;
        }
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (w, (n, c)) in a {
        if n >= min && !w.is_empty() && w.len() <= 255 && !w.contains(['\t', '\n']) {
            writeln!(out, "{w}\t{n}\t{}\t{}\t{}\t{}", c[0], c[1], c[2], c[3])?;
        }
    }
    out.flush()?;
    Ok(())
}
