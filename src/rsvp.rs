//! RSVPs in the core: who answered for a meetup, from which platform, and what that adds up to
//! ("2 going (1 on Discord, 1 on Slack), 1 on the waitlist"). The answers themselves live in
//! the state store; the core sees them through [`Book`], a trait the runtime implements, so
//! that commands stay free of the store and of every platform.
//!
//! `tally(vec![ada (discord, 18:00), bo (slack, 18:01)], Some(1))` → going `[ada]`, waitlist
//! `[bo]`; its `summary()` → "1 going (1 on Discord), 1 on the waitlist".
//!
//! Going and waitlist are not stored: the answers are kept in click order and the first
//! `capacity` of them are going, so a place freed promotes the first waitlisted member by
//! itself, and a capacity raised in `events/*.toml` lets the next ones in.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::corpus::{Community, Event};

/// Where an answer came from: a platform, or `emcee ask --as ID` on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Discord,
    Slack,
    Cli,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Discord, Source::Slack, Source::Cli];

    /// `discord`, `slack`, `cli`: how the store and `PLATFORM:ID` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Discord => "discord",
            Source::Slack => "slack",
            Source::Cli => "cli",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// "Discord", "Slack", "the command line".
    pub fn label(self) -> &'static str {
        match self {
            Source::Discord => "Discord",
            Source::Slack => "Slack",
            Source::Cli => "the command line",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member as a platform names them: the platform's user id, the display name at the time of
/// asking, and whether they may see organisers' commands (Discord's Manage Events, Slack's
/// `[rsvp] organisers`, anyone on the command line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub source: Source,
    pub id: String,
    pub name: String,
    pub organiser: bool,
}

impl Member {
    pub fn new(source: Source, id: impl Into<String>, name: impl Into<String>) -> Member {
        Member {
            source,
            id: id.into(),
            name: name.into(),
            organiser: false,
        }
    }
}

/// Parses `discord:1100…`, `slack:U0…` or `cli:ada`.
pub fn parse_user(text: &str) -> Option<(Source, String)> {
    let (source, id) = text.split_once(':')?;
    let id = id.trim();
    (!id.is_empty() && !id.contains(char::is_whitespace))
        .then(|| Some((Source::parse(source)?, id.to_owned())))
        .flatten()
}

/// One member's answer "going" for one meetup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rsvp {
    pub meetup: String,
    pub source: Source,
    pub user_id: String,
    /// The display name at the time of the click.
    pub name: String,
    /// When they first said they were going: their place in the queue.
    pub at: DateTime<Utc>,
    /// Whether the last reminder may mention them (`/rsvp notify off` turns it off).
    pub notify: bool,
}

impl Rsvp {
    pub fn is(&self, source: Source, user_id: &str) -> bool {
        self.source == source && self.user_id == user_id
    }
}

/// Why the RSVPs could not be read or written, for the log; members see an apology.
pub type BookError = String;

/// The RSVPs of one community, as commands see them. The runtime implements it over the state
/// store; tests over a vector.
pub trait Book: Send + Sync {
    /// Every "going" answer for the meetup, in click order.
    fn rsvps(&self, meetup: &str) -> Result<Vec<Rsvp>, BookError>;
    /// Records `member` as going (keeping their place when they already were) or removes them;
    /// `true` when something changed. `capacity` lets the implementation tell members promoted
    /// from the waitlist.
    fn answer(
        &self,
        meetup: &str,
        member: &Member,
        going: bool,
        capacity: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<bool, BookError>;
    /// Turns the last reminder's mention of `member` on or off; `false` when they are not going.
    fn notify(&self, meetup: &str, member: &Member, on: bool) -> Result<bool, BookError>;
    /// Members who marked the meetup's Discord scheduled event "Interested" and did not answer
    /// with the buttons; 0 when unknown.
    fn interested(&self, _meetup: &str) -> u32 {
        0
    }
}

/// How many may be going: the meetup's own `capacity`, else the community's.
pub fn capacity(event: &Event, community: &Community) -> Option<u32> {
    event.capacity.or(community.capacity)
}

/// The answers for one meetup split by capacity: the first `capacity` going, the rest waiting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub going: Vec<Rsvp>,
    pub waitlist: Vec<Rsvp>,
    /// "Interested" on the Discord scheduled event, not counted as going.
    pub interested: u32,
}

/// Where one member stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Going,
    /// Their position on the waitlist, from 1.
    Waiting(usize),
    Out,
}

/// Splits answers (in click order) by capacity.
pub fn tally(mut rsvps: Vec<Rsvp>, capacity: Option<u32>) -> Tally {
    rsvps.sort_by_key(|r| r.at);
    let cut = capacity.map_or(rsvps.len(), |c| (c as usize).min(rsvps.len()));
    let waitlist = rsvps.split_off(cut);
    Tally {
        going: rsvps,
        waitlist,
        interested: 0,
    }
}

impl Tally {
    /// "12 going (7 on Discord, 5 on Slack), 3 on the waitlist, and 14 interested on Discord";
    /// a platform is named only when someone answered there.
    pub fn summary(&self) -> String {
        let mut out = format!("{} going", self.going.len());
        let parts: Vec<String> = Source::ALL
            .into_iter()
            .filter_map(|source| {
                let n = self.going.iter().filter(|r| r.source == source).count();
                (n > 0).then(|| format!("{n} on {}", source.label()))
            })
            .collect();
        if !parts.is_empty() {
            out.push_str(&format!(" ({})", parts.join(", ")));
        }
        if !self.waitlist.is_empty() {
            out.push_str(&format!(", {} on the waitlist", self.waitlist.len()));
        }
        if self.interested > 0 {
            out.push_str(&format!(", and {} interested on Discord", self.interested));
        }
        out
    }

    pub fn place(&self, source: Source, user_id: &str) -> Place {
        if self.going.iter().any(|r| r.is(source, user_id)) {
            Place::Going
        } else if let Some(at) = self.waitlist.iter().position(|r| r.is(source, user_id)) {
            Place::Waiting(at + 1)
        } else {
            Place::Out
        }
    }
}

/// Members waiting in `before` who are going in `after`: those to tell they got a place.
pub fn promoted(before: &Tally, after: &Tally) -> Vec<Rsvp> {
    after
        .going
        .iter()
        .filter(|r| before.waitlist.iter().any(|w| w.is(r.source, &r.user_id)))
        .cloned()
        .collect()
}

/// The name of the field that carries the count in a reply: renderers find it there to update
/// a clicked message.
pub const COUNT_FIELD: &str = "Going";

#[cfg(test)]
mod tests {
    use super::*;

    fn rsvp(source: Source, id: &str, minute: i64) -> Rsvp {
        Rsvp {
            meetup: "m".to_owned(),
            source,
            user_id: id.to_owned(),
            name: id.to_owned(),
            at: DateTime::from_timestamp(1_554_000_000 + minute * 60, 0).unwrap(),
            notify: true,
        }
    }

    #[test]
    fn counts_by_platform_naming_only_those_used() {
        let table: [(Vec<Rsvp>, Option<u32>, &str); 5] = [
            (vec![], None, "0 going"),
            (
                vec![rsvp(Source::Discord, "a", 0), rsvp(Source::Slack, "b", 1)],
                None,
                "2 going (1 on Discord, 1 on Slack)",
            ),
            (
                vec![rsvp(Source::Discord, "a", 0)],
                None,
                "1 going (1 on Discord)",
            ),
            (
                vec![rsvp(Source::Cli, "c", 0), rsvp(Source::Slack, "b", 1)],
                None,
                "2 going (1 on Slack, 1 on the command line)",
            ),
            (
                vec![
                    rsvp(Source::Slack, "b", 1),
                    rsvp(Source::Discord, "a", 0),
                    rsvp(Source::Discord, "d", 2),
                ],
                Some(1),
                "1 going (1 on Discord), 2 on the waitlist",
            ),
        ];
        for (rsvps, capacity, summary) in table {
            assert_eq!(tally(rsvps, capacity).summary(), summary);
        }
    }

    #[test]
    fn the_waitlist_is_in_click_order_and_a_freed_place_promotes_the_first() {
        let all = vec![
            rsvp(Source::Discord, "a", 0),
            rsvp(Source::Slack, "b", 1),
            rsvp(Source::Slack, "c", 2),
        ];
        let before = tally(all.clone(), Some(1));
        assert_eq!(before.place(Source::Discord, "a"), Place::Going);
        assert_eq!(before.place(Source::Slack, "c"), Place::Waiting(2));
        assert_eq!(before.place(Source::Slack, "z"), Place::Out);
        let after = tally(all[1..].to_vec(), Some(1));
        let promoted = promoted(&before, &after);
        assert_eq!(promoted.len(), 1);
        assert!(promoted[0].is(Source::Slack, "b"));
    }

    #[test]
    fn interested_members_are_counted_apart() {
        let mut t = tally(vec![rsvp(Source::Slack, "b", 1)], None);
        t.interested = 14;
        assert_eq!(
            t.summary(),
            "1 going (1 on Slack), and 14 interested on Discord"
        );
    }

    #[test]
    fn users_are_platform_and_id() {
        assert_eq!(
            parse_user("discord:1100"),
            Some((Source::Discord, "1100".to_owned()))
        );
        assert_eq!(
            parse_user("slack:U0"),
            Some((Source::Slack, "U0".to_owned()))
        );
        for bad in ["1100", "irc:x", "slack:", "slack:a b"] {
            assert_eq!(parse_user(bad), None, "{bad}");
        }
    }
}
