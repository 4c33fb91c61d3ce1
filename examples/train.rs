//! Trains emcee's extraction model from hand-labelled blogs, and measures it leave-one-blog-out.
//!
//! `cargo run --release --example train` writes `src/corpus/learn/weights.json` from every
//! labelled blog in `../shared/corpus/labels` (byte for byte the same for the same labels).
//! `cargo run --release --example train -- --lobo DIR` trains once per blog without it, reads
//! that blog with the model, and writes its `check --json` dump to `DIR/BLOG.json` (the
//! all-blogs model's dumps go to `DIR/all/BLOG.json`); `scripts/lobo.sh` scores them.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use emcee::corpus::training;

#[derive(Parser)]
#[command(about = "Train the extraction model from labelled blogs")]
struct Args {
    /// The labels, one folder per blog.
    #[arg(long, default_value = "../shared/corpus/labels")]
    labels: PathBuf,
    /// The blogs, one folder per blog, named as their labels' folders.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// Where the model trained on every blog is written.
    #[arg(long, default_value = "src/corpus/learn/weights.json")]
    out: PathBuf,
    /// Leave-one-blog-out: write each blog's dump, read by a model trained without it, here.
    #[arg(long)]
    lobo: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let progress = std::io::stderr().is_terminal();
    let blogs = match training::read_blogs(&args.labels, &args.corpus, |k, n, name| {
        if progress {
            eprint!("\rreading labelled blogs: {k}/{n} {name:<20}");
        }
    }) {
        Ok(blogs) => blogs,
        Err(e) => {
            eprintln!("\nerror: {e}");
            return ExitCode::from(2);
        }
    };
    if progress {
        eprintln!();
    }
    let model = training::model(&blogs, None);
    if let Err(e) = std::fs::write(&args.out, model.to_json()) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let (ns, ps) = blogs.iter().fold((0, 0), |(n, p), b| {
        (
            n + b.examples.speaker.len(),
            p + b.examples.speaker.iter().filter(|e| e.1).count(),
        )
    });
    println!(
        "trained on {} blogs: {ns} speaker candidates ({ps} speakers), {} features; wrote {}",
        blogs.len(),
        model.speaker.weights.len() + model.title.weights.len(),
        args.out.display()
    );
    let Some(dir) = args.lobo else {
        return ExitCode::SUCCESS;
    };
    let all_dir = dir.join("all");
    if let Err(e) = std::fs::create_dir_all(&all_dir) {
        eprintln!("error: cannot create {}: {e}", all_dir.display());
        return ExitCode::from(2);
    }
    for (k, blog) in blogs.iter().enumerate() {
        if progress {
            eprint!(
                "\rleave-one-blog-out: {}/{} {:<20}",
                k + 1,
                blogs.len(),
                blog.name
            );
        }
        for (model, out) in [
            (
                training::model(&blogs, Some(&blog.name)),
                dir.join(format!("{}.json", blog.name)),
            ),
            (model.clone(), all_dir.join(format!("{}.json", blog.name))),
        ] {
            let options = emcee::corpus::LoadOptions {
                model: Some(std::sync::Arc::new(model)),
                ..emcee::corpus::LoadOptions::default()
            };
            let corpus = match emcee::corpus::load_with(&args.corpus.join(&blog.name), &options) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("\nerror: {e}");
                    return ExitCode::from(2);
                }
            };
            let dump = serde_json::to_string_pretty(&corpus.dump()).unwrap_or_default();
            if let Err(e) = std::fs::write(&out, dump) {
                eprintln!("\nerror: cannot write {}: {e}", out.display());
                return ExitCode::from(2);
            }
        }
    }
    if progress {
        eprintln!();
    }
    println!("wrote leave-one-blog-out dumps to {}", dir.display());
    ExitCode::SUCCESS
}
