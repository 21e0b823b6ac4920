//! The trigger lexicon compiled from `data/events/triggers.tsv`.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// One row of the trigger file.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) plover: &'static str,
    pub(crate) cameo: &'static str,
    pub(crate) goldstein: f32,
    /// Prepositions that introduce the target; `obj` for a direct object.
    pub(crate) target: &'static [&'static str],
    /// Keys of which one must follow within a few words (فرض + عقوبات).
    pub(crate) then: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/triggers.rs"));

/// How a trigger form reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Past,
    Present,
    Noun,
}

static INDEX: LazyLock<FxHashMap<&'static str, Vec<(u16, Form)>>> = LazyLock::new(|| {
    let mut m: FxHashMap<&'static str, Vec<(u16, Form)>> = FxHashMap::default();
    for &(key, entry, form) in FORMS {
        m.entry(key).or_default().push((entry, form));
    }
    m
});

/// The rows a word's key can trigger.
pub(crate) fn lookup(key: &str) -> &'static [(u16, Form)] {
    INDEX.get(key).map_or(&[], Vec::as_slice)
}

pub(crate) fn entry(i: u16) -> &'static Entry {
    &ENTRIES[usize::from(i)]
}
