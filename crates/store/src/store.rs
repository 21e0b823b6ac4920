//! Opening a store, and reading and writing its articles.

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use marsad_annotations::Analysis;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::corpus::{self, Key};
use crate::stories::{self, Signature};
use crate::{schema, Error, ErrorKind};

/// Page size of a new database; see `setup`.
const PAGE_SIZE: u32 = 1024;

/// The database file inside a store directory.
pub const DB_FILE: &str = "marsad.sqlite";

/// A corpus store: a directory holding the SQLite database.
pub struct Store {
    dir: PathBuf,
    pub(crate) conn: Connection,
}

/// An article to store: its text and its analysis (whose `article` part
/// carries the id and metadata).
pub struct Item<'a> {
    /// The id the article is stored under.
    pub id: &'a str,
    /// The body text.
    pub text: &'a str,
    /// Its analysis.
    pub analysis: &'a Analysis,
}

/// Whether an article is already in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// Neither its id nor its text is stored.
    New,
    /// Stored under this id with the same text.
    Same,
    /// Stored under this id with another text: storing it replaces that.
    Changed,
    /// Its text is stored under another id (a copy).
    CopyOf(String),
}

/// What a store holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Schema version.
    pub schema: u32,
    /// Articles.
    pub articles: u64,
    /// Distinct actors.
    pub actors: u64,
    /// Actor mentions.
    pub mentions: u64,
    /// Events as articles tell them (the mentions of corpus events).
    pub events: u64,
    /// Corpus events: the events of all articles, merged.
    pub corpus_events: u64,
    /// Story clusters of near-duplicate articles.
    pub stories: u64,
    /// Relations (one per actor pair per article).
    pub relations: u64,
    /// Bytes of article text.
    pub text_bytes: u64,
    /// Bytes on disk: the database, its journal files and anything else in
    /// the store directory (the search index).
    pub disk_bytes: u64,
}

/// The id of an article that came without one: its text's hash.
pub fn content_id(text: &str) -> String {
    let h = blake3::hash(text.as_bytes());
    format!("sha:{}", &h.to_hex()[..16])
}

impl Store {
    /// Opens the store in `dir`, creating it (and the directory) if needed
    /// and migrating an older schema.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, Error> {
        let dir = dir.as_ref().to_path_buf();
        let err = |kind: ErrorKind| Error { path: dir.clone(), kind };
        std::fs::create_dir_all(&dir).map_err(|e| err(e.into()))?;
        let mut conn = Connection::open(dir.join(DB_FILE)).map_err(|e| err(e.into()))?;
        setup(&mut conn).map_err(err)?;
        Ok(Store { dir, conn })
    }

    /// Opens an existing store for reading, failing if there is none.
    pub fn open_existing(dir: impl AsRef<Path>) -> Result<Store, Error> {
        let dir = dir.as_ref();
        if !dir.join(DB_FILE).is_file() {
            let missing =
                std::io::Error::new(std::io::ErrorKind::NotFound, "no store here (run `marsad ingest` first)");
            return Err(Error { path: dir.to_path_buf(), kind: missing.into() });
        }
        Store::open(dir)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sets this connection's SQLite page cache, in KiB (64 MiB when
    /// opened, which pays off when a large corpus is ingested at once).
    pub fn set_cache_kib(&self, kib: u32) -> Result<(), Error> {
        self.conn.pragma_update(None, "cache_size", -i64::from(kib)).map_err(|e| self.err(e))
    }

    pub(crate) fn err(&self, kind: impl Into<ErrorKind>) -> Error {
        Error { path: self.dir.clone(), kind: kind.into() }
    }

    /// Whether an article with this id and text is stored.
    pub fn presence(&self, id: &str, text: &str) -> Result<Presence, Error> {
        let hash = blake3::hash(text.as_bytes());
        let by_id: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT hash FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        match by_id {
            Some(h) if h == hash.as_bytes() => return Ok(Presence::Same),
            Some(_) => return Ok(Presence::Changed),
            None => {}
        }
        let copy: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE hash = ?1 LIMIT 1")
            .and_then(|mut s| s.query_row([hash.as_bytes().as_slice()], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        Ok(copy.map_or(Presence::New, Presence::CopyOf))
    }

    /// Stores articles in one transaction, each replacing what is stored
    /// under its id: either all of them are stored or none.
    pub fn put(&mut self, items: &[Item<'_>]) -> Result<(), Error> {
        let prepared = items.iter().map(Prepared::new).collect::<Result<Vec<_>, _>>().map_err(|k| self.err(k))?;
        self.put_prepared(&prepared)
    }

    /// [`Store::put`] of articles already [`Prepared`] (on other threads:
    /// compressing is most of the work of storing).
    pub fn put_prepared(&mut self, items: &[Prepared<'_>]) -> Result<(), Error> {
        let tx = self.conn.transaction().map_err(|e| Error { path: self.dir.clone(), kind: e.into() })?;
        for item in items {
            put_one(&tx, item).map_err(|kind| Error { path: self.dir.clone(), kind })?;
        }
        tx.commit().map_err(|e| Error { path: self.dir.clone(), kind: e.into() })
    }

    /// The stored analysis of an article.
    pub fn analysis(&self, id: &str) -> Result<Option<Analysis>, Error> {
        Ok(load(&self.conn, id).map_err(|k| self.err(k))?.map(|(_, a)| a))
    }

    /// The stored text of an article.
    pub fn text(&self, id: &str) -> Result<Option<String>, Error> {
        let blob: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT text FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        let Some(blob) = blob else { return Ok(None) };
        inflate_text(&blob).map(Some).map_err(|reason| self.err(ErrorKind::BadRecord { id: id.to_string(), reason }))
    }

    /// Counts of what the store holds.
    pub fn stats(&self) -> Result<Stats, Error> {
        let count = |sql: &str| -> Result<u64, Error> {
            self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n.max(0) as u64).map_err(|e| self.err(e))
        };
        let disk_bytes = dir_bytes(&self.dir);
        Ok(Stats {
            schema: schema::version(&self.conn).map_err(|k| self.err(k))?,
            articles: count("SELECT count(*) FROM articles")?,
            actors: count("SELECT count(*) FROM actors")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            events: count("SELECT count(*) FROM events")?,
            corpus_events: count("SELECT count(*) FROM corpus_events")?,
            stories: count("SELECT count(*) FROM stories")?,
            relations: count("SELECT count(*) FROM relations")?,
            text_bytes: count("SELECT coalesce(sum(text_bytes), 0) FROM articles")?,
            disk_bytes,
        })
    }
}

/// Bytes of the files in and below `dir` (what cannot be read counts 0).
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            _ => e.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}

/// An article's text and analysis, read back.
fn load(conn: &Connection, id: &str) -> Result<Option<(String, Analysis)>, ErrorKind> {
    let row: Option<(Vec<u8>, Vec<u8>)> = conn
        .prepare_cached("SELECT text, analysis FROM articles WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((text, blob)) = row else { return Ok(None) };
    let bad = |reason: String| ErrorKind::BadRecord { id: id.to_string(), reason };
    let text = inflate_text(&text).map_err(bad)?;
    let json = inflate(&blob).map_err(|e| bad(e.to_string()))?;
    let mut v: serde_json::Value = serde_json::from_slice(&json).map_err(|e| bad(e.to_string()))?;
    crate::compact::restore(&mut v, &text);
    let a = serde_json::from_value(v).map_err(|e| bad(e.to_string()))?;
    Ok(Some((text, a)))
}

/// Gives the articles of a version-1 store their stories, and their events
/// their corpus events, as storing them now would (inside the migration's
/// transaction: a killed migration leaves the store at version 1).
fn backfill(tx: &Transaction<'_>, version: u32) -> Result<(), ErrorKind> {
    if version != 2 {
        return Ok(());
    }
    let ids: Vec<(i64, String)> = tx
        .prepare("SELECT num, id FROM articles ORDER BY num")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (num, id) in ids {
        let Some((text, a)) = load(tx, &id)? else { continue };
        let keys = corpus::keys(&a);
        let mut update = tx.prepare_cached(
            "UPDATE events SET day = ?3, sentence = ?4, confidence = ?5, tellings = ?6 WHERE article = ?1 AND idx = ?2",
        )?;
        for (i, (e, k)) in a.events.iter().zip(&keys).enumerate() {
            update.execute(params![
                num,
                i as i64,
                k.day,
                e.sentence as i64,
                decimal(e.confidence),
                1 + e.mentions.len() as i64
            ])?;
        }
        let story = stories::assign(tx, num, &id, Signature::of(&text).as_ref())?;
        let placed = corpus::place(tx, num, story, &a, &keys)?;
        let mut set = tx.prepare_cached("UPDATE events SET corpus_event = ?1 WHERE article = ?2 AND idx = ?3")?;
        for (i, c) in placed.ids.iter().enumerate() {
            set.execute(params![c, num, i as i64])?;
        }
        for c in placed.recount {
            corpus::recount(tx, c)?;
        }
    }
    Ok(())
}

fn setup(conn: &mut Connection) -> Result<(), ErrorKind> {
    // WAL: readers (search, the server) work while an ingest writes, and a
    // killed writer loses only its open transaction.
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Small pages for a new database (an existing one keeps its own): an
    // article row (text and analysis, deflated) is a few kilobytes, and the
    // last page of each row's overflow chain is on average half empty.
    conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    // Switching a new database to WAL needs it alone, and SQLite answers
    // "busy" at once rather than waiting while another process opens it too
    // (a reader polling while an ingest creates the store): tried again.
    for tries in 1.. {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 200 => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            done => {
                done?;
                break;
            }
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Linking stories and corpus events reads older articles' rows at
    // random: SQLite's default 2 MB page cache misses on most of them
    // (ingesting the ANT corpus took 8 % longer with it).
    conn.pragma_update(None, "cache_size", -65536)?;
    // Storing an article runs some 25 cached statements: more than
    // rusqlite's default 16, which would re-prepare them for every article.
    conn.set_prepared_statement_cache_capacity(64);
    schema::migrate(conn, backfill)?;
    Ok(())
}

/// An article ready to store: its text and analysis compressed, its story
/// signature and its events' merge keys computed.
pub struct Prepared<'a> {
    item: &'a Item<'a>,
    text: Vec<u8>,
    analysis: Vec<u8>,
    signature: Option<Signature>,
    keys: Vec<Key>,
}

impl<'a> Prepared<'a> {
    /// Compresses an article's text and analysis for [`Store::put_prepared`].
    pub fn new(item: &'a Item<'a>) -> Result<Prepared<'a>, ErrorKind> {
        let mut json = serde_json::to_value(item.analysis).map_err(std::io::Error::from)?;
        crate::compact::strip(&mut json, item.text);
        let json = serde_json::to_vec(&json).map_err(std::io::Error::from)?;
        Ok(Prepared {
            item,
            text: deflate(item.text.as_bytes())?,
            analysis: deflate(&json)?,
            signature: Signature::of(item.text),
            keys: corpus::keys(item.analysis),
        })
    }
}

fn put_one(tx: &Transaction<'_>, p: &Prepared<'_>) -> Result<(), ErrorKind> {
    let item = p.item;
    let a = item.analysis;
    let meta = &a.article;
    let (text, blob) = (&p.text, &p.analysis);
    // Replacing deletes the old row's mentions, events, relations and story
    // membership too; the corpus events and story it was part of are
    // recounted below.
    let old = replaced(tx, item.id)?;
    stories::forget(tx, item.id)?;
    tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?.execute([item.id])?;
    tx.prepare_cached(
        "INSERT INTO articles (id, hash, published, outlet, title, url, text, text_bytes, analysis)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        item.id,
        blake3::hash(item.text.as_bytes()).as_bytes().as_slice(),
        meta.published,
        meta.outlet,
        meta.title,
        meta.url,
        text,
        item.text.len() as i64,
        blob
    ])?;
    let num = tx.last_insert_rowid();
    let mut actor = tx.prepare_cached(
        "INSERT INTO actors (id, name_en, name_ar, kind, country, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET id = id RETURNING num",
    )?;
    let mut mention =
        tx.prepare_cached("INSERT OR IGNORE INTO mentions (article, actor, start, end) VALUES (?1, ?2, ?3, ?4)")?;
    for x in &a.actors {
        let actor_num: i64 =
            actor.query_row(params![x.id, x.name_en, x.name_ar, x.kind, x.country, x.code], |r| r.get(0))?;
        for m in &x.mentions {
            mention.execute(params![num, actor_num, m.start as i64, m.end as i64])?;
        }
    }
    let story = stories::assign(tx, num, item.id, p.signature.as_ref())?;
    let placed = corpus::place(tx, num, story, a, &p.keys)?;
    let mut event = tx.prepare_cached(
        "INSERT INTO events (article, idx, type, cameo, goldstein, quad_class, source, target, date, location,
                             factuality, trigger_start, trigger_end, day, sentence, confidence, tellings, corpus_event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (i, ((e, k), c)) in a.events.iter().zip(&p.keys).zip(&placed.ids).enumerate() {
        event.execute(params![
            num,
            i as i64,
            e.kind,
            e.cameo,
            decimal(e.goldstein),
            e.quad_class,
            e.source,
            e.target,
            e.date,
            e.location,
            label(&e.factuality),
            e.trigger.start as i64,
            e.trigger.end as i64,
            k.day,
            e.sentence as i64,
            decimal(e.confidence),
            1 + e.mentions.len() as i64,
            c
        ])?;
    }
    let mut relation =
        tx.prepare_cached("INSERT INTO relations (article, a, b, sign, weight) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for r in &a.relations {
        relation.execute(params![num, r.a, r.b, label(&r.sign), decimal(r.weight)])?;
    }
    let mut touched = placed.recount;
    touched.extend(old.corpus_events);
    for id in touched {
        corpus::recount(tx, id)?;
    }
    if let Some(s) = old.story {
        stories::drop_if_empty(tx, s)?;
    }
    Ok(())
}

/// What a stored article being replaced was part of.
struct Replaced {
    story: Option<i64>,
    corpus_events: Vec<i64>,
}

fn replaced(tx: &Transaction<'_>, id: &str) -> Result<Replaced, ErrorKind> {
    let story = tx
        .prepare_cached("SELECT s.story FROM articles a JOIN article_stories s ON s.article = a.num WHERE a.id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let corpus_events = tx
        .prepare_cached(
            "SELECT DISTINCT e.corpus_event FROM articles a JOIN events e ON e.article = a.num
             WHERE a.id = ?1 AND e.corpus_event IS NOT NULL",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Replaced { story, corpus_events })
}

/// An `f32` score as the `f64` of its shortest decimal form (1.9, not
/// 1.899999976158142).
pub(crate) fn decimal(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

fn deflate(b: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut z = DeflateEncoder::new(Vec::with_capacity(b.len() / 2), flate2::Compression::default());
    z.write_all(b)?;
    z.finish()
}

fn inflate(b: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len() * 3);
    DeflateDecoder::new(b).read_to_end(&mut out)?;
    Ok(out)
}

/// A stored text, or why it cannot be read.
pub(crate) fn inflate_text(b: &[u8]) -> Result<String, String> {
    String::from_utf8(inflate(b).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// A unit enum as the analysis prints it (`asserted`, `cooperative` …).
fn label<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_annotations::Analyzer;

    #[test]
    fn the_page_cache_is_64_mib_until_set() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let cache = |s: &Store| s.conn.query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(cache(&store), -65536);
        store.set_cache_kib(2048).unwrap();
        assert_eq!(cache(&store), -2048);
    }

    /// A store written by version 1 (only the V1 SQL ran) opens, migrates,
    /// and gets its stories and corpus events as if ingested now.
    #[test]
    fn a_version_1_store_migrates_and_is_backfilled() {
        let dir = tempfile::tempdir().unwrap();
        let text = "أدان المغرب الهجوم الذي استهدف السفارة الفرنسية في بغداد يوم الاثنين. \
                    وزار رئيس الوزراء العراقي باريس الأسبوع الماضي.";
        let mut article = marsad_article::Article::new(text);
        article.published = "2018-03-05".parse().ok();
        let a = Analyzer::default().analyze(&article).unwrap();
        assert!(!a.events.is_empty());
        let item = Item { id: "old", text, analysis: &a };
        let p = Prepared::new(&item).unwrap();
        {
            let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            conn.execute_batch(schema::V1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO articles (id, hash, published, text, text_bytes, analysis) VALUES ('old', x'00', ?1, ?2, ?3, ?4)",
                params![a.article.published, p.text, text.len() as i64, p.analysis],
            )
            .unwrap();
            for (i, e) in a.events.iter().enumerate() {
                conn.execute(
                    "INSERT INTO events (article, idx, type, cameo, goldstein, quad_class, source, target, date,
                                         location, factuality, trigger_start, trigger_end)
                     VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, 'asserted', ?9, ?10)",
                    params![
                        i as i64,
                        e.kind,
                        e.cameo,
                        f64::from(e.goldstein),
                        e.quad_class,
                        e.source,
                        e.target,
                        e.date,
                        e.trigger.start as i64,
                        e.trigger.end as i64
                    ],
                )
                .unwrap();
            }
        }
        let store = Store::open(dir.path()).unwrap();
        let s = store.stats().unwrap();
        assert_eq!((s.schema, s.articles, s.stories), (schema::VERSION, 1, 1));
        assert!(s.corpus_events >= 1 && s.corpus_events <= s.events, "{s:?}");
        let rows = store.events(&crate::EventQuery::default()).unwrap();
        assert!(rows.iter().all(|r| r.corpus_event.is_some() && r.sentence.is_some()), "{rows:?}");
        let corpus = store.corpus_events(&crate::EventQuery::default()).unwrap();
        assert_eq!(
            corpus.iter().map(|c| c.num_mentions).sum::<i64>(),
            a.events.iter().map(|e| 1 + e.mentions.len() as i64).sum::<i64>()
        );
        assert!(store.story("old").unwrap().is_some());
        // A new article of the same text is the same story.
        drop(store);
        let mut store = Store::open(dir.path()).unwrap();
        store.put(&[Item { id: "new", text, analysis: &a }]).unwrap();
        assert_eq!(store.story("new").unwrap(), store.story("old").unwrap());
    }
}
