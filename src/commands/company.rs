//! `/company <name>`: talks by the company's speakers and the meetups it sponsored.
//!
//! `/company contino` → Contino's speakers' talks and its sponsorships, ten of each per page
//! with the count when cut ("Sponsored (10 of 19 meetups)"); `--page 2` shows the next ten.

use super::paging::{self, PER_PAGE, Window};
use super::{Call, no_match, quote, speakers_line};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let page = match paging::page(call) {
        Ok(page) => page,
        Err(reply) => return *reply,
    };
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
    let talk_window = Window::new(talks.len(), PER_PAGE, page);
    let lines: Vec<String> = talks[talk_window.range.clone()]
        .iter()
        .map(|r| {
            format!(
                "{} — {} ({})",
                archive.event(*r).date,
                archive.talk(*r).title,
                speakers_line(archive, *r)
            )
        })
        .collect();
    reply = reply.field(talk_window.heading("Talks", "talk"), lines.join("\n"));
    let sponsored_window = Window::new(org.sponsored.len(), PER_PAGE, page);
    let sponsored: Vec<String> = org
        .sponsored
        .iter()
        .rev()
        .skip(sponsored_window.range.start)
        .take(sponsored_window.range.len())
        .map(|e| {
            let event = &archive.corpus.events[*e];
            format!("{} — {}", event.date, event.title)
        })
        .collect();
    reply = reply.field(
        sponsored_window.heading("Sponsored", "meetup"),
        sponsored.join("\n"),
    );
    if talk_window.more() || sponsored_window.more() {
        paging::more(&mut reply, "company", Some(query), page);
    } else if page > 1 && talk_window.range.is_empty() && sponsored_window.range.is_empty() {
        reply.footer = Some(paging::past_end(page));
    }
    reply.suggestions = hits[1..]
        .iter()
        .map(|h| archive.orgs[h.doc as usize].name.clone())
        .collect();
    reply
}
