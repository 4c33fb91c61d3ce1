//! `/attendees [meetup]`, for organisers only, always private: who is going and who is on the
//! waitlist, each with their platform and when they answered, in click order.
//!
//! `/attendees` by an organiser → "Attendees: Cloud Native London April" / "2 going (1 on
//! Discord, 1 on Slack)", "Going: 1. Ada — Discord, 10 Mar 12:00", …; by anyone else → "Only
//! organisers can see who is coming."

use super::{Call, meetup, quote};
use crate::reply::Reply;
use crate::rsvp::Rsvp;

pub fn run(call: &Call<'_>) -> Reply {
    if !call.member.is_some_and(|m| m.organiser) {
        return Reply::private("Organisers only", "Only organisers can see who is coming.");
    }
    let Some(book) = call.rsvps else {
        return Reply::private(
            "RSVPs are off here",
            "This emcee keeps no RSVPs (its state store is not open).",
        );
    };
    let when = call.option("meetup").unwrap_or("next");
    let event = match meetup::find(call.archive, when, call.now) {
        Ok(e) => &call.archive.corpus.events[e],
        Err(message) => return Reply::private("No such meetup", message),
    };
    let tally = match super::rsvp::count(call.archive, book, event) {
        Ok(tally) => tally,
        Err(_) => {
            return Reply::private(
                "Sorry, that went wrong",
                "The RSVPs could not be read; please try again in a moment.",
            );
        }
    };
    let tz = call.archive.corpus.community.timezone;
    let lines = |rsvps: &[Rsvp]| -> String {
        rsvps
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "{}. {} — {}, {}",
                    i + 1,
                    quote(&r.name),
                    r.source.label(),
                    r.at.with_timezone(&tz).format("%-d %b %H:%M")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut reply = Reply::private(
        format!("Attendees: {}", event.title),
        format!("{}: {}", super::rsvp::day_label(event), tally.summary()),
    );
    reply = reply.field(
        format!("Going ({})", tally.going.len()),
        lines(&tally.going),
    );
    reply.field(
        format!("Waitlist ({})", tally.waitlist.len()),
        lines(&tally.waitlist),
    )
}
