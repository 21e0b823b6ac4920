//! `marsad watch`: follows news feeds into a store and raises alerts.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use marsad_annotations::Analysis;
use marsad_article::Article;
use marsad_search::SearchIndex;
use marsad_store::{Poll, SeenItem, Store};
use marsad_watch::follow::{self, Listing};
use marsad_watch::rules::{self, Rule};
use marsad_watch::{duration, read_feeds, Client, Feed, Options, Validators};
use rayon::prelude::*;

use crate::ingest::{Analysed, Record, Seen, Session, Summary, Todo, Writing, BATCH, INDEX_COMMIT_EVERY};

#[derive(clap::Args)]
pub struct Args {
    /// The feeds to follow: a TOML file of `[[feed]]` tables with `url`
    /// (RSS 2.0, Atom, or a plain list of article URLs) and optional
    /// `outlet` and `every`.
    #[arg(long, value_name = "FEEDS.toml", required_unless_present = "status")]
    feeds: Option<PathBuf>,
    /// Watch rules: a TOML file of `[[rule]]` tables (see docs/watch.md).
    #[arg(long, value_name = "RULES.toml")]
    rules: Option<PathBuf>,
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// How often each feed is polled (a feed's own `every` wins).
    #[arg(long, default_value = "15m", value_parser = duration)]
    every: Duration,
    /// One pass over the feeds, then exit (for cron and tests).
    #[arg(long)]
    once: bool,
    /// Show each feed's health and exit.
    #[arg(long)]
    status: bool,
    /// Output format of `--status`.
    #[arg(long, value_enum, default_value = "table", requires = "status")]
    format: StatusFormat,
    /// Append alerts to FILE as JSON lines (default: standard output).
    #[arg(long, value_name = "FILE")]
    alerts: Option<PathBuf>,
    /// Also POST each alert (JSON) to this URL.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Least time between two requests to the same host.
    #[arg(long, default_value = "1s", value_parser = duration)]
    host_delay: Duration,
    /// Requests in flight to one host at most.
    #[arg(long, default_value_t = 2)]
    host_connections: usize,
    /// Longest wait for one answer.
    #[arg(long, default_value = "30s", value_parser = duration)]
    timeout: Duration,
    /// Attempts after the first on timeouts, dropped connections and 5xx.
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Wait before the first retry (doubling with each).
    #[arg(long, default_value = "1s", value_parser = duration)]
    backoff: Duration,
    /// Largest page or feed read, in bytes.
    #[arg(long, default_value_t = 8 << 20)]
    max_bytes: u64,
    /// Pages fetched at once (over all hosts).
    #[arg(long, default_value_t = 8)]
    fetchers: usize,
    /// Worker threads for the analysis (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Do not read robots.txt (only for sites you run).
    #[arg(long)]
    ignore_robots: bool,
    /// Stop after this many passes (for soak runs).
    #[arg(long, hide = true)]
    passes: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum StatusFormat {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.status {
        return status(&args);
    }
    let feeds_path = args.feeds.as_deref().context("--feeds is needed")?;
    let feeds = read_feeds(feeds_path)?;
    let rules = match &args.rules {
        Some(p) => rules::read_rules(p)?,
        None => Vec::new(),
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).context("installing the signal handler")?;
    }
    let client = Client::new(Options {
        timeout: args.timeout,
        max_bytes: args.max_bytes,
        retries: args.retries,
        backoff: args.backoff,
        host_delay: args.host_delay,
        host_connections: args.host_connections,
        robots: !args.ignore_robots,
        ..Options::default()
    });
    let fetch_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.fetchers.max(1))
        .thread_name(|i| format!("fetch-{i}"))
        .build()
        .context("starting fetch threads")?;
    let mut session = Session::open(&args.store, args.threads)?;
    let mut out = Alerts::open(&args)?;
    let mut failed_any = false;
    for pass in 1.. {
        let due = due(&session.store, &feeds, args.every, args.once)?;
        if !due.is_empty() {
            let started = Instant::now();
            let report = one_pass(&mut session, &client, &fetch_pool, &due, &rules, &mut out, &stop)?;
            failed_any |= report.feeds_failed > 0;
            eprintln!(
                "marsad: pass {pass}: {} feeds ({} failed, {} unchanged), {} new items, {} stored, {} copies, {} failed, {} alerts in {:.2}s (waiting for pages {:.2}s, storing and indexing {:.2}s); RSS {} MB, peak {} MB",
                due.len(),
                report.feeds_failed,
                report.not_modified,
                report.items,
                report.stored,
                report.copies,
                report.items_failed,
                report.alerts,
                started.elapsed().as_secs_f64(),
                report.waiting.as_secs_f64(),
                report.storing.as_secs_f64(),
                rss_mb("VmRSS").map_or("?".to_string(), |m| m.to_string()),
                rss_mb("VmHWM").map_or("?".to_string(), |m| m.to_string()),
            );
        }
        if args.once || stop.load(Ordering::Relaxed) || args.passes.is_some_and(|n| pass >= n) {
            break;
        }
        sleep_until_due(&session.store, &feeds, args.every, &stop)?;
        if stop.load(Ordering::Relaxed) {
            break;
        }
    }
    Ok(if failed_any && args.once { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What one pass did.
#[derive(Default)]
struct PassReport {
    feeds_failed: usize,
    not_modified: usize,
    items: usize,
    stored: usize,
    copies: u64,
    items_failed: usize,
    alerts: usize,
    /// Spent storing and indexing (while the next batch is analysed and
    /// the one after fetched).
    storing: Duration,
    /// Spent by the analysis waiting for pages to be fetched.
    waiting: Duration,
}

/// The feeds whose turn it is (all of them with `--once`).
fn due<'a>(store: &Store, feeds: &'a [Feed], every: Duration, once: bool) -> Result<Vec<&'a Feed>> {
    let mut out = Vec::new();
    for f in feeds {
        if once || wait_for(store, f, every)?.is_zero() {
            out.push(f);
        }
    }
    Ok(out)
}

/// How long until the feed is due.
fn wait_for(store: &Store, feed: &Feed, every: Duration) -> Result<Duration> {
    let last = store.feed(&feed.url)?.and_then(|s| s.last_poll).and_then(|t| t.parse::<jiff::Timestamp>().ok());
    let Some(last) = last else { return Ok(Duration::ZERO) };
    let since = Duration::try_from(jiff::Timestamp::now().duration_since(last)).unwrap_or(Duration::ZERO);
    Ok(feed.every.unwrap_or(every).saturating_sub(since))
}

/// Sleeps until the next feed is due, or a signal asks to stop.
fn sleep_until_due(store: &Store, feeds: &[Feed], every: Duration, stop: &AtomicBool) -> Result<()> {
    let mut wait = Duration::MAX;
    for f in feeds {
        wait = wait.min(wait_for(store, f, every)?);
    }
    // The stored times are to the second.
    let until = Instant::now() + wait.min(Duration::from_secs(24 * 3600)) + Duration::from_millis(5);
    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(until.saturating_duration_since(Instant::now()).min(Duration::from_millis(200)));
    }
    Ok(())
}

/// A feed item's fate in this pass.
struct Fetched<'a> {
    feed: &'a Feed,
    url: String,
    /// `None`: not fetched (stopping). The article is taken out for the
    /// analysis, leaving an empty one.
    article: Option<Result<Article, marsad_watch::Error>>,
}

fn one_pass(
    session: &mut Session,
    client: &Client,
    pool: &rayon::ThreadPool,
    due: &[&Feed],
    rules: &[Rule],
    out: &mut Alerts,
    stop: &AtomicBool,
) -> Result<PassReport> {
    let mut report = PassReport::default();
    // Every feed is read first (in parallel, politely per host).
    let states: Vec<_> = due.iter().map(|f| session.store.feed(&f.url)).collect::<Result<_, _>>()?;
    let listings: Vec<_> = pool.install(|| {
        due.par_iter()
            .zip(&states)
            .map(|(f, s)| {
                let v = Validators {
                    etag: s.as_ref().and_then(|s| s.etag.as_deref()),
                    last_modified: s.as_ref().and_then(|s| s.last_modified.as_deref()),
                };
                follow::list(client, &f.url, v)
            })
            .collect()
    });
    // The new items, each once even when several feeds list it.
    let mut new: Vec<(&Feed, Article)> = Vec::new();
    let mut taken = HashSet::new();
    for (f, l) in due.iter().zip(&listings) {
        let Ok(Listing::Items { items, .. }) = l else { continue };
        let urls: Vec<&str> = items.iter().filter_map(|a| a.id.as_deref()).collect();
        let seen = session.store.seen_items(&urls)?;
        for item in items {
            let Some(id) = item.id.as_deref() else { continue };
            if !seen.contains(id) && taken.insert(id.to_string()) {
                new.push((f, item.clone()));
            }
        }
    }
    report.items = new.len();
    // In batches, so that memory does not grow with the feeds' size and a
    // signal stops between batches too. Pipelined: one thread fetches the
    // next batch while this one analyses and stores the last.
    let mut per_feed: HashMap<String, u64> = HashMap::new();
    let mut batches: Vec<Vec<(&Feed, Article)>> = Vec::new();
    let mut new = new.into_iter().peekable();
    while new.peek().is_some() {
        batches.push(new.by_ref().take(BATCH).collect());
    }
    let (analysing, mut writing) = session.split();
    // Time the analysis spent waiting for pages: the network's share.
    let mut waiting = Duration::ZERO;
    std::thread::scope(|scope| -> Result<()> {
        let (fetched_tx, fetched_rx) = std::sync::mpsc::sync_channel(1);
        let (analysed_tx, analysed_rx) = std::sync::mpsc::sync_channel::<(Vec<Fetched<'_>>, Analysed, Summary)>(1);
        scope.spawn(move || {
            for batch in batches {
                if stop.load(Ordering::Relaxed) || fetched_tx.send(fetch(client, pool, batch, stop)).is_err() {
                    break;
                }
            }
        });
        let (report, per_feed) = (&mut report, &mut per_feed);
        let storing = scope.spawn(move || -> Result<()> {
            // Batches stored but not yet committed to the index: their items
            // are marked seen and their alerts raised (query rules read the
            // index) after the commit.
            let mut pending = Vec::new();
            let mut committed = Instant::now();
            for (fetched, analysed, sum) in analysed_rx {
                let started = Instant::now();
                writing.write(&analysed)?;
                report.storing += started.elapsed();
                pending.push((fetched, analysed, sum));
                if committed.elapsed() >= INDEX_COMMIT_EVERY {
                    commit(&mut writing, &mut pending, report, per_feed, rules, out)?;
                    committed = Instant::now();
                }
            }
            commit(&mut writing, &mut pending, report, per_feed, rules, out)
        });
        // A failure on either side closes its channel, which ends the other.
        let mut seen = Seen::default();
        let mut waited = Instant::now();
        while let Ok(mut fetched) = fetched_rx.recv() {
            waiting += waited.elapsed();
            // The articles move to the analysis; the batch keeps only
            // whether each page was fetched (an empty `Ok`).
            let records: Vec<Record> = fetched
                .iter_mut()
                .filter_map(|f| match &mut f.article {
                    Some(Ok(a)) => Some(Ok((f.url.clone(), std::mem::take(a), None))),
                    _ => None,
                })
                .collect();
            let mut sum = Summary::default();
            let analysed = analysing.analyse(records, &mut seen, &mut sum)?;
            if analysed_tx.send((fetched, analysed, sum)).is_err() {
                break;
            }
            waited = Instant::now();
        }
        drop(analysed_tx);
        storing.join().map_err(|_| anyhow::anyhow!("the store writer panicked"))?
    })?;
    report.waiting = waiting;
    for (f, l) in due.iter().zip(&listings) {
        let articles = per_feed.get(f.url.as_str()).copied().unwrap_or(0);
        let (error, etag, last_modified) = match l {
            Ok(Listing::NotModified) => {
                report.not_modified += 1;
                (None, None, None)
            }
            Ok(Listing::Items { etag, last_modified, .. }) => (None, etag.as_deref(), last_modified.as_deref()),
            Err(e) => {
                report.feeds_failed += 1;
                eprintln!("marsad: feed {}: {}", f.url, e.kind);
                (Some(e.kind.to_string()), None, None)
            }
        };
        session.store.record_poll(&Poll { url: &f.url, error: error.as_deref(), etag, last_modified, articles })?;
    }
    Ok(report)
}

/// Fetches a batch of new items' pages (in parallel, politely per host).
fn fetch<'a>(
    client: &Client,
    pool: &rayon::ThreadPool,
    batch: Vec<(&'a Feed, Article)>,
    stop: &AtomicBool,
) -> Vec<Fetched<'a>> {
    pool.install(|| {
        batch
            .into_par_iter()
            .map(|(feed, item)| {
                let url = item.id.clone().unwrap_or_default();
                // A signal lets the pages being fetched finish, and no more.
                let article =
                    (!stop.load(Ordering::Relaxed)).then(|| follow::article(client, &item, feed.outlet.as_deref()));
                Fetched { feed, url, article }
            })
            .collect()
    })
}

/// A fetched batch, its analyses (stored), and the analysis's counts.
type Stored<'a> = (Vec<Fetched<'a>>, Analysed, Summary);

/// Commits the index, then remembers the pending batches' items as dealt
/// with and raises their alerts.
fn commit(
    writing: &mut Writing<'_>,
    pending: &mut Vec<Stored<'_>>,
    report: &mut PassReport,
    per_feed: &mut HashMap<String, u64>,
    rules: &[Rule],
    out: &mut Alerts,
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let started = Instant::now();
    writing.commit()?;
    report.storing += started.elapsed();
    for (fetched, analysed, sum) in pending.drain(..) {
        remember(writing, fetched, analysed, sum, report, per_feed, rules, out)?;
    }
    Ok(())
}

/// Remembers a stored batch's items as dealt with, and raises the alerts.
#[allow(clippy::too_many_arguments)]
fn remember(
    writing: &mut Writing<'_>,
    fetched: Vec<Fetched<'_>>,
    analysed: Analysed,
    sum: Summary,
    report: &mut PassReport,
    per_feed: &mut HashMap<String, u64>,
    rules: &[Rule],
    out: &mut Alerts,
) -> Result<()> {
    let stored = analysed.articles;
    report.stored += stored.len();
    report.copies += sum.copies;
    // What failed to analyse, by item URL (the record's place).
    let analysis_failed: HashMap<&str, &str> = sum.failed.iter().map(|f| (f.place.as_str(), f.why.as_str())).collect();
    let stored_ids: HashSet<&str> = stored.iter().map(|(t, _)| t.id.as_str()).collect();
    let fetch_errors: Vec<String> = fetched
        .iter()
        .map(|f| match &f.article {
            Some(Err(e)) => e.kind.to_string(),
            _ => String::new(),
        })
        .collect();
    let mut seen = Vec::new();
    for (f, why) in fetched.iter().zip(&fetch_errors) {
        match &f.article {
            None => {}
            Some(Err(e)) => {
                report.items_failed += 1;
                eprintln!("marsad: {}: {e}", f.feed.url);
                if e.is_permanent() {
                    seen.push(SeenItem { url: &f.url, feed: &f.feed.url, article: None, error: Some(why) });
                }
            }
            Some(Ok(_)) => {
                let error = analysis_failed.get(f.url.as_str()).copied();
                if let Some(why) = error {
                    report.items_failed += 1;
                    eprintln!("marsad: {}: {why}", f.url);
                }
                let article = stored_ids.contains(f.url.as_str()).then_some(f.url.as_str());
                if article.is_some() {
                    *per_feed.entry(f.feed.url.clone()).or_default() += 1;
                }
                seen.push(SeenItem { url: &f.url, feed: &f.feed.url, article, error });
            }
        }
    }
    writing.store.mark_seen(&seen)?;
    report.alerts += raise_alerts(writing.store, writing.index, rules, &stored, out)?;
    Ok(())
}

/// Matches the rules against the articles just stored; keeps and delivers
/// each alert not raised before.
fn raise_alerts(
    store: &Store,
    index: &SearchIndex,
    rules: &[Rule],
    stored: &[(Todo, Analysis)],
    out: &mut Alerts,
) -> Result<usize> {
    if rules.is_empty() || stored.is_empty() {
        return Ok(0);
    }
    let ids: Vec<&str> = stored.iter().map(|(t, _)| t.id.as_str()).collect();
    let mut by_query: HashMap<&str, HashSet<String>> = HashMap::new();
    for q in rules.iter().filter_map(|r| r.query.as_deref()) {
        if !by_query.contains_key(q) {
            by_query.insert(q, index.matching(q, &ids)?.into_iter().collect());
        }
    }
    let mut raised = 0;
    for (todo, analysis) in stored {
        let id = todo.id.as_str();
        let outlet = analysis.article.outlet.as_deref();
        let corpus: HashMap<usize, Option<i64>> = store.corpus_event_ids(id)?.into_iter().collect();
        for rule in rules {
            if !rule.outlet_matches(outlet) || rule.query.as_deref().is_some_and(|q| !by_query[q].contains(id)) {
                continue;
            }
            let mut hits: Vec<(Option<usize>, String)> = Vec::new();
            if rule.is_event_rule() {
                for (i, e) in analysis.events.iter().enumerate() {
                    if rule.event_matches(analysis, e) {
                        let subject = match corpus.get(&i).copied().flatten() {
                            Some(c) => format!("event:{c}"),
                            None => format!("article:{id}#{i}"),
                        };
                        hits.push((Some(i), subject));
                    }
                }
            } else {
                let subject = match store.story(id)? {
                    Some(s) => format!("story:{s}"),
                    None => format!("article:{id}"),
                };
                hits.push((None, subject));
            }
            for (event, subject) in hits {
                let mut body = rules::alert(rule, analysis, event, &subject);
                let text = serde_json::to_string(&body)?;
                if let Some(row) = store.add_alert(&rule.name, &subject, id, &text)? {
                    body["id"] = row.id.into();
                    body["created"] = row.created.into();
                    out.deliver(&body)?;
                    raised += 1;
                }
            }
        }
    }
    Ok(raised)
}

/// Where alerts go.
struct Alerts {
    file: Option<std::fs::File>,
    webhook: Option<(String, Client)>,
}

impl Alerts {
    fn open(args: &Args) -> Result<Alerts> {
        let file = match &args.alerts {
            Some(p) => Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .with_context(|| format!("opening {}", p.display()))?,
            ),
            None => None,
        };
        let webhook = args.webhook.clone().map(|url| {
            let client = Client::new(Options {
                timeout: args.timeout,
                retries: args.retries.max(2),
                backoff: args.backoff,
                host_delay: Duration::ZERO,
                robots: false,
                ..Options::default()
            });
            (url, client)
        });
        Ok(Alerts { file, webhook })
    }

    fn deliver(&mut self, alert: &serde_json::Value) -> Result<()> {
        let line = serde_json::to_string(alert)?;
        match &mut self.file {
            Some(f) => writeln!(f, "{line}").context("writing an alert")?,
            None => {
                let mut stdout = std::io::stdout().lock();
                writeln!(stdout, "{line}")?;
                stdout.flush()?;
            }
        }
        if let Some((url, client)) = &self.webhook {
            // A webhook that stays down loses no alert: each is kept in the
            // store and served at /alerts.atom.
            if let Err(e) = client.post_json(url, &line) {
                eprintln!("marsad: webhook: {e}");
            }
        }
        Ok(())
    }
}

/// `--status`: each feed's health.
fn status(args: &Args) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let mut states = store.feeds()?;
    if let Some(p) = &args.feeds {
        for f in read_feeds(p)? {
            if !states.iter().any(|s| s.url == f.url) {
                states.push(marsad_store::FeedState { url: f.url, ..Default::default() });
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    if args.format == StatusFormat::Json {
        let rows: Vec<serde_json::Value> = states
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(s).unwrap_or_default();
                v["health"] = health(s).into();
                v
            })
            .collect();
        writeln!(stdout, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        stdout,
        "{:<8} {:>6} {:>8} {:>9}  {:<20}  {:<20}  feed / last error",
        "health", "polls", "articles", "failures", "last poll", "last success"
    )?;
    for s in &states {
        let health = health(s);
        writeln!(
            stdout,
            "{:<8} {:>6} {:>8} {:>9}  {:<20}  {:<20}  {}",
            health,
            s.polls,
            s.articles,
            s.failures,
            s.last_poll.as_deref().unwrap_or("-"),
            s.last_ok.as_deref().unwrap_or("-"),
            s.url
        )?;
        if let Some(e) = &s.last_error {
            writeln!(stdout, "{:<8} {e}", "")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A feed's health: new (never polled), ok, failing (1–2 failed polls in
/// a row), down (3 or more).
fn health(s: &marsad_store::FeedState) -> &'static str {
    match (s.polls, s.failures) {
        (0, _) => "new",
        (_, 0) => "ok",
        (_, n) if n < 3 => "failing",
        _ => "down",
    }
}

/// The process's resident memory, now (`VmRSS`) or at its peak (`VmHWM`),
/// from /proc (Linux). The peak alone would hide memory given back after
/// a large pass.
fn rss_mb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
