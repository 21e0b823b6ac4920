//! Tokens over the analysis layer: Arabic and Latin words, numbers,
//! punctuation, quotation marks, hashtags, mentions, URLs and e-mail addresses.

use crate::chars::is_arabic_letter;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word in Arabic script (may end in attached digits: عربي21).
    Arabic,
    /// A word in another alphabetic script (Latin, Cyrillic …).
    Latin,
    /// Digits, with decimal or thousands separators or a date form (25/06/2018).
    Number,
    /// Punctuation, including an ellipsis.
    Punct,
    /// A quotation mark of any kind.
    Quote,
    /// `#word_word` in Latin script. An Arabic hashtag is read as a `#`
    /// and its words (#الاتحاد_الأوروبي → # الاتحاد الأوروبي).
    Hashtag,
    /// `@handle`.
    Mention,
    /// `http(s)://…` or `www.…`.
    Url,
    /// `name@host.tld`.
    Email,
    /// Anything else: symbols, emoji.
    Symbol,
}

impl TokenKind {
    /// A short lowercase name, as in the analysis JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Arabic => "arabic",
            TokenKind::Latin => "latin",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Quote => "quote",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Symbol => "symbol",
        }
    }
}

/// The white space before a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// Glued to the previous token.
    None,
    /// Spaces or tabs.
    Space,
    /// At least one line break.
    Newline,
}

/// A raw token: a kind and an analysis-layer byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    /// What the token is.
    pub kind: TokenKind,
    /// Start in the analysis layer.
    pub start: u32,
    /// End in the analysis layer.
    pub end: u32,
    /// White space before it.
    pub gap: Gap,
}

/// Quotation marks of every kind the press uses.
pub fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '»' | '“' | '”' | '‘' | '’' | '„' | '‟' | '‹' | '›' | '〝' | '〞' | '＂')
}

#[inline]
fn is_word_char(c: char) -> bool {
    // The plain Arabic letters first: the Unicode table lookup is slow.
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') || c.is_alphanumeric()
    }
}

/// Splits the analysis layer `s` into tokens, calling `emit` for each.
pub fn tokenize(s: &str, mut emit: impl FnMut(RawToken)) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut gap = Gap::None;
    // Inside an Arabic hashtag (#الاتحاد_الأوروبي), whose words are read as
    // words so that the names in it are found; `_` between them is a space.
    let mut in_tag = false;
    while i < b.len() {
        let Some(c) = s[i..].chars().next() else { break };
        let clen = c.len_utf8();
        if in_tag && c == '_' && s[i + 1..].chars().next().is_some_and(is_arabic_letter) {
            gap = Gap::Space;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            in_tag = false;
            if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
                gap = Gap::Newline;
            } else if gap == Gap::None {
                gap = Gap::Space;
            }
            i += clen;
            continue;
        }
        let at_chunk_start = i == 0 || gap != Gap::None || !s[..i].chars().next_back().is_some_and(is_word_char);
        let (kind, end) = if at_chunk_start
            && (starts_with_ci(&b[i..], b"http://")
                || starts_with_ci(&b[i..], b"https://")
                || starts_with_ci(&b[i..], b"www."))
        {
            (TokenKind::Url, url_end(s, i))
        } else if let Some(end) = email_end(b, i).filter(|_| at_chunk_start) {
            (TokenKind::Email, end)
        } else if c == '#' && s[i + 1..].chars().next().is_some_and(is_arabic_letter) {
            in_tag = true;
            (TokenKind::Punct, i + 1)
        } else if (c == '#' || c == '@') && s[i + 1..].chars().next().is_some_and(is_word_char) {
            let end = scan(s, i + 1, is_word_char);
            (if c == '#' { TokenKind::Hashtag } else { TokenKind::Mention }, end)
        } else if is_arabic_letter(c) {
            let end = scan(s, i, is_arabic_letter);
            // Digits glued to an Arabic word belong to it (عربي21).
            (TokenKind::Arabic, scan(s, end, |d| d.is_ascii_digit()))
        } else if c.is_ascii_digit() {
            (TokenKind::Number, number_end(b, i))
        } else if c.is_alphabetic() {
            (TokenKind::Latin, scan(s, i, |d| d.is_alphanumeric() && !is_arabic_letter(d)))
        } else if is_quote(c) {
            (TokenKind::Quote, i + clen)
        } else if c == '.' && b[i..].starts_with(b"...") {
            (TokenKind::Punct, scan(s, i, |d| d == '.'))
        } else if matches!(c, '!' | '?' | '؟' | '…') {
            // A run of terminators is one token (؟!).
            (TokenKind::Punct, scan(s, i, |d| matches!(d, '!' | '?' | '؟' | '…')))
        } else if c.is_ascii_punctuation() || is_punctuation(c) {
            (TokenKind::Punct, i + clen)
        } else {
            (TokenKind::Symbol, i + clen)
        };
        emit(RawToken { kind, start: i as u32, end: end as u32, gap });
        gap = Gap::None;
        i = end;
    }
}

fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '،' | '؛'
            | '؟'
            | '٪'
            | '۔'
            | '–'
            | '—'
            | '‐'
            | '‑'
            | '‒'
            | '―'
            | '•'
            | '·'
            | '…'
            | '¡'
            | '¿'
            | '§'
            | '¶'
            | '⁄'
            | '‰'
            | '′'
            | '″'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '﴾'
            | '﴿'
    )
}

fn starts_with_ci(b: &[u8], prefix: &[u8]) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// End of the run of characters matching `f` from `i`.
fn scan(s: &str, i: usize, f: impl Fn(char) -> bool) -> usize {
    s[i..].char_indices().find(|&(_, c)| !f(c)).map_or(s.len(), |(j, _)| i + j)
}

/// A URL runs to the next white space, less trailing punctuation and
/// closing marks (which belong to the sentence).
fn url_end(s: &str, i: usize) -> usize {
    let end = scan(s, i, |c| !c.is_whitespace());
    let trimmed = s[i..end].trim_end_matches(|c: char| {
        matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '،' | '؛' | '؟') || is_quote(c)
    });
    i + trimmed.len().max(1)
}

/// `local@domain.tld` starting at `i`, ASCII only.
fn email_end(b: &[u8], i: usize) -> Option<usize> {
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    // Bounded scans (RFC 5321 limits) keep tokenising linear on long runs
    // such as a.a.a.a… that are tried at every dot.
    let mut j = i;
    while j < b.len() && j - i <= 64 && local(b[j]) {
        j += 1;
    }
    if j == i || j >= b.len() || b[j] != b'@' || !b[i].is_ascii_alphanumeric() {
        return None;
    }
    let d0 = j + 1;
    let mut k = d0;
    while k < b.len() && k - d0 <= 255 && (b[k].is_ascii_alphanumeric() || b[k] == b'.' || b[k] == b'-') {
        k += 1;
    }
    let domain = b[d0..k].strip_suffix(b".").unwrap_or(&b[d0..k]);
    let dot = domain.iter().rposition(|&c| c == b'.')?;
    let tld = &domain[dot + 1..];
    (dot > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)).then_some(d0 + domain.len())
}

/// Digits with separators between digit groups: 7,500 7.5 25/06/2018.
fn number_end(b: &[u8], i: usize) -> usize {
    let digits = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut end = digits(i);
    let mut slashes = 0;
    while end + 1 < b.len() && matches!(b[end], b'.' | b',' | b'/') && b[end + 1].is_ascii_digit() {
        if b[end] == b'/' {
            slashes += 1;
            if slashes > 2 {
                break;
            }
        }
        end = digits(end + 1);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&'static str, &str)> {
        let mut v = Vec::new();
        tokenize(s, |t| v.push((t.kind.as_str(), &s[t.start as usize..t.end as usize])));
        v
    }

    #[test]
    fn arabic_and_latin_words() {
        assert_eq!(
            toks("قال ترامب Trump's"),
            vec![("arabic", "قال"), ("arabic", "ترامب"), ("latin", "Trump"), ("quote", "'"), ("latin", "s")]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("2020 7,500 7.5 25/06/2018 نحو 7500جندي"),
            vec![
                ("number", "2020"),
                ("number", "7,500"),
                ("number", "7.5"),
                ("number", "25/06/2018"),
                ("arabic", "نحو"),
                ("number", "7500"),
                ("arabic", "جندي")
            ]
        );
        assert_eq!(toks("2020."), vec![("number", "2020"), ("punct", ".")]);
        assert_eq!(toks("1,2,"), vec![("number", "1,2"), ("punct", ",")]);
    }

    #[test]
    fn quotes_of_every_kind() {
        let q: Vec<_> = toks(r#""a" «ب» “ج” ‘د’"#).into_iter().filter(|t| t.0 == "quote").map(|t| t.1).collect();
        assert_eq!(q, vec!["\"", "\"", "«", "»", "“", "”", "‘", "’"]);
    }

    #[test]
    fn hashtags_mentions_urls_emails() {
        assert_eq!(toks("#أبي_أحمد"), vec![("punct", "#"), ("arabic", "أبي"), ("arabic", "أحمد")]);
        assert_eq!(toks("#Trump_2020"), vec![("hashtag", "#Trump_2020")]);
        assert_eq!(
            toks("a_b ب_ج"),
            vec![("latin", "a"), ("punct", "_"), ("latin", "b"), ("arabic", "ب"), ("punct", "_"), ("arabic", "ج")]
        );
        assert_eq!(toks("@AJArabic:"), vec![("mention", "@AJArabic"), ("punct", ":")]);
        assert_eq!(
            toks("(https://www.bbc.com/arabic/x?id=1)."),
            vec![("punct", "("), ("url", "https://www.bbc.com/arabic/x?id=1"), ("punct", ")"), ("punct", ".")]
        );
        assert_eq!(toks("www.arabi21.com،"), vec![("url", "www.arabi21.com"), ("punct", "،")]);
        assert_eq!(
            toks("راسلونا info@arabi21.com."),
            vec![("arabic", "راسلونا"), ("email", "info@arabi21.com"), ("punct", ".")]
        );
        assert_eq!(toks("# وحده"), vec![("punct", "#"), ("arabic", "وحده")]);
    }

    #[test]
    fn arabic_punctuation_and_glued_digits() {
        assert_eq!(toks("عربي21، هل؟!"), vec![("arabic", "عربي21"), ("punct", "،"), ("arabic", "هل"), ("punct", "؟!")]);
        assert_eq!(toks("انتهى..."), vec![("arabic", "انتهى"), ("punct", "...")]);
    }

    #[test]
    fn gaps() {
        let mut gaps = Vec::new();
        tokenize("أ ب\nج،د", |t| gaps.push(t.gap));
        assert_eq!(gaps, vec![Gap::None, Gap::Space, Gap::Newline, Gap::None, Gap::None]);
    }

    #[test]
    fn emoji_and_symbols() {
        assert_eq!(toks("😀 $5"), vec![("symbol", "😀"), ("punct", "$"), ("number", "5")]);
    }
}
