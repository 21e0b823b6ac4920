//! The store's SQL schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. `MIGRATIONS[v]` takes a
//! store from version `v` to `v + 1`; a new store runs them all. A change
//! to the schema is a new entry at the end, never an edit of an old one.

use rusqlite::{Connection, Transaction};

use crate::ErrorKind;

/// Version 0 → 1: articles and what their analyses say.
pub(crate) const V1: &str = "
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

/// Version 1 → 2: story clusters of near-duplicate articles (MinHash
/// signatures with LSH bands) and corpus events merging the events that
/// several articles tell.
const V2: &str = "
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    -- The id of the article that started it (it may since be replaced).
    first_article TEXT NOT NULL
);
-- An article's story, its MinHash signature (little-endian u32s) and its
-- estimated Jaccard with the article it joined on (NULL: it started the
-- story). Beside `articles` rather than in it: columns after the text
-- blobs would cost reading their overflow pages.
CREATE TABLE article_stories (
    article INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    story INTEGER NOT NULL REFERENCES stories(id),
    minhash BLOB NOT NULL,
    similarity REAL
);
CREATE INDEX article_stories_story ON article_stories(story);

-- LSH: one row per band of an article's signature (the band's hash);
-- articles sharing one are the candidates a new article is compared with.
-- No foreign key and no index by article (it would be a twentieth of the
-- store): a replaced article's bands are deleted by value, from its stored
-- signature (stories::forget).
CREATE TABLE story_bands (
    band INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, article)
) WITHOUT ROWID;

CREATE TABLE corpus_events (
    id INTEGER PRIMARY KEY,
    -- The earliest day a mention gives it (YYYY-MM-DD).
    day TEXT,
    type TEXT NOT NULL,
    -- The merge key: the country level (first three letters of a CAMEO
    -- code) of source and target, '' when absent.
    source_key TEXT NOT NULL,
    target_key TEXT NOT NULL,
    -- The rest from the first mention (lowest article num, then index).
    cameo TEXT NOT NULL,
    root_code TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    source TEXT,
    target TEXT,
    location TEXT,
    first_article INTEGER,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_sources INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX corpus_events_key ON corpus_events(type, source_key, target_key, day);
CREATE INDEX corpus_events_day ON corpus_events(day);

-- Each article's event is a mention of a corpus event. `day` is its date
-- when that is a calendar day, else its article's; `tellings` counts its
-- trigger and the later tellings in the same article.
ALTER TABLE events ADD COLUMN corpus_event INTEGER REFERENCES corpus_events(id);
ALTER TABLE events ADD COLUMN day TEXT;
ALTER TABLE events ADD COLUMN sentence INTEGER;
ALTER TABLE events ADD COLUMN confidence REAL;
ALTER TABLE events ADD COLUMN tellings INTEGER NOT NULL DEFAULT 1;
CREATE INDEX events_corpus ON events(corpus_event);

-- Nothing reads mentions by actor alone (the search index finds the articles
-- mentioning an actor), and this index was a twentieth of the store.
DROP INDEX mentions_actor;
-- Events are read by corpus event or by article; a type or date alone is a
-- scan either way (a few milliseconds per 100k).
DROP INDEX events_date;
DROP INDEX events_type;
";

/// Version 2 → 3: what `marsad watch` remembers between passes (each
/// feed's state and the item URLs it has seen) and the alerts it raised.
const V3: &str = "
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    -- Validators of the last answer, sent back for a conditional GET.
    etag TEXT,
    last_modified TEXT,
    -- Times are RFC 3339 UTC.
    last_poll TEXT,
    last_ok TEXT,
    last_error TEXT,
    -- Failed polls in a row (0 after a good one).
    failures INTEGER NOT NULL DEFAULT 0,
    polls INTEGER NOT NULL DEFAULT 0,
    -- Articles stored from its items.
    articles INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- An item URL met in any feed: it is not fetched again. `article` is the id
-- it was stored under (NULL when it failed for good, with `error`).
CREATE TABLE feed_items (
    url TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    seen TEXT NOT NULL,
    article TEXT,
    error TEXT
) WITHOUT ROWID;
CREATE INDEX feed_items_feed ON feed_items(feed);

-- One row per rule and subject (a corpus event, or a story of syndicated
-- copies): an alert is raised once however many copies tell it.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    subject TEXT NOT NULL,
    article TEXT NOT NULL,
    created TEXT NOT NULL,
    -- The alert as delivered (JSON).
    body TEXT NOT NULL,
    UNIQUE (rule, subject)
);
";

const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// The store's schema version.
pub(crate) fn version(conn: &Connection) -> Result<u32, ErrorKind> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the store up to [`VERSION`], one migration per transaction.
/// `fill(tx, v)` runs in the transaction that brings a store holding
/// articles to version `v`, for what SQL alone cannot compute.
pub(crate) fn migrate(
    conn: &mut Connection,
    fill: impl Fn(&Transaction<'_>, u32) -> Result<(), ErrorKind>,
) -> Result<u32, ErrorKind> {
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
        if v > 0 {
            fill(&tx, v as u32 + 1)?;
        }
        tx.pragma_update(None, "user_version", v as u32 + 1)?;
        tx.commit()?;
    }
    Ok(VERSION)
}
