//! Noticing that slack-morphism is replacing a Socket Mode connection, so that `/readyz` says
//! emcee is not ready until the new socket says hello. The crate has no callback for it: when
//! Slack asks for a refresh (a `disconnect` message) or a socket drops, it removes the client,
//! logs "Removing client" at debug level, and opens a new one. [`layer`] counts those log
//! events (whatever the log filter shows), and [`Readiness`] turns the count and the hellos
//! into the app's `slack_connected`.
//!
//! `disconnect` on the socket → "Removing client" → `replacements()` 0 → 1 → `/readyz` 503
//! → hello on the new socket → 200.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::Context;

use crate::app::App;

/// Sockets removed for replacement in this process, as slack-morphism logged them.
static REPLACEMENTS: AtomicU64 = AtomicU64::new(0);

/// Where slack-morphism logs the removal of a socket client.
const TARGET: &str = "slack_morphism::hyper_tokio::socket_mode::tokio_clients_manager";

/// The message of that event ("[client id] Removing client").
const REMOVING: &str = "Removing client";

pub fn replacements() -> u64 {
    REPLACEMENTS.load(Ordering::Relaxed)
}

/// The log layer that counts socket replacements; install it beside the log output (it keeps
/// its own filter, so the log level does not hide what it needs).
pub fn layer<S>() -> impl Layer<S> + Send + Sync + 'static
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    Counter.with_filter(Targets::new().with_target(TARGET, tracing::Level::DEBUG))
}

struct Counter;

impl<S: tracing::Subscriber> Layer<S> for Counter {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        struct Message(bool);
        impl Visit for Message {
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" {
                    self.0 |= format!("{value:?}").contains(REMOVING);
                }
            }
        }
        let mut message = Message(false);
        event.record(&mut message);
        if message.0 {
            REPLACEMENTS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Whether the Socket Mode connection is up: a hello seen since the last replacement began.
pub struct Readiness {
    app: Arc<App>,
    /// The replacement count when the last hello came.
    greeted_at: Mutex<Option<u64>>,
}

impl Readiness {
    pub fn new(app: Arc<App>) -> Readiness {
        Readiness {
            app,
            greeted_at: Mutex::new(None),
        }
    }

    /// A socket said hello: ready, as of every replacement so far.
    pub fn hello(&self) {
        let mut greeted = self.greeted_at.lock().unwrap_or_else(|e| e.into_inner());
        *greeted = Some(replacements());
        self.app.slack_connected.store(true, Ordering::Relaxed);
    }

    /// Looks whether a replacement began since the last hello; if so, not ready until the next.
    pub fn check(&self) {
        let greeted = self.greeted_at.lock().unwrap_or_else(|e| e.into_inner());
        if greeted.is_some_and(|at| at != replacements())
            && self.app.slack_connected.swap(false, Ordering::Relaxed)
        {
            tracing::info!(
                "Slack is replacing a Socket Mode connection; not ready until it says hello"
            );
        }
    }
}
