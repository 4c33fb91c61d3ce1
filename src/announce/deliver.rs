//! Posting one announcement in one channel: through serenity's HTTP client for Discord (an
//! embed, `allowed_mentions: {parse: []}`) and slack-morphism's `chat.postMessage` for Slack
//! (escaped Block Kit with a text fallback). Failures are sorted into transient (5xx, timeouts,
//! 429 with its Retry-After) and permanent (403, an unknown channel, `not_in_channel`).
//!
//! `post(&Channel::discord("123"), &reply)` → `Ok(Some("6006"))`, the posted message's id.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, Http};
use slack_morphism::errors::*;
use slack_morphism::prelude::*;

use super::{Channel, Platform};
use crate::config::Config;
use crate::reply::Reply;

/// Longest wait for one post by default; a platform that has not answered by then is retried.
pub const POST_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a post failed, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostError {
    #[error("{message}")]
    Transient {
        message: String,
        /// How long the platform asked emcee to wait (429 Retry-After).
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Permanent(String),
}

impl PostError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, PostError::Permanent(_))
    }

    fn transient(message: impl Into<String>) -> PostError {
        PostError::Transient {
            message: message.into(),
            retry_after: None,
        }
    }
}

/// The clients announcements are posted with, built once from the config.
pub struct Poster {
    discord: Option<Arc<Http>>,
    slack: Option<(SlackHyperClient, SlackApiToken)>,
}

impl Poster {
    pub fn new(config: &Config) -> anyhow::Result<Poster> {
        let discord = config
            .discord
            .token
            .as_ref()
            .map(|_| Arc::new(crate::discord::http(config)));
        let slack = match &config.slack.bot_token {
            Some(token) => Some((
                crate::slack::client(config)?,
                SlackApiToken::new(token.expose().into()),
            )),
            None => None,
        };
        Ok(Poster { discord, slack })
    }

    /// Posts `reply` in `channel`, waiting at most `timeout`; the platform's id of the new
    /// message.
    pub async fn post(
        &self,
        channel: &Channel,
        reply: &Reply,
        timeout: Duration,
    ) -> Result<Option<String>, PostError> {
        let posting = async {
            match channel.platform {
                Platform::Discord => self.discord(&channel.id, reply).await,
                Platform::Slack => self.slack(&channel.id, reply).await,
            }
        };
        match tokio::time::timeout(timeout, posting).await {
            Ok(result) => result,
            Err(_) => Err(PostError::transient(format!(
                "no answer within {:.1} s",
                timeout.as_secs_f64()
            ))),
        }
    }

    async fn discord(&self, channel: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let Some(http) = &self.discord else {
            return Err(PostError::Permanent(
                "discord.token is not set, so emcee cannot post in Discord".to_owned(),
            ));
        };
        let id: u64 = channel
            .parse()
            .ok()
            .filter(|id| *id != 0)
            .ok_or_else(|| PostError::Permanent(format!("'{channel}' is not a channel id")))?;
        let message = CreateMessage::new()
            .embed(crate::discord::embed(reply))
            .allowed_mentions(CreateAllowedMentions::new());
        match ChannelId::new(id)
            .send_message(http.as_ref(), message)
            .await
        {
            Ok(message) => Ok(Some(message.id.to_string())),
            Err(err) => Err(discord_error(err)),
        }
    }

    async fn slack(&self, channel: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let Some((client, token)) = &self.slack else {
            return Err(PostError::Permanent(
                "slack.bot_token is not set, so emcee cannot post in Slack".to_owned(),
            ));
        };
        let content = crate::slack::response(reply).content;
        let request = SlackApiChatPostMessageRequest::new(channel.into(), content);
        match client.open_session(token).chat_post_message(&request).await {
            Ok(response) => Ok(Some(response.ts.to_string())),
            Err(err) => Err(slack_error(err)),
        }
    }
}

/// Discord: 429 and 5xx and network trouble are transient; other 4xx (403 missing access,
/// 404 unknown channel) are permanent. A 2xx whose body serenity cannot read was posted.
fn discord_error(err: serenity::Error) -> PostError {
    use serenity::http::HttpError;
    match err {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            let message = format!("Discord answered {status}: {}", response.error.message);
            if status == 429 || status >= 500 {
                PostError::transient(message)
            } else {
                PostError::Permanent(message)
            }
        }
        serenity::Error::Http(HttpError::Request(err)) => {
            PostError::transient(format!("could not reach Discord: {err}"))
        }
        other => PostError::transient(format!("Discord: {other}")),
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
    use super::*;

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
