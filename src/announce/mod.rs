//! Announcements emcee posts on its own: reminders before a meetup and a note when a new roundup
//! appears. This is the pure core: [`schedule()`] says what is due and [`render()`] turns one
//! announcement into a [`Reply`](crate::reply::Reply). The runtime (`crate::announcer`) posts
//! the replies through each platform and remembers what was posted in the store
//! (`crate::store`), so that nothing is posted twice across restarts; nothing here touches the
//! network or the disk.
//!
//! A meetup on 2019-04-03 with reminders `["7d", "1d"]` and channel `discord:123` →
//! `2019-04-03/reminder/7d/discord:123` due 2019-03-27T18:30Z, rendered as "Cloud Native London
//! April" / "Wednesday 3 April 2019 at 18:30 (BST), in 7 days." with venue, RSVP link and the
//! speakers' earlier talks.
//!
//! One tick of the announcer, as the wiring is expected to run it:
//!
//! ```text
//! log.ensure_baseline(&roundup_keys(corpus, now), now)?;   // first start: no roundup notes
//! for r in log.in_doubt(now, lease)? { warn!(...); log.mark_unknown(&r.id, now)?; }
//! let due = due(schedule(corpus, &settings, &channels, &log.known_roundups()?, now), now, grace);
//! for (a, why) in due.skip { log.mark_skipped(&a.id, now, &why.to_string())?; }
//! for a in due.send {
//!     if log.claim(&a.id, now)? {            // `sending` is on disk before the HTTP call
//!         match post(&a.channel, render(archive, &a)) {
//!             Ok(message) => log.mark_sent(&a.id, now, Some(&message))?,
//!             Err(e) => log.mark_failed(&a.id, now, &e.to_string(), e.is_permanent())?,
//!         }
//!     }
//! }
//! ```
//!
//! Delivery is at most once; see `crate::store` for what happens when emcee dies mid-send.

mod render;
pub mod schedule;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::corpus::Event;
pub use render::{Listing, listing, local_time, render};
pub use schedule::{Decision, Due, KnownRoundups, Offset, ScheduleError, Settings, Skip};
pub use schedule::{decide, due, roundup_keys, schedule};

/// Where an announcement is in its delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Claimed; the HTTP call is under way, or the process died during it.
    Sending,
    Sent,
    /// Failed in a way worth retrying.
    Failed,
    /// Failed for good: permanent error, or every attempt used.
    FailedPermanently,
    /// Never posted: too late, or its meetup had started.
    Skipped,
    /// Left in `sending` by a process that died: it may or may not have been posted.
    Unknown,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
            State::FailedPermanently => "failed-permanently",
            State::Skipped => "skipped",
            State::Unknown => "unknown",
        }
    }

    /// The state `as_str` wrote.
    pub fn parse(text: &str) -> Option<State> {
        [
            State::Sending,
            State::Sent,
            State::Failed,
            State::FailedPermanently,
            State::Skipped,
            State::Unknown,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    Discord,
    Slack,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Discord => "discord",
            Platform::Slack => "slack",
        }
    }
}

/// A channel to announce in: `discord:123456789012345678` or `slack:C024BE91L`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Channel {
    pub platform: Platform,
    pub id: String,
}

impl Channel {
    pub fn discord(id: impl Into<String>) -> Channel {
        Channel {
            platform: Platform::Discord,
            id: id.into(),
        }
    }

    pub fn slack(id: impl Into<String>) -> Channel {
        Channel {
            platform: Platform::Slack,
            id: id.into(),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform.as_str(), self.id)
    }
}

impl FromStr for Channel {
    type Err = String;
    /// Parses `discord:ID` or `slack:ID`; the error is a message naming the text.
    fn from_str(text: &str) -> Result<Channel, String> {
        let bad = || format!("'{text}' is not a channel: write discord:ID or slack:ID");
        let (platform, id) = text.trim().split_once(':').ok_or_else(bad)?;
        let id = id.trim();
        if id.is_empty() || id.contains(['/', ' ']) {
            return Err(bad());
        }
        match platform.trim().to_ascii_lowercase().as_str() {
            "discord" => Ok(Channel::discord(id)),
            "slack" => Ok(Channel::slack(id)),
            _ => Err(bad()),
        }
    }
}

/// What an announcement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum What {
    /// A reminder this long before the meetup.
    Reminder(Offset),
    /// A note that the roundup of a meetup is up.
    Roundup,
}

/// One announcement in one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    /// Stable across restarts and post edits: `2019-04-03/reminder/7d/discord:123`.
    pub id: String,
    /// The event's date, `2019-04-03` (or `2019-03` for a roundup dated by month).
    pub event_key: String,
    pub what: What,
    pub channel: Channel,
    /// When it is due. A roundup note is due when it is found.
    pub at: DateTime<Utc>,
    /// Never posted at or after this: the meetup's start for a reminder, the end of the
    /// roundup age limit for a roundup note.
    pub not_after: DateTime<Utc>,
    pub event: Event,
}

impl Announcement {
    /// "7d reminder" or "new-roundup note".
    pub fn label(&self) -> String {
        match self.what {
            What::Reminder(offset) => format!("{offset} reminder"),
            What::Roundup => "new-roundup note".to_owned(),
        }
    }
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
