//! `/stats`: what the archive holds.
//!
//! `/stats` → "9 events, 19 talks, 15 people, 31 organisations", first and latest meetup.

use super::Call;
use crate::corpus::Kind;
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let corpus = &call.archive.corpus;
    let counts = corpus.counts();
    let meetups: Vec<_> = corpus
        .events
        .iter()
        .filter(|e| e.kind == Kind::Meetup)
        .collect();
    let mut reply = Reply::new(format!("{} in numbers", corpus.community.name));
    reply.description = format!(
        "{} events ({} meetups), {} talks, {} people, {} organisations",
        counts.events,
        meetups.len(),
        counts.talks,
        counts.people,
        counts.organisations
    );
    if let (Some(first), Some(last)) = (meetups.first(), meetups.last()) {
        reply = reply.field("First meetup", format!("{} — {}", first.date, first.title));
        reply = reply.field("Latest meetup", format!("{} — {}", last.date, last.title));
    }
    reply
}
