//! Web archives (WARC, plain or gzipped): each HTTP response (or resource)
//! record holding an HTML or plain-text page becomes an article.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use warc::{RawRecordHeader, WarcHeader};

use crate::article::Article;
use crate::date::parse_published;
use crate::error::ErrorKind;
use crate::html::{from_html, tidy};
use crate::input::decode_utf8;

/// The articles of a WARC stream, in record order.
///
/// Give it the decompressed stream ([`crate::open_reader`] undoes the
/// gzip of a `.warc.gz`, record members included). A page's text and
/// metadata are extracted as by [`crate::from_html`]; its id and URL are
/// the record's `WARC-Target-URI` (else its `WARC-Record-ID`), and it is
/// dated by the page, else by `WARC-Date`. Records that are not pages
/// (requests, metadata, images, redirects, errors) are passed over and
/// counted by [`WarcReader::skipped`]. A page that cannot be read is a
/// [`WarcRecordError`] naming the record; a broken record frame, or data
/// after the last record that is not one (a file with bare LF line ends,
/// say), ends the stream with one, since no record after it can be found.
///
/// ```
/// let page = "<html><body><article><p>خبر من الأرشيف.</p></article></body></html>";
/// let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
/// let warc = format!(
///     "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
///      WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: https://example.com/a\r\n\
///      Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
///     http.len()
/// );
/// let articles: Vec<_> = marsad_article::WarcReader::new(warc.as_bytes(), false).collect();
/// let (record, article) = articles[0].as_ref().unwrap();
/// assert_eq!(*record, 1);
/// assert_eq!(article.text, "خبر من الأرشيف.");
/// assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
/// assert_eq!(article.published.unwrap().to_string(), "2024-03-05");
/// ```
pub struct WarcReader<R> {
    records: warc::RawRecordIter<Tracked<R>>,
    /// Bytes of the stream read so far, and where the last record ended.
    read: Arc<AtomicU64>,
    end: u64,
    at: u64,
    broken: bool,
    lossy: bool,
    skipped: u64,
}

/// A WARC record that could not be made into an article.
///
/// Displays as e.g. `record 3 (https://example.com/a): cannot extract
/// article from HTML: no main text found`.
#[derive(Debug, thiserror::Error)]
pub struct WarcRecordError {
    /// 1-based number of the record in the file.
    pub record: u64,
    /// Byte offset of its start in the (uncompressed) stream.
    pub offset: u64,
    /// Its target URI, when it could be read.
    pub uri: Option<String>,
    /// What was wrong with it.
    pub kind: ErrorKind,
}

impl fmt::Display for WarcRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {} at byte {}", self.record, self.offset)?;
        match &self.uri {
            Some(uri) => write!(f, " ({uri}): {}", self.kind),
            None => write!(f, ": {}", self.kind),
        }
    }
}

impl<R: BufRead> WarcReader<R> {
    /// A reader of `input`; `lossy` replaces invalid UTF-8 in pages that
    /// declare no other charset instead of rejecting them.
    pub fn new(input: R, lossy: bool) -> Self {
        let read = Arc::new(AtomicU64::new(0));
        let tracked = Tracked { inner: input, read: Arc::clone(&read) };
        WarcReader {
            records: warc::WarcReader::new(tracked).iter_raw_records(),
            read,
            end: 0,
            at: 0,
            broken: false,
            lossy,
            skipped: 0,
        }
    }

    /// Records passed over so far for not being pages.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<(u64, Article), WarcRecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.broken {
            let start = self.end;
            let broken = |message: String| WarcRecordError {
                record: self.at + 1,
                offset: start,
                uri: None,
                kind: ErrorKind::Warc { message },
            };
            let Some(raw) = self.records.next() else {
                // The WARC parser ends quietly on data it cannot frame.
                let read = self.read.load(Ordering::Relaxed);
                self.broken = true;
                return (read > start).then(|| {
                    Err(broken("not a WARC record (records need CRLF line ends); the rest is not read".into()))
                });
            };
            let (header, block) = match raw {
                Ok(r) => r,
                Err(e) => {
                    let mut message = e.to_string();
                    if let Some(source) = std::error::Error::source(&e) {
                        message += &format!(" ({source})");
                    }
                    message += "; the records after it are not read";
                    let err = broken(message);
                    self.broken = true;
                    return Some(Err(err));
                }
            };
            self.at += 1;
            self.end = self.read.load(Ordering::Relaxed);
            // wget writes URIs and ids in angle brackets (`<http://…>`).
            let field = |k: WarcHeader| {
                let v = header.as_ref().get(&k).map(|v| String::from_utf8_lossy(v).into_owned())?;
                let v = v.trim();
                let v = v.strip_prefix('<').and_then(|v| v.strip_suffix('>')).unwrap_or(v).trim();
                (!v.is_empty()).then(|| v.to_string())
            };
            let uri = field(WarcHeader::TargetURI);
            match page(&header, &block, self.lossy) {
                Ok(None) => self.skipped += 1,
                Ok(Some(mut article)) => {
                    // The page's address: the same page archived twice is
                    // one article, replaced when its text changed.
                    article.id = uri.clone().or_else(|| field(WarcHeader::RecordID));
                    if article.url.is_none() {
                        article.url = uri;
                    }
                    if article.published.is_none() {
                        article.published = field(WarcHeader::Date).and_then(|d| parse_published(&d).ok());
                    }
                    return Some(Ok((self.at, article)));
                }
                Err(kind) => return Some(Err(WarcRecordError { record: self.at, offset: start, uri, kind })),
            }
        }
        None
    }
}

/// A reader counting the bytes taken from it.
struct Tracked<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.read.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// The article of a record, or `None` when it holds no page.
fn page(header: &RawRecordHeader, block: &[u8], lossy: bool) -> Result<Option<Article>, ErrorKind> {
    let field = |k: WarcHeader| header.as_ref().get(&k).map(|v| String::from_utf8_lossy(v).to_ascii_lowercase());
    let record_type = field(WarcHeader::WarcType).unwrap_or_default();
    let (content_type, payload) = match record_type.trim() {
        // Only HTTP responses: a `dns:` response is not a page.
        "response" if field(WarcHeader::ContentType).is_some_and(|t| t.trim().starts_with("application/http")) => {
            match http_payload(block)? {
                Some(p) => p,
                None => return Ok(None),
            }
        }
        // A page archived as such; not a crawler's own files (wget keeps its
        // log and arguments as `metadata://` resources).
        "resource"
            if field(WarcHeader::TargetURI).is_some_and(|u| {
                let u = u.trim().trim_start_matches('<');
                ["http:", "https:", "file:"].iter().any(|s| u.starts_with(s))
            }) =>
        {
            (field(WarcHeader::ContentType).unwrap_or_default(), Cow::Borrowed(block))
        }
        _ => return Ok(None),
    };
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    let html = matches!(mime, "text/html" | "application/xhtml+xml");
    if !html && mime != "text/plain" {
        return Ok(None);
    }
    let text = decode(payload.into_owned(), &content_type, html, lossy)?;
    let article = if html {
        from_html(&text, None).map_err(|e| e.into_kind())?
    } else {
        let text = tidy(&text);
        if text.is_empty() {
            return Err(ErrorKind::Html { message: "no main text found".into() });
        }
        Article::new(text)
    };
    Ok(Some(article))
}

/// A payload's content type (lowercased) and bytes.
type Payload<'a> = (String, Cow<'a, [u8]>);

/// The content type and body of a successful HTTP response, its transfer
/// and content encodings undone; `None` for other statuses.
fn http_payload(block: &[u8]) -> Result<Option<Payload<'_>>, ErrorKind> {
    let bad = |message: String| ErrorKind::Warc { message };
    let mut headers = [httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    let start = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(bad("truncated HTTP response headers".into())),
        Err(e) => return Err(bad(format!("HTTP response: {e}"))),
    };
    // Redirects, errors and empty answers carry no article.
    if !matches!(response.code, Some(200..=299)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    let mut body = Cow::Borrowed(&block[start..]);
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = Cow::Owned(dechunk(&body).ok_or_else(|| bad("malformed chunked HTTP body".into()))?);
    }
    match header("content-encoding").as_deref() {
        None | Some("" | "identity") => {}
        Some(coding @ ("gzip" | "x-gzip" | "deflate")) => {
            let mut out = Vec::new();
            let read = if coding == "deflate" {
                flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out)
            } else {
                flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut out)
            };
            read.map_err(|e| bad(format!("{coding} HTTP body: {e}")))?;
            body = Cow::Owned(out);
        }
        Some(other) => return Err(bad(format!("unsupported HTTP content encoding {other:?}"))),
    }
    Ok(Some((content_type, body)))
}

/// A chunked HTTP body put back together; `None` if it is malformed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&b[..eol]).ok()?;
        // Chunk extensions (`;name=value`) are allowed after the size.
        let size = usize::from_str_radix(size_field.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

/// A page's text: in the charset its HTTP header declares, else its
/// `<meta charset>`, else UTF-8.
fn decode(bytes: Vec<u8>, content_type: &str, html: bool, lossy: bool) -> Result<String, ErrorKind> {
    let label = charset(content_type).or_else(|| if html { meta_charset(&bytes) } else { None });
    match label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        Some(enc) if enc != encoding_rs::UTF_8 => Ok(enc.decode(&bytes).0.into_owned()),
        _ => decode_utf8(bytes, lossy).map_err(|e| e.into_kind()),
    }
}

fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// `charset=` in the page's first 2 KB (`<meta charset="windows-1256">` or
/// the `http-equiv` form).
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: 2021-07-30T10:00:00Z\r\n\
             WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    const PAGE: &str =
        "<html><head><title>عنوان</title></head><body><article><p>نص الخبر هنا.</p></article></body></html>";
    const HTTP: &str = "application/http; msgtype=response";

    #[test]
    fn pages_become_articles_and_other_records_are_passed_over() {
        let mut w = record("warcinfo", "", "application/warc-fields", b"software: test\r\n");
        w.extend(record(
            "request",
            "https://x.test/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        w.extend(record("response", "https://x.test/a", HTTP, &http("Content-Type: text/html\r\n", PAGE.as_bytes())));
        w.extend(record("response", "https://x.test/logo.png", HTTP, &http("Content-Type: image/png\r\n", b"\x89PNG")));
        w.extend(record("response", "https://x.test/old", HTTP, b"HTTP/1.1 301 Moved\r\nLocation: /a\r\n\r\n"));
        w.extend(record("resource", "file:///b.txt", "text/plain", "نص عادي\n\nفقرة".as_bytes()));
        w.extend(record("resource", "metadata://wget/wget.log", "text/plain", b"wget log"));
        let mut reader = WarcReader::new(&w[..], false);
        let got: Vec<_> = reader.by_ref().map(|r| r.unwrap()).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        let (n, a) = &got[0];
        assert_eq!(*n, 3);
        assert_eq!((a.id.as_deref(), a.url.as_deref()), (Some("https://x.test/a"), Some("https://x.test/a")));
        assert_eq!(a.text, "نص الخبر هنا.");
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2021-07-30"));
        assert_eq!((got[1].0, got[1].1.text.as_str()), (6, "نص عادي\nفقرة"));
        assert_eq!(reader.skipped(), 5);
    }

    #[test]
    fn uris_in_angle_brackets() {
        // As wget writes them.
        let w = record("response", "<https://x.test/w>", HTTP, &http("Content-Type: text/html\r\n", PAGE.as_bytes()));
        let (_, a) = WarcReader::new(&w[..], false).next().unwrap().unwrap();
        assert_eq!((a.id.as_deref(), a.url.as_deref()), (Some("https://x.test/w"), Some("https://x.test/w")));
    }

    #[test]
    fn encodings_are_undone() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let (half, rest) = gz.split_at(gz.len() / 2);
        let mut chunked = format!("{:x};ext=1\r\n", half.len()).into_bytes();
        chunked.extend_from_slice(half);
        chunked.extend(format!("\r\n{:X}\r\n", rest.len()).into_bytes());
        chunked.extend_from_slice(rest);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let headers = "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
        let (enc, _, _) = encoding_rs::WINDOWS_1256.encode(PAGE);
        let w = [
            record("response", "https://x.test/gz", HTTP, &http(headers, &chunked)),
            record(
                "response",
                "https://x.test/cp",
                HTTP,
                &http("Content-Type: text/html; charset=windows-1256\r\n", &enc),
            ),
        ]
        .concat();
        let texts: Vec<String> = WarcReader::new(&w[..], false).map(|r| r.unwrap().1.text).collect();
        assert_eq!(texts, ["نص الخبر هنا.", "نص الخبر هنا."]);
        assert_eq!(meta_charset(br#"<meta charset="Windows-1256">"#).as_deref(), Some("windows-1256"));
    }

    #[test]
    fn bad_records_are_named() {
        let empty = "<html><body></body></html>";
        let first =
            record("response", "https://x.test/e", HTTP, &http("Content-Type: text/html\r\n", empty.as_bytes()));
        let encoded = http("Content-Type: text/html\r\nContent-Encoding: br\r\n", b"..");
        let second = record("response", "https://x.test/z", HTTP, &encoded);
        // A frame whose length runs past the end.
        let third = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort\r\n";
        let w = [&first[..], &second, third].concat();
        let got: Vec<String> = WarcReader::new(&w[..], false).map(|r| r.unwrap_err().to_string()).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[0],
            "record 1 at byte 0 (https://x.test/e): cannot extract article from HTML: no main text found"
        );
        let at =
            format!("record 2 at byte {} (https://x.test/z): WARC: unsupported HTTP content encoding", first.len());
        assert!(got[1].starts_with(&at), "{}", got[1]);
        let at = format!("record 3 at byte {}: WARC: ", first.len() + second.len());
        assert!(got[2].starts_with(&at) && got[2].ends_with("not read"), "{}", got[2]);
        assert_eq!(dechunk(b"5\r\nabc"), None);
    }

    #[test]
    fn data_that_is_not_a_record_is_an_error() {
        let page = record("resource", "file:///a.txt", "text/plain", "نص".as_bytes());
        let lf_only = String::from_utf8(page.clone()).unwrap().replace("\r\n", "\n").into_bytes();
        let trailing = [&page[..], b"junk\n"].concat();
        for (input, n) in [(&lf_only, 1), (&trailing, 2)] {
            let got: Vec<_> = WarcReader::new(&input[..], false).collect();
            assert_eq!(got.len(), n, "{got:?}");
            let err = got[n - 1].as_ref().unwrap_err();
            assert!(err.to_string().contains("not a WARC record"), "{err}");
            assert_eq!((err.record, err.offset), (n as u64, if n == 1 { 0 } else { page.len() as u64 }));
        }
        // An empty file has no record, and that is no error.
        assert_eq!(WarcReader::new(&b""[..], false).count(), 0);
    }
}
