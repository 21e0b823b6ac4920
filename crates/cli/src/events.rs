//! `marsad events` and `marsad actors`: what a store says, for reading or
//! for other tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
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
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
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

fn date_arg(d: &Option<String>) -> Result<()> {
    if let Some(d) = d {
        let ok = matches!(d.len(), 4 | 7 | 10)
            && d.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !ok {
            bail!("{d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
        }
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    date_arg(&args.from)?;
    date_arg(&args.to)?;
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
    let rows = store.events(&q)?;
    write_rows(&rows, args.format, |out| {
        let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
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
        writeln!(out, "{} events", rows.len())?;
        Ok(())
    })
}

pub fn run_actors(args: ActorsArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let rows = store.actors(args.kind.as_deref(), args.top)?;
    write_rows(&rows, args.format, |out| {
        writeln!(out, "{:>8}  {:>8}  {:<24}  {:<14}  name", "mentions", "articles", "id", "kind")?;
        for r in &rows {
            let name = r.name_ar.clone().or_else(|| r.name_en.clone()).unwrap_or_default();
            writeln!(out, "{:>8}  {:>8}  {:<24}  {:<14}  {name}", r.mentions, r.articles, r.id, r.kind)?;
        }
        Ok(())
    })
}

/// Prints `rows` as JSON lines, CSV with a header, or with `table`.
fn write_rows<T: serde::Serialize>(
    rows: &[T],
    format: Format,
    table: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        Format::Table => table(&mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
