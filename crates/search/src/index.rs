//! The index: its schema, opening it beside a store, writing and repairing it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use marsad_annotations::Analysis;
use marsad_store::Store;
use rustc_hash::FxHashSet;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::{ArabicTokenizer, NAME};
use crate::facets::Vocabulary;
use crate::{Error, ErrorKind};

/// The index directory inside a store directory.
pub const INDEX_DIR: &str = "index";

/// Indexing memory shared by the writer's threads. Bigger segments mean
/// fewer merges; 128 MB keeps ingest's peak memory far under a GiB.
const WRITER_MEMORY: usize = 128 << 20;

/// The index's fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub text: Field,
    /// Publication day as `YYYYMMDD`.
    pub day: Field,
    pub outlet: Field,
    /// Actor ids, and the state of each organ (`ISR` for `ISRMIL`).
    pub actor: Field,
    /// PLOVER types of the article's events.
    pub kind: Field,
    /// Facet columns: actor ids as given, outlet as given, `YYYY-MM`.
    pub actor_id: Field,
    pub outlet_name: Field,
    pub month: Field,
}

/// The fast columns facets are counted on, in [`crate::Facets`] order.
pub(crate) const FACET_COLUMNS: &[&str] = &["actor_id", "type", "outlet_name", "month"];

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(NAME).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Facet columns are only counted, never searched.
    let facet = TextOptions::default().set_fast("raw");
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", words.clone()),
        text: b.add_text_field("text", words),
        day: b.add_i64_field("day", INDEXED | FAST),
        outlet: b.add_text_field("outlet", STRING),
        actor: b.add_text_field("actor", STRING),
        kind: b.add_text_field("type", STRING | FAST),
        actor_id: b.add_text_field("actor_id", facet.clone()),
        outlet_name: b.add_text_field("outlet_name", facet.clone()),
        month: b.add_text_field("month", facet),
    };
    (b.build(), fields)
}

/// A store's search index (`DIR/index`), rebuilt from the store when it is
/// missing or was made with another schema: it holds nothing the store
/// does not.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Facet values by id, and each segment's map to them.
    pub(crate) vocabulary: Mutex<Vocabulary>,
    dir: PathBuf,
}

impl SearchIndex {
    /// Opens the index of the store in `store_dir`, creating an empty one
    /// if there is none (or an outdated one). [`sync`] fills it.
    pub fn open(store_dir: impl AsRef<Path>) -> Result<SearchIndex, Error> {
        let dir = store_dir.as_ref().join(INDEX_DIR);
        let err = |kind: ErrorKind| Error { path: dir.clone(), kind };
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(&dir) {
            Ok(index) if index.schema() == schema => index,
            found => {
                // Missing, or another schema: the index is derived data,
                // so it is made afresh and refilled from the store.
                if found.is_ok() {
                    std::fs::remove_dir_all(&dir).map_err(|e| err(e.into()))?;
                }
                std::fs::create_dir_all(&dir).map_err(|e| err(e.into()))?;
                Index::create_in_dir(&dir, schema).map_err(|e| err(e.into()))?
            }
        };
        index.tokenizers().register(NAME, ArabicTokenizer::default());
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(|e| err(e.into()))?;
        Ok(SearchIndex { index, reader, fields, vocabulary: Mutex::default(), dir })
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn err(&self, kind: impl Into<ErrorKind>) -> Error {
        Error { path: self.dir.clone(), kind: kind.into() }
    }

    /// Articles in the index (as of the last [`SearchIndex::reload`]).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sees what writers have committed since opening.
    pub fn reload(&self) -> Result<(), Error> {
        self.reader.reload().map_err(|e| self.err(e))
    }

    /// A writer (one at a time per index: a second fails with
    /// [`ErrorKind::Locked`]) using `threads` indexing threads.
    pub fn writer(&self, threads: usize) -> Result<Writer, Error> {
        let threads = threads.max(1);
        let w = self.index.writer_with_num_threads(threads, WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => self.err(ErrorKind::Locked),
            e => self.err(e),
        })?;
        Ok(Writer { w, fields: self.fields, dir: self.dir.clone() })
    }

    /// The ids of the articles in the index.
    pub fn ids(&self) -> Result<FxHashSet<String>, Error> {
        let searcher = self.reader.searcher();
        let mut ids = FxHashSet::default();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).map_err(|e| self.err(e))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc.map_err(|e| self.err(e))?;
                if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
        Ok(ids)
    }
}

/// Adds, replaces and deletes articles; nothing is visible to searches
/// before [`Writer::commit`].
pub struct Writer {
    w: IndexWriter,
    fields: Fields,
    dir: PathBuf,
}

impl Writer {
    fn err(&self, kind: impl Into<ErrorKind>) -> Error {
        Error { path: self.dir.clone(), kind: kind.into() }
    }

    /// Indexes an article under `id`, replacing what is indexed under it.
    pub fn put(&mut self, id: &str, text: &str, analysis: &Analysis) -> Result<(), Error> {
        let f = &self.fields;
        let meta = &analysis.article;
        let mut d = doc!(f.id => id, f.text => text);
        if let Some(title) = &meta.title {
            d.add_text(f.title, title);
        }
        if let Some((day, month)) = meta.published.as_deref().and_then(day_of) {
            d.add_i64(f.day, day);
            d.add_text(f.month, month);
        }
        if let Some(outlet) = &meta.outlet {
            d.add_text(f.outlet, outlet.to_lowercase());
            d.add_text(f.outlet_name, outlet);
        }
        let mut actors: Vec<&str> = Vec::new();
        for a in &analysis.actors {
            actors.push(&a.id);
            d.add_text(f.actor_id, &a.id);
        }
        for a in &analysis.actors {
            if let Some(state) = state_of(&a.id) {
                actors.push(state);
            }
        }
        actors.sort_unstable();
        actors.dedup();
        for a in actors {
            d.add_text(f.actor, a);
        }
        let mut kinds: Vec<String> = analysis.events.iter().map(|e| e.kind.to_uppercase()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            d.add_text(f.kind, k);
        }
        self.delete(id);
        self.w.add_document(d).map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Removes the article indexed under `id`, if any.
    pub fn delete(&mut self, id: &str) {
        self.w.delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Makes everything written so far visible and durable.
    pub fn commit(&mut self) -> Result<(), Error> {
        self.w.commit().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Waits for background merges to finish (at the end of an ingest, so
    /// that the process does not exit with a merge half done).
    pub fn finish(self) -> Result<(), Error> {
        let dir = self.dir.clone();
        self.w.wait_merging_threads().map_err(|e| Error { path: dir, kind: e.into() })
    }
}

/// The state an organ belongs to: `ISR` for `ISRMIL` (a CAMEO code of a
/// three-letter state and an organ suffix), else `None`.
fn state_of(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    (b.len() > 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| &id[..3])
}

/// `YYYYMMDD` and `YYYY-MM` of a `YYYY-MM-DD…` date.
fn day_of(date: &str) -> Option<(i64, &str)> {
    let (y, m, d) = (date.get(0..4)?, date.get(5..7)?, date.get(8..10)?);
    let n = |s: &str| s.parse::<i64>().ok();
    Some((n(y)? * 10_000 + n(m)? * 100 + n(d)?, date.get(0..7)?))
}

/// What [`sync`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Articles of the store that were missing from the index.
    pub added: u64,
    /// Articles in the index that the store no longer holds.
    pub removed: u64,
}

/// Brings the index in line with the store: indexes what is missing and
/// drops what the store no longer has. An ingest killed between storing a
/// batch and committing its index entries is repaired this way.
pub fn sync(store: &Store, index: &SearchIndex, writer: &mut Writer) -> Result<SyncReport, Error> {
    index.reload()?;
    let stored = store.ids()?;
    let indexed = index.ids()?;
    let mut report = SyncReport::default();
    let wanted: FxHashSet<&str> = stored.iter().map(String::as_str).collect();
    for id in &indexed {
        if !wanted.contains(id.as_str()) {
            writer.delete(id);
            report.removed += 1;
        }
    }
    for id in stored.iter().filter(|id| !indexed.contains(*id)) {
        let (Some(text), Some(analysis)) = (store.text(id)?, store.analysis(id)?) else { continue };
        writer.put(id, &text, &analysis)?;
        report.added += 1;
    }
    if report != SyncReport::default() {
        writer.commit()?;
        index.reload()?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organs_belong_to_their_state() {
        assert_eq!(state_of("ISRMIL"), Some("ISR"));
        assert_eq!(state_of("ISR"), None);
        assert_eq!(state_of("person:x"), None);
    }

    #[test]
    fn days_need_a_full_date() {
        assert_eq!(day_of("2018-02-18"), Some((20180218, "2018-02")));
        assert_eq!(day_of("2018-02-18T10:00:00Z"), Some((20180218, "2018-02")));
        assert_eq!(day_of("2018"), None);
        assert_eq!(day_of("18-2-2018"), None);
    }
}
