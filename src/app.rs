//! The shared state of a running emcee: the archive (swapped whole on reload), the config, the
//! clock, the metrics, the reply deadline and the connection flags. Every transport and the
//! announcer hold an `Arc<App>`; the app knows none of them.
//!
//! `app.answer_on("slack", "/talk kapitan")` → the Kapitan card, counted in `emcee_commands_total`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::archive::Archive;
use crate::commands::Settings;
use crate::config::Config;
use crate::metrics::{Metrics, Outcome};
use crate::reply::Reply;
use crate::router::{self, Answered, Context};
use crate::rsvp::{self, Book, BookError, Member, Rsvp};
use crate::store::{RsvpStore, Store};

/// A member who got a place when someone left: the runtime tells them (a DM on Discord, a
/// message on Slack).
#[derive(Clone, Debug, PartialEq)]
pub struct Promotion {
    pub rsvp: Rsvp,
}

/// The instant commands are answered at: the wall clock in production, fixed in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Everything the transports share. The archive is swapped whole when the corpus is reloaded;
/// a request keeps the `Arc` it started with.
pub struct App {
    archive: RwLock<Arc<Archive>>,
    pub config: Config,
    /// What commands are told of this deployment (its public URL), from the config.
    pub settings: Settings,
    clock: Clock,
    /// How long a command may take before a transport defers and follows up; zero always
    /// defers. Discord and Slack both give up on a command not answered within 3 s.
    pub reply_deadline: Duration,
    pub metrics: Metrics,
    /// Set while the Discord gateway session is up (Ready seen, not disconnected).
    pub discord_connected: AtomicBool,
    /// Set while a Slack Socket Mode connection is up (hello seen).
    pub slack_connected: AtomicBool,
    /// The RSVPs, when the state store is open (`serve` always opens it).
    rsvps: Option<Arc<dyn RsvpStore>>,
    /// The whole state store, when `serve` opened it.
    store: Option<Arc<dyn Store>>,
    /// Set while this replica holds the lease (always, with a store of its own).
    leader: AtomicBool,
    /// When the store last answered a check, and since when it has not.
    store_health: Mutex<StoreHealth>,
    /// Where promotions from the waitlist go, and their receiver until `serve` takes it.
    promotions: tokio::sync::mpsc::UnboundedSender<Promotion>,
    promoted: Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<Promotion>>>,
    /// "Interested" counts of Discord scheduled events by meetup id, as last synced.
    interested: RwLock<std::collections::HashMap<String, u32>>,
}

impl App {
    /// The app for a loaded archive and a validated config.
    pub fn new(archive: Archive, config: Config) -> App {
        let metrics = Metrics::new();
        let counts = archive.corpus.counts();
        metrics.corpus_loaded(counts.events, counts.talks, archive.corpus.warnings.len());
        let (promotions, promoted) = tokio::sync::mpsc::unbounded_channel();
        metrics.set_leader(true);
        App {
            rsvps: None,
            store: None,
            leader: AtomicBool::new(true),
            store_health: Mutex::new(StoreHealth::default()),
            promotions,
            promoted: Mutex::new(Some(promoted)),
            interested: RwLock::new(Default::default()),
            archive: RwLock::new(Arc::new(archive)),
            settings: config.command_settings(),
            config,
            clock: Arc::new(Utc::now),
            reply_deadline: Duration::from_millis(2000),
            metrics,
            discord_connected: AtomicBool::new(false),
            slack_connected: AtomicBool::new(false),
        }
    }

    /// Answers as if it were always `now` (tests, demos).
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    /// Keeps RSVPs in `store`.
    pub fn with_rsvps(mut self, store: Arc<dyn RsvpStore>) -> App {
        self.rsvps = Some(store);
        self
    }

    /// Keeps everything in `store`: RSVPs, and the delivery log for the announcer; its latency
    /// is served at `/metrics`.
    pub fn with_store(mut self, store: Arc<dyn Store>) -> App {
        self.metrics.register_store_latency(store.latency());
        self.metrics.set_store_up(true);
        self.rsvps = Some(Arc::clone(&store) as Arc<dyn RsvpStore>);
        self.store = Some(store);
        self
    }

    /// The state store, when `serve` opened it.
    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        self.store.as_ref()
    }

    /// Records whether this replica leads (see [`crate::leader`]).
    pub fn set_leader(&self, leading: bool) {
        self.leader.store(leading, Ordering::Relaxed);
        self.metrics.set_leader(leading);
    }

    pub fn is_leader(&self) -> bool {
        self.leader.load(Ordering::Relaxed)
    }

    /// Records the outcome of a check of the store at `at`.
    pub fn store_checked(&self, answered: Result<(), String>, at: Instant) {
        let mut health = self
            .store_health
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match answered {
            Ok(()) => *health = StoreHealth::default(),
            Err(error) => {
                health.down_since.get_or_insert(at);
                health.error = Some(error);
            }
        }
        self.metrics.set_store_up(health.down_since.is_none());
    }

    /// The store's state for `/readyz`: `(ready, description)`. Not ready only once the store
    /// has been unreachable for [`STORE_DOWN_FOR`]; a shorter outage is named but tolerated.
    pub fn store_state(&self, now: Instant) -> (bool, String) {
        let Some(store) = &self.store else {
            return (true, "store: none".to_owned());
        };
        let health = self
            .store_health
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match (health.down_since, &health.error) {
            (Some(since), error) => {
                let down = now.saturating_duration_since(since);
                (
                    down < STORE_DOWN_FOR,
                    format!(
                        "store: {} unreachable for {}s ({})",
                        store.describe(),
                        down.as_secs(),
                        error.as_deref().unwrap_or("no answer")
                    ),
                )
            }
            (None, _) => (true, format!("store: {} up", store.describe())),
        }
    }

    /// The RSVP store, when open.
    pub fn rsvp_store(&self) -> Option<&Arc<dyn RsvpStore>> {
        self.rsvps.as_ref()
    }

    /// The promotions from the waitlist, for the one task that tells members; `None` after the
    /// first call.
    pub fn take_promotions(&self) -> Option<tokio::sync::mpsc::UnboundedReceiver<Promotion>> {
        self.promoted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Records Discord's "Interested" counts by meetup id (from the scheduled-event sync).
    pub fn set_interested(&self, counts: std::collections::HashMap<String, u32>) {
        match self.interested.write() {
            Ok(mut guard) => *guard = counts,
            Err(poisoned) => *poisoned.into_inner() = counts,
        }
    }

    pub fn with_reply_deadline(mut self, deadline: Duration) -> App {
        self.reply_deadline = deadline;
        self
    }

    /// The current archive; cheap (one `Arc` clone).
    pub fn archive(&self) -> Arc<Archive> {
        match self.archive.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the archive for every request that starts after this call.
    pub fn swap_archive(&self, archive: Archive) {
        let counts = archive.corpus.counts();
        self.metrics
            .corpus_loaded(counts.events, counts.talks, archive.corpus.warnings.len());
        let archive = Arc::new(archive);
        match self.archive.write() {
            Ok(mut guard) => *guard = archive,
            Err(poisoned) => *poisoned.into_inner() = archive,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Answers a typed line ("/talk kapitan") against the current archive.
    pub fn answer(&self, line: &str) -> Reply {
        let archive = self.archive();
        let book = self.book(&archive);
        router::answer_line(&self.context(&archive, book.as_ref(), None), line).reply
    }

    /// Answers a line that arrived on `platform`, counting it in the metrics.
    pub fn answer_on(&self, platform: &'static str, line: &str) -> Reply {
        self.answer_as(platform, line, None)
    }

    /// Answers a line that `member` sent on `platform`, counting it in the metrics.
    pub fn answer_as(&self, platform: &'static str, line: &str, member: Option<&Member>) -> Reply {
        let started = Instant::now();
        let archive = self.archive();
        let book = self.book(&archive);
        let answered = router::answer_line(&self.context(&archive, book.as_ref(), member), line);
        self.count(platform, answered, started)
    }

    /// Answers a command whose options arrived by name, counting it in the metrics.
    pub fn invoke_on(
        &self,
        platform: &'static str,
        command: &str,
        options: Vec<(String, String)>,
    ) -> Reply {
        self.invoke_as(platform, command, options, None)
    }

    /// As [`App::invoke_on`], for a known member.
    pub fn invoke_as(
        &self,
        platform: &'static str,
        command: &str,
        options: Vec<(String, String)>,
        member: Option<&Member>,
    ) -> Reply {
        let started = Instant::now();
        let archive = self.archive();
        let book = self.book(&archive);
        let answered = router::invoke(
            &self.context(&archive, book.as_ref(), member),
            command,
            options,
        );
        self.count(platform, answered, started)
    }

    /// A click on Going or Not going: recorded first, then counted; the note for the member
    /// and the new count for the clicked message.
    pub fn rsvp_click(
        &self,
        platform: &'static str,
        member: &Member,
        meetup: &str,
        going: bool,
    ) -> crate::commands::rsvp::Clicked {
        let started = Instant::now();
        let archive = self.archive();
        let book = self.book(&archive);
        let context = self.context(&archive, book.as_ref(), Some(member));
        let call = crate::commands::Call {
            archive: &archive,
            now: context.now,
            settings: &self.settings,
            options: Vec::new(),
            rsvps: context.rsvps,
            member: Some(member),
        };
        let clicked = crate::commands::rsvp::record(&call, meetup, going);
        let outcome = if clicked.count.is_some() {
            Outcome::Answered
        } else {
            Outcome::Private
        };
        self.metrics.command(
            platform,
            "rsvp-button",
            outcome,
            started.elapsed().as_secs_f64(),
        );
        clicked
    }

    /// The RSVPs of the archive's community, when the store is open.
    pub fn book<'a>(&'a self, archive: &'a Archive) -> Option<StoreBook<'a>> {
        Some(StoreBook {
            store: self.rsvps.as_deref()?,
            community: &archive.corpus.community.id,
            promotions: &self.promotions,
            interested: &self.interested,
        })
    }

    fn context<'a>(
        &'a self,
        archive: &'a Archive,
        book: Option<&'a StoreBook<'a>>,
        member: Option<&'a Member>,
    ) -> Context<'a> {
        Context {
            archive,
            now: self.now(),
            settings: &self.settings,
            rsvps: book.map(|b| b as &dyn Book),
            member,
        }
    }

    /// Counts a handled command under the name the router parsed.
    fn count(&self, platform: &'static str, answered: Answered, started: Instant) -> Reply {
        let Answered { command, reply } = answered;
        let outcome = if reply.ephemeral {
            Outcome::Private
        } else {
            Outcome::Answered
        };
        self.metrics.command(
            platform,
            command.as_deref().unwrap_or_default(),
            outcome,
            started.elapsed().as_secs_f64(),
        );
        reply
    }

    /// What is not ready yet: the gateway or Socket Mode when configured but not connected.
    pub fn not_ready(&self) -> Vec<&'static str> {
        let mut waiting = Vec::new();
        // The connections run on the leader only; a follower waits for none.
        if !self.is_leader() {
            return waiting;
        }
        if self.config.discord.token.is_some() && !self.discord_connected.load(Ordering::Relaxed) {
            waiting.push("discord gateway");
        }
        if self.config.slack.app_token.is_some() && !self.slack_connected.load(Ordering::Relaxed) {
            waiting.push("slack socket mode");
        }
        waiting
    }
}

/// How long the store may be unreachable before `/readyz` turns 503: long enough to ride out a
/// database failover, short enough that a replica cut off from it leaves the load balancer.
pub const STORE_DOWN_FOR: Duration = Duration::from_secs(60);

/// The last checks of the store.
#[derive(Debug, Default)]
struct StoreHealth {
    down_since: Option<Instant>,
    error: Option<String>,
}

/// The store as the commands' [`Book`] for one community: writes tell members promoted from the
/// waitlist (through the app's promotion queue), and store errors are logged here.
pub struct StoreBook<'a> {
    store: &'a dyn RsvpStore,
    community: &'a str,
    promotions: &'a tokio::sync::mpsc::UnboundedSender<Promotion>,
    interested: &'a RwLock<std::collections::HashMap<String, u32>>,
}

impl StoreBook<'_> {
    fn logged<T>(
        &self,
        what: &str,
        result: Result<T, crate::store::StoreError>,
    ) -> Result<T, BookError> {
        result.map_err(|err| {
            tracing::error!("RSVPs: {what}: {err:#}");
            err.to_string()
        })
    }
}

impl Book for StoreBook<'_> {
    fn rsvps(&self, meetup: &str) -> Result<Vec<Rsvp>, BookError> {
        self.logged("reading", self.store.rsvps(self.community, meetup))
    }

    fn answer(
        &self,
        meetup: &str,
        member: &Member,
        going: bool,
        capacity: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<bool, BookError> {
        if going {
            return self.logged(
                "recording",
                self.store.set_going(self.community, meetup, member, now),
            );
        }
        let before = capacity.map(|_| self.rsvps(meetup)).transpose()?;
        let changed = self.logged(
            "removing",
            self.store
                .set_not_going(self.community, meetup, member.source, &member.id),
        )?;
        if let (true, Some(before)) = (changed, before) {
            let after = self.rsvps(meetup)?;
            let promoted = rsvp::promoted(
                &rsvp::tally(before, capacity),
                &rsvp::tally(after, capacity),
            );
            for rsvp in promoted {
                tracing::info!(meetup, user = %format!("{}:{}", rsvp.source, rsvp.user_id), "promoted from the waitlist");
                let _ = self.promotions.send(Promotion { rsvp });
            }
        }
        Ok(changed)
    }

    fn notify(&self, meetup: &str, member: &Member, on: bool) -> Result<bool, BookError> {
        self.logged(
            "setting notify",
            self.store
                .set_notify(self.community, meetup, member.source, &member.id, on),
        )
    }

    fn interested(&self, meetup: &str) -> u32 {
        let counts = match self.interested.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        counts.get(meetup).copied().unwrap_or(0)
    }
}
