//! Posting a message straight over HTTP behind `[discord] api_base`, where serenity's rate
//! limiter is off: a 429's wait (the `Retry-After` header, else `retry_after` in the body) is
//! read and handed to the announcer, which serenity's error type would drop.
//!
//! `429 Retry-After: 2` → `PostError::Transient { retry_after: Some(2 s), .. }`; a 2xx whose body
//! is not the message emcee expects → `Ok(None)`: Discord took the post, so it is not retried.

use std::time::Duration;

use serde::Serialize;

use crate::announcer::PostError;

/// Discord's REST API at `api_base` (a proxy, or a local fake in tests), as the bot.
pub struct Direct {
    client: reqwest::Client,
    base: String,
    authorization: String,
}

impl Direct {
    pub fn new(base: &str, token: &str) -> Direct {
        Direct {
            client: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
            authorization: format!("Bot {token}"),
        }
    }

    /// `POST /channels/{id}/messages`: the new message's id, or why it failed.
    pub async fn create_message(
        &self,
        channel: u64,
        message: &impl Serialize,
    ) -> Result<Option<String>, PostError> {
        let url = format!("{}/api/v10/channels/{channel}/messages", self.base);
        let response = self
            .client
            .post(url)
            .header(reqwest::header::AUTHORIZATION, &self.authorization)
            .json(message)
            .send()
            .await
            .map_err(|e| PostError::transient(format!("could not reach Discord: {e}")))?;
        let status = response.status().as_u16();
        let header_wait = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(seconds);
        let text = response.text().await.unwrap_or_default();
        let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if (200..300).contains(&status) {
            return Ok(accepted(status, &body));
        }
        let detail = body["message"].as_str().unwrap_or("no message");
        let message = format!("Discord answered {status}: {detail}");
        match status {
            429 => Err(PostError::Transient {
                message,
                retry_after: header_wait.or_else(|| body["retry_after"].as_f64().and_then(wait)),
            }),
            500.. => Err(PostError::transient(message)),
            _ => Err(PostError::Permanent(message)),
        }
    }
}

/// The new message's id from a 2xx answer. Discord said yes, so a body in another shape is a
/// warning, never a failure: retrying would post the message again.
fn accepted(status: u16, body: &serde_json::Value) -> Option<String> {
    let id = body["id"].as_str().map(str::to_owned);
    if id.is_none() {
        tracing::warn!(
            "Discord answered {status} without a message id: counted as posted, not retried"
        );
    }
    id
}

/// A Retry-After value in seconds, whole or fractional ("2", "0.75").
fn seconds(text: &str) -> Option<Duration> {
    text.trim().parse::<f64>().ok().and_then(wait)
}

fn wait(seconds: f64) -> Option<Duration> {
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(3600.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2xx_in_any_shape_is_posted() {
        let cases = [
            (serde_json::json!({"id": "6006"}), Some("6006")),
            (serde_json::json!({"surprise": true}), None),
            (serde_json::Value::Null, None),
        ];
        for (body, expected) in cases {
            assert_eq!(accepted(200, &body).as_deref(), expected, "{body}");
        }
    }

    #[test]
    fn retry_after_values() {
        for (text, expected) in [
            ("2", Some(Duration::from_secs(2))),
            (" 0.75 ", Some(Duration::from_millis(750))),
            ("-1", None),
            ("soon", None),
            ("NaN", None),
        ] {
            assert_eq!(seconds(text), expected, "{text}");
        }
    }
}
