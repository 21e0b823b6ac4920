//! Corpus events: the events several articles tell, merged into one.
//!
//! Each article's event is a *mention* (a row of `events`, with its trigger
//! offsets). Mentions with the same PLOVER type, the same source and target
//! at country level (the first three letters of a CAMEO code: `ISRMIL` and
//! `ISRGOV` → `ISR`) and days at most one apart are one corpus event; so are
//! mentions with the same type and sides in articles of one story cluster,
//! whatever their days. A missing side matches only a missing side, and a
//! mention with neither side merges only within its story: "an attack"
//! without actors says too little to be matched across the corpus. A
//! mention without any day (no calendar date, no publication date) merges
//! only within its story too.

use std::collections::{BTreeSet, HashMap};

use marsad_annotations::contract::{cameo_state, Event};
use marsad_annotations::Analysis;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::ErrorKind;

/// What the writer needs of an event to place it among corpus events (and
/// what a batch job groups article events by to merge them the same way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The day it counts on (`YYYY-MM-DD`).
    pub day: Option<String>,
    /// Country level of the source, `""` when absent.
    pub source: String,
    /// Country level of the target, `""` when absent.
    pub target: String,
}

/// The keys of an analysis's events, in order.
pub fn keys(a: &Analysis) -> Vec<Key> {
    let codes: HashMap<&str, (Option<&str>, Option<&str>)> =
        a.actors.iter().map(|x| (x.id.as_str(), (x.code.as_deref(), x.country.as_deref()))).collect();
    let side = |id: &Option<String>| -> String {
        let Some(id) = id.as_deref() else { return String::new() };
        let (code, country) = codes.get(id).copied().unwrap_or((None, None));
        country_of(id, code, country)
    };
    a.events
        .iter()
        .map(|e| Key { day: day(e, a.article.published.as_deref()), source: side(&e.source), target: side(&e.target) })
        .collect()
}

/// An actor at country level: the state of its CAMEO code (a person coded
/// `AFGGOV` → `AFG`), else of its id, else its country, else its id.
pub(crate) fn country_of(id: &str, code: Option<&str>, country: Option<&str>) -> String {
    code.and_then(cameo_state).or_else(|| cameo_state(id)).or(country).unwrap_or(id).to_string()
}

/// An event's day: its date when that names a calendar day, else its
/// article's publication date.
fn day(e: &Event, published: Option<&str>) -> Option<String> {
    e.date.as_deref().and_then(calendar_day).or_else(|| published.and_then(calendar_day)).map(str::to_string)
}

/// The `YYYY-MM-DD` a value starts with, if it does.
fn calendar_day(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    let ok = d.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    ok.then_some(d)
}

/// The CAMEO root code: the first two digits (`0231` → `02`).
pub(crate) fn root_code(cameo: &str) -> &str {
    cameo.get(..2).unwrap_or(cameo)
}

/// Where an article's events go: the corpus event of each, found or
/// created (with the counts of its one mention), and the corpus events that
/// gained mentions, to [`recount`] once the events are stored.
pub(crate) struct Placed {
    /// The corpus event of each event, in order.
    pub ids: Vec<i64>,
    /// Corpus events to recount.
    pub recount: BTreeSet<i64>,
}

/// Places the events of article `num` (in story `story`) among corpus
/// events, before they are stored.
pub(crate) fn place(
    tx: &Transaction<'_>,
    num: i64,
    story: i64,
    a: &Analysis,
    keys: &[Key],
) -> Result<Placed, ErrorKind> {
    let mut placed = Placed { ids: Vec::with_capacity(keys.len()), recount: BTreeSet::new() };
    // CROSS JOIN keeps SQLite from starting at the corpus events of the key,
    // which grow with the corpus: a story has a few articles.
    let mut same_story = tx.prepare_cached(
        "SELECT c.id FROM article_stories s
         CROSS JOIN events e ON e.article = s.article
         CROSS JOIN corpus_events c ON c.id = e.corpus_event
         WHERE s.story = ?1 AND s.article != ?2 AND c.type = ?3 AND c.source_key = ?4 AND c.target_key = ?5
         ORDER BY c.id LIMIT 1",
    )?;
    // The nearest day first, then the most told.
    let mut near = tx.prepare_cached(
        "SELECT id FROM corpus_events
         WHERE type = ?1 AND source_key = ?2 AND target_key = ?3
           AND day BETWEEN date(?4, '-1 day') AND date(?4, '+1 day')
         ORDER BY abs(julianday(day) - julianday(?4)), num_mentions DESC, id LIMIT 1",
    )?;
    let mut create = tx.prepare_cached(
        "INSERT INTO corpus_events (day, type, source_key, target_key, cameo, root_code, quad_class, goldstein,
                                    source, target, location, first_article, num_mentions, num_sources, num_articles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, 1)",
    )?;
    for (e, k) in a.events.iter().zip(keys) {
        let found: Option<i64> =
            same_story.query_row(params![story, num, e.kind, k.source, k.target], |r| r.get(0)).optional()?;
        let found = match (found, &k.day) {
            (Some(id), _) => Some(id),
            (None, Some(day)) if !(k.source.is_empty() && k.target.is_empty()) => {
                near.query_row(params![e.kind, k.source, k.target, day], |r| r.get(0)).optional()?
            }
            _ => None,
        };
        let id = match found {
            Some(id) => {
                // A stored event, or one this article created and tells again.
                placed.recount.insert(id);
                id
            }
            None => {
                create.execute(params![
                    k.day,
                    e.kind,
                    k.source,
                    k.target,
                    e.cameo,
                    root_code(&e.cameo),
                    e.quad_class,
                    crate::store::decimal(e.goldstein),
                    e.source,
                    e.target,
                    e.location,
                    num,
                    1 + e.mentions.len() as i64
                ])?;
                tx.last_insert_rowid()
            }
        };
        placed.ids.push(id);
    }
    Ok(placed)
}

/// Recomputes a corpus event's counts, day and first mention from the
/// mentions linked to it, and drops it when none is left.
pub(crate) fn recount(tx: &Transaction<'_>, id: i64) -> Result<(), ErrorKind> {
    // Sources are distinct outlets; an article without an outlet is its own.
    tx.prepare_cached(
        "UPDATE corpus_events SET
             num_mentions = (SELECT coalesce(sum(tellings), 0) FROM events WHERE corpus_event = ?1),
             num_articles = (SELECT count(DISTINCT article) FROM events WHERE corpus_event = ?1),
             num_sources = (SELECT count(DISTINCT coalesce(a.outlet, 'article:' || a.id))
                            FROM events e JOIN articles a ON a.num = e.article WHERE e.corpus_event = ?1),
             day = (SELECT min(day) FROM events WHERE corpus_event = ?1)
         WHERE id = ?1",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "UPDATE corpus_events SET first_article = f.article, cameo = f.cameo, root_code = substr(f.cameo, 1, 2),
             quad_class = f.quad_class, goldstein = f.goldstein, source = f.source, target = f.target,
             location = f.location
         FROM (SELECT article, cameo, quad_class, goldstein, source, target, location FROM events
               WHERE corpus_event = ?1 ORDER BY article, idx LIMIT 1) AS f
         WHERE id = ?1",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "DELETE FROM corpus_events WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM events WHERE corpus_event = ?1)",
    )?
    .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_level_and_days() {
        assert_eq!(country_of("ISRMIL", Some("ISRMIL"), Some("ISR")), "ISR");
        assert_eq!(country_of("PER:Hamid Karzai", Some("AFGGOV"), Some("AFG")), "AFG");
        assert_eq!(country_of("PER:Someone", None, Some("EGY")), "EGY");
        assert_eq!(country_of("ORG:Unknown", None, None), "ORG:Unknown");
        assert_eq!(calendar_day("2018-02-18T10:00"), Some("2018-02-18"));
        assert_eq!(calendar_day("2018-02"), None);
        assert_eq!(calendar_day("PRESENT_REF"), None);
        assert_eq!(root_code("0231"), "02");
        assert_eq!(root_code("1"), "1");
    }
}
