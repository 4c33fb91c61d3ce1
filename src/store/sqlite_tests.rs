//! Unit tests of the delivery log: claims, retries, skips, restarts and a crash mid-send.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "emcee-store-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("emcee-state.sqlite")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_553_700_000, 0).unwrap() + TimeDelta::minutes(minutes)
}

const ID: &str = "2019-04-03/reminder/7d/discord:123";

#[test]
fn log_survives_a_restart() {
    let dir = TempDir::new("reopen");
    {
        let log = SqliteLog::open(dir.file()).unwrap();
        assert!(log.claim(ID, t(0)).unwrap());
        log.mark_sent(ID, t(1), Some("1234567890")).unwrap();
        let keys = BTreeSet::from(["2019-03".to_owned()]);
        assert!(log.ensure_baseline(&keys, t(0)).unwrap());
    }
    let log = SqliteLog::open(dir.file()).unwrap();
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!(
        record,
        Record {
            id: ID.to_owned(),
            state: State::Sent,
            attempts: 1,
            created_at: t(0),
            updated_at: t(1),
            last_error: None,
            platform_message_id: Some("1234567890".to_owned()),
            reason: None,
        }
    );
    assert!(
        !log.claim(ID, t(2)).unwrap(),
        "sent before the restart: never again"
    );
    // The baseline was taken on the first start only.
    assert!(
        !log.ensure_baseline(&BTreeSet::from(["2019-04-03".to_owned()]), t(3))
            .unwrap()
    );
    let known = log.known_roundups().unwrap();
    assert_eq!(known.baseline, BTreeSet::from(["2019-03".to_owned()]));
    assert_eq!(log.status().unwrap(), [record]);
    // Schema version recorded once, WAL on.
    let conn = Connection::open(dir.file()).unwrap();
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, [SCHEMA_VERSION]);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_claim_is_granted_once_even_to_two_processes() {
    let dir = TempDir::new("claim");
    let (a, b) = (
        SqliteLog::open(dir.file()).unwrap(),
        SqliteLog::open(dir.file()).unwrap(),
    );
    assert!(a.claim(ID, t(0)).unwrap());
    assert!(!a.claim(ID, t(0)).unwrap());
    assert!(!b.claim(ID, t(0)).unwrap());
    b.mark_sent(ID, t(1), None).unwrap();
    assert_eq!(a.state(ID).unwrap().unwrap().state, State::Sent);
    assert!(!b.claim(ID, t(600)).unwrap());
}

#[test]
fn permanent_failure_is_never_retried() {
    let dir = TempDir::new("permanent");
    let log = SqliteLog::open(dir.file()).unwrap();
    assert!(log.claim(ID, t(0)).unwrap());
    log.mark_failed(ID, t(0), "403 Missing Access", true)
        .unwrap();
    for later in [1, 60, 60 * 24 * 30] {
        assert!(
            !log.claim(ID, t(later)).unwrap(),
            "claimed {later} min later"
        );
    }
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!(record.state, State::FailedPermanently);
    assert_eq!(record.attempts, 1);
    assert_eq!(record.last_error.as_deref(), Some("403 Missing Access"));
    // Too late now: a final row stays as it is.
    assert!(
        !log.mark_skipped(ID, t(2), "the meetup had already started")
            .unwrap()
    );
}

#[test]
fn transient_failures_are_retried_with_growing_delays_until_attempts_run_out() {
    let dir = TempDir::new("transient");
    let retry = RetryPolicy {
        max_attempts: 3,
        first_delay: TimeDelta::minutes(1),
    };
    let log = SqliteLog::open_with(dir.file(), retry).unwrap();
    // (minute, claim granted?, then fail): 1 min after the first failure, 2 after the second.
    let steps = [
        (0, true),
        (0, false),
        (1, true),
        (2, false),
        (3, true),
        (100, false),
    ];
    let mut attempts = 0;
    for (minute, granted) in steps {
        assert_eq!(
            log.claim(ID, t(minute)).unwrap(),
            granted,
            "claim at minute {minute}"
        );
        if granted {
            attempts += 1;
            log.mark_failed(ID, t(minute), "502 Bad Gateway", false)
                .unwrap();
        }
        assert_eq!(log.state(ID).unwrap().unwrap().attempts, attempts);
    }
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!(
        (record.state, record.attempts),
        (State::FailedPermanently, 3)
    );
    assert_eq!(record.last_error.as_deref(), Some("502 Bad Gateway"));
}

#[test]
fn a_send_left_in_sending_by_a_crash_becomes_unknown_and_is_not_resent() {
    let dir = TempDir::new("in-doubt");
    {
        let log = SqliteLog::open(dir.file()).unwrap();
        assert!(log.claim(ID, t(0)).unwrap());
        // The process dies here, during the HTTP call.
    }
    let log = SqliteLog::open(dir.file()).unwrap();
    let lease = TimeDelta::minutes(5);
    assert!(
        log.in_doubt(t(1), lease).unwrap().is_empty(),
        "may still be sending"
    );
    let doubtful: Vec<String> = log
        .in_doubt(t(10), lease)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(doubtful, [ID]);
    assert!(log.mark_unknown(ID, t(10)).unwrap());
    assert!(!log.mark_unknown(ID, t(10)).unwrap());
    assert!(log.in_doubt(t(20), lease).unwrap().is_empty());
    assert!(
        !log.claim(ID, t(20)).unwrap(),
        "at most once: an unknown send is not repeated"
    );
    assert_eq!(log.state(ID).unwrap().unwrap().state, State::Unknown);
    // A send that was only slow still reports its message.
    log.mark_sent(ID, t(21), Some("42")).unwrap();
    assert_eq!(log.state(ID).unwrap().unwrap().state, State::Sent);
}

#[test]
fn skipped_is_recorded_once_and_never_over_a_send() {
    let dir = TempDir::new("skip");
    let log = SqliteLog::open(dir.file()).unwrap();
    assert!(log.mark_skipped(ID, t(0), "7h late").unwrap());
    assert!(!log.mark_skipped(ID, t(1), "again").unwrap());
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!((record.state, record.attempts), (State::Skipped, 0));
    assert_eq!(record.reason.as_deref(), Some("7h late"));
    assert!(!log.claim(ID, t(2)).unwrap());
    // A transient failure that runs out of time ends as skipped.
    let other = "2019-04-03/reminder/1d/discord:123";
    assert!(log.claim(other, t(0)).unwrap());
    log.mark_failed(other, t(0), "timeout", false).unwrap();
    assert!(
        log.mark_skipped(other, t(600), "the meetup had already started")
            .unwrap()
    );
    let record = log.state(other).unwrap().unwrap();
    assert_eq!((record.state, record.attempts), (State::Skipped, 1));
    assert_eq!(record.last_error.as_deref(), Some("timeout"));
}

#[test]
fn marking_an_unclaimed_announcement_is_an_error_naming_it() {
    let dir = TempDir::new("unclaimed");
    let log = SqliteLog::open(dir.file()).unwrap();
    let err = log.mark_sent(ID, t(0), None).unwrap_err();
    assert!(matches!(err, StoreError::NotClaimed { .. }), "{err:?}");
    assert!(
        err.to_string().contains(ID) && err.to_string().contains("not in the log"),
        "{err}"
    );
    log.mark_skipped(ID, t(0), "late").unwrap();
    let err = log.mark_failed(ID, t(0), "x", false).unwrap_err();
    assert!(err.to_string().contains("it is skipped"), "{err}");
}

#[test]
fn known_roundups_are_the_baseline_and_every_noted_roundup() {
    let dir = TempDir::new("known");
    let log = SqliteLog::open(dir.file()).unwrap();
    log.ensure_baseline(
        &BTreeSet::from(["2018-11".to_owned(), "2019-03".to_owned()]),
        t(0),
    )
    .unwrap();
    assert!(log.claim("2019-04-03/roundup/discord:1", t(1)).unwrap());
    log.mark_skipped("2019-05-01/roundup/slack:C1", t(1), "too old")
        .unwrap();
    assert!(log.claim(ID, t(1)).unwrap());
    let known = log.known_roundups().unwrap();
    assert_eq!(
        known.baseline,
        BTreeSet::from(["2018-11".to_owned(), "2019-03".to_owned()])
    );
    assert_eq!(
        known.noted,
        BTreeSet::from(["2019-04-03".to_owned(), "2019-05-01".to_owned()])
    );
}

#[test]
fn bad_state_files_are_errors_naming_the_path() {
    let dir = TempDir::new("bad");
    let missing = dir.0.join("no-such-folder").join("emcee-state.sqlite");
    let err = SqliteLog::open(&missing).unwrap_err();
    assert!(
        matches!(err, StoreError::MissingDirectory { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&missing.display().to_string()),
        "{err}"
    );

    let text = dir.0.join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, just some notes about the meetup\n".repeat(20),
    )
    .unwrap();
    let err = SqliteLog::open(&text).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"), "{err}");

    let newer = dir.file();
    drop(SqliteLog::open(&newer).unwrap());
    Connection::open(&newer)
        .unwrap()
        .execute("INSERT INTO schema_version (version) VALUES (99)", [])
        .unwrap();
    let err = SqliteLog::open(&newer).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
}

#[test]
fn the_rsvp_suite_passes_on_sqlite() {
    let dirs = std::sync::Mutex::new(Vec::new());
    super::super::rsvp_suite::run_all(|name| {
        let dir = TempDir::new(&format!("rsvp-{name}"));
        let store = SqliteLog::open(dir.file()).unwrap();
        dirs.lock().unwrap().push(dir);
        Box::new(store)
    });
}

#[test]
fn rsvps_survive_a_restart_and_a_version_1_file_gains_them() {
    use crate::rsvp::{Member, Source};
    let dir = TempDir::new("rsvp-reopen");
    // A file as the previous emcee left it: the delivery log only, schema version 1.
    {
        let conn = Connection::open(dir.file()).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version VALUES (1);",
        )
        .unwrap();
        conn.execute_batch(super::SCHEMA).unwrap();
    }
    {
        let store = SqliteLog::open(dir.file()).unwrap();
        let ada = Member::new(Source::Discord, "1100", "Ada");
        assert!(store.set_going("cnl", "m1", &ada, t(0)).unwrap());
    }
    let store = SqliteLog::open(dir.file()).unwrap();
    let rows = store.rsvps("cnl", "m1").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Ada");
    assert_eq!(rows[0].at, t(0));
}
