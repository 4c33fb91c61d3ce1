//! What `emcee serve` runs, composed: the HTTP routes (Discord's interactions endpoint, Slack's
//! command endpoint, health, metrics, the calendar feed) beside the Discord gateway, Slack
//! Socket Mode, the data-dir watcher and the announcer, each when configured. This is where the
//! parts meet; none of them knows the others.
//!
//! Every replica serves HTTP, watches the data dir and checks the store; the jobs that must run
//! once (announcer, gateway, Socket Mode, scheduled-event sync) run on the leader only
//! ([`crate::leader`]).
//!
//! `POST /discord/interactions` (signed PING) → `{"type":1}`; `GET /healthz` → 200 "ok".

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;

use crate::announce::Platform;
use crate::announcer::{Announcer, Poster};
use crate::app::App;
use crate::corpus::LastGood;
use crate::leader::{LeaseSettings, Stop};
use crate::rsvp::Source;

/// Workers for the async runtime: one per core the process may use, and never fewer than two, so
/// that one busy answer cannot hold up the timer that defers it.
pub fn worker_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

/// The announcer `[announce]` describes: the app's state store as its delivery log, a poster
/// for each platform with a bot token.
pub fn announcer(app: Arc<App>) -> anyhow::Result<Announcer> {
    let Some(store) = app.store() else {
        anyhow::bail!("the announcer needs the state store, which is not open");
    };
    let log = Arc::clone(store) as Arc<dyn crate::store::DeliveryLog>;
    let mut posters: Vec<(Platform, Box<dyn Poster>)> = Vec::new();
    if let Some(poster) = crate::discord::poster(&app.config) {
        posters.push((Platform::Discord, Box::new(poster)));
    }
    if let Some(poster) = crate::slack::poster(&app.config)? {
        posters.push((Platform::Slack, Box::new(poster)));
    }
    Ok(Announcer::new(app, log, posters))
}

/// The posters that tell members they got a place: one per platform with a bot token.
pub fn promotion_posters(
    app: &App,
) -> anyhow::Result<std::collections::HashMap<Source, Box<dyn Poster>>> {
    let mut posters: std::collections::HashMap<Source, Box<dyn Poster>> = Default::default();
    if let Some(poster) = crate::discord::poster(&app.config) {
        posters.insert(Source::Discord, Box::new(poster));
    }
    if let Some(poster) = crate::slack::poster(&app.config)? {
        posters.insert(Source::Slack, Box::new(poster));
    }
    Ok(posters)
}

/// Tells each member promoted from a waitlist, privately on their platform, until `shutdown`:
/// a DM on Discord, a message from the bot on Slack. A failure is logged; the place stands.
pub async fn tell_promoted(
    app: Arc<App>,
    posters: std::collections::HashMap<Source, Box<dyn Poster>>,
    mut promotions: tokio::sync::mpsc::UnboundedReceiver<crate::app::Promotion>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let promotion = tokio::select! {
            promotion = promotions.recv() => match promotion {
                Some(promotion) => promotion,
                None => return,
            },
            () = &mut shutdown => return,
        };
        let rsvp = promotion.rsvp;
        let Some(poster) = posters.get(&rsvp.source) else {
            tracing::info!(user = %rsvp.user_id, "a member got a place but cannot be told on {}", rsvp.source);
            continue;
        };
        let note = crate::commands::rsvp::promoted_note(&app.archive(), &rsvp.meetup);
        if let Err(err) = poster.direct(&rsvp.user_id, &note).await {
            tracing::warn!(user = %rsvp.user_id, "could not tell a member they got a place: {err}");
        }
    }
}

/// Every HTTP route emcee serves; an error when `[discord] public_key` is not a usable key.
pub fn routes(app: Arc<App>) -> anyhow::Result<Router> {
    Ok(Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/calendar.ics", get(calendar))
        .merge(crate::slack::routes())
        .with_state(Arc::clone(&app))
        .merge(crate::discord::routes(app)?))
}

/// One HTTP route as the start-up log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub what: &'static str,
}

/// The routes [`routes`] answers for this config: the service routes always, a platform's
/// endpoint when its signing key is set (without one it would only refuse every request).
pub fn served(config: &crate::config::Config) -> Vec<Route> {
    let route = |method, path, what| Route { method, path, what };
    let mut served = vec![
        route("GET", "/healthz", "alive"),
        route("GET", "/readyz", "ready: corpus loaded, connections up"),
        route("GET", "/metrics", "Prometheus or OpenMetrics text"),
        route("GET", "/calendar.ics", "upcoming meetups as iCalendar"),
    ];
    if config.discord.public_key.is_some() {
        served.push(route("POST", "/discord/interactions", "Discord commands"));
    }
    if config.slack.signing_secret.is_some() {
        served.push(route("POST", "/slack/commands", "Slack slash commands"));
    }
    served
}

/// 200 once the corpus is loaded (it is before the server starts), every connection this
/// replica runs is up, and the store has not been unreachable for a minute; 503 naming what is
/// still connecting. The body's next lines name the store's state and the replica's role.
async fn readyz(State(app): State<Arc<App>>) -> impl IntoResponse {
    let waiting = app.not_ready();
    let (store_ok, store) = app.store_state(std::time::Instant::now());
    let role = if app.is_leader() {
        "leader"
    } else {
        "follower"
    };
    if waiting.is_empty() && store_ok {
        (StatusCode::OK, format!("ready\n{store}\nrole: {role}\n"))
    } else {
        let waiting = if waiting.is_empty() {
            "waiting for the store".to_owned()
        } else {
            format!("waiting for {}", waiting.join(", "))
        };
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{waiting}\n{store}\nrole: {role}\n"),
        )
    }
}

/// OpenMetrics for a scraper that asks for it, the classic Prometheus text otherwise.
async fn metrics(State(app): State<Arc<App>>, headers: header::HeaderMap) -> impl IntoResponse {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let format = crate::metrics::Format::negotiate(accept);
    (
        [(header::CONTENT_TYPE, format.content_type())],
        app.metrics.render_as(format),
    )
}

async fn calendar(State(app): State<Arc<App>>) -> impl IntoResponse {
    let body = crate::calendar::ics(&app.archive(), app.now());
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
}

/// Serves `routes` on `listener` until `shutdown` resolves, then finishes requests in flight;
/// every client is held to the default [`crate::http_limits::Limits`].
pub async fn serve_http(
    routes: Router,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = crate::http_limits::Limits::default();
    crate::http_limits::serve(routes, listener, &limits, shutdown).await
}

/// What `serve` runs beside the HTTP routes.
pub struct Service {
    /// The data dir to watch, with the memory of its files' last good versions from the load
    /// `serve` started with.
    pub watch: Option<(std::path::PathBuf, LastGood)>,
    /// How the watcher reads the data dir again (the post budget).
    pub load: crate::corpus::LoadOptions,
    /// Runs on the leader only.
    pub announcer: Option<Arc<Announcer>>,
    /// The lease this replica takes on the store to lead; ignored by a store of its own.
    pub lease: LeaseSettings,
}

/// How often every replica checks that the store answers.
pub const STORE_CHECK_EVERY: Duration = Duration::from_secs(5);

/// Checks the store every [`STORE_CHECK_EVERY`] until `shutdown`, for `/readyz` and
/// `emcee_store_up`.
async fn check_store(app: Arc<App>, shutdown: impl Future<Output = ()>) {
    let Some(store) = app.store().cloned() else {
        return;
    };
    tokio::pin!(shutdown);
    loop {
        let store = Arc::clone(&store);
        let checked = tokio::time::timeout(
            STORE_CHECK_EVERY * 2,
            tokio::task::spawn_blocking(move || store.ping()),
        )
        .await;
        let answered = match checked {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(err))) => Err(err.to_string()),
            Ok(Err(err)) => Err(err.to_string()),
            Err(_) => Err("no answer".to_owned()),
        };
        if let Err(err) = &answered {
            tracing::warn!("the state store does not answer: {err}");
        }
        app.store_checked(answered, std::time::Instant::now());
        tokio::select! {
            () = tokio::time::sleep(STORE_CHECK_EVERY) => {}
            () = &mut shutdown => return,
        }
    }
}

/// Spawns the jobs that run once, on the leader: the Discord gateway, Slack Socket Mode, the
/// scheduled-event sync and the announcer, each stopping when `stop()` resolves.
fn leader_jobs(
    app: &Arc<App>,
    announcer: Option<&Arc<Announcer>>,
    stop: &dyn Fn() -> Stop,
) -> tokio::task::JoinSet<()> {
    let mut tasks = tokio::task::JoinSet::new();
    if app.config.discord.token.is_some() {
        let (app, stopped) = (Arc::clone(app), stop());
        tasks.spawn(async move {
            if let Err(err) = crate::discord::gateway(app, stopped).await {
                tracing::error!("Discord gateway stopped: {err:#}");
            }
        });
    }
    if app.config.slack.app_token.is_some() {
        let (app, stopped) = (Arc::clone(app), stop());
        tasks.spawn(async move {
            if let Err(err) = crate::slack::socket_mode_until(app, stopped).await {
                tracing::error!("Slack Socket Mode stopped: {err:#}");
            }
        });
    }
    if app.config.discord.scheduled_events {
        match app.store() {
            Some(store) => {
                let log = Arc::clone(store) as Arc<dyn crate::store::DeliveryLog>;
                tasks.spawn(crate::discord::scheduled_events(
                    Arc::clone(app),
                    log,
                    crate::announcer::EVERY,
                    stop(),
                ));
            }
            None => tracing::error!("Discord scheduled events are off: no state store"),
        }
    }
    if let Some(announcer) = announcer {
        let (announcer, stopped) = (Arc::clone(announcer), stop());
        tasks.spawn(async move { announcer.run(crate::announcer::EVERY, stopped).await });
    }
    tasks
}

/// Runs everything the config enables until Ctrl-C or SIGTERM: the HTTP server, the Discord
/// gateway (with `[discord] token`) and Slack Socket Mode (with `[slack] app_token`). On the
/// signal it stops accepting, finishes requests in flight, closes the gateway and socket
/// connections, and returns within [`STOP_WITHIN`].
/// With a data dir, it is watched and reloaded on change; with an announcer, announcements are
/// posted every [`crate::announcer::EVERY`].
pub async fn run(
    app: Arc<App>,
    routes: Router,
    listener: TcpListener,
    service: Service,
) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    // SIGTERM is caught from here on: a stop that comes as soon as "listening" is logged is
    // still a clean stop.
    let signalled = shutdown_signal();
    tracing::info!(%address, "listening");
    let served: Vec<String> = served(&app.config)
        .iter()
        .map(|r| format!("{} {} ({})", r.method, r.path, r.what))
        .collect();
    tracing::info!("serving {}", served.join(", "));
    let (d, s) = (&app.config.discord, &app.config.slack);
    if d.token.is_none()
        && d.public_key.is_none()
        && s.signing_secret.is_none()
        && s.app_token.is_none()
    {
        tracing::warn!(
            "neither Discord nor Slack is configured, so no chat commands are answered; \
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
    if let Some((dir, memory)) = service.watch {
        let (app, stopped, options) = (Arc::clone(&app), stopped(), service.load);
        tasks.spawn(async move {
            if let Err(err) = crate::watch::watch_with(app, dir, memory, options, stopped).await {
                tracing::error!("stopped watching the data dir: {err:#}");
            }
        });
    }
    if let Some(promotions) = app.take_promotions() {
        let app = Arc::clone(&app);
        let stopped = stopped();
        tasks.spawn(async move {
            match promotion_posters(&app) {
                Ok(posters) => tell_promoted(app, posters, promotions, stopped).await,
                Err(err) => {
                    tracing::error!("members promoted from a waitlist will not be told: {err:#}")
                }
            }
        });
    }
    tasks.spawn(check_store(Arc::clone(&app), stopped()));
    // Without a store of replicas (a SQLite file, or none), `lead` leads at once.
    let lease = app.store().and_then(|store| Arc::clone(store).lease());
    let (jobs_app, announcer) = (Arc::clone(&app), service.announcer);
    tasks.spawn(crate::leader::lead(
        Arc::clone(&app),
        lease,
        service.lease,
        move |stop| leader_jobs(&jobs_app, announcer.as_ref(), stop),
        stopped(),
    ));
    let http = tokio::spawn(serve_http(routes, listener, stopped()));
    signalled.await;
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

/// Resolves on Ctrl-C or SIGTERM. SIGTERM is caught from the call on, before the first poll.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async {
            match terminate.as_mut() {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
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
}
