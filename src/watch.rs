//! Watching the data dir while serving: a new or changed post rebuilds the corpus and swaps it
//! whole, so commands and the announcer see it at once (a broken edit keeps the file's last good
//! version, with a warning). Changes are gathered for [`SETTLE`] first, so an editor's burst of
//! writes is one reload.
//!
//! Drop `posts/2019-05-roundup.md` into the data dir → one reload → the announcer notes the new
//! roundup on its next tick.

use std::path::PathBuf;
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
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if event.kind.is_access() => {}
            Ok(_) => {
                let _ = changed.send(());
            }
            Err(err) => tracing::warn!("watching the data dir: {err}"),
        })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    tracing::info!(dir = %dir.display(), "watching the data dir for changes");
    let memory = Arc::new(Mutex::new(memory));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            change = changes.recv() => if change.is_none() { return Ok(()) },
            () = &mut shutdown => return Ok(()),
        }
        // Let the burst settle.
        while let Ok(Some(())) = tokio::time::timeout(SETTLE, changes.recv()).await {}
        let (dir, memory, shared) = (dir.clone(), Arc::clone(&memory), Arc::clone(&app));
        let options = options.clone();
        let reloaded = tokio::task::spawn_blocking(move || {
            let mut memory = memory
                .lock()
                .map_err(|_| anyhow::anyhow!("reload state poisoned"))?;
            let corpus = crate::corpus::reload(&dir, &options, &mut memory)?;
            let counts = corpus.counts();
            let warnings = corpus.warnings.len();
            shared.swap_archive(Archive::new(corpus));
            anyhow::Ok((counts, warnings))
        })
        .await?;
        match reloaded {
            Ok((counts, warnings)) => tracing::info!(
                events = counts.events,
                talks = counts.talks,
                warnings,
                "reloaded the data dir"
            ),
            Err(err) => tracing::error!("could not reload the data dir: {err:#}"),
        }
    }
}
