//! Search latency over a store: marsad's index against SQLite FTS5 on the
//! same texts and the same queries.
//!
//!   cargo run --release -p marsad-search --example bench_search -- STORE [QUERIES]
//!
//! Queries: words from the titles of 400 articles spread over the store
//! (one word, or two adjacent words as a phrase), run three times each. A
//! marsad search returns the top 10 with snippets, metadata, the total and
//! facet counts; an FTS5 search (unicode61 tokenizer, diacritics removed)
//! the top 10 by bm25 with `snippet()` and the total. `scripts/bench-search.sh`
//! builds the store from the ANT corpus and runs this.

use std::time::{Duration, Instant};

use marsad_search::{Query, SearchIndex};
use marsad_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: bench_search STORE [QUERIES]")?;
    let n_queries: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(400);
    let store = Store::open_existing(&dir)?;
    let index = SearchIndex::open(&dir)?;
    let ids = store.ids()?;
    eprintln!("{} articles, {} indexed", ids.len(), index.len());
    let queries = queries(&store, &ids, n_queries)?;

    // FTS5 over the same texts, in a database of its own.
    let fts_path = std::path::Path::new(&dir).join("fts5-bench.sqlite");
    let _ = std::fs::remove_file(&fts_path);
    let fts = rusqlite::Connection::open(&fts_path)?;
    fts.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');",
    )?;
    let t = Instant::now();
    {
        let tx = fts.unchecked_transaction()?;
        let mut ins = tx.prepare("INSERT INTO fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
        for (i, id) in ids.iter().enumerate() {
            let (Some(meta), Some(text)) = (store.article(id)?, store.text(id)?) else { continue };
            ins.execute(rusqlite::params![i as i64, meta.title, text])?;
        }
        drop(ins);
        tx.commit()?;
    }
    let fts_bytes = std::fs::metadata(&fts_path)?.len();
    eprintln!("FTS5 table built in {:.1} s, {:.1} MB", t.elapsed().as_secs_f64(), fts_bytes as f64 / 1e6);

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let (mut ours_found, mut theirs_found) = (0u64, 0u64);
    let mut top = fts.prepare(
        "SELECT rowid, snippet(fts, 1, '[', ']', '…', 24) FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10",
    )?;
    let mut count = fts.prepare("SELECT count(*) FROM fts WHERE fts MATCH ?1")?;
    for round in 0..3 {
        for q in &queries {
            let t = Instant::now();
            let r = index.search(&store, &Query { text: q.clone(), limit: 10, ..Query::default() })?;
            ours.push(t.elapsed());
            let fts_q = format!("\"{}\"", q.trim_matches('"').replace('"', ""));
            let t = Instant::now();
            let hits: Vec<(i64, String)> =
                top.query_map([&fts_q], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
            let n: i64 = count.query_row([&fts_q], |r| r.get(0))?;
            theirs.push(t.elapsed());
            if round == 0 {
                ours_found += r.total;
                theirs_found += n.max(0) as u64;
                std::hint::black_box(hits);
            }
        }
    }
    let _ = std::fs::remove_file(&fts_path);
    println!("{} queries x 3 over {} articles (top 10 with snippets and totals)", queries.len(), ids.len());
    report("marsad (tantivy, Arabic analyzer, + facets)", &mut ours, ours_found);
    report("SQLite FTS5 (unicode61)", &mut theirs, theirs_found);
    Ok(())
}

/// One- and two-word queries from titles spread over the store.
fn queries(store: &Store, ids: &[String], n: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let step = (ids.len() / n.max(1)).max(1);
    let mut out = Vec::new();
    for (k, id) in ids.iter().step_by(step).take(n).enumerate() {
        let Some(title) = store.article(id)?.and_then(|m| m.title) else { continue };
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)))
            .collect();
        if words.is_empty() {
            continue;
        }
        let i = k % words.len();
        // Every other query a two-word phrase, when the title has one.
        if k % 2 == 1 && i + 1 < words.len() {
            out.push(format!("\"{} {}\"", words[i], words[i + 1]));
        } else {
            out.push(words[i].to_string());
        }
    }
    Ok(out)
}

fn report(name: &str, times: &mut [Duration], found: u64) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1e3;
    let mean = times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len() as f64 * 1e3;
    println!(
        "{name:<44} p50 {:>6.2} ms  p99 {:>6.2} ms  mean {:>6.2} ms  articles matched (one pass) {found}",
        pct(0.5),
        pct(0.99),
        mean
    );
}
