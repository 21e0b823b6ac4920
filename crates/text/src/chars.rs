//! Character classes and the one-to-one folds of the matching key.
//!
//! Kept free of dependencies: `build.rs` includes this file to key the
//! lexicon exactly as the runtime keys text.

/// Characters the analysis layer drops: tatweel, harakat, Quranic marks,
/// superscript alef, bidi and zero-width controls.
#[inline]
pub fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0640}'                      // tatweel
        | '\u{064B}'..='\u{065F}'       // harakat, shadda, sukun, …
        | '\u{0670}'                    // superscript alef
        | '\u{0610}'..='\u{061A}'       // Quranic honorific marks
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{061C}'                    // Arabic letter mark
        | '\u{200B}'..='\u{200F}'       // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}'       // embeddings and overrides
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'       // isolates
        | '\u{FEFF}'                    // BOM / ZWNBSP
        | '\u{00AD}'                    // soft hyphen
    )
}

/// The matching-key fold of one analysis-layer character. Every fold maps a
/// two-byte Arabic letter to a two-byte letter, so the key layer shares the
/// analysis layer's byte offsets.
#[inline]
pub fn key_fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ئ' | 'ی' | 'ې' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        _ => c,
    }
}

/// The matching key of an analysis-layer word.
pub fn key_of(norm: &str) -> String {
    norm.chars().map(key_fold).collect()
}

/// An Arabic letter (after normalisation: no harakat, no presentation forms).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
    )
}
