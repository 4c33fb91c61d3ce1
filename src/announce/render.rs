//! Announcements as messages: [`render()`] turns one [`Announcement`] into a [`Reply`], with
//! corpus text defused so nothing in it can ping, and [`listing()`] lays a schedule out for
//! `emcee announce --dry-run`.
//!
//! The 7d reminder of the 2019-04-03 meetup → "Cloud Native London April" / "Wednesday 3 April
//! 2019 at 18:30 (BST), in 7 days." with fields Talks, Speakers from, Venue, RSVP and Spoken here
//! before, and the footer `emcee · 2019-04-03/reminder/7d`.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::{Announcement, Channel, Decision, Offset, State, What, decide};
use crate::archive::Archive;
use crate::corpus::{Event, EventDate, Talk};
use crate::reply::Reply;
use crate::search::normalise;

/// Text from the corpus made unable to ping: `@everyone` gets a zero-width space, `<@123>`
/// loses its angle brackets.
fn defuse(text: &str) -> String {
    text.replace('@', "@\u{200b}")
        .replace('<', "‹")
        .replace('>', "›")
}

/// A link from the corpus: angle brackets escaped, `@everyone`/`@here` broken.
fn defuse_url(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace("@everyone", "@\u{200b}everyone")
        .replace("@here", "@\u{200b}here")
}

/// "Wednesday 3 April 2019 at 18:30 (BST)".
pub fn local_time(instant: DateTime<Utc>, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .format("%A %-d %B %Y at %H:%M (%Z)")
        .to_string()
}

/// "Alessandro De Maria (DeepMind Health) and Tom Wilkie".
fn speakers(talk: &Talk) -> String {
    let names: Vec<String> = talk
        .speakers
        .iter()
        .map(|s| match &s.affiliation {
            Some(a) => format!("{} ({})", defuse(&s.name), defuse(a)),
            None => defuse(&s.name),
        })
        .collect();
    names.join(" and ")
}

fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        normalise(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

/// How many earlier talks of one speaker a reminder lists, the most recent first.
const EARLIER_TALKS: usize = 3;

/// "Tom Wilkie: Cortex: … (2018-11)" for the [`EARLIER_TALKS`] most recent talks the archive
/// knows `name` gave before `before`, newest first, skipping titles that are fragments of a
/// sentence; a last line says how many more there are. Empty for someone it does not know
/// (found through the people index, then the name must match exactly after normalisation, so
/// a near-namesake is never credited).
fn earlier_talks(archive: &Archive, name: &str, before: EventDate) -> Vec<String> {
    let person = archive
        .people_index
        .search(name, 5)
        .iter()
        .filter_map(|hit| archive.people.get(hit.doc as usize))
        .find(|p| same_name(&p.name, name));
    let Some(person) = person else {
        return Vec::new();
    };
    let mut talks: Vec<_> = person
        .talks
        .iter()
        .filter(|r| archive.event(**r).date < before)
        .filter(|r| !is_fragment(&archive.talk(**r).title))
        .collect();
    talks.sort_by_key(|r| std::cmp::Reverse(archive.event(**r).date));
    talks.dedup_by_key(|r| normalise(&archive.talk(**r).title));
    let more = talks.len().saturating_sub(EARLIER_TALKS);
    let mut lines: Vec<String> = talks
        .iter()
        .take(EARLIER_TALKS)
        .map(|r| {
            format!(
                "{}: {} ({})",
                defuse(&person.name),
                defuse(&archive.talk(**r).title),
                archive.event(**r).date
            )
        })
        .collect();
    if more > 0 {
        lines.push(format!(
            "{}: and {more} earlier (/speaker {})",
            defuse(&person.name),
            defuse(&person.name)
        ));
    }
    lines
}

/// A title that is a piece of a sentence rather than a talk's name: one word, an open
/// parenthesis or quote, or a start or end on a word that joins ("and", "with", "his"; not
/// "on", which ends "Kapitan, two years on").
fn is_fragment(title: &str) -> bool {
    const JOINING: &[&str] = &[
        "a", "an", "and", "but", "by", "for", "from", "her", "his", "into", "its", "of", "or",
        "our", "that", "the", "their", "then", "to", "which", "who", "with",
    ];
    let title = title.trim();
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return true;
    };
    let unbalanced =
        |open: char, close: char| title.matches(open).count() != title.matches(close).count();
    words.len() < 2
        || JOINING.contains(&last.as_str())
        || [
            "and", "but", "or", "which", "who", "then", "his", "her", "their",
        ]
        .contains(&first.as_str())
        || title.ends_with([',', ';', ':', '…'])
        || title.ends_with("...")
        || unbalanced('(', ')')
        || unbalanced('[', ']')
        || title.matches('"').count() % 2 == 1
}

/// "Deployments with Kapitan — Alessandro De Maria (DeepMind Health)", one line per talk.
fn talk_lines(event: &Event) -> String {
    let lines: Vec<String> = event
        .talks
        .iter()
        .map(|t| match speakers(t) {
            s if s.is_empty() => defuse(&t.title),
            s => format!("{} — {s}", defuse(&t.title)),
        })
        .collect();
    lines.join("\n")
}

/// The message for one announcement. Corpus text is defused so nothing in it can ping; the
/// footer carries the id without its channel, so a posted announcement can be recognised.
pub fn render(archive: &Archive, announcement: &Announcement) -> Reply {
    let mut reply = match announcement.what {
        What::Reminder(offset) => reminder(archive, announcement, offset),
        What::Roundup => roundup(&announcement.event),
    };
    let id = announcement
        .id
        .rsplit_once('/')
        .map_or(announcement.id.as_str(), |(id, _)| id);
    reply.footer = Some(format!("emcee · {id}"));
    reply
}

fn reminder(archive: &Archive, announcement: &Announcement, offset: Offset) -> Reply {
    let event = &announcement.event;
    let community = &archive.corpus.community;
    let mut reply = Reply::new(defuse(&event.title));
    reply.link = event.rsvp_url.as_deref().map(defuse_url);
    reply.description = format!(
        "{}, {}.",
        local_time(announcement.not_after, community.timezone),
        offset.phrase()
    );
    reply = reply.field("Talks", talk_lines(event));
    let companies: Vec<String> = event
        .announced_companies
        .iter()
        .map(|c| defuse(c))
        .collect();
    reply = reply.field("Speakers from", companies.join(", "));
    let venue = event.venue.as_ref().or(community.venue.as_ref());
    reply = reply.field("Venue", venue.map(|v| defuse(v)).unwrap_or_default());
    reply = match &event.rsvp_url {
        Some(url) => reply.field("RSVP", defuse_url(url)),
        None => reply.field(
            "RSVP",
            community
                .events_url
                .as_deref()
                .map(|u| format!("The RSVP link will appear at {}", defuse_url(u)))
                .unwrap_or_default(),
        ),
    };
    let mut before: Vec<String> = Vec::new();
    for speaker in event.talks.iter().flat_map(|t| &t.speakers) {
        for line in earlier_talks(archive, &speaker.name, event.date) {
            if !before.contains(&line) {
                before.push(line);
            }
        }
    }
    reply.field("Spoken here before", before.join("\n"))
}

fn roundup(event: &Event) -> Reply {
    let mut reply = Reply::new(format!("New roundup: {}", defuse(&event.title)));
    reply.link = event.video_url.as_deref().map(defuse_url);
    let count = match event.talks.len() {
        1 => "1 talk".to_owned(),
        n => format!("{n} talks"),
    };
    reply.description = format!("The meetup of {}: {count}.", event.date);
    reply = reply.field("Talks", talk_lines(event));
    let recordings: Vec<String> = event
        .talks
        .iter()
        .filter_map(|t| {
            let url = defuse_url(t.video_url.as_deref()?);
            Some(match t.video_start {
                Some(s) => format!(
                    "{}: {url} (starts at {})",
                    defuse(&t.title),
                    crate::commands::clock(s)
                ),
                None => format!("{}: {url}", defuse(&t.title)),
            })
        })
        .collect();
    reply = reply.field("Recordings", recordings.join("\n"));
    if let Some(video) = &event.video_url {
        reply = reply.field("Whole evening", defuse_url(video));
    }
    let sponsors: Vec<String> = event.sponsors.iter().map(|s| defuse(&s.name)).collect();
    reply.field("Thanks to", sponsors.join(", "))
}

/// One line of `emcee announce --dry-run`: what, where, when, and what would happen now.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    pub id: String,
    /// "7d reminder: Cloud Native London April (2019-04-03)".
    pub what: String,
    pub channel: Channel,
    pub at: DateTime<Utc>,
    /// `at` in the community's time zone: "Wednesday 27 March 2019 at 18:30 (GMT)".
    pub local: String,
    pub decision: Decision,
    /// What the delivery log already holds for it, if anything.
    pub recorded: Option<State>,
}

impl Listing {
    /// Past and done with: skipped as too late, now or in the log. `--dry-run` leaves these
    /// out unless `--all` asks for them.
    pub fn is_history(&self) -> bool {
        matches!(self.decision, Decision::Skip(_)) || self.recorded == Some(State::Skipped)
    }
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = match (self.recorded, self.decision) {
            (Some(state), _) => format!("already {}", state.as_str()),
            (None, Decision::Later) => "later".to_owned(),
            (None, Decision::Send) => "post now".to_owned(),
            (None, Decision::Skip(why)) => format!("skip: {why}"),
        };
        write!(
            f,
            "{}  {}  {}  [{now}]",
            self.local, self.channel, self.what
        )
    }
}

/// The schedule as `emcee announce --dry-run` lists it; `recorded` looks an id up in the
/// delivery log (`|id| log.state(id).ok().flatten().map(|r| r.state)`).
pub fn listing(
    schedule: &[Announcement],
    now: DateTime<Utc>,
    grace: TimeDelta,
    tz: Tz,
    recorded: impl Fn(&str) -> Option<State>,
) -> Vec<Listing> {
    schedule
        .iter()
        .map(|a| Listing {
            id: a.id.clone(),
            what: format!("{}: {} ({})", a.label(), a.event.title, a.event_key),
            channel: a.channel.clone(),
            at: a.at,
            local: local_time(a.at, tz),
            decision: decide(a, now, grace),
            recorded: recorded(&a.id),
        })
        .collect()
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
