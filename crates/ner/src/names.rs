//! Name parts: whether a word is a known given name, surname or place name
//! (`data/lexicon/names.tsv`, from AKhateeb/arabic-names (MIT), CLDR and
//! iso-codes), or the first or last word of a person's name in the built-in
//! knowledge base. A first name predicts a name continuing after it, a
//! surname one ending with it, for names the knowledge base does not hold
//! in full (عرفات alone, or حامد + an unknown surname).

use std::sync::LazyLock;

use marsad_kb::Kb;
use marsad_text::{Document, TokenKind};

use crate::hash::{word_hash, HashMap64};

/// Bits of a word's name parts.
pub(crate) mod part {
    /// A given name of the name lists.
    pub const GIVEN: u8 = 1;
    /// A surname of the name lists.
    pub const SURNAME: u8 = 1 << 1;
    /// A country, capital or city of the name lists.
    pub const PLACE: u8 = 1 << 2;
    /// The first word of a knowledge-base person's name.
    pub const KB_FIRST: u8 = 1 << 3;
    /// The last word of a knowledge-base person's name.
    pub const KB_LAST: u8 = 1 << 4;
}

/// Source of the name lists; the model's features depend on it, so the model
/// is retrained when it changes much (as with the knowledge base).
const NAMES_TSV: &str = include_str!("../../../data/lexicon/names.tsv");

/// Words to skip as a person's first or last word: kinship and title
/// particles that say nothing about the name itself.
const PARTICLES: [&str; 6] = ["بن", "ابن", "ال", "ابو", "ابي", "الملا"];

static PARTS: LazyLock<HashMap64<u8>> = LazyLock::new(build);

fn keys(text: &str) -> Vec<String> {
    let doc = Document::new(text);
    doc.tokens().iter().filter(|t| t.kind == TokenKind::Arabic).map(|t| doc.key(t).to_string()).collect()
}

fn build() -> HashMap64<u8> {
    let mut out: HashMap64<u8> = HashMap64::default();
    let mut add = |key: &str, bit: u8| *out.entry(word_hash(key)).or_insert(0) |= bit;
    for line in NAMES_TSV.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let Some((word, source)) = line.split_once('\t') else { continue };
        let bit = match source.split(':').next() {
            Some("given") => part::GIVEN,
            Some("surname") => part::SURNAME,
            Some("country" | "capital" | "city") => part::PLACE,
            _ => continue,
        };
        if let [k] = keys(word).as_slice() {
            add(k, bit);
        }
    }
    let particles: Vec<String> = PARTICLES.iter().flat_map(|p| keys(p)).collect();
    let kb = Kb::builtin();
    for a in (0..kb.len() as u32).map(|i| kb.actor(i)).filter(|a| a.kind == "person") {
        let ks: Vec<String> = keys(&a.name_ar).into_iter().filter(|k| !particles.contains(k)).collect();
        if let [first, .., last] = ks.as_slice() {
            add(first, part::KB_FIRST);
            add(last, part::KB_LAST);
        }
    }
    out
}

/// The name parts of a word's matching key (0: none).
pub(crate) fn parts(key: &str) -> u8 {
    PARTS.get(&word_hash(key)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_and_kb_surnames() {
        assert_ne!(parts(&keys("أحمد")[0]) & part::GIVEN, 0);
        assert_eq!(parts(&keys("قال")[0]), 0);
        assert_ne!(parts(&keys("كرزاي")[0]) & part::KB_LAST, 0);
        assert_ne!(parts(&keys("حامد")[0]) & part::KB_FIRST, 0);
    }
}
