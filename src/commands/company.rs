//! `/company <name>`: talks by the company's speakers and the meetups it sponsored.
//!
//! `/company contino` → Contino's speakers' talks and its sponsorships.

use super::{Call, no_match, quote, speakers_line};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let query = call.option("name").unwrap_or_default();
    let hits = archive.org_index.search(query, 5);
    let Some(best) = hits.first() else {
        return no_match(
            "No company found",
            format!(
                "No speaker's company or sponsor matches '{}'.",
                quote(query)
            ),
            query,
            archive.orgs.iter().map(|o| o.name.as_str()),
        );
    };
    let org = &archive.orgs[best.doc as usize];
    let mut reply = Reply::new(&org.name);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    reply.description = format!(
        "{} by its speakers, {} sponsored",
        plural(org.talks.len(), "talk"),
        plural(org.sponsored.len(), "meetup")
    );
    let mut talks = org.talks.clone();
    talks.sort_by_key(|r| std::cmp::Reverse(archive.event(*r).date));
    let lines: Vec<String> = talks
        .iter()
        .take(10)
        .map(|r| {
            format!(
                "{} — {} ({})",
                archive.event(*r).date,
                archive.talk(*r).title,
                speakers_line(archive, *r)
            )
        })
        .collect();
    reply = reply.field("Talks", lines.join("\n"));
    let sponsored: Vec<String> = org
        .sponsored
        .iter()
        .rev()
        .take(10)
        .map(|e| {
            let event = &archive.corpus.events[*e];
            format!("{} — {}", event.date, event.title)
        })
        .collect();
    reply = reply.field("Sponsored", sponsored.join("\n"));
    reply.suggestions = hits[1..]
        .iter()
        .map(|h| archive.orgs[h.doc as usize].name.clone())
        .collect();
    reply
}
