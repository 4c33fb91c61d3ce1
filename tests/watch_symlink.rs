//! The data dir as a symlink swapped atomically, as git-sync publishes each commit (a new
//! checkout, a new link renamed over the old one, the old checkout deleted): the watcher reloads
//! once per swap and follows the link to each new target. Reloads are counted by the watcher's
//! own log line; the posts are the seeds in ../shared.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use emcee::app::App;
use emcee::archive::Archive;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");

/// The seed posts, oldest file name first.
fn seed_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(SEEDS)
        .expect("../shared/seeds")
        .map(|entry| {
            entry
                .expect("a seed")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-symlink-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    dir
}

/// A checkout as git-sync makes one: a new directory holding the first `posts` seeds.
fn checkout(dir: &Path, posts: usize) {
    std::fs::create_dir_all(dir).expect("a checkout dir");
    for name in seed_names().iter().take(posts) {
        std::fs::copy(Path::new(SEEDS).join(name), dir.join(name)).expect("a seed copied");
    }
}

/// Points `link` at `target` atomically, as git-sync does: a new link under a temporary name,
/// renamed over the old one.
fn swap(link: &Path, target: &str) {
    let temporary = link.with_file_name("tmp-link");
    std::os::unix::fs::symlink(target, &temporary).expect("a temporary link");
    std::fs::rename(&temporary, link).expect("the link swapped");
}

/// The log lines of the watcher, as written.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn count(&self, line: &str) -> usize {
        self.text().lines().filter(|l| l.contains(line)).count()
    }

    fn reloads(&self) -> usize {
        self.count("reloaded the data dir")
    }
}

/// Waits until `done` holds; fails only on a hang (the timeout is far above any real reload).
async fn wait_until(what: &str, logs: &Logs, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "gave up waiting for {what}; the watcher logged:\n{}",
            logs.text()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn has_post(app: &App, name: &str) -> bool {
    app.archive()
        .corpus
        .events
        .iter()
        .any(|e| e.sources.iter().any(|s| s == name))
}

/// The app over `dir` and its watcher, running until the returned sender says stop; the
/// watcher has started watching when this returns.
async fn watched(dir: &Path, logs: &Logs) -> (Arc<App>, tokio::sync::watch::Sender<bool>) {
    let mut memory = emcee::corpus::LastGood::default();
    let options = emcee::corpus::LoadOptions::default();
    let corpus = emcee::corpus::reload(dir, &options, &mut memory).expect("the data dir loads");
    let config = emcee::config::Config::from_parts(None, None, std::iter::empty())
        .expect("the default config");
    let app = Arc::new(App::new(Archive::new(corpus), config));
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(emcee::watch::watch(
        Arc::clone(&app),
        dir.to_owned(),
        memory,
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
    ));
    wait_until("the watcher to start", logs, || {
        logs.count("watching the data dir") == 1
    })
    .await;
    (app, stop)
}

/// The subscriber that writes the watcher's logs to `logs`, for the current thread (the test's
/// runtime runs the watcher on it).
fn capture(logs: &Logs) -> tracing::subscriber::DefaultGuard {
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_default(subscriber)
}

#[tokio::test]
async fn a_swapped_data_dir_link_reloads_once_per_swap_and_follows_each_new_target() {
    let root = scratch("swaps");
    let names = seed_names();
    assert!(names.len() >= 5, "five seeds in ../shared/seeds: {names:?}");
    let link = root.join("current");
    checkout(&root.join("a"), 3);
    std::os::unix::fs::symlink("a", &link).expect("current -> a");
    let logs = Logs::default();
    let _guard = capture(&logs);
    // As `--data /git/current/` names it: the trailing slash must not hide the link.
    let (app, stop) = watched(Path::new(&format!("{}/", link.display())), &logs).await;
    assert!(!has_post(&app, &names[3]));

    // A new commit: checkout b with one more post, and the swap; a stays for now.
    checkout(&root.join("b"), 4);
    swap(&link, "b");
    wait_until("the first swap's reload", &logs, || logs.reloads() >= 1).await;
    assert!(has_post(&app, &names[3]), "{}", logs.text());

    // The old checkout goes, then the next commit.
    std::fs::remove_dir_all(root.join("a")).expect("a deleted");
    checkout(&root.join("c"), 5);
    swap(&link, "c");
    wait_until("the second swap's reload", &logs, || logs.reloads() >= 2).await;
    assert!(has_post(&app, &names[4]), "{}", logs.text());

    // As git-sync does by default: the old checkout deleted right after the swap, all one
    // burst. d drops the oldest post.
    checkout(&root.join("d"), 5);
    std::fs::remove_file(root.join("d").join(&names[0])).expect("a post left out of d");
    swap(&link, "d");
    std::fs::remove_dir_all(root.join("c")).expect("c deleted");
    wait_until("the third swap's reload", &logs, || logs.reloads() >= 3).await;
    assert!(!has_post(&app, &names[0]), "{}", logs.text());

    // An edit inside d through the link: its reload is the fourth.
    edit_and_count(&app, &logs, &link.join(&names[4]), 4).await;
    let _ = stop.send(true);
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_data_dir_inside_a_swapped_link_follows_it_and_ignores_the_old_target_deleted_later() {
    // git-sync with --stale-worktree-timeout keeps the old checkout a while after the swap.
    let root = scratch("subfolder");
    let names = seed_names();
    let link = root.join("current");
    checkout(&root.join("a").join("blog"), 2);
    std::os::unix::fs::symlink("a", &link).expect("current -> a");
    let data = link.join("blog");
    let logs = Logs::default();
    let _guard = capture(&logs);
    let (app, stop) = watched(&data, &logs).await;

    checkout(&root.join("b").join("blog"), 3);
    swap(&link, "b");
    wait_until("the swap's reload", &logs, || {
        logs.reloads() >= 1 && has_post(&app, &names[2])
    })
    .await;
    std::fs::remove_dir_all(root.join("a")).expect("a deleted after the reload");

    edit_and_count(&app, &logs, &data.join(&names[2]), 2).await;
    let _ = stop.send(true);
    let _ = std::fs::remove_dir_all(&root);
}

/// Waits a few settle times for any stray reload, then removes `post` through the data dir
/// and waits for that edit's reload: it must be reload number `reloads`, so that nothing before
/// it reloaded more often than it should have.
async fn edit_and_count(app: &App, logs: &Logs, post: &Path, reloads: usize) {
    tokio::time::sleep(emcee::watch::SETTLE * 4).await;
    let name = post
        .file_name()
        .expect("a post file")
        .to_string_lossy()
        .into_owned();
    std::fs::remove_file(post).expect("a post removed through the link");
    wait_until("the edit's reload", logs, || {
        logs.reloads() >= reloads && !has_post(app, &name)
    })
    .await;
    assert_eq!(logs.reloads(), reloads, "{}", logs.text());
    assert_eq!(logs.count("could not reload"), 0, "{}", logs.text());
}
