//! `POST /slack/commands`: Slack's slash-command requests, form-encoded and v0-signed. The
//! signature is checked with slack-morphism's verifier (401 when missing, wrong or older than
//! five minutes), the form decoded (400 when it is not a command) and the answer returned in
//! the HTTP response.
//!
//! `command=%2Ftalk&text=kapitan&…` signed with the signing secret → 200
//! `{"text":"Deployments with Kapitan","blocks":[…],"response_type":"in_channel"}`.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use slack_morphism::prelude::*;
use slack_morphism::signature_verifier::{
    SlackEventSignatureVerifier, SlackEventSignatureVerifierError,
};

use crate::app::App;
use crate::config::Secret;

/// `POST /slack/commands` and `POST /slack/interactions`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
}

/// An interaction request: one form field, `payload`, holding the JSON.
#[derive(Debug, Default, Deserialize)]
struct InteractionForm {
    payload: Option<String>,
}

/// `POST /slack/interactions`: a button click, v0-signed like commands. A click on Going or
/// Not going is recorded before the 200; the updated message and the private note follow
/// through `response_url`.
async fn interactions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = &app.config.slack.signing_secret else {
        return (
            StatusCode::NOT_FOUND,
            "Slack's interactivity endpoint is off: set [slack] signing_secret",
        )
            .into_response();
    };
    if let Err(err) = verify(secret, &headers, &body) {
        tracing::debug!("refused an unsigned Slack request: {err}");
        app.metrics.signature_rejected("slack");
        return (StatusCode::UNAUTHORIZED, "invalid request signature").into_response();
    }
    let payload = decode_form::<InteractionForm>(body)
        .await
        .and_then(|f| f.payload)
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok());
    let Some(payload) = payload else {
        tracing::warn!("Slack sent an interaction emcee cannot read");
        return (StatusCode::BAD_REQUEST, "not an interaction").into_response();
    };
    if let Some(replies) = super::interaction(&app, &payload) {
        let app = Arc::clone(&app);
        tokio::spawn(async move { super::send_replies(&app.config, None, replies).await });
    }
    StatusCode::OK.into_response()
}

/// The fields of a slash-command request emcee reads; Slack sends more, which are ignored.
#[derive(Debug, Default, Deserialize)]
struct CommandForm {
    command: Option<String>,
    text: Option<String>,
    response_url: Option<String>,
    user_id: Option<String>,
    user_name: Option<String>,
    /// "1" on Slack's certificate probes, which carry no command.
    ssl_check: Option<String>,
}

/// Why a request is not from Slack; each is answered 401.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-Slack-Signature or X-Slack-Request-Timestamp header")]
    Missing,
    #[error("the body is not UTF-8")]
    NotText,
    #[error(transparent)]
    Rejected(#[from] SlackEventSignatureVerifierError),
}

async fn commands(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = &app.config.slack.signing_secret else {
        return (
            StatusCode::NOT_FOUND,
            "Slack's command endpoint is off: set [slack] signing_secret",
        )
            .into_response();
    };
    let form = decode(body.clone()).await;
    // A certificate probe carries no command and gets nothing but 200, as Bolt answers it.
    if matches!(&form, Some(f) if f.ssl_check.as_deref() == Some("1")) {
        return StatusCode::OK.into_response();
    }
    if let Err(err) = verify(secret, &headers, &body) {
        tracing::debug!("refused an unsigned Slack request: {err}");
        app.metrics.signature_rejected("slack");
        return (StatusCode::UNAUTHORIZED, "invalid request signature").into_response();
    }
    let Some(form) = form else {
        tracing::warn!("Slack sent a body emcee cannot read");
        return (StatusCode::BAD_REQUEST, "not a slash command").into_response();
    };
    let Some(command) = form.command.filter(|c| !c.trim().is_empty()) else {
        return (StatusCode::BAD_REQUEST, "not a slash command").into_response();
    };
    let response_url = form
        .response_url
        .and_then(|url| url.parse().ok())
        .map(SlackResponseUrl);
    let text = form.text.unwrap_or_default();
    let member = form
        .user_id
        .as_deref()
        .filter(|id| !id.is_empty())
        .map(|id| super::member(&app.config, id, form.user_name.as_deref()));
    let response = super::respond(&app, &command, &text, member, response_url, None).await;
    axum::Json(response).into_response()
}

/// Checks Slack's v0 signature of `body` with slack-morphism's verifier: HMAC-SHA256 of
/// "v0:{timestamp}:{body}" compared in constant time, then the timestamp within five minutes of
/// the wall clock.
pub fn verify(secret: &Secret, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header(SlackEventSignatureVerifier::SLACK_SIGNED_HASH_HEADER),
        header(SlackEventSignatureVerifier::SLACK_SIGNED_TIMESTAMP),
    ) else {
        return Err(SignatureError::Missing);
    };
    let body = std::str::from_utf8(body).map_err(|_| SignatureError::NotText)?;
    let secret = SlackSigningSecret::new(secret.expose().to_owned());
    SlackEventSignatureVerifier::new(&secret).verify(signature, body, timestamp)?;
    Ok(())
}

/// The form in `body`, or `None` when it is not `application/x-www-form-urlencoded` fields.
/// Decoded by axum's `Form`, so emcee shares its parser rather than carrying one.
async fn decode(body: Bytes) -> Option<CommandForm> {
    decode_form(body).await
}

/// Form fields into `T`, by axum's parser.
async fn decode_form<T: serde::de::DeserializeOwned>(body: Bytes) -> Option<T> {
    let mut request = Request::new(Body::from(body));
    *request.method_mut() = Method::POST;
    request.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    axum::Form::<T>::from_request(request, &())
        .await
        .ok()
        .map(|axum::Form(form)| form)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slack's worked example [docs.slack.dev: verifying requests from Slack].
    const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const SLACK_TS: &str = "1531420618";
    const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SLACK_SIGNATURE: &str =
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    /// slack-morphism's own vector (src/signature_verifier.rs).
    const SM_SECRET: &str = "fa2c05deeef5a4077494e89f54394de0";
    const SM_BODY: &str = "test-body";
    const SM_SIGNATURE: &str =
        "v0=baa91ef62d346e56607bbdd278a8acd570b91226854f15a382f43d33be42f666";

    fn verify_vector(
        secret: &str,
        signature: &str,
        body: &str,
    ) -> Result<(), SlackEventSignatureVerifierError> {
        SlackEventSignatureVerifier::new(&SlackSigningSecret::new(secret.to_owned()))
            .verify(signature, body, SLACK_TS)
    }

    fn headers(signature: &str, timestamp: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("X-Slack-Signature", signature.parse().unwrap());
        headers.insert("X-Slack-Request-Timestamp", timestamp.parse().unwrap());
        headers
    }

    // The verifier compares the HMAC before the age, so a correct vector from 2018 fails only on
    // its timestamp: that error proves the HMAC matched, and a tampered body fails earlier.
    #[test]
    fn slacks_published_example_matches_and_is_then_too_old() {
        let verdict = verify_vector(SLACK_SECRET, SLACK_SIGNATURE, SLACK_BODY);
        assert!(
            matches!(
                verdict,
                Err(SlackEventSignatureVerifierError::IncorrectOrExpiredTimestampError(_))
            ),
            "{verdict:?}"
        );
        let tampered = SLACK_BODY.replace("text=&", "text=x&");
        let verdict = verify_vector(SLACK_SECRET, SLACK_SIGNATURE, &tampered);
        assert!(
            matches!(
                verdict,
                Err(SlackEventSignatureVerifierError::WrongSignatureError(_))
            ),
            "{verdict:?}"
        );
        let verdict = verify_vector("another-secret", SLACK_SIGNATURE, SLACK_BODY);
        assert!(
            matches!(
                verdict,
                Err(SlackEventSignatureVerifierError::WrongSignatureError(_))
            ),
            "{verdict:?}"
        );
    }

    #[test]
    fn slack_morphisms_vector_matches_and_is_then_too_old() {
        let verdict = verify_vector(SM_SECRET, SM_SIGNATURE, SM_BODY);
        assert!(
            matches!(
                verdict,
                Err(SlackEventSignatureVerifierError::IncorrectOrExpiredTimestampError(_))
            ),
            "{verdict:?}"
        );
        let verdict = verify_vector(SM_SECRET, SM_SIGNATURE, "test-bodY");
        assert!(
            matches!(
                verdict,
                Err(SlackEventSignatureVerifierError::WrongSignatureError(_))
            ),
            "{verdict:?}"
        );
    }

    #[test]
    fn verify_reads_the_headers_and_refuses_what_is_missing() {
        let secret = Secret::new(SLACK_SECRET);
        let body = SLACK_BODY.as_bytes();
        let verdict = verify(&secret, &headers(SLACK_SIGNATURE, SLACK_TS), body);
        assert!(
            matches!(
                verdict,
                Err(SignatureError::Rejected(
                    SlackEventSignatureVerifierError::IncorrectOrExpiredTimestampError(_)
                ))
            ),
            "{verdict:?}"
        );
        let mut only_signature = HeaderMap::new();
        only_signature.insert("x-slack-signature", SLACK_SIGNATURE.parse().unwrap());
        assert!(matches!(
            verify(&secret, &only_signature, body),
            Err(SignatureError::Missing)
        ));
        assert!(matches!(
            verify(&secret, &headers(SLACK_SIGNATURE, SLACK_TS), &[0xff, 0xfe]),
            Err(SignatureError::NotText)
        ));
    }

    #[tokio::test]
    async fn forms_decode_with_missing_and_unknown_fields() {
        let form = decode(Bytes::from_static(SLACK_BODY.as_bytes()))
            .await
            .unwrap();
        assert_eq!(form.command.as_deref(), Some("/webhook-collect"));
        assert_eq!(form.text.as_deref(), Some(""));
        assert_eq!(
            form.response_url.as_deref(),
            Some(
                "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"
            )
        );
        let form = decode(Bytes::from_static(b"ssl_check=1&token=x"))
            .await
            .unwrap();
        assert_eq!(form.ssl_check.as_deref(), Some("1"));
        assert_eq!(form.command, None);
        let form = decode(Bytes::from_static(b"command=%2Ftalk&text=a+%26+b%3C"))
            .await
            .unwrap();
        assert_eq!(form.text.as_deref(), Some("a & b<"));
    }
}
