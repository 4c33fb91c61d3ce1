//! The corpus made searchable: talks, people and organisations, each with a typo-tolerant index.
//! Built once per corpus load (O(total words)) and shared read-only by every transport.
//!
//! `Archive::new(corpus).talks.search("kapitan", 5)` → the Kapitan talk's id.

use std::collections::HashMap;

use chrono::Datelike;

use crate::corpus::{Corpus, Counts, Event, Kind, Talk};
use crate::search::{Doc, Index, normalise};

/// A talk and the event it belongs to, by position in `corpus.events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TalkRef {
    pub event: usize,
    pub talk: usize,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    /// Their talks, in date order.
    pub talks: Vec<TalkRef>,
}

#[derive(Clone, Debug)]
pub struct Org {
    pub name: String,
    /// Talks given by people speaking for it.
    pub talks: Vec<TalkRef>,
    /// Events (by position) it sponsored.
    pub sponsored: Vec<usize>,
}

pub struct Archive {
    pub corpus: Corpus,
    pub talks: Vec<TalkRef>,
    pub people: Vec<Person>,
    pub orgs: Vec<Org>,
    pub talk_index: Index,
    pub people_index: Index,
    pub org_index: Index,
    /// What `/stats` reports, counted once per load rather than per question: O(corpus).
    pub counts: Counts,
}

/// Days since the common era, as a recency key; a month-only date counts as its first day.
fn recency(event: &Event) -> i64 {
    let date = event.date;
    let day = date.day().map_or(1, |d| d.day());
    i64::from(date.year()) * 372 + i64::from(date.month()) * 31 + i64::from(day)
}

/// Gives back the spare capacity of the corpus's strings and lists: text built up while
/// reading posts keeps up to twice the room it needs, which at a million talks is hundreds of
/// MiB held for nothing. O(size of the corpus), once per load.
fn compact(corpus: &mut Corpus) {
    fn text(s: &mut String) {
        s.shrink_to_fit();
    }
    fn maybe(s: &mut Option<String>) {
        if let Some(s) = s {
            s.shrink_to_fit();
        }
    }
    fn texts(list: &mut Vec<String>) {
        list.iter_mut().for_each(text);
        list.shrink_to_fit();
    }
    corpus.events.shrink_to_fit();
    for event in &mut corpus.events {
        text(&mut event.title);
        texts(&mut event.sources);
        maybe(&mut event.location);
        maybe(&mut event.venue);
        texts(&mut event.hosts);
        for sponsor in &mut event.sponsors {
            text(&mut sponsor.name);
            maybe(&mut sponsor.url);
        }
        event.sponsors.shrink_to_fit();
        maybe(&mut event.video_url);
        maybe(&mut event.rsvp_url);
        texts(&mut event.announced_companies);
        for talk in &mut event.talks {
            text(&mut talk.title);
            for speaker in &mut talk.speakers {
                text(&mut speaker.name);
                maybe(&mut speaker.affiliation);
            }
            talk.speakers.shrink_to_fit();
            maybe(&mut talk.video_url);
            maybe(&mut talk.slides_url);
            texts(&mut talk.takeaways);
        }
        event.talks.shrink_to_fit();
    }
    // What each post gave, for `check --verbose`: no command reads it.
    corpus.posts = Vec::new();
    corpus.warnings.shrink_to_fit();
}

impl Archive {
    pub fn new(mut corpus: Corpus) -> Archive {
        compact(&mut corpus);
        // A fresh copy: the strings the reader kept sit scattered among the pages of its
        // temporaries; copied, they fill pages of their own, and the old ones go back whole.
        let corpus = corpus.clone();
        let mut talks = Vec::new();
        let mut people: Vec<Person> = Vec::new();
        let mut person_ids: HashMap<String, usize> = HashMap::new();
        let mut orgs: Vec<Org> = Vec::new();
        let mut org_ids: HashMap<String, usize> = HashMap::new();
        // People and organisations are grouped under their canonical names (entity
        // resolution: "Redhat" and "Red Hat" are one organisation); every spelling seen is
        // indexed so that a search by any of them finds the entity.
        let entities = corpus.entities.clone();
        let mut org_spellings: Vec<Vec<String>> = Vec::new();
        let mut person_spellings: Vec<Vec<String>> = Vec::new();
        let spelled = |list: &mut Vec<String>, name: &str| {
            if !list.iter().any(|s| s == name) {
                list.push(name.to_owned());
            }
        };
        let mut org_id =
            |name: &str, orgs: &mut Vec<Org>, spellings: &mut Vec<Vec<String>>| -> usize {
                let canonical = entities.organisation(name);
                let key = normalise(canonical)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let id = *org_ids.entry(key).or_insert_with(|| {
                    orgs.push(Org {
                        name: canonical.to_owned(),
                        talks: Vec::new(),
                        sponsored: Vec::new(),
                    });
                    spellings.push(Vec::new());
                    orgs.len() - 1
                });
                spelled(&mut spellings[id], name);
                id
            };
        for (e, event) in corpus.events.iter().enumerate() {
            for sponsor in &event.sponsors {
                let id = org_id(&sponsor.name, &mut orgs, &mut org_spellings);
                if orgs[id].sponsored.last() != Some(&e) {
                    orgs[id].sponsored.push(e);
                }
            }
            if !matches!(event.kind, Kind::Meetup | Kind::Conference) {
                continue;
            }
            for (t, talk) in event.talks.iter().enumerate() {
                let r = TalkRef { event: e, talk: t };
                talks.push(r);
                for speaker in &talk.speakers {
                    let canonical = entities.person(&speaker.name);
                    let key = normalise(canonical)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let id = *person_ids.entry(key).or_insert_with(|| {
                        people.push(Person {
                            name: canonical.to_owned(),
                            talks: Vec::new(),
                        });
                        person_spellings.push(Vec::new());
                        people.len() - 1
                    });
                    spelled(&mut person_spellings[id], &speaker.name);
                    people[id].talks.push(r);
                    if let Some(affiliation) = &speaker.affiliation {
                        let id = org_id(affiliation, &mut orgs, &mut org_spellings);
                        if orgs[id].talks.last() != Some(&r) {
                            orgs[id].talks.push(r);
                        }
                    }
                }
            }
        }
        let talk_index = Index::build(talks.iter().map(|r| {
            let event = &corpus.events[r.event];
            let talk = &event.talks[r.talk];
            let mut fields: Vec<(&str, u8)> = vec![(talk.title.as_str(), 4)];
            for speaker in &talk.speakers {
                fields.push((speaker.name.as_str(), 3));
                if let Some(a) = &speaker.affiliation {
                    fields.push((a.as_str(), 2));
                }
            }
            for takeaway in &talk.takeaways {
                fields.push((takeaway.as_str(), 1));
            }
            Doc {
                fields,
                recency: recency(event),
            }
        }));
        let latest = |refs: &[TalkRef]| {
            refs.iter()
                .map(|r| recency(&corpus.events[r.event]))
                .max()
                .unwrap_or(0)
        };
        fn with_spellings<'a>(name: &'a str, spellings: &'a [String]) -> Vec<(&'a str, u8)> {
            let mut fields: Vec<(&str, u8)> = vec![(name, 3)];
            fields.extend(
                spellings
                    .iter()
                    .filter(|s| s.as_str() != name)
                    .map(|s| (s.as_str(), 2)),
            );
            fields
        }
        let people_index = Index::build(people.iter().zip(&person_spellings).map(|(p, s)| Doc {
            fields: with_spellings(&p.name, s),
            recency: latest(&p.talks),
        }));
        let org_index = Index::build(orgs.iter().zip(&org_spellings).map(|(o, s)| {
            Doc {
                fields: with_spellings(&o.name, s),
                recency: latest(&o.talks).max(
                    o.sponsored
                        .iter()
                        .map(|e| recency(&corpus.events[*e]))
                        .max()
                        .unwrap_or(0),
                ),
            }
        }));
        let counts = corpus.counts();
        Archive {
            corpus,
            counts,
            talks,
            people,
            orgs,
            talk_index,
            people_index,
            org_index,
        }
    }

    pub fn event(&self, r: TalkRef) -> &Event {
        &self.corpus.events[r.event]
    }

    pub fn talk(&self, r: TalkRef) -> &Talk {
        &self.corpus.events[r.event].talks[r.talk]
    }
}
