//! Sentence boundaries over tokens: . ! ? ؟ … and line breaks, but not after
//! abbreviations (د. أ.ف.ب) and not inside an unfinished quotation.

use std::ops::Range;

use crate::token::{Gap, RawToken, TokenKind};

/// Longest run of tokens a quotation may hold a sentence open for; past it a
/// quote that never closes stops blocking boundaries.
const MAX_QUOTE_TOKENS: usize = 400;

/// Splits `toks` (over the analysis layer `s`) into sentences, as token
/// index ranges. Every token belongs to exactly one sentence.
pub fn split(s: &str, toks: &[RawToken]) -> Vec<Range<usize>> {
    let text = |t: &RawToken| &s[t.start as usize..t.end as usize];
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0u32;
    let mut opened_at = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if i > start && t.gap == Gap::Newline {
            out.push(start..i);
            start = i;
            depth = 0;
        }
        if depth > 0 && i - opened_at > MAX_QUOTE_TOKENS {
            depth = 0;
        }
        match t.kind {
            TokenKind::Quote => match quote_dir(toks, i, depth) {
                Dir::Open => {
                    if depth == 0 {
                        opened_at = i;
                    }
                    depth = (depth + 1).min(8);
                }
                Dir::Close => depth = depth.saturating_sub(1),
                Dir::Neither => {}
            },
            TokenKind::Punct if depth == 0 && is_terminator(text(t)) && !is_abbreviation(s, toks, i) => {
                let mut j = i + 1;
                // Closing marks glued to the terminator stay with it.
                while j < toks.len() && toks[j].gap == Gap::None && is_closer(text(&toks[j])) {
                    j += 1;
                }
                j = credit_end(s, toks, j).unwrap_or(j);
                out.push(start..j);
                start = j;
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

fn is_terminator(p: &str) -> bool {
    p.starts_with(['.', '!', '?', '؟', '…'])
}

fn is_closer(p: &str) -> bool {
    matches!(p, ")" | "]" | "»" | "”" | "’" | "\"" | "'" | "›")
}

enum Dir {
    Open,
    Close,
    Neither,
}

/// Which way a quotation mark faces. Paired marks say so themselves; a
/// straight or curly double mark is read from its spacing.
fn quote_dir(toks: &[RawToken], i: usize, depth: u32) -> Dir {
    let glued_before =
        i > 0 && toks[i].gap == Gap::None && !matches!(toks[i - 1].kind, TokenKind::Quote | TokenKind::Punct);
    let glued_after =
        toks.get(i + 1).is_some_and(|n| n.gap == Gap::None && !matches!(n.kind, TokenKind::Punct | TokenKind::Quote));
    let word = |k: TokenKind| matches!(k, TokenKind::Arabic | TokenKind::Latin);
    // An apostrophe inside a word (Trump's) is no quotation mark.
    if glued_before && glued_after && word(toks[i - 1].kind) && toks.get(i + 1).is_some_and(|n| word(n.kind)) {
        return Dir::Neither;
    }
    match (glued_before, glued_after) {
        (false, true) => Dir::Open,
        (true, false) => Dir::Close,
        _ if depth > 0 => Dir::Close,
        _ => Dir::Open,
    }
}

/// A period after a single letter (د. م.) or glued to a following word or
/// number (أ.ف.ب العربية.نت) ends no sentence.
fn is_abbreviation(s: &str, toks: &[RawToken], i: usize) -> bool {
    let t = &toks[i];
    if &s[t.start as usize..t.end as usize] != "." {
        return false;
    }
    let prev_single_letter = i > 0
        && t.gap == Gap::None
        && matches!(toks[i - 1].kind, TokenKind::Arabic | TokenKind::Latin)
        && s[toks[i - 1].start as usize..toks[i - 1].end as usize].chars().count() == 1;
    let next_glued_word = toks.get(i + 1).is_some_and(|n| {
        n.gap == Gap::None && matches!(n.kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number)
    });
    prev_single_letter || next_glued_word
}

/// A wire credit after a sentence's last word, such as (د ب أ) or (أ ف ب),
/// ending its line: returns the index past its closing parenthesis.
fn credit_end(s: &str, toks: &[RawToken], j: usize) -> Option<usize> {
    let text = |t: &RawToken| &s[t.start as usize..t.end as usize];
    if toks.get(j).map(text) != Some("(") {
        return None;
    }
    let mut letters = 0;
    for k in j + 1..(j + 9).min(toks.len()) {
        let t = &toks[k];
        match (t.kind, text(t)) {
            (TokenKind::Punct, ")") => {
                let at_line_end = toks.get(k + 1).is_none_or(|n| n.gap == Gap::Newline);
                return (letters > 0 && at_line_end).then_some(k + 1);
            }
            (TokenKind::Arabic | TokenKind::Latin, w) => letters += w.chars().count(),
            (TokenKind::Punct, ".") => {}
            _ => return None,
        }
        if letters > 14 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sents(s: &str) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize(s, |t| toks.push(t));
        split(s, &toks)
            .into_iter()
            .map(|r| s[toks[r.start].start as usize..toks[r.end - 1].end as usize].to_string())
            .collect()
    }

    #[test]
    fn terminators_and_line_breaks() {
        assert_eq!(
            sents("وصل الوفد. ثم غادر! هل عاد؟ ربما… لا\nسطر جديد"),
            vec!["وصل الوفد.", "ثم غادر!", "هل عاد؟", "ربما…", "لا", "سطر جديد"]
        );
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            sents("قال د. أحمد إن أ.ف.ب نقلت عن العربية.نت الخبر."),
            vec!["قال د. أحمد إن أ.ف.ب نقلت عن العربية.نت الخبر."]
        );
        assert_eq!(sents("بلغ 7.5 في المئة. وانتهى"), vec!["بلغ 7.5 في المئة.", "وانتهى"]);
    }

    #[test]
    fn wire_credit_stays_with_its_sentence() {
        assert_eq!(sents("قتل ثلاثة أشخاص. (د ب أ)\nخبر آخر."), vec!["قتل ثلاثة أشخاص. (د ب أ)", "خبر آخر."]);
        assert_eq!(sents("انتهى. (أ ف ب) ثم"), vec!["انتهى.", "(أ ف ب) ثم"]);
    }

    #[test]
    fn not_inside_a_quotation() {
        assert_eq!(sents("قال: \"لن نتراجع. سنواصل\". وغادر."), vec!["قال: \"لن نتراجع. سنواصل\".", "وغادر."]);
        assert_eq!(sents("قال «انتهى الأمر. نعم» ثم غادر. بعدها"), vec!["قال «انتهى الأمر. نعم» ثم غادر.", "بعدها"]);
        // A nested quotation inside a straight-quoted one.
        assert_eq!(
            sents("وأضافت أن \"المناورة \"الأسد الأفريقي\" البحرية. انتهت\". ثم"),
            vec!["وأضافت أن \"المناورة \"الأسد الأفريقي\" البحرية. انتهت\".", "ثم"]
        );
    }

    #[test]
    fn unclosed_quote_ends_at_the_line() {
        assert_eq!(sents("قال \"لن نتراجع. أبدا\nسطر. آخر"), vec!["قال \"لن نتراجع. أبدا", "سطر.", "آخر"]);
    }

    #[test]
    fn empty() {
        assert!(sents("").is_empty());
        assert!(sents("  \n ").is_empty());
    }
}
