//! Leadership: the jobs that must run once however many replicas serve (the announcer, the
//! Discord gateway, Slack Socket Mode, the scheduled-event sync) run only on the replica that
//! holds the store's lease. Every replica serves HTTP.
//!
//! The lease is a row in the shared store with an expiry on the database's clock and a fence
//! that grows each time it changes hands ([`crate::store::Lease`]). Why a row and not an
//! advisory lock held on a connection: a lock lives as long as the database believes the
//! connection does, which after a network partition can be minutes (TCP keepalive), and the
//! holder learns it lost the lock only when it next uses that connection. A row expires on time
//! whatever the network does, the holder knows its own deadline, and the fence lets the store
//! refuse claims from a holder that was paused past it.
//!
//! With a lease of `period` (default 20 s): every replica tries every `period / 5`; the leader
//! renews as often, and steps down (stopping its jobs) when no renewal has succeeded for
//! `period × 2/3` since the renewal's start, a third of the period before the row can expire
//! and another replica take it. A dead leader's jobs therefore resume elsewhere within
//! `period × 1.2`: 24 s by default. A store without a lease (one SQLite file) always leads.
//!
//! `emcee serve` ×2 on one PostgreSQL → one logs "leading", the other "following"; kill -9 the
//! first → the second logs "leading" within 24 s.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::app::App;
use crate::store::{Lease, StoreError};

/// Who holds the lease: this replica's name, process id and start time, so a restarted pod
/// never mistakes its predecessor's lease for its own.
pub fn holder(replica: &str) -> String {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{replica}:{}:{started}", std::process::id())
}

/// This host's name (a Kubernetes pod's name), for `[server] replica` when it is unset.
pub fn host_name() -> String {
    let from_file = |path: &str| std::fs::read_to_string(path).ok();
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| from_file("/proc/sys/kernel/hostname"))
        .or_else(|| from_file("/etc/hostname"))
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "emcee".to_owned())
}

/// A term's stop: resolves when the replica stops leading or the process stops.
pub type Stop = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;

/// The lease to hold.
#[derive(Clone, Debug)]
pub struct LeaseSettings {
    /// One lease per community.
    pub name: String,
    pub holder: String,
    pub period: Duration,
}

/// Holds (or waits for) the lease until `shutdown`; while it is held, runs the jobs `start`
/// spawns, each told to stop through a [`Stop`] from the function it is given. On losing the
/// lease the jobs are told to stop, and aborted if they have not within a sixth of the period.
/// On `shutdown` the jobs stop, then the lease is let go so that another replica takes over at
/// once.
pub async fn lead(
    app: Arc<App>,
    store: Option<Arc<dyn Lease>>,
    lease: LeaseSettings,
    mut start: impl FnMut(&dyn Fn() -> Stop) -> JoinSet<()>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    let every = lease.period / 5;
    let step_down_after = lease.period * 2 / 3;
    // (fence, start of the last successful renewal, the term's jobs and their stop)
    let mut term: Option<(i64, Instant, Term)> = None;
    let Some(store) = store else {
        app.set_leader(true);
        tracing::info!("leading: the state store is this replica's alone");
        let jobs = Term::start(&mut start);
        shutdown.await;
        jobs.stop(STOP_JOBS_WITHIN).await;
        return;
    };
    app.set_leader(false);
    tracing::info!(
        holder = %lease.holder,
        "following until the lease {} is free ({:?})",
        lease.name,
        lease.period
    );
    loop {
        let attempt = Instant::now();
        match term.take() {
            None => match call(&store, &lease, None, every).await {
                Ok(Some(fence)) => {
                    app.set_leader(true);
                    tracing::info!(fence, "leading: took the lease {}", lease.name);
                    term = Some((fence, attempt, Term::start(&mut start)));
                }
                Ok(None) => {}
                Err(err) => tracing::warn!("cannot reach the store to take the lease: {err}"),
            },
            Some((fence, renewed, jobs)) => {
                let deadline = renewed + step_down_after;
                let left = deadline.saturating_duration_since(attempt);
                match call(&store, &lease, Some(fence), left).await {
                    Ok(Some(_)) => term = Some((fence, attempt, jobs)),
                    Ok(None) => {
                        tracing::warn!(fence, "lost the lease {}: stepping down", lease.name);
                        step_down(&app, jobs, lease.period).await;
                    }
                    Err(err) if Instant::now() >= deadline => {
                        tracing::warn!(
                            fence,
                            "could not renew the lease for {:?} ({err}): stepping down",
                            step_down_after
                        );
                        step_down(&app, jobs, lease.period).await;
                    }
                    Err(err) => {
                        tracing::warn!("could not renew the lease, trying again: {err}");
                        term = Some((fence, renewed, jobs));
                    }
                }
            }
        }
        // Wake for the next attempt, or in time to step down before the deadline.
        let wake = match &term {
            Some((_, renewed, _)) => (attempt + every).min(*renewed + step_down_after),
            None => attempt + every,
        };
        tokio::select! {
            () = tokio::time::sleep_until(wake.into()) => {}
            () = &mut shutdown => break,
        }
    }
    if let Some((fence, _, jobs)) = term {
        jobs.stop(STOP_JOBS_WITHIN).await;
        app.set_leader(false);
        let (store, name, holder) = (Arc::clone(&store), lease.name.clone(), lease.holder);
        let released =
            tokio::task::spawn_blocking(move || store.release(&name, &holder, fence)).await;
        match released {
            Ok(Ok(())) => tracing::info!("let the lease go"),
            Ok(Err(err)) => tracing::warn!("could not let the lease go (it expires): {err}"),
            Err(err) => tracing::warn!("could not let the lease go (it expires): {err}"),
        }
    }
}

/// How long jobs get to stop when the process stops.
const STOP_JOBS_WITHIN: Duration = Duration::from_secs(5);

async fn step_down(app: &App, jobs: Term, period: Duration) {
    app.set_leader(false);
    jobs.stop(period / 6).await;
    tracing::info!("following: the jobs that run once have stopped here");
}

/// Takes the lease (`fence` `None`) or renews it, off the async threads, giving up after
/// `within`; the fence held afterwards, `None` when the lease is someone else's.
async fn call(
    store: &Arc<dyn Lease>,
    lease: &LeaseSettings,
    fence: Option<i64>,
    within: Duration,
) -> Result<Option<i64>, StoreError> {
    let (store, lease) = (Arc::clone(store), lease.clone());
    let task = tokio::task::spawn_blocking(move || match fence {
        None => store.acquire(&lease.name, &lease.holder, lease.period),
        Some(fence) => Ok(store
            .renew(&lease.name, &lease.holder, fence, lease.period)?
            .then_some(fence)),
    });
    match tokio::time::timeout(within, task).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) | Err(_) => Err(StoreError::Timeout {
            op: if fence.is_some() {
                "renewing the lease"
            } else {
                "taking the lease"
            },
            after: within,
        }),
    }
}

/// One term's jobs and the switch that stops them.
struct Term {
    stop: watch::Sender<bool>,
    jobs: JoinSet<()>,
}

impl Term {
    fn start(start: &mut impl FnMut(&dyn Fn() -> Stop) -> JoinSet<()>) -> Term {
        let (stop, stopping) = watch::channel(false);
        let told = move || -> Stop {
            let mut stopping = stopping.clone();
            Box::pin(async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            })
        };
        let jobs = start(&told);
        Term { stop, jobs }
    }

    /// Tells the jobs to stop, waits up to `within`, then aborts what is left.
    async fn stop(mut self, within: Duration) {
        let _ = self.stop.send(true);
        let drained = tokio::time::timeout(within, async {
            while self.jobs.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!("jobs still running after {within:?}: aborted");
            self.jobs.abort_all();
            while self.jobs.join_next().await.is_some() {}
        }
    }
}

#[cfg(test)]
#[path = "leader_tests.rs"]
mod tests;
