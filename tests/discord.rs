//! Discord over loopback: the interactions endpoint with real Ed25519 signatures, deferred
//! answers and registration against a local fake of Discord's REST API, and the gateway against
//! a fake gateway that sends Hello, Ready and an INTERACTION_CREATE.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use ed25519_dalek::{Signer, SigningKey};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::fakes::{FakeApi, Scripted};
use crate::support;

/// The test application's key pair (a fixed seed, so runs are repeatable).
fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn public_key(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `X-Signature-Ed25519` over timestamp + body, as Discord signs.
fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let message = [timestamp.as_bytes(), body].concat();
    hex::encode(key.sign(&message).to_bytes())
}

/// An app whose endpoint trusts [`key`], served on loopback.
async fn endpoint() -> SocketAddr {
    support::serve(support::app(support::config(&[(
        "EMCEE_DISCORD_PUBLIC_KEY",
        &public_key(&key()),
    )])))
    .await
}

/// POSTs a body with the given signature headers (None leaves a header out).
async fn post_raw(
    address: SocketAddr,
    body: &[u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/discord/interactions"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(signature) = signature {
        request = request.header("X-Signature-Ed25519", signature);
    }
    if let Some(timestamp) = timestamp {
        request = request.header("X-Signature-Timestamp", timestamp);
    }
    let response = request.send().await.expect("the server answers");
    let status = StatusCode::from_u16(response.status().as_u16()).expect("a status");
    (status, response.text().await.expect("a body"))
}

/// POSTs an interaction signed by [`key`] now; the JSON response.
async fn post(address: SocketAddr, interaction: &Value) -> Value {
    let body = interaction.to_string();
    let timestamp = now_secs().to_string();
    let signature = sign(&key(), &timestamp, body.as_bytes());
    let (status, text) =
        post_raw(address, body.as_bytes(), Some(&signature), Some(&timestamp)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).expect("a JSON response")
}

fn ping() -> Value {
    json!({"id": "1001", "application_id": "2002", "type": 1, "token": "ping-token", "version": 1})
}

/// A slash command as Discord sends it: the fields serenity requires, a user, and the options.
fn command(name: &str, options: Value) -> Value {
    json!({
        "id": "1002",
        "application_id": "2002",
        "type": 2,
        "token": "command-token",
        "version": 1,
        "locale": "en-GB",
        "entitlements": [],
        "attachment_size_limit": 8_388_608,
        "channel_id": "3003",
        "app_permissions": "0",
        "user": {"id": "4004", "username": "ada", "discriminator": "0", "global_name": "Ada",
                 "avatar": null},
        "data": {"id": "5005", "name": name, "type": 1, "options": options}
    })
}

fn string_option(name: &str, value: &str) -> Value {
    json!([{"name": name, "type": 3, "value": value}])
}

/// The single embed of a type 4 response.
fn embed(response: &Value) -> &Value {
    assert_eq!(response["type"], 4, "{response}");
    &response["data"]["embeds"][0]
}

#[tokio::test]
async fn ping_gets_pong() {
    let address = endpoint().await;
    assert_eq!(post(address, &ping()).await, json!({"type": 1}));
}

#[tokio::test]
async fn talk_kapitan_is_an_embed_that_pings_nobody() {
    let address = endpoint().await;
    let response = post(address, &command("talk", string_option("query", "kapitan"))).await;
    let embed = embed(&response);
    assert_eq!(embed["title"], "Deployments with Kapitan");
    assert!(
        embed
            .to_string()
            .contains("Alessandro De Maria (DeepMind Health)")
    );
    assert_eq!(response["data"]["allowed_mentions"]["parse"], json!([]));
    let flags = response["data"]["flags"].as_u64().unwrap_or(0);
    assert_eq!(flags & 64, 0, "answers are public");
    // Counted in /metrics by command, platform and outcome.
    let metrics = reqwest::get(format!("http://{address}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains(
            "emcee_commands_total{command=\"talk\",platform=\"discord\",outcome=\"answered\"} 1"
        ),
        "{metrics}"
    );
    let pretty = serde_json::to_string_pretty(&response).expect("JSON");
    insta::assert_snapshot!("discord_talk_kapitan", pretty);
}

#[tokio::test]
async fn speaker_autocomplete_offers_the_index() {
    let address = endpoint().await;
    let mut interaction = command(
        "speaker",
        json!([{"name": "name", "type": 3, "value": "wilk", "focused": true}]),
    );
    interaction["type"] = json!(4);
    let response = post(address, &interaction).await;
    assert_eq!(response["type"], 8, "{response}");
    let choices = response["data"]["choices"].as_array().expect("choices");
    assert!((1..=25).contains(&choices.len()), "{response}");
    assert_eq!(choices[0]["name"], "Tom Wilkie");
    assert_eq!(choices[0]["value"], "Tom Wilkie");

    // A typo still completes; nothing typed yet offers the newest speakers.
    interaction["data"]["options"][0]["value"] = json!("wilkei");
    let response = post(address, &interaction).await;
    assert_eq!(response["data"]["choices"][0]["name"], "Tom Wilkie");
    interaction["data"]["options"][0]["value"] = json!("");
    let response = post(address, &interaction).await;
    let choices = response["data"]["choices"].as_array().expect("choices");
    assert!(!choices.is_empty() && choices.len() <= 25, "{response}");
}

#[tokio::test]
async fn unknown_command_is_a_private_suggestion() {
    let address = endpoint().await;
    let response = post(address, &command("tlak", string_option("query", "kapitan"))).await;
    assert_eq!(embed(&response)["title"], "Unknown command");
    assert_eq!(response["data"]["flags"], 64, "ephemeral");
    assert!(embed(&response).to_string().contains("/talk"), "{response}");
}

#[tokio::test]
async fn missing_option_and_huge_query_are_private_and_clear() {
    let address = endpoint().await;
    let response = post(address, &command("talk", json!([]))).await;
    assert_eq!(response["data"]["flags"], 64);
    assert!(
        embed(&response).to_string().contains("/talk <query>"),
        "{response}"
    );

    let huge = "kubernetes ".repeat(1000);
    let response = post(address, &command("talk", string_option("query", &huge))).await;
    assert_eq!(response["data"]["flags"], 64);
    assert!(
        embed(&response).to_string().contains("at most 200"),
        "{response}"
    );
}

#[tokio::test]
async fn bad_signatures_are_401() {
    let address = endpoint().await;
    let body = command("talk", string_option("query", "kapitan")).to_string();
    let timestamp = now_secs().to_string();
    let good = sign(&key(), &timestamp, body.as_bytes());

    let other = sign(
        &SigningKey::from_bytes(&[9; 32]),
        &timestamp,
        body.as_bytes(),
    );
    let altered = body.replace("kapitan", "kapitab");
    let stale = (now_secs() - 600).to_string();
    let stale_signature = sign(&key(), &stale, body.as_bytes());
    type Case<'a> = (&'a str, &'a [u8], Option<&'a str>, Option<&'a str>);
    let cases: [Case; 7] = [
        (
            "another key",
            body.as_bytes(),
            Some(&other),
            Some(&timestamp),
        ),
        (
            "body altered after signing",
            altered.as_bytes(),
            Some(&good),
            Some(&timestamp),
        ),
        ("no signature", body.as_bytes(), None, Some(&timestamp)),
        ("no timestamp", body.as_bytes(), Some(&good), None),
        ("no headers", body.as_bytes(), None, None),
        (
            "malformed signature",
            body.as_bytes(),
            Some("zz-not-hex"),
            Some(&timestamp),
        ),
        (
            "ten minutes old",
            body.as_bytes(),
            Some(&stale_signature),
            Some(&stale),
        ),
    ];
    for (case, body, signature, timestamp) in cases {
        let (status, _) = post_raw(address, body, signature, timestamp).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}");
    }
    // The same request, correctly signed, is answered.
    let (status, _) = post_raw(address, body.as_bytes(), Some(&good), Some(&timestamp)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn signed_but_malformed_body_is_400() {
    let address = endpoint().await;
    for body in ["{not json", "{\"type\": 2}", "[]", ""] {
        let timestamp = now_secs().to_string();
        let signature = sign(&key(), &timestamp, body.as_bytes());
        let (status, _) =
            post_raw(address, body.as_bytes(), Some(&signature), Some(&timestamp)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
}

#[tokio::test]
async fn mentions_in_a_query_never_ping() {
    let address = endpoint().await;
    for query in [
        "@everyone",
        "kapitan @here",
        "<@&123456> <@4004>",
        "@everyone <@!4004>",
    ] {
        let response = post(address, &command("talk", string_option("query", query))).await;
        assert_eq!(
            response["data"]["allowed_mentions"]["parse"],
            json!([]),
            "{query}"
        );
        let text = response["data"]["embeds"].to_string();
        for raw in ["@everyone", "@here", "<@"] {
            assert!(!text.contains(raw), "{query}: {text}");
        }
    }
}

#[tokio::test]
async fn endpoint_is_off_without_a_public_key() {
    let address = support::serve(support::app(support::config(&[]))).await;
    let (status, text) = post_raw(address, b"{}", Some("00"), Some("1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text.contains("public_key"), "{text}");
    let health = reqwest::get(format!("http://{address}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
}

#[tokio::test]
async fn slow_answers_are_deferred_then_sent_as_an_edit() {
    let (fake, rest) = FakeApi::start().await;
    let config = support::config(&[
        ("EMCEE_DISCORD_PUBLIC_KEY", &public_key(&key())),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{rest}")),
    ]);
    // A zero deadline defers every command, as a handler slower than the deadline would be.
    let app = support::app(config).with_reply_deadline(Duration::ZERO);
    let address = support::serve(app).await;
    let response = post(address, &command("talk", string_option("query", "kapitan"))).await;
    assert_eq!(response["type"], 5, "{response}");
    let edit = fake.wait_for("/messages/@original").await;
    assert_eq!(edit.method, "PATCH");
    assert_eq!(
        edit.path,
        "/api/v10/webhooks/2002/command-token/messages/@original"
    );
    assert_eq!(edit.body["embeds"][0]["title"], "Deployments with Kapitan");
    assert_eq!(edit.body["allowed_mentions"]["parse"], json!([]));
}

#[tokio::test]
async fn register_overwrites_the_guild_commands() {
    let (fake, rest) = FakeApi::start().await;
    let config = support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_APPLICATION_ID", "2002"),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{rest}")),
    ]);
    emcee::discord::register(&config, Some("7007"))
        .await
        .expect("registered");
    let put = fake.wait_for("/commands").await;
    assert_eq!(put.method, "PUT");
    assert_eq!(put.path, "/api/v10/applications/2002/guilds/7007/commands");
    support::assert_lists_every_command(&put.body);

    // Without a token registration fails naming the key.
    let err = emcee::discord::register(&support::config(&[]), None)
        .await
        .expect_err("no token");
    assert!(err.to_string().contains("discord.token"), "{err}");
}

#[test]
fn registration_json_follows_the_specs() {
    let json = serde_json::to_value(emcee::discord::commands()).expect("JSON");
    let talk = &json[0];
    assert_eq!(talk["name"], "talk");
    assert_eq!(talk["type"], 1);
    assert_eq!(talk["options"][0]["type"], 3);
    assert_eq!(talk["options"][0]["required"], true);
    assert_eq!(talk["options"][0]["autocomplete"], true);
    let sponsors = json
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["name"] == "sponsors")
        .expect("/sponsors");
    assert_eq!(sponsors["options"][0]["required"], false);
    assert_eq!(sponsors["options"][0]["autocomplete"], false);
}

/// A fake gateway on loopback: Hello, then (after Identify) Ready and one INTERACTION_CREATE.
/// Returns the Identify payload it received.
async fn fake_gateway(listener: tokio::net::TcpListener, interaction: Value) -> Value {
    let url = format!("ws://{}", listener.local_addr().expect("an address"));
    let (stream, _) = listener.accept().await.expect("serenity connects");
    let mut socket = tokio_tungstenite::accept_async(stream)
        .await
        .expect("a websocket");
    let send = |value: Value| Message::Text(value.to_string());
    socket
        .send(send(json!({"op": 10, "d": {"heartbeat_interval": 45000}})))
        .await
        .expect("hello sent");
    let identify = loop {
        let Some(Ok(Message::Text(text))) = socket.next().await else {
            panic!("the gateway closed before Identify");
        };
        let payload: Value = serde_json::from_str(&text).expect("JSON from serenity");
        if payload["op"] == 2 {
            break payload;
        }
    };
    socket
        .send(send(json!({"op": 0, "s": 1, "t": "READY", "d": {
            "v": 10,
            "user": {"id": "2002", "username": "emcee", "discriminator": "0", "avatar": null,
                     "bot": true},
            "guilds": [],
            "session_id": "session",
            "resume_gateway_url": url,
            "shard": [0, 1],
            "application": {"id": "2002", "flags": 0}
        }})))
        .await
        .expect("ready sent");
    socket
        .send(send(
            json!({"op": 0, "s": 2, "t": "INTERACTION_CREATE", "d": interaction}),
        ))
        .await
        .expect("interaction sent");
    // Keep the connection open (answering heartbeats) while emcee replies over REST.
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            if let Message::Text(text) = message
                && text.contains("\"op\":1")
            {
                let _ = socket.send(send(json!({"op": 11}))).await;
            }
        }
    });
    identify
}

/// Behind `api_base`, a failed lookup of the gateway's address is asked again through the proxy,
/// never answered by Discord's public host: the session opens on the proxy's gateway once it
/// answers.
#[tokio::test]
async fn behind_api_base_the_gateway_address_comes_only_from_the_proxy() {
    let (fake, rest) = FakeApi::start().await;
    fake.script("/api/v10/gateway", vec![Scripted::status(502)]);
    let gateway = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    *fake.gateway_url.lock().expect("lock") =
        format!("ws://{}", gateway.local_addr().expect("an address"));
    let interaction = command("help", json!([]));
    let gateway = tokio::spawn(fake_gateway(gateway, interaction));
    let config = support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{rest}")),
    ]);
    let app = Arc::new(support::app(config));
    let client = tokio::spawn(emcee::discord::gateway(
        Arc::clone(&app),
        std::future::pending(),
    ));
    let identify = tokio::time::timeout(Duration::from_secs(20), gateway).await;
    client.abort();
    let identify = identify
        .expect("identified on the proxy's gateway after the failed lookup")
        .expect("the fake gateway ran");
    assert_eq!(identify["d"]["token"], "Bot test-bot-token");
    assert!(fake.requests("/api/v10/gateway").len() >= 2, "asked again");
}

#[tokio::test]
async fn gateway_interactions_are_answered_through_the_rest_api() {
    let (fake, rest) = FakeApi::start().await;
    let gateway = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    *fake.gateway_url.lock().expect("lock") =
        format!("ws://{}", gateway.local_addr().expect("an address"));
    let interaction = command("talk", string_option("query", "kapitan @everyone"));
    let gateway = tokio::spawn(fake_gateway(gateway, interaction));

    let config = support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{rest}")),
    ]);
    let app = Arc::new(support::app(config));
    assert_eq!(app.not_ready(), ["discord gateway"]);
    let client = tokio::spawn(emcee::discord::gateway(
        Arc::clone(&app),
        std::future::pending(),
    ));

    let identify = tokio::time::timeout(Duration::from_secs(10), gateway)
        .await
        .expect("serenity identifies within 10 s")
        .expect("the fake gateway ran");
    assert_eq!(
        identify["d"]["intents"], 0,
        "no privileged intents: {identify}"
    );
    assert_eq!(identify["d"]["token"], "Bot test-bot-token");

    let callback = fake.wait_for("/callback").await;
    assert!(
        app.not_ready().is_empty(),
        "ready once the gateway session is up"
    );
    client.abort();
    assert_eq!(callback.method, "POST");
    assert_eq!(
        callback.path,
        "/api/v10/interactions/1002/command-token/callback"
    );
    assert_eq!(callback.body["type"], 4);
    assert_eq!(
        callback.body["data"]["embeds"][0]["title"],
        "Deployments with Kapitan"
    );
    assert_eq!(
        callback.body["data"]["allowed_mentions"]["parse"],
        json!([])
    );
}

/// A click on Going over the gateway: recorded, answered with type 7 through the callback, and
/// the private note sent as an ephemeral follow-up after it.
#[tokio::test]
async fn gateway_clicks_update_the_count_and_follow_up_privately() {
    let (fake, rest) = FakeApi::start().await;
    let gateway = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    *fake.gateway_url.lock().expect("lock") =
        format!("ws://{}", gateway.local_addr().expect("an address"));
    let user = json!({"id": "4004", "username": "ada", "discriminator": "0",
                      "global_name": "Ada", "avatar": null});
    let click = json!({
        "id": "1009", "application_id": "2002", "type": 3, "token": "component-token",
        "version": 1, "locale": "en-GB", "entitlements": [], "channel_id": "3003",
        "guild_id": "9009", "app_permissions": "0", "attachment_size_limit": 8_388_608,
        "member": {"user": user, "roles": [], "joined_at": "2019-01-01T00:00:00+00:00",
                   "deaf": false, "mute": false, "flags": 0, "permissions": "0"},
        "message": {
            "id": "6006", "channel_id": "3003", "content": "", "tts": false,
            "author": {"id": "2002", "username": "emcee", "discriminator": "0",
                       "avatar": null, "bot": true},
            "timestamp": "2019-03-10T12:00:00.000000+00:00", "edited_timestamp": null,
            "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "pinned": false, "type": 0, "components": [],
            "embeds": [{"title": "Next meetup", "type": "rich",
                        "fields": [{"name": "Going", "value": "0 going", "inline": false}]}]
        },
        "data": {"custom_id": "rsvp:going:cnl-2019-04", "component_type": 2}
    });
    if let Err(err) = serde_json::from_value::<serenity::all::Interaction>(click.clone()) {
        panic!("serenity reads no such click: {err}");
    }
    let gateway = tokio::spawn(fake_gateway(gateway, click));
    let state =
        std::env::temp_dir().join(format!("emcee-gateway-click-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&state);
    let store = emcee::store::SqliteLog::open(&state).expect("the store");
    let config = support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{rest}")),
    ]);
    let app = Arc::new(support::app(config).with_rsvps(Arc::new(store)));
    let client = tokio::spawn(emcee::discord::gateway(
        Arc::clone(&app),
        std::future::pending(),
    ));
    tokio::time::timeout(Duration::from_secs(10), gateway)
        .await
        .expect("serenity identifies within 10 s")
        .expect("the fake gateway ran");
    let callback = fake
        .wait_for("/interactions/1009/component-token/callback")
        .await;
    assert_eq!(callback.body["type"], 7, "{:?}", callback.body);
    let fields = &callback.body["data"]["embeds"][0]["fields"];
    assert_eq!(fields[0]["name"], "Going");
    assert_eq!(fields[0]["value"], "1 going (1 on Discord)");
    let note = fake.wait_for("/webhooks/2002/component-token").await;
    client.abort();
    assert_eq!(note.body["flags"], 64, "{:?}", note.body);
    assert!(
        note.body
            .to_string()
            .contains("You're going to Wednesday 3 April"),
        "{:?}",
        note.body
    );
    // Recorded in the store: the next answer counts it.
    let next = app.answer_on("discord", "/next-meetup");
    assert!(
        next.to_text().contains("1 going (1 on Discord)"),
        "{}",
        next.to_text()
    );
}
