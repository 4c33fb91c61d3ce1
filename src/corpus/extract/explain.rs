//! `emcee check --explain FILE`: each fact read from one post, with the rule that produced it
//! and the line and words it came from, so an organiser can see why emcee read what it read.
//!
//! `talk "Counting Sheep" by Ada Lovelace (Acme)  [rule: sections]  line 12: "### Talk 1: …"`

use super::frontmatter;
use super::markdown::{self, Line};
use super::{PostEvents, prose, read_post_parts, sections, structured_talks};
use crate::corpus::model::Talk;

/// One fact, the rule that read it, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub fact: String,
    pub rule: &'static str,
    pub line: Option<usize>,
    /// The words it was read from, cut to a readable length.
    pub evidence: String,
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n    rule: {}", self.fact, self.rule)?;
        match self.line {
            Some(line) if self.evidence.is_empty() => write!(f, "; line {line}"),
            Some(line) => write!(f, "; line {line}: {}", self.evidence),
            None if !self.evidence.is_empty() => write!(f, "; {}", self.evidence),
            None => Ok(()),
        }
    }
}

/// Every fact read from the post `source` (as the data dir lists it) with its text.
pub fn explain(source: &str, text: &str) -> Vec<Fact> {
    let post: PostEvents = read_post_parts(source, text);
    let mut facts = Vec::new();
    for warning in &post.warnings {
        facts.push(Fact {
            fact: format!("warning: {}", warning.message),
            rule: "check",
            line: warning.line,
            evidence: String::new(),
        });
    }
    let Some(event) = &post.own else {
        return facts;
    };
    let Ok(split) = frontmatter::split(text) else {
        return facts;
    };
    let blocks = markdown::blocks(split.body, split.body_line);
    facts.push(Fact {
        fact: format!("{} \"{}\"", event.kind.as_str(), event.title),
        rule: "post_kind",
        line: None,
        evidence: "the title, tags, talks and invitation words".to_owned(),
    });
    facts.push(Fact {
        fact: format!("date {}", event.date),
        rule: "post_date",
        line: None,
        evidence: format!("from {}", post.date_from),
    });
    let structured = structured_talks(&split.front);
    let sectioned = sections::section_talks(&blocks);
    for talk in &event.talks {
        facts.push(talk_fact(talk, &structured, &sectioned, &blocks));
    }
    for sponsor in &event.sponsors {
        let from_front = split.front.host.as_deref() == Some(sponsor.name.as_str());
        let (line, evidence) = find(&blocks, &sponsor.name);
        facts.push(Fact {
            fact: format!("sponsor {}", sponsor.name),
            rule: if from_front {
                "front_matter_host"
            } else {
                "sponsors_thanked or provided_by"
            },
            line,
            evidence,
        });
    }
    if let Some(venue) = &event.venue {
        let (line, evidence) = find(&blocks, venue);
        facts.push(Fact {
            fact: format!("venue {venue}"),
            rule: "venue",
            line,
            evidence,
        });
    }
    if let Some(next) = &post.next {
        facts.push(next_fact(
            format!("next meetup {}", next.date),
            next.rsvp_url.as_deref(),
            post.next_line,
            &blocks,
        ));
    }
    facts
}

/// `explain` as the loaded corpus decided: the post's warnings are the corpus's (the timeline
/// adds its own), and its date and next meetup are where they ended up on the timeline, as
/// `check --verbose` and the dump show them.
pub fn explain_in(corpus: &crate::corpus::Corpus, source: &str, text: &str) -> Vec<Fact> {
    let mut facts: Vec<Fact> = corpus
        .warnings
        .iter()
        .filter(|w| w.source == source)
        .map(|w| Fact {
            fact: format!("warning: {}", w.message),
            rule: "check",
            line: w.line,
            evidence: String::new(),
        })
        .collect();
    let read = explain(source, text);
    let decided = corpus.posts.iter().find(|p| p.source == source);
    let split = frontmatter::split(text).ok();
    let blocks = split
        .as_ref()
        .map(|split| markdown::blocks(split.body, split.body_line))
        .unwrap_or_default();
    for mut fact in read.into_iter().filter(|f| f.rule != "check") {
        match (fact.rule, decided) {
            ("post_date", Some(post)) => fact.fact = format!("date {}", post.date),
            ("next_meetup", Some(post)) => {
                if let Some(next) = &post.next {
                    let rsvp = fact
                        .fact
                        .split_once(", RSVP ")
                        .map(|(_, url)| url.to_owned());
                    fact = next_fact(
                        format!("next meetup {next}"),
                        rsvp.as_deref(),
                        post.next_line,
                        &blocks,
                    );
                }
            }
            _ => {}
        }
        facts.push(fact);
    }
    facts
}

fn talk_fact(talk: &Talk, structured: &[Talk], sectioned: &[Talk], blocks: &[Line<'_>]) -> Fact {
    let first = talk.speakers.first();
    let name = first.map_or("", |s| s.name.as_str());
    let by = |list: &[Talk]| {
        list.iter()
            .any(|t| t.speakers.iter().any(|s| s.name == name))
    };
    let rule = if by(structured) {
        "front_matter_agenda"
    } else if by(sectioned) {
        "sections (heading_then_speaker_line, title_by_name, session_then_topic, name_colon_title)"
    } else if blocks.iter().filter_map(|b| b.block.plain()).any(|p| {
        prose::prose_talks(p, &markdown::sentences(p), &prose::OrgPhrases::new([]))
            .iter()
            .any(|t| t.speakers.iter().any(|s| s.name == name))
    }) {
        "prose (name_verb, cue_name, told_next, titled_later)"
    } else {
        "talk_sentence (NAME from ORG <lead-in> TITLE)"
    };
    let speakers = talk
        .speakers
        .iter()
        .map(|s| match &s.affiliation {
            Some(org) => format!("{} ({org})", s.name),
            None => s.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (line, evidence) = find(blocks, name.split(' ').next().unwrap_or(name));
    Fact {
        fact: format!("talk \"{}\" by {speakers}", talk.title),
        rule,
        line,
        evidence,
    }
}

/// The next meetup, with the line it was read from (not the first line that says "next":
/// that may be an advert for another event).
fn next_fact(fact: String, rsvp: Option<&str>, line: Option<usize>, blocks: &[Line<'_>]) -> Fact {
    let evidence = line
        .and_then(|line| blocks.iter().find(|b| b.line == line))
        .and_then(|b| b.block.plain())
        .map(|p| excerpt(&p.text, 0))
        .unwrap_or_default();
    Fact {
        fact: match rsvp {
            Some(url) => format!("{fact}, RSVP {url}"),
            None => fact,
        },
        rule: "next_meetup",
        line,
        evidence,
    }
}

/// The first block that mentions `needle`, and the words around it.
fn find(blocks: &[Line<'_>], needle: &str) -> (Option<usize>, String) {
    if needle.is_empty() {
        return (None, String::new());
    }
    for block in blocks {
        let text = match &block.block {
            markdown::Block::Image { alt, .. } => alt.as_str(),
            other => match other.plain() {
                Some(p) => p.text.as_str(),
                None => continue,
            },
        };
        if let Some(at) = text.find(needle) {
            return (Some(block.line), excerpt(text, at));
        }
    }
    (None, "the front matter".to_owned())
}

/// About 160 characters of `text` around byte `at`, quoted.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(100)
        .map_or(text.len(), |(i, _)| at + i);
    format!(
        "\"{}{}{}\"",
        if start > 0 { "…" } else { "" },
        &text[start..end],
        if end < text.len() { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fact_names_its_rule_and_line() {
        let post = "---\ntitle: May Meetup Recap\n---\n\nWe had a great meetup with two talks.\n\n### Talk 1: Counting Sheep\n**Speaker:** Ada Lovelace, Engineer at Acme\n\nThanks to [Initech](https://initech.example) for sponsoring the pizza.\n";
        let facts = explain("_posts/2019-05-02-may.md", post);
        let talk = facts
            .iter()
            .find(|f| f.fact.starts_with("talk"))
            .expect("a talk");
        assert_eq!(talk.fact, "talk \"Counting Sheep\" by Ada Lovelace (Acme)");
        assert!(talk.rule.starts_with("sections"), "{talk}");
        assert_eq!(talk.line, Some(8));
        let date = facts.iter().find(|f| f.fact.starts_with("date")).unwrap();
        assert_eq!(date.evidence, "from the file name");
        let sponsor = facts
            .iter()
            .find(|f| f.fact.starts_with("sponsor"))
            .unwrap();
        assert_eq!(sponsor.fact, "sponsor Initech");
        assert_eq!(sponsor.line, Some(10));
    }
}
