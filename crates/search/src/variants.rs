//! Spelling variants: one term for أمريكا and أميركا, بوتن and بوتين.
//!
//! The pairs come from `data/search/variants.tsv` (made from the ANT corpus
//! by `scripts/build-variants.py`: words one long-vowel letter apart that are
//! used alike). Each word is analysed like any text, and every group of
//! terms joined by pairs maps to its smallest member, so a pair given in one
//! form (الأمريكي/الأميركي) also joins the other forms that stem alike
//! (الأمريكية, أمريكيون …).

use std::sync::OnceLock;

use marsad_text::Document;
use rustc_hash::FxHashMap;

const PAIRS: &str = include_str!("../../../data/search/variants.tsv");

/// The term that stands for `term`'s variant group, if it has one and is not it.
pub fn canonical(term: &str) -> Option<&'static str> {
    static MAP: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| build(PAIRS)).get(term).map(String::as_str)
}

/// The term of a word on its own, variants not folded.
fn bare_term(word: &str) -> Option<String> {
    let doc = Document::new(word);
    let t = doc.tokens().first()?;
    crate::analyzer::term_of(&doc, t)
}

fn build(tsv: &str) -> FxHashMap<String, String> {
    // Union-find over terms, by index.
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut parent: Vec<usize> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut id = |t: String, parent: &mut Vec<usize>| -> usize {
        *ids.entry(t.clone()).or_insert_with(|| {
            parent.push(parent.len());
            names.push(t);
            parent.len() - 1
        })
    };
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(a), Some(b)) = (cols.next(), cols.next()) else { continue };
        let (Some(a), Some(b)) = (bare_term(a), bare_term(b)) else { continue };
        if a == b {
            continue;
        }
        let (i, j) = (id(a, &mut parent), id(b, &mut parent));
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        parent[ri.max(rj)] = ri.min(rj);
    }
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..parent.len() {
        groups.entry(root(&mut parent, i)).or_default().push(i);
    }
    let mut map = FxHashMap::default();
    for members in groups.values() {
        let Some(best) = members.iter().map(|&i| &names[i]).min() else { continue };
        for &i in members {
            if &names[i] != best {
                map.insert(names[i].clone(), best.clone());
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::terms;

    fn term(s: &str) -> String {
        terms(s).remove(0).text
    }

    #[test]
    fn america_in_every_spelling_is_one_term() {
        let t = term("أمريكا");
        for w in ["امريكا", "أميركا", "اميركا"] {
            assert_eq!(term(w), t, "{w}");
        }
        let t = term("الأمريكية");
        for w in ["الأميركية", "الامريكية", "الأمريكي", "الأميركي", "أميركي"] {
            assert_eq!(term(w), t, "{w}");
        }
    }

    #[test]
    fn words_a_vowel_apart_with_other_uses_stay_apart() {
        // Not in the list: different words that differ by one ي.
        assert_ne!(term("الدولة"), term("الدولية"));
        assert_ne!(term("المدينة"), term("المدنية"));
    }

    #[test]
    fn groups_join_through_shared_members() {
        let map = build("a\tb\t1\nb\tc\t1\n# comment\nx\n");
        assert_eq!(map.get("b").map(String::as_str), Some("a"));
        assert_eq!(map.get("c").map(String::as_str), Some("a"));
        assert!(!map.contains_key("a"));
    }
}
