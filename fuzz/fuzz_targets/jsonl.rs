//! Fuzz target `jsonl`: arbitrary bytes → `marsad_article::JsonlReader`,
//! drained in strict (`lossy = false`) and lossy mode.
//!
//! Checks: no panic; line numbers strictly increase and never exceed the
//! number of lines; lossy mode never reports invalid UTF-8, strict mode
//! reports it only for inputs that are not UTF-8 and at an offset inside
//! the line; on valid UTF-8 both modes agree; every error formats; every
//! article read re-serialises to one JSONL line that reads back equal.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_article::{Article, ErrorKind, JsonlReader, RecordError};

type Item = Result<(u64, Article), RecordError>;

fuzz_target!(|bytes: &[u8]| {
    let strict: Vec<Item> = drain(bytes, false);
    let lossy: Vec<Item> = drain(bytes, true);

    for item in &lossy {
        if let Err(e) = item {
            assert!(!matches!(e.kind, ErrorKind::InvalidUtf8 { .. }), "lossy mode reported invalid UTF-8: {e}");
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        // Valid UTF-8: lossy changes nothing, so both runs must agree.
        assert_eq!(strict.len(), lossy.len(), "strict and lossy yield different record counts on valid UTF-8");
        for (s, l) in strict.iter().zip(&lossy) {
            match (s, l) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "strict and lossy articles differ on valid UTF-8"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                _ => panic!("strict and lossy disagree on valid UTF-8: {s:?} vs {l:?}"),
            }
        }
        for item in &strict {
            if let Err(e) = item {
                assert!(!matches!(e.kind, ErrorKind::InvalidUtf8 { .. }), "invalid UTF-8 reported on valid input: {e}");
            }
        }
    }
});

fn drain(bytes: &[u8], lossy: bool) -> Vec<Item> {
    // Lines as the reader sees them: split on \n, a last line without one.
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut last = 0u64;
    let mut out = Vec::new();
    for item in JsonlReader::new(bytes, lossy) {
        let line = match &item {
            Ok((line, article)) => {
                roundtrip(article);
                *line
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(&format!("line {}", e.line)), "error message does not name its line: {msg}");
                if let ErrorKind::InvalidUtf8 { offset } = e.kind {
                    let raw = lines.get(e.line as usize - 1).copied().unwrap_or_default();
                    assert!(
                        offset < raw.len(),
                        "InvalidUtf8 offset {offset} outside line {} ({} bytes)",
                        e.line,
                        raw.len()
                    );
                    assert!(std::str::from_utf8(raw).is_err(), "InvalidUtf8 reported on a valid line {}", e.line);
                }
                e.line
            }
        };
        assert!(line > last, "line numbers must strictly increase: {line} after {last}");
        assert!(line as usize <= lines.len(), "line {line} past the {} lines of the input", lines.len());
        last = line;
        out.push(item);
    }
    out
}

/// An article read from JSONL, written back as one JSON line, reads back equal.
fn roundtrip(article: &Article) {
    let json = serde_json::to_string(article).expect("an Article must serialise");
    assert!(!json.contains('\n'), "serialised article spans several lines");
    let mut again = JsonlReader::new(json.as_bytes(), false);
    match again.next() {
        Some(Ok((1, back))) => assert_eq!(&back, article, "article does not round-trip through JSONL"),
        other => panic!("re-reading a serialised article failed: {other:?}\n{json}"),
    }
    assert!(again.next().is_none());
}
