//! `/next-meetup`: the first meetup on or after today in the community's time zone, and, when
//! the deployment has a public URL, a link to its calendar feed.
//!
//! At 2019-03-10 on the seeds → "Wednesday 3 April 2019", in 24 days, speakers from Airbus, …;
//! with `public_url = "https://emcee.example.org"` also "Calendar:
//! https://emcee.example.org/calendar.ics".

use chrono::{Datelike, NaiveDate};

use super::Call;
use super::meetup::today;
use crate::corpus::{Event, EventDate, Kind, weekday_name};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let reply = next(call);
    match &call.settings.public_url {
        Some(base) => reply.field(
            "Calendar",
            format!("{}/calendar.ics", base.trim_end_matches('/')),
        ),
        None => reply,
    }
}

/// The next meetup, or what is known when none is announced.
fn next(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let community = call.community();
    let today = today(archive, call.now);
    let next = archive.corpus.events.iter().find(|e| is_next(e, today));
    let Some(event) = next else {
        let mut reply = Reply::new("No meetup announced yet");
        reply.description = "The next meetup has not been announced.".to_owned();
        reply.outcome = crate::reply::Outcome::NoMatch;
        let last = archive
            .corpus
            .events
            .iter()
            .rev()
            .find(|e| e.kind == Kind::Meetup);
        if let Some(last) = last {
            reply = reply.field("Latest meetup", format!("{} — {}", last.date, last.title));
        }
        let where_next = community
            .events_url
            .clone()
            .unwrap_or_else(|| "the community's events page".to_owned());
        return reply.field("RSVP", format!("The RSVP link will appear at {where_next}"));
    };
    let when = match event.date {
        // Never a confident wrong day: the month, and that the posts disagree.
        _ if event.unconfirmed.is_some() => format!(
            "day unconfirmed ({} {}: the posts disagree on the day)",
            crate::corpus::month_label(event.date.month()),
            event.date.year()
        ),
        EventDate::Day(d) => {
            let days = (d - today).num_days();
            let to_go = match days {
                0 => "today".to_owned(),
                1 => "tomorrow".to_owned(),
                n => format!("in {n} days"),
            };
            let time = community
                .start_time
                .map(|t| format!(" at {}", t.format("%H:%M")))
                .unwrap_or_default();
            format!(
                "{} {} {} {}{time} ({to_go})",
                weekday_name(d.weekday()),
                d.day(),
                crate::corpus::month_label(d.month()),
                d.year()
            )
        }
        EventDate::Month { year, month } => {
            format!(
                "{} {year} (day not announced yet)",
                crate::corpus::month_label(month)
            )
        }
    };
    let mut reply = Reply::new(format!("Next meetup: {when}"));
    let panel = |reply: Reply| super::rsvp::panel(reply, archive, call.rsvps, event);
    reply.link = event.rsvp_url.clone();
    reply.description = event.title.clone();
    let speakers: Vec<String> = event
        .talks
        .iter()
        .flat_map(|t| t.speakers.iter().map(|s| s.name.clone()))
        .collect();
    reply = reply.field("Speakers", speakers.join(", "));
    reply = reply.field("Speakers from", event.announced_companies.join(", "));
    let venue = event.venue.clone().or_else(|| community.venue.clone());
    reply = reply.field("Venue", venue.unwrap_or_default());
    panel(match &event.rsvp_url {
        Some(url) => reply.field("RSVP", url.clone()),
        None => reply.field(
            "RSVP",
            format!(
                "No RSVP link yet; it will appear at {}",
                community
                    .events_url
                    .as_deref()
                    .unwrap_or("the community's events page")
            ),
        ),
    })
}

/// Whether `event` is a meetup still to come on `today`: a meetup or an invitation (an
/// announcement with an RSVP link or an agenda) on or after today, unless its roundup is
/// already out (a meetup reported the day it happened is over).
fn is_next(event: &Event, today: NaiveDate) -> bool {
    let meetup = match event.kind {
        Kind::Meetup => true,
        Kind::Announcement => event.rsvp_url.is_some() || !event.talks.is_empty(),
        _ => false,
    };
    meetup
        && match event.date {
            EventDate::Day(d) => d > today || (d == today && !event.timeline.reported),
            EventDate::Month { year, month } => (year, month) > (today.year(), today.month()),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which events are the next meetup on 2024-05-08.
    #[test]
    fn next_is_a_meetup_to_come_and_not_one_already_reported() {
        let today = NaiveDate::from_ymd_opt(2024, 5, 8).unwrap();
        let at = |d: &str| EventDate::parse(d).expect("a date");
        let event = |d: &str, kind: Kind, reported: bool, rsvp: bool| {
            let mut e = Event::new(at(d), "m", kind);
            e.timeline.reported = reported;
            e.rsvp_url = rsvp.then(|| "https://example.org/e/1".to_owned());
            e
        };
        let table = [
            (event("2024-05-08", Kind::Meetup, false, false), true),
            // Its roundup is out: it happened today.
            (event("2024-05-08", Kind::Meetup, true, false), false),
            (event("2024-05-09", Kind::Meetup, true, false), true),
            (event("2024-05-07", Kind::Meetup, false, false), false),
            (event("2024-05-20", Kind::Announcement, false, true), true),
            // An announcement with neither RSVP link nor agenda ("call for speakers").
            (event("2024-05-20", Kind::Announcement, false, false), false),
            (event("2024-05-20", Kind::Article, false, true), false),
            (event("2024-05", Kind::Meetup, false, false), false),
            (event("2024-06", Kind::Meetup, false, false), true),
        ];
        for (event, expected) in table {
            assert_eq!(is_next(&event, today), expected, "{event:?}");
        }
    }
}
