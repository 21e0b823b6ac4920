//! The `marsad` command line: a thin adapter over the library crates.

mod analyze;
mod eval_article;
mod eval_gsr;
mod events;
mod gdelt;
mod ingest;
mod ner;
mod parquet_file;
mod parquet_in;
mod search;
mod serve;
mod views;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The analysis allocates many small, short-lived strings and vectors per
// article; mimalloc serves them markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// marsad reads Arabic news and rebuilds the system it describes.
#[derive(Parser)]
#[command(name = "marsad", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse one article (or a JSONL stream of articles) and print JSON.
    Analyze(analyze::Args),
    /// Analyse articles and keep them in a store (SQLite), skipping those already there.
    Ingest(ingest::Args),
    /// Search a store's articles (Arabic-aware; filters by actor, type, outlet, date; facets).
    Search(search::Args),
    /// Follow news feeds into a store (new articles are searchable at once) and raise alerts.
    Watch(watch::Args),
    /// Serve a store: the JSON API (docs/api.md) and the web interface.
    Serve(serve::Args),
    /// Ingest the bundled sample (the seed and 99 ANT articles) and serve it.
    Demo(serve::DemoArgs),
    /// Counts of what a store holds.
    Stats(ingest::StatsArgs),
    /// The corpus events (or each article's with --mentions), filtered by actor, dyad, type and date
    /// (table, CSV, JSONL, GDELT, Parquet).
    Events(events::Args),
    /// The stored actors, most mentioned first.
    Actors(events::ActorsArgs),
    /// An actor's events (or a dyad's) per week, month or year: counts, cooperative vs hostile, mean Goldstein.
    Timeline(views::TimelineArgs),
    /// The actor network of the stored relations (JSON, Graphviz DOT or GraphML).
    Graph(views::GraphArgs),
    /// Train a model.
    Train {
        #[command(subcommand)]
        what: TrainWhat,
    },
    /// Score a component against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalWhat,
    },
}

#[derive(Subcommand)]
enum TrainWhat {
    /// Train the named-entity recognizer on `token TAG` data.
    Ner(ner::TrainArgs),
}

#[derive(Subcommand)]
enum EvalWhat {
    /// Score the named-entity recognizer (exact-span P/R/F1); last line `f1=NN.NN`.
    Ner(ner::EvalArgs),
    /// Analyse an article and score it against a gold file; last line `score=N.NN`.
    Article(eval_article::Args),
    /// Score event detection and actor coding on UniversalPETRARCH gold sentences (XML).
    Gsr(eval_gsr::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => search::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => serve::run_demo(args),
        Command::Stats(args) => ingest::run_stats(args),
        Command::Events(args) => events::run(args),
        Command::Actors(args) => events::run_actors(args),
        Command::Timeline(args) => views::run_timeline(args),
        Command::Graph(args) => views::run_graph(args),
        Command::Train { what: TrainWhat::Ner(args) } => ner::run_train(args),
        Command::Eval { what: EvalWhat::Ner(args) } => ner::run_eval(args),
        Command::Eval { what: EvalWhat::Article(args) } => eval_article::run(args),
        Command::Eval { what: EvalWhat::Gsr(args) } => eval_gsr::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (marsad … | head) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("marsad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
