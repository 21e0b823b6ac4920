//! The feature index: an open-addressing hash table from feature hash to
//! weight row, with linear probing at most half full. One probe is usually
//! one cache line, and lookups can be prefetched in a batch, which matters
//! because tagging a new word is a burst of some forty lookups into tables
//! larger than the CPU caches.

/// Where a feature's weights are: the offsets it has weights for (bits of
/// `mask`) and the first of its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Row {
    pub start: u32,
    pub mask: u8,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The feature hash, never 0 (0 marks an empty slot).
    key: u64,
    row: Row,
}

/// Feature hash → [`Row`].
#[derive(Debug, Clone, Default)]
pub(crate) struct FeatureIndex {
    slots: Vec<Slot>,
    len: usize,
}

/// Hash 0 marks empty slots; it is stored (and looked up) as 1.
#[inline]
fn key(h: u64) -> u64 {
    h.max(1)
}

impl FeatureIndex {
    /// An index for `n` features.
    pub fn with_capacity(n: usize) -> FeatureIndex {
        let cap = (2 * n).next_power_of_two().max(16);
        FeatureIndex { slots: vec![Slot::default(); cap], len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn home(&self, k: u64) -> usize {
        // Feature hashes are well mixed: their low bits will do.
        k as usize & (self.slots.len() - 1)
    }

    /// Inserts or replaces; returns the previous row.
    pub fn insert(&mut self, h: u64, row: Row) -> Option<Row> {
        if 2 * (self.len + 1) > self.slots.len() {
            let mut bigger = FeatureIndex::with_capacity(self.len + 1);
            for s in self.slots.iter().filter(|s| s.key != 0) {
                bigger.insert(s.key, s.row);
            }
            *self = bigger;
        }
        let k = key(h);
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = &mut self.slots[i];
            if s.key == 0 {
                *s = Slot { key: k, row };
                self.len += 1;
                return None;
            }
            if s.key == k {
                return Some(std::mem::replace(&mut s.row, row));
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub fn get(&self, h: u64) -> Option<Row> {
        if self.slots.is_empty() {
            return None;
        }
        let k = key(h);
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = self.slots.get(i)?;
            if s.key == k {
                return Some(s.row);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the CPU to start loading the home slot of `h`.
    #[inline]
    pub fn prefetch(&self, h: u64) {
        if let Some(s) = self.slots.get(self.home(key(h))) {
            prefetch(s);
        }
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, Row)> + '_ {
        self.slots.iter().filter(|s| s.key != 0).map(|s| (s.key, s.row))
    }
}

impl PartialEq for FeatureIndex {
    fn eq(&self, o: &FeatureIndex) -> bool {
        self.len == o.len && self.iter().all(|(k, r)| o.get(k) == Some(r))
    }
}

/// A read prefetch hint for the cache line of `p`; a no-op off x86-64.
#[inline]
pub(crate) fn prefetch<T>(p: &T) {
    prefetch_ptr((p as *const T).cast::<u8>());
}

/// [`prefetch`] of every cache line `v` spans.
#[inline]
pub(crate) fn prefetch_all<T>(v: &T) {
    const LINE: usize = 64;
    let p = (v as *const T).cast::<u8>();
    let size = std::mem::size_of::<T>();
    for off in (0..size).step_by(LINE).chain(size.checked_sub(1)) {
        // `wrapping_add` stays within `v`; the pointer is only a hint.
        prefetch_ptr(p.wrapping_add(off));
    }
}

#[inline]
fn prefetch_ptr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_grow() {
        let mut ix = FeatureIndex::default();
        assert_eq!(ix.get(5), None);
        for i in 0..1000u64 {
            let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            assert_eq!(ix.insert(h, Row { start: i as u32, mask: 1 }), None);
        }
        assert_eq!(ix.len(), 1000);
        for i in 0..1000u64 {
            let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            assert_eq!(ix.get(h), Some(Row { start: i as u32, mask: 1 }));
        }
        assert_eq!(ix.get(12345), None);
        // Hash 0 (here i = 0) is stored as 1: inserting it again replaces it.
        assert_eq!(ix.insert(0, Row { start: 7, mask: 2 }), Some(Row { start: 0, mask: 1 }));
        assert_eq!(ix.get(1), Some(Row { start: 7, mask: 2 }));
        let mut b = FeatureIndex::with_capacity(10);
        for (k, r) in ix.iter() {
            b.insert(k, r);
        }
        assert_eq!(b, ix);
    }
}
