//! Facet counts of the matching articles.
//!
//! A collector of our own over tantivy's fast string columns: tantivy's
//! `FacetCollector` reads back every facet term under the asked roots in
//! every segment (tens of thousands of actors), which made it 80% of a
//! search's time; its aggregations go through a JSON-shaped request and
//! result. Here each matching document only bumps counters indexed by term
//! ordinal. A segment's ordinals are mapped once to ids in a vocabulary the
//! index keeps (segments never change), so counts from all segments add up
//! exactly without reading a dictionary per search, and only the values
//! shown are turned into strings.

use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Per column, how many matching documents hold each value: (value id,
/// count) for the values counted.
pub(crate) type Counts = Vec<Vec<(u32, u64)>>;

/// One segment's counts per column: (value id, count) for the values seen.
pub(crate) type SegmentCounts = Vec<Vec<(u32, u32)>>;

/// One column's values by id, and ids by value.
type Values = (Vec<Box<str>>, FxHashMap<Box<str>, u32>);

/// The values of each facet column seen in any segment, with an id each,
/// and each segment's ordinal → id map.
#[derive(Default)]
pub(crate) struct Vocabulary {
    /// Per column: values by id, and ids by value.
    columns: Vec<Values>,
    /// Per segment and column: the id of each term ordinal.
    segments: FxHashMap<(SegmentId, usize), Arc<[u32]>>,
}

impl Vocabulary {
    /// The value of id `id` in column `col`.
    fn name(&self, col: usize, id: u32) -> &str {
        self.columns.get(col).and_then(|(names, _)| names.get(id as usize)).map_or("", |s| s)
    }

    /// Ordinal → id of one segment's column, read from its dictionary the
    /// first time the segment is seen.
    fn segment(&mut self, seg: SegmentId, col: usize, column: &StrColumn) -> tantivy::Result<Arc<[u32]>> {
        if let Some(ids) = self.segments.get(&(seg, col)) {
            return Ok(ids.clone());
        }
        if self.columns.len() <= col {
            self.columns.resize_with(col + 1, Default::default);
        }
        let (names, by_name) = &mut self.columns[col];
        let mut ids = Vec::with_capacity(column.dictionary().num_terms());
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            let name = String::from_utf8_lossy(terms.key());
            let id = match by_name.get(name.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = names.len() as u32;
                    names.push(name.as_ref().into());
                    by_name.insert(name.as_ref().into(), id);
                    id
                }
            };
            ids.push(id);
        }
        let ids: Arc<[u32]> = ids.into();
        self.segments.insert((seg, col), ids.clone());
        Ok(ids)
    }

    /// Forgets the maps of segments not in `live` (merged away).
    pub(crate) fn retain(&mut self, live: &[SegmentId]) {
        self.segments.retain(|(seg, _), _| live.contains(seg));
    }
}

/// Counts the values of fast string columns over the matching documents.
#[derive(Clone, Copy)]
pub(crate) struct FacetCounter<'a> {
    /// Column names.
    pub columns: &'static [&'static str],
    /// The index's vocabulary.
    pub vocabulary: &'a Mutex<Vocabulary>,
}

/// A column, its ordinal → id map, and a counter per ordinal.
type ColumnCounter = (StrColumn, Arc<[u32]>, Vec<u32>);

pub(crate) struct SegmentCounter {
    /// Per column: the column (absent when no document of the segment has a
    /// value), its ordinal → id map, and a counter per term ordinal.
    columns: Vec<Option<ColumnCounter>>,
}

impl FacetCounter<'_> {
    /// The `k` most frequent values of column `col`, ties by value; all of
    /// them, in value order, when `k` is `None`.
    pub(crate) fn top(&self, counts: &Counts, col: usize, k: Option<usize>) -> Vec<(String, u64)> {
        let Some(counts) = counts.get(col) else { return Vec::new() };
        let mut v = counts.clone();
        if let Some(k) = k {
            // Only the k largest are sorted by name (a broad query counts
            // thousands of actors).
            if k > 0 && v.len() > k {
                v.select_nth_unstable_by_key(k - 1, |&(_, n)| std::cmp::Reverse(n));
                // Values tied with the k-th are settled by name below.
                let kth = v[k - 1].1;
                v.retain(|&(_, n)| n >= kth);
            }
        }
        let vocabulary = self.vocabulary.lock().unwrap_or_else(PoisonError::into_inner);
        let mut named: Vec<(&str, u64)> = v.into_iter().map(|(id, n)| (vocabulary.name(col, id), n)).collect();
        match k {
            Some(k) => {
                named.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                named.truncate(k);
            }
            None => named.sort_unstable(),
        }
        named.into_iter().map(|(s, n)| (s.to_string(), n)).collect()
    }
}

impl Collector for FacetCounter<'_> {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let mut columns = Vec::with_capacity(self.columns.len());
        for (i, name) in self.columns.iter().enumerate() {
            columns.push(match segment.fast_fields().str(name)? {
                Some(c) => {
                    let ids = self.vocabulary.lock().unwrap_or_else(PoisonError::into_inner).segment(
                        segment.segment_id(),
                        i,
                        &c,
                    )?;
                    let counts = zeroed(ids.len());
                    Some((c, ids, counts))
                }
                None => None,
            });
        }
        Ok(SegmentCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Counts> {
        let mut out: Counts = vec![Vec::new(); self.columns.len()];
        let mut sum = zeroed(0);
        for (col, into) in out.iter_mut().enumerate() {
            for fruit in &fruits {
                for &(id, n) in fruit.get(col).into_iter().flatten() {
                    let id = id as usize;
                    if id >= sum.len() {
                        sum.resize(id + 1, 0);
                    }
                    if sum[id] == 0 {
                        into.push((id as u32, 0));
                    }
                    sum[id] += n;
                }
            }
            for (id, n) in into.iter_mut() {
                *n = u64::from(std::mem::take(&mut sum[*id as usize]));
            }
        }
        give_back(sum);
        Ok(out)
    }
}

thread_local! {
    /// Zeroed counters to reuse: a search would otherwise allocate (and the
    /// system zero) a counter per facet value per segment.
    static COUNTERS: std::cell::RefCell<Vec<Vec<u32>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A counter array of at least `n` zeros.
fn zeroed(n: usize) -> Vec<u32> {
    let mut v = COUNTERS.with(|c| c.borrow_mut().pop()).unwrap_or_default();
    if v.len() < n {
        v.resize(n, 0);
    }
    v
}

/// Returns an array whose entries are all zero again.
fn give_back(v: Vec<u32>) {
    COUNTERS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() < 16 {
            c.push(v);
        }
    });
}

impl SegmentCollector for SegmentCounter {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, _, counts) in self.columns.iter_mut().flatten() {
            for ord in col.term_ords(doc) {
                if let Some(n) = counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        self.columns
            .into_iter()
            .map(|c| {
                let Some((_, ids, mut counts)) = c else { return Vec::new() };
                let mut seen = Vec::new();
                for (&id, n) in ids.iter().zip(counts.iter_mut()) {
                    if *n > 0 {
                        seen.push((id, std::mem::take(n)));
                    }
                }
                give_back(counts);
                seen
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keeps_the_largest_and_settles_ties_by_name() {
        let vocabulary = Mutex::new(Vocabulary::default());
        {
            let mut v = vocabulary.lock().unwrap();
            v.columns.push((Vec::new(), FxHashMap::default()));
            for name in ["MAR", "ISR", "USA", "EGY", "IRN"] {
                let (names, by_name) = &mut v.columns[0];
                by_name.insert(name.into(), names.len() as u32);
                names.push(name.into());
            }
        }
        let counter = FacetCounter { columns: &["actor_id"], vocabulary: &vocabulary };
        // MAR 2, ISR 5, USA 2, EGY 0, IRN 2.
        let counts: Counts = vec![vec![(0, 2), (1, 5), (2, 2), (4, 2)]];
        let top = counter.top(&counts, 0, Some(2));
        assert_eq!(top, [("ISR".to_string(), 5), ("IRN".to_string(), 2)]);
        let all = counter.top(&counts, 0, None);
        let names: Vec<&str> = all.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["IRN", "ISR", "MAR", "USA"]);
        assert!(counter.top(&counts, 0, Some(0)).is_empty());
    }
}
