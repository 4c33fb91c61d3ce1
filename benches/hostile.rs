//! Hostile posts: time per MB must not grow with size. Each shape is read at 100 KB, 1 MB and
//! 5 MB through the whole loader (`load_files`: text checks, front matter, Markdown, every rule,
//! merging, entities), and criterion reports its throughput; the three figures of a shape should
//! agree within 2×. Every post is checked first to be read in full: skipped by the time budget
//! or cut by a bound, it would not count.
//!
//! The `acceptance` group times `load` of a data dir holding one 5 MB hostile post (one
//! paragraph of talk sentences with unbalanced brackets) beside `load` of 5 MB of real posts
//! (the development corpus copied into folders until it weighs 5 MB): the first must take at
//! most 5× the second.
//!
//! `cargo bench --bench hostile` (all), `cargo bench --bench hostile -- acceptance`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use emcee::corpus::{LoadOptions, load_files};

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");

const KB: usize = 1000;
const MB: usize = 1000 * KB;

/// One step of a shape, given how many came before it (so names and numbers vary).
type Step = fn(usize) -> String;

/// The shapes: a name, and the step each repeats.
const SHAPES: &[(&str, Step)] = &[
    ("talk sentences, unbalanced brackets", |i| {
        format!(
            "Ada Lovelace{} from Example Corp talked about [Scaling (services \"in production with {i} nodes. ",
            i % 7
        )
    }),
    ("empty links", |_| "[](".to_owned()),
    ("nested brackets", |i| {
        format!("{}{} word{i} ", "[".repeat(20), "(".repeat(20))
    }),
    ("one long line", |i| format!("word{} and ", i % 97)),
    ("many links", |i| {
        format!(
            "[Ada Lovelace](https://example.org/a{i}) from [Example](https://example.org/b) talked about [Title {i}](https://example.org/c). "
        )
    }),
    ("many bullets", |i| {
        format!(
            "* Ada Lovelace{} from Example Corp: \"Title {i}\"\n",
            i % 13
        )
    }),
    ("deep lists", |i| {
        format!("{}- item {i} by Ada from Example\n", "  ".repeat(i % 64))
    }),
    ("many emphases", |i| {
        format!("*Ada {i}* from **Example** talked about _Title {i}_. ")
    }),
];

/// A roundup whose body is `step` repeated to `size` bytes, cut at a character boundary.
fn post(step: Step, size: usize) -> Vec<u8> {
    let mut text = String::from(
        "---\ntitle: Meetup roundup\n---\nThanks to everyone who came to the meetup on 3 April 2019.\n\n",
    );
    let mut i = 0;
    while text.len() < size {
        text.push_str(&step(i));
        i += 1;
    }
    let mut cut = size;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push('\n');
    text.into_bytes()
}

const SOURCE: &str = "posts/2019-04-03-meetup-roundup.md";

/// Reads the post once and fails the benchmark unless it was read in full: an event from it,
/// and no warning that it was skipped.
fn assert_read_in_full(name: &str, files: &[(String, Vec<u8>)]) {
    let corpus = load_files(files, &LoadOptions::default());
    let skipped: Vec<String> = corpus
        .warnings
        .iter()
        .filter(|w| w.source == SOURCE && w.message.contains("skipped"))
        .map(|w| w.to_string())
        .collect();
    assert!(skipped.is_empty(), "{name}: {skipped:?}");
    assert!(
        corpus
            .events
            .iter()
            .any(|e| e.sources.iter().any(|s| s == SOURCE)),
        "{name}: no event read from the post"
    );
}

fn bench_shapes(c: &mut Criterion) {
    for (name, step) in SHAPES {
        let mut group = c.benchmark_group(format!("hostile/{name}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for size in [100 * KB, MB, 5 * MB] {
            let files = vec![(SOURCE.to_owned(), post(*step, size))];
            assert_read_in_full(name, &files);
            group.throughput(Throughput::Bytes(size as u64));
            let label = if size < MB {
                format!("{} KB", size / KB)
            } else {
                format!("{} MB", size / MB)
            };
            group.bench_with_input(BenchmarkId::from_parameter(label), &files, |b, files| {
                b.iter(|| load_files(black_box(files), &LoadOptions::default()))
            });
        }
        group.finish();
    }
}

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("emcee-bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The development corpus copied into `copy-N/` folders until the copies weigh `size` bytes.
fn real_posts(dir: &Path, size: usize) -> usize {
    let posts: Vec<(String, Vec<u8>)> = std::fs::read_dir(DEV)
        .expect("../shared/corpus/dev is readable")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).ok()?,
            ))
        })
        .collect();
    let mut total = 0;
    let mut copy = 0;
    while total < size {
        let folder = dir.join(format!("copy-{copy}"));
        std::fs::create_dir_all(&folder).expect("a folder");
        for (name, bytes) in &posts {
            std::fs::write(folder.join(name), bytes).expect("writes");
            total += bytes.len();
        }
        copy += 1;
    }
    total
}

fn bench_acceptance(c: &mut Criterion) {
    let real = TempDir::new("real");
    let real_size = real_posts(&real.0, 5 * MB);
    let hostile = TempDir::new("hostile");
    let (name, step) = SHAPES[0];
    let bytes = post(step, 5 * MB);
    assert_read_in_full(name, &[(SOURCE.to_owned(), bytes.clone())]);
    std::fs::create_dir_all(hostile.0.join("posts")).expect("a folder");
    std::fs::write(hostile.0.join(SOURCE), &bytes).expect("writes");

    let mut group = c.benchmark_group("acceptance");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(real_size as u64));
    group.bench_function("load 5 MB of real posts", |b| {
        b.iter(|| emcee::corpus::load(black_box(&real.0)).expect("loads"))
    });
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("load one 5 MB hostile post", |b| {
        b.iter(|| emcee::corpus::load(black_box(&hostile.0)).expect("loads"))
    });
    group.finish();
}

criterion_group!(benches, bench_shapes, bench_acceptance);
criterion_main!(benches);
