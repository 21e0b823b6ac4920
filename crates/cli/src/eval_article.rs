//! `marsad eval article`: analyse an article and score the analysis against
//! a hand-annotated gold file (the format of the seed's `expected.json`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use marsad_annotations::{score, Analyzer, Options};
use marsad_article::{parse_published, Article};

#[derive(clap::Args)]
pub struct Args {
    /// The article's text.
    file: PathBuf,
    /// The gold file (JSON: actors, times, quotes, events, relations with `level` must/should).
    #[arg(long)]
    gold: PathBuf,
    /// Publication date, YYYY-MM-DD (default: the gold file's `article.published` or `date`).
    #[arg(long)]
    published: Option<String>,
    /// Outlet name (default: the gold file's `article.outlet`).
    #[arg(long)]
    outlet: Option<String>,
    /// Print what was missed in each part.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let gold_text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let gold: serde_json::Value =
        serde_json::from_str(&gold_text).with_context(|| format!("{}: not JSON", args.gold.display()))?;
    let meta = gold.get("article");
    let from_gold = |field: &str| meta.and_then(|m| m.get(field)).and_then(|v| v.as_str()).map(str::to_string);
    let published = args.published.or_else(|| from_gold("published")).or_else(|| from_gold("date"));
    let mut article = Article::new(text.as_str());
    if let Some(p) = published {
        let d = p.get(..10).unwrap_or(&p);
        article.published = Some(parse_published(d).with_context(|| format!("publication date {p:?}"))?);
    }
    article.outlet = args.outlet.or_else(|| from_gold("outlet"));
    let analysis = Analyzer::new(Options::default())
        .analyze(&article)
        .with_context(|| format!("analysing {}", args.file.display()))?;
    let s = score::score(&analysis, &gold);
    if args.verbose {
        for n in &s.notes {
            println!("  {n}");
        }
    }
    println!(
        "actors recall={:.2} precision={:.2} f1={:.2}\ntimes={:.2}\nquotes={:.2}\nevents strict={:.2} recall={:.2} precision={:.2} f1={:.2}\nrelations={:.2}",
        s.actor_recall,
        s.actor_precision,
        s.actor_f1,
        s.times,
        s.quotes,
        s.events_strict,
        s.events_recall,
        s.events_precision,
        s.events_f1,
        s.relations
    );
    println!("score={:.2}", s.overall);
    Ok(ExitCode::SUCCESS)
}
