//! Searching: BM25 over titles and texts, filters, facets and snippets.

use std::ops::Bound;
use std::sync::PoisonError;

use marsad_store::Store;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use rustc_hash::FxHashSet;

use crate::facets::{Counts, FacetCounter};
use crate::index::FACET_COLUMNS;
use crate::snippet::Snippet;
use crate::{Error, ErrorKind, SearchIndex};

/// Facet values listed per facet (months are all listed).
const FACET_TOP: usize = 20;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words, `"phrases"`, `-excluded` words, `OR`; all words must match
    /// unless joined by `OR`. Empty: every article the filters let through,
    /// newest first.
    pub text: String,
    /// Articles mentioning this actor (`ISR` also matches `ISRMIL`).
    pub actor: Option<String>,
    /// Articles with an event of this PLOVER type.
    pub kind: Option<String>,
    /// Published on or after (`YYYY[-MM[-DD]]`).
    pub from: Option<String>,
    /// Published on or before.
    pub to: Option<String>,
    /// Articles of this outlet (case does not matter).
    pub outlet: Option<String>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (for pages).
    pub offset: usize,
}

/// A search's answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Results {
    /// Articles matching.
    pub total: u64,
    /// The best of them.
    pub hits: Vec<Hit>,
    /// Counts over all matching articles.
    pub facets: Facets,
}

/// One matching article.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// BM25 score (0 when there were no words to score).
    pub score: f32,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The passage that matches best.
    pub snippet: Snippet,
}

/// Matching articles counted by actor, event type, outlet and month.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    /// Most frequent actors.
    pub actor: Vec<(String, u64)>,
    /// Event types.
    #[serde(rename = "type")]
    pub kind: Vec<(String, u64)>,
    /// Outlets.
    pub outlet: Vec<(String, u64)>,
    /// Months (`YYYY-MM`), in order.
    pub month: Vec<(String, u64)>,
}

impl SearchIndex {
    /// Searches the index; hits are completed from `store`.
    pub fn search(&self, store: &Store, q: &Query) -> Result<Results, Error> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        let words = words_query(self, &q.text);
        if let Some(w) = &words {
            clauses.push((Occur::Must, w.box_clone()));
        }
        let mut filter = |field: Field, value: String| {
            let t = TermQuery::new(Term::from_field_text(field, &value), IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(t), 0.0))));
        };
        if let Some(a) = &q.actor {
            filter(f.actor, a.trim().to_string());
        }
        if let Some(k) = &q.kind {
            filter(f.kind, k.trim().to_uppercase());
        }
        if let Some(o) = &q.outlet {
            filter(f.outlet, o.trim().to_lowercase());
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: &Option<String>, end: bool| -> Result<Bound<Term>, Error> {
                match d {
                    None => Ok(Bound::Unbounded),
                    Some(d) => {
                        let day = day_bound(d, end).ok_or_else(|| {
                            self.err(ErrorKind::BadQuery(format!(
                                "{d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                            )))
                        })?;
                        Ok(Bound::Included(Term::from_field_i64(f.day, day)))
                    }
                }
            };
            let range = RangeQuery::new(bound(&q.from, false)?, bound(&q.to, true)?);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(range), 0.0))));
        }
        let query: Box<dyn tantivy::query::Query> =
            if clauses.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(clauses)) };
        let live: Vec<_> = searcher.segment_readers().iter().map(|s| s.segment_id()).collect();
        self.vocabulary.lock().unwrap_or_else(PoisonError::into_inner).retain(&live);
        let counter = FacetCounter { columns: FACET_COLUMNS, vocabulary: &self.vocabulary };
        let best = TopDocs::with_limit(q.limit.max(1)).and_offset(q.offset);
        let (addrs, total, counts): (Vec<(f32, DocAddress)>, usize, Counts) = if words.is_some() {
            searcher.search(&query, &(best.order_by_score(), Count, counter)).map_err(|e| self.err(e))?
        } else {
            let newest = best.order_by_fast_field::<i64>("day", Order::Desc);
            let (hits, total, counts) = searcher.search(&query, &(newest, Count, counter)).map_err(|e| self.err(e))?;
            (hits.into_iter().map(|(_, a)| (0.0, a)).collect(), total, counts)
        };
        // The terms a snippet highlights: the words' terms in the text field.
        let mut wanted = FxHashSet::default();
        if let Some(w) = &words {
            w.query_terms(&mut |term, _| {
                if term.field() == f.text {
                    if let Some(t) = term.value().as_str() {
                        wanted.insert(t.to_string());
                    }
                }
            });
        }
        let mut ranked = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs.into_iter().take(q.limit) {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()) {
                ranked.push((id.to_string(), score));
            }
        }
        let ids: Vec<&str> = ranked.iter().map(|(id, _)| id.as_str()).collect();
        // The store is the truth: an article it no longer holds is not a hit.
        let stored = store.articles_with_text(&ids)?;
        let mut hits = Vec::with_capacity(stored.len());
        let mut scores = ranked.iter();
        for (meta, text) in stored {
            let score = scores.find(|(id, _)| *id == meta.id).map_or(0.0, |(_, s)| *s);
            let snippet = Snippet::find(&text, &wanted);
            hits.push(Hit {
                id: meta.id,
                score,
                title: meta.title,
                url: meta.url,
                outlet: meta.outlet,
                published: meta.published,
                snippet,
            });
        }
        let facets = Facets {
            actor: counter.top(&counts, 0, Some(FACET_TOP)),
            kind: counter.top(&counts, 1, Some(FACET_TOP)),
            outlet: counter.top(&counts, 2, Some(FACET_TOP)),
            month: counter.top(&counts, 3, None),
        };
        Ok(Results { total: total as u64, hits, facets })
    }
}

impl SearchIndex {
    /// Which of the articles `ids` match the words of `text` (as the
    /// search box reads them): for watch rules with a query. Reads the
    /// index as last reloaded.
    pub fn matching(&self, text: &str, ids: &[&str]) -> Result<FxHashSet<String>, Error> {
        let f = self.fields;
        let (Some(words), false) = (words_query(self, text), ids.is_empty()) else {
            return Ok(FxHashSet::default());
        };
        let any_id: Vec<(Occur, Box<dyn tantivy::query::Query>)> = ids
            .iter()
            .map(|id| {
                let t = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
                (Occur::Should, Box::new(t) as Box<dyn tantivy::query::Query>)
            })
            .collect();
        let query = BooleanQuery::new(vec![(Occur::Must, words), (Occur::Must, Box::new(BooleanQuery::new(any_id)))]);
        let searcher = self.reader.searcher();
        let found =
            searcher.search(&query, &TopDocs::with_limit(ids.len()).order_by_score()).map_err(|e| self.err(e))?;
        let mut out = FxHashSet::default();
        for (_, addr) in found {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()) {
                out.insert(id.to_string());
            }
        }
        Ok(out)
    }
}

/// The words part of a query, parsed with the index's analyzer over titles
/// (counted double) and texts; `None` when it has no words.
fn words_query(index: &SearchIndex, text: &str) -> Option<Box<dyn tantivy::query::Query>> {
    let f = index.fields;
    // A colon is a field name's end to tantivy; in Arabic news text it is
    // punctuation (قال: …), unless the user names one of our fields.
    let text =
        if text.contains("title:") || text.contains("text:") { text.to_string() } else { text.replace(':', " ") };
    if text.trim().is_empty() {
        return None;
    }
    let mut parser = QueryParser::for_index(&index.index, vec![f.title, f.text]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    // Lenient: a stray quote or bracket drops that part, never the search.
    let (query, _) = parser.parse_query_lenient(&text);
    let mut any = false;
    query.query_terms(&mut |_, _| any = true);
    any.then_some(query)
}

/// `YYYYMMDD` of the first (or, for `end`, the last) day a `YYYY[-MM[-DD]]`
/// date covers; days past a month's end compare right all the same.
fn day_bound(d: &str, end: bool) -> Option<i64> {
    let parts: Vec<&str> = d.trim().split('-').collect();
    let num =
        |s: &str, len: usize| (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?;
    let y: i64 = num(parts.first()?, 4)?;
    let (lo, hi) = (0, 99);
    let m: i64 = match parts.get(1) {
        Some(m) => num(m, 2)?,
        None => return Some(y * 10_000 + if end { hi * 100 + hi } else { lo }),
    };
    let day: i64 = match parts.get(2) {
        Some(x) => num(x, 2)?,
        None => return Some(y * 10_000 + m * 100 + if end { hi } else { lo }),
    };
    (parts.len() == 3).then_some(y * 10_000 + m * 100 + day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_the_period() {
        assert_eq!(day_bound("2018", false), Some(20180000));
        assert_eq!(day_bound("2018", true), Some(20189999));
        assert_eq!(day_bound("2018-02", true), Some(20180299));
        assert_eq!(day_bound("2018-02-18", false), Some(20180218));
        assert_eq!(day_bound("18-02-2018", false), None);
        assert_eq!(day_bound("2018-2", false), None);
        assert_eq!(day_bound("2018-02-18-1", false), None);
    }
}
