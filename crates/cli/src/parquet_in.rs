//! `marsad ingest --parquet`: the `articles` table of marsad's Spark job
//! read back, each row an article with its analysis already made.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow_array::cast::AsArray;
use arrow_array::{Array, LargeStringArray, RecordBatch, StringArray};
use arrow_schema::DataType;
use marsad_annotations::contract::SCHEMA;
use marsad_annotations::Analysis;
use marsad_article::{parse_published, Article};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;

use crate::ingest::{walk, Record};

/// Rows decoded at a time: a batch's texts and analyses are in memory
/// together.
const ROWS: usize = 256;

/// The columns read, required ones first; any others are not read.
const COLUMNS: [&str; 7] = ["id", "text", "analysis", "published", "outlet", "title", "url"];
const REQUIRED: usize = 3;

/// The Parquet files of `paths`: a job's output directory (its `articles`
/// table), a table directory (its partitions, recursively) or a file.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let table = p.join("articles");
            let dir = if table.is_dir() { table } else { p.clone() };
            walk(&dir, &table_file, &mut out).with_context(|| format!("reading {}", dir.display()))?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

/// Whether a walk keeps `p`: `*.parquet` files, without Spark's
/// `_SUCCESS`, `.crc` files and hidden or `_temporary` directories.
fn table_file(p: &Path, is_dir: bool) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !name.starts_with('.') && !name.starts_with('_') && (is_dir || name.ends_with(".parquet"))
}

/// The rows of one file, a record batch at a time; a file that cannot be
/// read is one failure.
pub fn read(path: &Path, read: &Arc<AtomicU64>) -> Box<dyn Iterator<Item = Record>> {
    let place = path.display().to_string();
    match open(path) {
        Ok((reader, rows)) => Box::new(Rows {
            place,
            reader: Some(reader),
            pending: Vec::new().into_iter(),
            done: 0,
            rows,
            size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            counted: 0,
            read: Arc::clone(read),
        }),
        Err(e) => {
            if let Ok(m) = std::fs::metadata(path) {
                read.fetch_add(m.len(), Ordering::Relaxed);
            }
            Box::new(std::iter::once(Err((place, e))))
        }
    }
}

/// A reader of the needed columns, and the file's number of rows.
fn open(path: &Path) -> Result<(ParquetRecordBatchReader, u64), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| format!("not a Parquet file: {e}"))?;
    let schema = Arc::clone(builder.schema());
    let mut roots = Vec::new();
    for (i, name) in COLUMNS.iter().enumerate() {
        match schema.index_of(name) {
            Ok(n) => {
                let t = schema.field(n).data_type();
                if !matches!(t, DataType::Utf8 | DataType::LargeUtf8) {
                    return Err(format!("column {name} is {t}, not a string (Utf8 or LargeUtf8)"));
                }
                roots.push(n);
            }
            Err(_) if i < REQUIRED => return Err(format!("no column {name}: not an articles table")),
            Err(_) => {}
        }
    }
    let rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder.with_projection(mask).with_batch_size(ROWS).build().map_err(|e| e.to_string())?;
    Ok((reader, rows))
}

/// The records of a file, decoded a batch at a time.
struct Rows {
    place: String,
    /// `None` once the file is read or failed.
    reader: Option<ParquetRecordBatchReader>,
    pending: std::vec::IntoIter<Record>,
    /// Rows decoded so far.
    done: u64,
    rows: u64,
    /// File size, credited to the progress bar in proportion to the rows.
    size: u64,
    counted: u64,
    read: Arc<AtomicU64>,
}

impl Rows {
    fn progress(&mut self, upto: u64) {
        self.read.fetch_add(upto.saturating_sub(self.counted), Ordering::Relaxed);
        self.counted = self.counted.max(upto);
    }
}

impl Iterator for Rows {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(r) = self.pending.next() {
                return Some(r);
            }
            let batch = self.reader.as_mut()?.next();
            match batch {
                None => {
                    self.reader = None;
                    self.progress(self.size);
                    return None;
                }
                Some(Err(e)) => {
                    self.reader = None;
                    self.progress(self.size);
                    return Some(Err((format!("{} after row {}", self.place, self.done), e.to_string())));
                }
                Some(Ok(batch)) => {
                    self.pending = records(&self.place, &batch, self.done).into_iter();
                    self.done += batch.num_rows() as u64;
                    self.progress((self.size as f64 * self.done as f64 / self.rows.max(1) as f64) as u64);
                }
            }
        }
    }
}

/// One string column of a batch, or `Absent` (all null).
enum Strings<'a> {
    Small(&'a StringArray),
    Large(&'a LargeStringArray),
    Absent,
}

impl<'a> Strings<'a> {
    fn of(batch: &'a RecordBatch, name: &str) -> Self {
        let Some(c) = batch.column_by_name(name) else { return Strings::Absent };
        // Types were checked when the file was opened.
        match (c.as_string_opt::<i32>(), c.as_string_opt::<i64>()) {
            (Some(a), _) => Strings::Small(a),
            (_, Some(a)) => Strings::Large(a),
            _ => Strings::Absent,
        }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Small(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Absent => None,
        }
    }
}

/// A batch's rows as records, each with its analysis JSON (parsed later,
/// on the workers, and only if the article is not stored yet).
fn records(file: &str, batch: &RecordBatch, first: u64) -> Vec<Record> {
    let [id, text, analysis, published, outlet, title, url] = COLUMNS.map(|c| Strings::of(batch, c));
    (0..batch.num_rows())
        .map(|i| {
            let row = format!("{file} row {}", first + i as u64 + 1);
            let Some(id) = id.get(i) else { return Err((row, "id is null".to_string())) };
            let place = format!("{row} (id {id})");
            let (Some(text), Some(analysis)) = (text.get(i), analysis.get(i)) else {
                return Err((place, "text or analysis is null".to_string()));
            };
            let published =
                published.get(i).map(parse_published).transpose().map_err(|e| (place.clone(), e.to_string()))?;
            let article = Article {
                id: Some(id.to_string()),
                text: text.to_string(),
                published,
                outlet: outlet.get(i).map(str::to_string),
                title: title.get(i).map(str::to_string),
                url: url.get(i).map(str::to_string),
            };
            Ok((row, article, Some(analysis.to_string())))
        })
        .collect()
}

/// A row's analysis, if it is the contract's and of this text. The row's
/// id, and its other columns that have a value, win over the analysis's
/// own `article` part, where the store and the index read the metadata.
pub fn analysis(json: &str, article: &Article) -> Result<Analysis, String> {
    let mut a: Analysis = serde_json::from_str(json).map_err(|e| format!("the analysis is not {SCHEMA} JSON: {e}"))?;
    if a.schema != SCHEMA {
        return Err(format!("the analysis is {:?}, not {SCHEMA}", a.schema));
    }
    // The spans everything else hangs on: an analysis of another text (or
    // of this one cut or edited) does not fit them.
    let text = &article.text;
    let sentences = a.sentences.iter().map(|s| ("sentence", &s.span));
    let entities = a.entities.iter().map(|e| ("entity", &e.span));
    let triggers = a.events.iter().flat_map(|e| std::iter::once(&e.trigger).chain(&e.mentions));
    for (what, s) in sentences.chain(entities).chain(triggers.map(|s| ("event trigger", s))) {
        if text.get(s.start..s.end) != Some(s.text.as_str()) {
            let (n, start, end) = (text.len(), s.start, s.end);
            return Err(format!("the analysis does not fit the text ({n} bytes): {what} span {start}..{end}"));
        }
    }
    let m = &mut a.article;
    m.id.clone_from(&article.id);
    if let Some(d) = article.published {
        m.published = Some(d.to_string());
    }
    for (to, from) in [(&mut m.outlet, &article.outlet), (&mut m.title, &article.title), (&mut m.url, &article.url)] {
        if from.is_some() {
            to.clone_from(from);
        }
    }
    Ok(a)
}
