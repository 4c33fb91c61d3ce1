//! The store: emcee's only state, behind traits so that a shared database can replace the local
//! file when several replicas run. Today it holds the delivery log, [`DeliveryLog`], what emcee
//! has announced, so that a restart posts nothing twice; [`SqliteLog`] keeps it in one SQLite
//! file (`state = "emcee-state.sqlite"`) in WAL mode.
//!
//! `log.claim("2019-04-03/reminder/7d/discord:123", now)` → `true` once, `false` ever after;
//! after `mark_sent(…, Some("1234"))`, `state(…)` → `Record { state: Sent, attempts: 1, … }`.
//!
//! # States and crash semantics: at most once
//!
//! ```text
//!            claim                  mark_sent
//!   (none) ────────▶ sending ───────────────────────▶ sent
//!                      │  └── mark_failed ──▶ failed ──claim (after a delay)──▶ sending
//!                      │                        └── (permanent, or attempts used up) ──▶ failed-permanently
//!                      └── (left there: emcee died mid-send) ── mark_unknown ──▶ unknown
//!   (none) or failed ── mark_skipped ──▶ skipped
//! ```
//!
//! A row is written as `sending` *before* the HTTP call and as `sent` after it. A row found in
//! `sending` longer than a send can take ([`DeliveryLog::in_doubt`]) means the process died
//! between the two: the message may or may not be in the channel. emcee then records it as
//! `unknown` and **does not post it again**. Why at most once rather than checking the channel:
//! a duplicate reminder in a community channel is more visible than a missing one (each meetup
//! has several reminders, and the event page has the details); reading channel history would
//! need one more permission on each platform (Discord's Read Message History, Slack's
//! `channels:history`) for a window as short as one HTTP call; and a lease on `sending` rows is
//! what lets several replicas share one log without two of them posting. The footer of every
//! announcement carries its id (`emcee · 2019-04-03/reminder/7d`), so an organiser, or a later
//! version, can still tell whether an `unknown` one went out.
//!
//! The same file keeps the RSVPs, [`RsvpStore`]: one row per member going to a meetup, keyed by
//! (community id, meetup id, platform, user id), in click order. A PostgreSQL backend
//! implements the same traits and runs the same test suite (`rsvp_suite`).
//!
//! Failures: a transient one (timeout, 5xx, rate limit) leaves the row `failed`, and `claim`
//! takes it again once `first_delay × 2^(attempts − 1)` has passed, up to `max_attempts`; a
//! permanent one (missing permission, unknown channel) is never retried.

#[cfg(test)]
pub(crate) mod log_suite;
mod postgres;
#[cfg(test)]
pub(crate) mod rsvp_suite;
mod sqlite;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

use chrono::{DateTime, TimeDelta, Utc};
use thiserror::Error;

pub use crate::announce::State;
use crate::announce::schedule::KnownRoundups;
use crate::rsvp::{Member, Rsvp, Source};
pub use postgres::{PgStore, scratch_database, test_server};
pub use sqlite::{SCHEMA_VERSION, SqliteLog};

/// One announcement's row in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub state: State,
    /// Claims so far (0 for one skipped without an attempt).
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_error: Option<String>,
    /// The posted message's id (Discord message id, Slack `ts`).
    pub platform_message_id: Option<String>,
    /// Why it was skipped.
    pub reason: Option<String>,
}

/// How often a transient failure is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Claims in all; the failure after the last one is permanent.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled for each one after.
    pub first_delay: TimeDelta,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            first_delay: TimeDelta::minutes(1),
        }
    }
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the folder of the state file {path} does not exist: create it or set `state` to another path"
    )]
    MissingDirectory { path: PathBuf },
    #[error("state file {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "state file {path} has schema version {found}; this emcee knows up to {SCHEMA_VERSION}: upgrade emcee"
    )]
    NewerSchema { path: PathBuf, found: i64 },
    #[error(
        "[state] url {url}: emcee does not store state in {scheme}; use a file path (or \
         sqlite://PATH) or postgres://USER@HOST/DB"
    )]
    UnsupportedScheme { url: String, scheme: String },
    #[error("announcement {id} is not being sent (it is {state}), so it cannot be marked")]
    NotClaimed { id: String, state: String },
    #[error("PostgreSQL state store {url}: {op}: {source}")]
    Postgres {
        /// The URL without its password.
        url: String,
        op: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("PostgreSQL state store {url}: {op}: no answer within {after:?}")]
    PostgresTimeout {
        url: String,
        op: &'static str,
        after: Duration,
    },
    #[error("state store: {op}: no answer within {after:?}")]
    Timeout { op: &'static str, after: Duration },
    #[error("PostgreSQL state store {url}: migrating the schema: {source}")]
    Migrate {
        url: String,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
}

/// Everything emcee keeps: the delivery log and the RSVPs in one backend, with what running
/// several replicas needs (a lease, a liveness check).
pub trait Store: DeliveryLog + RsvpStore {
    /// "sqlite emcee-state.sqlite" or "postgres postgres://emcee:***@db/emcee".
    fn describe(&self) -> String;
    /// One round trip: `Ok` while the store answers.
    fn ping(&self) -> Result<(), StoreError>;
    /// The leader lease, for a store that replicas share; `None` means this process is the
    /// only one and always leads.
    fn lease(self: Arc<Self>) -> Option<Arc<dyn Lease>>;
    /// The time each store operation took, for `/metrics`.
    fn latency(&self) -> Histogram;
}

/// A lease with expiry and fencing, kept in the store that the replicas share. The holder is
/// one process (`replica:pid:start`); the fence grows by one each time the lease changes hands.
pub trait Lease: Send + Sync {
    /// Takes the lease `name` for `period` when nobody holds it or its holder let it expire;
    /// the new fence, or `None` when someone else holds it.
    fn acquire(
        &self,
        name: &str,
        holder: &str,
        period: Duration,
    ) -> Result<Option<i64>, StoreError>;
    /// Extends the lease this holder has under `fence`; `false` when it has lost it.
    fn renew(
        &self,
        name: &str,
        holder: &str,
        fence: i64,
        period: Duration,
    ) -> Result<bool, StoreError>;
    /// Lets the lease go at once (a clean stop), so another replica need not wait it out.
    fn release(&self, name: &str, holder: &str, fence: i64) -> Result<(), StoreError>;
}

/// Opens the store a `[state] url` names: `postgres://…` (or `postgresql://…`) connects and
/// runs the migrations; a path, or `sqlite://PATH`, is a SQLite file; any other `SCHEME://`
/// (`mysql://x`) is refused, naming the schemes emcee supports.
pub fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(PgStore::connect(url)?));
    }
    if let Some(scheme) = unsupported_scheme(url) {
        return Err(StoreError::UnsupportedScheme {
            url: config_safe(url),
            scheme: scheme.to_owned(),
        });
    }
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    Ok(Arc::new(SqliteLog::open(path)?))
}

/// The scheme of a URL emcee cannot store state in: "mysql" for `mysql://x`; none for a path
/// (`state/emcee.sqlite`, `C:\\state.db`) or the supported schemes.
fn unsupported_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once("://")?;
    let is_scheme = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (is_scheme && !["sqlite", "postgres", "postgresql"].contains(&scheme)).then_some(scheme)
}

/// A URL as it may be shown: without its password.
fn config_safe(url: &str) -> String {
    crate::config::redact_password(url)
}

/// The buckets of `emcee_store_latency_seconds`: 100 µs to about 3 s.
/// The event key and kind of an id: `2019-04-03/reminder/7d/discord:1` → (`2019-04-03`, `reminder`).
fn key_and_kind(id: &str) -> (&str, &str) {
    let mut parts = id.splitn(3, '/');
    let key = parts.next().unwrap_or_default();
    (key, parts.next().unwrap_or_default())
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_1, 2.0, 16))
}

/// What the announcer needs to remember. Every method is one atomic step, so two processes
/// sharing a log never both claim an announcement.
pub trait DeliveryLog: Send + Sync {
    /// The row of `id`, if any.
    fn state(&self, id: &str) -> Result<Option<Record>, StoreError>;
    /// Takes `id` for sending: `true` when it had no row, or failed transiently and its retry
    /// delay has passed (attempts + 1); `false` otherwise. Call before the HTTP call.
    fn claim(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
    /// A claimed (or `unknown`) announcement was posted.
    fn mark_sent(
        &self,
        id: &str,
        now: DateTime<Utc>,
        platform_message_id: Option<&str>,
    ) -> Result<(), StoreError>;
    /// A claimed announcement failed to post; `permanent` ones are never retried.
    fn mark_failed(
        &self,
        id: &str,
        now: DateTime<Utc>,
        error: &str,
        permanent: bool,
    ) -> Result<(), StoreError>;
    /// Records `id` as skipped unless it already has a final row; `true` when recorded.
    fn mark_skipped(&self, id: &str, now: DateTime<Utc>, reason: &str) -> Result<bool, StoreError>;
    /// Rows left in `sending` for at least `older_than`: sends whose process died.
    fn in_doubt(
        &self,
        now: DateTime<Utc>,
        older_than: TimeDelta,
    ) -> Result<Vec<Record>, StoreError>;
    /// Moves a `sending` row to `unknown` (never posted again); `false` if it was not sending.
    fn mark_unknown(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
    /// On the first call ever, records `keys` (the roundups present) as the baseline and returns
    /// `true`; later calls change nothing and return `false`.
    fn ensure_baseline(
        &self,
        keys: &BTreeSet<String>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The baseline and the roundups noted so far, for [`crate::announce::schedule()`].
    fn known_roundups(&self) -> Result<KnownRoundups, StoreError>;
    /// Every row, newest first.
    fn status(&self) -> Result<Vec<Record>, StoreError>;
}

/// The RSVPs: who said they are going to which meetup, from which platform, in click order.
/// Every method is one atomic statement: two clicks at once never both add a row or lose one.
pub trait RsvpStore: Send + Sync {
    /// Records `member` as going; a member already going keeps their place (and first name).
    /// `true` when a row was added.
    fn set_going(
        &self,
        community: &str,
        meetup: &str,
        member: &Member,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Removes the member's answer; `true` when they were going or waiting.
    fn set_not_going(
        &self,
        community: &str,
        meetup: &str,
        source: Source,
        user_id: &str,
    ) -> Result<bool, StoreError>;
    /// Turns the last reminder's mention of the member on or off; `false` when they have no row.
    fn set_notify(
        &self,
        community: &str,
        meetup: &str,
        source: Source,
        user_id: &str,
        on: bool,
    ) -> Result<bool, StoreError>;
    /// The meetup's answers in click order.
    fn rsvps(&self, community: &str, meetup: &str) -> Result<Vec<Rsvp>, StoreError>;
    /// Every answer of the community, by meetup, then in click order.
    fn all_rsvps(&self, community: &str) -> Result<Vec<Rsvp>, StoreError>;
    /// Deletes everything kept about one member, in every community; how many rows went.
    fn forget(&self, source: Source, user_id: &str) -> Result<usize, StoreError>;
}

#[cfg(test)]
mod scheme_tests {
    use super::*;

    /// Regression: `mysql://x` was taken for a SQLite path and said a folder did not exist.
    #[test]
    fn an_unsupported_scheme_names_the_supported_ones() {
        for (url, expected) in [
            ("mysql://x", Some("mysql")),
            ("redis://u:secret@host/0", Some("redis")),
            ("sqlite://state/emcee.sqlite", None),
            ("postgres://u@h/db", None),
            ("state/emcee.sqlite", None),
            ("/var/lib/emcee/state.sqlite", None),
            ("C:\\emcee\\state.sqlite", None),
        ] {
            assert_eq!(unsupported_scheme(url), expected, "{url}");
        }
        let err = open("mysql://emcee:hunter2@db/emcee")
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("does not store state in mysql"), "{err}");
        assert!(
            err.contains("sqlite://PATH") && err.contains("postgres://"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
    }
}
