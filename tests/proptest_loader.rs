//! Mangled posts never panic the reader: each case takes a seed post, applies a few random
//! mutations (deletions, duplications, nasty fragments, random bytes, truncation mid-UTF-8), and
//! checks that `read_post` returns events and warnings that still make sense.
//!
//! e.g. the Kapitan roundup cut after `(starting at [31:` with `+++` pasted into its front matter →
//! some events, some warnings, no panic, no talk without a title.

use std::fs;
use std::sync::OnceLock;

use emcee::corpus::read_post;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/");

const SOURCE: &str = "mutated.md";

/// Fragments that have broken, or could break, a hand-written post reader.
const FRAGMENTS: &[&str] = &[
    "---",
    "---\n",
    "\n---\n",
    "+++",
    "+++\n",
    "\0",
    "](",
    "](https://example.com/x.jpg)",
    "![",
    "[",
    "]",
    "(",
    ")",
    "(starting at 99:99:99",
    "(starting at [31:01](https://youtu.be/x?t=",
    "?t=",
    "&t=99999999999999999999",
    "Wednesday 31st February",
    "Our next meetup will be Wednesday 31st February, when we'll be joined by speakers from ",
    "from",
    " from ",
    " gave a talk on ",
    " presented ",
    " told us about ",
    "* ",
    "\n* ",
    "## ",
    "\n## ",
    "- Video Link: ",
    "title: ",
    "date: 2021-02-31\n",
    "date = \"3018-05-16\"\n",
    "\"",
    "'",
    ":",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "😀👩‍💻🏳️‍🌈",
    "مرحبا بالعالم",
    "\u{202E}txet lanoitcerid-ib\u{202C}",
    "\u{FEFF}",
    // Characters whose lowercase has another length in bytes: offsets found in a lowercased
    // copy do not fit the original.
    "İstanbul",
    "\u{212A}elvin",
    "ẞ",
    "\u{200B}",
    "\u{0301}",
];

/// The seed posts, read once.
fn seeds() -> &'static [(String, Vec<u8>)] {
    static SEEDS_READ: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS_READ.get_or_init(|| {
        let mut seeds: Vec<(String, Vec<u8>)> = fs::read_dir(SEEDS)
            .unwrap_or_else(|e| panic!("read {SEEDS}: {e}"))
            .map(|entry| entry.expect("seed dir entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, fs::read(&path).expect("read seed"))
            })
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "no seeds in {SEEDS}");
        seeds
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: Index, len: usize },
    Duplicate { from: Index, len: usize, to: Index },
    Insert { at: Index, bytes: Vec<u8> },
    Truncate { at: Index },
}

/// A position in `0..=len`.
fn position(index: &Index, len: usize) -> usize {
    index.index(len + 1)
}

impl Mutation {
    fn apply(&self, text: &mut Vec<u8>) {
        match self {
            Mutation::Delete { at, len } => {
                let start = position(at, text.len());
                let end = (start + len).min(text.len());
                text.drain(start..end);
            }
            Mutation::Duplicate { from, len, to } => {
                let start = position(from, text.len());
                let end = (start + len).min(text.len());
                let copy = text[start..end].to_vec();
                let to = position(to, text.len());
                text.splice(to..to, copy);
            }
            Mutation::Insert { at, bytes } => {
                let at = position(at, text.len());
                text.splice(at..at, bytes.iter().copied());
            }
            Mutation::Truncate { at } => {
                let at = position(at, text.len());
                text.truncate(at);
            }
        }
    }
}

fn insertion() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(|f| f.as_bytes().to_vec()),
        2 => proptest::collection::vec(any::<u8>(), 1..16),
        // A very long line; bracket runs are kept short because link parsing is quadratic in
        // them (8,000 `](` take a second in a debug build).
        1 => Just("Kapitan ".repeat(2_000).into_bytes()),
        1 => Just("[".repeat(500).into_bytes()),
        1 => Just("](".repeat(300).into_bytes()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<Index>(), 1..400usize, any::<Index>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        5 => (any::<Index>(), insertion()).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => any::<Index>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// The most lines `text` can have, counting every character some parser takes as a line break.
fn max_lines(text: &str) -> usize {
    1 + text
        .chars()
        .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
}

/// Reads `text` as a post and checks that what comes back makes sense.
fn check_reading(text: &str) -> Result<(), TestCaseError> {
    let (events, warnings) = read_post(SOURCE, text);

    for event in &events {
        prop_assert!(
            event.sources.iter().any(|s| s == SOURCE),
            "event {:?} does not name {}: {:?}",
            event.title,
            SOURCE,
            event.sources
        );
        for talk in &event.talks {
            prop_assert!(
                !talk.title.trim().is_empty(),
                "a talk without a title in {:?}: {:?}",
                event.title,
                talk
            );
        }
    }
    let lines = max_lines(text);
    for warning in &warnings {
        prop_assert!(
            !warning.message.trim().is_empty(),
            "empty message: {:?}",
            warning
        );
        prop_assert_eq!(&warning.source, SOURCE);
        if let Some(line) = warning.line {
            prop_assert!(
                (1..=lines).contains(&line),
                "line {} outside 1..={}: {}",
                line,
                lines,
                warning
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config {
        cases: 512,
        max_shrink_iters: 512,
        // Report the minimal input in the failure message; write nothing into the repo.
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn mutated_posts_never_panic_the_reader(
        seed in 0..seeds().len(),
        mutations in proptest::collection::vec(mutation(), 0..6),
    ) {
        let mut bytes = seeds()[seed].1.clone();
        for mutation in &mutations {
            mutation.apply(&mut bytes);
        }
        check_reading(&String::from_utf8_lossy(&bytes))?;
    }
}

/// A stray `](url)` after a talk sentence made `read_post` slice past the paragraph's end.
#[test]
fn stray_link_close_after_a_talk_sentence() {
    let text = "---\ntitle: November 2018 Roundup\n---\n\n\
                Tom Wilkie from Grafana Labs presented Cortex ](https://example.com/x.jpg)\n";
    check_reading(text).unwrap();
}

/// A stray `](url)` in a next-meetup sentence made `read_post` slice past the paragraph's end.
#[test]
fn stray_link_close_in_a_next_meetup_sentence() {
    let text = "---\ntitle: November 2018 Roundup\n---\n\n\
                Alessandro De Maria from DeepMind Health told us about Kapitan.\n\n\
                The next meetup is on Wednesday 12 December ](https://example.com/)\n";
    check_reading(text).unwrap();
}
