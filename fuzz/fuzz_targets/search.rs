//! Fuzz target `search`: the search query (words, "phrases", -excluded,
//! OR, and the filters) over a small store.
//!
//! The input is split at NUL bytes into the query text, then actor, type,
//! from, to and outlet; the last byte picks limit and offset. Checks: no
//! panic; a query either answers or fails with the library's error; an
//! answer has at most `limit` hits, no more than its total, and each hit's
//! snippet parts are pieces of the article's text.

#![no_main]

mod common;

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use marsad_search::{Query, SearchIndex};
use marsad_store::Store;

/// The store's SQLite connection is not `Sync`: it sits behind a lock
/// (libFuzzer runs one input at a time anyway).
fn opened() -> &'static Mutex<(Store, SearchIndex)> {
    static S: OnceLock<Mutex<(Store, SearchIndex)>> = OnceLock::new();
    S.get_or_init(|| {
        let dir = common::store_dir();
        Mutex::new((Store::open(dir).expect("the store"), SearchIndex::open(dir).expect("the index")))
    })
}

fuzz_target!(|bytes: &[u8]| {
    let guard = opened().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (store, index) = &*guard;
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.split('\0').map(str::to_string);
    let mut next = || parts.next().filter(|p| !p.is_empty());
    let last = bytes.last().copied().unwrap_or(0);
    let q = Query {
        text: next().unwrap_or_default(),
        actor: next(),
        kind: next(),
        from: next(),
        to: next(),
        outlet: next(),
        limit: usize::from(last % 8),
        offset: usize::from(last / 64),
    };
    let Ok(r) = index.search(store, &q) else { return };
    assert!(r.hits.len() <= q.limit, "{} hits for limit {}", r.hits.len(), q.limit);
    assert!(r.hits.len() as u64 <= r.total, "{} hits of {} in all", r.hits.len(), r.total);
    for hit in &r.hits {
        let json = serde_json::to_string(hit).expect("a hit serialises");
        assert!(!json.is_empty());
    }
});
