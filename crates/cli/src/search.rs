//! `marsad search`: full-text search over a store, with filters and facets.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use marsad_search::{sync, ErrorKind, Query, Results, SearchIndex};
use marsad_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Words to find (all of them; `"a phrase"`, `-word` to exclude, `OR`).
    /// None: every article the filters let through, newest first.
    query: Vec<String>,
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Articles mentioning this actor (`ISR` also matches `ISRMIL`).
    #[arg(long)]
    actor: Option<String>,
    /// Articles with an event of this PLOVER type.
    #[arg(long = "type")]
    kind: Option<String>,
    /// Published on or after (`YYYY[-MM[-DD]]`).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before.
    #[arg(long)]
    to: Option<String>,
    /// Articles of this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// Hits to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let index = open_index(&store)?;
    let q = Query {
        text: args.query.join(" "),
        actor: args.actor,
        kind: args.kind,
        from: args.from,
        to: args.to,
        outlet: args.outlet,
        limit: args.limit,
        offset: args.offset,
    };
    let results = index.search(&store, &q)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &results)?;
            writeln!(out)?;
        }
        Format::Table => table(&mut out, &results, &q)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The store's index, brought up to date first when it lags behind the
/// store (a store from before search, or an ingest killed midway) and no
/// ingest is writing it.
pub fn open_index(store: &Store) -> Result<SearchIndex> {
    let index = SearchIndex::open(store.dir())?;
    if index.len() != store.stats()?.articles {
        match index.writer(1) {
            Ok(mut w) => {
                let r = sync(store, &index, &mut w)?;
                if r.added > 0 {
                    eprintln!("marsad: indexed {} stored articles the index lacked", r.added);
                }
                w.finish()?;
            }
            // An ingest is writing: search what it has committed.
            Err(e) if matches!(e.kind, ErrorKind::Locked) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(index)
}

fn table(out: &mut impl Write, r: &Results, q: &Query) -> std::io::Result<()> {
    let (open, close) = if std::io::stdout().is_terminal() { ("\x1b[1;31m", "\x1b[0m") } else { ("[", "]") };
    let shown = if r.hits.is_empty() { 0 } else { q.offset + 1 };
    writeln!(out, "{} articles match; {}–{}:", r.total, shown, q.offset + r.hits.len())?;
    for h in &r.hits {
        writeln!(
            out,
            "\n{:>6.2}  {}  {}  {}",
            h.score,
            h.published.as_deref().unwrap_or("-"),
            h.outlet.as_deref().unwrap_or("-"),
            h.id
        )?;
        if let Some(t) = &h.title {
            writeln!(out, "        {t}")?;
        }
        let snippet = h.snippet.marked(open, close).replace('\n', " ");
        writeln!(out, "        …{snippet}…")?;
    }
    let line = |name: &str, v: &[(String, u64)]| -> String {
        let items: Vec<String> = v.iter().map(|(k, n)| format!("{k} {n}")).collect();
        format!("{name:<8}{}", items.join(", "))
    };
    if r.total > 0 {
        writeln!(out)?;
        writeln!(out, "{}", line("actors", &r.facets.actor))?;
        writeln!(out, "{}", line("types", &r.facets.kind))?;
        writeln!(out, "{}", line("outlets", &r.facets.outlet))?;
        writeln!(out, "{}", line("months", &r.facets.month))?;
    }
    Ok(())
}
