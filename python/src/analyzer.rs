//! `marsad.Analyzer`: one article, a batch of records, or JSON lines into
//! the Arrow articles table.

use marsad_annotations::{Analysis, Options};
use marsad_article::{parse_published, Article, JsonlReader};
use marsad_tables::{articles_batch, articles_schema, Row};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;

use crate::arrow::{ArrowArticles, ArrowSchema};
use crate::error;

/// The analyzer: load once, then analyse any number of articles, from any
/// number of threads (the GIL is released while it works).
#[pyclass(frozen, module = "marsad")]
pub struct Analyzer {
    inner: marsad_annotations::Analyzer,
}

/// A record read from a JSON line, or why it could not be.
type Read = Result<Article, (Option<String>, String)>;

/// What became of one record.
enum Outcome {
    Done { id: String, article: Article, analysis: Box<Analysis>, json: String },
    Failed { id: Option<String>, error: String },
}

impl Analyzer {
    fn run(&self, read: Read, place: &str) -> Outcome {
        let mut article = match read {
            Ok(a) => a,
            Err((id, why)) => return Outcome::Failed { error: named(place, id.as_deref(), &why), id },
        };
        // As `marsad ingest` names an article without an id: by its text.
        let id = article.id.clone().unwrap_or_else(|| marsad_store::content_id(&article.text));
        article.id = Some(id.clone());
        let analysis = match self.inner.analyze(&article) {
            Ok(a) => a,
            Err(e) => return Outcome::Failed { error: named(place, Some(&id), &e.to_string()), id: Some(id) },
        };
        match serde_json::to_string(&analysis) {
            Ok(json) => Outcome::Done { id, article, analysis: Box::new(analysis), json },
            Err(e) => Outcome::Failed { error: named(place, Some(&id), &e.to_string()), id: Some(id) },
        }
    }

    /// Runs `work` over `items` on `threads` threads (0: one per core).
    fn each<T: Sync, U: Send>(&self, items: &[T], threads: usize, work: impl Fn(usize, &T) -> U + Sync) -> Vec<U> {
        if threads == 1 || items.len() < 2 {
            return items.iter().enumerate().map(|(i, x)| work(i, x)).collect();
        }
        let run = || items.par_iter().enumerate().map(|(i, x)| work(i, x)).collect();
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) if threads > 0 => pool.install(run),
            _ => run(),
        }
    }
}

/// An error message naming its record.
fn named(place: &str, id: Option<&str>, why: &str) -> String {
    match id {
        Some(id) => format!("{place} (id {id}): {why}"),
        None => format!("{place}: {why}"),
    }
}

/// One JSON line as `marsad analyze --jsonl` reads it: the same fields,
/// aliases and checks.
fn read_line(line: &str) -> Option<Read> {
    let r = JsonlReader::new(line.as_bytes(), false).next()?;
    Some(r.map(|(_, a)| a).map_err(|e| (e.id, e.kind.to_string())))
}

#[pymethods]
impl Analyzer {
    /// `tokens`: include every token with its layers; `kb_only`: skip the
    /// named-entity recognizer (faster; only knowledge-base actors).
    #[new]
    #[pyo3(signature = (*, tokens = false, kb_only = false))]
    fn new(py: Python<'_>, tokens: bool, kb_only: bool) -> Self {
        let inner = py.detach(|| marsad_annotations::Analyzer::new(Options { tokens, kb_only }));
        Analyzer { inner }
    }

    /// The analysis of one article, as a dict (the `marsad/analysis@1` contract).
    #[pyo3(signature = (text, *, published = None, outlet = None, title = None, url = None, id = None))]
    #[allow(clippy::too_many_arguments)]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: String,
        published: Option<&str>,
        outlet: Option<String>,
        title: Option<String>,
        url: Option<String>,
        id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let json = self.analyze_json(py, text, published, outlet, title, url, id)?;
        crate::loads(py, json)
    }

    /// The analysis of one article as its JSON text (what `marsad analyze` prints).
    #[pyo3(signature = (text, *, published = None, outlet = None, title = None, url = None, id = None))]
    #[allow(clippy::too_many_arguments)]
    fn analyze_json(
        &self,
        py: Python<'_>,
        text: String,
        published: Option<&str>,
        outlet: Option<String>,
        title: Option<String>,
        url: Option<String>,
        id: Option<String>,
    ) -> PyResult<String> {
        let published = published.map(parse_published).transpose().map_err(|e| error(format!("published: {e}")))?;
        let article = Article { id, text, published, outlet, title, url };
        let analysis = py.detach(|| self.inner.analyze(&article)).map_err(error)?;
        serde_json::to_string(&analysis).map_err(error)
    }

    /// Analyses records (dicts with `text` and optionally `id`, `published`,
    /// `outlet`, `title`, `url`, or the ANT names `docno`, `date`, `src`),
    /// `threads` at a time (None: one per core). A record that cannot be
    /// used gives `{"error": …, "index": i, "id": …}` in its place; the
    /// others are analysed all the same.
    #[pyo3(signature = (records, *, threads = None))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        records: Vec<Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        // Each record goes through the JSON-lines reader, so its fields are
        // read and checked exactly as `marsad analyze --jsonl` reads a line.
        let dumps = py.import("json")?.getattr("dumps")?;
        let lines: Vec<Result<String, String>> = records
            .iter()
            .map(|r| match dumps.call1((r,)).and_then(|s| s.extract::<String>()) {
                Ok(line) => Ok(line),
                Err(e) => Err(format!("not a record of JSON values: {e}")),
            })
            .collect();
        let outcomes = py.detach(|| {
            self.each(&lines, threads.unwrap_or(0), |i, line| {
                let place = format!("record {i}");
                let read = match line {
                    Ok(l) => read_line(l).unwrap_or_else(|| Err((None, "empty record".into()))),
                    Err(e) => Err((None, e.clone())),
                };
                self.run(read, &place)
            })
        });
        let out = PyList::empty(py);
        for (i, o) in outcomes.into_iter().enumerate() {
            match o {
                Outcome::Done { json, .. } => out.append(crate::loads(py, json)?)?,
                Outcome::Failed { id, error } => {
                    let d = PyDict::new(py);
                    d.set_item("error", error)?;
                    d.set_item("index", i)?;
                    d.set_item("id", id)?;
                    out.append(d)?;
                }
            }
        }
        Ok(out)
    }

    /// Analyses JSON lines (as `marsad analyze --jsonl` reads them) into the
    /// articles table, one row per non-blank line, failed lines with their
    /// `error`. `places` names each line in error messages (file:line).
    #[pyo3(signature = (lines, *, places = None, threads = 1))]
    fn analyze_lines(
        &self,
        py: Python<'_>,
        lines: Vec<String>,
        places: Option<Vec<String>>,
        threads: usize,
    ) -> PyResult<ArrowArticles> {
        if places.as_ref().is_some_and(|p| p.len() != lines.len()) {
            return Err(error("places must name every line"));
        }
        let batch = py.detach(|| {
            let outcomes: Vec<Option<Outcome>> = self.each(&lines, threads, |i, line| {
                let read = read_line(line)?;
                let place =
                    places.as_ref().and_then(|p| p.get(i)).cloned().unwrap_or_else(|| format!("line {}", i + 1));
                Some(self.run(read, &place))
            });
            let rows: Vec<Row<'_>> = outcomes
                .iter()
                .flatten()
                .map(|o| match o {
                    Outcome::Done { id, article, analysis, json } => Row::Analysed { id, article, analysis, json },
                    Outcome::Failed { id, error } => Row::Failed { id: id.as_deref(), error },
                })
                .collect();
            articles_batch(&rows)
        });
        Ok(ArrowArticles { batch: batch.map_err(error)? })
    }

    /// The schema of [`Analyzer::analyze_lines`]'s table.
    #[staticmethod]
    fn articles_schema() -> PyResult<ArrowSchema> {
        Ok(ArrowSchema { schema: articles_schema().map_err(error)? })
    }
}
