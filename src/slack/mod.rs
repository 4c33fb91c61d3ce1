//! Slack: slash commands over HTTP (`POST /slack/commands`, v0-signed) and over Socket Mode,
//! both answered by the same router and rendered as Block Kit, and announcements posted with
//! `chat.postMessage`. The files by role: `endpoint`, `socket`, `blocks` (render), `manifest`
//! (register), `post`. This module only turns a Slack command into the router's line and a
//! `Reply` into blocks; no command logic lives here.
//!
//! `command=/talk&text=kapitan` (or `command=/emcee&text=talk kapitan`) → "/talk kapitan" →
//! `{"text":"Deployments with Kapitan","blocks":[…],"response_type":"in_channel"}`.

mod blocks;
mod endpoint;
mod manifest;
mod post;
mod replaced;
mod socket;

use std::sync::Arc;

use anyhow::Context as _;
use slack_morphism::prelude::*;

use crate::app::App;
use crate::chat::{self, Answer};
use crate::config::Config;
use crate::reply::Reply;
pub use blocks::{blocks, cut, escape, limits, response};
pub use endpoint::{SignatureError, routes, verify};
pub use manifest::manifest;
pub use post::SlackPoster;
pub use replaced::{layer as socket_replacements_layer, replacements as socket_replacements};
pub use socket::{socket_mode, socket_mode_until};

/// The catch-all command: `/emcee talk kapitan` is `/talk kapitan`; `/emcee` alone is `/help`.
pub const EMCEE_COMMAND: &str = "/emcee";

/// The line the router answers for a Slack command and its text: `/talk` + "kapitan" →
/// "/talk kapitan"; `/emcee` + "talk kapitan" → "/talk kapitan"; `/emcee` + "" → "/help".
pub fn command_line(command: &str, text: &str) -> String {
    let command = command.trim();
    let text = text.trim();
    if command.eq_ignore_ascii_case(EMCEE_COMMAND) {
        if text.is_empty() {
            return "/help".to_owned();
        }
        return format!("/{}", text.strip_prefix('/').unwrap_or(text));
    }
    let command = command.strip_prefix('/').unwrap_or(command);
    if text.is_empty() {
        format!("/{command}")
    } else {
        format!("/{command} {text}")
    }
}

/// The answer to one slash command, however it arrived. A command not answered within
/// `app.reply_deadline` (Slack allows 3 s) gets a private "still working" now and its answer
/// later through `response_url`, posted with `client` (Socket Mode's) or one made from the
/// config.
pub async fn respond(
    app: &Arc<App>,
    command: &str,
    text: &str,
    response_url: Option<SlackResponseUrl>,
    client: Option<Arc<SlackHyperClient>>,
) -> SlackCommandEventResponse {
    let line = command_line(command, text);
    let answering = Arc::clone(app);
    let answer = move || answering.answer_on("slack", &line);
    let later = move |app: Arc<App>, reply: Reply| async move {
        follow_up(&app.config, client, response_url, &reply).await
    };
    match chat::answer_or_defer(app, answer, later).await {
        Answer::Now(reply) => response(&reply),
        Answer::Later => response(&Reply::private(
            "Still working on it",
            "emcee is taking longer than usual; the answer will follow here.",
        )),
    }
}

/// Posts a late answer to the command's `response_url` (in the channel unless it is private).
async fn follow_up(
    config: &Config,
    client: Option<Arc<SlackHyperClient>>,
    response_url: Option<SlackResponseUrl>,
    reply: &Reply,
) -> anyhow::Result<()> {
    let url = response_url.context("the command came without a response_url")?;
    let client = match client {
        Some(client) => client,
        None => Arc::new(self::client(config)?),
    };
    let span = tracing::debug_span!("Slack response_url");
    let context = SlackClientApiCallContext {
        rate_control_params: None,
        token: None,
        tracing_span: &span,
        is_sensitive_url: true,
    };
    let body = response(reply);
    client
        .http_api
        .connector
        .http_post_uri::<_, serde_json::Value>(url.0, &body, context)
        .await
        .context("posting to response_url")?;
    Ok(())
}

/// slack-morphism's client for the config: HTTPS (native roots) or plain HTTP, HTTP/1 or 2, and
/// the Web API at `[slack] api_base` (default `https://slack.com/api`) — a proxy, or a local fake
/// in tests, which is why plain http is allowed.
pub fn client(config: &Config) -> anyhow::Result<SlackHyperClient> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .context("loading the system's root certificates for Slack")?
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    let mut connector = SlackClientHyperConnector::with_connector(https);
    if let Some(base) = &config.slack.api_base {
        connector = connector.with_slack_api_url(base.trim_end_matches('/'));
    }
    Ok(SlackClient::new(connector))
}

/// The poster of announcements when `[slack] bot_token` is set.
pub fn poster(config: &Config) -> anyhow::Result<Option<SlackPoster>> {
    match &config.slack.bot_token {
        Some(token) => Ok(Some(SlackPoster::new(client(config)?, token))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines() {
        for (command, text, line) in [
            ("/talk", "kapitan", "/talk kapitan"),
            ("/talk", "  kapitan  ", "/talk kapitan"),
            ("/next-meetup", "", "/next-meetup"),
            ("/emcee", "talk kapitan", "/talk kapitan"),
            ("/emcee", "/talk kapitan", "/talk kapitan"),
            ("/emcee", "", "/help"),
            ("/emcee", "   ", "/help"),
            ("/EMCEE", "stats", "/stats"),
        ] {
            assert_eq!(command_line(command, text), line, "{command} {text:?}");
        }
    }

    #[test]
    fn client_takes_api_base_with_or_without_a_slash() {
        let config = Config::from_parts(
            None,
            None,
            [(
                "EMCEE_SLACK_API_BASE".to_owned(),
                "http://127.0.0.1:9/api/".to_owned(),
            )],
        )
        .unwrap();
        let client = client(&config).unwrap();
        let url = client
            .http_api
            .connector
            .create_method_uri_path("apps.connections.open")
            .unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/api/apps.connections.open");
    }
}
