//! The announcer at work: one [`Announcer::tick`] posts what is due at an instant, exactly once
//! per announcement and channel, and records it in the delivery log. `emcee announce --once`
//! runs one tick; `emcee serve` runs one every [`EVERY`].
//!
//! Within a tick a transient failure (5xx, a timeout, 429) is retried after 1 s, 2 s, … (or the
//! platform's Retry-After) up to [`Announcer::attempts`] times; after that the log's retry
//! policy takes over on later ticks. A permanent failure (403, an unknown channel) is recorded
//! and shown by `emcee announce --status`, never retried.
//!
//! Delivery is at most once (see [`super::store`]): the row is `sending` on disk before the
//! HTTP call, so a process killed mid-send never posts that announcement again; the row turns
//! `unknown` after [`LEASE`] and the message's footer carries the id to check by hand.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use super::deliver::{PostError, Poster};
use super::store::{DeliveryLog, Record, SqliteLog};
use super::{Channel, Listing, Settings, What, due, listing, render, roundup_keys, schedule};
use crate::server::App;

/// How often `serve` looks for due announcements.
pub const EVERY: Duration = Duration::from_secs(30);

/// A row left `sending` this long belongs to a process that died mid-send.
pub const LEASE: TimeDelta = TimeDelta::minutes(10);

/// Longest wait before a retry within one tick, whatever Retry-After says.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// What one tick did, by announcement id.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub sent: Vec<String>,
    /// Retries within the tick (each attempt after the first).
    pub retried: usize,
    /// (id, error), for failures recorded in this tick.
    pub failed: Vec<(String, String)>,
    pub skipped: Vec<String>,
    /// Sends of a process that died, now recorded as `unknown`.
    pub unknown: Vec<String>,
}

pub struct Announcer {
    app: Arc<App>,
    log: Box<dyn DeliveryLog>,
    settings: Settings,
    channels: Vec<Channel>,
    new_roundups: bool,
    poster: Poster,
    /// First wait before retrying within a tick; doubled for each retry after.
    pub backoff: Duration,
    /// Attempts within one tick.
    pub attempts: u32,
    /// Longest wait for one post before it counts as a transient failure.
    pub post_timeout: Duration,
}

impl Announcer {
    /// The announcer `[announce]` describes, with its SQLite delivery log opened.
    pub fn new(app: Arc<App>) -> anyhow::Result<Announcer> {
        let config = &app.config.announce;
        let settings = Settings::parse(&config.reminders, Some(&config.grace))
            .map_err(|e| anyhow::anyhow!("announce.reminders: {e}"))?;
        let channels = config
            .discord_channels
            .iter()
            .map(Channel::discord)
            .chain(config.slack_channels.iter().map(Channel::slack))
            .collect();
        let log = SqliteLog::open(&config.state)?;
        let poster = Poster::new(&app.config)?;
        Ok(Announcer {
            settings,
            channels,
            new_roundups: config.new_roundups,
            log: Box::new(log),
            poster,
            app,
            backoff: Duration::from_secs(1),
            attempts: 3,
            post_timeout: super::deliver::POST_TIMEOUT,
        })
    }

    /// Posts everything due at `now`, records every outcome, and says what happened.
    pub async fn tick(&self, now: DateTime<Utc>) -> anyhow::Result<Report> {
        let mut report = Report::default();
        let archive = self.app.archive();
        let corpus = &archive.corpus;
        // The roundups present at the very first start are the baseline, not news.
        if !corpus.events.is_empty() && self.log.ensure_baseline(&roundup_keys(corpus, now), now)? {
            tracing::info!("first start: the roundups already published are not announced");
        }
        for record in self.log.in_doubt(now, LEASE)? {
            if self.log.mark_unknown(&record.id, now)? {
                tracing::warn!(
                    id = %record.id,
                    "an earlier run died while posting this; it is not posted again"
                );
                report.unknown.push(record.id);
            }
        }
        let due = due(self.plan(now)?, now, self.settings.grace);
        for (announcement, why) in due.skip {
            if self
                .log
                .mark_skipped(&announcement.id, now, &why.to_string())?
            {
                tracing::info!(id = %announcement.id, "skipped: {why}");
                self.app.metrics.announcement("skipped");
                report.skipped.push(announcement.id);
            }
        }
        for announcement in due.send {
            if !self.log.claim(&announcement.id, now)? {
                continue;
            }
            let reply = render(&archive, &announcement);
            let mut wait = self.backoff;
            let mut attempt = 1;
            loop {
                match self
                    .poster
                    .post(&announcement.channel, &reply, self.post_timeout)
                    .await
                {
                    Ok(message) => {
                        self.log
                            .mark_sent(&announcement.id, now, message.as_deref())?;
                        tracing::info!(id = %announcement.id, "posted");
                        self.app.metrics.announcement("sent");
                        report.sent.push(announcement.id.clone());
                        break;
                    }
                    Err(PostError::Transient {
                        message,
                        retry_after,
                    }) if attempt < self.attempts => {
                        let pause = retry_after.unwrap_or(wait).min(MAX_WAIT);
                        tracing::warn!(
                            id = %announcement.id,
                            "{message}; retrying in {:.1} s",
                            pause.as_secs_f64()
                        );
                        self.app.metrics.announcement("retried");
                        report.retried += 1;
                        tokio::time::sleep(pause).await;
                        wait = wait.saturating_mul(2);
                        attempt += 1;
                    }
                    Err(err) => {
                        let permanent = err.is_permanent();
                        self.log
                            .mark_failed(&announcement.id, now, &err.to_string(), permanent)?;
                        tracing::error!(id = %announcement.id, permanent, "could not post: {err}");
                        self.app.metrics.announcement("failed");
                        report
                            .failed
                            .push((announcement.id.clone(), err.to_string()));
                        break;
                    }
                }
            }
        }
        Ok(report)
    }

    /// Every announcement the corpus implies at `now`, due or not.
    fn plan(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<super::Announcement>> {
        let archive = self.app.archive();
        let known = self.log.known_roundups()?;
        let mut plan = schedule(&archive.corpus, &self.settings, &self.channels, &known, now);
        if !self.new_roundups {
            plan.retain(|a| !matches!(a.what, What::Roundup));
        }
        Ok(plan)
    }

    /// The schedule as `emcee announce --dry-run` prints it: what, where, when, and what would
    /// happen at `now`.
    pub fn dry_run(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Listing>> {
        let plan = self.plan(now)?;
        let tz = self.app.archive().corpus.community.timezone;
        Ok(listing(&plan, now, self.settings.grace, tz, |id| {
            self.log.state(id).ok().flatten().map(|r| r.state)
        }))
    }

    /// Every row of the delivery log, newest first, for `emcee announce --status`.
    pub fn status(&self) -> anyhow::Result<Vec<Record>> {
        Ok(self.log.status()?)
    }

    /// Ticks every `every` until `shutdown` resolves; a failed tick is logged and the next one
    /// tries again.
    pub async fn run(self, every: Duration, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            match self.tick(Utc::now()).await {
                Ok(report) if report != Report::default() => {
                    tracing::debug!(?report, "announcements");
                }
                Ok(_) => {}
                Err(err) => tracing::error!("announcements: {err:#}"),
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = &mut shutdown => return,
            }
        }
    }
}
