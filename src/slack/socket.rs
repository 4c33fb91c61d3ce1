//! Socket Mode: emcee opens a WebSocket to Slack (`apps.connections.open` with the `xapp-`
//! app-level token) and answers `slash_commands` envelopes in their acknowledgement, through
//! the same `respond` as the HTTP endpoint. No public URL and no signature are needed.
//!
//! `{"type":"slash_commands","envelope_id":"e1","payload":{"command":"/talk","text":"kapitan",…}}`
//! → `{"envelope_id":"e1","payload":{"text":"Deployments with Kapitan","blocks":[…],…}}`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::Context as _;
use slack_morphism::prelude::*;

use super::replaced::Readiness;
use crate::app::App;
use crate::chat::apology;

/// Connects to Slack in Socket Mode with `[slack] app_token` and answers commands until the
/// process ends (slack-morphism reconnects dropped sockets by itself).
pub async fn socket_mode(app: Arc<App>) -> anyhow::Result<()> {
    socket_mode_until(app, std::future::pending()).await
}

/// Socket Mode until `shutdown` resolves, then closes the sockets. slack-morphism opens two
/// sockets (the second 5 s after the first) and, when Slack cannot be reached or refuses the
/// token, logs why and tries again every 30 s.
pub async fn socket_mode_until(
    app: Arc<App>,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let token = app
        .config
        .slack
        .app_token
        .as_ref()
        .context("slack.app_token (xapp-…) is needed for Socket Mode")?;
    let token = SlackApiToken::new(token.expose().to_owned().into());
    let client = Arc::new(super::client(&app.config)?);
    let readiness = Arc::new(Readiness::new(Arc::clone(&app)));
    let environment = SlackClientEventsListenerEnvironment::new(Arc::clone(&client))
        .with_error_handler(on_error)
        .with_user_state(Arc::clone(&app))
        .with_user_state(Arc::clone(&readiness));
    let callbacks = SlackSocketModeListenerCallbacks::new()
        // Slack's first message on each socket: the connection is up, and /readyz may say so.
        // (A closure, because the hello event's type is not exported by name.)
        .with_hello_events(|hello, _client, states| async move {
            if let Some(readiness) = states.read().await.get_user_state::<Arc<Readiness>>() {
                readiness.hello();
            }
            tracing::info!(
                connections = hello.num_connections,
                "connected to Slack in Socket Mode"
            );
        })
        .with_command_events(on_command)
        .with_interaction_events(on_interaction);
    let listener = SlackClientSocketModeListener::new(
        &SlackClientSocketModeConfig::new(),
        Arc::new(environment),
        callbacks,
    );
    listener
        .listen_for(&token)
        .await
        .context("registering the Socket Mode token")?;
    // `start` spawns the socket tasks and returns; `serve` would also install its own signal
    // handlers, which `emcee serve` already has.
    listener.start().await;
    // A socket being replaced turns /readyz 503 until the new one says hello.
    let watching = tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            readiness.check();
        }
    });
    shutdown.await;
    watching.abort();
    listener.shutdown().await;
    app.slack_connected.store(false, Ordering::Relaxed);
    Ok(())
}

/// One `slash_commands` envelope: the answer rides in its acknowledgement.
async fn on_command(
    event: SlackCommandEvent,
    client: Arc<SlackHyperClient>,
    states: SlackClientEventsUserState,
) -> UserCallbackResult<SlackCommandEventResponse> {
    let app = states.read().await.get_user_state::<Arc<App>>().cloned();
    let Some(app) = app else {
        return Ok(super::response(&apology(
            &"Socket Mode started without the app",
        )));
    };
    let text = event.text.as_deref().unwrap_or_default();
    let member = super::member(&app.config, &event.user_id.0, None);
    let response = super::respond(
        &app,
        &event.command.0,
        text,
        Some(member),
        Some(event.response_url),
        Some(client),
    )
    .await;
    Ok(response)
}

/// Button clicks: the same as `POST /slack/interactions`. A click on Going or Not going is
/// recorded before the envelope is acknowledged; the updated message and the private note
/// follow through `response_url`. Link buttons need nothing.
async fn on_interaction(
    event: SlackInteractionEvent,
    client: Arc<SlackHyperClient>,
    states: SlackClientEventsUserState,
) -> UserCallbackResult<()> {
    let app = states.read().await.get_user_state::<Arc<App>>().cloned();
    let (Some(app), Ok(payload)) = (app, serde_json::to_value(&event)) else {
        return Ok(());
    };
    if let Some(replies) = super::interaction(&app, &payload) {
        tokio::spawn(async move { super::send_replies(&app.config, Some(client), replies).await });
    }
    Ok(())
}

/// Logs what slack-morphism reports (socket errors, envelopes it cannot read) and has the
/// envelope acknowledged, so Slack does not send it again.
fn on_error(
    err: Box<dyn std::error::Error + Send + Sync>,
    _client: Arc<SlackHyperClient>,
    _states: SlackClientEventsUserState,
) -> HttpStatusCode {
    tracing::warn!("Slack Socket Mode: {err}");
    HttpStatusCode::OK
}
