//! `marsad ingest`: analyse articles and keep them in a store;
//! `marsad stats`: what a store holds.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use marsad_annotations::{Analysis, Analyzer};
use marsad_article::{
    fetch_feed, from_feed, from_html, open_reader, parse_published, read_all, Article, JsonlReader, WarcReader,
};
use marsad_search::{sync, SearchIndex, Writer};
use marsad_store::{content_id, Item, Prepared, Presence, Store};
use rayon::prelude::*;

use crate::parquet_in;

/// Articles analysed and committed together: a killed ingest loses at most
/// one batch, and a rerun skips everything committed before. `watch`
/// fetches its pages in batches of this size too.
pub(crate) const BATCH: usize = 512;

/// How often the search index commits during an ingest. Articles stored
/// but not yet committed to the index are indexed again by the next
/// ingest (or search) if this one is killed. `watch` uses this and [`BATCH`]
/// too: with batches of 256 and a commit every 2 s, a pass of 4,000 pages
/// ran at 81–92 % of the speed of ingesting them from files, against
/// 93–103 % with these.
pub(crate) const INDEX_COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// How long fetching a feed may take.
const FETCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(clap::Args)]
pub struct Args {
    /// JSONL files (plain or gzipped), `.txt` or `.html` articles, WARC
    /// archives (`.warc`, `.warc.gz`), RSS or Atom feeds (`.rss`, `.atom`,
    /// `.xml`, or an `http(s)://` URL), or directories of them (searched
    /// recursively). A `NAME.json` beside `NAME.txt` or `NAME.html` gives
    /// its id, published, outlet, title, url. With `--parquet`: marsad
    /// Spark job outputs (their `articles` table), table directories or
    /// `.parquet` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Read PATHs as the Parquet `articles` table of marsad's Spark job
    /// (columns `id`, `text`, `analysis`, and optionally `published`,
    /// `outlet`, `title`, `url`; Hive partitions such as `day=…/` are
    /// searched): the rows' analyses are checked and stored, not redone.
    #[arg(long)]
    parquet: bool,
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Worker threads for the analysis (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Replace invalid UTF-8 instead of rejecting the record.
    #[arg(long)]
    lossy: bool,
    /// Write every record that failed to FILE, one error per line naming
    /// the record (stderr shows the first 20).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Articles per transaction.
    #[arg(long, default_value_t = BATCH, hide = true)]
    batch: usize,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

/// A record read, or why it could not be: `place` names it (file:line),
/// and the JSON of its analysis comes with it when already made (Parquet).
pub(crate) type Record = Result<(String, Article, Option<String>), (String, String)>;

/// An article to analyse: where it was read, its id, whether it replaces
/// a stored version, its analysis JSON if made already.
pub(crate) struct Todo {
    pub(crate) place: String,
    pub(crate) id: String,
    pub(crate) article: Article,
    changed: bool,
    made: Option<String>,
}

/// Counts for the closing summary.
#[derive(Default)]
pub(crate) struct Summary {
    pub(crate) ingested: u64,
    pub(crate) updated: u64,
    pub(crate) skipped: u64,
    pub(crate) copies: u64,
    pub(crate) failed: Vec<Failure>,
}

/// A record that could not be stored: where it was read, its id when it
/// had one, and why.
pub(crate) struct Failure {
    pub(crate) place: String,
    pub(crate) id: Option<String>,
    pub(crate) why: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (id {id}): {}", self.place, self.why),
            None => write!(f, "{}: {}", self.place, self.why),
        }
    }
}

/// Ingests `paths` into `store` with the defaults (for `marsad demo`).
pub fn ingest_paths(paths: Vec<PathBuf>, store: PathBuf) -> Result<ExitCode> {
    run(Args { paths, store, threads: None, lossy: false, parquet: false, errors: None, batch: BATCH })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let files = if args.parquet { parquet_in::files(&args.paths)? } else { collect(&args.paths)? };
    let total: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let mut store = Store::open(&args.store)?;
    // A second connection answers "is it stored?" while the writer writes.
    let lookup = Store::open(&args.store)?;
    let index = SearchIndex::open(&args.store)?;
    let mut writer = index.writer(1)?;
    // Articles stored by an ingest killed before it indexed them.
    let repaired = sync(&store, &index, &mut writer)?;
    if repaired.added + repaired.removed > 0 {
        eprintln!("marsad: index repaired: {} added, {} removed", repaired.added, repaired.removed);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let analyzer = Analyzer::default();
    let read = Arc::new(AtomicU64::new(0));
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg} ({elapsed}, ETA {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut sum = Summary::default();
    let mut seen = Seen::default();
    let mut records = files.iter().flat_map(|f| match args.parquet {
        true => parquet_in::read(f, &read),
        false => read_file(f, args.lossy, &read),
    });
    // Pipelined: while the writer stores and indexes one batch, the workers
    // analyse the next (the writer is one thread; it would otherwise leave
    // the other cores idle for a fifth of the run).
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Analysed>(1);
        let pool = &pool;
        let writing = scope.spawn(move || -> Result<()> {
            let mut last_commit = std::time::Instant::now();
            for batch in rx {
                write_batch(&mut store, &mut writer, pool, &batch)?;
                // Each index commit starts a new segment, whose set-up and
                // later merge cost more than a batch's indexing.
                if last_commit.elapsed() >= INDEX_COMMIT_EVERY {
                    writer.commit()?;
                    last_commit = std::time::Instant::now();
                }
            }
            writer.commit()?;
            writer.finish()?;
            Ok(())
        });
        loop {
            let batch: Vec<Record> = records.by_ref().take(args.batch.max(1)).collect();
            if batch.is_empty() {
                break;
            }
            let analysed = analyse_batch(&lookup, &mut seen, pool, &analyzer, batch, &mut sum)?;
            // A closed channel means the writer failed: its error is below.
            if tx.send(analysed).is_err() {
                break;
            }
            bar.set_position(read.load(Ordering::Relaxed));
            let n = sum.ingested + sum.updated;
            bar.set_message(format!("{n} articles, {:.0}/s", n as f64 / bar.elapsed().as_secs_f64().max(1e-3)));
        }
        drop(tx);
        bar.set_message("finishing the store and the index");
        writing.join().map_err(|_| anyhow::anyhow!("the store writer panicked"))?
    })?;
    bar.finish_and_clear();
    for f in sum.failed.iter().take(20) {
        eprintln!("marsad: failed: {f}");
    }
    if sum.failed.len() > 20 {
        let all = if args.errors.is_some() { "" } else { " (--errors FILE lists them all)" };
        eprintln!("marsad: … and {} more failures{all}", sum.failed.len() - 20);
    }
    if let Some(path) = &args.errors {
        let lines: String = sum.failed.iter().map(|f| format!("{f}\n")).collect();
        std::fs::write(path, lines).with_context(|| format!("writing the failures to {}", path.display()))?;
    }
    println!(
        "{}: ingested {}, updated {}, skipped {} (already present), {} copies of stored articles, failed {} in {:.1}s",
        args.store.display(),
        sum.ingested,
        sum.updated,
        sum.skipped,
        sum.copies,
        sum.failed.len(),
        bar.elapsed().as_secs_f64()
    );
    Ok(if sum.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// SQLite's default page cache, in KiB.
const WATCH_CACHE_KIB: u32 = 2048;

/// A store open for ingesting batch after batch (`marsad watch`). Split
/// in two halves that work at once on different threads, as in `marsad
/// ingest`: one analyses a batch while the other stores the last one.
pub(crate) struct Session {
    pub(crate) store: Store,
    /// A second connection: "is it stored?" while the writer writes.
    lookup: Store,
    pub(crate) index: SearchIndex,
    writer: Writer,
    pool: rayon::ThreadPool,
    analyzer: Analyzer,
}

/// The analysing half of a [`Session`].
pub(crate) struct Analysing<'a> {
    lookup: &'a Store,
    pool: &'a rayon::ThreadPool,
    analyzer: &'a Analyzer,
}

/// The storing half of a [`Session`].
pub(crate) struct Writing<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) index: &'a SearchIndex,
    writer: &'a mut Writer,
    pool: &'a rayon::ThreadPool,
}

impl Session {
    pub(crate) fn open(dir: &Path, threads: Option<usize>) -> Result<Session> {
        let store = Store::open(dir)?;
        let lookup = Store::open(dir)?;
        // A watch adds a few pages at a time for days: with SQLite's default
        // page cache its memory stays flat as the store grows, and it was
        // even faster than with the bulk ingest's 64 MiB (a pass of 4,000
        // pages took 4.9–5.0 s against 5.6–6.4 s).
        for s in [&store, &lookup] {
            s.set_cache_kib(WATCH_CACHE_KIB)?;
        }
        let index = SearchIndex::open(dir)?;
        let mut writer = index.writer(1)?;
        let repaired = sync(&store, &index, &mut writer)?;
        if repaired.added + repaired.removed > 0 {
            eprintln!("marsad: index repaired: {} added, {} removed", repaired.added, repaired.removed);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .build()
            .context("starting worker threads")?;
        Ok(Session { store, lookup, index, writer, pool, analyzer: Analyzer::default() })
    }

    pub(crate) fn split(&mut self) -> (Analysing<'_>, Writing<'_>) {
        let Session { store, lookup, index, writer, pool, analyzer } = self;
        (Analysing { lookup, pool, analyzer }, Writing { store, index, writer, pool })
    }
}

impl Analysing<'_> {
    /// Sorts out and analyses a batch; `seen` carries what earlier batches
    /// of the run met (they may not be stored yet).
    pub(crate) fn analyse(&self, records: Vec<Record>, seen: &mut Seen, sum: &mut Summary) -> Result<Analysed> {
        analyse_batch(self.lookup, seen, self.pool, self.analyzer, records, sum)
    }
}

impl Writing<'_> {
    /// Stores and indexes a batch (the index sees it after [`commit`]).
    ///
    /// [`commit`]: Writing::commit
    pub(crate) fn write(&mut self, batch: &Analysed) -> Result<()> {
        if batch.articles.is_empty() {
            return Ok(());
        }
        write_batch(self.store, self.writer, self.pool, batch)
    }

    /// Commits the index, so that readers (search, the server, query
    /// rules) see what was written.
    pub(crate) fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.index.reload()?;
        Ok(())
    }
}

/// Ids and text hashes met in this run: the store answers only for what is
/// committed, and the batch before may still be on its way to the writer.
#[derive(Default)]
pub(crate) struct Seen {
    ids: HashSet<String>,
    texts: HashSet<String>,
}

/// A batch's new and changed articles with their analyses.
pub(crate) struct Analysed {
    pub(crate) articles: Vec<(Todo, Analysis)>,
}

/// Sorts out a batch's records (failed, already stored, copies, to do) and
/// analyses those to do.
fn analyse_batch(
    store: &Store,
    seen: &mut Seen,
    pool: &rayon::ThreadPool,
    analyzer: &Analyzer,
    batch: Vec<Record>,
    sum: &mut Summary,
) -> Result<Analysed> {
    let mut todo: Vec<Todo> = Vec::new();
    let mut copies: Vec<(String, String, String)> = Vec::new(); // (place, id, text hash)
    for r in batch {
        let (place, mut article, made) = match r {
            Ok(x) => x,
            Err((place, why)) => {
                sum.failed.push(Failure { place, id: None, why });
                continue;
            }
        };
        let hash = content_id(&article.text);
        let id = article.id.clone().unwrap_or_else(|| hash.clone());
        article.id = Some(id.clone());
        if seen.ids.contains(&id) {
            sum.skipped += 1;
            continue;
        }
        if seen.texts.contains(&hash) {
            // A copy, unless the record it copies fails below.
            copies.push((place, id, hash));
            continue;
        }
        seen.ids.insert(id.clone());
        seen.texts.insert(hash);
        match store.presence(&id, &article.text)? {
            Presence::Same => sum.skipped += 1,
            Presence::CopyOf(_) => sum.copies += 1,
            Presence::New => todo.push(Todo { place, id, article, changed: false, made }),
            Presence::Changed => todo.push(Todo { place, id, article, changed: true, made }),
        }
    }
    let done: Vec<Result<Analysis, String>> = pool.install(|| {
        todo.par_iter()
            .map(|t| match &t.made {
                Some(json) => parquet_in::analysis(json, &t.article),
                None => analyzer.analyze(&t.article).map_err(|e| e.to_string()),
            })
            .collect()
    });
    let mut articles = Vec::with_capacity(done.len());
    let mut failed: HashMap<String, String> = HashMap::new();
    for (mut t, d) in todo.into_iter().zip(done) {
        match d {
            Ok(analysis) => {
                // Not needed while the batch waits for the writer.
                t.made = None;
                if t.changed {
                    sum.updated += 1;
                } else {
                    sum.ingested += 1;
                }
                articles.push((t, analysis));
            }
            Err(why) => {
                // Nothing was stored: a later record with this id or text
                // is not a copy of it, and one in this batch fails alike.
                let hash = content_id(&t.article.text);
                seen.ids.remove(&t.id);
                seen.texts.remove(&hash);
                let failure = Failure { place: t.place, id: Some(t.id), why };
                failed.insert(hash, failure.to_string());
                sum.failed.push(failure);
            }
        }
    }
    for (place, id, hash) in copies {
        match failed.get(&hash) {
            Some(e) => sum.failed.push(Failure { place, id: Some(id), why: format!("the same text as {e}") }),
            None => sum.copies += 1,
        }
    }
    Ok(Analysed { articles })
}

/// Stores a batch in one transaction, then indexes it.
fn write_batch(store: &mut Store, writer: &mut Writer, pool: &rayon::ThreadPool, batch: &Analysed) -> Result<()> {
    let items: Vec<Item<'_>> =
        batch.articles.iter().map(|(t, analysis)| Item { id: &t.id, text: &t.article.text, analysis }).collect();
    // Compressing is most of the cost of storing: done in parallel, so the
    // one writer only runs the inserts.
    let prepared: Vec<Prepared<'_>> = pool
        .install(|| items.par_iter().map(Prepared::new).collect::<Result<_, _>>())
        .map_err(|kind| marsad_store::Error { path: store.dir().to_path_buf(), kind })?;
    store.put_prepared(&prepared)?;
    // Indexed after the store commits: a kill in between leaves the index
    // behind the store, which the next ingest's sync repairs.
    for item in &items {
        writer.put(item.id, item.text, item.analysis)?;
    }
    Ok(())
}

/// The files under `paths`, directories searched recursively in name order.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &|p, is_dir| is_dir || kind(p).is_some(), &mut out)
                .with_context(|| format!("reading {}", p.display()))?;
        } else if p.exists() || url(p).is_some() {
            out.push(p.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

/// The files under `dir` in path order, entering the directories and
/// keeping the files `keep` accepts (`keep(path, is_dir)`).
pub(crate) fn walk(dir: &Path, keep: &dyn Fn(&Path, bool) -> bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        let is_dir = p.is_dir();
        if !keep(&p, is_dir) {
            continue;
        }
        if is_dir {
            walk(&p, keep, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Jsonl,
    Text,
    Html,
    Warc,
    Feed,
}

/// A feed's address given in place of a path.
fn url(p: &Path) -> Option<&str> {
    p.to_str().filter(|s| s.starts_with("http://") || s.starts_with("https://"))
}

/// How a file is read, by its name; `None` for files a directory walk
/// passes over (sidecars, anything else).
fn kind(p: &Path) -> Option<Kind> {
    if url(p).is_some() {
        return Some(Kind::Feed);
    }
    let name = p.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(Kind::Warc);
    }
    if name.ends_with(".rss") || name.ends_with(".atom") || name.ends_with(".xml") {
        return Some(Kind::Feed);
    }
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || name.ends_with(".ndjson") {
        Some(Kind::Jsonl)
    } else if name.ends_with(".txt") {
        Some(Kind::Text)
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Some(Kind::Html)
    } else {
        None
    }
}

/// The records of one file (or feed URL). A file named on the command line
/// of no kind above is read as JSONL.
fn read_file<'a>(path: &'a Path, lossy: bool, read: &Arc<AtomicU64>) -> Box<dyn Iterator<Item = Record> + 'a> {
    let place = path.display().to_string();
    match kind(path).unwrap_or(Kind::Jsonl) {
        Kind::Jsonl => {
            let file = match std::fs::File::open(path) {
                Ok(f) => f,
                Err(e) => return Box::new(std::iter::once(Err((place, e.to_string())))),
            };
            let reader = match open_reader(Counting { inner: file, read: Arc::clone(read) }, Some(path)) {
                Ok(r) => r,
                Err(e) => return Box::new(std::iter::once(Err((place, e.to_string())))),
            };
            Box::new(JsonlReader::new(reader, lossy).map(move |r| match r {
                Ok((line, a)) => Ok((format!("{place}:{line}"), a, None)),
                Err(e) => Err((format!("{place}:{}", e.line), e.to_string())),
            }))
        }
        Kind::Warc => {
            let reader = match std::fs::File::open(path).map_err(|e| e.to_string()).and_then(|f| {
                open_reader(Counting { inner: f, read: Arc::clone(read) }, Some(path)).map_err(|e| e.to_string())
            }) {
                Ok(r) => r,
                Err(e) => return Box::new(std::iter::once(Err((place, e)))),
            };
            Box::new(WarcReader::new(reader, lossy).map(move |r| match r {
                Ok((n, a)) => Ok((format!("{place} record {n}"), a, None)),
                Err(e) => {
                    let uri = e.uri.map(|u| format!("{u}: ")).unwrap_or_default();
                    Err((format!("{place} record {} at byte {}", e.record, e.offset), format!("{uri}{}", e.kind)))
                }
            }))
        }
        Kind::Feed => {
            let articles = match url(path) {
                Some(u) => fetch_feed(u, FETCH_TIMEOUT).map_err(|e| e.to_string()),
                None => std::fs::read(path)
                    .map_err(|e| e.to_string())
                    .and_then(|b| from_feed(&b, None).map_err(|e| e.to_string())),
            };
            if let Ok(m) = std::fs::metadata(path) {
                read.fetch_add(m.len(), Ordering::Relaxed);
            }
            match articles {
                Ok(items) => Box::new(
                    items.into_iter().enumerate().map(move |(i, a)| Ok((format!("{place} item {}", i + 1), a, None))),
                ),
                Err(e) => Box::new(std::iter::once(Err((place, e)))),
            }
        }
        k => {
            let record = single(path, k == Kind::Html, lossy).map(|a| (place.clone(), a, None)).map_err(|e| (place, e));
            if let Ok(m) = std::fs::metadata(path) {
                read.fetch_add(m.len(), Ordering::Relaxed);
            }
            Box::new(std::iter::once(record))
        }
    }
}

/// One article from a `.txt` or `.html` file and its optional `.json`
/// sidecar. Its id is the sidecar's, else the file path.
fn single(path: &Path, html: bool, lossy: bool) -> Result<Article, String> {
    let text = read_all(Some(path), lossy).map_err(|e| e.to_string())?;
    let mut article = if html { from_html(&text, None).map_err(|e| e.to_string())? } else { Article::new(text) };
    article.id = Some(path.display().to_string());
    let sidecar = path.with_extension("json");
    if sidecar.is_file() {
        let raw = std::fs::read_to_string(&sidecar).map_err(|e| format!("{}: {e}", sidecar.display()))?;
        let meta: serde_json::Value =
            serde_json::from_str(&raw).map_err(|e| format!("{}: not JSON: {e}", sidecar.display()))?;
        let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        if let Some(id) = field("id") {
            article.id = Some(id);
        }
        if let Some(d) = field("published") {
            article.published = Some(parse_published(&d).map_err(|e| format!("{}: {e}", sidecar.display()))?);
        }
        article.outlet = field("outlet").or(article.outlet);
        article.title = field("title").or(article.title);
        article.url = field("url").or(article.url);
    }
    Ok(article)
}

/// Counts the bytes read from a file, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

pub fn run_stats(args: StatsArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let s = store.stats()?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        Format::Table => {
            println!("store      {}", args.store.display());
            println!("schema     v{}", s.schema);
            println!("articles   {}", s.articles);
            println!("actors     {}", s.actors);
            println!("mentions   {}", s.mentions);
            println!("events     {} corpus events, told {} times", s.corpus_events, s.events);
            println!("stories    {} story clusters", s.stories);
            println!("relations  {}", s.relations);
            let ratio = if s.text_bytes > 0 { s.disk_bytes as f64 / s.text_bytes as f64 } else { 0.0 };
            println!("size       {:.1} MB on disk, {:.1}× the article text", s.disk_bytes as f64 / 1e6, ratio);
        }
    }
    Ok(ExitCode::SUCCESS)
}
