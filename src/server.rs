//! What `emcee serve` runs: the shared [`App`] (archive, config, clock) and the HTTP server that
//! carries Discord's interactions endpoint, Slack's command endpoint and `/healthz`, beside the
//! Discord gateway and Slack Socket Mode when they are configured.
//!
//! `POST /discord/interactions` (signed PING) → `{"type":1}`; `GET /healthz` → 200 "ok".

use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use chrono::{DateTime, Utc};
use tokio::net::TcpListener;

use crate::archive::Archive;
use crate::config::{Config, public_key_bytes};
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
        Ok(App {
            archive: RwLock::new(Arc::new(archive)),
            config,
            clock: Arc::new(Utc::now),
            reply_deadline: Duration::from_millis(2000),
            discord_verifier,
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
        .merge(crate::discord::routes())
        .merge(crate::slack::routes())
        .with_state(app)
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
/// gateway (with `[discord] token`) and Slack Socket Mode (with `[slack] app_token`).
pub async fn run(app: Arc<App>, listener: TcpListener) -> anyhow::Result<()> {
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
    let mut tasks = tokio::task::JoinSet::new();
    if app.config.discord.token.is_some() {
        let app = Arc::clone(&app);
        tasks.spawn(async move {
            if let Err(err) = crate::discord::gateway(app).await {
                tracing::error!("Discord gateway stopped: {err:#}");
            }
        });
    }
    if app.config.slack.app_token.is_some() {
        let app = Arc::clone(&app);
        tasks.spawn(async move {
            if let Err(err) = crate::slack::socket_mode(app).await {
                tracing::error!("Slack Socket Mode stopped: {err:#}");
            }
        });
    }
    serve_http(app, listener, shutdown_signal()).await?;
    tasks.abort_all();
    tracing::info!("stopped");
    Ok(())
}

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
