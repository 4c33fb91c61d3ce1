//! What one HTTP client may cost the server: a cap on each request's body (413 past it), a time
//! to send the headers (the connection is closed past it) and the body (408), and a cap on
//! answers in flight (503 with `Retry-After` past it, so Discord and Slack retry or show their
//! own error rather than queue behind a flood). [`serve`] runs routes with them.
//!
//! A 2 MiB `POST /slack/commands` → 413 before a byte of it is read; a client that sends half
//! its headers and waits → closed after [`Limits::header_timeout`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits [`serve`] holds every client to.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest body of a platform's POST (`/discord/…`, `/slack/…`). Discord's
    /// interactions and Slack's forms and payloads are a few KiB; the largest real ones, a
    /// message command over a long message with its embeds or a Slack action on a full
    /// message, stay well under 100 KiB.
    pub platform_body: usize,
    /// The largest body of any other request: the GET routes read none.
    pub other_body: usize,
    /// How long a client has to send a request's headers (and, on a kept-alive connection,
    /// the next request) before the connection is closed.
    pub header_timeout: Duration,
    /// How long a client has to send a request's body once its headers are in: 408 past it.
    pub body_timeout: Duration,
    /// Answers being worked on at once; one more gets 503 with `Retry-After`. Health probes are
    /// not counted, so that a busy server is not taken for a dead one.
    pub in_flight: usize,
    /// What `Retry-After` says on a 503.
    pub retry_after: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            platform_body: 1024 * 1024,
            other_body: 16 * 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            in_flight: 256,
            retry_after: Duration::from_secs(1),
        }
    }
}

impl Limits {
    /// The body cap of one request: platform POSTs get [`Limits::platform_body`].
    pub fn body_cap(&self, method: &Method, path: &str) -> usize {
        let platform = path.starts_with("/discord/") || path.starts_with("/slack/");
        if method == Method::POST && platform {
            self.platform_body
        } else {
            self.other_body
        }
    }
}

/// The state the middleware shares across requests.
struct Guard {
    limits: Limits,
    answers: Semaphore,
}

/// `routes` with the body, body-time and in-flight limits applied to every route.
pub fn apply(routes: Router, limits: &Limits) -> Router {
    let guard = Arc::new(Guard {
        answers: Semaphore::new(limits.in_flight),
        limits: limits.clone(),
    });
    routes.layer(middleware::from_fn_with_state(guard, guarded))
}

/// Probes answer however busy the server is.
fn is_probe(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz")
}

async fn guarded(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let limits = &guard.limits;
    let _permit = if is_probe(request.uri().path()) {
        None
    } else {
        match guard.answers.try_acquire() {
            Ok(permit) => Some(permit),
            Err(_) => return busy(limits),
        }
    };
    let cap = limits.body_cap(request.method(), request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap as u64) {
        return too_large(cap);
    }
    // The body is read here, within its time and size, so no handler waits on a slow client
    // or holds more than the cap. Every route reads its whole body anyway.
    let (parts, body) = request.into_parts();
    let bytes =
        match tokio::time::timeout(limits.body_timeout, axum::body::to_bytes(body, cap)).await {
            Err(_) => return too_slow(limits),
            Ok(Err(_)) => return too_large(cap),
            Ok(Ok(bytes)) => bytes,
        };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn too_large(cap: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONNECTION, HeaderValue::from_static("close"))],
        format!("the request body is over {cap} bytes"),
    )
        .into_response()
}

fn too_slow(limits: &Limits) -> Response {
    (
        StatusCode::REQUEST_TIMEOUT,
        [(header::CONNECTION, HeaderValue::from_static("close"))],
        format!(
            "the request body took over {} s to arrive",
            limits.body_timeout.as_secs_f32()
        ),
    )
        .into_response()
}

fn busy(limits: &Limits) -> Response {
    let seconds = limits.retry_after.as_secs().max(1).to_string();
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        "emcee is answering as many requests as it can; try again shortly",
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Serves `routes` on `listener` under `limits` until `shutdown` resolves, then lets requests
/// in flight finish. HTTP/1.1 and HTTP/2 (prior knowledge), as `axum::serve` speaks them.
pub async fn serve(
    routes: Router,
    listener: TcpListener,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = TowerToHyperService::new(apply(routes, limits));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!("accepting a connection: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service.clone())
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!("connection ended: {err}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
