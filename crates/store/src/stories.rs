//! Story clusters: syndicated copies of one story (the same wire text with a
//! header, a sentence or a few words changed) linked into one cluster.
//!
//! Each article gets a MinHash signature over the word 3-grams of its
//! tokens' matching keys (so hamza, taa marbuta and diacritic variants
//! still match); LSH bands of the signature, stored in SQLite, find the
//! stored articles likely to be similar, and an article joins the story of
//! the candidate whose estimated Jaccard is highest and at least
//! [`THRESHOLD`], else starts its own. The signature is computed by hand
//! (a few mixes of a 64-bit hash): a crate would bring its own hashing and
//! shingling, and the point is the text core's keys.

use marsad_text::{token, NormalizedText, TokenKind};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::ErrorKind;

/// MinHash values per signature.
pub const HASHES: usize = 64;
/// LSH bands of [`ROWS`] values (the first 60 of the signature). The chance
/// that two articles with Jaccard `j` share a band is 1 − (1 − j³)²⁰: 0.999
/// at 0.7, 0.93 at 0.5, 0.73 at 0.4, 0.15 at 0.2, 0.02 at 0.1.
pub const BANDS: usize = 20;
/// Values per band.
pub const ROWS: usize = 3;
/// Words per shingle.
pub const SHINGLE: usize = 3;
/// Estimated Jaccard at or above which an article joins a story. Measured
/// on the ANT corpus (`scripts/near-dups.sh`, docs/store.md): read by eye,
/// about 3 in 4 pairs in [0.5, 0.6) are one wire story rewritten by two
/// outlets, fewer than 3 in 5 in [0.4, 0.5) and 1 in 3 in [0.3, 0.4), where
/// a series' follow-ups and CNN's dateline boilerplate dominate; of all
/// pairs at 0.5 and above, 5% were published more than a day apart.
pub const THRESHOLD: f64 = 0.5;
/// Candidates compared at most: a band shared by many articles is
/// boilerplate, and this bounds the writer's work per article.
const MAX_CANDIDATES: usize = 200;

/// A MinHash signature: the least of each of [`HASHES`] hash functions over
/// an article's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; HASHES]);

impl Signature {
    /// The signature of a text; `None` when it has no words.
    pub fn of(text: &str) -> Option<Signature> {
        let layers = NormalizedText::new(text);
        let (norm, key) = (layers.norm(), layers.key());
        let mut words: Vec<u64> = Vec::with_capacity(norm.len() / 8);
        token::tokenize(norm, |t| {
            if matches!(t.kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number) {
                if let Some(k) = key.get(t.start as usize..t.end as usize) {
                    words.push(word_hash(k));
                }
            }
        });
        if words.is_empty() {
            return None;
        }
        let mut mins = [u32::MAX; HASHES];
        // A text shorter than a shingle is one shingle.
        for w in words.windows(SHINGLE.min(words.len())) {
            let s = w.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &x| mix(h.rotate_left(17) ^ x));
            for (i, m) in mins.iter_mut().enumerate() {
                let v = (mix(s ^ SEEDS[i]) >> 32) as u32;
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity: the share of equal minima.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    /// The LSH key of each band: a hash of its rows and its index.
    pub fn bands(&self) -> [i64; BANDS] {
        let mut out = [0i64; BANDS];
        for (b, rows) in self.0.chunks_exact(ROWS).take(BANDS).enumerate() {
            let h = rows.iter().fold(mix(b as u64 + 1), |h, &x| mix(h ^ u64::from(x)));
            // 31 bits: SQLite stores the key in 4 bytes instead of 8 (the
            // band table is 600k rows for 30k articles); a rare collision
            // only adds a candidate, which the similarity check drops.
            out[b] = (h >> 33) as i64;
        }
        out
    }

    fn to_blob(&self) -> Vec<u8> {
        self.0.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    fn from_blob(b: &[u8]) -> Option<Signature> {
        if b.len() != HASHES * 4 {
            return None;
        }
        let mut mins = [0u32; HASHES];
        for (m, c) in mins.iter_mut().zip(b.chunks_exact(4)) {
            *m = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        Some(Signature(mins))
    }
}

/// FNV-1a of a word's key, finished with [`mix`].
fn word_hash(s: &str) -> u64 {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    mix(h)
}

/// SplitMix64's finaliser: a cheap, well-spread 64-bit permutation.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed per hash function (SplitMix64's sequence from a fixed start):
/// fixed forever, since stored signatures must stay comparable.
const SEEDS: [u64; HASHES] = {
    let mut out = [0u64; HASHES];
    let mut i = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while i < HASHES {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = z ^ (z >> 31);
        i += 1;
    }
    out
};

/// Puts stored article `num` (id `id`) into a story: the story of its most
/// similar stored article at or above [`THRESHOLD`], else a new one.
/// Returns the story id.
pub(crate) fn assign(tx: &Transaction<'_>, num: i64, id: &str, sig: Option<&Signature>) -> Result<i64, ErrorKind> {
    let Some(sig) = sig else {
        // No words, nothing to match: a story of its own.
        let story = new_story(tx, id)?;
        tx.prepare_cached("INSERT INTO article_stories (article, story, minhash) VALUES (?1, ?2, x'')")?
            .execute(params![num, story])?;
        return Ok(story);
    };
    let bands = sig.bands();
    let mut best: Option<(f64, i64)> = None;
    {
        let mut cand = tx.prepare_cached(
            "SELECT DISTINCT article FROM story_bands
             WHERE band IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
               AND article != ?21
             LIMIT ?22",
        )?;
        let mut p: Vec<rusqlite::types::Value> = bands.iter().map(|&b| b.into()).collect();
        p.push(num.into());
        p.push((MAX_CANDIDATES as i64).into());
        let candidates: Vec<i64> =
            cand.query_map(rusqlite::params_from_iter(p), |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut read = tx.prepare_cached("SELECT story, minhash FROM article_stories WHERE article = ?1")?;
        for c in candidates {
            let row: Option<(i64, Vec<u8>)> = read.query_row([c], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            let Some((story, blob)) = row else { continue };
            let Some(other) = Signature::from_blob(&blob) else { continue };
            let s = sig.similarity(&other);
            // Ties go to the older story (lower id), so the choice is stable.
            let better = match best {
                None => true,
                Some((bs, bstory)) => s > bs || (s == bs && story < bstory),
            };
            if s >= THRESHOLD && better {
                best = Some((s, story));
            }
        }
    }
    let (story, similarity) = match best {
        Some((s, story)) => (story, Some(s)),
        None => (new_story(tx, id)?, None),
    };
    tx.prepare_cached("INSERT INTO article_stories (article, story, minhash, similarity) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![num, story, sig.to_blob(), similarity])?;
    let mut band = tx.prepare_cached("INSERT OR IGNORE INTO story_bands (band, article) VALUES (?1, ?2)")?;
    for b in bands {
        band.execute(params![b, num])?;
    }
    Ok(story)
}

/// Deletes the LSH bands of the article stored under `id` (before it is
/// replaced), found from its stored signature.
pub(crate) fn forget(tx: &Transaction<'_>, id: &str) -> Result<(), ErrorKind> {
    let row: Option<(i64, Vec<u8>)> = tx
        .prepare_cached(
            "SELECT a.num, s.minhash FROM articles a JOIN article_stories s ON s.article = a.num WHERE a.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((num, sig)) = row.and_then(|(n, b)| Some((n, Signature::from_blob(&b)?))) else { return Ok(()) };
    let mut del = tx.prepare_cached("DELETE FROM story_bands WHERE band = ?1 AND article = ?2")?;
    for b in sig.bands() {
        del.execute(params![b, num])?;
    }
    Ok(())
}

fn new_story(tx: &Transaction<'_>, id: &str) -> Result<i64, ErrorKind> {
    tx.prepare_cached("INSERT INTO stories (first_article) VALUES (?1)")?.execute([id])?;
    Ok(tx.last_insert_rowid())
}

/// Drops a story no article belongs to any more.
pub(crate) fn drop_if_empty(tx: &Transaction<'_>, story: i64) -> Result<(), ErrorKind> {
    tx.prepare_cached(
        "DELETE FROM stories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM article_stories WHERE story = ?1)",
    )?
    .execute([story])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "أعلنت وزارة الخارجية المغربية اليوم الاثنين أن الوزير ناصر بوريطة سيزور باريس الأسبوع المقبل \
        لبحث العلاقات الثنائية والتعاون الاقتصادي بين البلدين، وقال بيان للوزارة إن الزيارة تأتي في إطار \
        التشاور المستمر بين الرباط وباريس حول القضايا الإقليمية والدولية ذات الاهتمام المشترك.";

    #[test]
    fn variants_of_a_text_are_similar_and_other_texts_are_not() {
        let a = Signature::of(WIRE).unwrap();
        // Hamza and taa marbuta spelt otherwise, diacritics: the same keys.
        let spelt = WIRE.replace("أعلنت", "اعلنت").replace("المغربية", "المغربيه").replace("الوزير", "الوَزير");
        assert_eq!(a.similarity(&Signature::of(&spelt).unwrap()), 1.0);
        let edited = format!("الرباط (رويترز) - {}", WIRE.replace("المقبل", "القادم"));
        let s = a.similarity(&Signature::of(&edited).unwrap());
        assert!(s >= THRESHOLD, "{s}");
        let other = "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في بغداد صباح اليوم بحسب مصادر أمنية عراقية.";
        assert!(a.similarity(&Signature::of(other).unwrap()) < 0.2);
        assert_eq!(Signature::of(" ، . "), None);
        assert!(Signature::of("كلمة").is_some(), "a text shorter than a shingle still has a signature");
    }

    #[test]
    fn signatures_round_trip_and_bands_are_stable() {
        let a = Signature::of(WIRE).unwrap();
        assert_eq!(Signature::from_blob(&a.to_blob()), Some(a.clone()));
        assert_eq!(Signature::from_blob(&[1, 2, 3]), None);
        assert_eq!(a.bands(), Signature::of(WIRE).unwrap().bands());
        let bands = a.bands();
        assert_eq!(bands.iter().collect::<std::collections::HashSet<_>>().len(), BANDS);
    }
}
