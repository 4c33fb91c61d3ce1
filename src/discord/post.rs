//! Posting an announcement in a Discord channel: an embed through serenity's HTTP client, with
//! `allowed_mentions: {parse: []}`. Failures are sorted for the announcer: 429, 5xx and network
//! trouble are transient; other 4xx (403 missing access, 404 unknown channel) are permanent. A
//! 2xx whose body cannot be read was posted (a warning, never a retry that would post it twice).
//!
//! `post("123", &reply)` → `Ok(Some("6006"))`, the posted message's id.

use std::sync::Arc;

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, Http, UserId};

use super::direct::Direct;
use super::{components, embed, mention_messages};
use crate::announcer::{PostError, Poster, Posting};
use crate::reply::Reply;

/// Posts as the bot, with the gateway's kind of client built from the config; behind
/// `api_base`, straight over HTTP so that a 429's Retry-After is honoured.
pub struct DiscordPoster {
    http: Arc<Http>,
    /// Behind `api_base`: the announcement itself goes straight over HTTP.
    proxy: Option<Direct>,
}

impl DiscordPoster {
    pub fn new(http: Http) -> DiscordPoster {
        DiscordPoster {
            http: Arc::new(http),
            proxy: None,
        }
    }

    /// Posts through `api_base` directly (see [`Direct`]).
    pub fn behind(mut self, direct: Direct) -> DiscordPoster {
        self.proxy = Some(direct);
        self
    }

    async fn send(&self, channel: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let id: u64 = channel
            .parse()
            .ok()
            .filter(|id| *id != 0)
            .ok_or_else(|| PostError::Permanent(format!("'{channel}' is not a channel id")))?;
        // The members to notify are named in the text (embeds notify nobody), each message
        // allowed to ping exactly its own list of users and nobody else.
        let mut mentions = mention_messages(&reply.mentions).into_iter();
        let mut message = CreateMessage::new()
            .embed(embed(reply))
            .components(components(reply))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Some((content, users)) = mentions.next() {
            message = message.content(content).allowed_mentions(allowed(&users));
        }
        let channel = ChannelId::new(id);
        let posted = match &self.proxy {
            Some(proxy) => proxy.create_message(id, &message).await?,
            None => sent(channel.send_message(self.http.as_ref(), message).await)?,
        };
        // Beyond 100 members, the rest in messages of their own; the announcement is posted,
        // so a failure here is logged rather than retried.
        for (content, users) in mentions {
            let more = CreateMessage::new()
                .content(content)
                .allowed_mentions(allowed(&users));
            if let Err(err) = channel.send_message(self.http.as_ref(), more).await {
                tracing::warn!("could not post the rest of a reminder's mentions: {err}");
            }
        }
        Ok(posted)
    }

    /// Sends `reply` to a member in a direct message.
    async fn direct(&self, user: &str, reply: &Reply) -> Result<Option<String>, PostError> {
        let id: u64 = user
            .parse()
            .ok()
            .filter(|id| *id != 0)
            .ok_or_else(|| PostError::Permanent(format!("'{user}' is not a user id")))?;
        let channel = UserId::new(id)
            .create_dm_channel(self.http.as_ref())
            .await
            .map_err(discord_error)?;
        let message = CreateMessage::new()
            .embed(embed(reply))
            .allowed_mentions(CreateAllowedMentions::new());
        sent(channel.send_message(self.http.as_ref(), message).await)
    }
}

/// What a send's answer says: the new message's id; or posted without one when Discord said
/// yes (2xx) in a body serenity cannot read; or the error, sorted.
fn sent(answer: serenity::Result<serenity::all::Message>) -> Result<Option<String>, PostError> {
    match answer {
        Ok(message) => Ok(Some(message.id.to_string())),
        // serenity reads the body only after a 2xx: the message is in the channel.
        Err(serenity::Error::Json(err)) => {
            tracing::warn!(
                "Discord took the message but its answer did not read ({err}): counted as posted, not retried"
            );
            Ok(None)
        }
        Err(err) => Err(discord_error(err)),
    }
}

/// Mentions of these users only: `{"parse": [], "users": [...]}`.
fn allowed(users: &[String]) -> CreateAllowedMentions {
    CreateAllowedMentions::new().users(
        users
            .iter()
            .filter_map(|u| u.parse::<u64>().ok().filter(|id| *id != 0))
            .map(UserId::new),
    )
}

impl Poster for DiscordPoster {
    fn post<'a>(&'a self, channel: &'a str, reply: &'a Reply) -> Posting<'a> {
        Box::pin(self.send(channel, reply))
    }

    fn direct<'a>(&'a self, user: &'a str, reply: &'a Reply) -> Posting<'a> {
        Box::pin(self.direct(user, reply))
    }
}

/// Discord: 429 and 5xx and network trouble are transient; other 4xx (403 missing access,
/// 404 unknown channel) are permanent. A 2xx whose body serenity cannot read was posted.
pub(super) fn discord_error(err: serenity::Error) -> PostError {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yes_whose_body_does_not_read_is_posted_and_a_no_is_an_error() {
        let unreadable = serde_json::from_str::<u8>("x").expect_err("not a number");
        assert_eq!(sent(Err(serenity::Error::Json(unreadable))), Ok(None));
        let other = serenity::Error::Other("the connection closed");
        assert!(sent(Err(other)).is_err());
    }
}
