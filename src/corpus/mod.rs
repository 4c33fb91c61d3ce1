//! The corpus: everything emcee knows, read from a data dir of blog posts (Markdown or text with
//! YAML `---` or TOML `+++` front matter) and emcee's own structured files (`community.toml`,
//! `events/*.toml`).
//!
//! `load(Path::new("data"))` → a [`Corpus`] of events sorted by date, one per meetup day, plus
//! every warning met on the way. Loading never fails because of one bad file: that file becomes a
//! warning and the rest loads.

mod community;
mod dates;
mod extract;
mod frontmatter;
mod load;
mod markdown;
mod merge;
pub mod model;

use serde::Serialize;

pub use community::Community;
pub use dates::{month_label, month_number, weekday_name};
pub use load::{LastGood, LoadError, LoadOptions, load, load_with, reload};
pub use model::{Event, EventDate, Kind, Speaker, Sponsor, Talk, Warning};

/// Everything read from a data dir.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub community: Community,
    /// Sorted by date; one event per meetup day.
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// How many files were read as posts or structured files.
    pub files_read: usize,
}

/// The corpus dump printed by `emcee check --json`: the contract other tools read.
#[derive(Serialize)]
pub struct Dump<'a> {
    pub events: &'a [Event],
    pub warnings: &'a [Warning],
}

/// Counts printed by `emcee check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub events: usize,
    pub talks: usize,
    pub people: usize,
    pub organisations: usize,
}

impl Corpus {
    pub fn dump(&self) -> Dump<'_> {
        Dump {
            events: &self.events,
            warnings: &self.warnings,
        }
    }

    /// Distinct people (speakers and hosts) and organisations (affiliations, sponsors and
    /// announced companies), compared case-insensitively.
    pub fn counts(&self) -> Counts {
        use std::collections::HashSet;
        let mut people = HashSet::new();
        let mut orgs = HashSet::new();
        let mut talks = 0;
        for event in &self.events {
            talks += event.talks.len();
            for talk in &event.talks {
                for speaker in &talk.speakers {
                    people.insert(speaker.name.to_lowercase());
                    if let Some(org) = &speaker.affiliation {
                        orgs.insert(org.to_lowercase());
                    }
                }
            }
            people.extend(event.hosts.iter().map(|h| h.to_lowercase()));
            orgs.extend(event.sponsors.iter().map(|s| s.name.to_lowercase()));
            orgs.extend(event.announced_companies.iter().map(|c| c.to_lowercase()));
        }
        Counts {
            events: self.events.len(),
            talks,
            people: people.len(),
            organisations: orgs.len(),
        }
    }
}

/// Reads one post's text into its events (the post's own, and the next meetup it announces)
/// and warnings. `source` names the file in warnings and in `sources`; its name may carry a
/// Jekyll date (`2019-03-06-title.md`).
pub fn read_post(source: &str, text: &str) -> (Vec<Event>, Vec<Warning>) {
    extract::read_post(source, text)
}
