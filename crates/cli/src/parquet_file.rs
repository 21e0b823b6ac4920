//! `marsad events --format parquet`: the JSONL output's columns in one
//! Parquet file (Snappy), through arrow-rs.

use std::path::Path;

use anyhow::Result;
use marsad_store::{CorpusEventRow, EventRow};
use marsad_tables::Columns;

/// Corpus events, as `--format jsonl` prints them.
pub fn write_corpus(path: &Path, rows: &[CorpusEventRow]) -> Result<()> {
    let mut c = Columns::default();
    let s = |f: fn(&CorpusEventRow) -> &Option<String>| rows.iter().map(move |r| f(r).as_deref());
    c.int("id", rows.iter().map(|r| Some(r.id)));
    c.text("day", s(|r| &r.day));
    c.text("type", rows.iter().map(|r| Some(r.kind.as_str())));
    c.text("cameo", rows.iter().map(|r| Some(r.cameo.as_str())));
    c.text("root_code", rows.iter().map(|r| Some(r.root_code.as_str())));
    c.int("quad_class", rows.iter().map(|r| Some(r.quad_class)));
    c.float("goldstein", rows.iter().map(|r| Some(r.goldstein)));
    c.text("source", s(|r| &r.source));
    c.text("target", s(|r| &r.target));
    c.text("source_country", s(|r| &r.source_country));
    c.text("target_country", s(|r| &r.target_country));
    c.text("location", s(|r| &r.location));
    c.int("num_mentions", rows.iter().map(|r| Some(r.num_mentions)));
    c.int("num_sources", rows.iter().map(|r| Some(r.num_sources)));
    c.int("num_articles", rows.iter().map(|r| Some(r.num_articles)));
    c.text("first_article", s(|r| &r.first_article));
    c.text("first_url", s(|r| &r.first_url));
    c.text("added", s(|r| &r.added));
    c.int("first_sentence", rows.iter().map(|r| r.first_sentence));
    Ok(c.write(path)?)
}

/// Article events (mentions), as `--mentions --format jsonl` prints them.
pub fn write_mentions(path: &Path, rows: &[EventRow]) -> Result<()> {
    let mut c = Columns::default();
    let s = |f: fn(&EventRow) -> &Option<String>| rows.iter().map(move |r| f(r).as_deref());
    c.text("article", rows.iter().map(|r| Some(r.article.as_str())));
    c.text("url", s(|r| &r.url));
    c.text("outlet", s(|r| &r.outlet));
    c.text("published", s(|r| &r.published));
    c.int("idx", rows.iter().map(|r| Some(r.idx)));
    c.text("type", rows.iter().map(|r| Some(r.kind.as_str())));
    c.text("cameo", rows.iter().map(|r| Some(r.cameo.as_str())));
    c.float("goldstein", rows.iter().map(|r| Some(r.goldstein)));
    c.int("quad_class", rows.iter().map(|r| Some(r.quad_class)));
    c.text("source", s(|r| &r.source));
    c.text("target", s(|r| &r.target));
    c.text("date", s(|r| &r.date));
    c.text("location", s(|r| &r.location));
    c.text("factuality", rows.iter().map(|r| Some(r.factuality.as_str())));
    c.int("trigger_start", rows.iter().map(|r| Some(r.trigger_start)));
    c.int("trigger_end", rows.iter().map(|r| Some(r.trigger_end)));
    c.int("sentence", rows.iter().map(|r| r.sentence));
    c.float("confidence", rows.iter().map(|r| r.confidence));
    c.int("corpus_event", rows.iter().map(|r| r.corpus_event));
    Ok(c.write(path)?)
}
