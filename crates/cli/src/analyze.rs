//! `marsad analyze`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use marsad_annotations::{Analyzer, Options};
use marsad_article::{from_html, open_input, parse_published, read_all, Article, JsonlReader, RecordError};
use marsad_kb::Kb;
use rayon::prelude::*;

/// Articles analysed together in `--jsonl` mode: enough to keep every core
/// busy, few enough to keep memory flat.
const BATCH: usize = 256;

#[derive(clap::Args)]
pub struct Args {
    /// Input file (`-` or nothing for stdin); gzip is read transparently.
    file: Option<PathBuf>,
    /// Publication date, YYYY-MM-DD.
    #[arg(long)]
    published: Option<String>,
    /// Outlet name.
    #[arg(long)]
    outlet: Option<String>,
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// URL.
    #[arg(long)]
    url: Option<String>,
    /// Record id.
    #[arg(long)]
    id: Option<String>,
    /// Pretty-print the JSON.
    #[arg(long)]
    pretty: bool,
    /// Include every token with its layers and clitics.
    #[arg(long)]
    tokens: bool,
    /// Read one JSON article per line and write one analysis per line, in
    /// input order. Fields: id, text, published, outlet, title, url (ANT
    /// corpus aliases: docno, src, date).
    #[arg(long, conflicts_with_all = ["html", "published", "outlet", "title", "url", "id"])]
    jsonl: bool,
    /// The input is an HTML page: analyse its main text.
    #[arg(long)]
    html: bool,
    /// Worker threads for --jsonl (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Replace invalid UTF-8 instead of rejecting it.
    #[arg(long)]
    lossy: bool,
    /// With --jsonl, also write `{"error":…, "line":…, "id":…}` records for
    /// failed lines into the output.
    #[arg(long)]
    keep_errors: bool,
    /// Knowledge-base actors only: skip the named-entity recognizer, so
    /// names outside the knowledge base are not actors (faster).
    #[arg(long)]
    kb_only: bool,
    /// A directory of knowledge-base files (the formats of data/kb/) that
    /// extend and override the built-in knowledge base.
    #[arg(long, value_name = "DIR")]
    kb: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let path = args.file.as_deref().filter(|p| p.as_os_str() != "-");
    let options = Options { tokens: args.tokens, kb_only: args.kb_only };
    let analyzer = match &args.kb {
        Some(dir) => Analyzer::with_kb(
            options,
            Kb::builtin().with_dir(dir).with_context(|| format!("loading --kb {}", dir.display()))?,
        ),
        None => Analyzer::new(options),
    };
    if args.jsonl {
        return run_jsonl(&args, path, &analyzer);
    }
    let name = path.map_or("stdin".to_string(), |p| p.display().to_string());
    let text = read_all(path, args.lossy).with_context(|| format!("reading {name}"))?;
    let mut article = if args.html {
        from_html(&text, args.url.as_deref()).with_context(|| format!("extracting the article from {name}"))?
    } else {
        Article::new(text)
    };
    if let Some(p) = &args.published {
        article.published = Some(parse_published(p).context("--published")?);
    }
    for (field, value) in [
        (&mut article.outlet, &args.outlet),
        (&mut article.title, &args.title),
        (&mut article.url, &args.url),
        (&mut article.id, &args.id),
    ] {
        if value.is_some() {
            field.clone_from(value);
        }
    }
    let analysis = analyzer.analyze(&article).with_context(|| format!("analysing {name}"))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.pretty {
        serde_json::to_writer_pretty(&mut out, &analysis)?;
    } else {
        serde_json::to_writer(&mut out, &analysis)?;
    }
    writeln!(out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_jsonl(args: &Args, path: Option<&std::path::Path>, analyzer: &Analyzer) -> Result<ExitCode> {
    if args.pretty {
        bail!("--pretty does not go with --jsonl (one analysis per line)");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let input = open_input(path)
        .with_context(|| format!("opening {}", path.map_or("stdin".into(), |p| p.display().to_string())))?;
    let mut records = JsonlReader::new(input, args.lossy);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let (mut ok, mut failed) = (0u64, 0u64);
    loop {
        let batch: Vec<Result<(u64, Article), RecordError>> = records.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let lines: Vec<Result<Vec<u8>, ErrorRecord>> =
            pool.install(|| batch.into_par_iter().map(|r| analyze_record(analyzer, r)).collect());
        for line in lines {
            match line {
                Ok(json) => {
                    ok += 1;
                    out.write_all(&json)?;
                    out.write_all(b"\n")?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("marsad: {}", e.message());
                    if args.keep_errors {
                        serde_json::to_writer(&mut out, &e)?;
                        out.write_all(b"\n")?;
                    }
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("marsad: {ok} analysed, {failed} failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A failed record, as written with --keep-errors.
#[derive(serde::Serialize)]
struct ErrorRecord {
    error: String,
    line: u64,
    id: Option<String>,
}

impl ErrorRecord {
    fn message(&self) -> String {
        match &self.id {
            Some(id) => format!("line {} (id {id}): {}", self.line, self.error),
            None => format!("line {}: {}", self.line, self.error),
        }
    }
}

fn analyze_record(analyzer: &Analyzer, record: Result<(u64, Article), RecordError>) -> Result<Vec<u8>, ErrorRecord> {
    let (line, article) = record.map_err(|e| ErrorRecord { error: e.kind.to_string(), line: e.line, id: e.id })?;
    let analysis =
        analyzer.analyze(&article).map_err(|e| ErrorRecord { error: e.to_string(), line, id: article.id.clone() })?;
    // An analysis prints at about five times its text's size: reserved at
    // once, the buffer is not regrown and copied a dozen times.
    let mut json = Vec::with_capacity(article.text.len() * 6 + 4096);
    serde_json::to_writer(&mut json, &analysis).map_err(|e| ErrorRecord {
        error: e.to_string(),
        line,
        id: article.id,
    })?;
    Ok(json)
}
