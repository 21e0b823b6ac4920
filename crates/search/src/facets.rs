//! Facet counts of the matching articles.
//!
//! A collector of our own over tantivy's fast string columns: tantivy's
//! `FacetCollector` reads back every facet term under the asked roots in
//! every segment (tens of thousands of actors), which made it 80% of a
//! search's time; its aggregations go through a JSON-shaped request and
//! result. Here each matching document only bumps counters indexed by term
//! ordinal, and only the ordinals counted are turned back into strings, in
//! one sorted pass over the column's dictionary.

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Values read back per column and segment: many more than are shown, so
/// that merging segments keeps the shown counts right (every month of a
/// corpus fits too).
const SEGMENT_TOP: usize = 500;

/// Per column, how many matching documents hold each value.
pub(crate) type Counts = Vec<FxHashMap<String, u64>>;

/// Counts the values of fast string columns over the matching documents.
pub(crate) struct FacetCounter {
    /// Column names.
    pub columns: &'static [&'static str],
}

pub(crate) struct SegmentCounter {
    /// Per column: the column (absent when no document of the segment has a
    /// value) and a counter per term ordinal.
    columns: Vec<Option<(StrColumn, Vec<u32>)>>,
}

impl Collector for FacetCounter {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let mut columns = Vec::with_capacity(self.columns.len());
        for name in self.columns {
            let col = segment.fast_fields().str(name)?;
            columns.push(col.map(|c| {
                let n = c.dictionary().num_terms();
                (c, vec![0u32; n])
            }));
        }
        Ok(SegmentCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out: Counts = vec![FxHashMap::default(); self.columns.len()];
        for fruit in fruits {
            for (into, from) in out.iter_mut().zip(fruit) {
                for (k, n) in from {
                    *into.entry(k).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, counts) in self.columns.iter_mut().flatten() {
            for ord in col.term_ords(doc) {
                if let Some(n) = counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        self.columns
            .into_iter()
            .map(|c| {
                let mut out = FxHashMap::default();
                let Some((col, counts)) = c else { return out };
                let mut ords: Vec<u64> = (0..counts.len() as u64).filter(|&o| counts[o as usize] > 0).collect();
                // Only a segment's most frequent values are read back: a
                // broad query touches thousands of actors, and turning them
                // all into strings was most of the facets' time. Counts of
                // the values shown stay exact unless a value is frequent in
                // one segment and not among the first SEGMENT_TOP of another.
                if ords.len() > SEGMENT_TOP {
                    ords.select_nth_unstable_by_key(SEGMENT_TOP, |&o| std::cmp::Reverse(counts[o as usize]));
                    ords.truncate(SEGMENT_TOP);
                    ords.sort_unstable();
                }
                let mut values = ords.iter().map(|&o| counts[o as usize] as u64);
                // A dictionary read error leaves that column's counts short;
                // facets are a summary, the search itself goes on.
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                    if let (Ok(s), Some(n)) = (std::str::from_utf8(term), values.next()) {
                        out.insert(s.to_string(), n);
                    }
                });
                out
            })
            .collect()
    }
}

/// The `k` most frequent values, ties by value.
pub(crate) fn top(counts: &FxHashMap<String, u64>, k: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.iter().map(|(s, n)| (s.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(k);
    v
}
