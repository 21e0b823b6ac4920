//! Opening inputs (files, stdin, gzip) and decoding bytes to text.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};

/// Buffer size for input readers: big reads keep syscalls and gzip
/// refills rare on multi-GB corpora.
const BUF_CAPACITY: usize = 256 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` as UTF-8, dropping a leading byte order mark.
///
/// Strict mode (`lossy == false`) fails with [`ErrorKind::InvalidUtf8`]
/// carrying the offset of the first invalid byte in `bytes` as given (BOM
/// included). Lossy mode replaces each invalid sequence with U+FFFD.
///
/// ```
/// use marsad_article::{decode_utf8, ErrorKind};
///
/// assert_eq!(decode_utf8(b"\xEF\xBB\xBFsalam".to_vec(), false).unwrap(), "salam");
/// let err = decode_utf8(b"ab\xFFcd".to_vec(), false).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { offset: 2 }));
/// assert_eq!(decode_utf8(b"ab\xFFcd".to_vec(), true).unwrap(), "ab\u{FFFD}cd");
/// ```
pub fn decode_utf8(bytes: Vec<u8>, lossy: bool) -> Result<String, Error> {
    let mut text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) if lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return Err(ErrorKind::InvalidUtf8 { offset }.into());
        }
    };
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}

/// Opens an input for buffered reading.
///
/// `None` or `-` means standard input. Gzip-compressed input is detected by
/// its magic bytes (not the file name) and decompressed transparently,
/// including multi-member files such as concatenated `.gz` parts.
pub fn open_input(path: Option<&Path>) -> Result<Box<dyn BufRead + Send>, Error> {
    match path {
        None => sniff(io::stdin(), None),
        Some(p) if p.as_os_str() == "-" => sniff(io::stdin(), None),
        Some(p) => {
            let file = File::open(p).map_err(|e| Error::io(Some(p.to_path_buf()), e))?;
            sniff(file, Some(p.to_path_buf()))
        }
    }
}

/// Reads a whole input (gzip-aware, see [`open_input`]) and decodes it with
/// [`decode_utf8`].
pub fn read_all(path: Option<&Path>, lossy: bool) -> Result<String, Error> {
    let mut reader = open_input(path)?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path.filter(|p| p.as_os_str() != "-").map(Path::to_path_buf), e))?;
    decode_utf8(bytes, lossy)
}

/// [`open_input`] over any reader (a file being counted, say); `path`
/// only names it in errors.
pub fn open_reader<R: Read + Send + 'static>(inner: R, path: Option<&Path>) -> Result<Box<dyn BufRead + Send>, Error> {
    sniff(inner, path.map(Path::to_path_buf))
}

/// Peeks at the first two bytes to choose plain or gzip decoding.
fn sniff<R: Read + Send + 'static>(mut inner: R, path: Option<PathBuf>) -> Result<Box<dyn BufRead + Send>, Error> {
    // A manual loop, not one `read`: a pipe may hand over a single byte.
    let mut magic = [0u8; 2];
    let mut n = 0;
    while n < magic.len() {
        match inner.read(&mut magic[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    let head = io::Cursor::new(magic).take(n as u64);
    let whole = head.chain(inner);
    if n == 2 && magic == GZIP_MAGIC {
        let gz = flate2::read::MultiGzDecoder::new(whole);
        Ok(Box::new(BufReader::with_capacity(BUF_CAPACITY, gz)))
    } else {
        Ok(Box::new(BufReader::with_capacity(BUF_CAPACITY, whole)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A unique temp path, removed on drop.
    pub(crate) struct TempPath(pub PathBuf);

    impl TempPath {
        pub(crate) fn new(name: &str) -> Self {
            use std::sync::atomic::{AtomicU64, Ordering};
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let file = format!("marsad-article-{}-{n}-{name}", std::process::id());
            TempPath(std::env::temp_dir().join(file))
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn strict_utf8_reports_offset_of_first_bad_byte() {
        let mut bytes = "مرحبا".as_bytes().to_vec(); // 10 bytes
        bytes.push(0xC3); // truncated sequence
        bytes.extend_from_slice(b" ok \xFF");
        let err = decode_utf8(bytes.clone(), false).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { offset: 10 }), "{err:?}");
        assert_eq!(err.to_string(), "invalid UTF-8 at byte 10");

        let text = decode_utf8(bytes, true).unwrap();
        assert_eq!(text, "مرحبا\u{FFFD} ok \u{FFFD}");
    }

    #[test]
    fn offset_counts_the_bom() {
        let err = decode_utf8(b"\xEF\xBB\xBFab\x80".to_vec(), false).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { offset: 5 }), "{err:?}");
    }

    #[test]
    fn bom_is_stripped_once_in_both_modes() {
        let with_bom = b"\xEF\xBB\xBF\xEF\xBB\xBFx".to_vec();
        assert_eq!(decode_utf8(with_bom.clone(), false).unwrap(), "\u{FEFF}x");
        let mut lossy = with_bom;
        lossy.push(0xFF);
        assert_eq!(decode_utf8(lossy, true).unwrap(), "\u{FEFF}x\u{FFFD}");
        assert_eq!(decode_utf8(Vec::new(), false).unwrap(), "");
        assert_eq!(decode_utf8(vec![0xEF, 0xBB], true).unwrap(), "\u{FFFD}");
    }

    #[test]
    fn gzip_is_detected_by_magic_not_extension() {
        let text = "سطر أول\nسطر ثان\n".repeat(1000);
        // A gzip file without a .gz name, made of two members.
        let gz = TempPath::new("plain-name.txt");
        let mut data = gzip(text.as_bytes());
        data.extend(gzip(b"tail"));
        std::fs::write(&gz.0, &data).unwrap();
        assert_eq!(read_all(Some(&gz.0), false).unwrap(), format!("{text}tail"));

        // A plain file with a .gz name.
        let plain = TempPath::new("not-really.jsonl.gz");
        std::fs::write(&plain.0, "\u{FEFF}plain").unwrap();
        assert_eq!(read_all(Some(&plain.0), false).unwrap(), "plain");
    }

    #[test]
    fn short_and_one_byte_inputs() {
        let one = TempPath::new("one");
        std::fs::write(&one.0, [0x1f]).unwrap();
        assert_eq!(read_all(Some(&one.0), false).unwrap(), "\u{1f}");
        let mut r = open_input(Some(&one.0)).unwrap();
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        assert_eq!(v, [0x1f]);

        let empty = TempPath::new("empty");
        std::fs::write(&empty.0, b"").unwrap();
        assert_eq!(read_all(Some(&empty.0), false).unwrap(), "");
    }

    #[test]
    fn pipe_delivering_one_byte_at_a_time_still_sniffs_gzip() {
        struct Trickle(io::Cursor<Vec<u8>>);
        impl Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(1);
                self.0.read(&mut buf[..n])
            }
        }
        let mut r = sniff(Trickle(io::Cursor::new(gzip(b"hello"))), None).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello");
    }

    #[test]
    fn missing_file_names_the_path() {
        let p = TempPath::new("does-not-exist");
        let err = open_input(Some(&p.0)).err().unwrap();
        match err.kind() {
            ErrorKind::Io { path: Some(path), .. } => assert_eq!(path, &p.0),
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().starts_with("cannot read "), "{err}");
    }

    #[test]
    fn corrupt_gzip_is_an_io_error() {
        let p = TempPath::new("corrupt.gz");
        let mut data = gzip(b"some text that compresses");
        let mid = data.len() / 2;
        data.truncate(mid);
        std::fs::write(&p.0, &data).unwrap();
        let err = read_all(Some(&p.0), false).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err:?}");
    }
}
