//! The word forms the recognizer keys its lexical features and word clusters
//! on. `scripts/build-clusters.py` dumps the news corpus through these very
//! functions (`examples/dump_forms.rs`), so the clusters shipped in the model
//! are keyed exactly as the runtime keys text.

use std::borrow::Cow;

use marsad_text::{Document, Token, TokenKind};

/// The form of a whole token: the matching key of an Arabic word (hamza,
/// yeh and taa folded), a lowercased Latin word, the digit shape of a
/// number (`0000` for any four-digit number), the key of anything else.
pub fn form<'d>(doc: &'d Document<'_>, t: &Token) -> Cow<'d, str> {
    match t.kind {
        TokenKind::Arabic => Cow::Borrowed(doc.key(t)),
        TokenKind::Latin => lower(doc.key(t)),
        TokenKind::Number => Cow::Owned(number_shape(doc.key(t))),
        _ => Cow::Borrowed(doc.key(t)),
    }
}

/// The form of a token's stem: the key with clitics removed for an Arabic
/// word, [`form`] for anything else.
pub fn stem_form<'d>(doc: &'d Document<'_>, t: &Token) -> Cow<'d, str> {
    match t.kind {
        TokenKind::Arabic => Cow::Borrowed(doc.stem_key(t)),
        _ => form(doc, t),
    }
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Digits become `0` (at most six of them); separators are kept.
pub fn number_shape(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(12));
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits <= 6 {
                out.push('0');
            }
        } else {
            digits = 0;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_each_kind() {
        let doc = Document::new("وبإيران Trump 2020 7.5");
        let t = doc.tokens();
        assert_eq!(form(&doc, &t[0]), "وبايران");
        assert_eq!(stem_form(&doc, &t[0]), "ايران");
        assert_eq!(form(&doc, &t[1]), "trump");
        assert_eq!(form(&doc, &t[2]), "0000");
        assert_eq!(form(&doc, &t[3]), "0.0");
        assert_eq!(stem_form(&doc, &t[3]), "0.0");
    }
}
