//! `/sponsors [when]`: one meetup's sponsors, or every sponsor with how many meetups each.
//!
//! `/sponsors` → "Sponsors (25 of 67 sponsors)": "Tecknuovo — 4 meetups", …, and `--page 2`
//! the next 25; `/sponsors nov 2018` → that meetup's five.

use std::collections::HashMap;

use super::Call;
use super::paging::{self, Window};
use crate::reply::Reply;

/// Sponsors listed per page of the whole list.
const PER_PAGE: usize = 25;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let page = match paging::page(call) {
        Ok(page) => page,
        Err(reply) => return *reply,
    };
    if let Some(when) = call.option("when") {
        let e = match super::meetup::find(archive, when, call.now) {
            Ok(e) => e,
            Err(missing) => return missing.reply(),
        };
        let event = &archive.corpus.events[e];
        let mut reply = Reply::new(format!("Sponsors of {}", event.title));
        reply.description = event.date.to_string();
        if event.sponsors.is_empty() {
            reply
                .description
                .push_str(": no sponsors are listed for this meetup.");
        }
        let lines: Vec<String> = event
            .sponsors
            .iter()
            .map(|s| {
                let name = archive.corpus.entities.organisation(&s.name);
                match &s.url {
                    Some(url) => format!("{name} — {url}"),
                    None => name.to_owned(),
                }
            })
            .collect();
        return reply.field("Sponsors", lines.join("\n"));
    }
    // One line per organisation under its canonical name ("Redhat" counts for "Red Hat").
    let mut counts: HashMap<String, (String, usize)> = HashMap::new();
    for event in &archive.corpus.events {
        for sponsor in &event.sponsors {
            let name = archive.corpus.entities.organisation(&sponsor.name);
            let key = crate::search::normalise(name);
            counts.entry(key).or_insert_with(|| (name.to_owned(), 0)).1 += 1;
        }
    }
    let mut all: Vec<(String, usize)> = counts.into_values().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut reply = Reply::new("Sponsors");
    reply.description = match all.len() {
        0 => "No sponsors are listed in the archive yet.".to_owned(),
        n => format!("{n} sponsors across the archive"),
    };
    let window = Window::new(all.len(), PER_PAGE, page);
    let lines: Vec<String> = all[window.range.clone()]
        .iter()
        .map(|(name, n)| format!("{name} — {n} meetup{}", if *n == 1 { "" } else { "s" }))
        .collect();
    if window.more() {
        paging::more(&mut reply, "sponsors", None, page);
    } else if window.range.is_empty() && window.total > 0 {
        reply.footer = Some(paging::past_end(page));
    }
    reply.field(window.heading("Sponsors", "sponsor"), lines.join("\n"))
}
