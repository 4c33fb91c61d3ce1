//! Leadership against a scripted lease: the jobs start on taking it, stop before the lease
//! could pass to another replica when it is lost or cannot be renewed, start again on retaking
//! it, and the lease is let go on a clean stop. (The real lease, on PostgreSQL, is tested in
//! `store/postgres_tests.rs`, and whole replicas in `tests/replicas.rs`.)

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use super::*;
use crate::archive::Archive;
use crate::config::Config;

/// A lease whose answers the test sets: someone else holds it, or the store does not answer.
#[derive(Default)]
struct Scripted {
    other_holds: AtomicBool,
    unreachable: AtomicBool,
    fence: AtomicI64,
    /// When the last take or renewal succeeded: the lease is ours until then + the period.
    held_since: Mutex<Option<Instant>>,
    released: AtomicBool,
}

impl Scripted {
    fn answer(&self, granted: bool) -> Result<bool, StoreError> {
        if self.unreachable.load(Ordering::SeqCst) {
            return Err(StoreError::Timeout {
                op: "scripted",
                after: Duration::ZERO,
            });
        }
        let granted = granted && !self.other_holds.load(Ordering::SeqCst);
        if granted {
            *self.held_since.lock().unwrap() = Some(Instant::now());
        }
        Ok(granted)
    }

    /// The instant another replica could take the lease.
    fn free_at(&self, period: Duration) -> Instant {
        self.held_since.lock().unwrap().expect("held once") + period
    }
}

impl Lease for Scripted {
    fn acquire(&self, _: &str, _: &str, _: Duration) -> Result<Option<i64>, StoreError> {
        Ok(self
            .answer(true)?
            .then(|| self.fence.fetch_add(1, Ordering::SeqCst) + 1))
    }

    fn renew(&self, _: &str, _: &str, _: i64, _: Duration) -> Result<bool, StoreError> {
        self.answer(true)
    }

    fn release(&self, _: &str, _: &str, _: i64) -> Result<(), StoreError> {
        self.released.store(true, Ordering::SeqCst);
        Ok(())
    }
}

/// Counts terms started and records when each term's job saw its stop.
#[derive(Default)]
struct Jobs {
    started: AtomicUsize,
    stopped: Mutex<Vec<Instant>>,
}

const PERIOD: Duration = Duration::from_millis(900);

fn settings() -> LeaseSettings {
    LeaseSettings {
        name: "leader/test".to_owned(),
        holder: holder("test"),
        period: PERIOD,
    }
}

/// Runs `lead` over `lease` (or none) in the background; stops it when the sender is dropped
/// or sent to.
fn running(
    lease: Option<Arc<dyn Lease>>,
) -> (
    Arc<App>,
    Arc<Jobs>,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let app = Arc::new(App::new(
        Archive::new(Default::default()),
        Config::default(),
    ));
    let jobs = Arc::new(Jobs::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let counted = Arc::clone(&jobs);
    let handle = tokio::spawn(lead(
        Arc::clone(&app),
        lease,
        settings(),
        move |stop| {
            counted.started.fetch_add(1, Ordering::SeqCst);
            let (jobs, until) = (Arc::clone(&counted), stop());
            let mut set = JoinSet::new();
            set.spawn(async move {
                until.await;
                jobs.stopped.lock().unwrap().push(Instant::now());
            });
            set
        },
        async move {
            let _ = stopped.await;
        },
    ));
    (app, jobs, stop, handle)
}

/// Polls `done` every 20 ms; false after 10 s (a hang, not a slow machine).
async fn eventually(done: impl Fn() -> bool) -> bool {
    for _ in 0..500 {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_lease_stops_the_jobs_before_anyone_else_may_start_them() {
    let lease = Arc::new(Scripted::default());
    let (app, jobs, stop, handle) = running(Some(lease.clone()));
    assert!(eventually(|| jobs.started.load(Ordering::SeqCst) == 1).await);
    assert!(app.is_leader());
    lease.other_holds.store(true, Ordering::SeqCst);
    assert!(eventually(|| !app.is_leader()).await, "stepped down");
    assert!(eventually(|| jobs.stopped.lock().unwrap().len() == 1).await);
    let stopped = jobs.stopped.lock().unwrap()[0];
    assert!(
        stopped < lease.free_at(PERIOD),
        "the jobs stopped after the lease could have passed on"
    );
    // Free again: taken again, a second term.
    lease.other_holds.store(false, Ordering::SeqCst);
    assert!(eventually(|| jobs.started.load(Ordering::SeqCst) == 2).await);
    assert!(app.is_leader());
    let _ = stop.send(());
    handle.await.unwrap();
    assert!(
        lease.released.load(Ordering::SeqCst),
        "let go on a clean stop"
    );
    assert_eq!(jobs.stopped.lock().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_store_stops_the_jobs_before_the_lease_runs_out() {
    let lease = Arc::new(Scripted::default());
    let (app, jobs, stop, handle) = running(Some(lease.clone()));
    assert!(eventually(|| jobs.started.load(Ordering::SeqCst) == 1).await);
    lease.unreachable.store(true, Ordering::SeqCst);
    assert!(eventually(|| jobs.stopped.lock().unwrap().len() == 1).await);
    assert!(!app.is_leader());
    assert!(jobs.stopped.lock().unwrap()[0] < lease.free_at(PERIOD));
    drop(stop);
    handle.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_runs_nothing_and_a_store_of_its_own_always_leads() {
    let lease = Arc::new(Scripted::default());
    lease.other_holds.store(true, Ordering::SeqCst);
    let (app, jobs, stop, handle) = running(Some(lease.clone()));
    tokio::time::sleep(PERIOD).await;
    assert!(!app.is_leader());
    assert_eq!(jobs.started.load(Ordering::SeqCst), 0);
    drop(stop);
    handle.await.unwrap();
    assert!(
        !lease.released.load(Ordering::SeqCst),
        "never held, nothing to let go"
    );

    let (app, jobs, stop, handle) = running(None);
    assert!(eventually(|| jobs.started.load(Ordering::SeqCst) == 1).await);
    assert!(app.is_leader());
    drop(stop);
    handle.await.unwrap();
    assert_eq!(jobs.stopped.lock().unwrap().len(), 1);
}
