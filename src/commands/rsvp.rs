//! `/rsvp [answer] [meetup] [notify]` and what the Going / Not going buttons do, shared by every
//! transport: record the answer, count again, and tell the member what happened in a private
//! note. The count and the buttons under a meetup's reply ([`panel`]) come from here too.
//!
//! `/rsvp going` by Ada at 2019-03-10 → "You're going to Wednesday 3 April; you'll be reminded
//! a day before." with "Going: 1 going (1 on Discord)"; a second member when the capacity is 1
//! → "Wednesday 3 April is full: you're number 1 on the waitlist…".

use chrono::Datelike;

use super::{Call, meetup, quote};
use crate::archive::Archive;
use crate::corpus::{Event, EventDate, month_label, weekday_name};
use crate::reply::{Action, Reply};
use crate::rsvp::{self, Book, COUNT_FIELD, Member, Place, Tally};

pub fn run(call: &Call<'_>) -> Reply {
    let (Some(book), Some(member)) = (call.rsvps, call.member) else {
        return unavailable(call);
    };
    let event = match which(call) {
        Ok(event) => event,
        Err(reply) => return *reply,
    };
    if let Some(notify) = call.option("notify") {
        return match on_off(notify) {
            Some(on) => set_notify(call, book, member, event, on),
            None => Reply::usage(
                "Not an answer",
                format!("notify is on or off, not '{}'.", quote(notify)),
            ),
        };
    }
    match call.option("answer") {
        Some(answer) => match going(answer) {
            Some(going) => record(call, &event.id, going).note,
            None => Reply::usage(
                "Not an answer",
                format!("Answer going or not going, not '{}'.", quote(answer)),
            ),
        },
        None => status(call, book, member, event),
    }
}

/// The private reply where RSVPs cannot be kept or nobody is known to be asking.
fn unavailable(call: &Call<'_>) -> Reply {
    if call.rsvps.is_none() {
        Reply::private(
            "RSVPs are off here",
            "This emcee keeps no RSVPs (its state store is not open).",
        )
    } else {
        Reply::private(
            "Who is asking?",
            "emcee needs to know who you are: on the command line, ask with --as ID.",
        )
    }
}

/// The meetup the `meetup` option names in any form `/meetup` takes ("may 2026", "2026-05",
/// "2026-05-14", "next"), or the next one; no such meetup is a no-match (exit 1 in `ask`), a
/// `meetup` that is no date is asked wrongly (exit 2).
fn which<'a>(call: &Call<'a>) -> Result<&'a Event, Box<Reply>> {
    let when = call.option("meetup").unwrap_or("next");
    match meetup::find(call.archive, when, call.now) {
        Ok(e) => Ok(&call.archive.corpus.events[e]),
        Err(missing) => Err(Box::new(missing.reply())),
    }
}

/// "going", "yes" → true; "not going", "no" → false.
fn going(answer: &str) -> Option<bool> {
    let answer = answer.trim().to_lowercase().replace(['-', '_'], " ");
    match answer.as_str() {
        "going" | "yes" | "y" | "in" => Some(true),
        "not going" | "not" | "no" | "n" | "out" => Some(false),
        _ => None,
    }
}

fn on_off(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "on" | "yes" | "true" => Some(true),
        "off" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// "Wednesday 3 April", or "April 2019" when only the month is known.
pub fn day_label(event: &Event) -> String {
    match event.date {
        EventDate::Day(d) => format!(
            "{} {} {}",
            weekday_name(d.weekday()),
            d.day(),
            month_label(d.month())
        ),
        EventDate::Month { year, month } => format!("{} {year}", month_label(month)),
    }
}

/// "a day before", "2 hours before".
fn before(offset: crate::announce::Offset) -> String {
    use crate::announce::Offset;
    match offset {
        Offset::Days(1) => "a day before".to_owned(),
        Offset::Days(n) => format!("{n} days before"),
        Offset::Hours(1) => "an hour before".to_owned(),
        Offset::Hours(n) => format!("{n} hours before"),
        Offset::Minutes(n) => format!("{n} minutes before"),
    }
}

/// The answers for a meetup, split by its capacity, with Discord's "Interested".
pub fn count(archive: &Archive, book: &dyn Book, event: &Event) -> Result<Tally, String> {
    let capacity = rsvp::capacity(event, &archive.corpus.community);
    let mut tally = rsvp::tally(book.rsvps(&event.id)?, capacity);
    tally.interested = book.interested(&event.id);
    Ok(tally)
}

/// A meetup's reply with its buttons: Going and Not going with the count when RSVPs are kept,
/// and the external RSVP link as a link button labelled with its host.
pub fn panel(mut reply: Reply, archive: &Archive, book: Option<&dyn Book>, event: &Event) -> Reply {
    if let Some(book) = book.filter(|_| !event.id.is_empty()) {
        if let Ok(tally) = count(archive, book, event) {
            reply = reply.field(COUNT_FIELD, tally.summary());
        }
        for going in [true, false] {
            reply.actions.push(Action::Rsvp {
                meetup: event.id.clone(),
                going,
            });
        }
    }
    if let Some((url, host)) = event.rsvp_url.as_deref().and_then(|u| Some((u, host(u)?))) {
        reply.actions.push(Action::Link {
            label: format!("Register on {host}"),
            url: url.to_owned(),
        });
    }
    reply
}

/// The host of an http(s) URL without `www.`: "https://www.meetup.com/x" → "meetup.com".
fn host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let safe = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    safe.then_some(host)
}

/// What a click or `/rsvp going` did: the private note for the member, and the new count for
/// the message that carries the buttons (none when nothing could be counted).
#[derive(Clone, Debug, PartialEq)]
pub struct Clicked {
    pub note: Reply,
    pub count: Option<String>,
}

/// Records `going` for the member of `call` on the meetup with this id, then counts again. The
/// answer is recorded before anything else is said; a meetup that is gone or over is refused.
pub fn record(call: &Call<'_>, meetup_id: &str, going: bool) -> Clicked {
    let refused = |note: Reply| Clicked { note, count: None };
    let (Some(book), Some(member)) = (call.rsvps, call.member) else {
        return refused(unavailable(call));
    };
    let archive = call.archive;
    let Some(event) = archive.corpus.events.iter().find(|e| e.id == meetup_id) else {
        return refused(Reply::private(
            "No such meetup",
            "That meetup is no longer announced, so nothing was recorded.",
        ));
    };
    let today = meetup::today(archive, call.now);
    if event.date.day().is_some_and(|d| d < today) {
        return refused(Reply::private(
            "That meetup is over",
            format!("{} has already happened.", day_label(event)),
        ));
    }
    let capacity = rsvp::capacity(event, &archive.corpus.community);
    let changed = match book.answer(&event.id, member, going, capacity, call.now) {
        Ok(changed) => changed,
        Err(_) => {
            return refused(Reply::private(
                "Sorry, that went wrong",
                "Your answer could not be recorded; please try again in a moment.",
            ));
        }
    };
    let tally = count(archive, book, event).ok();
    let day = day_label(event);
    let place = tally
        .as_ref()
        .map_or(Place::Out, |t| t.place(member.source, &member.id));
    let text = match (going, place) {
        (true, Place::Going) => going_note(call, book, member, event, &day),
        (true, Place::Waiting(n)) => format!(
            "{day} is full: you're number {n} on the waitlist, and you'll be told if a place frees up."
        ),
        (true, Place::Out) => format!("You're going to {day}."),
        (false, _) if changed => format!("You're no longer going to {day}."),
        (false, _) => format!("Noted: you're not going to {day}."),
    };
    let summary = tally.map(|t| t.summary());
    let mut note = Reply::private(format!("RSVP: {}", event.title), text);
    if let Some(summary) = &summary {
        note = note.field(COUNT_FIELD, summary.clone());
    }
    Clicked {
        note,
        count: summary,
    }
}

/// The message to a member who got a place when someone left: "A place freed up: you're now
/// going to Wednesday 3 April."
pub fn promoted_note(archive: &Archive, meetup_id: &str) -> Reply {
    let event = archive.corpus.events.iter().find(|e| e.id == meetup_id);
    match event {
        Some(event) => Reply::private(
            format!("You have a place: {}", event.title),
            format!(
                "A place freed up: you're now going to {}.",
                day_label(event)
            ),
        ),
        None => Reply::private(
            "You have a place",
            "A place freed up at a meetup you were waiting for: you're now going.",
        ),
    }
}

/// "You're going to Wednesday 3 April; you'll be reminded a day before."
fn going_note(
    call: &Call<'_>,
    book: &dyn Book,
    member: &Member,
    event: &Event,
    day: &str,
) -> String {
    let notify = book
        .rsvps(&event.id)
        .ok()
        .and_then(|all| {
            all.into_iter()
                .find(|r| r.is(member.source, &member.id))
                .map(|r| r.notify)
        })
        .unwrap_or(true);
    match call.settings.last_reminder {
        Some(offset) if notify => {
            format!(
                "You're going to {day}; you'll be reminded {}.",
                before(offset)
            )
        }
        _ => format!("You're going to {day}."),
    }
}

fn set_notify(call: &Call<'_>, book: &dyn Book, member: &Member, event: &Event, on: bool) -> Reply {
    let day = day_label(event);
    let title = format!("RSVP: {}", event.title);
    match book.notify(&event.id, member, on) {
        Ok(true) if on => Reply::private(
            title,
            match call.settings.last_reminder {
                Some(offset) => format!("The reminder {} {day} will mention you.", before(offset)),
                None => format!("Reminders for {day} will mention you."),
            },
        ),
        Ok(true) => Reply::private(title, format!("Reminders for {day} will not mention you.")),
        Ok(false) => Reply::private(
            title,
            format!("You're not going to {day}, so no reminder mentions you."),
        ),
        Err(_) => Reply::private(
            "Sorry, that went wrong",
            "Your choice could not be recorded; please try again in a moment.",
        ),
    }
}

/// `/rsvp` alone: where the member stands, the count, and the buttons.
fn status(call: &Call<'_>, book: &dyn Book, member: &Member, event: &Event) -> Reply {
    let day = day_label(event);
    let text = match count(call.archive, book, event) {
        Ok(tally) => match tally.place(member.source, &member.id) {
            Place::Going => format!("You're going to {day}."),
            Place::Waiting(n) => format!("You're number {n} on the waitlist for {day}."),
            Place::Out => format!("You have not said you're going to {day}."),
        },
        Err(_) => {
            return Reply::private(
                "Sorry, that went wrong",
                "The RSVPs could not be read; please try again in a moment.",
            );
        }
    };
    let mut reply = panel(
        Reply::private(format!("RSVP: {}", event.title), text),
        call.archive,
        Some(book),
        event,
    );
    reply.actions.retain(|a| !matches!(a, Action::Link { .. }));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_hosts() {
        assert_eq!(going("Not going"), Some(false));
        assert_eq!(going("not-going"), Some(false));
        assert_eq!(going("GOING"), Some(true));
        assert_eq!(going("maybe"), None);
        assert_eq!(
            host("https://www.meetup.com/Cloud-Native-London/events/1/"),
            Some("meetup.com")
        );
        assert_eq!(host("http://example.org"), Some("example.org"));
        assert_eq!(host("javascript:alert(1)"), None);
        assert_eq!(host("https://a<b>/x"), None);
    }
}
