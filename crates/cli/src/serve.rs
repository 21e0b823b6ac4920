//! `marsad serve` and `marsad demo`: the HTTP API and web interface over a
//! store (`marsad-server`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use marsad_server::Config;

/// The demo corpus: the seed article and 99 ANT articles
/// (`examples/sample/README.md`), built in so that `marsad demo` works
/// from anywhere.
const SAMPLE: &str = include_str!("../../../examples/sample/articles.jsonl");

#[derive(clap::Args)]
pub struct Args {
    /// Store directory.
    #[arg(long, default_value = "marsad-data")]
    store: PathBuf,
    /// Address to listen on (loopback unless you mean otherwise).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Require `Authorization: Bearer TOKEN` on the write endpoints
    /// (`POST /api/analyze`, `POST /api/ingest`).
    #[arg(long)]
    token: Option<String>,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Store directory for the sample.
    #[arg(long, default_value = "marsad-demo")]
    store: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut config = Config::new(&args.store);
    config.token = args.token;
    // For working on the interface: its files read from disk on each request.
    config.assets = std::env::var_os("MARSAD_ASSETS").map(PathBuf::from);
    serve(config, &args.addr)
}

pub fn run_demo(args: DemoArgs) -> Result<ExitCode> {
    let sample = std::env::temp_dir().join(format!("marsad-demo-{}.jsonl", std::process::id()));
    std::fs::write(&sample, SAMPLE).with_context(|| format!("writing {}", sample.display()))?;
    let ingested = crate::ingest::ingest_paths(vec![sample.clone()], args.store.clone());
    let _ = std::fs::remove_file(&sample);
    ingested?;
    let mut config = Config::new(&args.store);
    config.assets = std::env::var_os("MARSAD_ASSETS").map(PathBuf::from);
    serve(config, &args.addr)
}

fn serve(config: Config, addr: &str) -> Result<ExitCode> {
    // Requests run their SQLite and index work on blocking threads; each
    // keeps its own store connection and analyzer memo, so more threads
    // than a few per core only cost memory.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().max_blocking_threads((4 * cores).max(8)).build()?;
    let store = config.store.display().to_string();
    runtime.block_on(marsad_server::serve(config, addr, |at| {
        eprintln!("marsad: serving {store} at http://{at}/ (Ctrl-C to stop)");
    }))?;
    Ok(ExitCode::SUCCESS)
}
