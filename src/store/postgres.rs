//! The store in PostgreSQL, shared by every replica: the same delivery log and RSVPs as the
//! SQLite file, plus the leader lease. Connects with sqlx (async, pure Rust, TLS by rustls) and
//! migrates the schema at start-up with sqlx's migrator, which holds a PostgreSQL advisory lock
//! while it runs, so two replicas starting at once apply each migration once.
//!
//! The store traits are synchronous (SQLite answers in microseconds and the callers are plain
//! functions), so a [`PgStore`] runs its queries on a small runtime of its own and waits for the
//! answer: from a Tokio worker through `block_in_place`, so other tasks move on meanwhile. Each
//! operation gives up after [`OP_TIMEOUT`].
//!
//! `PgStore::connect("postgres://emcee@db:5432/emcee")?.claim(id, now)` → `Ok(true)` once, in
//! whichever replica asks first.
//!
//! The claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE` statement: the check and the write
//! happen under the row's lock, so two replicas can never both take one announcement, lease or
//! no lease. With a lease held, the claim also checks its fence: a replica that lost the lease
//! without noticing cannot claim anything new.

use std::collections::BTreeSet;
use std::future::Future;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use prometheus_client::metrics::histogram::Histogram;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{Row, SqlStr};

use super::{
    DeliveryLog, Lease, Record, RetryPolicy, RsvpStore, State, Store, StoreError, key_and_kind,
};
use crate::announce::schedule::KnownRoundups;
use crate::config::redact_password;
use crate::rsvp::{Member, Rsvp, Source};

/// The longest one store operation may take before it counts as a failure.
pub const OP_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections each replica keeps at most.
const POOL_SIZE: u32 = 8;

/// The schema, one file a version (`migrations/postgres/`), applied in order at start-up.
fn migrator() -> Migrator {
    let migration = |version, description: &'static str, sql: &'static str| {
        Migration::new(
            version,
            description.into(),
            MigrationType::Simple,
            SqlStr::from_static(sql),
            false,
        )
    };
    Migrator::with_migrations(vec![migration(
        1,
        "state",
        include_str!("../../migrations/postgres/0001_state.sql"),
    )])
}

const COLUMNS: &str =
    "id, state, attempts, created_at, updated_at, last_error, platform_message_id, reason";

/// Which lease this process's claims are fenced by.
#[derive(Clone, Debug, PartialEq)]
enum Fence {
    /// No lease taken (a one-off command): claims are not fenced.
    Unused,
    Held {
        holder: String,
        fence: i64,
    },
    /// The lease was lost or let go: no claim succeeds until it is taken again.
    Lost,
}

pub struct PgStore {
    /// The URL without its password.
    url: String,
    pool: PgPool,
    /// Runs the queries; `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    retry: RetryPolicy,
    latency: Histogram,
    fence: Mutex<Fence>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.url).finish()
    }
}

/// Runs `future` on `runtime` and waits for it from any thread, async or not.
fn block_on<T: Send + 'static>(
    runtime: &tokio::runtime::Runtime,
    future: impl Future<Output = T> + Send + 'static,
) -> Option<T> {
    let (answer, answered) = std::sync::mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _ = answer.send(future.await);
    });
    let wait = move || answered.recv().ok();
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(wait)
        }
        _ => wait(),
    }
}

/// A row of `COLUMNS` as a record; a malformed one is an error, never a panic.
fn record(row: &PgRow) -> Result<Record, sqlx::Error> {
    let time = |column: &str| -> Result<DateTime<Utc>, sqlx::Error> {
        let secs: i64 = row.try_get(column)?;
        DateTime::from_timestamp(secs, 0).ok_or_else(|| decode_error(column, secs))
    };
    let state: String = row.try_get("state")?;
    let attempts: i32 = row.try_get("attempts")?;
    Ok(Record {
        id: row.try_get("id")?,
        state: State::parse(&state).ok_or_else(|| decode_error("state", &state))?,
        attempts: u32::try_from(attempts).map_err(|_| decode_error("attempts", attempts))?,
        created_at: time("created_at")?,
        updated_at: time("updated_at")?,
        last_error: row.try_get("last_error")?,
        platform_message_id: row.try_get("platform_message_id")?,
        reason: row.try_get("reason")?,
    })
}

/// A row of the RSVP columns; a platform this emcee does not know is an error.
fn rsvp(row: &PgRow) -> Result<Rsvp, sqlx::Error> {
    let platform: String = row.try_get("platform")?;
    let millis: i64 = row.try_get("answered_at")?;
    Ok(Rsvp {
        meetup: row.try_get("meetup")?,
        source: Source::parse(&platform).ok_or_else(|| decode_error("platform", &platform))?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("display_name")?,
        at: DateTime::from_timestamp_millis(millis)
            .ok_or_else(|| decode_error("answered_at", millis))?,
        notify: row.try_get("notify")?,
    })
}

fn decode_error(column: &str, value: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("column {column} holds {value}, which emcee cannot read").into())
}

impl PgStore {
    /// Connects to `url` and brings its schema up to date.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        PgStore::connect_with(url, RetryPolicy::default())
    }

    pub fn connect_with(url: &str, retry: RetryPolicy) -> Result<PgStore, StoreError> {
        let shown = redact_password(url);
        let failed = |op, source| StoreError::Postgres {
            url: shown.clone(),
            op,
            source,
        };
        let options = PgConnectOptions::from_str(url)
            .map_err(|source| failed("reading the URL", source))?
            .application_name("emcee");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("emcee-store")
            .enable_all()
            .build()
            .map_err(|err| failed("starting its runtime", sqlx::Error::Io(err)))?;
        let connected = block_on(&runtime, async move {
            // One connection first, retried for a while, so that a database still starting is
            // waited for and one that never answers is reported with its own error (the pool
            // would only say it timed out).
            let started = Instant::now();
            loop {
                use sqlx::Connection;
                match sqlx::PgConnection::connect_with(&options).await {
                    Ok(conn) => {
                        let _ = conn.close().await;
                        break;
                    }
                    Err(err) if started.elapsed() >= OP_TIMEOUT => return Err(err),
                    Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
                }
            }
            let pool = PgPoolOptions::new()
                .max_connections(POOL_SIZE)
                .acquire_timeout(OP_TIMEOUT)
                .connect_with(options)
                .await?;
            Ok::<_, sqlx::Error>(pool)
        });
        let pool = match connected {
            Some(Ok(pool)) => pool,
            Some(Err(source)) => return Err(failed("connecting", source)),
            None => return Err(failed("connecting", sqlx::Error::PoolClosed)),
        };
        let migrating = pool.clone();
        match block_on(&runtime, async move { migrator().run(&migrating).await }) {
            Some(Ok(())) => {}
            Some(Err(source)) => {
                return Err(StoreError::Migrate { url: shown, source });
            }
            None => return Err(failed("migrating", sqlx::Error::PoolClosed)),
        }
        Ok(PgStore {
            url: shown,
            pool,
            runtime: Some(runtime),
            retry,
            latency: super::latency_histogram(),
            fence: Mutex::new(Fence::Unused),
        })
    }

    /// Runs one operation (`op` names it in errors) on the store's runtime and waits for it,
    /// at most [`OP_TIMEOUT`].
    fn run<T: Send + 'static>(
        &self,
        op: &'static str,
        query: impl FnOnce(
            PgPool,
        )
            -> std::pin::Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send>>,
    ) -> Result<T, StoreError> {
        let started = Instant::now();
        let future = query(self.pool.clone());
        let answer = match &self.runtime {
            // The timer is made inside the store's runtime, whose clock it needs.
            Some(runtime) => block_on(runtime, async move {
                tokio::time::timeout(OP_TIMEOUT, future).await
            }),
            None => None,
        };
        self.latency.observe(started.elapsed().as_secs_f64());
        match answer {
            Some(Ok(Ok(value))) => Ok(value),
            Some(Ok(Err(source))) => Err(StoreError::Postgres {
                url: self.url.clone(),
                op,
                source,
            }),
            Some(Err(_)) | None => Err(StoreError::PostgresTimeout {
                url: self.url.clone(),
                op,
                after: OP_TIMEOUT,
            }),
        }
    }

    /// Rows changed by one statement with `binds` (text, then integers).
    fn execute(
        &self,
        op: &'static str,
        sql: &'static str,
        texts: Vec<Option<String>>,
        numbers: Vec<i64>,
    ) -> Result<u64, StoreError> {
        self.run(op, move |pool| {
            Box::pin(async move {
                let mut query = sqlx::query(sql);
                for text in texts {
                    query = query.bind(text);
                }
                for number in numbers {
                    query = query.bind(number);
                }
                Ok(query.execute(&pool).await?.rows_affected())
            })
        })
    }

    fn records(
        &self,
        op: &'static str,
        sql: String,
        number: Option<i64>,
    ) -> Result<Vec<Record>, StoreError> {
        self.run(op, move |pool| {
            Box::pin(async move {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                if let Some(number) = number {
                    query = query.bind(number);
                }
                query.fetch_all(&pool).await?.iter().map(record).collect()
            })
        })
    }

    /// Runs one update that must find the row claimed; otherwise says what state it is in.
    fn update_claimed(
        &self,
        id: &str,
        sql: &'static str,
        texts: Vec<Option<String>>,
        numbers: Vec<i64>,
    ) -> Result<(), StoreError> {
        if self.execute("marking an announcement", sql, texts, numbers)? == 1 {
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

    fn set_fence(&self, fence: Fence) {
        *self.fence.lock().unwrap_or_else(PoisonError::into_inner) = fence;
    }
}

impl Drop for PgStore {
    /// The runtime goes without waiting: dropping it inside an async caller must not block.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl DeliveryLog for PgStore {
    fn state(&self, id: &str) -> Result<Option<Record>, StoreError> {
        let id = id.to_owned();
        self.run("reading an announcement", move |pool| {
            Box::pin(async move {
                let sql =
                    sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM deliveries WHERE id = $1"));
                sqlx::query(sql)
                    .bind(id)
                    .fetch_optional(&pool)
                    .await?
                    .as_ref()
                    .map(record)
                    .transpose()
            })
        })
    }

    fn claim(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let (key, kind) = key_and_kind(id);
        // (holder, fence) the lease must still have; no holder: not fenced.
        let (holder, fence) = match &*self.fence.lock().unwrap_or_else(PoisonError::into_inner) {
            Fence::Unused => (None, 0),
            Fence::Held { holder, fence } => (Some(holder.clone()), *fence),
            Fence::Lost => (Some(String::new()), 0),
        };
        let changed = self.execute(
            "claiming an announcement",
            "INSERT INTO deliveries (id, event_key, kind, state, attempts, created_at, updated_at)
             SELECT $1, $2, $3, 'sending', 1, $5, $5
             WHERE $4::text IS NULL OR EXISTS (
                 SELECT 1 FROM leases WHERE holder = $4 AND fence = $8 AND expires_at > now())
             ON CONFLICT (id) DO UPDATE SET
                 state = 'sending', attempts = deliveries.attempts + 1,
                 updated_at = excluded.updated_at
             WHERE deliveries.state = 'failed' AND deliveries.attempts < $6
                 AND deliveries.updated_at + ($7 << LEAST(deliveries.attempts - 1, 30)) <= $5",
            vec![
                Some(id.to_owned()),
                Some(key.to_owned()),
                Some(kind.to_owned()),
                holder,
            ],
            vec![
                now.timestamp(),
                i64::from(self.retry.max_attempts),
                self.retry.first_delay.num_seconds(),
                fence,
            ],
        )?;
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
            "UPDATE deliveries SET state = 'sent', updated_at = $3, platform_message_id = $2
             WHERE id = $1 AND state IN ('sending', 'unknown')",
            vec![Some(id.to_owned()), message.map(str::to_owned)],
            vec![now.timestamp()],
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
            "UPDATE deliveries SET updated_at = $3, last_error = $2,
                 state = CASE WHEN $4 = 1 OR attempts >= $5
                     THEN 'failed-permanently' ELSE 'failed' END
             WHERE id = $1 AND state IN ('sending', 'unknown')",
            vec![Some(id.to_owned()), Some(error.to_owned())],
            vec![
                now.timestamp(),
                i64::from(permanent),
                i64::from(self.retry.max_attempts),
            ],
        )
    }

    fn mark_skipped(&self, id: &str, now: DateTime<Utc>, reason: &str) -> Result<bool, StoreError> {
        let (key, kind) = key_and_kind(id);
        let changed = self.execute(
            "skipping an announcement",
            "INSERT INTO deliveries
                 (id, event_key, kind, state, attempts, created_at, updated_at, reason)
             VALUES ($1, $2, $3, 'skipped', 0, $5, $5, $4)
             ON CONFLICT (id) DO UPDATE SET
                 state = 'skipped', updated_at = excluded.updated_at, reason = excluded.reason
             WHERE deliveries.state = 'failed'",
            vec![
                Some(id.to_owned()),
                Some(key.to_owned()),
                Some(kind.to_owned()),
                Some(reason.to_owned()),
            ],
            vec![now.timestamp()],
        )?;
        Ok(changed == 1)
    }

    fn in_doubt(
        &self,
        now: DateTime<Utc>,
        older_than: TimeDelta,
    ) -> Result<Vec<Record>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM deliveries WHERE state = 'sending' AND updated_at <= $1
             ORDER BY updated_at, id"
        );
        self.records(
            "reading sends in doubt",
            sql,
            Some((now - older_than).timestamp()),
        )
    }

    fn mark_unknown(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self.execute(
            "marking a send in doubt",
            "UPDATE deliveries SET state = 'unknown', updated_at = $2
             WHERE id = $1 AND state = 'sending'",
            vec![Some(id.to_owned())],
            vec![now.timestamp()],
        )?;
        Ok(changed == 1)
    }

    fn ensure_baseline(
        &self,
        keys: &BTreeSet<String>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let keys: Vec<String> = keys.iter().cloned().collect();
        self.run("taking the baseline", move |pool| {
            Box::pin(async move {
                let mut tx = pool.begin().await?;
                // The first replica to insert the marker takes the baseline; a second one
                // waits on the row, then finds it taken.
                let taken = sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ('baseline_taken_at', $1)
                     ON CONFLICT DO NOTHING",
                )
                .bind(now.to_rfc3339())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if taken == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO baseline (event_key, recorded_at)
                     SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING",
                )
                .bind(keys)
                .bind(now.timestamp())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            })
        })
    }

    fn known_roundups(&self) -> Result<KnownRoundups, StoreError> {
        self.run("reading the roundups noted", move |pool| {
            Box::pin(async move {
                let keys = |sql: &'static str| {
                    let pool = pool.clone();
                    async move {
                        let rows = sqlx::query(sql).fetch_all(&pool).await?;
                        rows.iter()
                            .map(|r| r.try_get::<String, _>(0))
                            .collect::<Result<BTreeSet<String>, _>>()
                    }
                };
                let baseline_taken =
                    sqlx::query("SELECT 1 FROM meta WHERE key = 'baseline_taken_at'")
                        .fetch_optional(&pool)
                        .await?
                        .is_some();
                Ok(KnownRoundups {
                    baseline: keys("SELECT event_key FROM baseline").await?,
                    noted: keys("SELECT DISTINCT event_key FROM deliveries WHERE kind = 'roundup'")
                        .await?,
                    baseline_taken,
                })
            })
        })
    }

    fn status(&self) -> Result<Vec<Record>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries ORDER BY updated_at DESC, id");
        self.records("reading the log", sql, None)
    }
}

const RSVP_COLUMNS: &str = "meetup, platform, user_id, display_name, answered_at, notify";

impl RsvpStore for PgStore {
    fn set_going(
        &self,
        community: &str,
        meetup: &str,
        member: &Member,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let changed = self.execute(
            "recording an RSVP",
            "INSERT INTO rsvps (community, meetup, platform, user_id, display_name, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT DO NOTHING",
            vec![
                Some(community.to_owned()),
                Some(meetup.to_owned()),
                Some(member.source.as_str().to_owned()),
                Some(member.id.clone()),
                Some(member.name.clone()),
            ],
            vec![now.timestamp_millis()],
        )?;
        Ok(changed == 1)
    }

    fn set_not_going(
        &self,
        community: &str,
        meetup: &str,
        source: Source,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        let changed = self.execute(
            "removing an RSVP",
            "DELETE FROM rsvps
             WHERE community = $1 AND meetup = $2 AND platform = $3 AND user_id = $4",
            member_key(community, meetup, source, user_id),
            vec![],
        )?;
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
        let changed = self.execute(
            "changing an RSVP's reminder",
            "UPDATE rsvps SET notify = ($5 = 1)
             WHERE community = $1 AND meetup = $2 AND platform = $3 AND user_id = $4",
            member_key(community, meetup, source, user_id),
            vec![i64::from(on)],
        )?;
        Ok(changed == 1)
    }

    fn rsvps(&self, community: &str, meetup: &str) -> Result<Vec<Rsvp>, StoreError> {
        let (community, meetup) = (community.to_owned(), meetup.to_owned());
        self.run("reading RSVPs", move |pool| {
            Box::pin(async move {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT {RSVP_COLUMNS} FROM rsvps WHERE community = $1 AND meetup = $2
                     ORDER BY answered_at, seq"
                ));
                let rows = sqlx::query(sql)
                    .bind(community)
                    .bind(meetup)
                    .fetch_all(&pool)
                    .await?;
                rows.iter().map(rsvp).collect()
            })
        })
    }

    fn all_rsvps(&self, community: &str) -> Result<Vec<Rsvp>, StoreError> {
        let community = community.to_owned();
        self.run("reading RSVPs", move |pool| {
            Box::pin(async move {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT {RSVP_COLUMNS} FROM rsvps WHERE community = $1
                     ORDER BY meetup, answered_at, seq"
                ));
                let rows = sqlx::query(sql).bind(community).fetch_all(&pool).await?;
                rows.iter().map(rsvp).collect()
            })
        })
    }

    fn forget(&self, source: Source, user_id: &str) -> Result<usize, StoreError> {
        let gone = self.execute(
            "forgetting a member",
            "DELETE FROM rsvps WHERE platform = $1 AND user_id = $2",
            vec![Some(source.as_str().to_owned()), Some(user_id.to_owned())],
            vec![],
        )?;
        Ok(usize::try_from(gone).unwrap_or(usize::MAX))
    }
}

/// The four text binds that name one member's answer.
fn member_key(community: &str, meetup: &str, source: Source, user_id: &str) -> Vec<Option<String>> {
    [community, meetup, source.as_str(), user_id]
        .into_iter()
        .map(|text| Some(text.to_owned()))
        .collect()
}

impl Lease for PgStore {
    fn acquire(
        &self,
        name: &str,
        holder: &str,
        period: Duration,
    ) -> Result<Option<i64>, StoreError> {
        let (name, owner) = (name.to_owned(), holder.to_owned());
        let fence = self.run("taking the lease", move |pool| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO leases (name, holder, fence, expires_at)
                     VALUES ($1, $2, 1, now() + make_interval(secs => $3))
                     ON CONFLICT (name) DO UPDATE SET
                         holder = excluded.holder, fence = leases.fence + 1,
                         expires_at = excluded.expires_at
                     WHERE leases.expires_at <= now()
                     RETURNING fence",
                )
                .bind(name)
                .bind(owner)
                .bind(period.as_secs_f64())
                .fetch_optional(&pool)
                .await?
                .map(|row| row.try_get::<i64, _>(0))
                .transpose()
            })
        })?;
        if let Some(fence) = fence {
            self.set_fence(Fence::Held {
                holder: holder.to_owned(),
                fence,
            });
        }
        Ok(fence)
    }

    fn renew(
        &self,
        name: &str,
        holder: &str,
        fence: i64,
        period: Duration,
    ) -> Result<bool, StoreError> {
        let (name, owner) = (name.to_owned(), holder.to_owned());
        let renewed = self.run("renewing the lease", move |pool| {
            Box::pin(async move {
                let done = sqlx::query(
                    "UPDATE leases SET expires_at = now() + make_interval(secs => $4)
                     WHERE name = $1 AND holder = $2 AND fence = $3 AND expires_at > now()",
                )
                .bind(name)
                .bind(owner)
                .bind(fence)
                .bind(period.as_secs_f64())
                .execute(&pool)
                .await?;
                Ok(done.rows_affected() == 1)
            })
        })?;
        if !renewed {
            self.set_fence(Fence::Lost);
        }
        Ok(renewed)
    }

    fn release(&self, name: &str, holder: &str, fence: i64) -> Result<(), StoreError> {
        self.set_fence(Fence::Lost);
        self.execute(
            "letting the lease go",
            "UPDATE leases SET expires_at = now()
             WHERE name = $1 AND holder = $2 AND fence = $3",
            vec![Some(name.to_owned()), Some(holder.to_owned())],
            vec![fence],
        )?;
        Ok(())
    }
}

impl Store for PgStore {
    fn describe(&self) -> String {
        format!("postgres {}", self.url)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.run("checking the connection", |pool| {
            Box::pin(async move {
                sqlx::query("SELECT 1").execute(&pool).await?;
                Ok(())
            })
        })
    }

    fn lease(self: std::sync::Arc<Self>) -> Option<std::sync::Arc<dyn Lease>> {
        Some(self)
    }

    fn latency(&self) -> Histogram {
        self.latency.clone()
    }
}

/// The PostgreSQL server emcee's own tests use, `EMCEE_TEST_DATABASE_URL` (`.ci/run` sets it);
/// `None`, said on stderr, without one, except under CI (`CI` set), where that is a failure.
pub fn test_server() -> Option<String> {
    let Ok(server) = std::env::var("EMCEE_TEST_DATABASE_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "EMCEE_TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests (.ci/postgres.sh)"
        );
        eprintln!("skipped: set EMCEE_TEST_DATABASE_URL to run the PostgreSQL tests");
        return None;
    };
    Some(server)
}

/// Makes an empty database `name` on the server `server_url` points at (dropping one of that
/// name first) and returns its URL: each test, benchmark or trial runs on its own.
pub fn scratch_database(server_url: &str, name: &str) -> Result<String, StoreError> {
    let shown = redact_password(server_url);
    let failed = |op, source| StoreError::Postgres {
        url: shown.clone(),
        op,
        source,
    };
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(failed(
            "naming a scratch database",
            sqlx::Error::Configuration(format!("{name:?}: use a-z, 0-9 and _").into()),
        ));
    }
    let options =
        PgConnectOptions::from_str(server_url).map_err(|e| failed("reading the URL", e))?;
    let statements = [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ];
    // A thread of its own with a runtime of its own: callable from async code too.
    let made = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(sqlx::Error::Io)?;
                runtime.block_on(async {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect_with(&options).await?;
                    for sql in statements {
                        sqlx::query(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await?;
                    }
                    conn.close().await
                })
            })
            .join()
    });
    match made {
        Ok(Ok(())) => Ok(options_url(server_url, name)),
        Ok(Err(source)) => Err(failed("making a scratch database", source)),
        Err(_) => Err(failed("making a scratch database", sqlx::Error::PoolClosed)),
    }
}

/// `server_url` with its database (the path) replaced by `name`, query kept.
fn options_url(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server_url, String::new()),
    };
    let authority_end = base
        .find("://")
        .map(|at| at + 3)
        .and_then(|start| base[start..].find('/').map(|slash| start + slash))
        .unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..authority_end])
}

#[cfg(test)]
#[path = "postgres_tests.rs"]
mod tests;
