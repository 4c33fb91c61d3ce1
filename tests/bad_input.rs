//! Bad input in the data dir: each test builds a temporary data dir holding one bad file plus a
//! copy of a good seed post, loads it, and checks that loading still succeeds, that the bad file
//! is a warning naming it (and its line where a line means something), and that the good post's
//! event — the November 2018 roundup with "Deployments with Kapitan" — is still there.
//!
//! e.g. `posts/broken-yaml.md` with `title: "unterminated` on line 3 →
//! `Warning { source: "posts/broken-yaml.md", line: Some(3), message: "… YAML …" }`.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use emcee::corpus::{Corpus, Event, Kind, LoadOptions, Warning, load, load_with, read_post};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/");

/// The good post every data dir holds, copied under its own name at the data dir's root.
const WITNESS: &str = "002_c64a62174799b8c6.txt";

/// A data dir under the system temp dir, removed when dropped (also when the test panics).
struct DataDir {
    path: PathBuf,
}

impl DataDir {
    /// An empty data dir holding only the witness seed.
    fn new(test: &str) -> DataDir {
        let dir = DataDir::bare(test);
        dir.write(WITNESS, seed(WITNESS));
        dir
    }

    /// An empty data dir.
    fn bare(test: &str) -> DataDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("emcee-bad-input-{}-{n}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp data dir");
        DataDir { path }
    }

    /// Writes `bytes` to `rel` ('/'-separated, relative to the data dir), creating folders.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(rel);
        fs::create_dir_all(path.parent().unwrap()).expect("create folder in temp data dir");
        fs::write(&path, bytes).expect("write file in temp data dir");
        path
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn seed(name: &str) -> Vec<u8> {
    fs::read(Path::new(SEEDS).join(name)).unwrap_or_else(|e| panic!("read seed {name}: {e}"))
}

/// Loads `dir`, failing the test if loading panics or returns `Err`.
fn load_ok(dir: &DataDir) -> Corpus {
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| load(&dir.path)));
    match loaded {
        Err(_) => panic!("load panicked on {}", dir.path.display()),
        Ok(Err(e)) => panic!("load failed on {}: {e}", dir.path.display()),
        Ok(Ok(corpus)) => corpus,
    }
}

fn describe_warnings(corpus: &Corpus) -> String {
    corpus.warnings.iter().map(|w| format!("\n  {w}")).collect()
}

fn describe_events(corpus: &Corpus) -> String {
    corpus
        .events
        .iter()
        .map(|e| format!("\n  {} {:?} {:?} {:?}", e.date, e.kind, e.title, e.sources))
        .collect()
}

/// The warning about `source` whose message satisfies `about`; fails listing every warning.
fn warning<'a>(
    corpus: &'a Corpus,
    source: &str,
    what: &str,
    about: impl Fn(&str) -> bool,
) -> &'a Warning {
    corpus
        .warnings
        .iter()
        .find(|w| w.source == source && about(&w.message.to_lowercase()))
        .unwrap_or_else(|| {
            panic!(
                "no warning about {source} saying {what}; warnings:{}",
                describe_warnings(corpus)
            )
        })
}

fn has_source(event: &Event, source: &str) -> bool {
    event.sources.iter().any(|s| s == source)
}

/// The events read from `source`.
fn events_from<'a>(corpus: &'a Corpus, source: &str) -> Vec<&'a Event> {
    corpus
        .events
        .iter()
        .filter(|e| has_source(e, source))
        .collect()
}

/// The witness seed's November 2018 event, with its Kapitan talk, is still loaded.
fn assert_witness(corpus: &Corpus) {
    let found = corpus.events.iter().any(|e| {
        has_source(e, WITNESS)
            && e.date.year() == 2018
            && e.date.month() == 11
            && e.talks.iter().any(|t| t.title.contains("Kapitan"))
    });
    assert!(
        found,
        "the witness {WITNESS} (November 2018, Deployments with Kapitan) is missing; events:{}",
        describe_events(corpus)
    );
}

/// For file-level problems a line is optional; if given it can only be the first.
fn assert_file_level_line(w: &Warning) {
    assert!(
        w.line.is_none() || w.line == Some(1),
        "file-level warning with line {:?}: {w}",
        w.line
    );
}

/// Where the post does not say exactly where the problem is, the line is optional; if given it
/// must be the line of the problem.
fn assert_line_if_any(w: &Warning, line: usize) {
    assert!(
        w.line.is_none() || w.line == Some(line),
        "expected line {line} (or none), got {:?}: {w}",
        w.line
    );
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the post"))
        + 1
}

#[test]
fn empty_file_is_a_warning() {
    let dir = DataDir::new("empty");
    dir.write("posts/empty.md", "");
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/empty.md", "empty", |m| m.contains("empty"));
    assert_file_level_line(w);
    assert!(events_from(&corpus, "posts/empty.md").is_empty());
    assert_witness(&corpus);
}

#[test]
fn front_matter_never_closed_is_a_warning_at_line_1() {
    let dir = DataDir::new("unclosed");
    dir.write(
        "posts/unclosed.md",
        "---\n\
         layout: post\n\
         title: \"Cloud Native London March 2019\"\n\
         \n\
         The front matter above is never closed, so this is still front matter.\n",
    );
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/unclosed.md", "front matter", |m| {
        m.contains("front matter") || m.contains("closed") || m.contains("---")
    });
    assert_eq!(w.line, Some(1), "{w}");
    assert_witness(&corpus);
}

#[test]
fn yaml_syntax_error_is_a_warning_at_its_line() {
    let dir = DataDir::new("yaml");
    // The scanner only notices at the end of the front matter; the problem is on line 3.
    dir.write(
        "posts/broken-yaml.md",
        "---\n\
         layout: post\n\
         title: \"unterminated\n\
         tags:\n  - Meetup\n\
         ---\n\
         \n\
         Body text.\n",
    );
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/broken-yaml.md", "YAML", |m| {
        m.contains("yaml")
    });
    assert_eq!(w.line, Some(3), "{w}");
    assert_witness(&corpus);
}

#[test]
fn toml_syntax_error_is_a_warning_at_its_line() {
    let dir = DataDir::new("toml");
    dir.write(
        "posts/broken-toml.md",
        "+++\n\
         title = \"Lessons from KubeCon 2019\"\n\
         description = \"unterminated\n\
         tags = [\"conference\"]\n\
         +++\n\
         \n\
         Body text.\n",
    );
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/broken-toml.md", "TOML", |m| {
        m.contains("toml")
    });
    assert_eq!(w.line, Some(3), "{w}");
    assert_witness(&corpus);
}

#[test]
fn invalid_utf8_is_a_warning() {
    let dir = DataDir::new("utf8");
    let mut bytes =
        b"---\nlayout: post\ntitle: \"Cloud Native London June 2019\"\n---\n\n".to_vec();
    // Line 6: "Café" in Latin-1, not UTF-8.
    bytes.extend_from_slice(b"We met at the Caf\xe9 for three talks.\n");
    dir.write("posts/latin1.md", bytes);
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/latin1.md", "UTF-8", |m| m.contains("utf"));
    assert_line_if_any(w, 6);
    assert_witness(&corpus);
}

#[test]
fn binary_file_named_md_is_a_warning() {
    let dir = DataDir::new("binary");
    // A JPEG saved as photo.md: NUL bytes on the first line.
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    bytes.extend((0..2048u32).map(|i| (i * 37 % 251) as u8));
    dir.write("posts/photo.md", bytes);
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/photo.md", "binary", |m| {
        m.contains("binary") || m.contains("nul") || m.contains("not text") || m.contains("utf")
    });
    assert_file_level_line(w);
    assert!(events_from(&corpus, "posts/photo.md").is_empty());
    assert_witness(&corpus);
}

#[test]
fn png_image_is_skipped_silently() {
    let dir = DataDir::new("png");
    // A valid 1×1 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    dir.write("images/photo.png", PNG);
    let corpus = load_ok(&dir);
    let about_png: Vec<&Warning> = corpus
        .warnings
        .iter()
        .filter(|w| w.source.contains("photo.png") || w.message.contains("photo.png"))
        .collect();
    assert!(
        about_png.is_empty(),
        "images are skipped silently: {about_png:?}"
    );
    assert!(events_from(&corpus, "images/photo.png").is_empty());
    assert_witness(&corpus);
}

#[test]
fn file_over_the_size_cap_is_skipped_with_a_warning() {
    // The cap must let the witness (≈2.8 KB) through; the big post is twice the cap.
    const CAP: u64 = 4096;
    assert!((seed(WITNESS).len() as u64) < CAP);
    let dir = DataDir::new("size");
    let mut post = String::from(
        "---\nlayout: post\ntitle: \"Cloud Native London Oversized Roundup\"\n---\n\n",
    );
    while (post.len() as u64) < 2 * CAP {
        post.push_str("Jane Doe from Example Corp gave a talk on Padding the Post, explaining that:\n\n* it is long.\n\n");
    }
    dir.write("posts/oversized.md", &post);
    let options = LoadOptions {
        max_file_bytes: CAP,
        ..LoadOptions::default()
    };
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| load_with(&dir.path, &options)));
    let corpus = match loaded {
        Err(_) => panic!("load_with panicked"),
        Ok(Err(e)) => panic!("load_with failed: {e}"),
        Ok(Ok(corpus)) => corpus,
    };
    let w = warning(&corpus, "posts/oversized.md", "its size", |m| {
        ["size", "large", "big", "byte", "kib", "limit", "4096"]
            .iter()
            .any(|word| m.contains(word))
    });
    assert_file_level_line(w);
    assert!(
        !corpus.events.iter().any(|e| e.title.contains("Oversized")),
        "the oversized post was read anyway; events:{}",
        describe_events(&corpus)
    );
    assert!(events_from(&corpus, "posts/oversized.md").is_empty());
    assert_witness(&corpus);
}

/// A post that takes longer than the budget per post to read is skipped with a warning naming
/// it, and the rest of the data dir loads: one file cannot stall a load or a reload.
#[test]
fn a_post_over_the_time_budget_is_skipped_with_a_warning_and_the_rest_loads() {
    let dir = DataDir::new("budget");
    let mut post = String::from("---\ntitle: Meetup roundup\n---\n\n");
    // One paragraph of talk sentences: in a test build it takes seconds to read in full.
    while post.len() < 3_000_000 {
        post.push_str(
            "Ada Example from Example Corp talked about [scaling (things in production. ",
        );
    }
    dir.write("posts/2019-04-03-huge.md", &post);
    let options = LoadOptions {
        post_budget: std::time::Duration::from_millis(200),
        ..LoadOptions::default()
    };
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| load_with(&dir.path, &options)));
    let corpus = match loaded {
        Err(_) => panic!("load_with panicked"),
        Ok(Err(e)) => panic!("load_with failed: {e}"),
        Ok(Ok(corpus)) => corpus,
    };
    let w = warning(&corpus, "posts/2019-04-03-huge.md", "the budget", |m| {
        m.contains("budget") && m.contains("skipped")
    });
    assert_file_level_line(w);
    assert!(events_from(&corpus, "posts/2019-04-03-huge.md").is_empty());
    assert_witness(&corpus);
}

#[test]
fn impossible_date_is_a_warning_and_the_month_is_kept() {
    let dir = DataDir::new("impossible-date");
    let post = "---\n\
         layout: post\n\
         title: \"Cloud Native London February 2021: Red Hat, driftctl, and LINBIT\"\n\
         date: 2021-02-31\n\
         location: London, UK\n\
         ---\n\
         \n\
         Joining us at the February Cloud Native London virtual meetup were three great \
         speakers from Red Hat, driftctl, and LINBIT.\n";
    dir.write("posts/bad-date.md", post);
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/bad-date.md", "2021-02-31", |m| {
        m.contains("2021-02-31")
    });
    assert_line_if_any(w, line_of(post, "date:"));
    let events = events_from(&corpus, "posts/bad-date.md");
    let event = events
        .iter()
        .find(|e| e.title.contains("February 2021"))
        .unwrap_or_else(|| {
            panic!(
                "February 2021 event missing; events:{}",
                describe_events(&corpus)
            )
        });
    assert_eq!(event.date.to_string(), "2021-02");
    assert_witness(&corpus);
}

#[test]
fn year_3018_in_toml_front_matter_is_read_as_2018() {
    let dir = DataDir::new("year-3018");
    // The Hugo seed: `date = "3018-05-16"` on line 8; its title and body say 2018.
    let text = seed("004_6f4baa6ce7a4740c.txt");
    let date_line = line_of(&String::from_utf8_lossy(&text), "3018");
    dir.write("posts/kubecon-notes.md", text);
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "posts/kubecon-notes.md", "3018", |m| {
        m.contains("3018")
    });
    assert_line_if_any(w, date_line);
    let events = events_from(&corpus, "posts/kubecon-notes.md");
    assert!(
        !events.is_empty(),
        "no event from the Hugo post; events:{}",
        describe_events(&corpus)
    );
    for event in events {
        assert_eq!(event.date.year(), 2018, "{} {:?}", event.date, event.title);
    }
    assert_witness(&corpus);
}

#[test]
fn weekday_mismatch_in_next_meetup_is_a_warning() {
    let dir = DataDir::new("weekday");
    let source = "posts/2020-08-05-cloud-native-london-august-2020.md";
    // 5 September 2020 was a Saturday.
    let post = "---\n\
         layout: post\n\
         title: \"Cloud Native London August 2020: Intel, Palo Alto Networks, and Cisco\"\n\
         location: London, UK\n\
         ---\n\
         \n\
         We were back with our August Cloud Native London virtual meetup, welcoming speakers \
         from Intel, Palo Alto Networks, and Cisco.\n\
         \n\
         Kicking off our three talks was Anurag Ranjan from Intel discussing Cloud Native Apps \
         for Inferencing and Analytics in Telco Edge Cloud.\n\
         \n\
         ## Next meetup\n\
         \n\
         Our next meetup will be Wednesday 5th September, when we'll be joined by speakers from \
         Redis Labs, Red Hat, and Oracle. \
         [RSVP and save the date now!](https://www.meetup.com/x/events/1/)\n";
    dir.write(source, post);
    let corpus = load_ok(&dir);
    let w = warning(&corpus, source, "weekday", |m| m.contains("weekday"));
    assert_line_if_any(w, line_of(post, "Our next meetup"));
    let september = corpus.events.iter().find(|e| {
        has_source(e, source)
            && e.kind == Kind::Meetup
            && e.date.year() == 2020
            && e.date.month() == 9
    });
    assert!(
        september.is_some(),
        "no next-meetup event in September 2020; events:{}",
        describe_events(&corpus)
    );
    assert_witness(&corpus);
}

#[test]
fn two_posts_for_the_same_meetup_make_one_event() {
    // The witness under two Jekyll names for the same day: no extra copy under its own name.
    let dir = DataDir::bare("same-meetup");
    let (a, b) = ("posts/2018-11-07-a.md", "posts/2018-11-07-b.md");
    dir.write(a, seed(WITNESS));
    dir.write(b, seed(WITNESS));
    let corpus = load_ok(&dir);
    let day = corpus
        .events
        .iter()
        .filter(|e| e.date.to_string() == "2018-11-07")
        .collect::<Vec<_>>();
    assert_eq!(
        day.len(),
        1,
        "one event for 2018-11-07; events:{}",
        describe_events(&corpus)
    );
    let event = day[0];
    assert!(
        has_source(event, a) && has_source(event, b),
        "{:?}",
        event.sources
    );
    let kapitan = event
        .talks
        .iter()
        .filter(|t| t.title.contains("Kapitan"))
        .count();
    assert_eq!(kapitan, 1, "the Kapitan talk once: {:?}", event.talks);
    let w = corpus.warnings.iter().find(|w| {
        let text = format!("{} {}", w.source, w.message);
        (w.source == a || w.source == b)
            && (w.message.to_lowercase().contains("same meetup")
                || (text.contains("2018-11-07-a.md") && text.contains("2018-11-07-b.md")))
    });
    assert!(
        w.is_some(),
        "no warning about two posts for the same meetup; warnings:{}",
        describe_warnings(&corpus)
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = DataDir::new("unreadable");
    let path = dir.write(
        "posts/locked.md",
        "---\nlayout: post\ntitle: \"Cloud Native London Locked\"\n---\n\nBody.\n",
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads it anyway: then there is nothing unreadable to warn about.
    let readable = fs::read(&path).is_ok();
    let corpus = load_ok(&dir);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert_witness(&corpus);
    if readable {
        eprintln!("unreadable_file_is_a_warning: chmod 000 file is readable (root?); skipped");
        return;
    }
    let w = warning(&corpus, "posts/locked.md", "it cannot be read", |m| {
        m.contains("read") || m.contains("permission") || m.contains("denied")
    });
    assert_file_level_line(w);
    assert!(events_from(&corpus, "posts/locked.md").is_empty());
}

#[test]
fn missing_data_dir_is_an_error() {
    let dir = DataDir::bare("missing");
    let missing = dir.path.join("does-not-exist");
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| load(&missing)));
    match loaded {
        Err(_) => panic!("load panicked on a missing data dir"),
        Ok(Ok(corpus)) => panic!(
            "load of a missing data dir succeeded with {} events",
            corpus.events.len()
        ),
        Ok(Err(e)) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn text_without_front_matter_is_a_note() {
    let dir = DataDir::new("readme");
    dir.write(
        "README.txt",
        "This folder holds the posts of the Cloud Native London blog.\n\
         \n\
         Each post is a Jekyll Markdown file.\n",
    );
    let corpus = load_ok(&dir);
    let w = warning(&corpus, "README.txt", "no front matter", |m| {
        m.contains("front matter")
    });
    assert!(
        !w.message.to_lowercase().starts_with("error"),
        "a note, not an error: {w}"
    );
    assert!(events_from(&corpus, "README.txt").is_empty());
    assert_witness(&corpus);
}

#[test]
fn crlf_and_bom_parse_like_lf() {
    let seed_name = "003_96b940163d589e3a.txt";
    let lf = String::from_utf8(seed(seed_name)).expect("seed is UTF-8");
    assert!(!lf.contains('\r'));
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    let source = "posts/crlf.md";

    let dir = DataDir::new("crlf");
    dir.write(source, &crlf);
    let corpus = load_ok(&dir);
    let front_matter_trouble: Vec<&Warning> = corpus
        .warnings
        .iter()
        .filter(|w| w.source == source)
        .filter(|w| {
            let m = w.message.to_lowercase();
            ["front matter", "yaml", "toml", "bom", "byte order", "utf"]
                .iter()
                .any(|word| m.contains(word))
        })
        .collect();
    assert!(
        front_matter_trouble.is_empty(),
        "CRLF + BOM upset the front matter: {front_matter_trouble:?}"
    );
    let events = events_from(&corpus, source);
    assert!(
        events.iter().any(|e| e.title.contains("September 2018")
            && e.date.year() == 2018
            && e.date.month() == 9
            && !e.talks.is_empty()),
        "the September 2018 roundup in CRLF is missing; events:{}",
        describe_events(&corpus)
    );
    assert_witness(&corpus);

    // The same post with LF and without BOM reads the same.
    let (lf_events, lf_warnings) = read_post(source, &lf);
    let (crlf_events, crlf_warnings) = read_post(source, &crlf);
    let shape = |events: &[Event]| -> Vec<String> {
        events
            .iter()
            .map(|e| {
                let talks: Vec<String> = e
                    .talks
                    .iter()
                    .map(|t| {
                        let speakers: Vec<&str> =
                            t.speakers.iter().map(|s| s.name.as_str()).collect();
                        format!("{:?} by {speakers:?}", t.title)
                    })
                    .collect();
                format!("{} {:?} {:?} {talks:?}", e.date, e.kind, e.title)
            })
            .collect()
    };
    assert_eq!(shape(&crlf_events), shape(&lf_events));
    let notes = |warnings: &[Warning]| -> Vec<(Option<usize>, String)> {
        warnings
            .iter()
            .map(|w| (w.line, w.message.clone()))
            .collect()
    };
    assert_eq!(notes(&crlf_warnings), notes(&lf_warnings));
}

/// Reloading after an edit that breaks a post keeps the post's last good version, says so with
/// the file and line, and forgets a file once it is deleted.
#[test]
fn a_broken_edit_keeps_the_last_good_version_on_reload() {
    let dir = DataDir::new("last-good");
    let options = emcee::corpus::LoadOptions::default();
    let mut memory = emcee::corpus::LastGood::default();
    let before = emcee::corpus::reload(&dir.path, &options, &mut memory).expect("loads");
    let talks = before.counts().talks;
    assert!(talks > 0);

    dir.write(WITNESS, "---\ntitle: [unclosed\n---\nNothing here.\n");
    let after = emcee::corpus::reload(&dir.path, &options, &mut memory).expect("loads");
    assert_eq!(
        after.counts().talks,
        talks,
        "the last good version still counts"
    );
    let kept = after
        .warnings
        .iter()
        .find(|w| w.source == WITNESS && w.message.contains("kept its last good version"))
        .unwrap_or_else(|| panic!("a warning naming the file: {:?}", after.warnings));
    assert!(kept.line.is_some(), "{kept:?}");

    // Without the memory, the broken version is all there is.
    let plain = emcee::corpus::load(&dir.path).expect("loads");
    assert_eq!(plain.counts().talks, 0);

    fs::remove_file(dir.path.join(WITNESS)).expect("deleted");
    let gone = emcee::corpus::reload(&dir.path, &options, &mut memory).expect("loads");
    assert_eq!(gone.counts().talks, 0, "a deleted post does not come back");
}
