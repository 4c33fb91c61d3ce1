//! `/stats`: what the archive holds, each kind of post counted as what it is.
//!
//! `/stats` → "9 meetups, 14 articles, 19 talks, 15 people, 31 organisations", the first
//! meetup and the latest that has happened (an announced one still to come is not "latest").

use super::Call;
use crate::corpus::Kind;
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let corpus = &archive.corpus;
    let counts = archive.counts;
    let of = |kind: Kind| corpus.events.iter().filter(|e| e.kind == kind).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![plural(of(Kind::Meetup), "meetup", "meetups")];
    for (kind, one, many) in [
        (
            Kind::Conference,
            "conference write-up",
            "conference write-ups",
        ),
        (Kind::Announcement, "announcement", "announcements"),
        (Kind::Article, "article", "articles"),
    ] {
        let n = of(kind);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    parts.push(plural(counts.talks, "talk", "talks"));
    parts.push(plural(counts.people, "person", "people"));
    parts.push(plural(
        counts.organisations,
        "organisation",
        "organisations",
    ));
    let mut reply = Reply::new(format!("{} in numbers", corpus.community.name));
    reply.description = parts.join(", ");
    if let Some(first) = corpus.events.iter().find(|e| e.kind == Kind::Meetup) {
        reply = reply.field("First meetup", format!("{} — {}", first.date, first.title));
    }
    if let Ok(latest) = super::meetup::find(archive, "latest", call.now) {
        let last = &corpus.events[latest];
        reply = reply.field("Latest meetup", format!("{} — {}", last.date, last.title));
    }
    reply
}
