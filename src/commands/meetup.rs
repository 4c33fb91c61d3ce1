//! `/meetup <when>`: one meetup's talks, sponsors, hosts and recording. `when` is "november
//! 2018", "nov 2018", "2018-11", "2018-11-07", "latest"/"last" or "next".
//!
//! `/meetup nov 2018` → the November 2018 roundup with its three talks.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{Call, quote, speakers_line};
use crate::archive::{Archive, TalkRef};
use crate::corpus::{EventDate, Kind};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let when = call.option("when").unwrap_or_default();
    let e = match find(archive, when, call.now) {
        Ok(e) => e,
        Err(missing) => return missing.reply(),
    };
    let event = &archive.corpus.events[e];
    let mut reply = Reply::new(&event.title);
    reply.link = event.video_url.clone().or_else(|| event.rsvp_url.clone());
    reply.description = event.date.to_string();
    let talks: Vec<String> = (0..event.talks.len())
        .map(|t| {
            let r = TalkRef { event: e, talk: t };
            format!("{} — {}", archive.talk(r).title, speakers_line(archive, r))
        })
        .collect();
    reply = reply.field("Talks", talks.join("\n"));
    let sponsors: Vec<&str> = event.sponsors.iter().map(|s| s.name.as_str()).collect();
    reply = reply.field("Sponsors", sponsors.join(", "));
    reply = reply.field("Hosts", event.hosts.join(", "));
    if let Some(video) = &event.video_url {
        reply = reply.field("Recording", video.clone());
    }
    if event.talks.is_empty() && !event.announced_companies.is_empty() {
        reply = reply.field("Speakers from", event.announced_companies.join(", "));
    }
    if let Some(rsvp) = &event.rsvp_url {
        reply = reply.field("RSVP", rsvp.clone());
    }
    reply
}

/// The community's day today, in its time zone.
pub fn today(archive: &Archive, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&archive.corpus.community.timezone)
        .date_naive()
}

/// Whether an event is on or before `day` (a month-only date counts as its whole month).
fn on_or_before(date: EventDate, day: NaiveDate) -> bool {
    match date {
        EventDate::Day(d) => d <= day,
        EventDate::Month { year, month } => (year, month) <= (day.year(), day.month()),
    }
}

/// Why `when` names no meetup: nothing on that day or month (no match), or words that are no
/// date at all (asked wrongly).
#[derive(Debug, PartialEq)]
pub struct NoMeetup {
    pub message: String,
    /// `when` was not a date or month emcee reads.
    pub unreadable: bool,
}

impl NoMeetup {
    fn none(message: impl Into<String>) -> NoMeetup {
        NoMeetup {
            message: message.into(),
            unreadable: false,
        }
    }

    /// The private reply saying so.
    pub fn reply(self) -> Reply {
        if self.unreadable {
            Reply::usage("No such meetup", self.message)
        } else {
            Reply::no_match("No such meetup", self.message)
        }
    }
}

impl std::fmt::Display for NoMeetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<NoMeetup> for String {
    fn from(missing: NoMeetup) -> String {
        missing.message
    }
}

/// The meetup `when` names, by position in the corpus, or why there is none.
pub fn find(archive: &Archive, when: &str, now: DateTime<Utc>) -> Result<usize, NoMeetup> {
    let meetups: Vec<usize> = archive
        .corpus
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Meetup)
        .map(|(i, _)| i)
        .collect();
    let today = today(archive, now);
    let events = &archive.corpus.events;
    let lower = when.trim().to_lowercase();
    match lower.as_str() {
        "last" | "latest" | "previous" | "recent" => {
            return meetups
                .iter()
                .rev()
                .find(|&&i| on_or_before(events[i].date, today))
                .copied()
                .ok_or_else(|| NoMeetup::none("No meetup has happened yet."));
        }
        "next" | "upcoming" => {
            return meetups
                .iter()
                .find(|&&i| {
                    !on_or_before(events[i].date, today) || events[i].date.day() == Some(today)
                })
                .copied()
                .ok_or_else(|| NoMeetup::none("No upcoming meetup is announced yet."));
        }
        _ => {}
    }
    let Some((year, month, day)) = parse_when(&lower, today) else {
        return Err(NoMeetup {
            message: format!(
                "'{}' is not a month I know. Try \"november 2018\", \"2018-11\" or \"latest\".",
                quote(when)
            ),
            unreadable: true,
        });
    };
    let in_month: Vec<usize> = meetups
        .iter()
        .copied()
        .filter(|&i| events[i].date.year() == year && events[i].date.month() == month)
        .filter(|&i| day.is_none() || events[i].date.day().map(|d| d.day()) == day)
        .collect();
    in_month
        .iter()
        .copied()
        .max_by_key(|&i| (events[i].talks.len(), std::cmp::Reverse(i)))
        .ok_or_else(|| {
            let label = format!("{} {year}", crate::corpus::month_label(month));
            let nearby: Vec<String> = meetups
                .iter()
                .filter(|&&i| (events[i].date.year() - year).abs() <= 1)
                .map(|&i| events[i].date.to_string())
                .collect();
            NoMeetup::none(if nearby.is_empty() {
                format!("No meetup in {label}.")
            } else {
                format!(
                    "No meetup in {label}. Meetups around then: {}.",
                    nearby.join(", ")
                )
            })
        })
}

/// "november 2018", "nov 2018", "2018-11", "2018-11-07", "november" (the latest one).
fn parse_when(text: &str, today: NaiveDate) -> Option<(i32, u32, Option<u32>)> {
    if let Some(date) = EventDate::parse(text) {
        return Some((date.year(), date.month(), date.day().map(|d| d.day())));
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().find_map(|w| crate::corpus::month_number(w))?;
    let year = words
        .iter()
        .find_map(|w| w.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y)));
    let year = year.unwrap_or(if month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    });
    Some((year, month, None))
}
