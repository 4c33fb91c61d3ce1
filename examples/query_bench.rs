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
    let corpus_mb = rss_mib().unwrap_or(f64::NAN);
    let archive = emcee::archive::Archive::new(corpus);
    eprintln!(
        "query_bench: {corpus_mb:.1} MiB resident with the posts read, {:.1} MiB with the indexes built",
        rss_mib().unwrap_or(f64::NAN)
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
    let n = micros.len();
    micros.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        if n == 0 {
            return 0.0;
        }
        micros[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]
    };
    let mean = if n == 0 {
        0.0
    } else {
        micros.iter().sum::<f64>() / n as f64
    };
    println!(
        "{{\"queries\": {n}, \"p50_us\": {:.1}, \"p99_us\": {:.1}, \"mean_us\": {:.1}, \"max_us\": {:.1}, \"load_ms\": {load_ms:.1}, \"rss_mb\": {:.1}}}",
        at(0.50),
        at(0.99),
        mean,
        micros.last().copied().unwrap_or(0.0),
        rss_mib().unwrap_or(f64::NAN)
    );
    ExitCode::SUCCESS
}

/// Resident memory in MiB, from /proc (Linux); `None` elsewhere.
fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
