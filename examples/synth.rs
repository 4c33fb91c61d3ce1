//! Writes synthetic meetup roundups in the blog's format, deterministic for a seed, for
//! benchmarks and load tests at sizes no real community has yet:
//!
//! `cargo run --release --example synth -- --events N --seed S --out DIR [--force]`
//! `cargo run --release --example synth -- --talks 1000000 --seed S --out DIR`
//!
//! Each post is a Jekyll roundup (`YYYY-MM-DD-synth-meetup-N.md`) with three talks, speakers
//! with affiliations, recording offsets, sponsors and the next meetup; see `emcee::synth`.
//! `--talks` past 120,000 writes 40,000 roundups of more talks each (one meetup a day up to
//! 2100 is all emcee reads as real dates).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(
    about = "Write N synthetic meetup roundups into a directory",
    after_help = "Up to 1,000,000 talks: --talks N writes three talks a roundup up to 120,000 \
                  talks, and beyond that 40,000 roundups (one a day, 1990 to 2099) holding more \
                  talks each."
)]
struct Args {
    /// How many roundups (three talks each); at most 40,000 so dates stay before 2100.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=40_000), required_unless_present = "talks", conflicts_with = "talks")]
    events: Option<u64>,
    /// How many talks in all, up to 1,000,000: three a roundup up to 120,000, more a roundup
    /// beyond (40,000 roundups).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    talks: Option<u64>,
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
    let posts = match (args.events, args.talks) {
        (Some(events), _) => emcee::synth::posts(events as usize, args.seed),
        (None, Some(talks)) => emcee::synth::posts_for_talks(talks as usize, args.seed),
        (None, None) => {
            eprintln!("error: give --events N or --talks N");
            return ExitCode::FAILURE;
        }
    };
    let per_event = match args.talks {
        Some(talks) if talks > 120_000 => (talks as usize).div_ceil(emcee::synth::MAX_EVENTS),
        _ => 3,
    };
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
        posts.len() * per_event,
        args.out.display()
    );
    ExitCode::SUCCESS
}
