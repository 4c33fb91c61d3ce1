//! `/talk <query>`: the best-matching talk as a card, then up to four more, one line each.
//!
//! `/talk kapitan` → "Deployments with Kapitan", Alessandro De Maria (DeepMind Health), Nov 2018.

use super::{Call, clock, no_match, quote, speakers_line};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let query = call.option("query").unwrap_or_default();
    let hits = archive.talk_index.search(query, 5);
    let Some(best) = hits.first() else {
        let titles = archive
            .talks
            .iter()
            .map(|r| archive.talk(*r).title.as_str());
        let names = archive.people.iter().map(|p| p.name.as_str());
        let mut reply = no_match(
            "No talk found",
            format!("No talk matches '{}'.", quote(query)),
            query,
            titles.chain(names),
        );
        if reply.suggestions.is_empty() {
            reply
                .description
                .push_str(" Try a word from a title, a speaker or a company.");
        }
        return reply;
    };
    let r = archive.talks[best.doc as usize];
    let talk = archive.talk(r);
    let event = archive.event(r);
    let mut reply = Reply::new(&talk.title);
    reply.link = talk.video_url.clone().or_else(|| talk.slides_url.clone());
    reply.description = format!("{} — {}", event.title, event.date);
    reply = reply.field("Speakers", speakers_line(archive, r));
    if let Some(video) = &talk.video_url {
        let at = talk
            .video_start
            .map(|s| format!(" (starts at {})", clock(s)))
            .unwrap_or_default();
        reply = reply.field("Recording", format!("{video}{at}"));
    }
    if let Some(slides) = &talk.slides_url {
        reply = reply.field("Slides", slides.clone());
    }
    let takeaways: Vec<String> = talk
        .takeaways
        .iter()
        .take(3)
        .map(|t| format!("• {t}"))
        .collect();
    reply = reply.field("Takeaways", takeaways.join("\n"));
    let more: Vec<String> = hits[1..]
        .iter()
        .map(|h| {
            let r = archive.talks[h.doc as usize];
            format!(
                "{} — {}, {}",
                archive.talk(r).title,
                speakers_line(archive, r),
                archive.event(r).date
            )
        })
        .collect();
    reply = reply.field("More matches", more.join("\n"));
    reply
}
