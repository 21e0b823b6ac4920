//! A light stem for matching: the stem's key with a plural, dual, feminine
//! or nisba ending removed when the lexicon knows the shorter form
//! (العلاقات ~ علاقة, المغربية ~ مغربي).

use crate::lexicon::Lexicon;

/// Suffix rewrites on the matching key, tried in order; the first whose
/// result the lexicon knows wins.
const RULES: [(&str, &str); 10] = [
    ("يات", "يه"), // nisba feminine plural: المغربيات → مغربيه
    ("ات", ""),    // sound feminine plural: بيانات → بيان
    ("ات", "ه"),   // … of a ة noun: علاقات → علاقه
    ("يين", "ي"),  // nisba plural: المغربيين → مغربي
    ("يون", "ي"),
    ("ون", ""), // sound masculine plural: مسؤولون → مسؤول
    ("ين", ""),
    ("تان", "ه"), // dual of a ة noun
    ("ان", ""),   // dual
    ("يه", "ي"),  // nisba feminine: مغربيه → مغربي
];

/// The light stem of a stem key (see the module docs).
pub fn light_stem(lex: &Lexicon, stem_key: &str) -> String {
    let known = |s: &str| s.chars().count() >= 2 && lex.key_info(s.as_bytes()).count > 0;
    for (suffix, replacement) in RULES {
        if let Some(base) = stem_key.strip_suffix(suffix) {
            let cand = format!("{base}{replacement}");
            if known(&cand) {
                return cand;
            }
        }
    }
    // A plain feminine ending: كبيره → كبير.
    if let Some(base) = stem_key.strip_suffix('ه') {
        if known(base) && !known(stem_key) {
            return base.to_string();
        }
    }
    stem_key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_examples() {
        let lex = Lexicon::get();
        assert_eq!(light_stem(lex, "مغربيه"), "مغربي");
        assert_eq!(light_stem(lex, "علاقات"), "علاقه");
        assert_eq!(light_stem(lex, "بيانات"), "بيان");
        assert_eq!(light_stem(lex, "مسوولون"), "مسوول");
        assert_eq!(light_stem(lex, "مغربيين"), "مغربي");
        assert_eq!(light_stem(lex, "قال"), "قال");
    }
}
