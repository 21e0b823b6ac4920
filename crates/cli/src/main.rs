//! The `marsad` command line: a thin adapter over the library crates.

mod analyze;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
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
