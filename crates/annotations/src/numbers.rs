//! Numbers as Arabic news writes them: digits (ASCII or Arabic-Indic, which
//! the text core folds to ASCII), with thousands separators and decimals,
//! number words (ثلاثة، خمسة وعشرون، مئتا، ثلاثمئة), multipliers (ألف،
//! آلاف، مليون، مليار) after either. Hand-written: no crate reads Arabic
//! number words, and the text core's keys (hamza and taa marbuta folded)
//! keep the table small.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use marsad_text::chars::key_of;
use marsad_text::{Document, Token, TokenKind};

/// A number read from tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    /// Written in digits.
    pub digits: bool,
}

/// Word → value, keyed by the stem's matching key.
static WORDS: LazyLock<HashMap<String, f64>> = LazyLock::new(|| {
    let table: &[(&[&str], f64)] = &[
        (&["واحد", "واحدة", "أحد", "إحدى"], 1.0),
        (&["اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي"], 2.0),
        (&["ثلاث", "ثلاثة"], 3.0),
        (&["أربع", "أربعة"], 4.0),
        (&["خمس", "خمسة"], 5.0),
        (&["ست", "ستة"], 6.0),
        (&["سبع", "سبعة"], 7.0),
        (&["ثماني", "ثمانية", "ثمان"], 8.0),
        (&["تسع", "تسعة"], 9.0),
        (&["عشر", "عشرة"], 10.0),
        (&["عشرون", "عشرين"], 20.0),
        (&["ثلاثون", "ثلاثين"], 30.0),
        (&["أربعون", "أربعين"], 40.0),
        (&["خمسون", "خمسين"], 50.0),
        (&["ستون", "ستين"], 60.0),
        (&["سبعون", "سبعين"], 70.0),
        (&["ثمانون", "ثمانين"], 80.0),
        (&["تسعون", "تسعين"], 90.0),
        (&["مئة", "مائة", "مئات"], 100.0),
        (&["مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مائتا"], 200.0),
        (&["ثلاثمئة", "ثلاثمائة"], 300.0),
        (&["أربعمئة", "أربعمائة"], 400.0),
        (&["خمسمئة", "خمسمائة"], 500.0),
        (&["ستمئة", "ستمائة"], 600.0),
        (&["سبعمئة", "سبعمائة"], 700.0),
        (&["ثمانمئة", "ثمانمائة", "ثمانيمئة", "ثمانيمائة"], 800.0),
        (&["تسعمئة", "تسعمائة"], 900.0),
    ];
    table.iter().flat_map(|(ws, v)| ws.iter().map(move |w| (key_of(w), *v))).collect()
});

/// Multipliers after a number (ثلاثة آلاف، 2.5 مليون).
static SCALES: LazyLock<HashMap<String, f64>> = LazyLock::new(|| {
    let table: &[(&[&str], f64)] = &[
        (&["ألف", "آلاف", "ألفا", "الف"], 1e3),
        (&["مليون", "ملايين", "مليونا"], 1e6),
        (&["مليار", "مليارات", "مليارا", "بليون", "بلايين"], 1e9),
        (&["تريليون", "تريليونات"], 1e12),
    ];
    table.iter().flat_map(|(ws, v)| ws.iter().map(move |w| (key_of(w), *v))).collect()
});

/// Duals of the scales, a number on their own (ألفان، مليونين).
static SCALE_DUALS: LazyLock<HashMap<String, f64>> = LazyLock::new(|| {
    [
        ("ألفان", 2e3),
        ("ألفين", 2e3),
        ("ألفا", 2e3),
        ("مليونان", 2e6),
        ("مليونين", 2e6),
        ("ملياران", 2e9),
        ("مليارين", 2e9),
    ]
    .iter()
    .map(|(w, v)| (key_of(w), *v))
    .collect()
});

/// The stem of a token as a matching key without the article.
fn bare<'d>(doc: &'d Document, t: &Token) -> &'d str {
    // The segmenter has already taken the article off (آلاف keeps its alef).
    doc.stem_key(t)
}

/// Digits of a token (its key), with a و/ف/ب/ل proclitic glued to them
/// (و2015) and thousands separators (7,500) accepted.
fn digits(doc: &Document, t: &Token) -> Option<f64> {
    let k = doc.key(t);
    // الـ20 (the 20th), و2015, ب2015.
    let k = k.strip_prefix("ال").unwrap_or(k).trim_start_matches(['و', 'ف', 'ب', 'ل']);
    if k.is_empty() || !k.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let cleaned: String =
        k.chars().filter(|c| *c != ',' && *c != '٬').map(|c| if c == '٫' { '.' } else { c }).collect();
    if !cleaned.bytes().all(|b| b.is_ascii_digit() || b == b'.') || cleaned.matches('.').count() > 1 {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads a number starting at token `i`, if one starts there.
/// The number starting at every token: times and quantities both ask.
pub(crate) fn read_all(doc: &Document) -> Vec<Option<Number>> {
    (0..doc.tokens().len()).map(|i| read(doc, i)).collect()
}

pub(crate) fn read(doc: &Document, i: usize) -> Option<Number> {
    let toks = doc.tokens();
    let t = toks.get(i)?;
    let (mut value, mut end, is_digits) = if let Some(v) = digits(doc, t) {
        let mut end = i + 1;
        let mut v = v;
        // 2.5 split by the tokenizer: digits, '.', digits with no spaces.
        if let (Some(dot), Some(frac)) = (toks.get(i + 1), toks.get(i + 2)) {
            if doc.text(dot) == "." && dot.start == t.end && frac.start == dot.end && frac.kind == TokenKind::Number {
                if let Ok(x) = format!("{}.{}", doc.text(t).trim_start_matches(['و', 'ف', 'ب', 'ل']), doc.text(frac))
                    .parse::<f64>()
                {
                    v = x;
                    end = i + 3;
                }
            }
        }
        (v, end, true)
    } else {
        if t.kind != TokenKind::Arabic {
            return None;
        }
        let w = bare(doc, t);
        if let Some(&v) = SCALE_DUALS.get(w) {
            return Some(Number { value: v, start: i, end: i + 1, digits: false });
        }
        let mut v = *WORDS.get(w)?;
        let mut end = i + 1;
        // Teens: ثلاثة عشر; compounds: خمسة وعشرون.
        if v < 10.0 {
            if let Some(n) = toks.get(end) {
                let nw = bare(doc, n);
                if (nw == "عشر" || nw == "عشره") && n.clitics.proclitics().next().is_none() {
                    v += 10.0;
                    end += 1;
                } else if let Some(&tens) = WORDS.get(nw).filter(|x| (20.0..100.0).contains(*x)) {
                    if has_wa(n) {
                        v += tens;
                        end += 1;
                    }
                }
            }
        }
        // A hundreds word followed by و + the rest: مئة وخمسون.
        if v >= 100.0 {
            if let Some(rest) = toks.get(end).filter(|n| has_wa(n)).and_then(|_| read_small(doc, end)) {
                v += rest.0;
                end = rest.1;
            }
        }
        (v, end, false)
    };
    if let Some(&scale) = toks.get(end).and_then(|n| SCALES.get(bare(doc, n))) {
        value *= scale;
        end += 1;
    }
    Some(Number { value, start: i, end, digits: is_digits })
}

/// A number word below 100 at `i` (with its و), for compounds.
fn read_small(doc: &Document, i: usize) -> Option<(f64, usize)> {
    let toks = doc.tokens();
    let v = *WORDS.get(bare(doc, toks.get(i)?))?;
    if v >= 100.0 {
        return None;
    }
    let mut end = i + 1;
    let mut v = v;
    if v < 10.0 {
        if let Some(&tens) = toks.get(end).and_then(|n| WORDS.get(bare(doc, n)).filter(|_| has_wa(n))) {
            if (20.0..100.0).contains(&tens) {
                v += tens;
                end += 1;
            }
        }
    }
    Some((v, end))
}

fn has_wa(t: &Token) -> bool {
    t.clitics.proclitics().next() == Some(marsad_text::Proclitic::Wa)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<(f64, usize)> {
        let doc = Document::new(text);
        read(&doc, 0).map(|n| (n.value, n.end))
    }

    #[test]
    fn digits_words_and_scales() {
        assert_eq!(value("7,500 جندي"), Some((7500.0, 1)));
        assert_eq!(value("2.5 مليون"), Some((2.5e6, 2)));
        assert_eq!(value("ثلاثة آلاف"), Some((3000.0, 2)));
        assert_eq!(value("خمسة وعشرون"), Some((25.0, 2)));
        assert_eq!(value("ثلاثة عشر"), Some((13.0, 2)));
        assert_eq!(value("مئة وخمسون"), Some((150.0, 2)));
        assert_eq!(value("ثماني دول"), Some((8.0, 1)));
        assert_eq!(value("ألفين"), Some((2000.0, 1)));
        assert_eq!(value("٢٠١٥"), Some((2015.0, 1)));
        assert_eq!(value("و2015"), Some((2015.0, 1)));
        assert_eq!(value("قال"), None);
    }
}
