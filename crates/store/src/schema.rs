//! The store's SQL schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. `MIGRATIONS[v]` takes a
//! store from version `v` to `v + 1`; a new store runs them all. A change
//! to the schema is a new entry at the end, never an edit of an old one.

use rusqlite::Connection;

use crate::ErrorKind;

/// Version 0 → 1: articles and what their analyses say.
const V1: &str = "
CREATE TABLE articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    -- BLAKE3 of the text: the same text under another id is a copy.
    hash BLOB NOT NULL,
    published TEXT,
    outlet TEXT,
    title TEXT,
    url TEXT,
    -- The text, deflated (`Store::text` reads it).
    text BLOB NOT NULL,
    text_bytes INTEGER NOT NULL,
    -- The analysis as deflated JSON without what the text gives back
    -- (see compact.rs; it prints at about five times the text).
    analysis BLOB NOT NULL,
    ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE actors (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name_en TEXT,
    name_ar TEXT,
    kind TEXT NOT NULL,
    country TEXT,
    code TEXT
);

-- Clustered by article: an article's mentions are read and deleted together.
CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES actors(num),
    PRIMARY KEY (article, start, end, actor)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions(actor);

CREATE TABLE events (
    article INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    cameo TEXT NOT NULL,
    goldstein REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    source TEXT,
    target TEXT,
    date TEXT,
    location TEXT,
    factuality TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
);
CREATE INDEX events_source ON events(source);
CREATE INDEX events_target ON events(target);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(type);

CREATE TABLE relations (
    article INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    sign TEXT NOT NULL,
    weight REAL NOT NULL
);
CREATE INDEX relations_pair ON relations(a, b);
CREATE INDEX relations_article ON relations(article);
";

const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// The store's schema version.
pub(crate) fn version(conn: &Connection) -> Result<u32, ErrorKind> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the store up to [`VERSION`], one migration per transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<u32, ErrorKind> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(ErrorKind::SchemaTooNew { found, supported: VERSION });
    }
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Write-locked from the start, and the version read again under the
        // lock: another process opening the same new store (a reader while
        // an ingest creates it) may have migrated it meanwhile.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if version(&tx)? > v as u32 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v as u32 + 1)?;
        tx.commit()?;
    }
    Ok(VERSION)
}
