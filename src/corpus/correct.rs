//! `emcee correct FILE`: a correction file for one post, filled with what emcee read from it,
//! for the organiser to fix. Saved under `events/`, it replaces what is read from that post and
//! is a labelled example of the blog, from which the other posts are read again.
//!
//! `draft(&corpus, "_posts/2024-03-06-march.md")` → `events/posts-2024-03-06-march.toml` with
//! `sources = ["_posts/2024-03-06-march.md"]`, the date, kind, title, venue, sponsors and talks.

use std::fmt::Write as _;

use super::Corpus;
use super::model::{Event, derived_id};

/// A correction file to write: where, and its text.
#[derive(Debug, PartialEq)]
pub struct Draft {
    /// Relative to the data dir: `events/<id>.toml`.
    pub path: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CorrectError {
    #[error(
        "no post '{0}' in the data dir (give its path as `emcee check --json` lists it in sources, e.g. _posts/2024-03-06-march.md)"
    )]
    NoSuchPost(String),
    #[error(
        "emcee read no event from '{0}' (`emcee check --explain {0}` shows why); write events/NAME.toml by hand with sources = [\"{0}\"], a date and its talks"
    )]
    NothingRead(String),
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn opt(out: &mut String, key: &str, value: Option<&str>) {
    match value {
        Some(v) => {
            let _ = writeln!(out, "{key} = {}", quoted(v));
        }
        None => {
            let _ = writeln!(out, "# {key} = \"\"");
        }
    }
}

/// The post's own event: the earliest event that lists it (a roundup's next meetup lists it too).
fn own_event<'c>(corpus: &'c Corpus, source: &str) -> Option<&'c Event> {
    corpus
        .events
        .iter()
        .filter(|e| e.sources.iter().any(|s| s == source))
        .min_by_key(|e| e.date)
}

/// The correction file for `source`, from what emcee read of it.
pub fn draft(corpus: &Corpus, source: &str, known: bool) -> Result<Draft, CorrectError> {
    let Some(event) = own_event(corpus, source) else {
        return Err(if known {
            CorrectError::NothingRead(source.to_owned())
        } else {
            CorrectError::NoSuchPost(source.to_owned())
        });
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What emcee read from {source}. Fix what is wrong, add what is missing, then run\n\
         # `emcee check`: this file replaces what is read from that post, and emcee learns from it\n\
         # how this blog writes its other posts."
    );
    let _ = writeln!(out, "sources = [{}]", quoted(source));
    let _ = writeln!(out, "date = {}", quoted(&event.date.to_string()));
    let kind = event.kind.as_str();
    let _ = writeln!(
        out,
        "kind = {}   # meetup (a roundup), announcement (before it), conference or article",
        quoted(kind)
    );
    let _ = writeln!(out, "title = {}", quoted(&event.title));
    opt(&mut out, "venue", event.venue.as_deref());
    opt(&mut out, "rsvp_url", event.rsvp_url.as_deref());
    let hosts: Vec<String> = event.hosts.iter().map(|h| quoted(h)).collect();
    let _ = writeln!(out, "hosts = [{}]", hosts.join(", "));
    let sponsors: Vec<String> = event
        .sponsors
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{{ name = {}, url = {} }}", quoted(&s.name), quoted(url)),
            None => format!("{{ name = {} }}", quoted(&s.name)),
        })
        .collect();
    let _ = writeln!(out, "sponsors = [{}]", sponsors.join(", "));
    if event.talks.is_empty() {
        let _ = writeln!(
            out,
            "\n# No talks were read. Add one block per talk:\n# [[talks]]\n# title = \"\"\n# speakers = [{{ name = \"\", affiliation = \"\" }}]"
        );
    }
    for talk in &event.talks {
        let _ = writeln!(out, "\n[[talks]]\ntitle = {}", quoted(&talk.title));
        let speakers: Vec<String> = talk
            .speakers
            .iter()
            .map(|s| match &s.affiliation {
                Some(a) => format!(
                    "{{ name = {}, affiliation = {} }}",
                    quoted(&s.name),
                    quoted(a)
                ),
                None => format!("{{ name = {} }}", quoted(&s.name)),
            })
            .collect();
        let _ = writeln!(out, "speakers = [{}]", speakers.join(", "));
        if let Some(url) = &talk.video_url {
            let _ = writeln!(out, "video_url = {}", quoted(url));
        }
        if let Some(start) = talk.video_start {
            let _ = writeln!(out, "video_start = {start}");
        }
        if let Some(url) = &talk.slides_url {
            let _ = writeln!(out, "slides_url = {}", quoted(url));
        }
    }
    Ok(Draft {
        path: format!("events/{}.toml", derived_id(source, false)),
        text: out,
    })
}
