//! The corpus: everything emcee knows, read from a data dir of blog posts (Markdown or text with
//! YAML `---` or TOML `+++` front matter) and emcee's own structured files (`community.toml`,
//! `events/*.toml`).
//!
//! `load(Path::new("data"))` → a [`Corpus`] of events sorted by date, one per meetup day, plus
//! every warning met on the way. Loading never fails because of one bad file: that file becomes a
//! warning and the rest loads.

pub mod adapt;
mod budget;
pub mod community;
pub mod correct;
mod dates;
mod document;
pub mod doubt;
pub mod entities;
mod extract;
mod fold;
mod frontmatter;
mod html;
pub mod infer;
pub mod learn;
mod load;
mod markdown;
mod merge;
pub mod model;
pub mod training;

use serde::Serialize;

pub use community::{Community, CommunityError};
pub use dates::{month_label, month_number, weekday_name};
pub use extract::{Fact, explain, explain_in};
pub use load::{
    COMMUNITY_FILE, LastGood, LoadError, LoadOptions, NO_COMMUNITY_FILE, load, load_files,
    load_with, reload,
};
pub use merge::Placed;
pub use model::{Event, EventDate, Kind, Speaker, Sponsor, Talk, Warning, derived_id, valid_id};

/// Everything read from a data dir.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub community: Community,
    /// Sorted by date; one event per meetup day.
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// How many files were read as posts or structured files.
    pub files_read: usize,
    /// Canonical names of people and organisations.
    pub entities: entities::Entities,
    /// What was read from each post, in file order, for `emcee check --verbose`.
    pub posts: Vec<PostSummary>,
    /// What the model read or left out without being sure, for `emcee check --verbose`.
    pub doubts: Vec<doubt::Doubt>,
}

impl Corpus {
    /// The warning that the data dir has no `community.toml`, when it has none.
    pub fn missing_community_file(&self) -> Option<&Warning> {
        self.warnings
            .iter()
            .find(|w| w.source == COMMUNITY_FILE && w.message == NO_COMMUNITY_FILE)
    }
}

/// One post as read, and where its readings ended up once posts of the same meetup are merged:
/// the one decision `check`'s warning, `--verbose`, `--explain` and `--json` all show.
#[derive(Clone, Debug, PartialEq)]
pub struct PostSummary {
    pub source: String,
    pub kind: Kind,
    /// The day of the event the post's own reading is part of, on the timeline.
    pub date: EventDate,
    /// Where the date came from: "the file name", "the text (line 12)", …
    pub date_from: String,
    pub talks: usize,
    /// Where the next meetup the post announces ended up on the timeline.
    pub next: Option<merge::Placed>,
    /// The line the next meetup was read from.
    pub next_line: Option<usize>,
}

impl std::fmt::Display for PostSummary {
    /// `posts/x.md: meetup 2019-04-03 (from the file name), 3 talks, next meetup 2019-05-01`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} {} (from {}), {} talk{}",
            self.source,
            self.kind.as_str(),
            self.date,
            self.date_from,
            self.talks,
            if self.talks == 1 { "" } else { "s" }
        )?;
        if let Some(next) = &self.next {
            write!(f, ", next meetup {next}")?;
        }
        Ok(())
    }
}

/// The corpus dump printed by `emcee check --json`: the contract other tools read. Each
/// speaker, affiliation and sponsor keeps its name as written and adds its canonical name
/// (`canonical`, `affiliation_canonical`).
#[derive(Serialize)]
pub struct Dump<'a> {
    pub events: Vec<serde_json::Value>,
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
        let entities = &self.entities;
        let events = self
            .events
            .iter()
            .map(|event| {
                let mut value = serde_json::to_value(event).unwrap_or_default();
                if let Some(talks) = value.get_mut("talks").and_then(|t| t.as_array_mut()) {
                    for speaker in talks
                        .iter_mut()
                        .filter_map(|t| t.get_mut("speakers").and_then(|s| s.as_array_mut()))
                        .flatten()
                    {
                        let name = speaker["name"].as_str().unwrap_or_default().to_owned();
                        speaker["canonical"] = entities.person(&name).into();
                        speaker["affiliation_canonical"] = match speaker["affiliation"].as_str() {
                            Some(org) => entities.organisation(org).to_owned().into(),
                            None => serde_json::Value::Null,
                        };
                    }
                }
                if let Some(sponsors) = value.get_mut("sponsors").and_then(|s| s.as_array_mut()) {
                    for sponsor in sponsors {
                        let name = sponsor["name"].as_str().unwrap_or_default().to_owned();
                        sponsor["canonical"] = entities.organisation(&name).into();
                    }
                }
                value
            })
            .collect();
        Dump {
            events,
            warnings: &self.warnings,
        }
    }

    /// Distinct people (speakers and hosts) and organisations (affiliations, sponsors and
    /// announced companies), each counted once under its canonical name.
    pub fn counts(&self) -> Counts {
        use std::collections::HashSet;
        let mut people = HashSet::new();
        let mut orgs = HashSet::new();
        let mut talks = 0;
        for event in &self.events {
            talks += event.talks.len();
            for talk in &event.talks {
                for speaker in &talk.speakers {
                    people.insert(self.entities.person(&speaker.name));
                    if let Some(org) = &speaker.affiliation {
                        orgs.insert(self.entities.organisation(org));
                    }
                }
            }
            people.extend(event.hosts.iter().map(|h| self.entities.person(h)));
            orgs.extend(
                event
                    .sponsors
                    .iter()
                    .map(|s| self.entities.organisation(&s.name)),
            );
            orgs.extend(
                event
                    .announced_companies
                    .iter()
                    .map(|c| self.entities.organisation(c)),
            );
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
