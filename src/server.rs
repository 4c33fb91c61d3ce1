//! What `emcee serve` runs: the shared [`App`] (archive, config, clock) and the HTTP server that
//! carries Discord's interactions endpoint, Slack's command endpoint and `/healthz`, beside the
//! Discord gateway and Slack Socket Mode when they are configured.
//!
//! `POST /discord/interactions` (signed PING) → `{"type":1}`; `GET /healthz` → 200 "ok".

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, Utc};
use tokio::net::TcpListener;

use crate::archive::Archive;
use crate::config::{Config, public_key_bytes};
use crate::metrics::{Metrics, Outcome};
use crate::reply::Reply;

/// The instant commands are answered at: the wall clock in production, fixed in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Everything the transports share. The archive is swapped whole when the corpus is reloaded;
/// a request keeps the `Arc` it started with.
pub struct App {
    archive: RwLock<Arc<Archive>>,
    pub config: Config,
    clock: Clock,
    /// How long a Discord command may take before emcee defers and follows up; zero always
    /// defers. Discord invalidates an interaction not answered within 3 s.
    pub reply_deadline: Duration,
    /// Checks `X-Signature-Ed25519` when `[discord] public_key` is set.
    pub discord_verifier: Option<serenity::interactions_endpoint::Verifier>,
    pub metrics: Metrics,
    /// Set while the Discord gateway session is up (Ready seen, not disconnected).
    pub discord_connected: AtomicBool,
    /// Set while a Slack Socket Mode connection is up (hello seen).
    pub slack_connected: AtomicBool,
}

impl App {
    /// The app for a loaded archive and a validated config.
    pub fn new(archive: Archive, config: Config) -> anyhow::Result<App> {
        let discord_verifier = match &config.discord.public_key {
            Some(key) => {
                let bytes = public_key_bytes(key)
                    .ok_or_else(|| anyhow::anyhow!("discord.public_key: not 64 hex digits"))?;
                let verifier = serenity::interactions_endpoint::Verifier::try_new(bytes)
                    .map_err(|e| anyhow::anyhow!("discord.public_key: {e}"))?;
                Some(verifier)
            }
            None => None,
        };
        let metrics = Metrics::new();
        let counts = archive.corpus.counts();
        metrics.corpus_loaded(counts.events, counts.talks, archive.corpus.warnings.len());
        Ok(App {
            archive: RwLock::new(Arc::new(archive)),
            config,
            clock: Arc::new(Utc::now),
            reply_deadline: Duration::from_millis(2000),
            discord_verifier,
            metrics,
            discord_connected: AtomicBool::new(false),
            slack_connected: AtomicBool::new(false),
        })
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
        crate::router::answer(&self.archive(), line, self.now())
    }

    /// Answers a line that arrived on `platform`, counting it in the metrics.
    pub fn answer_on(&self, platform: &'static str, line: &str) -> Reply {
        let started = Instant::now();
        let reply = self.answer(line);
        let command = line
            .trim()
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        self.finish(platform, &command, reply, started)
    }

    /// Answers a command whose options arrived by name, counting it in the metrics.
    pub fn invoke_on(
        &self,
        platform: &'static str,
        command: &str,
        options: Vec<(String, String)>,
    ) -> Reply {
        let started = Instant::now();
        let reply = crate::router::invoke(&self.archive(), command, options, self.now());
        self.finish(platform, command, reply, started)
    }

    /// Counts a handled command; links the calendar feed from `/next-meetup` when the server
    /// has a public URL.
    fn finish(
        &self,
        platform: &'static str,
        command: &str,
        mut reply: Reply,
        started: Instant,
    ) -> Reply {
        if command == "next-meetup"
            && !reply.ephemeral
            && let Some(base) = &self.config.server.public_url
        {
            reply = reply.field(
                "Calendar",
                format!("{}/calendar.ics", base.trim_end_matches('/')),
            );
        }
        let outcome = if reply.ephemeral {
            Outcome::Private
        } else {
            Outcome::Answered
        };
        self.metrics
            .command(platform, command, outcome, started.elapsed().as_secs_f64());
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

/// Answers as a task of its own on the runtime. The reply when it is ready within
/// `app.reply_deadline`; otherwise the still-running answer, for the transport to defer and
/// follow up with it. A panic in a handler becomes an apology.
///
/// An answer is bounded work on the in-memory archive (queries are at most
/// [`crate::router::MAX_QUERY_CHARS`]), microseconds long, so it runs on the async workers: a hop
/// to the blocking pool would cost more than the answer. The deadline still holds if an answer
/// ever runs long, because the timer fires on another worker; [`worker_threads`] keeps at least
/// two.
pub async fn within_deadline(
    app: &App,
    answer: impl FnOnce() -> Reply + Send + 'static,
) -> Result<Reply, impl Future<Output = Reply> + Send + 'static> {
    let mut task = tokio::spawn(async move { answer() });
    let deadline = app.reply_deadline;
    if !deadline.is_zero()
        && let Ok(done) = tokio::time::timeout(deadline, &mut task).await
    {
        return Ok(done.unwrap_or_else(|err| apology(&err)));
    }
    Err(async move { task.await.unwrap_or_else(|err| apology(&err)) })
}

/// Workers for the async runtime: one per core the process may use, and never fewer than two, so
/// that one busy answer cannot hold up the timer that defers it.
pub fn worker_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

/// The reply shown when something inside emcee failed: short, private, with a reference to find
/// the logged error by. Internal error text never reaches a channel.
pub fn apology(error: &dyn std::fmt::Display) -> Reply {
    let reference = format!(
        "{:08x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ d.as_secs() as u32)
    );
    tracing::error!(reference, "reply failed: {error:#}");
    Reply::private(
        "Sorry, that went wrong",
        format!("emcee could not answer. The organisers can look up reference {reference}."),
    )
}

/// Every HTTP route emcee serves.
pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/calendar.ics", get(calendar))
        .merge(crate::discord::routes())
        .merge(crate::slack::routes())
        .with_state(app)
}

/// 200 once the corpus is loaded (it is before the server starts) and every configured
/// connection is up; 503 naming what is still connecting.
async fn readyz(State(app): State<Arc<App>>) -> impl IntoResponse {
    let waiting = app.not_ready();
    if waiting.is_empty() {
        (StatusCode::OK, "ready".to_owned())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("waiting for {}", waiting.join(", ")),
        )
    }
}

async fn metrics(State(app): State<Arc<App>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.render(),
    )
}

async fn calendar(State(app): State<Arc<App>>) -> impl IntoResponse {
    let body = crate::calendar::ics(&app.archive(), app.now());
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
}

/// Serves HTTP on `listener` until `shutdown` resolves, then finishes requests in flight.
pub async fn serve_http(
    app: Arc<App>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, routes(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Runs everything the config enables until Ctrl-C or SIGTERM: the HTTP server, the Discord
/// gateway (with `[discord] token`) and Slack Socket Mode (with `[slack] app_token`). On the
/// signal it stops accepting, finishes requests in flight, closes the gateway and socket
/// connections, and returns within [`STOP_WITHIN`].
/// With a data dir, it is watched and reloaded on change; with an announcer, announcements are
/// posted every [`crate::announce::run::EVERY`].
pub async fn run(
    app: Arc<App>,
    listener: TcpListener,
    data_dir: Option<std::path::PathBuf>,
    announcer: Option<crate::announce::Announcer>,
) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, "listening");
    let (d, s) = (&app.config.discord, &app.config.slack);
    if d.token.is_none()
        && d.public_key.is_none()
        && s.signing_secret.is_none()
        && s.app_token.is_none()
    {
        tracing::warn!(
            "neither Discord nor Slack is configured, so only /healthz is served; \
             see emcee.example.toml"
        );
    }
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    if app.config.discord.token.is_some() {
        let app = Arc::clone(&app);
        let stopped = stopped();
        tasks.spawn(async move {
            if let Err(err) = crate::discord::gateway(app, stopped).await {
                tracing::error!("Discord gateway stopped: {err:#}");
            }
        });
    }
    if app.config.slack.app_token.is_some() {
        let app = Arc::clone(&app);
        let stopped = stopped();
        tasks.spawn(async move {
            if let Err(err) = crate::slack::socket_mode_until(app, stopped).await {
                tracing::error!("Slack Socket Mode stopped: {err:#}");
            }
        });
    }
    if let Some(dir) = data_dir {
        let (app, stopped) = (Arc::clone(&app), stopped());
        tasks.spawn(async move {
            if let Err(err) = crate::watch::watch(app, dir, stopped).await {
                tracing::error!("stopped watching the data dir: {err:#}");
            }
        });
    }
    if let Some(announcer) = announcer {
        let stopped = stopped();
        tasks.spawn(announcer.run(crate::announce::run::EVERY, stopped));
    }
    let http = tokio::spawn(serve_http(Arc::clone(&app), listener, stopped()));
    shutdown_signal().await;
    let _ = stop.send(true);
    let drained = tokio::time::timeout(STOP_WITHIN, async {
        let _ = http.await;
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("gave up waiting for connections to close after {STOP_WITHIN:?}");
    }
    tracing::info!("stopped");
    Ok(())
}

/// How long a stop may take in all; Kubernetes' default grace period is 30 s.
pub const STOP_WITHIN: Duration = Duration::from_secs(8);

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
