//! Learned extraction: a model trained on labelled blogs reads the speakers and titles that the
//! named rules miss, in blogs nobody wrote rules for.
//!
//! A post's blocks → candidate spans ([`candidates`]) → named features ([`features`]) → a
//! probability from logistic regression ([`logistic`]) → talks with a confidence. The rules run
//! first; their speakers are a feature, and the model adds the talks of speakers they did not
//! name.
//!
//! `"#### Ada Quill - Typed pipelines"` in an event post → `Talk { title: "Typed pipelines",
//! speakers: [Ada Quill] }` with the model's confidence, when the rules read nothing there.
//!
//! The shipped weights are `weights.json` beside this file, made by `cargo run --release
//! --example train` from `../shared/corpus/labels` (see [`super::training`]) (see README, "How emcee reads a blog").

pub mod candidates;
pub mod features;
pub mod logistic;

use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::fold::fold;
use super::markdown::{Line, Plain};
use super::model::{Speaker, Talk};
use candidates::{NameCandidate, Span};
use logistic::Weights;

/// The two classifiers and the probability above which a speaker is read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Model {
    pub speaker: Weights,
    pub title: Weights,
    #[serde(default)]
    pub affiliation: Weights,
    pub threshold: f64,
    /// The model this one was refined from (on a blog's corrections): a speaker either reads is
    /// read, so two corrected posts add what they teach without losing what was read before.
    #[serde(skip)]
    pub base: Option<Arc<Model>>,
}

impl Model {
    /// How likely these features name a speaker: the higher of this model's and its base's.
    pub fn speaker_probability(&self, features: &[String]) -> f64 {
        let own = self.speaker.probability(features);
        self.base
            .as_ref()
            .map_or(own, |b| own.max(b.speaker_probability(features)))
    }
}

const SHIPPED: &str = include_str!("weights.json");

static SHIPPED_MODEL: LazyLock<Arc<Model>> = LazyLock::new(|| {
    Arc::new(Model::from_json(SHIPPED).unwrap_or_else(|_| Model {
        threshold: 1.1,
        ..Model::default()
    }))
});

impl Model {
    pub fn from_json(text: &str) -> Result<Model, serde_json::Error> {
        let model: Model = serde_json::from_str(text)?;
        Ok(Model {
            speaker: model.speaker.ready(),
            title: model.title.ready(),
            affiliation: model.affiliation.ready(),
            threshold: model.threshold,
            base: None,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The model shipped in the binary (`weights.json`), parsed once.
    pub fn shipped() -> Arc<Model> {
        SHIPPED_MODEL.clone()
    }
}

/// What the model reads of a post.
pub struct Post<'a> {
    pub title: Option<&'a Plain>,
    /// The front matter as written (its text only feeds a feature).
    pub front: &'a str,
    pub blocks: &'a [Line<'a>],
    /// The speakers the rules read.
    pub rule_speakers: Vec<String>,
    /// Other names the rules read: hosts, sponsors, affiliations, talk titles.
    pub rule_others: Vec<String>,
}

/// A talk the model read, with how sure it is of the speaker (0 to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Learned {
    pub talk: Talk,
    pub confidence: f64,
    pub line: usize,
}

/// Every speaker candidate of a post with its features, and the spans they come from.
pub struct Read<'a> {
    pub spans: Vec<Span<'a>>,
    pub facts: features::PostFacts,
    pub candidates: Vec<(NameCandidate, Vec<String>)>,
    /// Each candidate's text folded, once.
    pub folded: Vec<String>,
}

pub fn read<'a>(post: &'a Post<'a>) -> Read<'a> {
    let spans = candidates::spans(post.title, post.blocks);
    let names = candidates::name_candidates(&spans);
    let mut facts =
        features::PostFacts::new(&spans, post.front, &post.rule_speakers, &post.rule_others);
    facts.count(&names);
    let folded = names.iter().map(|c| fold(&c.text)).collect();
    let candidates = names
        .into_iter()
        .map(|c| {
            let f = features::name_features(&spans, &c, &facts);
            (c, f)
        })
        .collect();
    Read {
        spans,
        facts,
        candidates,
        folded,
    }
}

/// How far below the threshold a speaker is still reported, as left out.
pub const NEAR: f64 = 0.2;

/// The talks of speakers the rules did not name, read by the model: those below the model's
/// threshold (by at most [`NEAR`]) too, each with its confidence, for the caller to leave out.
pub fn talks(post: &Post<'_>, model: &Model) -> Vec<Learned> {
    talks_of(&read(post), post, model)
}

/// What the model reads of a post, its candidates read once: the talks of speakers the rules
/// did not name (see [`talks`]), after filling what the rules' talks lack (see [`fill_in`]).
pub fn read_talks(post: &Post<'_>, model: &Model, rule_talks: &mut [Talk]) -> Vec<Learned> {
    let read = read(post);
    fill_in(&read, post, model, rule_talks);
    talks_of(&read, post, model)
}

fn talks_of(read: &Read<'_>, post: &Post<'_>, model: &Model) -> Vec<Learned> {
    let ruled: Vec<String> = post.rule_speakers.iter().map(|s| fold(s)).collect();
    // The most probable candidate of each folded name.
    let mut best: Vec<(usize, f64)> = Vec::new();
    for (k, (_, f)) in read.candidates.iter().enumerate() {
        super::budget::check();
        let p = model.speaker_probability(f);
        if p < model.threshold - NEAR {
            continue;
        }
        let folded = &read.folded[k];
        if ruled
            .iter()
            .any(|r| r == folded || r.contains(folded.as_str()))
        {
            continue;
        }
        match best.iter_mut().find(|(j, _)| &read.folded[*j] == folded) {
            Some(slot) if slot.1 < p => *slot = (k, p),
            Some(_) => {}
            None => best.push((k, p)),
        }
    }
    let speakers_in_post = best.len() + ruled.len();
    let mut out: Vec<Learned> = Vec::new();
    for (k, p) in best {
        let name = &read.candidates[k].0;
        let title = candidates::title_candidates(&read.spans, name)
            .into_iter()
            .map(|t| {
                let f = features::title_features(&read.spans, name, &t, speakers_in_post);
                (model.title.probability(&f), t.text)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, t)| t)
            .unwrap_or_default();
        let speaker = Speaker {
            name: name.text.clone(),
            affiliation: candidates::org_candidates(&read.spans, name)
                .into_iter()
                .map(|o| {
                    let f = features::org_features(&o, &read.facts);
                    (model.affiliation.probability(&f), o.text)
                })
                .filter(|(p, _)| *p >= model.threshold)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, o)| o),
        };
        // Two speakers of one title give one talk (when both are read, or both left out).
        let kept = p >= model.threshold;
        if let Some(same) = out.iter_mut().find(|l| {
            !title.is_empty() && l.talk.title == title && (l.confidence >= model.threshold) == kept
        }) {
            same.talk.speakers.push(speaker);
            same.confidence = same.confidence.min(p);
            continue;
        }
        out.push(Learned {
            talk: Talk {
                title,
                speakers: vec![speaker],
                ..Talk::default()
            },
            confidence: p,
            line: read.spans[name.span].line,
        });
    }
    out
}

/// Whether a folded candidate names this person: the whole name, or its first word alone
/// ("Ada is a compiler engineer at …" after "Ada Quill" was named).
pub fn mentions(name: &str, folded: &str) -> bool {
    mentions_folded(&fold(name), folded)
}

fn mentions_folded(full: &str, folded: &str) -> bool {
    full == folded
        || (folded.chars().count() >= 3
            && full.split(' ').next() == Some(folded)
            && full.contains(' '))
}

/// Fills what the rules left out of their talks: a speaker's organisation and a talk's title,
/// read by the model around the places the post names the speaker (a talk with no title in a
/// post of one talk takes the post's title).
fn fill_in(read: &Read<'_>, post: &Post<'_>, model: &Model, talks: &mut [Talk]) {
    let wanted = talks
        .iter()
        .any(|t| t.title.is_empty() || t.speakers.iter().any(|s| s.affiliation.is_none()));
    if !wanted {
        return;
    }
    let speakers_in_post: usize = talks.iter().map(|t| t.speakers.len()).sum();
    let one_talk = talks.len() == 1;
    for talk in talks.iter_mut() {
        let mut title: Option<(f64, String)> = None;
        for (i, speaker) in talk.speakers.iter_mut().enumerate() {
            let full = fold(&speaker.name);
            let named: Vec<&NameCandidate> = read
                .candidates
                .iter()
                .zip(&read.folded)
                .filter(|(_, folded)| mentions_folded(&full, folded))
                .map(|((c, _), _)| c)
                .collect();
            if speaker.affiliation.is_none() {
                speaker.affiliation = named
                    .iter()
                    .flat_map(|c| candidates::org_candidates(&read.spans, c))
                    .map(|o| {
                        let f = features::org_features(&o, &read.facts);
                        (model.affiliation.probability(&f), o.text)
                    })
                    .filter(|(p, _)| *p >= model.threshold)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, o)| o);
            }
            if i == 0 && talk.title.is_empty() {
                title = named
                    .iter()
                    .flat_map(|c| {
                        candidates::title_candidates(&read.spans, c)
                            .into_iter()
                            .map(move |t| (*c, t))
                    })
                    .map(|(c, t)| {
                        let f = features::title_features(&read.spans, c, &t, speakers_in_post);
                        (model.title.probability(&f), t.text)
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0));
            }
        }
        if talk.title.is_empty() {
            match title {
                Some((_, t)) => talk.title = t,
                None if one_talk => {
                    if let Some(t) = post.title {
                        talk.title = t.text.clone();
                    }
                }
                None => {}
            }
        }
    }
}

/// A labelled talk, for training.
#[derive(Clone, Debug)]
pub struct Gold {
    pub title: String,
    pub speakers: Vec<String>,
    /// One per speaker, "" where none is given.
    pub affiliations: Vec<String>,
}

/// Training examples of one post: each speaker candidate labelled by whether it names a
/// labelled speaker, and each title candidate of a labelled speaker by whether it is the title.
#[derive(Debug, Default)]
pub struct Examples {
    pub speaker: Vec<(Vec<String>, bool)>,
    pub title: Vec<(Vec<String>, bool)>,
    pub affiliation: Vec<(Vec<String>, bool)>,
}

impl Examples {
    pub fn extend(&mut self, more: Examples) {
        self.speaker.extend(more.speaker);
        self.title.extend(more.title);
        self.affiliation.extend(more.affiliation);
    }
}

/// How alike two titles are once folded (1.0 the same), as the scorer judges titles.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let norm = |s: &str| {
        fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    strsim::normalized_levenshtein(&norm(a), &norm(b))
}

pub fn examples(post: &Post<'_>, gold: &[Gold]) -> Examples {
    let read = read(post);
    let names: Vec<String> = gold
        .iter()
        .flat_map(|g| &g.speakers)
        .map(|s| fold(s))
        .collect();
    let speakers_in_post = names.len();
    let mut out = Examples::default();
    for (c, f) in &read.candidates {
        let folded = fold(&c.text);
        out.speaker.push((f.clone(), names.contains(&folded)));
        let Some(talk) = gold
            .iter()
            .find(|g| g.speakers.iter().any(|s| mentions(s, &folded)))
        else {
            continue;
        };
        let i = talk
            .speakers
            .iter()
            .position(|s| mentions(s, &folded))
            .unwrap_or(0);
        let affiliation = fold(talk.affiliations.get(i).map_or("", String::as_str));
        for o in candidates::org_candidates(&read.spans, c) {
            let f = features::org_features(&o, &read.facts);
            out.affiliation
                .push((f, !affiliation.is_empty() && fold(&o.text) == affiliation));
        }
        for t in candidates::title_candidates(&read.spans, c) {
            let f = features::title_features(&read.spans, c, &t, speakers_in_post);
            out.title
                .push((f, title_similarity(&t.text, &talk.title) >= 0.8));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{frontmatter, markdown};

    /// Four invitations written on one template, in words of our own.
    const POSTS: [(&str, &[(&str, &str)]); 4] = [
        (
            "---\ntitle: Spring evening\n---\n\nJoin us for two talks.\n\n### Ada Quill - Typed pipelines\n\nAda works on compilers all day.\n\n### Bo Lindqvist - Caching without tears\n\nBo keeps the lights on.\n",
            &[
                ("Typed pipelines", "Ada Quill"),
                ("Caching without tears", "Bo Lindqvist"),
            ],
        ),
        (
            "---\ntitle: Summer evening\n---\n\nJoin us for two talks.\n\n### Carmen Ruiz - Queues in anger\n\nCarmen builds brokers.\n\n### Dev Patel - Shipping on Fridays\n\nDev likes risk.\n",
            &[
                ("Queues in anger", "Carmen Ruiz"),
                ("Shipping on Fridays", "Dev Patel"),
            ],
        ),
        (
            "---\ntitle: Autumn evening\n---\n\nJoin us for one talk.\n\n### Elif Demir - Small models at the edge\n\nElif trains models.\n",
            &[("Small models at the edge", "Elif Demir")],
        ),
        (
            "---\ntitle: Winter evening\n---\n\nJoin us for two talks.\n\n### Femi Adeyemi - Logs you can read\n\nFemi reads logs.\n\n### Greta Holm - Testing the untestable\n\nGreta breaks things.\n",
            &[
                ("Logs you can read", "Femi Adeyemi"),
                ("Testing the untestable", "Greta Holm"),
            ],
        ),
    ];

    fn with_post<R>(text: &str, f: impl FnOnce(&Post<'_>) -> R) -> R {
        let split = frontmatter::split(text).expect("front matter");
        let blocks = markdown::blocks(split.body, split.body_line);
        let title = split.front.title.as_deref().map(markdown::plain);
        let post = Post {
            title: title.as_ref(),
            front: &text[..text.len() - split.body.len()],
            blocks: &blocks,
            rule_speakers: Vec::new(),
            rule_others: Vec::new(),
        };
        f(&post)
    }

    #[test]
    fn a_model_trained_on_a_template_reads_a_new_post_of_it() {
        let mut all = Examples::default();
        for (text, talks) in &POSTS[..3] {
            let gold: Vec<Gold> = talks
                .iter()
                .map(|(title, speaker)| Gold {
                    title: title.to_string(),
                    speakers: vec![speaker.to_string()],
                    affiliations: vec![String::new()],
                })
                .collect();
            all.extend(with_post(text, |p| examples(p, &gold)));
        }
        let model = Model {
            speaker: Weights::train(&all.speaker, &logistic::Options::default()),
            title: Weights::train(&all.title, &logistic::Options::default()),
            affiliation: Weights::default(),
            threshold: 0.5,
            base: None,
        };
        let read = with_post(POSTS[3].0, |p| talks(p, &model));
        let got: Vec<(String, String)> = read
            .iter()
            .map(|l| (l.talk.title.clone(), l.talk.speakers[0].name.clone()))
            .collect();
        let want: Vec<(String, String)> = POSTS[3]
            .1
            .iter()
            .map(|(t, s)| (t.to_string(), s.to_string()))
            .collect();
        assert_eq!(got, want);
        assert!(
            read.iter()
                .all(|l| l.confidence >= 0.5 && l.confidence <= 1.0)
        );
    }

    #[test]
    fn an_untrained_model_keeps_nothing_and_reports_what_it_left_out() {
        // Weights of zero give every candidate one half: under a threshold of 0.6 nothing is
        // kept, and each candidate within NEAR of it comes back to be reported as left out.
        let model = Model {
            threshold: 0.6,
            ..Model::default()
        };
        let read = with_post(POSTS[0].0, |p| talks(p, &model));
        assert!(!read.is_empty());
        assert!(read.iter().all(|l| l.confidence < model.threshold));
        let far = Model {
            threshold: 0.75,
            ..Model::default()
        };
        assert!(with_post(POSTS[0].0, |p| talks(p, &far)).is_empty());
    }

    #[test]
    fn the_shipped_model_parses_and_is_small() {
        assert!(SHIPPED.len() <= 5 * 1024 * 1024);
        let model = Model::from_json(SHIPPED).expect("weights.json parses");
        assert!(model.threshold > 0.0);
    }

    #[test]
    fn title_similarity_folds_case_accents_and_marks() {
        assert_eq!(title_similarity("Typed Pipelines!", "typed pipelines"), 1.0);
        assert_eq!(title_similarity("Économie", "economie"), 1.0);
        assert!(title_similarity("Typed pipelines", "Caching without tears") < 0.5);
    }
}
