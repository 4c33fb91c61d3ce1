//! Query latency as a user meets it, in-process: loads a data dir as `emcee ask` does, then
//! answers every non-blank line of a commands file (parse, search, render to text) `--repeat`
//! times, and prints one JSON line:
//!
//! `cargo run --release --example query_bench -- --data DIR --commands FILE [--repeat N]`
//! → `{"queries": 800, "p50_us": 3.1, "p99_us": 41.0, "mean_us": 6.2, "max_us": 97.4,
//! "load_ms": 812.0, "rss_mb": 96.3}`
//!
//! Load (reading the posts and building the indexes) is timed apart and left out of the
//! latencies; `rss_mb` is the resident memory once every query has run.

#[path = "common/report.rs"]
mod report;

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// The allocator the bot runs with, so memory and speed are the bot's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Time emcee's answers to a file of commands; one JSON line on stdout")]
struct Args {
    /// The data dir, as for emcee ask.
    #[arg(long)]
    data: PathBuf,
    /// One command per line, e.g. "/talk kapitan"; blank lines are skipped.
    #[arg(long)]
    commands: PathBuf,
    /// Answer the whole file this many times.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    repeat: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let lines: Vec<String> = match std::fs::read_to_string(&args.commands) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", args.commands.display());
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let corpus = match emcee::corpus::load(&args.data) {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let corpus_mb = report::rss_mib().unwrap_or(f64::NAN);
    let archive = emcee::archive::Archive::new(corpus);
    // As `emcee serve` and `ask` do: hand the loader's freed pages back to the system.
    // SAFETY: mi_collect only frees memory mimalloc holds and no one uses.
    unsafe { libmimalloc_sys::mi_collect(true) };
    eprintln!(
        "query_bench: {corpus_mb:.1} MiB resident with the posts read, {:.1} MiB with the indexes built",
        report::rss_mib().unwrap_or(f64::NAN)
    );
    // The command specs are parsed once per process, on first use: part of starting up.
    let _ = emcee::commands::specs();
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let now = chrono::Utc::now();
    let mut micros: Vec<f64> = Vec::with_capacity(lines.len() * args.repeat as usize);
    for _ in 0..args.repeat {
        for line in &lines {
            let start = Instant::now();
            let text = emcee::router::answer(&archive, line, now).to_text();
            black_box(text);
            micros.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    report::print_json_line(micros, load_ms);
    ExitCode::SUCCESS
}
