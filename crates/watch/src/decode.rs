//! Fetched bodies as text.
//!
//! Arabic sites still serve windows-1256 and ISO-8859-6. The encoding is
//! taken, in this order, from a byte-order mark, the `Content-Type`
//! charset, then the document itself (`<meta charset>`, `<meta
//! http-equiv>`, or the XML declaration); a body that declares nothing and
//! is not valid UTF-8 is read as windows-1256, the commonest legacy
//! Arabic encoding. encoding_rs does the decoding; finding the label in a
//! document is a byte scan here, as no crate does it for both HTML and XML.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

/// The body as text, and the encoding it was read in.
pub fn text(body: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(body)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset).and_then(|l| Encoding::for_label(l.as_bytes())))
        .or_else(|| declared(body))
        .unwrap_or_else(|| if std::str::from_utf8(body).is_ok() { UTF_8 } else { WINDOWS_1256 });
    // A UTF-16 label in a document that is read as bytes means UTF-8
    // (WHATWG); encoding_rs's `output_encoding` says the same.
    let encoding = encoding.output_encoding();
    let (text, used, _) = encoding.decode(body);
    (text.into_owned(), used)
}

/// A feed body as UTF-8 XML: decoded, and its XML declaration's encoding
/// (if any) replaced, so that the XML parser does not decode it again.
pub fn xml(body: &[u8], content_type: Option<&str>) -> String {
    let (text, _) = text(body, content_type);
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix("<?xml") {
        if let Some(end) = rest.find("?>") {
            return format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{}", &rest[end + 2..]);
        }
    }
    text
}

/// The `charset` parameter of a `Content-Type` value.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The encoding a document declares in its first 2 KiB: `<?xml …
/// encoding="…"?>`, `<meta charset="…">` or `<meta http-equiv
/// content="…; charset=…">`.
fn declared(body: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = body.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let after = |needle: &[u8]| -> Option<&[u8]> {
        let at = head.windows(needle.len()).position(|w| w == needle)?;
        Some(&head[at + needle.len()..])
    };
    let value = |rest: &[u8]| -> Option<&'static Encoding> {
        // `encoding = "…"` may have spaces around the sign.
        let rest = rest.trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/' | b'?'))?;
        Encoding::for_label(&rest[..end])
    };
    if head.trim_ascii_start().starts_with(b"<?xml") {
        if let Some(e) = after(b"encoding").and_then(value) {
            return Some(e);
        }
    }
    after(b"charset").and_then(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "أعلنت الحكومة المغربية";

    fn cp1256() -> Vec<u8> {
        WINDOWS_1256.encode(ARABIC).0.into_owned()
    }

    #[test]
    fn from_the_header() {
        let (t, e) = text(&cp1256(), Some("text/html; charset=windows-1256"));
        assert_eq!((t.as_str(), e.name()), (ARABIC, "windows-1256"));
        let iso = encoding_rs::ISO_8859_6.encode("الحكومة").0.into_owned();
        assert_eq!(text(&iso, Some("text/html; Charset=\"ISO-8859-6\"")).0, "الحكومة");
    }

    #[test]
    fn from_the_document() {
        let mut page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"></head><body>"
                .to_vec();
        page.extend(cp1256());
        assert!(text(&page, Some("text/html")).0.ends_with(ARABIC));
        let mut page = b"<meta charset='windows-1256'>".to_vec();
        page.extend(cp1256());
        assert!(text(&page, None).0.ends_with(ARABIC));
        let mut feed = b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel><title>".to_vec();
        feed.extend(cp1256());
        let x = xml(&feed, Some("application/rss+xml"));
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>"), "{x}");
        assert!(x.ends_with(ARABIC));
    }

    #[test]
    fn undeclared() {
        assert_eq!(text(ARABIC.as_bytes(), None).0, ARABIC, "valid UTF-8 is UTF-8");
        assert_eq!(text(&cp1256(), None).0, ARABIC, "otherwise the commonest legacy Arabic encoding");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(ARABIC.as_bytes());
        assert_eq!(text(&bom, Some("text/html; charset=windows-1256")).0, ARABIC, "a BOM wins");
    }
}
