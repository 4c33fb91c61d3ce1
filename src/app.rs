//! The shared state of a running emcee: the archive (swapped whole on reload), the config, the
//! clock, the metrics, the reply deadline and the connection flags. Every transport and the
//! announcer hold an `Arc<App>`; the app knows none of them.
//!
//! `app.answer_on("slack", "/talk kapitan")` → the Kapitan card, counted in `emcee_commands_total`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::archive::Archive;
use crate::commands::Settings;
use crate::config::Config;
use crate::metrics::{Metrics, Outcome};
use crate::reply::Reply;
use crate::router::{self, Answered, Context};

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
}

impl App {
    /// The app for a loaded archive and a validated config.
    pub fn new(archive: Archive, config: Config) -> App {
        let metrics = Metrics::new();
        let counts = archive.corpus.counts();
        metrics.corpus_loaded(counts.events, counts.talks, archive.corpus.warnings.len());
        App {
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
        router::answer_line(&self.context(&archive), line).reply
    }

    /// Answers a line that arrived on `platform`, counting it in the metrics.
    pub fn answer_on(&self, platform: &'static str, line: &str) -> Reply {
        let started = Instant::now();
        let archive = self.archive();
        let answered = router::answer_line(&self.context(&archive), line);
        self.count(platform, answered, started)
    }

    /// Answers a command whose options arrived by name, counting it in the metrics.
    pub fn invoke_on(
        &self,
        platform: &'static str,
        command: &str,
        options: Vec<(String, String)>,
    ) -> Reply {
        let started = Instant::now();
        let archive = self.archive();
        let answered = router::invoke(&self.context(&archive), command, options);
        self.count(platform, answered, started)
    }

    fn context<'a>(&'a self, archive: &'a Archive) -> Context<'a> {
        Context {
            archive,
            now: self.now(),
            settings: &self.settings,
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
        if self.config.discord.token.is_some() && !self.discord_connected.load(Ordering::Relaxed) {
            waiting.push("discord gateway");
        }
        if self.config.slack.app_token.is_some() && !self.slack_connected.load(Ordering::Relaxed) {
            waiting.push("slack socket mode");
        }
        waiting
    }
}
