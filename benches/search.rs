//! Search speed at 1k, 10k and 100k talks: `/talk` and `/speaker` through the router, beside a
//! plain linear strsim scan over the same talks. Also prints p50/p99 over a fixed query mix and
//! the process's resident memory once the 100k archive is built.
//!
//! `cargo bench --bench search`

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use emcee::archive::Archive;
use emcee::corpus::{Corpus, read_post};
use emcee::router::answer;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

const TALK_QUERIES: &[&str] = &[
    "/talk kapitan",
    "/talk prometheus",
    "/talk promethues",
    "/talk scaling envoy",
    "/talk lessons production",
    "/talk crossplan",
    "/talk webassembly edge",
    "/talk nimbus",
];

const SPEAKER_QUERIES: &[&str] = &[
    "/speaker zoe",
    "/speaker sofia patel",
    "/speaker nakamura",
    "/speaker okafro",
    "/speaker tom",
    "/speaker mehmet yilmaz",
];

fn archive(talks: usize) -> Archive {
    let events = talks / 3;
    let mut corpus = Corpus::default();
    for (name, text) in emcee::synth::posts(events, 42) {
        let (found, _) = read_post(&name, &text);
        corpus
            .events
            .extend(found.into_iter().filter(|e| !e.talks.is_empty()));
    }
    Archive::new(corpus)
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

/// The naive way: score every talk's words against every query word with strsim.
fn linear_scan(archive: &Archive, query: &str) -> Option<usize> {
    let words = emcee::search::words(query);
    archive
        .talks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let talk = archive.talk(*r);
            let mut text = talk.title.clone();
            for s in &talk.speakers {
                text.push(' ');
                text.push_str(&s.name);
            }
            let talk_words = emcee::search::words(&text);
            let score: usize = words
                .iter()
                .map(|q| {
                    talk_words
                        .iter()
                        .map(|w| strsim::osa_distance(q, w))
                        .min()
                        .unwrap_or(usize::MAX / 16)
                })
                .sum();
            (score, i)
        })
        .min()
        .map(|(_, i)| i)
}

fn percentiles(archive: &Archive, queries: &[&str]) -> (f64, f64) {
    let mut times = Vec::new();
    for _ in 0..50 {
        for q in queries {
            let start = Instant::now();
            black_box(answer(archive, q, now()));
            times.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn bench_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    for &size in &SIZES {
        let archive = archive(size);
        assert!(
            archive.talks.len() >= size * 99 / 100,
            "{} talks read",
            archive.talks.len()
        );
        if size == 100_000 {
            eprintln!(
                "resident memory with the {size}-talk archive built: {:.0} MiB",
                rss_mib().unwrap_or(f64::NAN)
            );
        }
        let (p50, p99) = percentiles(&archive, TALK_QUERIES);
        eprintln!("/talk at {size} talks: p50 {p50:.0} µs, p99 {p99:.0} µs");
        if size == 100_000 {
            for q in TALK_QUERIES {
                let (p50, p99) = percentiles(&archive, &[q]);
                eprintln!("  {q}: p50 {p50:.0} µs, p99 {p99:.0} µs");
            }
        }
        let (p50, p99) = percentiles(&archive, SPEAKER_QUERIES);
        eprintln!("/speaker at {size} talks: p50 {p50:.0} µs, p99 {p99:.0} µs");
        group.bench_with_input(BenchmarkId::new("/talk", size), &archive, |b, a| {
            b.iter(|| {
                for q in TALK_QUERIES {
                    black_box(answer(a, q, now()));
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("/speaker", size), &archive, |b, a| {
            b.iter(|| {
                for q in SPEAKER_QUERIES {
                    black_box(answer(a, q, now()));
                }
            })
        });
        group.sample_size(if size >= 100_000 { 10 } else { 30 });
        group.bench_with_input(
            BenchmarkId::new("linear strsim scan", size),
            &archive,
            |b, a| {
                b.iter(|| {
                    for q in TALK_QUERIES {
                        black_box(linear_scan(a, q.trim_start_matches("/talk ")));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
