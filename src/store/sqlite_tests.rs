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
fn the_log_suite_passes_on_sqlite() {
    let dirs = std::sync::Mutex::new(Vec::new());
    super::super::log_suite::run_all(|name| {
        let dir = TempDir::new(&format!("log-{name}"));
        let file = dir.file();
        dirs.lock().unwrap().push(dir);
        Box::new(move |retry| Box::new(SqliteLog::open_with(&file, retry).unwrap()))
    });
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
