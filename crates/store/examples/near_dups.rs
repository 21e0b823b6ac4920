//! Near-duplicate pairs of a JSONL corpus by estimated Jaccard, for choosing
//! the story threshold: how many pairs fall in each band of similarity, and
//! samples of each to read by eye. No analysis, no store: the signatures
//! and LSH bands the store uses, in memory.
//!
//!     cargo run -p marsad-store --example near_dups -- CORPUS.jsonl.gz [LIMIT] [SAMPLES]

use std::collections::{HashMap, HashSet};

use marsad_article::{open_reader, JsonlReader};
use marsad_store::{Signature, THRESHOLD};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: near_dups CORPUS.jsonl[.gz] [LIMIT] [SAMPLES]")?;
    let limit: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(usize::MAX);
    let samples: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let file = std::fs::File::open(&path)?;
    let reader = open_reader(file, Some(std::path::Path::new(&path)))?;
    let mut docs = Vec::new();
    for r in JsonlReader::new(reader, true).take(limit) {
        let Ok((_, a)) = r else { continue };
        let Some(sig) = Signature::of(&a.text) else { continue };
        let head: String = a.text.chars().take(110).collect::<String>().replace('\n', " ");
        let id = a.id.unwrap_or_default();
        let day = a.published.map(|d| d.since(jiff::civil::date(2000, 1, 1)).map_or(0, |s| s.get_days()));
        docs.push((id, a.outlet.unwrap_or_default(), a.title.unwrap_or_default(), head, sig, day));
    }
    // Candidate pairs: those sharing a band, as the store finds them.
    let mut buckets: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for b in d.4.bands() {
            buckets.entry(b).or_default().push(i);
        }
    }
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for v in buckets.values().filter(|v| v.len() > 1) {
        for (k, &i) in v.iter().enumerate() {
            for &j in &v[k + 1..] {
                pairs.insert((i, j));
            }
        }
    }
    let mut scored: Vec<(f64, usize, usize)> =
        pairs.into_iter().map(|(i, j)| (docs[i].4.similarity(&docs[j].4), i, j)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    println!("{} articles, {} candidate pairs (threshold {THRESHOLD})", docs.len(), scored.len());
    let bins = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.0];
    for w in bins.windows(2) {
        let (hi, lo) = (w[0], w[1]);
        let in_bin: Vec<_> = scored.iter().filter(|p| p.0 >= lo && (p.0 < hi || (hi == 1.0 && p.0 <= hi))).collect();
        let cross = in_bin.iter().filter(|p| docs[p.1].1 != docs[p.2].1).count();
        // Copies of one story come out within a day of each other: the share
        // of pairs published further apart is a floor on the false matches.
        let apart = in_bin
            .iter()
            .filter(|p| matches!((docs[p.1].5, docs[p.2].5), (Some(a), Some(b)) if (a - b).abs() > 1))
            .count();
        let close = if hi == 1.0 { "]" } else { ")" };
        println!(
            "\n== [{lo:.1}, {hi:.1}{close}: {} pairs, {cross} across outlets, {apart} published more than a day apart",
            in_bin.len()
        );
        // Samples spread through the bin.
        let step = (in_bin.len() / samples.max(1)).max(1);
        for p in in_bin.iter().step_by(step).take(samples) {
            let (a, b) = (&docs[p.1], &docs[p.2]);
            println!("  {:.2}  {} [{}] {}\n        {} [{}] {}", p.0, a.0, a.1, a.2, b.0, b.1, b.2);
            println!("        > {}\n        > {}", a.3, b.3);
        }
    }
    // What clusters the store would make: each article joins its best match
    // at or above the threshold among those before it.
    let mut story: Vec<usize> = (0..docs.len()).collect();
    let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
    for &(s, i, j) in &scored {
        if s >= THRESHOLD {
            let e = best.entry(j).or_insert((s, i));
            if s > e.0 {
                *e = (s, i);
            }
        }
    }
    for j in 0..docs.len() {
        if let Some(&(_, i)) = best.get(&j) {
            story[j] = story[i];
        }
    }
    let clusters: HashSet<usize> = story.iter().copied().collect();
    let joined = best.len();
    println!("\n{} articles → {} story clusters ({joined} articles joined an earlier one)", docs.len(), clusters.len());
    Ok(())
}
