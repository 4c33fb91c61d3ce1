//! The `emcee` command line: `emcee check [--data DIR] [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "emcee",
    version,
    about = "The master of ceremonies of a meetup community"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the data dir and report counts and every warning with file and line.
    Check {
        /// The data dir: posts and emcee's structured files.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Print the corpus dump as JSON instead.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { data, json } => check(&data, json),
    }
}

fn check(data: &std::path::Path, json: bool) -> ExitCode {
    let corpus = match emcee::corpus::load(data) {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    if json {
        match serde_json::to_string_pretty(&corpus.dump()) {
            Ok(text) => println!("{text}"),
            Err(err) => {
                eprintln!("error: cannot write the dump: {err}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let counts = corpus.counts();
    println!(
        "{}: {} events, {} talks, {} people, {} organisations ({} files read, {} warnings)",
        data.display(),
        counts.events,
        counts.talks,
        counts.people,
        counts.organisations,
        corpus.files_read,
        corpus.warnings.len()
    );
    for warning in &corpus.warnings {
        println!("{warning}");
    }
    ExitCode::SUCCESS
}
