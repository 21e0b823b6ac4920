//! The word lexicon compiled by `build.rs` from `data/lexicon/`.

use std::sync::LazyLock;

use fst::{IntoStreamer, Map, Streamer};
use rustc_hash::FxHashMap;

const NAME: u64 = 1;
const KEEP: u64 = 2;

static NORM_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/norm.fst"));
static KEY_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/key.fst"));

/// What the lexicon knows of a word's matching key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyInfo {
    /// Corpus count of all forms with this key.
    pub count: u32,
    /// A one-word proper name (country, city, given name …).
    pub name: bool,
    /// Kept whole by the reviewed exception list.
    pub keep: bool,
}

/// Corpus word counts and name lists.
///
/// The FSTs are the compiled artefact; at first use they are unpacked into
/// hash maps, because the segmenter makes several lookups per word and an
/// FST walk costs several times a hash probe.
pub struct Lexicon {
    norm: FxHashMap<Box<[u8]>, u64>,
    key: FxHashMap<Box<[u8]>, u64>,
}

fn unpack(bytes: &'static [u8]) -> FxHashMap<Box<[u8]>, u64> {
    // Written by build.rs of this very build, so it is a valid FST.
    let map = Map::new(bytes).expect("lexicon FSTs are built by build.rs");
    let mut out = FxHashMap::with_capacity_and_hasher(map.len(), Default::default());
    let mut stream = map.into_stream();
    while let Some((k, v)) = stream.next() {
        out.insert(k.into(), v);
    }
    out
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon { norm: unpack(NORM_FST), key: unpack(KEY_FST) });

impl Lexicon {
    /// The embedded lexicon.
    pub fn get() -> &'static Lexicon {
        &LEXICON
    }

    /// Number of analysis-layer forms in the lexicon.
    pub fn len(&self) -> usize {
        self.norm.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.norm.is_empty()
    }

    /// Corpus count of exactly this analysis-layer form.
    #[inline]
    pub fn norm_count(&self, norm: &[u8]) -> u32 {
        self.norm.get(norm).map_or(0, |&v| v.min(u32::MAX as u64) as u32)
    }

    /// What is known of a matching key.
    #[inline]
    pub fn key_info(&self, key: &[u8]) -> KeyInfo {
        match self.key.get(key) {
            None => KeyInfo::default(),
            Some(&v) => {
                KeyInfo { count: (v >> 2).min(u32::MAX as u64) as u32, name: v & NAME != 0, keep: v & KEEP != 0 }
            }
        }
    }
}
