//! The model: weights, word clusters, the file format, and inference.
//!
//! # File format (version 2, little-endian)
//!
//! ```text
//! magic      8 bytes  "MRSDNER\0"
//! version    u32      FORMAT_VERSION
//! length     u64      bytes in the whole file, checksum included
//! groups     u32      feature groups (features::group bits; version 2
//!                     added `kb`, `chars` and the self-votes flag)
//! temperature f32     confidence scale for span scores
//! scale      f32      weight quantum: weight = i16 × scale
//! meta       u32 n, n bytes of UTF-8 (how the model was trained)
//! transitions f32 × (9×9 + 9 + 9)   previous→current, start, end
//! clusters   u32 words (0: none), u32 levels;
//!            words sorted: u8 length, bytes, u16 id per level
//! stats      u32 words (0: none); words sorted: u8 length, bytes,
//!            u8 log2 count, u8 × 4 PERS/LOC/ORG/MISC share × 255
//! doc size   u32      sentences per pseudo-document (pre-tokenised input)
//! context    u32 n (0: none), n bytes: the context-only tagger, itself a
//!            model file whose clusters and stats sections are empty (it
//!            shares its parent's); none when the model votes itself
//! features   u32 n; n × (u64 hash, u8 offset-block mask,
//!            per block: u16 tag mask, i16 per tag in the mask), sorted by hash
//! frequent   u32 n; n × (u64 word-cache key, u16 pair cluster, f32 × 5×9
//!            summed word-local weights), sorted by key: frequent words'
//!            weights, precomputed
//! checksum   u64      FNV-1a of every byte before it
//! ```

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use marsad_text::{Document, Lexicon, TokenKind};
use rustc_hash::FxHashMap;

#[cfg(any(test, feature = "train"))]
use crate::features::ROW;
use crate::features::{pad_hash, Extractor, FeatureBuf, PairCtx, NOFF};
use crate::forms;
use crate::hash::{checksum, word_hash, HashMap64};
use crate::index::{FeatureIndex, Row};
use crate::kb::KbMark;
use crate::{Error, ErrorKind, Span, Tag, NTAGS};

/// The first bytes of a model file.
pub const MAGIC: [u8; 8] = *b"MRSDNER\0";
/// The model format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// Word clusters: each known word form has one cluster id per level (a
/// level is one clustering, e.g. k-means with k = 2000, or a coarser
/// grouping of it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    words: FxHashMap<Box<str>, u32>,
    /// [`word_hash`] of each word → its row, for lookups.
    by_hash: HashMap64<u32>,
    levels: usize,
    /// Row-major: `ids[row * levels + level]`.
    ids: Vec<u16>,
}

/// The cluster id of a word the clusters do not know.
pub const NO_CLUSTER: u16 = u16::MAX;

/// Most cluster levels a model may have.
pub const MAX_CLUSTER_LEVELS: usize = 8;

impl Clusters {
    /// Clusters of `words`: a form and its id at each level (all rows the
    /// same length, 1 to [`MAX_CLUSTER_LEVELS`]).
    pub fn new(mut words: Vec<(String, Vec<u16>)>) -> Result<Clusters, String> {
        // Rows in form order, so that equal clusters are equal values.
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let levels = words.first().map_or(1, |w| w.1.len());
        if !(1..=MAX_CLUSTER_LEVELS).contains(&levels) {
            return Err(format!("{levels} cluster levels (1 to {MAX_CLUSTER_LEVELS} allowed)"));
        }
        let mut map = FxHashMap::default();
        let mut ids = Vec::with_capacity(words.len() * levels);
        for (w, row) in words {
            if row.len() != levels {
                return Err(format!("word {w:?}: {} cluster ids, expected {levels}", row.len()));
            }
            if w.is_empty() || w.len() > 255 {
                return Err(format!("word {w:?}: length {} is not in 1..=255 bytes", w.len()));
            }
            if row.contains(&NO_CLUSTER) {
                return Err(format!("word {w:?}: cluster id {NO_CLUSTER} is reserved"));
            }
            if map.insert(w.clone().into_boxed_str(), (ids.len() / levels) as u32).is_some() {
                return Err(format!("word {w:?} appears twice"));
            }
            ids.extend_from_slice(&row);
        }
        let by_hash = map.iter().map(|(w, &row)| (word_hash(w), row)).collect();
        Ok(Clusters { words: map, by_hash, levels, ids })
    }

    /// Parses `form<TAB>id<TAB>id…` lines (as written by
    /// `scripts/build-clusters.py`); `path` names the file in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Clusters, Error> {
        let mut words = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| ErrorKind::BadTrainingData { path: path.to_path_buf(), line: i + 1, reason };
            let mut f = line.split('\t');
            let w = f.next().unwrap_or_default();
            let ids: Result<Vec<u16>, _> = f.map(|x| x.parse::<u16>()).collect();
            let ids = ids.map_err(|_| bad("cluster ids must be integers below 65535".into()))?;
            if ids.is_empty() {
                return Err(bad("expected a form and at least one cluster id".into()).into());
            }
            words.push((w.to_string(), ids));
        }
        Clusters::new(words)
            .map_err(|reason| ErrorKind::BadTrainingData { path: path.to_path_buf(), line: 0, reason }.into())
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of levels.
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// A form's cluster id at each level (None when unknown).
    #[inline]
    pub fn get(&self, form: &str) -> Option<&[u16]> {
        self.get_hashed(word_hash(form))
    }

    /// [`Clusters::get`] by the form's [`word_hash`].
    #[inline]
    pub(crate) fn get_hashed(&self, h: u64) -> Option<&[u16]> {
        let row = *self.by_hash.get(&h)? as usize;
        self.ids.get(row * self.levels..(row + 1) * self.levels)
    }
}

/// Corpus label statistics: for a word form, how often a context-only
/// tagger labelled its occurrences in the news corpus as each entity type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordStats {
    words: FxHashMap<Box<str>, [u8; 5]>,
    /// [`word_hash`] of each word → its statistics, for lookups.
    by_hash: HashMap64<[u8; 5]>,
}

impl WordStats {
    /// Statistics from counts: per form, occurrences and the occurrences
    /// tagged PERS, LOC, ORG and MISC.
    pub fn from_counts(counts: impl IntoIterator<Item = (String, u32, [u32; 4])>) -> Result<WordStats, String> {
        let mut words = FxHashMap::default();
        for (w, n, c) in counts {
            if w.is_empty() || w.len() > 255 {
                return Err(format!("word {w:?}: length {} is not in 1..=255 bytes", w.len()));
            }
            if n == 0 || c.iter().map(|&x| u64::from(x)).sum::<u64>() > u64::from(n) {
                return Err(format!("word {w:?}: inconsistent counts {n} {c:?}"));
            }
            let q = |x: u32| ((f64::from(x) / f64::from(n)) * 255.0).round() as u8;
            words.insert(w.into_boxed_str(), [n.ilog2().min(255) as u8, q(c[0]), q(c[1]), q(c[2]), q(c[3])]);
        }
        Ok(WordStats::from_words(words))
    }

    fn from_words(words: FxHashMap<Box<str>, [u8; 5]>) -> WordStats {
        let by_hash = words.iter().map(|(w, &v)| (word_hash(w), v)).collect();
        WordStats { words, by_hash }
    }

    /// Parses `form<TAB>n<TAB>pers<TAB>loc<TAB>org<TAB>misc` lines;
    /// `path` names the file in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<WordStats, Error> {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| ErrorKind::BadTrainingData { path: path.to_path_buf(), line: i + 1, reason };
            let f: Vec<&str> = line.split('\t').collect();
            let [w, n, a, b, c, d] = f[..] else {
                return Err(bad(format!("expected 6 tab-separated fields, found {}", f.len())).into());
            };
            let num = |s: &str| s.parse::<u32>().map_err(|_| bad(format!("bad count {s:?}")));
            rows.push((w.to_string(), num(n)?, [num(a)?, num(b)?, num(c)?, num(d)?]));
        }
        WordStats::from_counts(rows)
            .map_err(|reason| ErrorKind::BadTrainingData { path: path.to_path_buf(), line: 0, reason }.into())
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `[log2 occurrences, PERS, LOC, ORG, MISC share × 255]` of a form.
    #[inline]
    pub fn get(&self, form: &str) -> Option<[u8; 5]> {
        self.get_hashed(word_hash(form))
    }

    /// [`WordStats::get`] by the form's [`word_hash`].
    #[inline]
    pub(crate) fn get_hashed(&self, h: u64) -> Option<[u8; 5]> {
        self.by_hash.get(&h).copied()
    }
}

/// Identifies a loaded model for the per-thread word cache; equal for any
/// two models (it is not part of a model's value).
#[derive(Debug, Clone, Copy)]
struct ModelId(u64);

impl PartialEq for ModelId {
    fn eq(&self, _: &ModelId) -> bool {
        true
    }
}

impl ModelId {
    fn fresh() -> ModelId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ModelId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Words whose summed word-local weights a thread remembers before it
/// starts afresh (each costs about 200 bytes).
const CACHE_WORDS: usize = 1 << 15;

type Acc = [[f32; NTAGS]; NOFF];

/// Per-thread cache of a word's summed word-local feature weights, keyed by
/// its kind and analysis-layer text: news vocabulary is Zipfian, so most
/// words were seen a moment ago, and one lookup replaces some twenty.
struct WordCache {
    model: u64,
    /// [`word_hash`] of the kind and analysis-layer text → row.
    index: HashMap64<u32>,
    /// The word's summed weights and its [`Extractor::pair_cluster`].
    rows: Vec<(Acc, u16)>,
    /// Summed weights of the document-level vote features per vote value:
    /// a handful of values cover almost every token.
    votes: FxHashMap<DocVotes, Acc>,
}

impl WordCache {
    fn new(model: u64) -> WordCache {
        WordCache {
            model,
            index: HashMap64::with_capacity_and_hasher(CACHE_WORDS, Default::default()),
            rows: Vec::with_capacity(CACHE_WORDS),
            votes: FxHashMap::default(),
        }
    }
}

/// The key of a word in the word cache and the frequent-word table: its
/// kind and analysis-layer text.
#[inline]
fn cache_key(doc: &Document<'_>, t: &marsad_text::Token) -> u64 {
    word_hash(doc.norm(t)) ^ (t.kind as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn add(e: &mut [f32; NTAGS], w: &[f32; NTAGS]) {
    for y in 0..NTAGS {
        e[y] += w[y];
    }
}

/// Adds a stored weight block (in steps of `scale`).
#[inline]
fn add_block(e: &mut [f32; NTAGS], b: &[i16; NTAGS], scale: f32) {
    for y in 0..NTAGS {
        e[y] += f32::from(b[y]) * scale;
    }
}

/// Adds a unit's weights `a` to the emission scores `em`: offset `o` of
/// unit `j` scores position `j + 2 − o`.
#[inline]
fn spread(em: &mut [[f32; NTAGS]], j: usize, a: &Acc) {
    // Away from the ends (nearly every unit) the five positions are one
    // window, and the sums unroll.
    if let Some(win) = j.checked_sub(2).and_then(|lo| em.get_mut(lo..lo + NOFF)) {
        for (e, w) in win.iter_mut().rev().zip(a) {
            add(e, w);
        }
        return;
    }
    for (o, w) in a.iter().enumerate() {
        if let Some(e) = (j + 2).checked_sub(o).and_then(|i| em.get_mut(i)) {
            add(e, w);
        }
    }
}

/// Models a thread keeps a word cache for (a recognizer and its context tagger).
const CACHE_MODELS: usize = 4;

thread_local! {
    static CACHE: RefCell<Vec<WordCache>> = const { RefCell::new(Vec::new()) };
}

/// A trained recognizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    id: ModelId,
    groups: u32,
    temperature: f32,
    scale: f32,
    meta: String,
    trans: [[f32; NTAGS]; NTAGS],
    start: [f32; NTAGS],
    end: [f32; NTAGS],
    clusters: Option<Arc<Clusters>>,
    stats: Option<Arc<WordStats>>,
    /// The context-only tagger whose document-level votes are features.
    context: Option<Box<Model>>,
    /// Sentences per pseudo-document when tagging pre-tokenised sentences.
    doc_size: u32,
    index: FeatureIndex,
    /// Weight blocks in steps of `scale` (half the memory of f32: tagging
    /// a new word is bound by the memory traffic of its lookups).
    blocks: Vec<[i16; NTAGS]>,
    /// The padding feature's weights per offset.
    pad: [[f32; NTAGS]; NOFF],
    /// Precomputed word-local weights of frequent words ([`cache_key`] →
    /// row of `frequent_rows`; `frequent_keys` in row order, sorted).
    frequent: HashMap64<u32>,
    frequent_keys: Vec<u64>,
    frequent_rows: Vec<(Acc, u16)>,
}

/// Weights of a model under construction: per feature hash, a full row.
#[cfg(any(test, feature = "train"))]
pub(crate) struct Parts {
    pub groups: u32,
    pub temperature: f32,
    pub meta: String,
    pub trans: [[f32; NTAGS]; NTAGS],
    pub start: [f32; NTAGS],
    pub end: [f32; NTAGS],
    pub clusters: Option<Arc<Clusters>>,
    pub stats: Option<Arc<WordStats>>,
    pub context: Option<Box<Model>>,
    pub doc_size: u32,
    pub rows: Vec<(u64, [f32; ROW])>,
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../data/ner/model.bin");
static EMBEDDED: LazyLock<Model> = LazyLock::new(|| match Model::from_bytes(EMBEDDED_BYTES) {
    Ok(m) => m,
    // The shipped file is checked by this crate's tests; a build that embeds
    // a broken one is a release bug, not an input error.
    Err(e) => panic!("the embedded NER model data/ner/model.bin is invalid: {e}"),
});

impl Model {
    /// The model shipped in `data/ner/model.bin`, parsed on first use.
    pub fn embedded() -> &'static Model {
        &EMBEDDED
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| ErrorKind::Io { path: path.to_path_buf(), source })?;
        Model::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes())
            .map_err(|source| ErrorKind::Io { path: path.to_path_buf(), source }.into())
    }

    /// Makes a context tagger share its parent's tables.
    #[cfg(feature = "train")]
    pub(crate) fn share_tables(&mut self, clusters: Option<Arc<Clusters>>, stats: Option<Arc<WordStats>>) {
        self.clusters = clusters;
        self.stats = stats;
    }

    /// Feature groups the model was trained with.
    pub fn groups(&self) -> u32 {
        self.groups
    }

    /// How the model was trained (command, data, epochs, seed).
    pub fn meta(&self) -> &str {
        &self.meta
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.index.len()
    }

    /// The word clusters, if the model has any.
    pub fn clusters(&self) -> Option<&Clusters> {
        self.clusters.as_deref()
    }

    /// The corpus label statistics, if the model has any.
    pub fn stats(&self) -> Option<&WordStats> {
        self.stats.as_deref()
    }

    /// The context-only tagger whose document-level votes the model reads.
    pub fn context(&self) -> Option<&Model> {
        self.context.as_deref()
    }

    /// Consecutive pre-tokenised sentences read as one document by
    /// [`Model::tag_sentences`] callers such as `marsad eval ner` (the size
    /// the model was trained with; 1 when it reads no document-level votes).
    pub fn doc_size(&self) -> usize {
        self.doc_size.max(1) as usize
    }

    /// The confidence temperature.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    #[cfg(feature = "train")]
    pub(crate) fn set_temperature(&mut self, t: f32) {
        self.temperature = t;
    }

    pub(crate) fn extractor(&self) -> Extractor<'_> {
        Extractor::new(self.groups, self.clusters.as_deref(), self.stats.as_deref())
    }

    /// Builds a model from full weight rows, quantising them to i16 steps
    /// and dropping what rounds to zero.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn from_parts(p: Parts) -> Model {
        let max = p.rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let q = |w: f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
        let mut rows = p.rows;
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut index = FeatureIndex::with_capacity(rows.len());
        let mut blocks = Vec::new();
        for (h, r) in &rows {
            let mut mask = 0u8;
            let start = blocks.len() as u32;
            for o in 0..NOFF {
                let mut b = [0i16; NTAGS];
                for y in 0..NTAGS {
                    b[y] = q(r[o * NTAGS + y]);
                }
                if b.iter().any(|&w| w != 0) {
                    mask |= 1 << o;
                    blocks.push(b);
                }
            }
            if mask != 0 {
                index.insert(*h, Row { start, mask });
            }
        }
        let mut m = Model {
            id: ModelId::fresh(),
            groups: p.groups,
            temperature: p.temperature,
            scale,
            meta: p.meta,
            trans: p.trans,
            start: p.start,
            end: p.end,
            clusters: p.clusters,
            stats: p.stats,
            context: p.context,
            doc_size: p.doc_size,
            index,
            blocks,
            pad: [[0.0; NTAGS]; NOFF],
            frequent: HashMap64::default(),
            frequent_keys: Vec::new(),
            frequent_rows: Vec::new(),
        };
        m.pad = m.row_blocks(pad_hash());
        m
    }

    fn row_blocks(&self, h: u64) -> [[f32; NTAGS]; NOFF] {
        let mut out = [[0.0; NTAGS]; NOFF];
        if let Some(r) = self.index.get(h) {
            let mut k = r.start as usize;
            for (o, slot) in out.iter_mut().enumerate() {
                if r.mask & (1 << o) != 0 {
                    if let Some(b) = self.blocks.get(k) {
                        *slot = b.map(|w| f32::from(w) * self.scale);
                    }
                    k += 1;
                }
            }
        }
        out
    }

    /// Names the first field in which two models differ (for tests).
    #[cfg(all(test, feature = "train"))]
    pub(crate) fn first_difference(&self, o: &Model) -> String {
        let fields = [
            ("groups", self.groups == o.groups),
            ("temperature", self.temperature == o.temperature),
            ("scale", self.scale == o.scale),
            ("meta", self.meta == o.meta),
            ("trans", self.trans == o.trans && self.start == o.start && self.end == o.end),
            ("clusters", self.clusters == o.clusters),
            ("stats", self.stats == o.stats),
            ("context", self.context == o.context && self.doc_size == o.doc_size),
            ("index", self.index == o.index),
            ("blocks", self.blocks == o.blocks),
            ("pad", self.pad == o.pad),
        ];
        fields.iter().filter(|f| !f.1).map(|f| f.0).collect::<Vec<_>>().join(", ")
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.encode(true)
    }

    /// The file bytes; a nested context model leaves out the tables it
    /// shares with its parent.
    fn encode(&self, tables: bool) -> Vec<u8> {
        let mut b = Vec::with_capacity(64 + self.blocks.len() * 24 + self.index.len() * 12);
        b.extend_from_slice(&MAGIC);
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&0u64.to_le_bytes()); // length, patched below
        b.extend_from_slice(&self.groups.to_le_bytes());
        b.extend_from_slice(&self.temperature.to_le_bytes());
        b.extend_from_slice(&self.scale.to_le_bytes());
        b.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        b.extend_from_slice(self.meta.as_bytes());
        for w in self.trans.iter().flatten().chain(&self.start).chain(&self.end) {
            b.extend_from_slice(&w.to_le_bytes());
        }
        match self.clusters.as_ref().filter(|_| tables) {
            None => b.extend_from_slice(&[0; 8]),
            Some(c) => {
                b.extend_from_slice(&(c.words.len() as u32).to_le_bytes());
                b.extend_from_slice(&(c.levels as u32).to_le_bytes());
                let mut words: Vec<_> = c.words.iter().collect();
                words.sort();
                for (w, &row) in words {
                    b.push(w.len() as u8);
                    b.extend_from_slice(w.as_bytes());
                    let row = row as usize;
                    for id in c.ids.get(row * c.levels..(row + 1) * c.levels).unwrap_or_default() {
                        b.extend_from_slice(&id.to_le_bytes());
                    }
                }
            }
        }
        match self.stats.as_ref().filter(|_| tables) {
            None => b.extend_from_slice(&[0; 4]),
            Some(st) => {
                b.extend_from_slice(&(st.words.len() as u32).to_le_bytes());
                let mut words: Vec<_> = st.words.iter().collect();
                words.sort();
                for (w, v) in words {
                    b.push(w.len() as u8);
                    b.extend_from_slice(w.as_bytes());
                    b.extend_from_slice(v);
                }
            }
        }
        b.extend_from_slice(&self.doc_size.to_le_bytes());
        match &self.context {
            None => b.extend_from_slice(&[0; 4]),
            Some(c) => {
                let inner = c.encode(false);
                b.extend_from_slice(&(inner.len() as u32).to_le_bytes());
                b.extend_from_slice(&inner);
            }
        }
        let mut feats: Vec<_> = self.index.iter().collect();
        feats.sort_by_key(|(h, _)| *h);
        b.extend_from_slice(&(feats.len() as u32).to_le_bytes());
        for (h, r) in feats {
            b.extend_from_slice(&h.to_le_bytes());
            b.push(r.mask);
            let mut k = r.start as usize;
            for o in 0..NOFF {
                if r.mask & (1 << o) == 0 {
                    continue;
                }
                let q = self.blocks.get(k).copied().unwrap_or_default();
                k += 1;
                let tmask: u16 = q.iter().enumerate().filter(|(_, &v)| v != 0).map(|(y, _)| 1u16 << y).sum();
                b.extend_from_slice(&tmask.to_le_bytes());
                for v in q.iter().filter(|&&v| v != 0) {
                    b.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        b.extend_from_slice(&(self.frequent_rows.len() as u32).to_le_bytes());
        for (key, (a, c)) in self.frequent_keys.iter().zip(&self.frequent_rows) {
            b.extend_from_slice(&key.to_le_bytes());
            b.extend_from_slice(&c.to_le_bytes());
            for w in a.iter().flatten() {
                b.extend_from_slice(&w.to_le_bytes());
            }
        }
        let len = (b.len() + 8) as u64;
        b[12..20].copy_from_slice(&len.to_le_bytes());
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        b
    }

    /// Parses a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let found = bytes.len() as u64;
        if bytes.len() < MAGIC.len() {
            return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
                ErrorKind::Truncated { expected: 20, found }
            } else {
                ErrorKind::BadMagic
            }
            .into());
        }
        if bytes[..8] != MAGIC {
            return Err(ErrorKind::BadMagic.into());
        }
        let mut r = Reader { b: bytes, pos: 8, expected: 20 };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ErrorKind::UnsupportedVersion { found: version, supported: FORMAT_VERSION }.into());
        }
        let len = r.u64()?;
        if found < len {
            return Err(ErrorKind::Truncated { expected: len, found }.into());
        }
        if found > len {
            return Err(corrupt(format!("{} bytes after the end of the model", found - len)));
        }
        if len < 28 {
            return Err(corrupt(format!("length {len} is too small")));
        }
        let body = len as usize - 8;
        let mut sum = [0u8; 8];
        sum.copy_from_slice(&bytes[body..]);
        if checksum(&bytes[..body]) != u64::from_le_bytes(sum) {
            return Err(ErrorKind::BadChecksum.into());
        }
        r = Reader { b: &bytes[..body], pos: r.pos, expected: len };
        let groups = r.u32()?;
        let temperature = r.f32()?;
        let scale = r.f32()?;
        if !(scale.is_finite() && scale > 0.0 && temperature.is_finite() && temperature > 0.0) {
            return Err(corrupt("bad scale or temperature".into()));
        }
        let n = r.u32()? as usize;
        let meta = String::from_utf8(r.take(n)?.to_vec()).map_err(|_| corrupt("meta is not UTF-8".into()))?;
        let mut trans = [[0f32; NTAGS]; NTAGS];
        for row in trans.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let mut start = [0f32; NTAGS];
        let mut end = [0f32; NTAGS];
        for w in start.iter_mut().chain(end.iter_mut()) {
            *w = r.f32()?;
        }
        let nwords = r.u32()? as usize;
        let levels = r.u32()? as usize;
        let clusters = if nwords == 0 {
            None
        } else {
            if !(1..=MAX_CLUSTER_LEVELS).contains(&levels) {
                return Err(corrupt(format!("{levels} cluster levels")));
            }
            let mut words = Vec::with_capacity(nwords.min(1 << 20));
            for _ in 0..nwords {
                let l = r.u8()? as usize;
                let w = std::str::from_utf8(r.take(l)?).map_err(|_| corrupt("a cluster word is not UTF-8".into()))?;
                let mut ids = Vec::with_capacity(levels);
                for _ in 0..levels {
                    ids.push(r.u16()?);
                }
                words.push((w.to_string(), ids));
            }
            Some(Arc::new(Clusters::new(words).map_err(corrupt)?))
        };
        let nstats = r.u32()? as usize;
        let stats = if nstats == 0 {
            None
        } else {
            let mut words = FxHashMap::default();
            words.reserve(nstats.min(1 << 20));
            for _ in 0..nstats {
                let l = r.u8()? as usize;
                let w = std::str::from_utf8(r.take(l)?).map_err(|_| corrupt("a stats word is not UTF-8".into()))?;
                let v: [u8; 5] = r.arr()?;
                words.insert(w.into(), v);
            }
            Some(Arc::new(WordStats::from_words(words)))
        };
        let doc_size = r.u32()?;
        let nctx = r.u32()? as usize;
        let context = if nctx == 0 {
            None
        } else {
            let mut c = Model::from_bytes(r.take(nctx)?)?;
            if c.context.is_some() {
                return Err(corrupt("a context tagger has a context tagger".into()));
            }
            c.clusters = clusters.clone();
            c.stats = stats.clone();
            Some(Box::new(c))
        };
        let nfeat = r.u32()? as usize;
        let mut index = FeatureIndex::with_capacity(nfeat.min(1 << 22));
        let mut blocks = Vec::with_capacity(nfeat.min(1 << 22));
        for _ in 0..nfeat {
            let h = r.u64()?;
            let mask = r.u8()?;
            if mask == 0 || mask >> NOFF != 0 {
                return Err(corrupt(format!("feature {h:016x}: bad offset mask {mask:#b}")));
            }
            let start = blocks.len() as u32;
            for _ in 0..mask.count_ones() {
                let tmask = r.u16()?;
                if tmask >> NTAGS != 0 {
                    return Err(corrupt(format!("feature {h:016x}: bad tag mask {tmask:#b}")));
                }
                let mut b = [0i16; NTAGS];
                for (y, w) in b.iter_mut().enumerate() {
                    if tmask & (1 << y) != 0 {
                        *w = r.i16()?;
                    }
                }
                blocks.push(b);
            }
            if index.insert(h, Row { start, mask }).is_some() {
                return Err(corrupt(format!("feature {h:016x} appears twice")));
            }
        }
        let nfreq = r.u32()? as usize;
        let mut frequent = Vec::with_capacity(nfreq.min(1 << 20));
        for _ in 0..nfreq {
            let key = r.u64()?;
            if frequent.last().is_some_and(|&(k, _, _)| k >= key) {
                return Err(corrupt(format!("frequent word {key:016x} out of order")));
            }
            let c = r.u16()?;
            let mut a = [[0f32; NTAGS]; NOFF];
            for w in a.iter_mut().flatten() {
                *w = r.f32()?;
                if !w.is_finite() {
                    return Err(corrupt(format!("frequent word {key:016x}: weight {w}")));
                }
            }
            frequent.push((key, a, c));
        }
        if r.pos != body {
            return Err(corrupt(format!("{} unread bytes before the checksum", body - r.pos)));
        }
        let mut m = Model {
            id: ModelId::fresh(),
            groups,
            temperature,
            scale,
            meta,
            trans,
            start,
            end,
            clusters,
            stats,
            context,
            doc_size,
            index,
            blocks,
            pad: [[0.0; NTAGS]; NOFF],
            frequent: HashMap64::default(),
            frequent_keys: Vec::new(),
            frequent_rows: Vec::new(),
        };
        m.pad = m.row_blocks(pad_hash());
        m.set_frequent(frequent);
        Ok(m)
    }

    /// Adds the weights of the features `hashes` to `acc`.
    #[inline]
    fn add_rows(&self, hashes: &[u64], acc: &mut Acc) {
        let scale = self.scale;
        self.add_rows_to(
            hashes,
            |_| 0,
            |_, o, b| {
                if let Some(slot) = acc.get_mut(o) {
                    add_block(slot, b, scale);
                }
            },
        );
    }

    /// Hands each weight block of each feature `hashes[k]` to
    /// `add(owner(k), offset, block)`, in order: index slots are prefetched
    /// for a whole batch, then the rows found, then added. Units with a few
    /// features each (pairs, marks) are batched together, so the loads
    /// overlap.
    #[inline]
    fn add_rows_to(
        &self,
        hashes: &[u64],
        owner: impl Fn(usize) -> usize,
        mut add: impl FnMut(usize, usize, &[i16; NTAGS]),
    ) {
        const BATCH: usize = 64;
        for (c, chunk) in hashes.chunks(BATCH).enumerate() {
            for &h in chunk {
                self.index.prefetch(h);
            }
            let mut rows = [(Row::default(), 0usize); BATCH];
            let mut n = 0;
            for (k, &h) in chunk.iter().enumerate() {
                if let Some(r) = self.index.get(h) {
                    if let Some(b) = self.blocks.get(r.start as usize) {
                        crate::index::prefetch(b);
                    }
                    rows[n] = (r, owner(c * BATCH + k));
                    n += 1;
                }
            }
            for &(r, u) in &rows[..n] {
                let mut k = r.start as usize;
                let mut mask = r.mask;
                while mask != 0 {
                    let o = mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    if let Some(b) = self.blocks.get(k) {
                        add(u, o, b);
                    }
                    k += 1;
                }
            }
        }
    }

    /// Adds to the emission scores `em`, for every unit `j`, the weights of
    /// the features `features(j, buf)` pushes (offset `o` scoring position
    /// `j + 2 − o`), all units batched in one pass.
    fn add_unit_rows(
        &self,
        em: &mut [[f32; NTAGS]],
        buf: &mut FeatureBuf,
        mut features: impl FnMut(usize, &mut FeatureBuf),
    ) {
        buf.clear();
        let mut owners: Vec<u32> = Vec::new();
        for j in 0..em.len() {
            features(j, buf);
            owners.resize(buf.hashes.len(), j as u32);
        }
        let scale = self.scale;
        let owner = |k: usize| owners.get(k).map_or(usize::MAX, |&j| j as usize);
        self.add_rows_to(&buf.hashes, owner, |j, o, b| {
            if let Some(e) = (j + 2).checked_sub(o).and_then(|i| em.get_mut(i)) {
                add_block(e, b, scale);
            }
        });
    }

    /// Emission scores of the tokens `units` of `doc` as one sequence.
    #[cfg(feature = "train")]
    pub(crate) fn emissions(
        &self,
        doc: &Document<'_>,
        units: &[usize],
        votes: Option<&[DocVotes]>,
        marks: &[KbMark],
        out: &mut Vec<[f32; NTAGS]>,
    ) {
        *out = self.unit_emissions(doc, units, marks).0;
        if let Some(votes) = votes {
            self.add_votes(out, votes);
        }
    }

    /// A word's summed word-local weights and its pair cluster.
    #[allow(clippy::too_many_arguments)] // the parts of one word, borrowed
    fn word_row(
        &self,
        ex: &Extractor<'_>,
        doc: &Document<'_>,
        lex: &Lexicon,
        t: &marsad_text::Token,
        form: &str,
        stem: &str,
        buf: &mut FeatureBuf,
    ) -> (Acc, u16) {
        buf.clear();
        ex.word(doc, lex, t, form, stem, buf);
        let mut a = [[0f32; NTAGS]; NOFF];
        self.add_rows(&buf.hashes, &mut a);
        (a, ex.pair_cluster(form, stem))
    }

    /// Stores the word-local weights of `words` (each analysed on its own,
    /// as the word cache assumes), so that tagging starts with them known:
    /// the few thousand most frequent words make up most of any news text.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn precompute<S: AsRef<str>>(&mut self, words: &[S]) {
        let ex = self.extractor();
        let lex = Lexicon::get();
        let mut buf = FeatureBuf::default();
        let mut rows: Vec<(u64, Acc, u16)> = Vec::new();
        let mut seen: HashMap64<()> = HashMap64::default();
        for w in words {
            let doc = Document::new(w.as_ref());
            for t in doc.tokens() {
                let key = cache_key(&doc, t);
                if seen.insert(key, ()).is_none() {
                    let (form, stem) = (forms::form(&doc, t), forms::stem_form(&doc, t));
                    let (a, c) = self.word_row(&ex, &doc, lex, t, &form, &stem, &mut buf);
                    rows.push((key, a, c));
                }
            }
        }
        rows.sort_by_key(|r| r.0);
        self.set_frequent(rows);
    }

    fn set_frequent(&mut self, rows: Vec<(u64, Acc, u16)>) {
        self.frequent = rows.iter().enumerate().map(|(i, r)| (r.0, i as u32)).collect();
        self.frequent_keys = rows.iter().map(|r| r.0).collect();
        self.frequent_rows = rows.into_iter().map(|r| (r.1, r.2)).collect();
    }

    /// Number of words whose weights the model stores precomputed.
    pub fn num_frequent(&self) -> usize {
        self.frequent_rows.len()
    }

    /// Emission scores of the tokens `units` of `doc` as one sequence, all
    /// but the document-level votes: unit `j`'s weights at offset `o` score
    /// position `j + 2 − o`, the padding's beyond the ends. Also the
    /// [`word_hash`] of each unit's stem form, which keys its votes.
    fn unit_emissions(&self, doc: &Document<'_>, units: &[usize], marks: &[KbMark]) -> (Vec<[f32; NTAGS]>, Vec<u64>) {
        let toks = doc.tokens();
        let units: Vec<&marsad_text::Token> = units.iter().filter_map(|&i| toks.get(i)).collect();
        let n = units.len();
        let ex = self.extractor();
        let lex = Lexicon::get();
        let forms: Vec<Cow<'_, str>> = units.iter().map(|t| forms::form(doc, t)).collect();
        let stems: Vec<Cow<'_, str>> = units.iter().map(|t| forms::stem_form(doc, t)).collect();
        let mut em = self.padding(n);
        let mut pair_clusters: Vec<u16> = Vec::with_capacity(n);
        let mut buf = FeatureBuf::default();
        self.with_cache(|cache| {
            if cache.rows.len() >= CACHE_WORDS {
                cache.index.clear();
                cache.rows.clear();
            }
            // Rows are found (and their memory prefetched) before any is
            // summed: a row spans several cache lines, mostly cold.
            let mut found: Vec<(bool, u32)> = Vec::with_capacity(n);
            for ((t, form), stem) in units.iter().zip(&forms).zip(&stems) {
                let key = cache_key(doc, t);
                let at = if let Some(&r) = self.frequent.get(&key) {
                    (true, r)
                } else if let Some(&r) = cache.index.get(&key) {
                    (false, r)
                } else {
                    let row = self.word_row(&ex, doc, lex, t, form, stem, &mut buf);
                    let r = cache.rows.len() as u32;
                    cache.index.insert(key, r);
                    cache.rows.push(row);
                    (false, r)
                };
                let rows = if at.0 { &self.frequent_rows } else { &cache.rows };
                if let Some(row) = rows.get(at.1 as usize) {
                    crate::index::prefetch_all(row);
                }
                found.push(at);
            }
            for (j, &(frequent, r)) in found.iter().enumerate() {
                let rows = if frequent { &self.frequent_rows } else { &cache.rows };
                let (a, c) = rows.get(r as usize).map_or((&[[0f32; NTAGS]; NOFF], crate::NO_CLUSTER), |(a, c)| (a, *c));
                spread(&mut em, j, a);
                pair_clusters.push(c);
            }
        });
        if ex.has_pairs() {
            let ctx: Vec<PairCtx<'_>> = forms
                .iter()
                .zip(&stems)
                .zip(&pair_clusters)
                .map(|((f, s), &cluster)| PairCtx { form: f, stem: s, cluster })
                .collect();
            self.add_unit_rows(&mut em, &mut buf, |j, buf| ex.pair(&ctx, j, buf));
        }
        self.add_unit_rows(&mut em, &mut buf, |j, buf| {
            if let Some(&m) = marks.get(j).filter(|&&m| m != 0) {
                ex.kb(m, buf);
            }
        });
        (em, stems.iter().map(|s| word_hash(s)).collect())
    }

    /// The padding's share of the emission scores of a sequence of `n`
    /// units: offset `o` of the units beyond either end.
    fn padding(&self, n: usize) -> Vec<[f32; NTAGS]> {
        (0..n)
            .map(|i| {
                let mut e = [0f32; NTAGS];
                for (o, p) in self.pad.iter().enumerate() {
                    let j = i as isize + o as isize - 2;
                    if j < 0 || j >= n as isize {
                        add(&mut e, p);
                    }
                }
                e
            })
            .collect()
    }

    /// Runs `f` with this thread's word cache for this model.
    fn with_cache<R>(&self, f: impl FnOnce(&mut WordCache) -> R) -> R {
        CACHE.with(|caches| {
            let mut caches = caches.borrow_mut();
            let k = match caches.iter().position(|c| c.model == self.id.0) {
                Some(k) => k,
                None => {
                    if caches.len() >= CACHE_MODELS {
                        caches.remove(0);
                    }
                    caches.push(WordCache::new(self.id.0));
                    caches.len() - 1
                }
            };
            f(&mut caches[k])
        })
    }

    /// Adds the weights of the document-level votes, summed once per vote
    /// value and thread.
    fn add_votes(&self, em: &mut [[f32; NTAGS]], votes: &[DocVotes]) {
        let ex = self.extractor();
        let mut buf = FeatureBuf::default();
        self.with_cache(|cache| {
            for (j, &v) in votes.iter().enumerate().take(em.len()) {
                let w = cache.votes.entry(v).or_insert_with(|| {
                    buf.clear();
                    ex.doc(v, &mut buf);
                    let mut w = [[0f32; NTAGS]; NOFF];
                    self.add_rows(&buf.hashes, &mut w);
                    w
                });
                spread(em, j, w);
            }
        });
    }

    fn decode(&self, em: &[[f32; NTAGS]]) -> Vec<usize> {
        let (trans, start) = constrained(&self.trans, &self.start);
        viterbi(em, &trans, &start, &self.end)
    }

    /// The context tagger's votes for each unit of a document made of
    /// `seqs` (None when the model reads no document-level features or
    /// votes itself).
    pub(crate) fn doc_votes(&self, seqs: &[(&Document<'_>, &[usize])]) -> Option<Vec<Vec<DocVotes>>> {
        let ctx = self.context.as_deref().filter(|_| self.groups & crate::features::group::DOC != 0)?;
        let tags: Vec<Vec<Tag>> = seqs.iter().map(|(d, u)| ctx.tag_units(d, u)).collect();
        Some(doc_votes(seqs, &tags))
    }

    /// Whether the document-level votes come from the model's own first
    /// pass (its weights without the vote features) rather than from an
    /// embedded context tagger: the words' weights are summed once for both
    /// passes, so the votes cost little more than a Viterbi pass.
    fn self_votes(&self) -> bool {
        use crate::features::group::{DOC, SELF_VOTES};
        self.groups & (DOC | SELF_VOTES) == DOC | SELF_VOTES
    }

    /// Emission scores of each sequence of a document, `marks` being the
    /// knowledge-base marks of each sequence's units.
    fn doc_emissions(&self, seqs: &[(&Document<'_>, &[usize])], marks: &[Vec<KbMark>]) -> Vec<Vec<[f32; NTAGS]>> {
        let (mut ems, stems): (Vec<_>, Vec<_>) =
            seqs.iter().zip(marks).map(|((doc, units), m)| self.unit_emissions(doc, units, m)).unzip();
        let votes = if self.self_votes() {
            let tags: Vec<Vec<Tag>> =
                ems.iter().map(|em| self.decode(em).into_iter().map(Tag::from_index).collect()).collect();
            Some(doc_votes_of(&stems, &tags))
        } else {
            self.doc_votes(seqs)
        };
        if let Some(votes) = votes {
            for (em, v) in ems.iter_mut().zip(&votes) {
                self.add_votes(em, v);
            }
        }
        ems
    }

    /// Tags sequences of tokens that make up one document (the tokens
    /// `units` of each `doc`, e.g. its sentences).
    pub fn tag_sequences(&self, seqs: &[(&Document<'_>, &[usize])]) -> Vec<Vec<Tag>> {
        let ex = self.extractor();
        let marks: Vec<Vec<KbMark>> = seqs.iter().map(|(doc, units)| ex.kb_marks(doc, units)).collect();
        self.doc_emissions(seqs, &marks)
            .iter()
            .map(|em| self.decode(em).into_iter().map(Tag::from_index).collect())
            .collect()
    }

    /// Tags the tokens `units` (indices into `doc.tokens()`) as one sequence,
    /// which is also the whole document.
    pub fn tag_units(&self, doc: &Document<'_>, units: &[usize]) -> Vec<Tag> {
        self.tag_sequences(&[(doc, units)]).pop().unwrap_or_default()
    }

    /// The entities of a document, sentence by sentence. Token indices are
    /// into `doc.tokens()`.
    pub fn tag_document(&self, doc: &Document<'_>) -> Vec<Span> {
        self.tag_document_inner(doc, None)
    }

    /// [`Model::tag_document`], given the matches of the built-in knowledge
    /// base in `doc` (`marsad_kb::Kb::builtin().find(doc)`), which callers
    /// that link actors have already computed. Matches of any other
    /// knowledge base would give the model features it was not trained on.
    pub fn tag_document_with_matches(&self, doc: &Document<'_>, builtin_matches: &[marsad_kb::Match<'_>]) -> Vec<Span> {
        self.tag_document_inner(doc, Some(builtin_matches))
    }

    fn tag_document_inner(&self, doc: &Document<'_>, matches: Option<&[marsad_kb::Match<'_>]>) -> Vec<Span> {
        let units: Vec<Vec<usize>> =
            doc.sentences().iter().map(|s| (s.tokens.start as usize..s.tokens.end as usize).collect()).collect();
        let seqs: Vec<(&Document<'_>, &[usize])> = units.iter().map(|u| (doc, u.as_slice())).collect();
        let all_marks = match matches {
            _ if self.groups & crate::features::group::KB == 0 => Vec::new(),
            Some(m) => crate::kb::marks_of(doc, m),
            None => crate::kb::token_marks(doc),
        };
        let marks: Vec<Vec<KbMark>> =
            units.iter().map(|u| u.iter().filter_map(|&i| all_marks.get(i).copied()).collect()).collect();
        let ems = self.doc_emissions(&seqs, &marks);
        let mut out = Vec::new();
        for (s, em) in doc.sentences().iter().zip(&ems) {
            let best = self.decode(em);
            let tags: Vec<Tag> = best.iter().map(|&y| Tag::from_index(y)).collect();
            let spans = crate::spans_of(&tags);
            if spans.is_empty() {
                // Most sentences name no one: their marginals are never read.
                continue;
            }
            let (trans, start) = constrained(&self.trans, &self.start);
            let mm = max_marginals(em, &trans, &start, &self.end);
            for mut sp in spans {
                // Only the spans' positions: the softmax is most of the cost.
                sp.score = (sp.token_start..sp.token_end)
                    .filter_map(|i| Some(self.tag_probability(mm.get(i)?, *best.get(i)?)))
                    .fold(1.0, f32::min);
                sp.token_start += s.tokens.start as usize;
                sp.token_end += s.tokens.start as usize;
                out.push(sp);
            }
        }
        out
    }

    /// Tags a pre-tokenised sentence (one word per item, as in ANERcorp):
    /// the words are joined with spaces and analysed by the text core, and
    /// each word is tagged by its first word token. Items with no token
    /// (empty or white space) are tagged O.
    pub fn tag_tokens(&self, tokens: &[&str]) -> Vec<Tag> {
        self.tag_sentences(&[tokens]).pop().unwrap_or_default()
    }

    /// Tags pre-tokenised sentences that make up one document (see
    /// [`Model::tag_tokens`]); a name's other mentions in the document are
    /// evidence for each of its mentions.
    pub fn tag_sentences<S: AsRef<[T]>, T: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<Tag>> {
        let items: Vec<Vec<&str>> = sentences.iter().map(|s| s.as_ref().iter().map(AsRef::as_ref).collect()).collect();
        let texts: Vec<String> = items.iter().map(|t| t.join(" ")).collect();
        let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t)).collect();
        let heads: Vec<Vec<Option<usize>>> = docs.iter().zip(&items).map(|(d, t)| token_heads(d, t)).collect();
        let units: Vec<Vec<usize>> = heads.iter().map(|h| h.iter().flatten().copied().collect()).collect();
        let seqs: Vec<(&Document<'_>, &[usize])> = docs.iter().zip(&units).map(|(d, u)| (d, u.as_slice())).collect();
        self.tag_sequences(&seqs)
            .into_iter()
            .zip(&heads)
            .map(|(tags, heads)| {
                let mut tags = tags.into_iter();
                heads.iter().map(|h| if h.is_some() { tags.next().unwrap_or(Tag::O) } else { Tag::O }).collect()
            })
            .collect()
    }

    #[cfg(feature = "train")]
    pub(crate) fn max_marginals(&self, em: &[[f32; NTAGS]]) -> Vec<[f32; NTAGS]> {
        let (trans, start) = constrained(&self.trans, &self.start);
        max_marginals(em, &trans, &start, &self.end)
    }

    /// Probability of tag `y` given a position's max-marginals `m` (the
    /// best path score through each tag there): softmax over tags / T.
    fn tag_probability(&self, m: &[f32; NTAGS], y: usize) -> f32 {
        let top = m.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = m.iter().map(|&v| ((v - top) / self.temperature).exp()).sum();
        m.get(y).map_or(0.0, |&v| ((v - top) / self.temperature).exp() / z)
    }
}

/// Document-level votes for one unit: how the context tagger labelled the
/// other occurrences of the unit's stem form in the document:
/// `[1 + log2 others (0: none), PERS, LOC, ORG, MISC share × 255]`.
pub(crate) type DocVotes = [u8; 5];

/// [`DocVotes`] of every unit of `seqs`, given the context tagger's tags.
pub(crate) fn doc_votes(seqs: &[(&Document<'_>, &[usize])], tags: &[Vec<Tag>]) -> Vec<Vec<DocVotes>> {
    let stems: Vec<Vec<u64>> = seqs
        .iter()
        .map(|(doc, units)| {
            let toks = doc.tokens();
            units.iter().filter_map(|&u| toks.get(u)).map(|t| word_hash(&forms::stem_form(doc, t))).collect()
        })
        .collect();
    doc_votes_of(&stems, tags)
}

/// [`doc_votes`] given the [`word_hash`] of each unit's stem form.
fn doc_votes_of(stems: &[Vec<u64>], tags: &[Vec<Tag>]) -> Vec<Vec<DocVotes>> {
    let mut counts: HashMap64<(u32, [u32; 4])> = HashMap64::default();
    let mut keys: Vec<Vec<(u64, Option<usize>)>> = Vec::with_capacity(stems.len());
    for (stems, tags) in stems.iter().zip(tags) {
        let mut k = Vec::with_capacity(stems.len());
        for (&key, t) in stems.iter().zip(tags) {
            let label = t.label().map(|l| l as usize);
            let e = counts.entry(key).or_insert((0, [0; 4]));
            e.0 += 1;
            if let Some(l) = label {
                e.1[l] += 1;
            }
            k.push((key, label));
        }
        keys.push(k);
    }
    keys.iter()
        .map(|k| {
            k.iter()
                .map(|(key, label)| {
                    let (n, c) = counts.get(key).copied().unwrap_or((1, [0; 4]));
                    let others = n.saturating_sub(1);
                    if others == 0 {
                        return [0; 5];
                    }
                    let share = |i: usize| {
                        let own = u32::from(*label == Some(i));
                        ((f64::from(c[i].saturating_sub(own)) / f64::from(others)) * 255.0).round() as u8
                    };
                    [1 + others.ilog2().min(254) as u8, share(0), share(1), share(2), share(3)]
                })
                .collect()
        })
        .collect()
}

/// The first word token (Arabic, Latin or number; else the first token) of
/// each item of `tokens`, in a document made from `tokens.join(" ")`.
pub fn token_heads(doc: &Document<'_>, tokens: &[&str]) -> Vec<Option<usize>> {
    let toks = doc.tokens();
    let mut out = Vec::with_capacity(tokens.len());
    let mut k = 0;
    let mut start = 0usize;
    for t in tokens {
        let end = start + t.len();
        while k < toks.len() && (toks[k].start as usize) < start {
            k += 1;
        }
        let first = k;
        let mut head = None;
        while k < toks.len() && (toks[k].start as usize) < end {
            let word = matches!(toks[k].kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number);
            if head.is_none() && word {
                head = Some(k);
            }
            k += 1;
        }
        out.push(head.or((k > first).then_some(first)));
        start = end + 1;
    }
    out
}

/// A disallowed transition (I-X not after B-X or I-X).
const NO: f32 = f32::NEG_INFINITY;

fn allowed(prev: Option<usize>, cur: usize) -> bool {
    Tag::from_index(cur).may_follow(prev.map(Tag::from_index))
}

/// Transition and start weights with the BIO constraints applied: a
/// disallowed transition (I-X not after B-X or I-X) scores −∞.
pub(crate) fn constrained(
    trans: &[[f32; NTAGS]; NTAGS],
    start: &[f32; NTAGS],
) -> ([[f32; NTAGS]; NTAGS], [f32; NTAGS]) {
    let t = std::array::from_fn(|p| std::array::from_fn(|y| if allowed(Some(p), y) { trans[p][y] } else { NO }));
    let s = std::array::from_fn(|y| if allowed(None, y) { start[y] } else { NO });
    (t, s)
}

/// First-order Viterbi; constraints are −∞ entries of `trans` and `start`
/// (see [`constrained`]).
pub(crate) fn viterbi(
    em: &[[f32; NTAGS]],
    trans: &[[f32; NTAGS]; NTAGS],
    start: &[f32; NTAGS],
    end: &[f32; NTAGS],
) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut back = vec![[0u8; NTAGS]; n];
    let mut score: [f32; NTAGS] = std::array::from_fn(|y| start[y] + em[0][y]);
    for i in 1..n {
        let mut next = [NO; NTAGS];
        for y in 0..NTAGS {
            let mut best = NO;
            let mut arg = 0u8;
            for p in 0..NTAGS {
                let s = score[p] + trans[p][y];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[y] = best + em[i][y];
            back[i][y] = arg;
        }
        score = next;
    }
    let mut y = 0;
    let mut best = NO;
    for t in 0..NTAGS {
        let s = score[t] + end[t];
        if s > best {
            best = s;
            y = t;
        }
    }
    let mut out = vec![0usize; n];
    for i in (0..n).rev() {
        out[i] = y;
        y = back[i][y] as usize;
    }
    out
}

/// Max-marginals: for each position and tag, the best score of a path
/// through that tag there. Constraints as in [`viterbi`].
fn max_marginals(
    em: &[[f32; NTAGS]],
    trans: &[[f32; NTAGS]; NTAGS],
    start: &[f32; NTAGS],
    end: &[f32; NTAGS],
) -> Vec<[f32; NTAGS]> {
    let n = em.len();
    let mut alpha = vec![[NO; NTAGS]; n];
    let mut beta = vec![[NO; NTAGS]; n];
    for i in 0..n {
        for y in 0..NTAGS {
            alpha[i][y] = if i == 0 {
                start[y] + em[0][y]
            } else {
                (0..NTAGS).map(|p| alpha[i - 1][p] + trans[p][y]).fold(NO, f32::max) + em[i][y]
            };
        }
    }
    for i in (0..n).rev() {
        for y in 0..NTAGS {
            beta[i][y] = if i + 1 == n {
                end[y]
            } else {
                (0..NTAGS).map(|q| trans[y][q] + em[i + 1][q] + beta[i + 1][q]).fold(NO, f32::max)
            };
        }
    }
    alpha.iter().zip(&beta).map(|(a, b)| std::array::from_fn(|y| a[y] + b[y])).collect()
}

fn corrupt(reason: String) -> Error {
    ErrorKind::Corrupt { reason }.into()
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    /// Length to report when the bytes run out.
    expected: u64,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        match self.b.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(ErrorKind::Truncated {
                expected: self.expected.max((self.pos + n) as u64),
                found: self.b.len() as u64,
            }
            .into()),
        }
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.arr::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.arr()?))
    }
    fn i16(&mut self) -> Result<i16, Error> {
        Ok(i16::from_le_bytes(self.arr()?))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(self.arr()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exhaustive search over every tag sequence: the reference for [`viterbi`].
    fn brute_force(
        em: &[[f32; NTAGS]],
        trans: &[[f32; NTAGS]; NTAGS],
        start: &[f32; NTAGS],
        end: &[f32; NTAGS],
    ) -> Vec<usize> {
        let n = em.len();
        let mut best = (NO, vec![0; n]);
        let mut seq = vec![0usize; n];
        loop {
            let mut s = start[seq[0]] + em[0][seq[0]];
            for i in 1..n {
                s += trans[seq[i - 1]][seq[i]] + em[i][seq[i]];
            }
            s += end[seq[n - 1]];
            if s > best.0 {
                best = (s, seq.clone());
            }
            let Some(i) = (0..n).rev().find(|&i| seq[i] + 1 < NTAGS) else { break };
            seq[i] += 1;
            seq[i + 1..].iter_mut().for_each(|y| *y = 0);
        }
        best.1
    }

    #[test]
    fn viterbi_finds_the_best_allowed_path() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Few distinct values, so that ties occur.
            (x % 7) as f32 - 3.0
        };
        let raw: [[f32; NTAGS]; NTAGS] = std::array::from_fn(|_| std::array::from_fn(|_| rnd()));
        let (trans, start) = constrained(&raw, &std::array::from_fn(|_| rnd()));
        let end: [f32; NTAGS] = std::array::from_fn(|_| rnd());
        for n in 1..=4 {
            for _ in 0..30 {
                let em: Vec<[f32; NTAGS]> = (0..n).map(|_| std::array::from_fn(|_| rnd())).collect();
                let score = |seq: &[usize]| {
                    let mut s = start[seq[0]] + em[0][seq[0]] + end[seq[n - 1]];
                    for i in 1..n {
                        s += trans[seq[i - 1]][seq[i]] + em[i][seq[i]];
                    }
                    s
                };
                let got = score(&viterbi(&em, &trans, &start, &end));
                // Ties may pick another path of the same score.
                assert_eq!(got, score(&brute_force(&em, &trans, &start, &end)), "{em:?}");
                assert!(got > NO, "a disallowed path: {em:?}");
            }
        }
    }
    use crate::Label;

    /// A tiny hand-made model: the form باريس votes LOC, ماكرون PERS.
    fn tiny() -> Model {
        let doc = Document::new("باريس ماكرون");
        let mut buf = FeatureBuf::default();
        let ex = Extractor::new(crate::features::group::LEX, None, None);
        ex.extract(&doc, &[0, 1], &mut buf);
        let mut rows = Vec::new();
        // [bias, form, stem] per unit: the form feature of each word.
        for (j, tag) in [(0, Tag::B(Label::Loc)), (1, Tag::B(Label::Pers))] {
            let mut r = [0f32; ROW];
            r[2 * NTAGS + tag.index()] = 5.0;
            rows.push((buf.hashes[buf.starts[j] as usize + 1], r));
        }
        let mut r = [0f32; ROW];
        r[2 * NTAGS] = 1.0; // bias: O
        rows.push((buf.hashes[0], r));
        let mut pad = [0f32; ROW];
        pad[0] = 0.25;
        rows.push((pad_hash(), pad));
        let clusters = Clusters::new(vec![("باريس".into(), vec![3, 1])]).unwrap();
        let stats = WordStats::from_counts([("باريس".to_string(), 10, [0, 9, 1, 0])]).unwrap();
        Model::from_parts(Parts {
            groups: crate::features::group::LEX,
            temperature: 2.0,
            meta: "tiny".into(),
            trans: [[0.5; NTAGS]; NTAGS],
            start: [0.0; NTAGS],
            end: [0.0; NTAGS],
            clusters: Some(Arc::new(clusters)),
            stats: Some(Arc::new(stats)),
            context: None,
            doc_size: 1,
            rows,
        })
    }

    #[test]
    fn save_load_round_trip() {
        let m = tiny();
        let bytes = m.to_bytes();
        assert_eq!(&bytes[..8], &MAGIC);
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.meta(), "tiny");
        assert_eq!(back.clusters().unwrap().get("باريس"), Some(&[3u16, 1][..]));
        let path = std::env::temp_dir().join(format!("marsad-ner-test-{}.bin", std::process::id()));
        m.save(&path).unwrap();
        assert_eq!(Model::load(&path).unwrap(), m);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn tags_with_the_tiny_model() {
        let m = tiny();
        let tags = m.tag_tokens(&["قال", "ماكرون", "في", "باريس"]);
        assert_eq!(tags, vec![Tag::O, Tag::B(Label::Pers), Tag::O, Tag::B(Label::Loc)]);
        let doc = Document::new("قال ماكرون في باريس");
        let spans = m.tag_document(&doc);
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0].token_start, spans[0].token_end, spans[0].label), (1, 2, Label::Pers));
        assert!(spans.iter().all(|s| s.score > 0.5 && s.score <= 1.0));
        // Items without a token are tagged O.
        assert_eq!(m.tag_tokens(&["", "باريس"]), vec![Tag::O, Tag::B(Label::Loc)]);
        assert!(m.tag_tokens(&[]).is_empty());
    }

    #[test]
    fn bad_files_are_typed_errors() {
        let bytes = tiny().to_bytes();
        let kind = |b: &[u8]| Model::from_bytes(b).unwrap_err().kind;
        assert!(matches!(kind(b"PK\x03\x04 not a model at all"), ErrorKind::BadMagic));
        assert!(matches!(kind(b""), ErrorKind::BadMagic));
        assert!(matches!(kind(&bytes[..5]), ErrorKind::Truncated { expected: 20, found: 5 }));
        assert!(matches!(kind(&bytes[..14]), ErrorKind::Truncated { found: 14, .. }));
        let n = bytes.len() as u64;
        match kind(&bytes[..bytes.len() - 10]) {
            ErrorKind::Truncated { expected, found } => assert_eq!((expected, found), (n, n - 10)),
            other => panic!("{other:?}"),
        }
        let mut v = bytes.clone();
        v[8..12].copy_from_slice(&7u32.to_le_bytes());
        assert!(matches!(kind(&v), ErrorKind::UnsupportedVersion { found: 7, supported: FORMAT_VERSION }));
        let mut v = bytes.clone();
        let mid = v.len() / 2;
        v[mid] ^= 0x55;
        assert!(matches!(kind(&v), ErrorKind::BadChecksum));
        let mut v = bytes.clone();
        v.push(0);
        assert!(matches!(kind(&v), ErrorKind::Corrupt { .. }));
        let e = Model::load("/nonexistent/model.bin").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Io { .. }));
        assert!(e.to_string().contains("/nonexistent/model.bin"), "{e}");
        // Every prefix fails cleanly, never panics.
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn cluster_and_stats_files_parse() {
        let c = Clusters::from_tsv("باريس\t3\t1\nلندن\t3\t1\n", Path::new("c.tsv")).unwrap();
        assert_eq!((c.len(), c.levels()), (2, 2));
        assert!(Clusters::from_tsv("باريس\t3\t1\nلندن\t3\n", Path::new("c.tsv")).is_err());
        assert!(Clusters::from_tsv("باريس\tx\n", Path::new("c.tsv")).is_err());
        let s = WordStats::from_tsv("باريس\t10\t0\t9\t1\t0\n", Path::new("s.tsv")).unwrap();
        assert_eq!(s.get("باريس"), Some([3, 0, 230, 26, 0]));
        assert!(WordStats::from_tsv("باريس\t1\t2\t0\t0\t0\n", Path::new("s.tsv")).is_err());
    }

    #[test]
    fn heads_of_pretokenised_items() {
        let items = ["(د", "ب", "أ)", "وصل"];
        let text = items.join(" ");
        let doc = Document::new(&text);
        let heads = token_heads(&doc, &items);
        let words: Vec<&str> = heads.iter().map(|h| doc.text(&doc.tokens()[h.unwrap()])).collect();
        assert_eq!(words, vec!["د", "ب", "أ", "وصل"]);
    }
}
