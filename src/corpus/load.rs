//! Reading a data dir: walks it, skips what is not text, reads posts and structured files, and
//! turns every bad file into a warning while the rest loads.
//!
//! Cost: one pass over the files, O(total bytes); posts are read on all cores.

use std::fs;
use std::path::{Path, PathBuf};

/// The file of facts about the community as a whole, at the top of the data dir.
pub const COMMUNITY_FILE: &str = "community.toml";

/// More talks than any real meetup has: a post yielding more is worth a warning.
const MAX_TALKS: usize = 30;

/// The warning for a data dir without [`COMMUNITY_FILE`]: what falls back, and how to fix it.
pub const NO_COMMUNITY_FILE: &str = "note: no community.toml in the data dir: times are in UTC, \
     meetups have no start time and no default venue (`emcee init` writes one from the posts)";

use super::Corpus;
use super::community::Community;
use super::extract::{self, PostEvents};
use super::merge::{self, EventPatch};
use super::model::Warning;

/// Loading fails only when the data dir itself cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("data dir {path} does not exist")]
    Missing { path: PathBuf },
    #[error("data dir {path} is not a directory")]
    NotADirectory { path: PathBuf },
    #[error("cannot read data dir {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    /// The most time reading one file may take; past it the file is skipped with a warning
    /// naming it, and the rest loads (see [`super::budget`]).
    pub post_budget: std::time::Duration,
    /// The extraction model; `None` is the one shipped in the binary.
    pub model: Option<std::sync::Arc<super::learn::Model>>,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            max_file_bytes: 5 * 1024 * 1024,
            post_budget: std::time::Duration::from_secs(10),
            model: None,
        }
    }
}

/// Extensions of files that are never text: skipped without a word.
const SILENT_SKIP: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff", "pdf", "mp4", "mov",
    "webm", "mp3", "woff", "woff2", "ttf", "otf", "eot", "zip", "gz", "psd", "heic", "avif",
];

pub fn load(dir: &Path) -> Result<Corpus, LoadError> {
    load_with(dir, &LoadOptions::default())
}

/// What one file turned into.
enum Read {
    Post(Box<PostEvents>),
    Community(Result<Community, super::community::CommunityError>),
    Patch(Result<EventPatch, (Option<usize>, String)>),
    Problem(Warning),
    Skipped,
}

pub fn load_with(dir: &Path, options: &LoadOptions) -> Result<Corpus, LoadError> {
    load_inner(dir, options, None)
}

/// The text of every file as last read without problems, so that a file broken by an edit keeps
/// its last good version when the data dir is read again (see [`reload`]).
#[derive(Debug, Default)]
pub struct LastGood {
    texts: std::collections::HashMap<String, String>,
}

/// Reads the data dir again after a change. A file that now reads badly (a YAML error, a bad
/// event file) but read well before is taken in its last good version, with a warning saying
/// so; a deleted file is gone. Costs a second read of the good files to remember them.
pub fn reload(
    dir: &Path,
    options: &LoadOptions,
    memory: &mut LastGood,
) -> Result<Corpus, LoadError> {
    load_inner(dir, options, Some(memory))
}

impl LastGood {
    /// What to use for one file: its new read, or its last good version when the new one broke.
    fn settle(&mut self, source: &str, path: &Path, read: Read, options: &LoadOptions) -> Read {
        if let Some(problem) = broken(&read) {
            let Some(text) = self.texts.get(source) else {
                return read;
            };
            let mut again = parse_text(source, path, text, options);
            let warning = Warning {
                source: source.to_owned(),
                line: problem.0,
                message: format!("{}; kept its last good version", problem.1),
            };
            match &mut again {
                Read::Post(post) => post.warnings.push(warning),
                _ => return read,
            }
            return again;
        }
        if matches!(
            read,
            Read::Post(_) | Read::Community(Ok(_)) | Read::Patch(Ok(_))
        ) && let Ok(text) = fs::read_to_string(path)
        {
            self.texts.insert(source.to_owned(), text);
        }
        read
    }
}

/// Whether a read failed as a whole: the line and message of why, or None when it is usable.
/// A post is broken when it yields no event and only warnings.
fn broken(read: &Read) -> Option<(Option<usize>, String)> {
    match read {
        Read::Post(post) if post.own.is_none() && post.next.is_none() => {
            post.warnings.first().map(|w| (w.line, w.message.clone()))
        }
        Read::Patch(Err((line, message))) => Some((*line, message.clone())),
        Read::Community(Err(e)) => e.problems.first().map(|p| (p.line, e.to_string())),
        _ => None,
    }
}

fn load_inner(
    dir: &Path,
    options: &LoadOptions,
    memory: Option<&mut LastGood>,
) -> Result<Corpus, LoadError> {
    let meta = fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing {
            path: dir.to_owned(),
        },
        _ => LoadError::Unreadable {
            path: dir.to_owned(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory {
            path: dir.to_owned(),
        });
    }
    fs::read_dir(dir).map_err(|source| LoadError::Unreadable {
        path: dir.to_owned(),
        source,
    })?;

    let (files, warnings) = data_files(dir);

    let mut reads = read_all(&files, options);
    let mut warnings = warnings;
    if let Some(adapted) = adapt_to_blog(&files, &reads, options) {
        let before = talks_per_post(&reads);
        let options = LoadOptions {
            model: Some(std::sync::Arc::new(adapted.model)),
            ..options.clone()
        };
        let again: Vec<(String, PathBuf)> =
            adapted.again.iter().map(|&i| files[i].clone()).collect();
        for (i, read) in adapted.again.iter().zip(read_all(&again, &options)) {
            reads[*i] = read;
        }
        if !adapted.corrected.is_empty() {
            warnings.push(adaptation_note(
                &adapted.corrected,
                &before,
                &talks_per_post(&reads),
            ));
        }
    }
    if let Some(memory) = memory {
        memory
            .texts
            .retain(|source, _| files.iter().any(|(s, _)| s == source));
        reads = files
            .iter()
            .zip(reads)
            .map(|((source, path), read)| memory.settle(source, path, read, options))
            .collect();
    }
    let sources: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    let mut corpus = assemble(&sources, reads, warnings);
    if corpus.posts.is_empty() && corpus.events.is_empty() {
        corpus.warnings.push(Warning {
            source: dir.display().to_string(),
            line: None,
            message: format!(
                "no posts found in {} ({} files, none a post): is this the blog's posts folder?",
                dir.display(),
                files.len()
            ),
        });
    }
    Ok(corpus)
}

/// The blog's own model and the posts to read again with it.
struct Adapted {
    model: super::learn::Model,
    /// The posts an organiser corrected (`events/*.toml` with `sources`).
    corrected: Vec<String>,
    /// Indices into the files to read again.
    again: Vec<usize>,
}

/// Adapts the model to this blog: the organiser's corrections are labelled posts of it, and
/// every post is read again with a model that knows how this blog writes. `None` without
/// corrections. (Teaching the model with the posts it read with confidence was measured too:
/// it lowered the mean leave-one-blog-out score, so it is not done.)
fn adapt_to_blog(
    files: &[(String, PathBuf)],
    reads: &[Read],
    options: &LoadOptions,
) -> Option<Adapted> {
    use super::{adapt::Corrected, learn::Gold};
    let gold_of = |talks: &[super::model::Talk]| -> Vec<Gold> {
        talks
            .iter()
            .map(|t| Gold {
                title: t.title.clone(),
                speakers: t.speakers.iter().map(|s| s.name.clone()).collect(),
                affiliations: t
                    .speakers
                    .iter()
                    .map(|s| s.affiliation.clone().unwrap_or_default())
                    .collect(),
            })
            .collect()
    };
    let text_of = |source: &str| {
        files
            .iter()
            .find(|(s, _)| s == source)
            .and_then(|(_, path)| fs::read_to_string(path).ok())
    };
    let mut corrected = Vec::new();
    for read in reads {
        let Read::Patch(Ok(patch)) = read else {
            continue;
        };
        let (Some(sources), Some(talks)) = (&patch.sources, &patch.talks) else {
            continue;
        };
        for source in sources {
            if let Some(text) = text_of(source) {
                corrected.push(Corrected {
                    source: source.clone(),
                    text,
                    gold: gold_of(talks),
                });
            }
        }
    }
    if corrected.is_empty() {
        return None;
    }
    let base = options
        .model
        .clone()
        .unwrap_or_else(super::learn::Model::shipped);
    let model = super::adapt::refined(&base, &corrected)?;
    Some(Adapted {
        model,
        corrected: corrected.into_iter().map(|c| c.source).collect(),
        again: (0..files.len()).collect(),
    })
}

/// How many talks each post gave, by position.
fn talks_per_post(reads: &[Read]) -> Vec<usize> {
    reads
        .iter()
        .map(|r| match r {
            Read::Post(post) => post.own.as_ref().map_or(0, |e| e.talks.len()),
            _ => 0,
        })
        .collect()
}

/// "2 corrected posts: 37 more talks read in 41 other posts".
fn adaptation_note(corrected: &[String], before: &[usize], after: &[usize]) -> Warning {
    let (mut more, mut posts) = (0isize, 0usize);
    for (b, a) in before.iter().zip(after) {
        if a != b {
            more += *a as isize - *b as isize;
            posts += 1;
        }
    }
    let count = corrected.len();
    Warning {
        source: corrected.first().cloned().unwrap_or_default(),
        line: None,
        message: format!(
            "note: {count} corrected post{}: {} talks read in {posts} post{} (emcee learnt from the corrections how this blog writes)",
            if count == 1 { "" } else { "s" },
            if more >= 0 {
                format!("{more} more")
            } else {
                format!("{} fewer", -more)
            },
            if posts == 1 { "" } else { "s" },
        ),
    }
}

/// Every file under `dir` but hidden ones, sorted, as (its path relative to `dir` with `/`,
/// its full path), and a warning for each entry that could not be read.
pub(super) fn data_files(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        // Entries sorted by file name. Siblings share their directory's path, so comparing
        // whole paths as bytes compares their names, without parsing either path.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(entry.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((relative, entry.into_path()));
            }
            Ok(_) => {}
            Err(err) => {
                let source = err
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                warnings.push(Warning {
                    source,
                    line: None,
                    message: format!("cannot read: {err}"),
                });
            }
        }
    }
    (files, warnings)
}

/// Loads a data dir held in memory: each file's path as `sources` lists it (`posts/x.md`,
/// `community.toml`, `events/2019-04.toml`) and its bytes, read exactly as [`load_with`] reads
/// files from disk (size limit, text check, time budget). For fuzzing and embedding.
pub fn load_files(files: &[(String, Vec<u8>)], options: &LoadOptions) -> Corpus {
    let reads = files
        .iter()
        .map(|(source, bytes)| {
            guarded(source, options, || {
                read_bytes(source, Path::new(source), bytes.clone(), options)
            })
        })
        .collect();
    let sources: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    assemble(&sources, reads, Vec::new())
}

/// The corpus from every file's read, in file order: merged events, entities and warnings.
fn assemble(files: &[&str], reads: Vec<Read>, mut warnings: Vec<Warning>) -> Corpus {
    let mut corpus = Corpus::default();
    let mut own = Vec::new();
    let mut announced = Vec::new();
    let mut patches = Vec::new();
    let mut doubts = Vec::new();
    for (source, read) in files.iter().zip(reads) {
        let source = *source;
        match read {
            Read::Post(post) => {
                let post = *post;
                corpus.files_read += 1;
                // An invitation is merged like an announced next meetup: with its recap when
                // there is one.
                if let Some(event) = &post.own {
                    corpus.posts.push(super::PostSummary {
                        source: source.to_owned(),
                        kind: event.kind,
                        date: event.date,
                        date_from: post.date_from.clone(),
                        talks: event.talks.len(),
                        next: None,
                        next_line: post.next_line,
                    });
                }
                if let Some(event) = post.own.as_ref().filter(|e| e.talks.len() > MAX_TALKS) {
                    warnings.push(Warning {
                        source: source.to_owned(),
                        line: None,
                        message: format!(
                            "{} talks from one post, more than any meetup has (over \
                             {MAX_TALKS}): is it an archive or list page, not one meetup's post?",
                            event.talks.len()
                        ),
                    });
                }
                // Ids were given on the reading thread (see `parse_text`).
                let next = post.next;
                if let Some(event) = post.own {
                    if event.kind == super::model::Kind::Announcement {
                        announced.push(event);
                    } else {
                        own.push(event);
                    }
                }
                if let (Some(doubt), Some(_)) = (post.next_doubt, &next) {
                    doubts.push((announced.len(), source.to_owned(), doubt));
                }
                announced.extend(next);
                warnings.extend(post.warnings);
                corpus.doubts.extend(post.doubts);
            }
            Read::Community(Ok(community)) => {
                corpus.files_read += 1;
                corpus.community = community;
            }
            Read::Community(Err(e)) => warnings.extend(e.problems.into_iter().map(|p| Warning {
                source: source.to_owned(),
                line: p.line,
                message: format!(
                    "invalid community file: {}{}",
                    p.key.map(|k| format!("{k}: ")).unwrap_or_default(),
                    p.message
                ),
            })),
            Read::Patch(Ok(patch)) => {
                corpus.files_read += 1;
                patches.push((source.to_owned(), patch));
            }
            Read::Patch(Err((line, message))) => warnings.push(Warning {
                source: source.to_owned(),
                line,
                message: format!("invalid event file: {message}: skipped"),
            }),
            Read::Problem(warning) => warnings.push(warning),
            Read::Skipped => {}
        }
    }
    if !files.contains(&COMMUNITY_FILE) {
        warnings.push(Warning {
            source: "community.toml".to_owned(),
            line: None,
            message: NO_COMMUNITY_FILE.to_owned(),
        });
    }
    let guessed = merge::settle_doubts(&own, &mut announced, doubts);
    let mut events = merge::merge_guarded(own, announced, &guessed, &mut warnings);
    merge::apply_patches(&mut events, patches);
    merge::decide(&events, &mut corpus.posts, &mut warnings);
    let (entities, notes) = super::entities::Entities::build(&events, &corpus.community.aliases);
    corpus.entities = entities;
    warnings.extend(notes);
    corpus.events = events;
    corpus.warnings = warnings;
    corpus
}

/// Reads one file; a bug that panics on it costs that file alone, with a warning naming it.
fn read_guarded(source: &str, path: &Path, options: &LoadOptions) -> Read {
    guarded(source, options, || read_file(source, path, options))
}

/// `read` within the post budget, with a panic or a read past the budget turned into a
/// warning naming the file.
fn guarded(source: &str, options: &LoadOptions, read: impl FnOnce() -> Read) -> Read {
    let budget = options.post_budget;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        super::budget::with_deadline(budget, read)
    }))
    .unwrap_or_else(|payload| {
            if payload.is::<super::budget::OverBudget>() {
                return Read::Problem(Warning {
                    source: source.to_owned(),
                    line: None,
                    message: format!(
                        "reading it took longer than the {} s budget per post: skipped (is it one huge paragraph?)",
                        budget.as_secs_f32()
                    ),
                });
            }
            Read::Problem(Warning {
                source: source.to_owned(),
                line: None,
                message: "could not be read: emcee hit an internal error on this file (please report it): skipped".to_owned(),
            })
        })
}

/// Reads every file, spread over the machine's cores; results come back in file order.
fn read_all(files: &[(String, PathBuf)], options: &LoadOptions) -> Vec<Read> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads <= 1 || files.len() < 16 {
        return files
            .iter()
            .map(|(s, p)| read_guarded(s, p, options))
            .collect();
    }
    // Each thread, the calling one included, takes the next unread file until none is left:
    // long roundups (often neighbours by date) spread evenly, and a thread the system holds
    // back leaves its share to the others.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((s, p)) = files.get(i) else {
                return done;
            };
            done.push((i, read_guarded(s, p, options)));
        }
    };
    let mut results: Vec<Option<Read>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut results: Vec<Option<Read>> = (0..files.len()).map(|_| None).collect();
        let own = work();
        for (i, read) in handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .chain(own)
        {
            results[i] = Some(read);
        }
        results
    });
    results
        .iter_mut()
        .zip(files)
        .map(|(read, (source, _))| {
            read.take().unwrap_or_else(|| {
                Read::Problem(Warning {
                    source: source.clone(),
                    line: None,
                    message: "could not be read (internal error while reading it)".to_owned(),
                })
            })
        })
        .collect()
}

fn read_file(source: &str, path: &Path, options: &LoadOptions) -> Read {
    let problem = |message: String| {
        Read::Problem(Warning {
            source: source.to_owned(),
            line: None,
            message,
        })
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if SILENT_SKIP.contains(&extension.as_str()) {
        return Read::Skipped;
    }
    match fs::metadata(path) {
        Ok(meta) if meta.len() > options.max_file_bytes => {
            return problem(format!(
                "file is {} bytes, over the {}-byte limit: skipped",
                meta.len(),
                options.max_file_bytes
            ));
        }
        Ok(_) => {}
        Err(err) => return problem(format!("cannot read: {err}")),
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return problem(format!("cannot read: {err}")),
    };
    read_bytes(source, path, bytes, options)
}

/// A file's bytes, checked (size, NUL bytes, UTF-8) and read by its place in the data dir.
fn read_bytes(source: &str, path: &Path, bytes: Vec<u8>, options: &LoadOptions) -> Read {
    let problem = |message: String| {
        Read::Problem(Warning {
            source: source.to_owned(),
            line: None,
            message,
        })
    };
    if bytes.len() as u64 > options.max_file_bytes {
        return problem(format!(
            "file is {} bytes, over the {}-byte limit: skipped",
            bytes.len(),
            options.max_file_bytes
        ));
    }
    if bytes.contains(&0) {
        return problem("binary file (contains NUL bytes), not a post: skipped".to_owned());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return Read::Problem(Warning {
                source: source.to_owned(),
                line: Some(line),
                message: format!("not UTF-8 text (invalid byte at offset {at}): skipped"),
            });
        }
    };
    parse_text(source, path, &text, options)
}

/// What a file's text turns into, by its place in the data dir.
fn parse_text(source: &str, path: &Path, text: &str, options: &LoadOptions) -> Read {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if source == "community.toml" {
        return Read::Community(Community::parse(text));
    }
    if extension == "toml" && (source.starts_with("events/") || source.contains("/events/")) {
        let patch = toml::from_str::<EventPatch>(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            (line, e.message().to_owned())
        });
        return Read::Patch(patch.and_then(|patch| match &patch.id {
            Some(id) if !super::model::valid_id(id) => Err((
                None,
                format!("id '{id}' must be 1 to 60 of a-z, 0-9, '-' and '_'"),
            )),
            _ => Ok(patch),
        }));
    }
    let model = options
        .model
        .clone()
        .unwrap_or_else(super::learn::Model::shipped);
    let mut post = extract::read_post_with(source, text, Some(&model));
    // An event's id depends on its file's name alone: given here, on the reading thread.
    if let Some(event) = &mut post.own {
        event.id = super::model::derived_id(source, false);
    }
    if let Some(next) = &mut post.next {
        next.id = super::model::derived_id(source, true);
    }
    Read::Post(Box::new(post))
}

#[cfg(test)]
mod walk_tests {
    use super::*;

    /// Files come in the walk's order: each folder's entries by name, a folder's files before
    /// the next name ("a/…" before "a-b/…" before "a.md"), whatever order they were made in.
    #[test]
    fn data_files_are_in_walk_order_by_name() {
        let dir = std::env::temp_dir().join(format!("emcee-walk-{}", std::process::id()));
        for file in ["b.md", "a.md", "a-b/x.md", "a/z.md", "a/y.md"] {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().expect("a folder")).expect("temp dir is writable");
            fs::write(&path, "x").expect("temp dir is writable");
        }
        let (files, warnings) = data_files(&dir);
        fs::remove_dir_all(&dir).expect("temp dir is removable");
        let names: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["a/y.md", "a/z.md", "a-b/x.md", "a.md", "b.md"]);
        assert!(warnings.is_empty());
    }
}
