//! `/speaker <name>`: a person's talks newest first, affiliations over time, co-speakers.
//!
//! `/speaker wilkie` → Tom Wilkie: "1 talk, 2018", Grafana Labs. Every word of the name must
//! match the person (exactly, within the typos its length allows, or as a prefix if last):
//! `/speaker jane wilkie` → "No speaker named 'jane wilkie'", did you mean Tom Wilkie; a name
//! several people match (`/speaker tom`) lists them instead of picking one.

use super::paging::{self, PER_PAGE, Window};
use super::{Call, closest, quote};
use crate::archive::Archive;
use crate::reply::Reply;
use crate::search::{MAX_WORDS, normalise, words};

/// People offered as "did you mean" when the search finds nobody close: the newest this many,
/// so a miss costs the same at any archive size.
const SUGGESTION_POOL: usize = 2_000;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let page = match paging::page(call) {
        Ok(page) => page,
        Err(reply) => return *reply,
    };
    let query = call.option("name").unwrap_or_default();
    let count = words(query).len().min(MAX_WORDS);
    let every_word = (1u32 << count) - 1;
    // One more than the page needs, to know whether another page follows.
    let hits = archive.people_index.search(query, PER_PAGE * page + 1);
    let named: Vec<u32> = hits
        .iter()
        .filter(|h| h.words == every_word && h.loose == 0)
        .map(|h| h.doc)
        .collect();
    let key = |name: &str| {
        normalise(name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let whole = key(query);
    if let Some(&one) = named
        .iter()
        .find(|&&d| key(&archive.people[d as usize].name) == whole)
        .or(named.first().filter(|_| named.len() == 1))
    {
        let mut reply = card(archive, one as usize, page, query);
        reply.suggestions = hits
            .iter()
            .filter(|h| h.doc != one)
            .take(4)
            .map(|h| archive.people[h.doc as usize].name.clone())
            .collect();
        return reply;
    }
    if named.is_empty() {
        let mut reply = Reply::no_match(
            "No speaker found",
            format!("No speaker named '{}'.", quote(query)),
        );
        reply.suggestions = hits
            .iter()
            .take(3)
            .map(|h| archive.people[h.doc as usize].name.clone())
            .collect();
        if reply.suggestions.is_empty() {
            let pool = archive.people_index.newest(SUGGESTION_POOL);
            reply.suggestions = closest(
                query,
                pool.iter()
                    .map(|&d| archive.people[d as usize].name.as_str()),
                3,
            );
        }
        return reply;
    }
    // Several people match every word: list them, a page at a time.
    let start = PER_PAGE * (page - 1);
    let mut reply = Reply::new(format!("Speakers matching '{}'", quote(query)));
    let shown: Vec<String> = named
        .iter()
        .skip(start)
        .take(PER_PAGE)
        .map(|&d| {
            let person = &archive.people[d as usize];
            let talks = match person.talks.len() {
                1 => "1 talk".to_owned(),
                n => format!("{n} talks"),
            };
            format!("{} — {talks}", person.name)
        })
        .collect();
    let more = named.len() > start + PER_PAGE;
    reply.description = match (shown.len(), more) {
        (0, _) => format!("No more speakers on page {page}."),
        (n, true) => format!("{n} shown; more on the next page. Which one did you mean?"),
        (n, false) => format!("{n} on this page. Which one did you mean?"),
    };
    reply = reply.field("Speakers", shown.join("\n"));
    if more {
        paging::more(&mut reply, "speaker", Some(query), page);
    }
    reply
}

/// One person's card: their talks (a page of them), affiliations and co-speakers.
fn card(archive: &Archive, person: usize, page: usize, query: &str) -> Reply {
    let person = &archive.people[person];
    let mut talks = person.talks.clone();
    talks.sort_by_key(|r| std::cmp::Reverse(archive.event(*r).date));
    let years: Vec<i32> = talks
        .iter()
        .map(|r| archive.event(*r).date.year())
        .collect();
    let (first, last) = (years.iter().min(), years.iter().max());
    let count = match talks.len() {
        1 => "1 talk".to_owned(),
        n => format!("{n} talks"),
    };
    let span = match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let mut reply = Reply::new(&person.name);
    reply.description = format!("{count}, {span}");
    let window = Window::new(talks.len(), PER_PAGE, page);
    let lines: Vec<String> = talks[window.range.clone()]
        .iter()
        .map(|r| format!("{} — {}", archive.event(*r).date, archive.talk(*r).title))
        .collect();
    reply = reply.field(window.heading("Talks", "talk"), lines.join("\n"));
    // Affiliations in the order they first appear, oldest first.
    let mut affiliations: Vec<String> = Vec::new();
    let mut co_speakers: Vec<String> = Vec::new();
    for r in talks.iter().rev() {
        for speaker in &archive.talk(*r).speakers {
            if normalise(&speaker.name) == normalise(&person.name) {
                if let Some(a) = &speaker.affiliation {
                    let line = format!("{a} ({})", archive.event(*r).date.year());
                    if !affiliations.iter().any(|x| x.starts_with(a.as_str())) {
                        affiliations.push(line);
                    }
                }
            } else if !co_speakers.contains(&speaker.name) {
                co_speakers.push(speaker.name.clone());
            }
        }
    }
    reply = reply.field("Affiliations", affiliations.join("\n"));
    reply = reply.field("Spoke with", co_speakers.join(", "));
    if window.more() {
        paging::more(&mut reply, "speaker", Some(query), page);
    }
    reply
}
