//! Posting an announcement in a Slack channel: `chat.postMessage` with escaped Block Kit and a
//! text fallback, as the bot (`xoxb-`). Failures are sorted for the announcer: 429 (with its
//! Retry-After), 5xx and network trouble are transient; `not_in_channel`, an unknown channel or a
//! bad token are permanent. A 200 with `ok: true` whose body does not read as expected was
//! posted: a warning, never a retry that would post it twice.
//!
//! `post("C024BE91L", &reply)` → `Ok(Some("1554000000.000100"))`, the posted message's `ts`.

use slack_morphism::errors::*;
use slack_morphism::prelude::*;

use super::response;
use crate::announcer::{PostError, Poster, Posting};
use crate::config::Secret;
use crate::reply::Reply;

/// Posts as the bot with one client, built once from the config.
pub struct SlackPoster {
    client: SlackHyperClient,
    token: SlackApiToken,
}

impl SlackPoster {
    pub fn new(client: SlackHyperClient, bot_token: &Secret) -> SlackPoster {
        SlackPoster {
            client,
            token: SlackApiToken::new(bot_token.expose().into()),
        }
    }

    async fn send(&self, channel: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let content = response(reply).content;
        let request = SlackApiChatPostMessageRequest::new(channel.into(), content);
        match self
            .client
            .open_session(&self.token)
            .chat_post_message(&request)
            .await
        {
            Ok(response) => Ok(Some(response.ts.to_string())),
            Err(err) => match accepted(&err) {
                Some(ts) => {
                    tracing::warn!(
                        "Slack said ok but its answer did not read ({err}): counted as posted, not retried"
                    );
                    Ok(ts)
                }
                None => Err(slack_error(err)),
            },
        }
    }
}

impl Poster for SlackPoster {
    fn post<'a>(&'a self, channel: &'a str, reply: &'a Reply) -> Posting<'a> {
        Box::pin(self.send(channel, reply))
    }

    /// A message to a member: `chat.postMessage` with their user id as the channel, which
    /// Slack delivers in the bot's direct messages with them.
    fn direct<'a>(&'a self, user: &'a str, reply: &'a Reply) -> Posting<'a> {
        Box::pin(self.send(user, reply))
    }
}

/// Slack's error codes that no retry will fix.
const SLACK_PERMANENT: &[&str] = &[
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "msg_too_long",
    "invalid_blocks",
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "restricted_action",
    "no_permission",
];

/// Whether an error is Slack's yes in an unexpected shape (`ok: true` in a body the client could
/// not read): `Some` with the message's `ts` when the body gives one.
fn accepted(err: &SlackClientError) -> Option<Option<String>> {
    let SlackClientError::ProtocolError(protocol) = err else {
        return None;
    };
    let body: serde_json::Value = serde_json::from_str(protocol.json_body.as_deref()?).ok()?;
    (body["ok"] == serde_json::Value::Bool(true)).then(|| body["ts"].as_str().map(str::to_owned))
}

fn slack_error(err: SlackClientError) -> PostError {
    match err {
        SlackClientError::RateLimitError(limit) => PostError::Transient {
            message: "Slack answered 429 (rate limited)".to_owned(),
            retry_after: limit.retry_after,
        },
        SlackClientError::ApiError(api) if SLACK_PERMANENT.contains(&api.code.as_str()) => {
            PostError::Permanent(format!("Slack refused the message: {}", api.code))
        }
        SlackClientError::ApiError(api) => {
            PostError::transient(format!("Slack answered {}", api.code))
        }
        SlackClientError::HttpError(http) if http.status_code.is_client_error() => {
            PostError::Permanent(format!("Slack answered {}", http.status_code))
        }
        other => PostError::transient(format!("Slack: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn ok_true_in_an_unexpected_shape_is_posted() {
        let protocol = |body: &str| {
            let json_error = serde_json::from_str::<u8>("x").unwrap_err();
            SlackClientError::ProtocolError(
                SlackClientProtocolError::new(json_error).with_json_body(body.to_owned()),
            )
        };
        let cases = [
            (r#"{"ok": true, "ts": "1.2"}"#, Some(Some("1.2"))),
            (r#"{"ok": true, "ts": 12}"#, Some(None)),
            (r#"{"ok": false, "error": "x"}"#, None),
            ("not json", None),
        ];
        for (body, expected) in cases {
            let got = accepted(&protocol(body));
            assert_eq!(got.as_ref().map(|t| t.as_deref()), expected, "{body}");
        }
        let api = SlackClientError::ApiError(SlackClientApiError::new("internal_error".into()));
        assert_eq!(accepted(&api), None);
    }

    #[test]
    fn slack_errors_sort_into_transient_and_permanent() {
        let api =
            |code: &str| SlackClientError::ApiError(SlackClientApiError::new(code.to_owned()));
        assert!(slack_error(api("not_in_channel")).is_permanent());
        assert!(slack_error(api("channel_not_found")).is_permanent());
        assert!(!slack_error(api("internal_error")).is_permanent());
        let limited = SlackClientError::RateLimitError(
            SlackRateLimitError::new().with_retry_after(Duration::from_secs(3)),
        );
        assert_eq!(
            slack_error(limited),
            PostError::Transient {
                message: "Slack answered 429 (rate limited)".to_owned(),
                retry_after: Some(Duration::from_secs(3)),
            }
        );
    }
}
