//! Loading speed: posts per second over the development corpus in ../shared/corpus/dev.
//!
//! `cargo bench --bench load` reports two throughputs: the whole `load` of the folder (walk,
//! read, extract on all cores, merge) and `read_post` alone on texts already in memory (one core),
//! plus one hostile post to show that cost stays linear in the input.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");

fn posts() -> Vec<(String, String)> {
    let mut posts: Vec<(String, String)> = std::fs::read_dir(DEV)
        .expect("../shared/corpus/dev is readable")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((name, text))
        })
        .collect();
    posts.sort();
    posts
}

fn bench_load(c: &mut Criterion) {
    let posts = posts();
    let mut group = c.benchmark_group("dev corpus");
    group.throughput(Throughput::Elements(posts.len() as u64));
    group.bench_function("load folder", |b| {
        b.iter(|| emcee::corpus::load(black_box(Path::new(DEV))).expect("loads"))
    });
    group.bench_function("read_post in memory, one core", |b| {
        b.iter(|| {
            for (name, text) in &posts {
                black_box(emcee::corpus::read_post(name, text));
            }
        })
    });
    group.finish();
}

/// A hostile post: one 1 MiB paragraph of brackets. Flattening is linear, so this costs about
/// as much as reading 1 MiB of ordinary prose.
fn bench_brackets(c: &mut Criterion) {
    let text = format!(
        "---\ntitle: Meetup roundup of brackets\n---\n{}\n",
        "[](".repeat(1 << 18)
    );
    let mut group = c.benchmark_group("hostile post");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("1 MiB of brackets", |b| {
        b.iter(|| emcee::corpus::read_post(black_box("brackets.md"), black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench_load, bench_brackets);
criterion_main!(benches);
