//! Slack over loopback: `/slack/commands` with real v0 signatures (HMAC-SHA256 of the body at
//! the current time), Block Kit answers as snapshots, refusals, escaping, the late answer
//! through `response_url`, Socket Mode against a fake Web API and socket, and the manifest.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Json;
use axum::routing::post;
use futures_util::{SinkExt, StreamExt};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

use crate::support;

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// Every wait in these tests ends within this, so a broken transport fails instead of hanging.
const WAIT: Duration = Duration::from_secs(10);

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Slack's v0 signature: "v0=" + hex HMAC-SHA256 of "v0:{timestamp}:{body}".
pub(crate) fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// `application/x-www-form-urlencoded`, every byte outside [A-Za-z0-9-_.*] percent-encoded.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A slash-command body as Slack sends it.
fn command(name: &str, text: &str) -> String {
    command_to(name, text, "https://hooks.slack.com/commands/T1/1/x")
}

fn command_to(name: &str, text: &str, response_url: &str) -> String {
    form(&[
        ("token", "deprecated"),
        ("team_id", "T1"),
        ("team_domain", "community"),
        ("channel_id", "C1"),
        ("channel_name", "general"),
        ("user_id", "U1"),
        ("user_name", "someone"),
        ("command", name),
        ("text", text),
        ("api_app_id", "A1"),
        ("response_url", response_url),
        ("trigger_id", "1.2.3"),
    ])
}

/// JSON as the snapshots hold it: pretty, keys in order.
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON prints")
}

async fn server() -> SocketAddr {
    served().await.0
}

/// The server and a handle on its app, to read the metrics.
async fn served() -> (SocketAddr, Arc<emcee::app::App>) {
    let app = Arc::new(support::app(support::config(&[(
        "EMCEE_SLACK_SIGNING_SECRET",
        SECRET,
    )])));
    (support::serve_shared(Arc::clone(&app)).await, app)
}

/// POSTs `body` to `/slack/commands` with these headers; the status and the body.
async fn post_with(address: SocketAddr, body: &str, headers: &[(&str, String)]) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/slack/commands"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = timeout(WAIT, request.send())
        .await
        .expect("an answer in time")
        .expect("a response");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

/// Request headers by name.
type Headers = Vec<(&'static str, String)>;

fn signature_headers(secret: &str, timestamp: i64, body: &str) -> Headers {
    vec![
        ("X-Slack-Signature", sign(secret, timestamp, body)),
        ("X-Slack-Request-Timestamp", timestamp.to_string()),
    ]
}

/// POSTs `body` signed with the secret at the current time; the status and the JSON answer.
async fn signed(address: SocketAddr, body: &str) -> (u16, Value) {
    let (status, text) = post_with(address, body, &signature_headers(SECRET, now(), body)).await;
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json)
}

#[tokio::test]
async fn talk_kapitan_answers_the_channel_with_blocks() {
    let (address, app) = served().await;
    let (status, answer) = signed(address, &command("/talk", "kapitan")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["response_type"], "in_channel");
    assert_eq!(answer["blocks"][0]["type"], "header");
    assert_eq!(
        answer["blocks"][0]["text"]["text"],
        "Deployments with Kapitan"
    );
    assert!(
        answer.to_string().contains("Alessandro De Maria"),
        "{answer}"
    );
    insta::assert_snapshot!("talk_kapitan", pretty(&answer));
    let metrics = app.metrics.render();
    assert!(
        metrics.contains(
            "emcee_commands_total{command=\"talk\",platform=\"slack\",outcome=\"answered\"} 1"
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn next_meetup_with_no_text_names_the_date_and_links_the_rsvp() {
    let address = server().await;
    let (status, answer) = signed(address, &command("/next-meetup", "")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["response_type"], "in_channel");
    let header = answer["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(header.contains("Wednesday 3 April 2019"), "{header}");
    let last = answer["blocks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["type"], "actions");
    assert_eq!(
        last["elements"][0]["url"],
        "https://www.meetup.com/Cloud-Native-London/events/257404686/"
    );
    insta::assert_snapshot!("next_meetup", pretty(&answer));
}

#[tokio::test]
async fn emcee_reaches_every_command_and_alone_shows_help() {
    let address = server().await;
    let (_, direct) = signed(address, &command("/talk", "kapitan")).await;
    let (status, through_emcee) = signed(address, &command("/emcee", "talk kapitan")).await;
    assert_eq!(status, 200);
    assert_eq!(through_emcee, direct);

    let (status, help) = signed(address, &command("/emcee", "")).await;
    assert_eq!(status, 200, "{help}");
    assert_eq!(help["response_type"], "ephemeral");
    assert_eq!(help["blocks"][0]["text"]["text"], "emcee commands");
    assert!(help.to_string().contains("/next-meetup"), "{help}");
}

#[tokio::test]
async fn refusals_are_401() {
    let (address, app) = served().await;
    let body = command("/talk", "kapitan");
    let ten_minutes_ago = now() - 600;
    let cases: Vec<(&str, String, Headers)> = vec![
        (
            "another secret",
            body.clone(),
            signature_headers("not-the-secret", now(), &body),
        ),
        (
            "body altered after signing",
            body.replace("kapitan", "kubernetes"),
            signature_headers(SECRET, now(), &body),
        ),
        (
            "ten minutes old",
            body.clone(),
            signature_headers(SECRET, ten_minutes_ago, &body),
        ),
        (
            "ten minutes ahead",
            body.clone(),
            signature_headers(SECRET, now() + 600, &body),
        ),
        (
            "timestamp changed after signing",
            body.clone(),
            vec![
                ("X-Slack-Signature", sign(SECRET, now(), &body)),
                ("X-Slack-Request-Timestamp", (now() - 1).to_string()),
            ],
        ),
        ("no headers", body.clone(), vec![]),
        (
            "no timestamp",
            body.clone(),
            vec![("X-Slack-Signature", sign(SECRET, now(), &body))],
        ),
        (
            "no signature",
            body.clone(),
            vec![("X-Slack-Request-Timestamp", now().to_string())],
        ),
        (
            "not a signature",
            body.clone(),
            vec![
                ("X-Slack-Signature", "v0=00".to_owned()),
                ("X-Slack-Request-Timestamp", now().to_string()),
            ],
        ),
    ];
    let refused = cases.len();
    for (case, body, headers) in cases {
        let (status, text) = post_with(address, &body, &headers).await;
        assert_eq!(status, 401, "{case}: {text}");
        assert!(!text.contains("Alessandro"), "{case}: {text}");
    }
    let metrics = app.metrics.render();
    let counted = format!("emcee_signatures_rejected_total{{platform=\"slack\"}} {refused}");
    assert!(metrics.contains(&counted), "{metrics}");
}

#[tokio::test]
async fn mentions_in_the_text_notify_nobody() {
    let address = server().await;
    for (name, text) in [
        ("/talk", "<!channel> <@U123> <!everyone> <!here>"),
        ("/speaker", "<@U123|someone> & <!subteam^S1>"),
        ("/emcee", "<!channel>"),
        ("/help", "<!everyone>"),
    ] {
        let (status, answer) = signed(address, &command(name, text)).await;
        assert_eq!(status, 200, "{name} {text}: {answer}");
        let raw = answer.to_string();
        for mention in [
            "<!channel>",
            "<!here>",
            "<!everyone>",
            "<@U123",
            "<!subteam",
        ] {
            assert!(!raw.contains(mention), "{name} {text}: {raw}");
        }
        assert!(
            !raw.contains("link_names") && !raw.contains("\"parse\""),
            "{raw}"
        );
    }
    // The router already defuses echoed queries; the help's own "<query>" shows that the
    // blocks escape whatever reaches them (unescaped, Slack would read it as a link).
    let (_, help) = signed(address, &command("/emcee", "help")).await;
    let raw = help.to_string();
    assert!(raw.contains("/talk &lt;query&gt;"), "{raw}");
    assert!(!raw.contains("<query>"), "{raw}");
}

#[tokio::test]
async fn user_mistakes_get_private_answers_not_errors() {
    let address = server().await;

    let (status, unknown) = signed(address, &command("/tlak", "kapitan")).await;
    assert_eq!(status, 200, "{unknown}");
    assert_eq!(unknown["response_type"], "ephemeral");
    assert!(
        unknown.to_string().contains("*Did you mean* /talk"),
        "{unknown}"
    );

    let long = "kapitan ".repeat(1250);
    let (status, too_long) = signed(address, &command("/talk", &long)).await;
    assert_eq!(status, 200, "{too_long}");
    assert_eq!(too_long["response_type"], "ephemeral");
    let said = too_long.to_string();
    assert!(said.contains("at most 200"), "{said}");
    assert!(
        said.len() < 2000,
        "the long text is not echoed back: {said}"
    );
}

#[tokio::test]
async fn ssl_checks_get_200_and_unreadable_bodies_400() {
    let address = server().await;
    let probe = "ssl_check=1&token=deprecated";
    let (status, text) = post_with(address, probe, &[]).await;
    assert_eq!((status, text.as_str()), (200, ""));
    let (status, _) = signed(address, probe).await;
    assert_eq!(status, 200);

    for body in [
        "not a form at all",
        "team_id=T1&text=kapitan",
        "command=&text=x",
        "%%%",
    ] {
        let (status, answer) = signed(address, body).await;
        assert_eq!(status, 400, "{body:?}: {answer}");
    }
}

#[tokio::test]
async fn the_endpoint_is_off_without_a_signing_secret() {
    let address = support::serve(support::app(support::config(&[]))).await;
    let body = command("/talk", "kapitan");
    let (status, text) = post_with(address, &body, &signature_headers(SECRET, now(), &body)).await;
    assert_eq!(status, 404);
    assert!(text.contains("signing_secret"), "{text}");
}

/// A fake `response_url`: every JSON body POSTed to it arrives on the channel.
async fn fake_response_url() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let router = axum::Router::new().route(
        "/commands/T1/1/x",
        post(move |Json(body): Json<Value>| {
            let sender = sender.clone();
            async move {
                let _ = sender.send(body);
                Json(json!({"ok": true}))
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/commands/T1/1/x"), receiver)
}

#[tokio::test]
async fn a_late_answer_follows_through_the_response_url() {
    let (response_url, mut posted) = fake_response_url().await;
    let app = support::app(support::config(&[("EMCEE_SLACK_SIGNING_SECRET", SECRET)]))
        .with_reply_deadline(Duration::ZERO);
    let address = support::serve(app).await;
    let (status, now) = signed(address, &command_to("/talk", "kapitan", &response_url)).await;
    assert_eq!(status, 200, "{now}");
    assert_eq!(now["response_type"], "ephemeral");
    assert_eq!(now["blocks"][0]["text"]["text"], "Still working on it");

    let later = timeout(WAIT, posted.recv())
        .await
        .expect("the answer within the wait")
        .expect("a POST to response_url");
    assert_eq!(later["response_type"], "in_channel");
    assert_eq!(
        later["blocks"][0]["text"]["text"],
        "Deployments with Kapitan"
    );
    assert!(later.to_string().contains("Alessandro De Maria"), "{later}");
}

/// Sends the messages on the fake socket, then waits for emcee's first JSON answer on it.
async fn send_then_ack(
    socket: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    messages: [Value; 2],
) -> Value {
    for message in messages {
        socket
            .send(Message::Text(message.to_string()))
            .await
            .expect("the fake sends");
    }
    timeout(WAIT, async {
        while let Some(message) = socket.next().await {
            if let Ok(Message::Text(text)) = message {
                return serde_json::from_str::<Value>(&text).ok();
            }
        }
        None
    })
    .await
    .expect("an acknowledgement within the wait")
    .expect("a JSON acknowledgement")
}

/// A fake Slack: the Web API's `apps.connections.open` pointing at a fake socket, whose
/// accepted connections arrive on the channel.
async fn fake_slack() -> (String, mpsc::UnboundedReceiver<tokio::net::TcpStream>) {
    let sockets = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let socket_url = format!("ws://{}/link", sockets.local_addr().expect("an address"));
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = sockets.accept().await {
            let _ = sender.send(stream);
        }
    });
    let router = axum::Router::new().route(
        "/api/apps.connections.open",
        post(move || {
            let url = socket_url.clone();
            async move { Json(json!({"ok": true, "url": url})) }
        }),
    );
    let api = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let api_base = format!("http://{}/api", api.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(api, router).await });
    (api_base, receiver)
}

/// Starts Socket Mode for `app` against the fake until the returned switch is sent to; the
/// WebSocket emcee opened, the switch, and the task.
async fn socket_mode_for(
    app: &Arc<emcee::app::App>,
    connections: &mut mpsc::UnboundedReceiver<tokio::net::TcpStream>,
) -> (
    tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
) {
    let (stop, stopped) = oneshot::channel::<()>();
    let socket_mode = tokio::spawn(emcee::slack::socket_mode_until(Arc::clone(app), async {
        let _ = stopped.await;
    }));
    let stream = timeout(WAIT, connections.recv())
        .await
        .expect("emcee connects within the wait")
        .expect("a connection");
    let socket = tokio_tungstenite::accept_async(stream)
        .await
        .expect("a WebSocket handshake");
    (socket, stop, socket_mode)
}

#[tokio::test]
async fn socket_mode_answers_a_slash_command_in_its_acknowledgement() {
    let (api_base, mut connections) = fake_slack().await;
    let config = support::config(&[
        ("EMCEE_SLACK_APP_TOKEN", "xapp-1-A1-test"),
        ("EMCEE_SLACK_API_BASE", &api_base),
    ]);
    let app = Arc::new(support::app(config));
    let (mut socket, stop, socket_mode) = socket_mode_for(&app, &mut connections).await;
    assert!(
        !app.slack_connected.load(Ordering::Relaxed),
        "ready before hello"
    );
    let hello = json!({
        "type": "hello",
        "num_connections": 1,
        "connection_info": {"app_id": "A1"},
        "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060},
    });
    let envelope = json!({
        "envelope_id": "1d4d7e1a-envelope",
        "type": "slash_commands",
        "accepts_response_payload": true,
        "payload": {
            "token": "deprecated",
            "team_id": "T1",
            "team_domain": "community",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": "U1",
            "user_name": "someone",
            "command": "/talk",
            "text": "kapitan",
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": "https://hooks.slack.com/commands/T/1/x",
            "trigger_id": "1.2.3",
        },
    });
    let ack = send_then_ack(&mut socket, [hello, envelope]).await;
    assert_eq!(ack["envelope_id"], "1d4d7e1a-envelope", "{ack}");
    let payload = &ack["payload"];
    assert_eq!(payload["response_type"], "in_channel", "{ack}");
    assert_eq!(
        payload["blocks"][0]["text"]["text"],
        "Deployments with Kapitan"
    );
    assert!(payload.to_string().contains("Alessandro De Maria"), "{ack}");
    // The hello was handled before the envelope on the same socket.
    assert!(
        app.slack_connected.load(Ordering::Relaxed),
        "ready after hello"
    );

    let _ = stop.send(());
    let ended = timeout(WAIT, socket_mode)
        .await
        .expect("Socket Mode stops when told")
        .expect("the task did not panic");
    assert!(ended.is_ok(), "{ended:?}");
    assert!(
        !app.slack_connected.load(Ordering::Relaxed),
        "ready after stopping"
    );
}

/// `/readyz` of a running `emcee serve` as the status code.
async fn readyz(served: &support::Served) -> u16 {
    let url = format!("http://{}/readyz", served.address);
    reqwest::get(url).await.map_or(0, |r| r.status().as_u16())
}

/// Polls `/readyz` until it answers `status`, or gives up after the wait.
async fn until_readyz(served: &support::Served, status: u16) -> bool {
    timeout(WAIT, async {
        while readyz(served).await != status {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .is_ok()
}

/// While slack-morphism replaces a socket (Slack's `disconnect` before a refresh), `emcee
/// serve` is not ready; the new socket's hello makes it ready again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_while_a_socket_is_replaced() {
    let (api_base, mut connections) = fake_slack().await;
    let env = [
        ("EMCEE_SLACK_APP_TOKEN", "xapp-1-A1-test"),
        ("EMCEE_SLACK_API_BASE", api_base.as_str()),
    ];
    let served = support::spawn_serve("socket-replaced", &[], &env);
    let hello = Message::Text(
        json!({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"},
               "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060}})
        .to_string(),
    );
    let accept = |stream| tokio_tungstenite::accept_async(stream);
    let first = timeout(WAIT, connections.recv())
        .await
        .expect("connects")
        .expect("a socket");
    let mut first = accept(first).await.expect("a handshake");
    assert_eq!(readyz(&served).await, 503, "not ready before hello");
    first.send(hello.clone()).await.expect("hello sent");
    assert!(until_readyz(&served, 200).await, "ready after hello");

    let disconnect = json!({"type": "disconnect", "reason": "refresh_requested",
                            "debug_info": {"host": "fake-slack"}});
    first
        .send(Message::Text(disconnect.to_string()))
        .await
        .expect("disconnect sent");
    assert!(
        until_readyz(&served, 503).await,
        "not ready while the socket is replaced"
    );
    // The replacement (or the second socket) connects; ready only once one says hello.
    let next = timeout(WAIT, connections.recv())
        .await
        .expect("reconnects")
        .expect("a socket");
    let mut next = accept(next).await.expect("a handshake");
    assert_eq!(readyz(&served).await, 503, "not ready before the new hello");
    next.send(hello).await.expect("hello sent");
    assert!(
        until_readyz(&served, 200).await,
        "ready after the new hello"
    );
    let (code, logged) = served.stop();
    assert_eq!(code, Some(0), "{logged}");
    assert!(
        logged.contains("replacing a Socket Mode connection"),
        "{logged}"
    );
}

#[test]
fn the_manifest_lists_every_command_with_its_url() {
    let manifest = emcee::slack::manifest(Some("https://emcee.example.org/"));
    let commands = manifest["features"]["slash_commands"].as_array().unwrap();
    let specs = emcee::commands::specs();
    assert_eq!(commands.len(), specs.len() + 1);
    for spec in specs {
        let command = commands
            .iter()
            .find(|c| c["command"] == format!("/{}", spec.name))
            .unwrap_or_else(|| panic!("/{} is missing", spec.name));
        assert_eq!(command["description"], spec.description.as_str());
        assert_eq!(command["url"], "https://emcee.example.org/slack/commands");
        assert_eq!(command["should_escape"], false);
    }
    let talk = commands.iter().find(|c| c["command"] == "/talk").unwrap();
    assert_eq!(talk["usage_hint"], "<query>");
    let emcee = commands.iter().find(|c| c["command"] == "/emcee").unwrap();
    assert_eq!(emcee["url"], "https://emcee.example.org/slack/commands");
    assert_eq!(
        manifest["oauth_config"]["scopes"]["bot"],
        json!(["commands", "chat:write"])
    );
    assert_eq!(manifest["features"]["bot_user"]["display_name"], "emcee");
    assert_eq!(manifest["settings"]["socket_mode_enabled"], false);
    insta::assert_snapshot!("manifest_http", pretty(&manifest));
}

#[test]
fn without_a_url_the_manifest_uses_socket_mode() {
    let manifest = emcee::slack::manifest(None);
    assert_eq!(manifest["settings"]["socket_mode_enabled"], true);
    let commands = manifest["features"]["slash_commands"].as_array().unwrap();
    assert_eq!(commands.len(), emcee::commands::specs().len() + 1);
    assert!(
        commands.iter().all(|c| c.get("url").is_none()),
        "{manifest}"
    );
}

#[test]
fn emcee_commands_slack_prints_the_manifest() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(["commands", "slack", "--url", "https://emcee.example.org"])
        .output()
        .expect("emcee runs");
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(
        printed,
        emcee::slack::manifest(Some("https://emcee.example.org"))
    );
    assert_eq!(
        printed["features"]["slash_commands"][0]["url"],
        "https://emcee.example.org/slack/commands"
    );
}

/// A click on Going over Socket Mode: recorded, acknowledged, and the message replaced with
/// the new count through the response_url, then the private note.
#[tokio::test]
async fn socket_mode_clicks_are_recorded_and_answered_through_the_response_url() {
    let (api_base, mut connections) = fake_slack().await;
    let (fake, fake_address) = crate::fakes::FakeApi::start().await;
    let state =
        std::env::temp_dir().join(format!("emcee-socket-click-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&state);
    let store = emcee::store::SqliteLog::open(&state).expect("the store");
    let config = support::config(&[
        ("EMCEE_SLACK_APP_TOKEN", "xapp-1-A1-test"),
        ("EMCEE_SLACK_API_BASE", &api_base),
    ]);
    let app = Arc::new(support::app(config).with_rsvps(Arc::new(store)));
    let (mut socket, stop, socket_mode) = socket_mode_for(&app, &mut connections).await;
    let hello = json!({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"},
                       "debug_info": {"host": "fake-slack"}});
    let going = "rsvp:going:cnl-2019-04";
    let message = json!({
        "text": "Next meetup",
        "blocks": [{"type": "section", "block_id": "emcee_rsvp_count",
                    "text": {"type": "mrkdwn", "text": "*Going*\n0 going"}}],
    });
    let response_url = format!("http://{fake_address}/response/socket");
    let envelope = json!({
        "envelope_id": "click-envelope",
        "type": "interactive",
        "accepts_response_payload": false,
        "payload": crate::rsvp::slack_click_payload("U2", &message, going, &response_url),
    });
    let ack = send_then_ack(&mut socket, [hello, envelope]).await;
    assert_eq!(ack["envelope_id"], "click-envelope", "{ack}");
    let replaced = fake.wait_for("/response/socket").await;
    assert_eq!(
        replaced.body["replace_original"], true,
        "{:?}",
        replaced.body
    );
    assert_eq!(
        replaced.body["blocks"][0]["text"]["text"],
        "*Going*\n1 going (1 on Slack)"
    );
    for _ in 0..100 {
        if fake.requests("/response/socket").len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let note = &fake.requests("/response/socket")[1].body;
    assert_eq!(note["response_type"], "ephemeral", "{note}");
    assert!(
        note.to_string()
            .contains("You're going to Wednesday 3 April"),
        "{note}"
    );
    let _ = stop.send(());
    let _ = timeout(WAIT, socket_mode).await;
}
