//! What the fuzz targets share: the app over a real archive, configured with a Discord public
//! key and a Slack signing secret whose private halves are here, so that a target can sign any
//! body and send it through emcee's real HTTP routes (signature check, decoding, answering).
//!
//! A new HTTP surface is one target of a few lines: `harness::slack_post("/slack/PATH", body)`
//! or `harness::discord_post(body)`, and a seed function in `seed.sh`.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use ed25519_dalek::{Signer, SigningKey};
use emcee::app::App;
use emcee::archive::Archive;
use emcee::config::Config;
use hmac::{KeyInit, Mac};
use tower::ServiceExt as _;

/// The Slack signing secret the app trusts.
const SLACK_SECRET: &str = "fuzzing-signing-secret";

/// The Discord application key the app trusts (a fixed seed).
fn discord_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// The development corpus when ../shared is beside the repository, else the bundled `data/`.
pub fn archive() -> Archive {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dev = root.join("../shared/corpus/dev");
    let dir = if dev.is_dir() { dev } else { root.join("data") };
    Archive::new(emcee::corpus::load(&dir).expect("the fuzzing corpus loads"))
}

/// The app every HTTP target talks to. Its platform APIs point at a closed loopback port, so
/// that nothing a target does can reach the network; the reply deadline is long, so that
/// answers come in the response rather than as follow-ups.
pub fn app() -> &'static Arc<App> {
    static APP: OnceLock<Arc<App>> = OnceLock::new();
    APP.get_or_init(|| {
        let public_key = hex::encode(discord_key().verifying_key().to_bytes());
        let pairs = [
            ("EMCEE_DISCORD_PUBLIC_KEY", public_key.as_str()),
            ("EMCEE_DISCORD_APPLICATION_ID", "1"),
            ("EMCEE_DISCORD_API_BASE", "http://127.0.0.1:9"),
            ("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET),
            ("EMCEE_SLACK_API_BASE", "http://127.0.0.1:9"),
        ];
        let config = Config::from_parts(
            None,
            None,
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .expect("the fuzzing config is valid");
        Arc::new(App::new(archive(), config).with_reply_deadline(Duration::from_secs(60)))
    })
}

fn routes() -> &'static Router {
    static ROUTES: OnceLock<Router> = OnceLock::new();
    ROUTES.get_or_init(|| emcee::server::routes(Arc::clone(app())).expect("the routes"))
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Sends a request through emcee's routes; the status and the whole body of the answer.
pub fn send(request: Request<Body>) -> (StatusCode, Vec<u8>) {
    runtime().block_on(async {
        let response = routes()
            .clone()
            .oneshot(request)
            .await
            .expect("routes are infallible");
        let status = response.status();
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        (status, body)
    })
}

fn now_secs() -> String {
    chrono::Utc::now().timestamp().to_string()
}

/// `body` signed as Discord signs it, posted to `/discord/interactions`.
pub fn discord_post(body: &[u8]) -> (StatusCode, Vec<u8>) {
    let timestamp = now_secs();
    let message = [timestamp.as_bytes(), body].concat();
    let signature = hex::encode(discord_key().sign(&message).to_bytes());
    send(
        Request::post("/discord/interactions")
            .header("content-type", "application/json")
            .header("x-signature-ed25519", signature)
            .header("x-signature-timestamp", timestamp)
            .body(Body::from(body.to_vec()))
            .expect("a request"),
    )
}

/// `body` signed as Slack signs it (v0), posted form-encoded to `path`.
pub fn slack_post(path: &str, body: &[u8]) -> (StatusCode, Vec<u8>) {
    let timestamp = now_secs();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SLACK_SECRET.as_bytes())
        .expect("any key length");
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    let signature = format!("v0={}", hex::encode(mac.finalize().into_bytes()));
    send(
        Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-signature", signature)
            .header("x-slack-request-timestamp", timestamp)
            .body(Body::from(body.to_vec()))
            .expect("a request"),
    )
}

/// What every answer must be: a status emcee means (never a 5xx from a panic) and, for 200,
/// JSON.
pub fn check_answer((status, body): (StatusCode, Vec<u8>)) {
    assert!(!status.is_server_error(), "{status}: {}", String::from_utf8_lossy(&body));
    if status == StatusCode::OK && !body.is_empty() {
        assert!(
            serde_json::from_slice::<serde_json::Value>(&body).is_ok(),
            "200 with a body that is not JSON: {}",
            String::from_utf8_lossy(&body)
        );
    }
}
