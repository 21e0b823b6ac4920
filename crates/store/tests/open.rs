//! Opening one new store from several connections at once: each must see
//! it created once (a reader polling while an ingest creates the store).
use std::sync::{Arc, Barrier};

use marsad_store::{Store, VERSION};

#[test]
fn a_new_store_opened_concurrently_is_created_once() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let n = 6;
        let barrier = Arc::new(Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let (dir, barrier) = (dir.path().to_path_buf(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&dir).map(|s| s.stats().map(|st| st.schema)).map_err(|e| e.to_string())
                })
            })
            .collect();
        for h in handles {
            let schema = h.join().unwrap().expect("opens").expect("stats");
            assert_eq!(schema, VERSION);
        }
    }
}
