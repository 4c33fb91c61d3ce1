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

use serde_json::Value;

use crate::app::App;
use crate::chat::{self, Answer};
use crate::config::Config;
use crate::reply::{Action, Reply};
use crate::rsvp::{COUNT_FIELD, Member, Source};
pub use blocks::{COUNT_BLOCK, blocks, cut, escape, limits, mentions, response};
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
    member: Option<Member>,
    response_url: Option<SlackResponseUrl>,
    client: Option<Arc<SlackHyperClient>>,
) -> SlackCommandEventResponse {
    let line = command_line(command, text);
    let answering = Arc::clone(app);
    let answer = move || answering.answer_as("slack", &line, member.as_ref());
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

/// A Slack member: their user id, their name, and whether `[rsvp] organisers` lists them.
pub fn member(config: &Config, id: &str, name: Option<&str>) -> Member {
    let name = name.filter(|n| !n.trim().is_empty()).unwrap_or(id);
    Member {
        organiser: config.rsvp.organisers.iter().any(|o| o == id),
        ..Member::new(Source::Slack, id, name)
    }
}

/// What to post to an interaction's `response_url` once it is acknowledged.
pub struct Replies {
    url: SlackResponseUrl,
    bodies: Vec<Value>,
}

/// One interaction payload (`block_actions`), from `POST /slack/interactions` or Socket Mode.
/// A click on Going or Not going is recorded here, before Slack is acknowledged; what is left
/// to post (the message with its new count, replacing the clicked one, and the member's private
/// note; or More's next page) comes back for [`send_replies`]. `None` for anything else.
pub fn interaction(app: &Arc<App>, payload: &Value) -> Option<Replies> {
    if payload["type"] != "block_actions" {
        return None;
    }
    let user = payload["user"]["id"].as_str()?;
    let name = payload["user"]["name"]
        .as_str()
        .or(payload["user"]["username"].as_str());
    let member = member(&app.config, user, name);
    let action = payload["actions"]
        .as_array()?
        .iter()
        .find_map(|a| Action::parse(a["action_id"].as_str()?))?;
    let url = SlackResponseUrl(payload["response_url"].as_str()?.parse().ok()?);
    let bodies = match action {
        Action::Rsvp { meetup, going } => {
            let clicked = app.rsvp_click("slack", &member, &meetup, going);
            let mut bodies = Vec::new();
            if let Some(count) = &clicked.count {
                let message = &payload["message"];
                let mut blocks = message["blocks"].as_array().cloned().unwrap_or_default();
                set_count(&mut blocks, count);
                bodies.push(serde_json::json!({
                    "replace_original": true,
                    "text": message["text"].as_str().unwrap_or("emcee"),
                    "blocks": blocks,
                }));
            }
            let mut note = serde_json::to_value(response(&clicked.note)).ok()?;
            note["replace_original"] = Value::Bool(false);
            bodies.push(note);
            bodies
        }
        Action::More { line } => {
            let reply = app.answer_as("slack", &line, Some(&member));
            let mut next = serde_json::to_value(response(&reply)).ok()?;
            next["replace_original"] = Value::Bool(false);
            vec![next]
        }
        Action::Link { .. } => return None,
    };
    Some(Replies { url, bodies })
}

/// Sets the count block's text, adding the block before the buttons when there is none.
fn set_count(blocks: &mut Vec<Value>, count: &str) {
    let text = format!(
        "*{COUNT_FIELD}*\n{}",
        cut(count, limits::SECTION_TEXT - 10, "…")
    );
    if let Some(block) = blocks.iter_mut().find(|b| b["block_id"] == COUNT_BLOCK) {
        block["text"] = serde_json::json!({"type": "mrkdwn", "text": text});
        return;
    }
    let at = blocks
        .iter()
        .position(|b| b["type"] == "actions")
        .unwrap_or(blocks.len());
    if blocks.len() < limits::BLOCKS {
        blocks.insert(
            at,
            serde_json::json!({"type": "section", "block_id": COUNT_BLOCK,
                               "text": {"type": "mrkdwn", "text": text}}),
        );
    }
}

/// Posts each reply to the interaction's `response_url`, in order; a failure is logged (the
/// RSVP stands) and the rest are still tried.
pub async fn send_replies(
    config: &Config,
    client: Option<Arc<SlackHyperClient>>,
    replies: Replies,
) {
    let client = match client {
        Some(client) => client,
        None => match self::client(config) {
            Ok(client) => Arc::new(client),
            Err(err) => {
                tracing::error!("the RSVP stands, but Slack could not be answered: {err:#}");
                return;
            }
        },
    };
    for body in replies.bodies {
        if let Err(err) = post_json(&client, &replies.url, &body).await {
            tracing::warn!("the RSVP stands, but its answer through response_url failed: {err:#}");
        }
    }
}

/// POSTs `body` as JSON to a `response_url`.
async fn post_json(
    client: &SlackHyperClient,
    url: &SlackResponseUrl,
    body: &(impl serde::Serialize + Send + Sync),
) -> anyhow::Result<()> {
    let span = tracing::debug_span!("Slack response_url");
    let context = SlackClientApiCallContext {
        rate_control_params: None,
        token: None,
        tracing_span: &span,
        is_sensitive_url: true,
    };
    client
        .http_api
        .connector
        .http_post_uri::<_, Value>(url.0.clone(), body, context)
        .await
        .context("posting to response_url")?;
    Ok(())
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
    post_json(&client, &url, &response(reply)).await
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
