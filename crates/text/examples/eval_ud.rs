//! Scores clitic segmentation against a UD Arabic treebank (CoNLL-U), where
//! conjunctions, prepositions, the future particle and pronoun suffixes are
//! separate tokens glued by `SpaceAfter=No` (the article stays on its word).
//!
//! `cargo run --release -p marsad-text --example eval_ud -- ar_pud-ud-test.conllu`
//! prints boundary precision/recall/F1 and whole-word accuracy.
use std::collections::BTreeSet;

use marsad_text::{chars::is_arabic_letter, Document, Proclitic, TokenKind};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: eval_ud FILE.conllu");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    // Gold words: runs of Arabic tokens glued by SpaceAfter=No.
    let mut words: Vec<(String, BTreeSet<usize>)> = Vec::new();
    let mut cur = String::new();
    let mut cuts = BTreeSet::new();
    let flush = |cur: &mut String, cuts: &mut BTreeSet<usize>, words: &mut Vec<(String, BTreeSet<usize>)>| {
        if !cur.is_empty() {
            words.push((std::mem::take(cur), std::mem::take(cuts)));
        }
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
            if line.is_empty() {
                flush(&mut cur, &mut cuts, &mut words);
            }
            continue;
        }
        let form: String = cols[1].chars().filter(|&c| !marsad_text::chars::is_dropped(c)).collect();
        if !form.chars().all(is_arabic_letter) || form.is_empty() {
            flush(&mut cur, &mut cuts, &mut words);
            continue;
        }
        if !cur.is_empty() {
            cuts.insert(cur.chars().count());
        }
        cur.push_str(&form);
        if !cols[9].contains("SpaceAfter=No") {
            flush(&mut cur, &mut cuts, &mut words);
        }
    }
    flush(&mut cur, &mut cuts, &mut words);

    let (mut tp, mut fp, mut fn_, mut exact) = (0usize, 0usize, 0usize, 0usize);
    let mut errors = Vec::new();
    for (word, gold) in &words {
        let doc = Document::new(word);
        let mut pred = BTreeSet::new();
        if let [t] = doc.tokens() {
            if t.kind == TokenKind::Arabic {
                // UD keeps the article on its word: cut after و ف ب ك ل س and before the enclitic.
                let mut at = 0;
                for p in t.clitics.proclitics() {
                    if p == Proclitic::Al {
                        break;
                    }
                    at += 1;
                    pred.insert(at);
                }
                if t.clitics.enclitic().is_some() {
                    pred.insert(doc.norm(t)[..t.clitics.stem_end as usize].chars().count());
                }
            }
        }
        tp += pred.intersection(gold).count();
        fp += pred.difference(gold).count();
        fn_ += gold.difference(&pred).count();
        if &pred == gold {
            exact += 1;
        } else if errors.len() < 40 {
            errors.push(format!("{word}: gold {gold:?} got {pred:?}"));
        }
    }
    for e in &errors {
        eprintln!("{e}");
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "words={} exact={:.2}% boundaries: precision={:.2} recall={:.2} f1={:.2}",
        words.len(),
        100.0 * exact as f64 / words.len().max(1) as f64,
        100.0 * p,
        100.0 * r,
        100.0 * 2.0 * p * r / (p + r).max(1e-9)
    );
}
