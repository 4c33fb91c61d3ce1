//! `/talk <query>`: the best-matching talk as a card, then up to four more, one line each.
//!
//! `/talk kapitan` → "Deployments with Kapitan", Alessandro De Maria (DeepMind Health), Nov 2018.
//! A talk is shown as the answer only when it matches at least half of the query's words that
//! carry meaning (three letters or more, not a stopword); `/talk xyzzy plugh` → "No talk
//! matches", with the closest titles as suggestions. A query of only stopwords ("on") answers
//! with the newest talks holding them.

use super::{Call, clock, no_match, quote, speakers_line};
use crate::reply::Reply;
use crate::search::{Hit, significant, words};

/// Titles and names offered as "did you mean" when the search finds nothing: the newest this
/// many, so a miss costs the same at any archive size.
const SUGGESTION_POOL: usize = 2_000;

/// A loose match (one typo beyond the allowance) counts toward the floor from this many
/// letters, where two typos still leave most of the word right ("kaptain" → Kapitan); below
/// it, two typos make a different word ("plugh" is not "plugin").
const LOOSE_COUNTS_FROM: usize = 7;

/// Whether a hit matches at least half of the query's meaningful words (three letters or more,
/// not a stopword); true for a query with none.
fn good_enough(hit: &Hit, query: &str) -> bool {
    let words = words(query);
    let (mut meaningful, mut matched) = (0, 0);
    for (i, is) in significant(query).into_iter().enumerate() {
        if !is {
            continue;
        }
        meaningful += 1;
        let loose_counts = words[i].chars().count() >= LOOSE_COUNTS_FROM;
        if hit.words & 1 << i != 0 && (hit.loose & 1 << i == 0 || loose_counts) {
            matched += 1;
        }
    }
    meaningful == 0 || matched * 2 >= meaningful
}

pub fn run(call: &Call<'_>) -> Reply {
    let archive = call.archive;
    let query = call.option("query").unwrap_or_default();
    let hits = archive.talk_index.search(query, 5);
    if let Some(best) = hits.first()
        && !good_enough(best, query)
    {
        let mut reply = Reply::no_match(
            "No talk found",
            format!("No talk matches '{}'; these come closest.", quote(query)),
        );
        for h in hits.iter().take(3) {
            let title = &archive.talk(archive.talks[h.doc as usize]).title;
            if !reply.suggestions.contains(title) {
                reply.suggestions.push(title.clone());
            }
        }
        return reply;
    }
    let Some(best) = hits.first() else {
        let titles = archive
            .talk_index
            .newest(SUGGESTION_POOL)
            .into_iter()
            .map(|d| archive.talk(archive.talks[d as usize]).title.as_str());
        let names = archive
            .people_index
            .newest(SUGGESTION_POOL)
            .into_iter()
            .map(|d| archive.people[d as usize].name.as_str());
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
