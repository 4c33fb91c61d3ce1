//! The announcer at work: one [`Announcer::tick`] posts what is due at an instant, exactly once
//! per announcement and channel, and records it in the delivery log. `emcee announce --once`
//! runs one tick; `emcee serve` runs one every [`EVERY`]. It posts through [`Poster`], which each
//! platform implements, and remembers through the store's [`DeliveryLog`]; it knows no platform.
//!
//! Within a tick a transient failure (5xx, a timeout, 429) is retried after 1 s, 2 s, … (or the
//! platform's Retry-After) up to [`Announcer::attempts`] times; after that the log's retry
//! policy takes over on later ticks. A permanent failure (403, an unknown channel) is recorded
//! and shown by `emcee announce --status`, never retried. A platform that said yes (a 2xx,
//! Slack's `ok: true`) in a body its client could not read has the message: each [`Poster`]
//! returns `Ok(None)` for it with a warning, so it is recorded as posted, not retried.
//!
//! Delivery is at most once (see [`crate::store`]): the row is `sending` on disk before the
//! HTTP call, so a process killed mid-send never posts that announcement again; the row turns
//! `unknown` after [`LEASE`] and the message's footer carries the id to check by hand.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::announce::{
    Announcement, Channel, Listing, Platform, Settings, What, due, listing, render, roundup_keys,
    schedule,
};
use crate::app::App;
use crate::archive::Archive;
use crate::reply::Reply;
use crate::rsvp::Source;
use crate::store::{DeliveryLog, Record};

/// Longest wait for one post by default; a platform that has not answered by then is retried.
pub const POST_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a post failed, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostError {
    #[error("{message}")]
    Transient {
        message: String,
        /// How long the platform asked emcee to wait (429 Retry-After).
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Permanent(String),
}

impl PostError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, PostError::Permanent(_))
    }

    pub fn transient(message: impl Into<String>) -> PostError {
        PostError::Transient {
            message: message.into(),
            retry_after: None,
        }
    }
}

/// A post under way: the platform's id of the new message when it is done.
pub type Posting<'a> = Pin<Box<dyn Future<Output = Result<Option<String>, PostError>> + Send + 'a>>;

/// Posts a reply in a channel of one platform, as the bot. Discord and Slack each implement it;
/// a test can too.
pub trait Poster: Send + Sync {
    /// Posts `reply` in the channel with this platform's id `channel`.
    fn post<'a>(&'a self, channel: &'a str, reply: &'a Reply) -> Posting<'a>;

    /// Sends `reply` to one member privately (a promotion from the waitlist).
    fn direct<'a>(&'a self, user: &'a str, reply: &'a Reply) -> Posting<'a> {
        let _ = (user, reply);
        Box::pin(async { Err(PostError::Permanent("no direct messages here".to_owned())) })
    }
}

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
    log: Arc<dyn DeliveryLog>,
    settings: Settings,
    channels: Vec<Channel>,
    new_roundups: bool,
    posters: HashMap<Platform, Box<dyn Poster>>,
    /// First wait before retrying within a tick; doubled for each retry after.
    pub backoff: Duration,
    /// Attempts within one tick.
    pub attempts: u32,
    /// Longest wait for one post before it counts as a transient failure.
    pub post_timeout: Duration,
}

impl Announcer {
    /// The announcer `[announce]` describes, remembering in `log` and posting with `posters`
    /// (one per platform it may post on).
    pub fn new(
        app: Arc<App>,
        log: Arc<dyn DeliveryLog>,
        posters: Vec<(Platform, Box<dyn Poster>)>,
    ) -> Announcer {
        let config = &app.config.announce;
        Announcer {
            settings: config.settings.clone(),
            channels: config.channels.clone(),
            new_roundups: config.new_roundups,
            log,
            posters: posters.into_iter().collect(),
            app,
            backoff: Duration::from_secs(1),
            attempts: 3,
            post_timeout: POST_TIMEOUT,
        }
    }

    /// Posts `reply` in `channel` through its platform's poster, waiting at most
    /// `post_timeout`; the platform's id of the new message.
    async fn post(&self, channel: &Channel, reply: &Reply) -> Result<Option<String>, PostError> {
        let Some(poster) = self.posters.get(&channel.platform) else {
            return Err(PostError::Permanent(format!(
                "emcee cannot post in {}: its bot token is not set",
                channel.platform.as_str()
            )));
        };
        match tokio::time::timeout(self.post_timeout, poster.post(&channel.id, reply)).await {
            Ok(result) => result,
            Err(_) => Err(PostError::transient(format!(
                "no answer within {:.1} s",
                self.post_timeout.as_secs_f64()
            ))),
        }
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
        let mut due = due(self.plan(now)?, now, self.settings.grace);
        // A reminder recorded under its date id by an earlier emcee is done already.
        let legacy = |a: &Announcement| -> anyhow::Result<bool> {
            Ok(match crate::announce::schedule::legacy_id(a) {
                Some(old) => self.log.state(&old)?.is_some(),
                None => false,
            })
        };
        let mut send = Vec::with_capacity(due.send.len());
        for a in due.send {
            if !legacy(&a)? {
                send.push(a);
            }
        }
        due.send = send;
        let mut skip = Vec::with_capacity(due.skip.len());
        for (a, why) in due.skip {
            if !legacy(&a)? {
                skip.push((a, why));
            }
        }
        due.skip = skip;
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
            let reply = self.with_rsvps(&archive, &announcement, render(&archive, &announcement));
            let mut wait = self.backoff;
            let mut attempt = 1;
            loop {
                match self.post(&announcement.channel, &reply).await {
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

    /// A reminder with the meetup's count and its Going / Not going buttons; the last reminder
    /// (the shortest offset) also mentions the members going from this channel's platform who
    /// did not turn that off. The waitlist is never pinged.
    fn with_rsvps(&self, archive: &Archive, announcement: &Announcement, reply: Reply) -> Reply {
        let What::Reminder(offset) = announcement.what else {
            return reply;
        };
        let book = self.app.book(archive);
        let event = &announcement.event;
        let mut reply = crate::commands::rsvp::panel(
            reply,
            archive,
            book.as_ref().map(|b| b as &dyn crate::rsvp::Book),
            event,
        );
        let last = self.settings.reminders.last() == Some(&offset);
        if let (true, Some(book)) = (last, &book) {
            let source = match announcement.channel.platform {
                Platform::Discord => Source::Discord,
                Platform::Slack => Source::Slack,
            };
            if let Ok(tally) = crate::commands::rsvp::count(archive, book, event) {
                reply.mentions = tally
                    .going
                    .into_iter()
                    .filter(|r| r.source == source && r.notify)
                    .map(|r| r.user_id)
                    .collect();
            }
        }
        reply
    }

    /// Every announcement the corpus implies at `now`, due or not. Before the first tick has
    /// taken the baseline, the roundups it would take count as baseline already, so that a dry
    /// run on a fresh log shows what `--once` will do.
    fn plan(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Announcement>> {
        let archive = self.app.archive();
        let mut known = self.log.known_roundups()?;
        if !known.baseline_taken && !archive.corpus.events.is_empty() {
            known.baseline = roundup_keys(&archive.corpus, now);
        }
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
    pub async fn run(&self, every: Duration, shutdown: impl std::future::Future<Output = ()>) {
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::config::Config;
    use crate::store::SqliteLog;

    /// A platform that keeps what it is given: the announcer needs nothing more than `Poster`.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<(String, String)>>>);

    impl Poster for Recorder {
        fn post<'a>(&'a self, channel: &'a str, reply: &'a Reply) -> Posting<'a> {
            Box::pin(async move {
                let mut posted = self.0.lock().unwrap();
                posted.push((channel.to_owned(), reply.title.clone()));
                Ok(Some(format!("m{}", posted.len())))
            })
        }
    }

    fn state(name: &str) -> std::path::PathBuf {
        std::env::temp_dir()
            .join(format!("emcee-announcer-{name}-{}", std::process::id()))
            .join("state.sqlite")
    }

    fn announcer(name: &str, posters: Vec<(Platform, Box<dyn Poster>)>) -> Announcer {
        let dir =
            std::env::temp_dir().join(format!("emcee-announcer-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let env = [
            ("EMCEE_DISCORD_TOKEN", "t"),
            ("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "111"),
            ("EMCEE_SLACK_BOT_TOKEN", "xoxb-t"),
            ("EMCEE_ANNOUNCE_SLACK_CHANNELS", "C1"),
        ];
        let config =
            Config::from_parts(None, None, env.map(|(k, v)| (k.to_owned(), v.to_owned()))).unwrap();
        let corpus = crate::corpus::load(std::path::Path::new("data")).unwrap();
        let app = Arc::new(App::new(Archive::new(corpus), config));
        let log = SqliteLog::open(dir.join("state.sqlite")).unwrap();
        Announcer::new(app, Arc::new(log), posters)
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[tokio::test]
    async fn posts_through_each_platforms_poster_once() {
        let (discord, slack) = (Recorder::default(), Recorder::default());
        let announcer = announcer(
            "once",
            vec![
                (Platform::Discord, Box::new(discord.clone())),
                (Platform::Slack, Box::new(slack.clone())),
            ],
        );
        // The bundled 3 April 2019 meetup's 7-day reminder is due at 18:30 GMT on 27 March.
        let report = announcer.tick(at("2019-03-27T18:31:00Z")).await.unwrap();
        assert_eq!(report.sent.len(), 2, "{report:?}");
        let again = announcer.tick(at("2019-03-27T18:32:00Z")).await.unwrap();
        assert!(again.sent.is_empty(), "{again:?}");
        let title = "Cloud Native London April".to_owned();
        assert_eq!(
            *discord.0.lock().unwrap(),
            [("111".to_owned(), title.clone())]
        );
        assert_eq!(*slack.0.lock().unwrap(), [("C1".to_owned(), title)]);
    }

    /// A reminder an earlier emcee logged under its date id is not posted again under the
    /// meetup's id.
    #[tokio::test]
    async fn a_reminder_logged_under_its_date_id_is_not_posted_again() {
        let discord = Recorder::default();
        let announcer = announcer(
            "legacy",
            vec![(Platform::Discord, Box::new(discord.clone()))],
        );
        let earlier = SqliteLog::open(state("legacy")).unwrap();
        let old = "2019-04-03/reminder/7d/discord:111";
        assert!(earlier.claim(old, at("2019-03-27T18:30:30Z")).unwrap());
        earlier
            .mark_sent(old, at("2019-03-27T18:30:31Z"), Some("m0"))
            .unwrap();
        let report = announcer.tick(at("2019-03-27T18:31:00Z")).await.unwrap();
        assert!(
            !report.sent.iter().any(|id| id.contains("discord")),
            "{report:?}"
        );
        assert!(discord.0.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_platform_without_a_poster_is_a_permanent_failure() {
        let discord = Recorder::default();
        let announcer = announcer(
            "missing",
            vec![(Platform::Discord, Box::new(discord.clone()))],
        );
        let report = announcer.tick(at("2019-03-27T18:31:00Z")).await.unwrap();
        assert_eq!(report.sent, ["cnl-2019-04/reminder/7d/discord:111"]);
        let [(id, error)] = &report.failed[..] else {
            panic!("one failure: {report:?}");
        };
        assert_eq!(id, "cnl-2019-04/reminder/7d/slack:C1");
        assert!(error.contains("cannot post in slack"), "{error}");
        let record = announcer.status().unwrap();
        let slack = record.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(slack.state, crate::announce::State::FailedPermanently);
    }
}
