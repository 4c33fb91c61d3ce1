//! Posting an announcement in a Discord channel: an embed through serenity's HTTP client, with
//! `allowed_mentions: {parse: []}`. Failures are sorted for the announcer: 429, 5xx and network
//! trouble are transient; other 4xx (403 missing access, 404 unknown channel) are permanent.
//!
//! `post("123", &reply)` → `Ok(Some("6006"))`, the posted message's id.

use std::sync::Arc;

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, Http};

use super::direct::Direct;
use super::embed;
use crate::announcer::{PostError, Poster, Posting};
use crate::reply::Reply;

/// Posts as the bot, with the gateway's kind of client built from the config; behind
/// `api_base`, straight over HTTP so that a 429's Retry-After is honoured.
pub struct DiscordPoster {
    http: Arc<Http>,
    direct: Option<Direct>,
}

impl DiscordPoster {
    pub fn new(http: Http) -> DiscordPoster {
        DiscordPoster {
            http: Arc::new(http),
            direct: None,
        }
    }

    /// Posts through `api_base` directly (see [`Direct`]).
    pub fn behind(mut self, direct: Direct) -> DiscordPoster {
        self.direct = Some(direct);
        self
    }

    async fn send(&self, channel: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let id: u64 = channel
            .parse()
            .ok()
            .filter(|id| *id != 0)
            .ok_or_else(|| PostError::Permanent(format!("'{channel}' is not a channel id")))?;
        let message = CreateMessage::new()
            .embed(embed(reply))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Some(direct) = &self.direct {
            return direct.create_message(id, &message).await;
        }
        match ChannelId::new(id)
            .send_message(self.http.as_ref(), message)
            .await
        {
            Ok(message) => Ok(Some(message.id.to_string())),
            Err(err) => Err(discord_error(err)),
        }
    }
}

impl Poster for DiscordPoster {
    fn post<'a>(&'a self, channel: &'a str, reply: &'a Reply) -> Posting<'a> {
        Box::pin(self.send(channel, reply))
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
