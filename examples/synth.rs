//! Writes synthetic meetup roundups in the blog's format, deterministic for a seed, for
//! benchmarks and load tests at sizes no real community has yet:
//!
//! `cargo run --release --example synth -- --events N --seed S --out DIR [--force]`
//!
//! Each post is a Jekyll roundup (`YYYY-MM-DD-synth-meetup-N.md`) with three talks, speakers
//! with affiliations, recording offsets, sponsors and the next meetup; see `emcee::synth`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Write N synthetic meetup roundups into a directory")]
struct Args {
    /// How many roundups (three talks each); at most 40,000 so dates stay before 2100.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=40_000))]
    events: u64,
    /// The same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write; created if missing, refused if it holds files unless --force.
    #[arg(long)]
    out: PathBuf,
    /// Write into a directory that already holds files.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Ok(mut entries) = std::fs::read_dir(&args.out)
        && entries.next().is_some()
        && !args.force
    {
        eprintln!(
            "error: {} is not empty; choose another --out or pass --force",
            args.out.display()
        );
        return ExitCode::FAILURE;
    }
    if let Err(err) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {err}", args.out.display());
        return ExitCode::FAILURE;
    }
    let posts = emcee::synth::posts(args.events as usize, args.seed);
    let mut bytes = 0;
    for (name, text) in &posts {
        if let Err(err) = std::fs::write(args.out.join(name), text) {
            eprintln!("error: cannot write {name}: {err}");
            return ExitCode::FAILURE;
        }
        bytes += text.len();
    }
    eprintln!(
        "synth: {} roundups, {} talks, {bytes} bytes written to {}",
        posts.len(),
        posts.len() * 3,
        args.out.display()
    );
    ExitCode::SUCCESS
}
