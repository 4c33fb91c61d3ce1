//! A local fake of Discord's REST API and Slack's Web API on 127.0.0.1: records every request
//! and answers as the platforms do, or as a test scripts it (a 500, a 429 with Retry-After, a
//! request that never gets an answer).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body: Value,
}

/// A scripted answer: status, headers and body, after an optional delay.
#[derive(Clone, Debug)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
    pub delay: Duration,
}

impl Scripted {
    pub fn status(status: u16) -> Scripted {
        Scripted {
            status,
            headers: Vec::new(),
            body: json!({"message": "scripted failure", "code": 0}),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Scripted {
        self.headers.push((name, value.to_owned()));
        self
    }

    /// Never answers within a test's lifetime: the caller is stuck mid-request.
    pub fn hang() -> Scripted {
        Scripted {
            delay: Duration::from_secs(3600),
            ..Scripted::status(200)
        }
    }
}

/// Answers for requests whose path contains the string, used up in order.
type Script = (String, VecDeque<Scripted>);

#[derive(Clone, Default)]
pub struct FakeApi {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// What `GET /api/v10/gateway` returns as the gateway URL.
    pub gateway_url: Arc<Mutex<String>>,
    /// Scripted answers by a part of the path, used up in order before the default answer.
    scripts: Arc<Mutex<Vec<Script>>>,
}

impl FakeApi {
    pub async fn start() -> (FakeApi, SocketAddr) {
        let fake = FakeApi::default();
        let router = axum::Router::new()
            .fallback(answer)
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move { axum::serve(listener, router).await });
        (fake, address)
    }

    /// Answers the next requests whose path contains `part` with `answers`, in order.
    pub fn script(&self, part: &str, answers: Vec<Scripted>) {
        self.scripts
            .lock()
            .expect("lock")
            .push((part.to_owned(), answers.into()));
    }

    /// Every request so far whose path contains `part`.
    pub fn requests(&self, part: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .expect("lock")
            .iter()
            .filter(|s| s.path.contains(part))
            .cloned()
            .collect()
    }

    /// Waits (at most 10 s) for a request whose path contains `part`.
    pub async fn wait_for(&self, part: &str) -> Seen {
        for _ in 0..200 {
            if let Some(seen) = self.requests(part).into_iter().next() {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no request to {part} within 10 s; seen: {:?}",
            self.seen.lock().expect("lock")
        );
    }

    fn scripted(&self, path: &str) -> Option<Scripted> {
        let mut scripts = self.scripts.lock().expect("lock");
        scripts
            .iter_mut()
            .find(|(part, answers)| path.contains(part.as_str()) && !answers.is_empty())
            .and_then(|(_, answers)| answers.pop_front())
    }
}

/// A Discord message as the REST API returns it (the fields serenity requires).
fn discord_message(channel: &str) -> Value {
    json!({
        "id": "6006", "channel_id": channel, "content": "", "tts": false,
        "author": {"id": "2002", "username": "emcee", "discriminator": "0", "avatar": null,
                   "bot": true},
        "timestamp": "2019-03-10T12:00:00.000000+00:00", "edited_timestamp": null,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0
    })
}

/// A guild scheduled event as Discord returns it, from the fields sent.
fn scheduled_event(id: &str, sent: &Value) -> Value {
    json!({
        "id": id, "guild_id": "9009", "channel_id": null, "creator_id": null,
        "name": sent["name"], "description": sent["description"],
        "scheduled_start_time": sent["scheduled_start_time"],
        "scheduled_end_time": sent["scheduled_end_time"],
        "privacy_level": 2, "status": 1, "entity_type": 3, "entity_id": null,
        "entity_metadata": sent["entity_metadata"], "user_count": 0, "image": null
    })
}

async fn answer(State(fake): State<FakeApi>, request: Request) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    fake.seen.lock().expect("lock").push(Seen {
        method: method.clone(),
        path: path.clone(),
        body: body.clone(),
    });
    if let Some(scripted) = fake.scripted(&path) {
        tokio::time::sleep(scripted.delay).await;
        let status = StatusCode::from_u16(scripted.status).unwrap_or(StatusCode::OK);
        let mut response = (status, axum::Json(scripted.body)).into_response();
        for (name, value) in scripted.headers {
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::from_bytes(name.as_bytes()),
                value.parse(),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        return response;
    }
    match (method.as_str(), path.as_str()) {
        ("GET", "/api/v10/gateway") => {
            let url = fake.gateway_url.lock().expect("lock").clone();
            axum::Json(json!({ "url": url })).into_response()
        }
        ("POST", p) if p.ends_with("/callback") => StatusCode::NO_CONTENT.into_response(),
        ("PATCH", p) if p.ends_with("/messages/@original") => {
            axum::Json(discord_message("3003")).into_response()
        }
        ("POST", p) if p.starts_with("/api/v10/channels/") && p.ends_with("/messages") => {
            let channel = p.split('/').nth(4).unwrap_or_default();
            axum::Json(discord_message(channel)).into_response()
        }
        ("PUT", p) if p.ends_with("/commands") => axum::Json(json!([])).into_response(),
        // Guild scheduled events: created, edited (the id echoed), deleted, and who is
        // interested (two members, one of whom answered with the buttons in the test).
        ("POST", p) if p.ends_with("/scheduled-events") => {
            let count = fake.requests("/scheduled-events").len();
            axum::Json(scheduled_event(&format!("800{count}"), &body)).into_response()
        }
        ("PATCH", p) if p.contains("/scheduled-events/") => {
            let id = p.rsplit('/').next().unwrap_or_default();
            axum::Json(scheduled_event(id, &body)).into_response()
        }
        ("DELETE", p) if p.contains("/scheduled-events/") => StatusCode::NO_CONTENT.into_response(),
        ("GET", p) if p.contains("/scheduled-events/") && p.ends_with("/users") => {
            let event = p.split('/').nth(6).unwrap_or_default();
            let user = |id: &str| {
                json!({"guild_scheduled_event_id": event, "user": {
                "id": id, "username": "member", "discriminator": "0", "avatar": null}})
            };
            axum::Json(json!([user("1100"), user("5500")])).into_response()
        }
        // A direct-message channel with a user (Discord's create DM).
        ("POST", "/api/v10/users/@me/channels") => axum::Json(json!({
            "id": "7007", "type": 1, "last_message_id": null, "recipients": [{
                "id": body["recipient_id"], "username": "member", "discriminator": "0",
                "avatar": null
            }]
        }))
        .into_response(),
        // An interaction's follow-up message (Discord's webhook).
        ("POST", p) if p.starts_with("/api/v10/webhooks/") => {
            axum::Json(discord_message("3003")).into_response()
        }
        // A Slack `response_url`, as a test hands it out.
        ("POST", p) if p.starts_with("/response/") => {
            axum::Json(json!({"ok": true})).into_response()
        }
        ("POST", "/api/chat.postMessage") => {
            let channel = body["channel"].as_str().unwrap_or("C0").to_owned();
            axum::Json(json!({
                "ok": true, "channel": channel, "ts": "1553711460.000100",
                "message": {"ts": "1553711460.000100", "text": body["text"]}
            }))
            .into_response()
        }
        _ => (StatusCode::NOT_FOUND, "unknown route in the fake").into_response(),
    }
}
