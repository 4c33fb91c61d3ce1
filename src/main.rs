//! The `emcee` command line: `emcee check [--data DIR] [--json]` and
//! `emcee ask "/talk kapitan" [--data DIR] [--json] [--now RFC3339] [--batch FILE]`.

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
    /// Answer one command as the bot would, e.g. emcee ask "/talk kapitan".
    Ask {
        /// The command, e.g. "/talk kapitan" (omit with --batch).
        command: Option<String>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Print the reply as JSON (one line per command with --batch).
        #[arg(long)]
        json: bool,
        /// Answer as if it were this instant, e.g. 2019-03-10T12:00:00Z.
        #[arg(long)]
        now: Option<String>,
        /// Answer every line of this file (one command per line) in one process.
        #[arg(long)]
        batch: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { data, json } => check(&data, json),
        Command::Ask {
            command,
            data,
            json,
            now,
            batch,
        } => ask(command, &data, json, now.as_deref(), batch.as_deref()),
    }
}

fn ask(
    command: Option<String>,
    data: &std::path::Path,
    json: bool,
    now: Option<&str>,
    batch: Option<&std::path::Path>,
) -> ExitCode {
    let now = match now {
        None => chrono::Utc::now(),
        Some(text) => match chrono::DateTime::parse_from_rfc3339(text) {
            Ok(t) => t.with_timezone(&chrono::Utc),
            Err(_) => {
                eprintln!("error: --now '{text}' is not a time such as 2019-03-10T12:00:00Z");
                return ExitCode::from(2);
            }
        },
    };
    let lines: Vec<String> = match (batch, command) {
        (Some(file), _) => match std::fs::read_to_string(file) {
            Ok(text) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", file.display());
                return ExitCode::from(2);
            }
        },
        (None, Some(command)) => vec![command],
        (None, None) => {
            eprintln!("error: give a command, e.g. emcee ask \"/talk kapitan\", or --batch FILE");
            return ExitCode::from(2);
        }
    };
    let corpus = match emcee::corpus::load(data) {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let archive = emcee::archive::Archive::new(corpus);
    for (i, line) in lines.iter().enumerate() {
        let reply = emcee::router::answer(&archive, line, now);
        if json {
            println!("{}", reply.to_json());
        } else {
            if i > 0 {
                println!("---");
            }
            print!("{}", reply.to_text());
        }
    }
    ExitCode::SUCCESS
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
