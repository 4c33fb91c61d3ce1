//! The learned extraction on the labelled blogs in ../shared/corpus: the shipped model is what
//! one training command writes; two corrected posts teach a blog, and taking them away gives
//! back what the shipped model read; `emcee correct` writes a correction that reads back.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use emcee::corpus::learn::{Model, title_similarity};
use emcee::corpus::training;
use emcee::corpus::{Corpus, Event, load};
use serde::Deserialize;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const WEIGHTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/corpus/learn/weights.json");

#[derive(Deserialize, Clone)]
struct Label {
    file: String,
    kind: String,
    date: String,
    #[serde(default)]
    date_alt: Vec<String>,
    #[serde(default)]
    talk: Vec<LabelTalk>,
}

#[derive(Deserialize, Clone)]
struct LabelTalk {
    title: String,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    affiliations: Vec<String>,
}

fn labels(blog: &str) -> Vec<Label> {
    let dir = Path::new(CORPORA).join("labels").join(blog);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("labels folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| toml::from_str(&fs::read_to_string(f).expect("label")).expect("label parses"))
        .collect()
}

/// The labelled blogs, as their label folders name them.
fn blogs() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(Path::new(CORPORA).join("labels"))
        .expect("labels")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A person's name as the scorer compares them: folded, without marks or a leading title.
fn person(name: &str) -> String {
    let folded = emcee::search::normalise(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    folded
        .trim_start_matches("dr ")
        .trim_start_matches("prof ")
        .to_owned()
}

/// Speaker recall and title accuracy over labelled posts (events matched by date), as
/// `../shared/tools/score.py` counts them, for the labels given.
#[derive(Debug, Default, PartialEq)]
struct Score {
    speakers: usize,
    found: usize,
    titles: usize,
}

impl Score {
    fn recall(&self) -> f64 {
        self.found as f64 / self.speakers.max(1) as f64
    }
    fn title(&self) -> f64 {
        self.titles as f64 / self.found.max(1) as f64
    }
}

fn score(corpus: &Corpus, labels: &[&Label]) -> Score {
    let mut s = Score::default();
    for label in labels {
        let dates: Vec<&str> = std::iter::once(label.date.as_str())
            .chain(label.date_alt.iter().map(String::as_str))
            .collect();
        let events: Vec<&Event> = corpus
            .events
            .iter()
            .filter(|e| dates.contains(&e.date.to_string().as_str()))
            .collect();
        for talk in &label.talk {
            for (i, name) in talk.speakers.iter().enumerate() {
                s.speakers += 1;
                let hit = events
                    .iter()
                    .flat_map(|e| &e.talks)
                    .filter(|t| t.speakers.iter().any(|p| person(&p.name) == person(name)))
                    .max_by(|a, b| {
                        title_similarity(&a.title, &talk.title)
                            .total_cmp(&title_similarity(&b.title, &talk.title))
                    });
                if let Some(t) = hit {
                    s.found += 1;
                    if i == 0 && title_similarity(&t.title, &talk.title) >= 0.8 {
                        s.titles += 1;
                    }
                }
            }
        }
    }
    s
}

/// A copy of a blog under the temp dir, removed when dropped.
struct Copy {
    path: PathBuf,
}

impl Copy {
    fn of(blog: &str) -> Copy {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "emcee-learned-{}-{}-{blog}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        copy_dir(&Path::new(CORPORA).join(blog), &path);
        Copy { path }
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create copy");
    for entry in fs::read_dir(from).expect("read blog") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A correction file made from a label, as an organiser would write it after `emcee correct`.
fn correction(label: &Label) -> String {
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let kind = if label.kind == "meetup" {
        "meetup"
    } else {
        "announcement"
    };
    let mut out = format!(
        "sources = [{}]\ndate = {}\nkind = {}\n",
        q(&label.file),
        q(&label.date),
        q(kind)
    );
    for talk in &label.talk {
        let speakers: Vec<String> = talk
            .speakers
            .iter()
            .enumerate()
            .map(
                |(i, name)| match talk.affiliations.get(i).filter(|a| !a.is_empty()) {
                    Some(a) => format!("{{ name = {}, affiliation = {} }}", q(name), q(a)),
                    None => format!("{{ name = {} }}", q(name)),
                },
            )
            .collect();
        out += &format!(
            "\n[[talks]]\ntitle = {}\nspeakers = [{}]\n",
            q(&talk.title),
            speakers.join(", ")
        );
    }
    out
}

#[test]
fn the_shipped_model_is_what_training_writes() {
    let blogs = training::read_blogs(
        &Path::new(CORPORA).join("labels"),
        Path::new(CORPORA),
        |_, _, _| {},
    )
    .expect("labels read");
    let model = training::model(&blogs, None);
    let shipped = fs::read_to_string(WEIGHTS).expect("weights.json");
    assert!(
        model.to_json() == shipped,
        "src/corpus/learn/weights.json is not what `cargo run --release --example train` writes: run it"
    );
    assert!(Model::from_json(&shipped).is_ok());
}

/// For each labelled blog: its first two labelled posts with talks (in file-name order) become
/// corrections; the blog's other labelled posts are read at least as well as without them, and
/// removing the two files gives back exactly the shipped model's reading.
#[test]
fn two_corrected_posts_teach_each_blog_and_removing_them_undoes_it() {
    let mut report = Vec::new();
    for blog in blogs() {
        let labels = labels(&blog);
        let teach: Vec<&Label> = labels
            .iter()
            .filter(|l| !l.talk.is_empty())
            .take(2)
            .collect();
        let rest: Vec<&Label> = labels
            .iter()
            .filter(|l| !teach.iter().any(|t| t.file == l.file) && l.kind != "other")
            .collect();
        let copy = Copy::of(&blog);
        let zero = load(&copy.path).expect("blog loads");
        let before = score(&zero, &rest);
        for (k, label) in teach.iter().enumerate() {
            let path = copy.path.join(format!("events/correction-{k}.toml"));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, correction(label)).unwrap();
        }
        let taught = load(&copy.path).expect("blog loads with corrections");
        assert!(
            taught
                .warnings
                .iter()
                .any(|w| w.message.contains("corrected posts")),
            "{blog}: check does not say what the corrections changed"
        );
        let after = score(&taught, &rest);
        report.push(format!(
            "{blog}: speaker recall {:.3} -> {:.3}, title {:.3} -> {:.3} ({} speakers)",
            before.recall(),
            after.recall(),
            before.title(),
            after.title(),
            after.speakers
        ));
        assert!(
            after.found + 1 >= before.found,
            "{blog}: corrections lost speakers: {before:?} -> {after:?}"
        );
        fs::remove_dir_all(copy.path.join("events")).unwrap();
        let undone = load(&copy.path).expect("blog loads again");
        assert_eq!(
            undone.events, zero.events,
            "{blog}: without its corrections the blog reads differently from the first time"
        );
    }
    println!("{}", report.join("\n"));
}

#[test]
fn emcee_correct_writes_a_correction_that_reads_back_and_is_never_overwritten() {
    // The first labelled blog, whichever it is: every one has posts with talks.
    let copy = Copy::of(&blogs()[0]);
    let corpus = load(&copy.path).expect("loads");
    let (source, talks) = corpus
        .events
        .iter()
        .find(|e| !e.talks.is_empty())
        .map(|e| (e.sources[0].clone(), e.talks.clone()))
        .expect("a post with talks");
    let emcee = env!("CARGO_BIN_EXE_emcee");
    let run = || {
        std::process::Command::new(emcee)
            .args(["correct", &source, "--data"])
            .arg(&copy.path)
            .output()
            .expect("emcee runs")
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let written: Vec<PathBuf> = fs::read_dir(copy.path.join("events"))
        .expect("events/ written")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1);
    let text = fs::read_to_string(&written[0]).unwrap();
    assert!(
        text.contains(&format!("sources = [\"{source}\"]")),
        "{text}"
    );
    let again = load(&copy.path).expect("loads with the correction");
    let read_back = again
        .events
        .iter()
        .find(|e| e.sources.contains(&source))
        .expect("the corrected post's event");
    assert_eq!(
        read_back.talks, talks,
        "the correction reads back as what was read"
    );
    let second = run();
    assert_eq!(
        second.status.code(),
        Some(1),
        "a second run must not overwrite"
    );
    assert_eq!(fs::read_to_string(&written[0]).unwrap(), text);
}
