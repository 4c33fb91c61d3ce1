//! The delivery log in one SQLite file: the schema created on open, WAL so readers never block
//! the writer, a busy timeout so a second process waits instead of failing. A file written by a
//! newer emcee (a higher schema version) is refused rather than misread.
//!
//! `SqliteLog::open("emcee-state.sqlite")?.claim("2019-04-03/reminder/7d/discord:123", now)` →
//! `Ok(true)` once, `Ok(false)` ever after.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use prometheus_client::metrics::histogram::Histogram;

use super::{
    DeliveryLog, Lease, Record, RetryPolicy, RsvpStore, State, Store, StoreError, key_and_kind,
};
use crate::announce::schedule::KnownRoundups;
use crate::rsvp::{Member, Rsvp, Source};

/// The schema this emcee writes; a file with a newer one is refused rather than misread.
/// Version 2 added the RSVPs; a version 1 file gains their table when opened.
pub const SCHEMA_VERSION: i64 = 2;

/// Version 2: one row per member going to a meetup, in click order (`answered_at` in
/// milliseconds, then the row id), keyed by community, meetup, platform and user id.
const RSVP_SCHEMA: &str = "
CREATE TABLE rsvps (
    community TEXT NOT NULL,
    meetup TEXT NOT NULL,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    answered_at INTEGER NOT NULL,
    notify INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (community, meetup, platform, user_id)
);
CREATE INDEX rsvps_user ON rsvps (platform, user_id);
";

const RSVP_COLUMNS: &str = "meetup, platform, user_id, display_name, answered_at, notify";

const SCHEMA: &str = "
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_error TEXT,
    platform_message_id TEXT,
    reason TEXT
);
CREATE INDEX deliveries_state ON deliveries (state, updated_at);
CREATE TABLE baseline (event_key TEXT PRIMARY KEY, recorded_at INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

const COLUMNS: &str =
    "id, state, attempts, created_at, updated_at, last_error, platform_message_id, reason";

/// The delivery log in one SQLite file: schema created on open, WAL so readers never block the
/// writer, a busy timeout so a second process waits instead of failing.
#[derive(Debug)]
pub struct SqliteLog {
    path: PathBuf,
    conn: Mutex<Connection>,
    retry: RetryPolicy,
    latency: Histogram,
}

impl FromSql for State {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<State> {
        State::parse(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

/// A row of `COLUMNS` as a record; a malformed one is an error, never a panic.
fn record(row: &Row<'_>) -> rusqlite::Result<Record> {
    let time = |i: usize| -> rusqlite::Result<DateTime<Utc>> {
        let secs: i64 = row.get(i)?;
        DateTime::from_timestamp(secs, 0).ok_or(rusqlite::Error::IntegralValueOutOfRange(i, secs))
    };
    Ok(Record {
        id: row.get(0)?,
        state: row.get(1)?,
        attempts: row.get(2)?,
        created_at: time(3)?,
        updated_at: time(4)?,
        last_error: row.get(5)?,
        platform_message_id: row.get(6)?,
        reason: row.get(7)?,
    })
}

impl SqliteLog {
    /// Opens (creating if needed) the log at `path`, whose folder must exist.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteLog, StoreError> {
        SqliteLog::open_with(path, RetryPolicy::default())
    }

    pub fn open_with(path: impl AsRef<Path>, retry: RetryPolicy) -> Result<SqliteLog, StoreError> {
        let path = path.as_ref().to_path_buf();
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if dir.is_some_and(|d| !d.is_dir()) {
            return Err(StoreError::MissingDirectory { path });
        }
        let conn = match Connection::open(&path) {
            Ok(conn) => conn,
            Err(source) => return Err(StoreError::Sqlite { path, source }),
        };
        let log = SqliteLog {
            path,
            conn: Mutex::new(conn),
            retry,
            latency: super::latency_histogram(),
        };
        let found = log.with(|conn| {
            conn.busy_timeout(Duration::from_secs(5))?;
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
            )?;
            let found: Option<i64> =
                tx.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
            if found.is_none() {
                tx.execute_batch(SCHEMA)?;
            }
            if found.is_none_or(|v| v < 2) {
                tx.execute_batch(RSVP_SCHEMA)?;
                tx.execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    [SCHEMA_VERSION],
                )?;
            }
            tx.commit()?;
            Ok(found)
        })?;
        match found {
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                path: log.path,
                found,
            }),
            _ => Ok(log),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the connection; SQLite errors name the file. A panic elsewhere while holding
    /// the lock leaves nothing half-done (an open transaction rolls back on drop), so a poisoned
    /// lock is taken as it is.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let started = std::time::Instant::now();
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let result = f(&mut conn).map_err(|source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        });
        self.latency.observe(started.elapsed().as_secs_f64());
        result
    }

    fn query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Record>, StoreError> {
        self.with(|conn| conn.prepare(sql)?.query_map(params, record)?.collect())
    }

    /// Runs one update that must find the row claimed; otherwise says what state it is in.
    fn update_claimed(
        &self,
        id: &str,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<(), StoreError> {
        if self.with(|conn| conn.execute(sql, params))? == 1 {
            return Ok(());
        }
        let state = self
            .state(id)?
            .map_or("not in the log", |r| r.state.as_str());
        Err(StoreError::NotClaimed {
            id: id.to_owned(),
            state: state.to_owned(),
        })
    }
}

impl DeliveryLog for SqliteLog {
    fn state(&self, id: &str) -> Result<Option<Record>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries WHERE id = ?1");
        self.with(|conn| conn.query_row(&sql, [id], record).optional())
    }

    fn claim(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let (key, kind) = key_and_kind(id);
        let changed = self.with(|conn| {
            conn.execute(
                "INSERT INTO deliveries (id, event_key, kind, state, attempts, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'sending', 1, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET
                     state = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at
                 WHERE deliveries.state = 'failed' AND deliveries.attempts < ?5
                     AND deliveries.updated_at + (?6 << min(deliveries.attempts - 1, 30)) <= ?4",
                params![
                    id,
                    key,
                    kind,
                    now.timestamp(),
                    self.retry.max_attempts,
                    self.retry.first_delay.num_seconds()
                ],
            )
        })?;
        Ok(changed == 1)
    }

    fn mark_sent(
        &self,
        id: &str,
        now: DateTime<Utc>,
        message: Option<&str>,
    ) -> Result<(), StoreError> {
        self.update_claimed(
            id,
            "UPDATE deliveries SET state = 'sent', updated_at = ?2, platform_message_id = ?3
             WHERE id = ?1 AND state IN ('sending', 'unknown')",
            params![id, now.timestamp(), message],
        )
    }

    fn mark_failed(
        &self,
        id: &str,
        now: DateTime<Utc>,
        error: &str,
        permanent: bool,
    ) -> Result<(), StoreError> {
        self.update_claimed(
            id,
            "UPDATE deliveries SET updated_at = ?2, last_error = ?3,
                 state = CASE WHEN ?4 OR attempts >= ?5 THEN 'failed-permanently' ELSE 'failed' END
             WHERE id = ?1 AND state IN ('sending', 'unknown')",
            params![
                id,
                now.timestamp(),
                error,
                permanent,
                self.retry.max_attempts
            ],
        )
    }

    fn mark_skipped(&self, id: &str, now: DateTime<Utc>, reason: &str) -> Result<bool, StoreError> {
        let (key, kind) = key_and_kind(id);
        let changed = self.with(|conn| {
            conn.execute(
                "INSERT INTO deliveries (id, event_key, kind, state, attempts, created_at, updated_at, reason)
                 VALUES (?1, ?2, ?3, 'skipped', 0, ?4, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET
                     state = 'skipped', updated_at = excluded.updated_at, reason = excluded.reason
                 WHERE deliveries.state = 'failed'",
                params![id, key, kind, now.timestamp(), reason],
            )
        })?;
        Ok(changed == 1)
    }

    fn in_doubt(
        &self,
        now: DateTime<Utc>,
        older_than: TimeDelta,
    ) -> Result<Vec<Record>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM deliveries WHERE state = 'sending' AND updated_at <= ?1
             ORDER BY updated_at, id"
        );
        self.query(&sql, [(now - older_than).timestamp()])
    }

    fn mark_unknown(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self.with(|conn| {
            conn.execute(
                "UPDATE deliveries SET state = 'unknown', updated_at = ?2
                 WHERE id = ?1 AND state = 'sending'",
                params![id, now.timestamp()],
            )
        })?;
        Ok(changed == 1)
    }

    fn ensure_baseline(
        &self,
        keys: &BTreeSet<String>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let taken: Option<String> = tx
                .query_row(
                    "SELECT value FROM meta WHERE key = 'baseline_taken_at'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                return Ok(false);
            }
            for key in keys {
                tx.execute(
                    "INSERT OR IGNORE INTO baseline (event_key, recorded_at) VALUES (?1, ?2)",
                    params![key, now.timestamp()],
                )?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('baseline_taken_at', ?1)",
                [now.to_rfc3339()],
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    fn known_roundups(&self) -> Result<KnownRoundups, StoreError> {
        self.with(|conn| {
            let keys = |sql: &str| -> rusqlite::Result<BTreeSet<String>> {
                conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
            };
            let baseline_taken = conn
                .query_row(
                    "SELECT 1 FROM meta WHERE key = 'baseline_taken_at'",
                    [],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            Ok(KnownRoundups {
                baseline: keys("SELECT event_key FROM baseline")?,
                noted: keys("SELECT DISTINCT event_key FROM deliveries WHERE kind = 'roundup'")?,
                baseline_taken,
            })
        })
    }

    fn status(&self) -> Result<Vec<Record>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries ORDER BY updated_at DESC, id");
        self.query(&sql, [])
    }
}

/// One process's file: no lease, as no other replica shares it.
impl Store for SqliteLog {
    fn describe(&self) -> String {
        format!("sqlite {}", self.path.display())
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.with(|conn| conn.query_row("SELECT 1", [], |_| Ok(())))
    }

    fn lease(self: std::sync::Arc<Self>) -> Option<std::sync::Arc<dyn Lease>> {
        None
    }

    fn latency(&self) -> Histogram {
        self.latency.clone()
    }
}

/// A row of `RSVP_COLUMNS`; a platform this emcee does not know is an error, never a panic.
fn rsvp(row: &Row<'_>) -> rusqlite::Result<Rsvp> {
    let platform: String = row.get(1)?;
    let millis: i64 = row.get(4)?;
    Ok(Rsvp {
        meetup: row.get(0)?,
        source: Source::parse(&platform).ok_or(rusqlite::Error::InvalidColumnType(
            1,
            platform,
            rusqlite::types::Type::Text,
        ))?,
        user_id: row.get(2)?,
        name: row.get(3)?,
        at: DateTime::from_timestamp_millis(millis)
            .ok_or(rusqlite::Error::IntegralValueOutOfRange(4, millis))?,
        notify: row.get(5)?,
    })
}

impl RsvpStore for SqliteLog {
    fn set_going(
        &self,
        community: &str,
        meetup: &str,
        member: &Member,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let changed = self.with(|conn| {
            conn.execute(
                "INSERT INTO rsvps (community, meetup, platform, user_id, display_name, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT DO NOTHING",
                params![
                    community,
                    meetup,
                    member.source.as_str(),
                    member.id,
                    member.name,
                    now.timestamp_millis()
                ],
            )
        })?;
        Ok(changed == 1)
    }

    fn set_not_going(
        &self,
        community: &str,
        meetup: &str,
        source: Source,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        let changed = self.with(|conn| {
            conn.execute(
                "DELETE FROM rsvps
                 WHERE community = ?1 AND meetup = ?2 AND platform = ?3 AND user_id = ?4",
                params![community, meetup, source.as_str(), user_id],
            )
        })?;
        Ok(changed == 1)
    }

    fn set_notify(
        &self,
        community: &str,
        meetup: &str,
        source: Source,
        user_id: &str,
        on: bool,
    ) -> Result<bool, StoreError> {
        let changed = self.with(|conn| {
            conn.execute(
                "UPDATE rsvps SET notify = ?5
                 WHERE community = ?1 AND meetup = ?2 AND platform = ?3 AND user_id = ?4",
                params![community, meetup, source.as_str(), user_id, on],
            )
        })?;
        Ok(changed == 1)
    }

    fn rsvps(&self, community: &str, meetup: &str) -> Result<Vec<Rsvp>, StoreError> {
        let sql = format!(
            "SELECT {RSVP_COLUMNS} FROM rsvps WHERE community = ?1 AND meetup = ?2
             ORDER BY answered_at, rowid"
        );
        self.with(|conn| {
            conn.prepare(&sql)?
                .query_map([community, meetup], rsvp)?
                .collect()
        })
    }

    fn all_rsvps(&self, community: &str) -> Result<Vec<Rsvp>, StoreError> {
        let sql = format!(
            "SELECT {RSVP_COLUMNS} FROM rsvps WHERE community = ?1
             ORDER BY meetup, answered_at, rowid"
        );
        self.with(|conn| conn.prepare(&sql)?.query_map([community], rsvp)?.collect())
    }

    fn forget(&self, source: Source, user_id: &str) -> Result<usize, StoreError> {
        self.with(|conn| {
            conn.execute(
                "DELETE FROM rsvps WHERE platform = ?1 AND user_id = ?2",
                params![source.as_str(), user_id],
            )
        })
    }
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
