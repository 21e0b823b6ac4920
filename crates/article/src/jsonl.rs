//! JSON Lines reading: one article per line, bad records reported and
//! skipped.

use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::article::Article;
use crate::date::parse_published;
use crate::error::{Error, ErrorKind, RecordError};
use crate::input::UTF8_BOM;

/// Iterates over the articles of a JSONL stream.
///
/// Yields `(line_number, article)` with 1-based line numbers, or a
/// [`RecordError`] for a line that cannot be used; iteration then goes on
/// with the next line. Blank lines are skipped (but counted). An I/O error
/// is yielded once and ends the iteration.
///
/// Fields read: `id` (string or number), `text` (required string),
/// `published`, `outlet`, `title`, `url`, and the ANT-corpus aliases
/// `docno` (id), `src` (outlet) and `date` (published); when both a name and
/// its alias are present the canonical name wins. Other fields are ignored.
/// `published` accepts what [`parse_published`] accepts; an empty string
/// counts as absent. `null` counts as absent for every field.
///
/// ```
/// use marsad_article::JsonlReader;
///
/// let input = "{\"docno\": \"AL-1\", \"text\": \"نص الخبر\", \"date\": \"2018-02-18\"}\n\n[1]\n";
/// let mut records = JsonlReader::new(input.as_bytes(), false);
/// let (line, article) = records.next().unwrap().unwrap();
/// assert_eq!((line, article.id.as_deref()), (1, Some("AL-1")));
/// let err = records.next().unwrap().unwrap_err();
/// assert_eq!(err.line, 3);
/// assert!(records.next().is_none());
/// ```
pub struct JsonlReader<R> {
    reader: R,
    lossy: bool,
    buf: Vec<u8>,
    line: u64,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads records from `reader`. With `lossy`, invalid UTF-8 in a line is
    /// replaced by U+FFFD instead of failing that record.
    pub fn new(reader: R, lossy: bool) -> Self {
        JsonlReader { reader, lossy, buf: Vec::new(), line: 0, done: false }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<(u64, Article), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let mut bytes = self.buf.as_slice();
                    bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                    bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                    let mut base = 0;
                    if self.line == 1 {
                        if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
                            bytes = rest;
                            base = UTF8_BOM.len();
                        }
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let line = self.line;
                    return Some(
                        parse_line(bytes, base, self.lossy)
                            .map(|article| (line, article))
                            .map_err(|(id, kind)| RecordError { line, id, kind }),
                    );
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(RecordError {
                        line: self.line + 1,
                        id: None,
                        kind: ErrorKind::Io { path: None, source },
                    }));
                }
            }
        }
        None
    }
}

type LineError = (Option<String>, ErrorKind);

/// Parses one non-blank line; `base` is how many bytes were cut from its
/// start (a BOM), so UTF-8 offsets match the line as stored.
fn parse_line(bytes: &[u8], base: usize, lossy: bool) -> Result<Article, LineError> {
    let text = if lossy {
        String::from_utf8_lossy(bytes)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(e) => {
                // Rare path: a lossy parse is cheap enough to recover the id.
                let lossy_text = String::from_utf8_lossy(bytes);
                let id = parse_raw(&lossy_text).0.id();
                let offset = base + e.valid_up_to();
                return Err((id, ErrorKind::InvalidUtf8 { offset }));
            }
        }
    };
    let (raw, result) = parse_raw(&text);
    match result {
        Ok(()) => raw.into_article(),
        Err(e) => Err((raw.id(), ErrorKind::Json { message: json_message(&e) })),
    }
}

/// Parses into a [`Raw`] that keeps whatever was read before an error,
/// so a truncated line can still name its id.
fn parse_raw(text: &str) -> (Raw, Result<(), serde_json::Error>) {
    let mut raw = Raw::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = RecordSeed(&mut raw).deserialize(&mut de).and_then(|()| de.end());
    (raw, result)
}

/// serde_json says "at line 1 column N"; every record is one line, so only
/// the column is worth showing.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(msg) if e.line() > 0 => format!("{msg} at column {}", e.column()),
        _ => full,
    }
}

/// One known field's value, typed loosely so type errors can be reported
/// per field (with the record's id) instead of failing the whole parse.
#[derive(Debug, Default)]
enum Slot {
    #[default]
    Absent,
    Str(String),
    Num(String),
    Other(&'static str),
}

impl Slot {
    /// `Absent` and `null` both parse to `Absent`.
    fn is_set(&self) -> bool {
        !matches!(self, Slot::Absent)
    }

    fn found(&self) -> &'static str {
        match self {
            Slot::Absent => "null",
            Slot::Str(_) => "string",
            Slot::Num(_) => "number",
            Slot::Other(kind) => kind,
        }
    }
}

#[derive(Debug, Default)]
struct Raw {
    id: Slot,
    docno: Slot,
    text: Slot,
    published: Slot,
    date: Slot,
    outlet: Slot,
    src: Slot,
    title: Slot,
    url: Slot,
}

impl Raw {
    /// Best-effort id for error messages.
    fn id(&self) -> Option<String> {
        [&self.id, &self.docno].into_iter().find_map(|slot| match slot {
            Slot::Str(s) | Slot::Num(s) => Some(s.clone()),
            _ => None,
        })
    }

    fn into_article(self) -> Result<Article, LineError> {
        let id = self.id();
        self.build().map_err(|kind| (id, kind))
    }

    fn build(self) -> Result<Article, ErrorKind> {
        let id = match pick(self.id, "id", self.docno, "docno") {
            (Slot::Absent, _) => None,
            (Slot::Str(s) | Slot::Num(s), _) => Some(s),
            (other, field) => return Err(type_error(field, "a string or number", &other)),
        };
        let text = match self.text {
            Slot::Str(s) => s,
            Slot::Absent => return Err(ErrorKind::MissingText),
            other => return Err(type_error("text", "a string", &other)),
        };
        let published = match pick(blank_as_absent(self.published), "published", blank_as_absent(self.date), "date") {
            (Slot::Absent, _) => None,
            (Slot::Str(s), _) => Some(parse_published(&s).map_err(Error::into_kind)?),
            (other, field) => return Err(type_error(field, "a date string", &other)),
        };
        let (outlet, outlet_field) = pick(self.outlet, "outlet", self.src, "src");
        Ok(Article {
            id,
            text,
            published,
            outlet: string_field(outlet, outlet_field)?,
            title: string_field(self.title, "title")?,
            url: string_field(self.url, "url")?,
        })
    }
}

/// An empty date means "unknown" in practice, not a bad date.
fn blank_as_absent(slot: Slot) -> Slot {
    match slot {
        Slot::Str(s) if s.trim().is_empty() => Slot::Absent,
        other => other,
    }
}

/// The canonical field if set, else its alias; with the name used.
fn pick(canonical: Slot, name: &'static str, alias: Slot, alias_name: &'static str) -> (Slot, &'static str) {
    if canonical.is_set() {
        (canonical, name)
    } else {
        (alias, alias_name)
    }
}

fn string_field(slot: Slot, field: &'static str) -> Result<Option<String>, ErrorKind> {
    match slot {
        Slot::Absent => Ok(None),
        Slot::Str(s) => Ok(Some(s)),
        other => Err(type_error(field, "a string", &other)),
    }
}

fn type_error(field: &'static str, expected: &'static str, found: &Slot) -> ErrorKind {
    ErrorKind::FieldType { field, expected, found: found.found() }
}

impl<'de> de::Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SlotVisitor)
    }
}

struct SlotVisitor;

impl<'de> Visitor<'de> for SlotVisitor {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Slot, E> {
        Ok(Slot::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Slot, E> {
        Ok(Slot::Str(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Slot, E> {
        Ok(Slot::Num(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Slot, E> {
        Ok(Slot::Num(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Slot, E> {
        Ok(Slot::Num(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Slot, E> {
        Ok(Slot::Other("boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Slot, E> {
        Ok(Slot::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Slot, E> {
        Ok(Slot::Absent)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Slot::Other("array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Slot::Other("object"))
    }
}

enum Key {
    Id,
    Docno,
    Text,
    Published,
    Date,
    Outlet,
    Src,
    Title,
    Url,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "id" => Key::Id,
            "docno" => Key::Docno,
            "text" => Key::Text,
            "published" => Key::Published,
            "date" => Key::Date,
            "outlet" => Key::Outlet,
            "src" => Key::Src,
            "title" => Key::Title,
            "url" => Key::Url,
            _ => Key::Other,
        })
    }
}

/// Fills a [`Raw`] field by field, so fields read before a syntax error
/// survive it.
struct RecordSeed<'a>(&'a mut Raw);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        // `any`, not `map`: serde_json's map path would quote a whole
        // (possibly huge) non-object value in its error message.
        d.deserialize_any(self)
    }
}

impl RecordSeed<'_> {
    fn not_object<E: de::Error>(found: &str) -> E {
        E::custom(format_args!("expected a JSON object, found {found}"))
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let raw = self.0;
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Id => &mut raw.id,
                Key::Docno => &mut raw.docno,
                Key::Text => &mut raw.text,
                Key::Published => &mut raw.published,
                Key::Date => &mut raw.date,
                Key::Outlet => &mut raw.outlet,
                Key::Src => &mut raw.src,
                Key::Title => &mut raw.title,
                Key::Url => &mut raw.url,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(Self::not_object("array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(Self::not_object("string"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(Self::not_object("number"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(Self::not_object("number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(Self::not_object("number"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(Self::not_object("boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(Self::not_object("null"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use std::io::{self, BufReader, Read};

    /// A real ANT corpus record, texts shortened.
    const ANT_LINE: &str = r#"{"path": "Alarabia/culture/AL-culture-1-20180218.txt", "docno": "AL-culture-1-20180218", "url": "http://www.alarabiya.net/ar/culture-and-art/2018/02/18/هكذا-تحالفت-أحلام-وإليسا-ضد-عاصي-وحماقي-بـ-ذا-فويس-.html", "src": "alarabia", "cat": "culture", "title": "هكذا تحالفت أحلام وإليسا ضد عاصي وحماقي بـ\"ذا فويس\"", "time": "Sun, 18 Feb 2018 21:35:43 +0400", "author": "القاهرة - أحمد الريدي", "abstract": "يبدو أن الصراع بين المدربين الأربعة في برنامج \"ذا فويس The V", "text": "يبدو أن الصراع بين المدربين الأربعة في برنامج \"ذا فويس The Voice\"، سيشهد تحدياً من نوع خاص، والهدف في النهاية هو الفوز بأجمل الأصوات من أجل المنافسة على لقب الم", "date": "2018-02-18"}"#;

    fn read(input: &[u8]) -> Vec<Result<(u64, Article), RecordError>> {
        JsonlReader::new(input, false).collect()
    }

    fn ok(r: &Result<(u64, Article), RecordError>) -> &(u64, Article) {
        match r {
            Ok(v) => v,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    fn err(r: &Result<(u64, Article), RecordError>) -> &RecordError {
        match r {
            Err(e) => e,
            Ok(v) => panic!("unexpected success: {v:?}"),
        }
    }

    #[test]
    fn ant_corpus_line() {
        let out = read(ANT_LINE.as_bytes());
        assert_eq!(out.len(), 1);
        let (line, a) = ok(&out[0]);
        assert_eq!(*line, 1);
        assert_eq!(a.id.as_deref(), Some("AL-culture-1-20180218"));
        assert_eq!(a.outlet.as_deref(), Some("alarabia"));
        assert_eq!(a.published, Some(date(2018, 2, 18)));
        assert_eq!(a.title.as_deref(), Some("هكذا تحالفت أحلام وإليسا ضد عاصي وحماقي بـ\"ذا فويس\""));
        assert!(a.url.as_deref().unwrap().starts_with("http://www.alarabiya.net/ar/"));
        assert!(a.text.starts_with("يبدو أن الصراع"));
        assert!(a.text.contains("\"ذا فويس The Voice\""));
    }

    #[test]
    fn canonical_fields_and_numeric_ids() {
        let input = concat!(
            r#"{"id": 42, "text": "a", "published": "2024-01-02T03:04:05Z", "outlet": "o", "title": "t", "url": "u"}"#,
            "\n",
            r#"{"id": -7, "text": "b"}"#,
            "\n",
            r#"{"id": 1.5, "text": "c", "title": null, "published": null}"#,
            "\n",
        );
        let out = read(input.as_bytes());
        let (_, a) = ok(&out[0]);
        assert_eq!(
            a,
            &Article {
                id: Some("42".into()),
                text: "a".into(),
                published: Some(date(2024, 1, 2)),
                outlet: Some("o".into()),
                title: Some("t".into()),
                url: Some("u".into()),
            }
        );
        assert_eq!(ok(&out[1]).1.id.as_deref(), Some("-7"));
        let (_, c) = ok(&out[2]);
        assert_eq!((c.id.as_deref(), &c.title, &c.published), (Some("1.5"), &None, &None));
    }

    #[test]
    fn canonical_name_wins_over_alias() {
        let input = concat!(
            r#"{"docno": "D", "id": "I", "src": "S", "outlet": "O", "date": "2001-01-01", "published": "2002-02-02", "text": "x"}"#,
            "\n",
            // Order in the object does not matter, and a bad alias is not looked at.
            r#"{"published": "2002-02-02", "date": "garbage", "id": "I", "docno": "D", "text": "x"}"#,
            "\n",
            // A null canonical field falls back to its alias; so does an empty date.
            r#"{"id": null, "docno": "D", "published": "", "date": "2001-01-01", "text": "x"}"#,
            "\n",
        );
        let out = read(input.as_bytes());
        let (_, a) = ok(&out[0]);
        assert_eq!(a.id.as_deref(), Some("I"));
        assert_eq!(a.outlet.as_deref(), Some("O"));
        assert_eq!(a.published, Some(date(2002, 2, 2)));
        let (_, b) = ok(&out[1]);
        assert_eq!((b.id.as_deref(), b.published), (Some("I"), Some(date(2002, 2, 2))));
        let (_, c) = ok(&out[2]);
        assert_eq!((c.id.as_deref(), c.published), (Some("D"), Some(date(2001, 1, 1))));
    }

    #[test]
    fn blank_lines_crlf_bom_and_unknown_fields() {
        let input = "\u{FEFF}{\"text\": \"one\", \"extra\": {\"deep\": [1, {\"x\": null}]}}\r\n\r\n   \n\t\r\n{\"text\": \"two\"}\r\n\n{\"text\": \"  \"}";
        let out = read(input.as_bytes());
        let got: Vec<(u64, &str)> = out.iter().map(|r| (ok(r).0, ok(r).1.text.as_str())).collect();
        // Whitespace-only text is kept: the analyzer decides what to do with it.
        assert_eq!(got, [(1, "one"), (5, "two"), (7, "  ")]);
    }

    #[test]
    fn malformed_line_in_the_middle_does_not_stop_the_stream() {
        let input = concat!(
            r#"{"id": "a", "text": "first"}"#,
            "\n",
            r#"{"id": "AL-x-1", "text": "truncated..."#,
            "\n",
            r#"{"text": "no id", "#,
            "\n",
            r#"not json at all"#,
            "\n",
            r#"["an", "array"]"#,
            "\n",
            r#""a string""#,
            "\n",
            r#"{"id": "b", "text": "ok"} trailing"#,
            "\n",
            r#"{"id": "c", "text": "last"}"#,
            "\n",
        );
        let out = read(input.as_bytes());
        assert_eq!(out.len(), 8);
        assert_eq!(ok(&out[0]).1.text, "first");
        assert_eq!(ok(&out[7]), &(8, Article { id: Some("c".into()), ..Article::new("last") }));

        let e = err(&out[1]);
        assert_eq!((e.line, e.id.as_deref()), (2, Some("AL-x-1")));
        assert!(matches!(e.kind, ErrorKind::Json { .. }));
        let msg = e.to_string();
        assert!(msg.starts_with("line 2 (id AL-x-1): invalid JSON: "), "{msg}");
        assert!(msg.contains("at column"), "{msg}");
        assert!(!msg.contains("line 1"), "{msg}");

        let e = err(&out[2]);
        assert_eq!((e.line, e.id.as_deref()), (3, None));
        assert_eq!(err(&out[3]).line, 4);
        assert_eq!(err(&out[4]).to_string(), "line 5: invalid JSON: expected a JSON object, found array at column 1");
        assert!(err(&out[5]).to_string().contains("expected a JSON object, found string"));
        let e = err(&out[6]);
        assert_eq!((e.line, e.id.as_deref()), (7, Some("b")));
        assert!(e.to_string().contains("trailing characters"), "{e}");
    }

    #[test]
    fn missing_or_mistyped_text() {
        let input = concat!(
            r#"{"id": "AL-x-1", "title": "no text"}"#,
            "\n",
            r#"{"docno": "D2", "text": null}"#,
            "\n",
            r#"{"id": 3, "text": ["a", "b"]}"#,
            "\n",
            r#"{"text": "x", "title": 5}"#,
            "\n",
            r#"{"text": "x", "id": true}"#,
            "\n",
            r#"{"text": "x", "src": {"name": "s"}}"#,
            "\n",
        );
        let out = read(input.as_bytes());
        let msgs: Vec<String> = out.iter().map(|r| err(r).to_string()).collect();
        assert_eq!(
            msgs,
            [
                r#"line 1 (id AL-x-1): missing "text" field"#,
                r#"line 2 (id D2): missing "text" field"#,
                r#"line 3 (id 3): field "text" must be a string, found array"#,
                r#"line 4: field "title" must be a string, found number"#,
                r#"line 5: field "id" must be a string or number, found boolean"#,
                r#"line 6: field "src" must be a string, found object"#,
            ]
        );
        assert!(matches!(err(&out[0]).kind, ErrorKind::MissingText));
    }

    #[test]
    fn bad_published_dates() {
        let input = concat!(
            r#"{"id": "p1", "text": "x", "published": "2018-02-31"}"#,
            "\n",
            r#"{"id": "p2", "text": "x", "date": "2018-13-01"}"#,
            "\n",
            r#"{"id": "p3", "text": "x", "published": 20180201}"#,
            "\n",
            r#"{"id": "p4", "text": "x", "date": "Sun, 18 Feb 2018 21:35:43 +0400"}"#,
            "\n",
        );
        let out = read(input.as_bytes());
        assert_eq!(err(&out[0]).to_string(), r#"line 1 (id p1): invalid published date "2018-02-31""#);
        match &err(&out[1]).kind {
            ErrorKind::BadPublished { value } => assert_eq!(value, "2018-13-01"),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            err(&out[2]).to_string(),
            r#"line 3 (id p3): field "published" must be a date string, found number"#
        );
        assert_eq!(ok(&out[3]).1.published, Some(date(2018, 2, 18)));
    }

    #[test]
    fn invalid_utf8_fails_only_its_line() {
        let mut input = Vec::new();
        input.extend_from_slice(b"{\"text\": \"ok\"}\n");
        input.extend_from_slice(b"{\"id\": \"u1\", \"text\": \"ab\xFFcd\"}\n");
        input.extend_from_slice(b"{\"text\": \"after\"}\n");

        let strict: Vec<_> = JsonlReader::new(&input[..], false).collect();
        assert_eq!(strict.len(), 3);
        let e = err(&strict[1]);
        assert_eq!((e.line, e.id.as_deref()), (2, Some("u1")));
        assert!(matches!(e.kind, ErrorKind::InvalidUtf8 { offset: 24 }), "{:?}", e.kind);
        assert_eq!(e.to_string(), "line 2 (id u1): invalid UTF-8 at byte 24");
        assert_eq!(ok(&strict[2]).1.text, "after");

        let lossy: Vec<_> = JsonlReader::new(&input[..], true).collect();
        assert_eq!(ok(&lossy[1]).1.text, "ab\u{FFFD}cd");
    }

    #[test]
    fn io_error_is_yielded_once_and_ends_iteration() {
        struct FailAfter(io::Cursor<Vec<u8>>);
        impl Read for FailAfter {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(io::Error::other("disk on fire")),
                    n => Ok(n),
                }
            }
        }
        let data = b"{\"text\": \"one\"}\n{\"text\": \"tw".to_vec();
        let reader = BufReader::with_capacity(4, FailAfter(io::Cursor::new(data)));
        let out: Vec<_> = JsonlReader::new(reader, false).collect();
        assert_eq!(out.len(), 2);
        assert_eq!(ok(&out[0]).1.text, "one");
        let e = err(&out[1]);
        assert_eq!(e.line, 2);
        assert!(matches!(e.kind, ErrorKind::Io { .. }));
        assert_eq!(e.to_string(), "line 2: I/O error: disk on fire");
    }

    #[test]
    fn escaped_keys_and_strings() {
        let input = r#"{"t\u0065xt": "line\none \u0628", "\u0069d": "e"}"#;
        let (_, a) = ok(&read(input.as_bytes())[0]).clone();
        assert_eq!((a.text.as_str(), a.id.as_deref()), ("line\none \u{628}", Some("e")));
    }

    #[test]
    fn gzipped_jsonl_through_open_input() {
        let tmp = crate::input::tests::TempPath::new("records.jsonl.gz");
        let body = format!("{ANT_LINE}\n{{\"text\": \"two\"}}\n");
        std::fs::write(&tmp.0, crate::input::tests::gzip(body.as_bytes())).unwrap();
        let reader = crate::open_input(Some(&tmp.0)).unwrap();
        let lines: Vec<u64> = JsonlReader::new(reader, false).map(|r| r.unwrap().0).collect();
        assert_eq!(lines, [1, 2]);
    }

    #[test]
    fn long_lines_and_many_records() {
        let big = "ب".repeat(2_000_000);
        let mut input = format!("{{\"id\": \"big\", \"text\": \"{big}\"}}\n");
        for i in 0..1000 {
            input.push_str(&format!("{{\"id\": {i}, \"text\": \"خبر رقم {i}\"}}\n"));
        }
        let out = read(input.as_bytes());
        assert_eq!(out.len(), 1001);
        assert_eq!(ok(&out[0]).1.text.len(), big.len());
        assert_eq!(ok(&out[1000]).1.id.as_deref(), Some("999"));
    }
}
