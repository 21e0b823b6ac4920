//! A small, stable 64-bit hash for feature names. The model stores features
//! by this hash, so it must never change within a model format version.

use std::hash::{BuildHasherDefault, Hasher};

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// Hash state of one feature: a template id, then parts.
#[derive(Clone, Copy)]
pub(crate) struct FeatureHash(u64);

impl FeatureHash {
    #[inline]
    pub(crate) fn new(template: u8) -> FeatureHash {
        FeatureHash((u64::from(template) + 1).wrapping_mul(K1))
    }

    #[inline]
    fn mix(self, x: u64) -> FeatureHash {
        FeatureHash((self.0.rotate_left(27) ^ x).wrapping_mul(K2).wrapping_add(K1))
    }

    /// Adds a part: its length, then its bytes eight at a time.
    #[inline]
    pub(crate) fn bytes(self, b: &[u8]) -> FeatureHash {
        let mut h = self.mix(b.len() as u64 | 0xFF00_0000_0000_0000);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            h = h.mix(u64::from_le_bytes(a));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Little-endian, zero-padded, by hand: a copy of a variable
            // length is a call to memmove, and this runs for every feature.
            let x = rest.iter().rev().fold(0u64, |x, &b| x << 8 | u64::from(b));
            h = h.mix(x);
        }
        h
    }

    /// Adds a small number.
    #[inline]
    pub(crate) fn num(self, n: u64) -> FeatureHash {
        self.mix(n)
    }

    /// The final hash (murmur3's finaliser).
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The 64-bit hash a word table (clusters, statistics, the word cache)
/// keys a word by: like feature hashes, a collision between two words is
/// possible in principle and negligible in practice, and lookups then cost
/// no string comparison.
#[inline]
pub(crate) fn word_hash(w: &str) -> u64 {
    FeatureHash::new(u8::MAX).bytes(w.as_bytes()).finish()
}

/// FNV-1a over bytes: the model file's checksum.
pub(crate) fn checksum(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub(crate) type HashMap64<V> = std::collections::HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_part_sensitive() {
        // Frozen values: a change here invalidates every shipped model.
        let h = FeatureHash::new(3).bytes("باريس".as_bytes()).finish();
        assert_eq!(h, FeatureHash::new(3).bytes("باريس".as_bytes()).finish());
        assert_ne!(h, FeatureHash::new(4).bytes("باريس".as_bytes()).finish());
        let ab = FeatureHash::new(1).bytes(b"ab").bytes(b"").finish();
        let a_b = FeatureHash::new(1).bytes(b"a").bytes(b"b").finish();
        assert_ne!(ab, a_b);
        assert_eq!(FeatureHash::new(0).bytes(b"abcdefghij").finish(), 0xa5ff_f589_5965_a7db);
    }
}
