//! `marsad events` and `marsad actors`: what a store says, for reading or
//! for other tools. Events are corpus events (merged across articles) by
//! default, each article's with `--mentions`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use marsad_store::{EventQuery, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Events with this actor as source or target (`ISR` also matches `ISRMIL`).
    #[arg(long)]
    actor: Option<String>,
    /// Events between two actors, either way round: `ID,ID`.
    #[arg(long)]
    dyad: Option<String>,
    /// PLOVER type (`CONSULT`, `ASSAULT` …).
    #[arg(long = "type")]
    kind: Option<String>,
    /// On or after this date (`YYYY[-MM[-DD]]`).
    #[arg(long)]
    from: Option<String>,
    /// On or before this date.
    #[arg(long)]
    to: Option<String>,
    /// At most this many (newest first).
    #[arg(long)]
    limit: Option<usize>,
    /// Each article's events (the mentions of corpus events, with their
    /// trigger offsets) instead of corpus events.
    #[arg(long)]
    mentions: bool,
    /// Output format: `gdelt` and `gdelt-mentions` are GDELT 2.0's event and
    /// mentions tables; `parquet` needs `--output`.
    #[arg(long, value_enum, default_value = "table")]
    format: EventFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum EventFormat {
    Table,
    Csv,
    Jsonl,
    Gdelt,
    GdeltMentions,
    Parquet,
}

#[derive(clap::Args)]
pub struct ActorsArgs {
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Only actors of this kind (`country`, `person`, `military` …).
    #[arg(long)]
    kind: Option<String>,
    /// How many, most mentioned first.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Csv,
    Jsonl,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dyad = match &args.dyad {
        None => None,
        Some(d) => match d.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Some((a.trim().to_string(), b.trim().to_string()))
            }
            _ => bail!("--dyad takes two actor ids separated by a comma, e.g. ISR,MAR"),
        },
    };
    let store = Store::open_existing(&args.store)?;
    let q = EventQuery { actor: args.actor, dyad, kind: args.kind, from: args.from, to: args.to, limit: args.limit };
    let format = match args.format {
        EventFormat::Table => Format::Table,
        EventFormat::Csv => Format::Csv,
        EventFormat::Jsonl => Format::Jsonl,
        EventFormat::Parquet => {
            let Some(path) = &args.output else { bail!("--format parquet needs --output FILE") };
            if args.mentions {
                crate::parquet_file::write_mentions(path, &store.events(&q)?)?;
            } else {
                crate::parquet_file::write_corpus(path, &store.corpus_events(&q)?)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        EventFormat::Gdelt => {
            let rows = store.corpus_events(&q)?;
            return write_to(args.output.as_deref(), |out| crate::gdelt::write_events(out, &store, &rows));
        }
        EventFormat::GdeltMentions => {
            let rows = store.events(&q)?;
            return write_to(args.output.as_deref(), |out| crate::gdelt::write_mentions(out, &store, &rows));
        }
    };
    let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    if !args.mentions {
        let rows = store.corpus_events(&q)?;
        return write_rows(&rows, format, args.output.as_deref(), |out| {
            writeln!(
                out,
                "{:<10}  {:<10}  {:<5}  {:>5}  {:<16}  {:<16}  {:>8}  {:>7}  {:>8}  first article",
                "day", "type", "cameo", "gold", "source", "target", "mentions", "sources", "articles"
            )?;
            for r in &rows {
                writeln!(
                    out,
                    "{:<10}  {:<10}  {:<5}  {:>5.1}  {:<16}  {:<16}  {:>8}  {:>7}  {:>8}  {}",
                    o(&r.day),
                    r.kind,
                    r.cameo,
                    r.goldstein,
                    o(&r.source),
                    o(&r.target),
                    r.num_mentions,
                    r.num_sources,
                    r.num_articles,
                    o(&r.first_article)
                )?;
            }
            writeln!(out, "{} events", rows.len())?;
            Ok(())
        });
    }
    let rows = store.events(&q)?;
    write_rows(&rows, format, args.output.as_deref(), |out| {
        writeln!(
            out,
            "{:<10}  {:<10}  {:<5}  {:>5}  {:<16}  {:<16}  article",
            "date", "type", "cameo", "gold", "source", "target"
        )?;
        for r in &rows {
            let date = r.date.clone().or_else(|| r.published.clone()).unwrap_or_else(|| "-".into());
            writeln!(
                out,
                "{date:<10}  {:<10}  {:<5}  {:>5.1}  {:<16}  {:<16}  {}",
                r.kind,
                r.cameo,
                r.goldstein,
                o(&r.source),
                o(&r.target),
                r.article
            )?;
        }
        writeln!(out, "{} mentions", rows.len())?;
        Ok(())
    })
}

pub fn run_actors(args: ActorsArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let rows = store.actors(args.kind.as_deref(), args.top)?;
    write_rows(&rows, args.format, None, |out| {
        writeln!(out, "{:>8}  {:>8}  {:<24}  {:<14}  name", "mentions", "articles", "id", "kind")?;
        for r in &rows {
            let name = r.name_ar.clone().or_else(|| r.name_en.clone()).unwrap_or_default();
            writeln!(out, "{:>8}  {:>8}  {:<24}  {:<14}  {name}", r.mentions, r.articles, r.id, r.kind)?;
        }
        Ok(())
    })
}

/// Prints `rows` as JSON lines, CSV with a header, or with `table`, to
/// `output` or standard output.
fn write_rows<T: serde::Serialize>(
    rows: &[T],
    format: Format,
    output: Option<&Path>,
    table: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<ExitCode> {
    write_to(output, |out| {
        match format {
            Format::Jsonl => {
                for r in rows {
                    serde_json::to_writer(&mut *out, r)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                for r in rows {
                    w.serialize(r)?;
                }
                w.flush()?;
            }
            Format::Table => table(out)?,
        }
        Ok(())
    })
}

/// Runs `write` on a buffered `output` file or standard output.
fn write_to(output: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<ExitCode> {
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    write(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
