//! Watching the data dir while serving: a new or changed post rebuilds the corpus and swaps it
//! whole, so commands and the announcer see it at once (a broken edit keeps the file's last good
//! version, with a warning). Changes are gathered for [`SETTLE`] first, so an editor's burst of
//! writes is one reload.
//!
//! Drop `posts/2019-05-roundup.md` into the data dir → one reload → the announcer notes the new
//! roundup on its next tick.
//!
//! The data dir may be a symlink that is swapped whole, as git-sync publishes each commit (a new
//! checkout, a new link renamed over the old one, the old checkout deleted). inotify watches
//! directories, not the names that lead to them, so the watcher also watches the folder holding
//! each symlink on the way (`/git` for `--data /git/current/blog`) for that link's name. A swap
//! is one reload, after which the new target is watched and the old one no longer counts.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::app::App;
use crate::archive::Archive;
use crate::corpus::{LastGood, LoadOptions};

/// Quiet time after the last change before reloading.
pub const SETTLE: Duration = Duration::from_millis(300);

/// Watches `dir` and swaps the app's archive after each burst of changes, until `shutdown`.
/// `memory` holds the good versions of the files as the app's archive was loaded (by
/// [`crate::corpus::reload`]), so a file broken by the first edit keeps its last good version.
pub async fn watch(
    app: Arc<App>,
    dir: PathBuf,
    memory: LastGood,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    watch_with(app, dir, memory, LoadOptions::default(), shutdown).await
}

/// As [`watch`], reading the data dir with `options` (the post budget).
pub async fn watch_with(
    app: Arc<App>,
    dir: PathBuf,
    memory: LastGood,
    options: LoadOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if event.kind.is_access() => {}
            Ok(event) => {
                let _ = changed.send(event.paths);
            }
            Err(err) => tracing::warn!("watching the data dir: {err}"),
        })?;
    let mut place = Place::find(&dir)?;
    watcher.watch(&place.target, RecursiveMode::Recursive)?;
    let mut parents = HashSet::new();
    place.watch_link_parents(&mut watcher, &mut parents);
    tracing::info!(
        dir = %dir.display(),
        resolved = %place.target.display(),
        "watching the data dir for changes"
    );
    let memory = Arc::new(Mutex::new(memory));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            change = changes.recv() => match change {
                None => return Ok(()),
                Some(paths) if !place.concerns(&paths) => continue,
                Some(_) => {}
            },
            () = &mut shutdown => return Ok(()),
        }
        // Let the burst settle: until SETTLE passes without a change that concerns the data dir.
        let mut quiet_from = tokio::time::Instant::now() + SETTLE;
        while let Ok(Some(paths)) = tokio::time::timeout_at(quiet_from, changes.recv()).await {
            if place.concerns(&paths) {
                quiet_from = tokio::time::Instant::now() + SETTLE;
            }
        }
        // Watch the target before reading it, so that no later change goes unseen.
        place = place.follow(&dir, &mut watcher, &mut parents);
        let (dir, memory, shared) = (dir.clone(), Arc::clone(&memory), Arc::clone(&app));
        let options = options.clone();
        let reloaded = tokio::task::spawn_blocking(move || {
            let mut memory = memory
                .lock()
                .map_err(|_| anyhow::anyhow!("reload state poisoned"))?;
            let corpus = crate::corpus::reload(&dir, &options, &mut memory)?;
            let counts = corpus.counts();
            let warnings = (corpus.warnings.len(), first_warnings(&corpus.warnings));
            shared.swap_archive(Archive::new(corpus));
            anyhow::Ok((counts, warnings))
        })
        .await?;
        match reloaded {
            Ok((counts, (warnings, first))) => tracing::info!(
                events = counts.events,
                talks = counts.talks,
                warnings,
                "reloaded the data dir{first}"
            ),
            Err(err) => tracing::error!("could not reload the data dir: {err:#}"),
        }
    }
}

/// How many warnings the log line names; `emcee check` lists them all.
const NAMED_WARNINGS: usize = 3;

/// The first few warnings for the reload's log line, real problems before notes:
/// `; first warnings: posts/a.md:3: … | posts/b.md: … (and 4 more: emcee check lists them)`.
fn first_warnings(warnings: &[crate::corpus::Warning]) -> String {
    let is_note = |w: &&crate::corpus::Warning| w.message.starts_with("note:");
    let mut chosen: Vec<String> = warnings
        .iter()
        .filter(|w| !is_note(w))
        .chain(warnings.iter().filter(is_note))
        .take(NAMED_WARNINGS)
        .map(ToString::to_string)
        .collect();
    if chosen.is_empty() {
        return String::new();
    }
    let more = warnings.len() - chosen.len();
    if more > 0 {
        chosen.push(format!("and {more} more: emcee check lists them"));
    }
    format!("; first warnings: {}", chosen.join(" | "))
}

/// Where the data dir is now: the directory its path leads to, and the symlinks on that path
/// whose swap moves it.
struct Place {
    /// The data dir's path with every symlink resolved: the directory watched recursively.
    target: PathBuf,
    /// The data dir's path and each of its ancestors that is a symlink, unresolved (as the
    /// events from their parents' watches name them).
    links: Vec<PathBuf>,
}

impl Place {
    /// Where `dir` leads now; fails when it leads nowhere.
    fn find(dir: &Path) -> std::io::Result<Place> {
        // Without a trailing slash: `current/` names the directory behind the link `current`.
        let absolute: PathBuf = std::path::absolute(dir)?.components().collect();
        let target = std::fs::canonicalize(&absolute)?;
        let links = absolute
            .ancestors()
            .filter(|p| {
                p.symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
            })
            .map(Path::to_path_buf)
            .collect();
        Ok(Place { target, links })
    }

    /// Whether an event on `paths` concerns the data dir: a change inside its current target,
    /// a swap of one of its links, or an event without paths (the kernel's queue overflowed).
    /// Changes inside a former target, such as its deletion after a swap, do not.
    fn concerns(&self, paths: &[PathBuf]) -> bool {
        paths.is_empty()
            || paths
                .iter()
                .any(|p| p.starts_with(&self.target) || self.links.contains(p))
    }

    /// Watches the folder holding each link, without recursing, unless it is in `watched`
    /// already or inside the target (watched anyway).
    fn watch_link_parents(&self, watcher: &mut impl Watcher, watched: &mut HashSet<PathBuf>) {
        for parent in self.links.iter().filter_map(|link| link.parent()) {
            if parent.starts_with(&self.target) || watched.contains(parent) {
                continue;
            }
            match watcher.watch(parent, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    watched.insert(parent.to_owned());
                }
                Err(err) => tracing::warn!(
                    "cannot watch {} for the data dir's link: {err}",
                    parent.display()
                ),
            }
        }
    }

    /// Where `dir` leads after a burst of changes: when a link now points elsewhere, the new
    /// target is watched instead of the old (which may be gone already). When `dir` leads
    /// nowhere, the watches stay as they are until a later swap.
    fn follow(
        self,
        dir: &Path,
        watcher: &mut impl Watcher,
        parents: &mut HashSet<PathBuf>,
    ) -> Place {
        let now = match Place::find(dir) {
            Ok(now) if now.target != self.target => now,
            Ok(_) => return self,
            Err(err) => {
                tracing::warn!("the data dir {} leads nowhere: {err}", dir.display());
                return self;
            }
        };
        // A deleted target took its watches with it.
        let _ = watcher.unwatch(&self.target);
        if let Err(err) = watcher.watch(&now.target, RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {err}", now.target.display());
        }
        now.watch_link_parents(watcher, parents);
        tracing::info!(
            dir = %dir.display(),
            resolved = %now.target.display(),
            "the data dir's link points to a new target"
        );
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Warning;

    fn warning(source: &str, line: Option<usize>, message: &str) -> Warning {
        Warning {
            source: source.to_owned(),
            line,
            message: message.to_owned(),
        }
    }

    /// Regression: the reload log said "N warnings" and none of them.
    #[test]
    fn the_reload_log_names_the_first_warnings_problems_before_notes() {
        let warnings = [
            warning("community.toml", None, "note: no community.toml"),
            warning("posts/a.md", Some(3), "front matter is not YAML: skipped"),
            warning("posts/b.md", None, "no date found"),
            warning("posts/c.md", Some(9), "more talks than a meetup has"),
            warning("posts/d.md", Some(1), "no talks found"),
        ];
        let said = first_warnings(&warnings);
        assert_eq!(
            said,
            "; first warnings: posts/a.md:3: front matter is not YAML: skipped | posts/b.md: no \
             date found | posts/c.md:9: more talks than a meetup has | and 2 more: emcee check \
             lists them"
        );
        assert_eq!(
            first_warnings(&warnings[..1]),
            "; first warnings: community.toml: note: no community.toml"
        );
        assert_eq!(first_warnings(&[]), "");
    }
}
