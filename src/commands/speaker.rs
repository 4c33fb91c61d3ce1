//! `/speaker <name>`: a person's talks newest first, affiliations over time, co-speakers.
//!
//! `/speaker wilkie` → Tom Wilkie: "1 talk, 2018", Grafana Labs.

use super::{Call, no_match, quote};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let query = call.option("name").unwrap_or_default();
    let hits = archive.people_index.search(query, 5);
    let Some(best) = hits.first() else {
        return no_match(
            "No speaker found",
            format!("Nobody named '{}' has spoken yet.", quote(query)),
            query,
            archive.people.iter().map(|p| p.name.as_str()),
        );
    };
    let person = &archive.people[best.doc as usize];
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
    let lines: Vec<String> = talks
        .iter()
        .map(|r| format!("{} — {}", archive.event(*r).date, archive.talk(*r).title))
        .collect();
    reply = reply.field("Talks", lines.join("\n"));
    // Affiliations in the order they first appear, oldest first.
    let mut affiliations: Vec<String> = Vec::new();
    let mut co_speakers: Vec<String> = Vec::new();
    for r in talks.iter().rev() {
        for speaker in &archive.talk(*r).speakers {
            if crate::search::normalise(&speaker.name) == crate::search::normalise(&person.name) {
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
    reply.suggestions = hits[1..]
        .iter()
        .map(|h| archive.people[h.doc as usize].name.clone())
        .collect();
    reply
}
