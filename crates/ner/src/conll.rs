//! The `token TAG` format of ANERcorp: one token and its BIO tag per line,
//! separated by white space, a blank line between sentences.

use std::fmt::Write as _;
use std::path::Path;

use crate::{Error, ErrorKind, Tag};

/// One gold sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens, one word each.
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<Tag>,
}

/// Reads a `token TAG` file.
pub fn read(path: &Path) -> Result<Vec<Sentence>, Error> {
    let bytes = std::fs::read(path).map_err(|source| ErrorKind::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        ErrorKind::BadTrainingData { path: path.to_path_buf(), line, reason: format!("invalid UTF-8 at byte {offset}") }
    })?;
    parse(&text, path)
}

/// Parses `token TAG` text; `path` names it in errors. The tag is the last
/// white-space separated field; a token is everything before it (ANERcorp
/// tokens hold no spaces, but a stray one is tolerated).
pub fn parse(text: &str, path: &Path) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut cur = Sentence { tokens: Vec::new(), tags: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::replace(&mut cur, Sentence { tokens: Vec::new(), tags: Vec::new() }));
            }
            continue;
        }
        let bad = |reason: String| ErrorKind::BadTrainingData { path: path.to_path_buf(), line: i + 1, reason };
        let Some((token, tag)) = line.rsplit_once(char::is_whitespace) else {
            return Err(bad(format!("expected `token TAG`, found {line:?}")).into());
        };
        let tag: Tag = tag.parse().map_err(bad)?;
        cur.tokens.push(token.trim_end().to_string());
        cur.tags.push(tag);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Writes sentences back in the same format.
pub fn format(sentences: &[(Vec<&str>, Vec<Tag>)]) -> String {
    let mut s = String::new();
    for (tokens, tags) in sentences {
        for (t, g) in tokens.iter().zip(tags) {
            let _ = writeln!(s, "{t} {g}");
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

    #[test]
    fn parses_sentences() {
        let s = parse("فرانكفورت B-LOC\n(د O\n\n\nأعلن O\nاتحاد B-ORG\r\n", Path::new("x")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, vec!["فرانكفورت", "(د"]);
        assert_eq!(s[0].tags, vec![Tag::B(Label::Loc), Tag::O]);
        assert_eq!(s[1].tags, vec![Tag::O, Tag::B(Label::Org)]);
    }

    #[test]
    fn bad_lines_are_typed_errors() {
        let e = parse("a O\nb\n", Path::new("f.txt")).unwrap_err();
        match e.kind {
            ErrorKind::BadTrainingData { line, .. } => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        let e = parse("a B-PER\n", Path::new("f.txt")).unwrap_err();
        assert!(e.to_string().starts_with("f.txt:1: bad tag"), "{e}");
        let e = read(Path::new("/nonexistent/ner.txt")).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Io { .. }));
    }

    #[test]
    fn format_round_trips() {
        let text = "أ B-PERS\nب I-PERS\n\nج O\n\n";
        let s = parse(text, Path::new("x")).unwrap();
        let back: Vec<_> = s.iter().map(|s| (s.tokens.iter().map(String::as_str).collect(), s.tags.clone())).collect();
        assert_eq!(format(&back), text);
    }
}
