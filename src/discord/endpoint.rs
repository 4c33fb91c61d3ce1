//! `POST /discord/interactions`: Discord's HTTP interactions, Ed25519-signed. The signature is
//! checked (401 when missing, malformed, wrong or stale), the interaction decoded (400 when it is
//! not one) and answered in the HTTP response, or deferred and followed up.
//!
//! A signed `{"type":1}` → `{"type":1}`; a signed `/talk query:kapitan` → `{"type":4,"data":
//! {"embeds":[{"title":"Deployments with Kapitan",…}],…}}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serenity::all::ApplicationId;
use serenity::interactions_endpoint::Verifier;

use super::{Click, Invocation, member, nothing_to_do, respond};
use crate::app::App;
use crate::config::public_key_bytes;
use crate::reply::Action;
use crate::rsvp::Member;

/// How long after answering a click the private note is sent: Discord takes follow-ups only
/// once the first answer (this HTTP response) has arrived.
const NOTE_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// Signed requests older or newer than this are replays, not Discord.
const SIGNATURE_WINDOW_SECS: i64 = 300;

/// What the endpoint answers with: the app, and the verifier of `[discord] public_key`.
struct Endpoint {
    app: Arc<App>,
    verifier: Option<Verifier>,
}

/// `POST /discord/interactions`; an error when `[discord] public_key` is not a usable key.
pub fn routes(app: Arc<App>) -> anyhow::Result<Router> {
    let verifier = match &app.config.discord.public_key {
        Some(key) => {
            let bytes = public_key_bytes(key)
                .ok_or_else(|| anyhow::anyhow!("discord.public_key: not 64 hex digits"))?;
            let verifier =
                Verifier::try_new(bytes).map_err(|e| anyhow::anyhow!("discord.public_key: {e}"))?;
            Some(verifier)
        }
        None => None,
    };
    Ok(Router::new()
        .route("/discord/interactions", post(interactions))
        .with_state(Arc::new(Endpoint { app, verifier })))
}

/// Verifies the signature (401 when missing, malformed, wrong or stale), decodes the interaction
/// (400 when it is not one) and answers it in the HTTP response.
async fn interactions(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let app = &endpoint.app;
    let Some(verifier) = &endpoint.verifier else {
        return (
            StatusCode::NOT_FOUND,
            "Discord's interactions endpoint is off: set [discord] public_key",
        )
            .into_response();
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return unauthorized(app);
    };
    if verifier.verify(signature, timestamp, &body).is_err() || !fresh(timestamp) {
        return unauthorized(app);
    }
    let interaction = match Incoming::decode(&body) {
        Ok(interaction) => interaction,
        Err(err) => {
            tracing::warn!("Discord sent a body emcee cannot read: {err}");
            return (StatusCode::BAD_REQUEST, "not an interaction").into_response();
        }
    };
    if interaction.kind == Incoming::PING {
        // Discord's documented PONG; serenity's own serializes with `"data":null`.
        return axum::Json(serde_json::json!({"type": 1})).into_response();
    }
    if interaction.kind == Incoming::COMPONENT {
        let Some(click) = interaction.click() else {
            return axum::Json(nothing_to_do()).into_response();
        };
        let (response, note) = super::click(app, &click);
        if let Some(note) = note {
            let app = Arc::clone(app);
            tokio::spawn(async move {
                tokio::time::sleep(NOTE_AFTER).await;
                let http = Arc::new(super::http(&app.config));
                if let Err(err) =
                    super::send_note(http, click.application_id, &click.token, &note).await
                {
                    tracing::warn!("the RSVP stands, but its private note was not sent: {err:#}");
                }
            });
        }
        return axum::Json(response).into_response();
    }
    let response = match interaction.invocation() {
        Some(invocation) => respond(app, invocation, None).await,
        None => nothing_to_do(),
    };
    axum::Json(response).into_response()
}

fn unauthorized(app: &App) -> Response {
    app.metrics.signature_rejected("discord");
    (StatusCode::UNAUTHORIZED, "invalid request signature").into_response()
}

/// Whether a signature timestamp (Unix seconds) is within the replay window of the wall clock.
fn fresh(timestamp: &str) -> bool {
    let Ok(seconds) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    (chrono::Utc::now().timestamp() - seconds).abs() <= SIGNATURE_WINDOW_SECS
}

/// What the endpoint reads of an interaction: its type, who to answer, and the command with its
/// options. Decoding serenity's whole `Interaction` model costs more than answering the command
/// does, and emcee needs none of the rest.
#[derive(Deserialize)]
struct Incoming {
    #[serde(rename = "type")]
    kind: u8,
    application_id: ApplicationId,
    token: String,
    data: Option<IncomingData>,
    /// Who: a guild member (with their permissions), or a user in a DM.
    member: Option<IncomingMember>,
    user: Option<IncomingUser>,
    /// The message whose button was clicked.
    message: Option<IncomingMessage>,
}

#[derive(Deserialize)]
struct IncomingData {
    /// A command's name; components and modals carry other data.
    name: Option<String>,
    #[serde(default)]
    options: Vec<IncomingOption>,
    /// A button's id.
    custom_id: Option<String>,
}

#[derive(Deserialize)]
struct IncomingMember {
    user: IncomingUser,
    nick: Option<String>,
    /// The member's permissions in the channel, a decimal bit set.
    permissions: Option<String>,
}

#[derive(Deserialize)]
struct IncomingUser {
    id: String,
    username: Option<String>,
    global_name: Option<String>,
}

#[derive(Deserialize)]
struct IncomingMessage {
    #[serde(default)]
    embeds: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct IncomingOption {
    name: String,
    value: Option<OptionValue>,
    #[serde(default)]
    focused: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OptionValue {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl Incoming {
    const PING: u8 = 1;
    const COMMAND: u8 = 2;
    const COMPONENT: u8 = 3;
    const AUTOCOMPLETE: u8 = 4;

    /// Who sent the interaction, when it says.
    fn member(&self) -> Option<Member> {
        if let Some(m) = &self.member {
            let permissions = m.permissions.as_deref().and_then(|p| p.parse().ok());
            let names = [
                m.nick.as_deref(),
                m.user.global_name.as_deref(),
                m.user.username.as_deref(),
            ];
            return Some(member(m.user.id.clone(), names, permissions));
        }
        let u = self.user.as_ref()?;
        let names = [u.global_name.as_deref(), u.username.as_deref(), None];
        Some(member(u.id.clone(), names, None))
    }

    /// The click on one of emcee's buttons; `None` for ids emcee did not make or no member.
    fn click(self) -> Option<Click> {
        let member = self.member()?;
        let action = Action::parse(self.data.as_ref()?.custom_id.as_deref()?)?;
        Some(Click {
            application_id: self.application_id,
            token: self.token,
            member,
            action,
            embeds: self.message.map(|m| m.embeds).unwrap_or_default(),
        })
    }

    /// A command or autocomplete must name its command; without, it is not an interaction.
    fn decode(body: &[u8]) -> Result<Incoming, serde_json::Error> {
        let incoming: Incoming = serde_json::from_slice(body)?;
        let named = incoming.data.as_ref().is_some_and(|d| d.name.is_some());
        if matches!(incoming.kind, Self::COMMAND | Self::AUTOCOMPLETE) && !named {
            return Err(serde::de::Error::missing_field("data.name"));
        }
        Ok(incoming)
    }

    /// The command to answer; `None` for interactions emcee does not take (buttons, modals).
    fn invocation(self) -> Option<Invocation> {
        let autocomplete = match self.kind {
            Self::COMMAND => false,
            Self::AUTOCOMPLETE => true,
            _ => return None,
        };
        let member = self.member();
        let data = self.data?;
        let name = data.name?;
        let mut focused = None;
        let mut options = Vec::with_capacity(data.options.len());
        for option in data.options {
            let value = match option.value {
                Some(OptionValue::Text(s)) => s,
                Some(OptionValue::Integer(i)) => i.to_string(),
                Some(OptionValue::Number(n)) => n.to_string(),
                Some(OptionValue::Boolean(b)) => b.to_string(),
                None => continue,
            };
            if option.focused {
                focused = Some((option.name.clone(), value.clone()));
            }
            options.push((option.name, value));
        }
        Some(Invocation {
            application_id: self.application_id,
            token: self.token,
            name,
            options,
            autocomplete,
            focused,
            member,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(value: serde_json::Value) -> Result<Incoming, serde_json::Error> {
        Incoming::decode(value.to_string().as_bytes())
    }

    #[test]
    fn every_option_type_reaches_the_router_as_text() {
        let invocation = incoming(serde_json::json!({
            "type": 2, "application_id": "2002", "token": "t", "id": "1", "version": 1,
            "data": {"id": "5", "name": "talks", "type": 1, "options": [
                {"name": "query", "type": 3, "value": "kapitan"},
                {"name": "year", "type": 4, "value": 2019},
                {"name": "weight", "type": 10, "value": 1.5},
                {"name": "all", "type": 5, "value": true}
            ]}
        }))
        .expect("an interaction")
        .invocation()
        .expect("a command");
        assert!(!invocation.autocomplete);
        assert_eq!(invocation.application_id.get(), 2002);
        assert_eq!(invocation.name, "talks");
        let options: Vec<(&str, &str)> = invocation
            .options
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            options,
            [
                ("query", "kapitan"),
                ("year", "2019"),
                ("weight", "1.5"),
                ("all", "true")
            ]
        );
    }

    #[test]
    fn autocomplete_knows_the_focused_option() {
        let invocation = incoming(serde_json::json!({
            "type": 4, "application_id": "2002", "token": "t",
            "data": {"name": "speaker", "options": [
                {"name": "name", "type": 3, "value": "wil", "focused": true}
            ]}
        }))
        .expect("an interaction")
        .invocation()
        .expect("an autocomplete");
        assert!(invocation.autocomplete);
        assert_eq!(
            invocation.focused,
            Some(("name".to_owned(), "wil".to_owned()))
        );
    }

    #[test]
    fn buttons_and_modals_are_not_commands_and_bodies_without_data_are_refused() {
        let component = incoming(serde_json::json!({
            "type": 3, "application_id": "2002", "token": "t", "data": {"custom_id": "x"}
        }));
        assert!(component.expect("an interaction").invocation().is_none());
        let modal =
            incoming(serde_json::json!({"type": 5, "application_id": "2002", "token": "t"}))
                .expect("an interaction");
        assert!(modal.invocation().is_none());
        for body in [
            serde_json::json!({"type": 2, "application_id": "2002", "token": "t"}),
            serde_json::json!({"type": 4, "application_id": "2002", "token": "t"}),
            serde_json::json!({"type": 2, "application_id": "2002", "token": "t", "data": {}}),
            serde_json::json!({"type": 2, "token": "t", "data": {"name": "talk"}}),
            serde_json::json!({"type": "2", "application_id": "2002", "token": "t"}),
        ] {
            assert!(incoming(body.clone()).is_err(), "{body}");
        }
    }
}
