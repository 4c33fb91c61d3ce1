//! Prose → events: reads one post (front matter and Markdown body) into its own event and the
//! next meetup it announces, with a warning for everything doubtful.
//!
//! A Cloud Native London roundup → `Event { kind: Meetup, talks: [3 talks], sponsors: [5], .. }`
//! plus `Event { date: 2021-03-03, rsvp_url: Some(..), announced_companies: [..], .. }`.

mod dating;
mod explain;
mod facts;
mod lexicon;
mod names;
mod prose;
mod sections;
mod talks;

pub use explain::{Fact, explain, explain_in};
pub(super) use names::fold;
use names::lowercase;

use std::ops::Range;

use chrono::Datelike;

use super::frontmatter::{self, FrontMatter, SplitError};
use super::markdown::{self, Block, Plain};
use super::model::{Event, EventDate, Kind, Talk, Warning};
use talks::{Context, Roster};

/// A post's events, kept apart so the corpus can merge announcements with roundups.
#[derive(Debug, Default)]
pub struct PostEvents {
    pub own: Option<Event>,
    pub next: Option<Event>,
    pub warnings: Vec<Warning>,
    /// Where the post's date came from, for `emcee check --verbose`.
    pub date_from: String,
    /// A next meetup whose weekday and day disagree: the day as written, the nearest day with
    /// the written weekday, and the line. The corpus chooses with the community's usual weekday.
    pub next_doubt: Option<NextDoubt>,
    /// What the model read or left out without being sure.
    pub doubts: Vec<super::doubt::Doubt>,
    /// The line the next meetup was read from.
    pub next_line: Option<usize>,
}

/// The two readings of "Wednesday 5th March" when 5 March is a Thursday.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NextDoubt {
    pub written_day: chrono::NaiveDate,
    pub written_weekday: chrono::NaiveDate,
    pub line: usize,
}

pub fn read_post(source: &str, text: &str) -> (Vec<Event>, Vec<Warning>) {
    let post = read_post_parts(source, text);
    (
        post.own.into_iter().chain(post.next).collect(),
        post.warnings,
    )
}

/// A paragraph flattened once (its block's text, borrowed), with its sentences.
struct Para<'b> {
    plain: &'b Plain,
    sentences: Vec<Range<usize>>,
}

pub fn read_post_parts(source: &str, text: &str) -> PostEvents {
    read_post_with(source, text, Some(&super::learn::Model::shipped()))
}

/// `read_post_parts` with the given model, or the rules alone (for training, whose feature
/// "the rules named this speaker" must see what the rules read without the model).
pub fn read_post_with(source: &str, text: &str, model: Option<&super::learn::Model>) -> PostEvents {
    let mut out = PostEvents::default();
    let mut warn = |line: Option<usize>, message: String| {
        out.warnings.push(Warning {
            source: source.to_owned(),
            line,
            message,
        })
    };
    if text.trim().is_empty() {
        warn(None, "empty file: skipped".to_owned());
        return out;
    }
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::NoFrontMatter) => {
            warn(
                Some(1),
                "note: no front matter (a post starts with a --- or +++ line): skipped".to_owned(),
            );
            return out;
        }
        Err(SplitError::Unclosed { marker }) => {
            warn(
                Some(1),
                format!("front matter opened with {marker} is never closed: skipped"),
            );
            return out;
        }
        Err(SplitError::Syntax {
            format,
            line,
            message,
        }) => {
            warn(
                line.or(Some(1)),
                format!("invalid {format} front matter: {message}: skipped"),
            );
            return out;
        }
    };
    for (line, message) in &split.warnings {
        warn(Some(*line), message.clone());
    }
    // The name that dates the post: its file's, or a folder's named for a day.
    let file_name = super::dates::dated_name(source);
    let front = &split.front;
    let blocks = body_blocks(source, split.body, split.body_line);
    // Prose is analysed only where a meetup or conference can be; an article needs none of it.
    let prose_needed = {
        let title = front.title.as_deref().unwrap_or("");
        might_be_meetup(front, title, facts::may_announce_next_meetup(split.body))
            || reports_meetup(&blocks)
            || !front.talks.is_empty()
            || is_conference_notes(front, &blocks)
    };
    let paras: Vec<Option<Para>> = blocks
        .iter()
        .map(|b| match &b.block {
            Block::Paragraph { text, .. } if prose_needed => {
                let sentences = markdown::sentences(text);
                Some(Para {
                    plain: text,
                    sentences,
                })
            }
            _ => None,
        })
        .collect();

    let mut dating_warnings = Vec::new();
    let date = dating::post_date(file_name, front, split.body, &blocks, &mut dating_warnings);
    out.warnings
        .extend(dating_warnings.into_iter().map(|(line, message)| Warning {
            source: source.to_owned(),
            line: Some(line),
            message,
        }));
    out.date_from = match (&front.date, date) {
        (Some(raw), Some(d)) if matches!(super::dates::field_date(raw), super::dates::FieldDate::Valid(f) if d.day() == Some(f)) =>
        {
            format!("the front matter's date (line {})", front.date_line)
        }
        (_, Some(d))
            if super::dates::jekyll_date(file_name).is_some_and(|f| d.day() == Some(f)) =>
        {
            "the file name".to_owned()
        }
        (_, Some(_)) => "the title, tags or an image name".to_owned(),
        _ => String::new(),
    };
    // The publication day: a next meetup is the first such day on or after it.
    let published = date;
    // The day the body gives for the meetup wins over a publication day.
    let date = match date {
        Some(EventDate::Day(published)) if prose_needed && !is_conference_notes(front, &blocks) => {
            match dating::body_day(&blocks, published) {
                Some((day, line)) => {
                    if day != published {
                        out.warnings.push(Warning {
                            source: source.to_owned(),
                            line: Some(line),
                            message: format!(
                                "note: the text says the meetup was on {}; {} says {published}: using the text's day",
                                day.format("%Y-%m-%d"),
                                out.date_from
                            ),
                        });
                    }
                    out.date_from = format!("the text (line {line})");
                    Some(EventDate::Day(day))
                }
                None => date,
            }
        }
        other => other,
    };
    let Some(date) = date else {
        out.warnings.push(Warning {
            source: source.to_owned(),
            line: Some(1),
            message: "no date: neither the front matter, the file name, the title nor the images say when this happened: skipped".to_owned(),
        });
        return out;
    };

    let title = front
        .title
        .clone()
        .or_else(|| {
            blocks.iter().find_map(|b| match &b.block {
                Block::Heading { text, .. } => Some(text.text.clone()),
                _ => None,
            })
        })
        .unwrap_or_else(|| file_name.to_owned());
    let mut event = Event::new(date, title, Kind::Article);
    event.sources.push(source.to_owned());
    event.location = front.location.clone();
    event.venue = front.venue.clone();
    event.video_url = front.video.clone();

    // Hosts: the body says who hosted; the description is a template and only a fallback.
    let mut hosts: Vec<(String, Option<String>)> = Vec::new();
    for para in paras.iter().flatten() {
        hosts.extend(facts::hosts_in(&para.plain.text));
    }
    let description_hosts = front
        .description
        .as_deref()
        .map(facts::hosts_in)
        .unwrap_or_default();
    if hosts.is_empty() {
        hosts = description_hosts.clone();
    }
    hosts.dedup_by(|a, b| a.0 == b.0);
    event.hosts = hosts.iter().map(|(name, _)| name.clone()).collect();

    // Sponsors, venue and the next meetup: a paragraph that says "next meetup", else one with a
    // day under a heading such as "## Cloud Native London March".
    let mut next_para: Option<(usize, usize)> = None;
    let mut next_by_heading: Option<(usize, usize)> = None;
    let mut month_heading: Option<&str> = None;
    let mut next_heading: Option<&str> = None;
    for (k, (block, para)) in blocks.iter().zip(&paras).enumerate() {
        super::budget::check();
        if let Block::Heading { text, .. } = &block.block {
            month_heading = is_next_meetup_heading(&text.text).then_some(text.text.as_str());
            continue;
        }
        let Some(para) = para else { continue };
        let lower = para.plain.text.to_ascii_lowercase();
        if next_para.is_none() && facts::mentions_next_meetup(&lower) {
            next_para = Some((k, block.line));
            next_heading = month_heading;
            continue;
        }
        if next_by_heading.is_none()
            && month_heading.is_some()
            && !super::dates::day_mentions(&para.plain.text).is_empty()
        {
            next_by_heading = Some((k, block.line));
            if next_para.is_none() {
                next_heading = month_heading;
            }
            continue;
        }
        let thanks = facts::may_thank_sponsors(&lower);
        let venue = event.venue.is_none() && facts::may_name_venue(&lower);
        for sentence in para.sentences.iter().filter(|_| thanks || venue) {
            super::budget::check();
            for sponsor in facts::sponsors_in(para.plain, sentence.clone()) {
                if !event.sponsors.iter().any(|s| s.name == sponsor.name) {
                    event.sponsors.push(sponsor);
                }
            }
            if event.venue.is_none() && venue {
                event.venue = facts::venue_in(para.plain, sentence.clone());
            }
        }
    }
    next_para = next_para.or(next_by_heading);
    // Organisations credited with the space, food or money, in any block, when the post has no
    // list of sponsors of its own (then a venue that hosted is the venue only).
    let about_an_event = prose_needed
        || front.host.is_some()
        || front.rsvp.is_some()
        || front.kind.is_some()
        || !front.talks.is_empty();
    if event.sponsors.is_empty() && about_an_event {
        let title_plain = front.title.as_deref().map(markdown::plain);
        let texts = blocks
            .iter()
            .filter_map(|b| b.block.plain())
            .chain(title_plain.as_ref());
        for text in texts {
            for sponsor in facts::provided_by(text) {
                if !event
                    .sponsors
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(&sponsor.name))
                {
                    event.sponsors.push(sponsor);
                }
            }
        }
    }
    // Month-only links such as "[the next event in August](…)" anywhere in the post.
    if next_para.is_none() {
        next_para = blocks
            .iter()
            .zip(&paras)
            .enumerate()
            .find_map(|(k, (b, p))| {
                let p = p.as_ref()?;
                let lower = p.plain.text.to_ascii_lowercase();
                (lower.contains("next") || lower.contains("see you in"))
                    .then(|| facts::next_meetup(p.plain, &p.sentences, b.line, None))
                    .filter(|n| n.month.is_some())
                    .map(|_| (k, b.line))
            });
    }

    // Talks only where a meetup or conference can be: articles never need the sentence analysis.
    let is_conference = is_conference_notes(front, &blocks);
    let talks = if is_conference {
        conference_talks(&blocks)
    } else if might_be_meetup(front, &event.title, next_para.is_some()) {
        let author = front
            .author
            .clone()
            .map(|a| (a, None))
            .or_else(|| description_hosts.first().cloned())
            .or_else(|| hosts.first().cloned());
        roundup_talks(
            &blocks,
            &paras,
            &event.hosts,
            author,
            event.video_url.as_deref(),
        )
    } else {
        Vec::new()
    };
    // Structured front matter first, then sections, then sentences: a later rule only adds
    // talks of speakers an earlier one did not name.
    let structured = structured_talks(front);
    let sectioned = if is_conference {
        Vec::new()
    } else {
        sections::section_talks(&blocks)
    };
    let listed_talks = !structured.is_empty() || !sectioned.is_empty();
    // Talks told in the past tense ("Ada gave a talk on …") make a report, never an invitation.
    let told_in_prose = !talks.is_empty();
    let told = if (might_be_meetup(front, &event.title, next_para.is_some())
        || reports_meetup(&blocks)
        || !front.talks.is_empty())
        && !is_conference
    {
        let organisations: Vec<String> = std::iter::once(event.title.clone())
            .chain(event.sponsors.iter().map(|s| s.name.clone()))
            .chain(
                talks
                    .iter()
                    .chain(&sectioned)
                    .flat_map(|t| &t.speakers)
                    .filter_map(|s| s.affiliation.clone()),
            )
            // A talk's title is no person either ("Architectural Caching Patterns").
            .chain(talks.iter().chain(&sectioned).map(|t| t.title.clone()))
            .chain(event.hosts.iter().cloned())
            .collect();
        let organisations = prose::OrgPhrases::new(organisations.iter().map(String::as_str));
        let mut told: Vec<Talk> = Vec::new();
        for (block, para) in blocks.iter().zip(&paras) {
            match (&block.block, para) {
                (_, Some(p)) => {
                    told.extend(prose::prose_talks(p.plain, &p.sentences, &organisations))
                }
                // "- [Ada](…), CTO of Acme. Gave talk "Engines"": a bullet that opens with a
                // person is read whole.
                (Block::Bullet { text, .. }, None)
                    if text.links.first().is_some_and(|l| l.start == 0) =>
                {
                    let whole = std::slice::from_ref(&(0..text.text.len())).to_vec();
                    told.extend(prose::prose_talks(text, &whole, &organisations));
                }
                _ => {}
            }
        }
        told
    } else {
        Vec::new()
    };
    let mut told_talks = combine_talks(talks, told);
    if might_be_meetup(front, &event.title, next_para.is_some()) {
        let quoted = resolve_first_names(sections::quoted_bullet_talks(&blocks), &blocks);
        told_talks = combine_talks(told_talks, quoted);
    }
    // Captions name the titles of talks told in prose; a section or agenda names its own.
    titles_from_images(&blocks, &mut told_talks);
    let mut talks = combine_talks(structured, combine_talks(sectioned, told_talks));
    titles_from_post_title(&event.title, &event.sponsors, &mut talks);
    // A page about one event: its place in the front matter, or a link to an event page.
    let event_page = front.location.is_some()
        || front.venue.is_some()
        || blocks.iter().filter_map(|b| b.block.plain()).any(|p| {
            p.links
                .iter()
                .any(|l| super::learn::candidates::link_class(&l.url) == "event")
        });
    let mut learned_talks = false;
    // Talks the model alone read never make a post an invitation (a job advert naming a
    // company is none); they make an event page that event, below.
    let rules_read_talks = !talks.is_empty();
    // Conference notes are one talk per section, read by their own rule.
    if let Some(model) = model
        && !is_conference
        && (prose_needed || about_an_event || event_page)
    {
        let title = front.title.as_deref().map(markdown::plain);
        let post = super::learn::Post {
            title: title.as_ref(),
            front: &text[..text.len() - split.body.len()],
            blocks: &blocks,
            rule_speakers: talks
                .iter()
                .flat_map(|t| &t.speakers)
                .map(|s| s.name.clone())
                .collect(),
            rule_others: rule_others(&event, &talks),
        };
        let learned = super::learn::read_talks(&post, model, &mut talks);
        for l in &learned {
            if l.confidence < super::doubt::UNSURE {
                out.doubts.push(super::doubt::Doubt {
                    source: source.to_owned(),
                    line: l.line,
                    fact: format!(
                        "speaker {} of {:?}",
                        l.talk
                            .speakers
                            .iter()
                            .map(|s| format!("{:?}", s.name))
                            .collect::<Vec<_>>()
                            .join(", "),
                        l.talk.title
                    ),
                    confidence: l.confidence,
                    kept: l.confidence >= model.threshold,
                });
            }
        }
        let read: Vec<Talk> = learned
            .into_iter()
            .filter(|l| l.confidence >= model.threshold)
            .map(|l| l.talk)
            .collect();
        learned_talks = !read.is_empty();
        talks.extend(read);
    }
    if let Some(host) = &front.host
        && !event
            .sponsors
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(host))
    {
        event.sponsors.push(super::model::Sponsor {
            name: host.clone(),
            url: front.host_url.clone(),
        });
    }
    let meetup_cue = next_para.is_some() || listed_talks || reports_meetup(&blocks);
    event.kind = classify(front, &event, &talks, is_conference, meetup_cue);
    if event.kind != Kind::Conference && !told_in_prose && is_invitation(front, split.body) {
        event.kind = if !rules_read_talks && front.talks.is_empty() && event.sponsors.is_empty() {
            event.kind
        } else {
            Kind::Announcement
        };
    }
    // An event page whose talks the model read is that event, whatever words it uses.
    if event.kind == Kind::Article && event_page && learned_talks {
        event.kind = if is_invitation(front, split.body) {
            Kind::Announcement
        } else {
            Kind::Meetup
        };
    }
    if matches!(
        event.kind,
        Kind::Meetup | Kind::Conference | Kind::Announcement
    ) {
        event.talks = talks;
        if event.kind == Kind::Announcement {
            event.rsvp_url = front.rsvp.clone();
        }
    } else {
        event.sponsors.clear();
    }
    if event.kind == Kind::Meetup
        && let Some((k, line)) = next_para
        && let Some(para) = &paras[k]
    {
        let next = facts::next_meetup(para.plain, &para.sentences, line, next_heading);
        out.next = next_meetup_event(&next, published.unwrap_or(date), source, &mut out.warnings);
        out.next_line = out.next.as_ref().map(|_| line);
        out.next_doubt = next_doubt(&next, out.next.as_ref());
        if out.next_doubt.is_some() {
            // The corpus settles the doubt and says which day it chose.
            out.warnings
                .retain(|w| !w.message.starts_with("weekday mismatch"));
        }
        if let (Some(next), Some(heading)) = (&mut out.next, next_heading) {
            next.title = heading.to_owned();
        }
    }
    // An invitation that says "the next meetup will be on Thursday 21st" is about that day.
    if event.kind == Kind::Announcement
        && let Some((k, line)) = next_para
        && let Some(para) = &paras[k]
    {
        let next = facts::next_meetup(para.plain, &para.sentences, line, next_heading);
        let mut ignored = Vec::new();
        if let Some(next) =
            next_meetup_event(&next, published.unwrap_or(date), source, &mut ignored)
            && let (Some(day), Some(published)) = (next.date.day(), date.day())
            && (day - published).num_days() <= 60
        {
            event.date = next.date;
            event.rsvp_url = event.rsvp_url.take().or(next.rsvp_url);
            out.date_from = format!("the day it announces (line {line})");
        }
    }
    event.timeline.own_of.push(source.to_owned());
    event.timeline.reported = event.kind == Kind::Meetup;
    event.timeline.dated_by_publication =
        event.kind == Kind::Meetup && !out.date_from.starts_with("the text");
    if event.kind == Kind::Meetup && event.talks.is_empty() {
        out.warnings.push(Warning {
            source: source.to_owned(),
            line: None,
            message: "note: a meetup post with no talks found (emcee check --explain FILE shows what was read)".to_owned(),
        });
    }
    for speaker in event.talks.iter().flat_map(|t| &t.speakers) {
        if !speaker.name.contains(' ') {
            out.warnings.push(Warning {
                source: source.to_owned(),
                line: None,
                message: format!(
                    "note: speaker \"{}\" is named by first name only and the post gives no full name",
                    speaker.name
                ),
            });
        }
    }
    out.own = Some(event);
    out
}

/// A post's body as blocks: an `.html` file through the HTML parser, anything else as Markdown
/// (whose HTML blocks the Markdown reader hands to the HTML parser).
pub(super) fn body_blocks<'a>(source: &str, body: &'a str, line: usize) -> Vec<markdown::Line<'a>> {
    if source.ends_with(".html") || source.ends_with(".htm") {
        super::html::blocks(body, line, None)
    } else {
        markdown::blocks(body, line)
    }
}

/// What the rules read that is no speaker: hosts, sponsors, affiliations and talk titles, a
/// feature of the learned model.
pub(super) fn rule_others(event: &Event, talks: &[Talk]) -> Vec<String> {
    event
        .hosts
        .iter()
        .cloned()
        .chain(event.sponsors.iter().map(|s| s.name.clone()))
        .chain(
            talks
                .iter()
                .flat_map(|t| &t.speakers)
                .filter_map(|s| s.affiliation.clone()),
        )
        .chain(talks.iter().map(|t| t.title.clone()))
        .collect()
}

/// The day with the written weekday closest to a next meetup's written day, when they differ.
fn next_doubt(next: &facts::NextMeetup, event: Option<&Event>) -> Option<NextDoubt> {
    let (mention, line) = next.day?;
    let weekday = mention.weekday?;
    let written_day = event?.date.day()?;
    if written_day.weekday() == weekday {
        return None;
    }
    let written_weekday = (1..=3)
        .flat_map(|d| {
            [
                written_day - chrono::Days::new(d),
                written_day + chrono::Days::new(d),
            ]
        })
        .find(|d| d.weekday() == weekday)?;
    Some(NextDoubt {
        written_day,
        written_weekday,
        line,
    })
}

fn next_meetup_event(
    next: &facts::NextMeetup,
    after: EventDate,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Event> {
    let date = match (next.day, next.month) {
        (Some((mention, line)), _) => {
            let (day, doubt) = super::dates::next_meetup_day(mention, after)?;
            if let Some(doubt) = doubt {
                warnings.push(Warning {
                    source: source.to_owned(),
                    line: Some(line),
                    message: doubt,
                });
            }
            EventDate::Day(day)
        }
        (None, Some(month)) => {
            // "May" in a post of late April is this May; in a post of June, next year's.
            let year = if month >= after.month() {
                after.year()
            } else {
                after.year() + 1
            };
            EventDate::Month { year, month }
        }
        (None, None) => return None,
    };
    let mut event = Event::new(
        date,
        format!(
            "Meetup, {} {}",
            super::dates::month_label(date.month()),
            date.year()
        ),
        Kind::Meetup,
    );
    event.sources.push(source.to_owned());
    event.timeline.next_of.push(source.to_owned());
    event.rsvp_url = next.rsvp_url.clone();
    event.announced_companies = next.companies.clone();
    event.venue = next.venue.clone();
    Some(event)
}

/// Talks of a structured agenda in the front matter.
/// A talk read from a free-text field (`who: Ada Lovelace, Acme`) keeps only the names that
/// look like people ("Community members" and "VT Devs" are no speakers).
fn structured_talks(front: &FrontMatter) -> Vec<Talk> {
    front
        .talks
        .iter()
        .map(|t| Talk {
            title: t
                .title
                .as_deref()
                .map(talks::clean_title)
                .unwrap_or_default(),
            speakers: t
                .speakers
                .iter()
                .filter(|(name, _)| !t.loose || names::looks_like_full_name(name))
                .map(|(name, org)| super::model::Speaker {
                    name: name.clone(),
                    affiliation: org.clone(),
                })
                .collect(),
            // A recording is an address; an id alone lends only its start (`ID?start=824`).
            video_url: t.video.clone().filter(|v| v.starts_with("http")),
            video_start: t.video.as_deref().and_then(super::dates::url_seconds),
            ..Talk::default()
        })
        .filter(|t| !t.title.is_empty() || !t.speakers.is_empty())
        .collect()
}

/// `first`'s talks, then those of `more` whose speakers `first` does not name; a talk named in
/// both lends `first` what it lacks (an affiliation, a title, links).
fn combine_talks(mut first: Vec<Talk>, more: Vec<Talk>) -> Vec<Talk> {
    let same = |a: &str, b: &str| {
        let (a, b) = (names::clean_name(a), names::clean_name(b));
        if names::same_person(&a, &b) {
            return true;
        }
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        a == b
            || a.split_whitespace().next() == Some(b.as_str())
            || b.split_whitespace().next() == Some(a.as_str())
    };
    // Only `first`'s own talks absorb: one person's two talks in `more` stay two.
    let own = first.len();
    for talk in more {
        let known = first[..own].iter_mut().find(|t| {
            t.speakers
                .iter()
                .any(|s| talk.speakers.iter().any(|o| same(&s.name, &o.name)))
        });
        match known {
            Some(known) => {
                for speaker in &mut known.speakers {
                    if speaker.affiliation.is_none()
                        && let Some(other) =
                            talk.speakers.iter().find(|o| same(&o.name, &speaker.name))
                    {
                        speaker.affiliation = other.affiliation.clone();
                    }
                }
                if known.title.is_empty() {
                    known.title = talk.title;
                }
                known.video_url = known.video_url.take().or(talk.video_url);
                known.video_start = known.video_start.or(talk.video_start);
                known.slides_url = known.slides_url.take().or(talk.slides_url);
                if known.takeaways.is_empty() {
                    known.takeaways = talk.takeaways;
                }
            }
            None => first.push(talk),
        }
    }
    first
}

/// Rule `image_caption`: a photo captioned "Ada
/// Lovelace: Counting Engines") names the title of Ada's talk, which wins over a described
/// phrase.
fn titles_from_images(blocks: &[markdown::Line<'_>], talks: &mut [Talk]) {
    for block in blocks {
        let Block::Image { alt, .. } = &block.block else {
            continue;
        };
        let Some((who, title)) = alt.split_once(": ") else {
            continue;
        };
        let title = talks::clean_title(title);
        if title.chars().count() < 3 {
            continue;
        }
        let matching: Vec<usize> = talks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.speakers.iter().any(|s| names::same_person(&s.name, who)))
            .map(|(k, _)| k)
            .collect();
        // One talk by that person: the caption names it.
        if let [k] = matching[..] {
            talks[k].title = title;
        }
    }
}

/// A first name alone ("Ada") stands for the one person of that first name the post links to
/// as a person ("[Ada Lovelace](https://twitter.com/ada)"); otherwise it stays as written.
fn resolve_first_names(mut talks: Vec<Talk>, blocks: &[markdown::Line<'_>]) -> Vec<Talk> {
    let people: Vec<String> = blocks
        .iter()
        .filter_map(|b| b.block.plain())
        .flat_map(|p| {
            p.links
                .iter()
                .filter(|l| lexicon::is_profile_url(&l.url))
                .map(|l| p.text[l.range()].to_owned())
        })
        .filter(|n| names::looks_like_full_name(n))
        .collect();
    for talk in &mut talks {
        for speaker in &mut talk.speakers {
            if speaker.name.contains(' ') {
                continue;
            }
            let mut matches = people
                .iter()
                .filter(|p| p.split(' ').next() == Some(speaker.name.as_str()));
            if let (Some(full), None) = (matches.next(), matches.next()) {
                speaker.name = full.clone();
            }
        }
    }
    talks
}

/// Rule `post_title_names_talks`: "Engines in Practice + Ruby 3 / May Meetup Recap" names
/// the talks' titles; a talk whose described title shares a distinctive word with one part
/// takes that part ("a tour of recent changes to Ruby 3" → "Ruby 3").
fn titles_from_post_title(title: &str, sponsors: &[super::model::Sponsor], talks: &mut [Talk]) {
    let parts: Vec<&str> = title
        .split(" / ")
        .filter(|p| {
            let lower = p.to_lowercase();
            !["meetup", "recap", "roundup", "minutes"]
                .iter()
                .any(|w| lower.contains(w))
        })
        .flat_map(|p| p.split(" + "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 || parts.len() > talks.len() {
        return;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter(|w| w.len() >= 3 && w.chars().any(char::is_uppercase))
            .map(str::to_lowercase)
            .collect()
    };
    for part in parts {
        if sponsors.iter().any(|s| s.name.eq_ignore_ascii_case(part))
            || talks
                .iter()
                .flat_map(|t| &t.speakers)
                .any(|s| s.affiliation.as_deref() == Some(part))
        {
            continue;
        }
        let key = words(part);
        let matching: Vec<usize> = talks
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let lower = t.title.to_lowercase();
                key.iter().any(|w| {
                    lower
                        .split(|c: char| !c.is_alphanumeric() && c != '.')
                        .any(|x| x == w)
                })
            })
            .map(|(k, _)| k)
            .collect();
        if let [k] = matching[..] {
            talks[k].title = talks::clean_title(part);
        }
    }
}

/// An invitation to a meetup still to come, not a report of one: it says so ("will take
/// place", "join us", an RSVP section) and reads nothing like a recap.
fn is_invitation(front: &FrontMatter, body: &str) -> bool {
    let lower = lowercase(body);
    let invites = front.rsvp.is_some()
        || front.host.is_some()
        || front
            .kind
            .as_deref()
            .is_some_and(|k| matches!(k.to_lowercase().as_str(), "meetup" | "workshop"))
        || lexicon::INVITATION_CUES.iter().any(|c| lower.contains(c));
    if !invites {
        return false;
    }
    let title = lowercase(front.title.as_deref().unwrap_or(""));
    let recap = lexicon::RECAP_CUES
        .iter()
        .any(|c| lower.contains(c) || title.contains(c));
    !recap
}

/// Whether the post's opening paragraph reports a meetup ("We had a great meetup yesterday
/// with two talks").
fn reports_meetup(blocks: &[markdown::Line<'_>]) -> bool {
    blocks
        .iter()
        .filter_map(|b| match &b.block {
            Block::Paragraph { text, .. } => Some(text.text.to_ascii_lowercase()),
            _ => None,
        })
        .take(3)
        .any(|first| {
            (first.contains("meetup") || first.contains("meeting"))
                && lexicon::TALK_NOUNS.iter().any(|n| first.contains(n))
                // "This time we were greeted by … two talks"
                || (first.contains("we ") || first.contains("us "))
                    && ["two talks", "three talks", "both talks", "the talks"]
                        .iter()
                        .any(|n| first.contains(n))
        })
}

/// Whether the post's tags, title or a next-meetup paragraph make it a possible roundup.
fn might_be_meetup(front: &FrontMatter, title: &str, announces_next: bool) -> bool {
    let title = title.to_lowercase();
    announces_next
        || front
            .tags
            .iter()
            .chain(&front.categories)
            .any(|t| t.eq_ignore_ascii_case("meetup"))
        || [
            "meetup", "roundup", "round-up", "recap", "minutes", "meeting",
        ]
        .iter()
        .any(|c| title.contains(c))
}

fn classify(
    front: &FrontMatter,
    event: &Event,
    talks: &[Talk],
    conference: bool,
    announces_next: bool,
) -> Kind {
    let tags: Vec<String> = front
        .tags
        .iter()
        .chain(&front.categories)
        .map(|t| t.to_lowercase())
        .collect();
    let title = event.title.to_lowercase();
    if conference {
        return Kind::Conference;
    }
    let title_cue = [
        "meetup", "roundup", "round-up", "recap", "minutes", "meeting",
    ]
    .iter()
    .any(|c| title.contains(c));
    let meetup_cue = tags.iter().any(|t| t == "meetup") || title_cue || announces_next;
    let tagged_meetup = tags.iter().any(|t| t == "meetup")
        && !tags.iter().any(|t| t == "article")
        && (title_cue || super::dates::month_year(&event.title).is_some());
    if (meetup_cue && (!talks.is_empty() || !event.sponsors.is_empty())) || tagged_meetup {
        return Kind::Meetup;
    }
    if tags.iter().any(|t| t == "announcement")
        || ["announcing", "save the date", "call for speakers", "cfp"]
            .iter()
            .any(|c| title.starts_with(c))
    {
        return Kind::Announcement;
    }
    Kind::Article
}

/// "Cloud Native London March", "Next meetup": a heading that ends with a month or says "next".
fn is_next_meetup_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    let last = lower.trim().rsplit(' ').next().unwrap_or("");
    lower.contains("next meetup")
        || lower.starts_with("next ")
        || (last.len() >= 3 && super::dates::month_number(last).is_some())
}

/// Conference notes: tagged so, or sections that each carry a "Video Link:".
fn is_conference_notes(front: &FrontMatter, blocks: &[markdown::Line<'_>]) -> bool {
    let tagged = front
        .tags
        .iter()
        .chain(&front.categories)
        .any(|t| t.eq_ignore_ascii_case("conference"));
    let video_sections = blocks
        .iter()
        .filter(
            |b| matches!(&b.block, Block::Bullet { text, .. } if video_link(&text.text).is_some()),
        )
        .count();
    tagged || video_sections >= 2
}

fn video_link(bullet: &str) -> Option<&str> {
    let (label, rest) = bullet.split_once(':')?;
    let label = label.trim().to_lowercase();
    (label == "video link" || label == "video" || label == "recording")
        .then(|| rest.trim())
        .filter(|url| url.starts_with("http"))
}

/// One talk per `##` section: its heading, "Video Link:" and notes. Nobody is invented as
/// speaker; a "Speaker: NAME" bullet names one.
fn conference_talks(blocks: &[markdown::Line<'_>]) -> Vec<Talk> {
    let mut talks: Vec<Talk> = Vec::new();
    for block in blocks {
        match &block.block {
            Block::Heading { level: 2 | 3, text } => {
                let title = talks::clean_title(&text.text);
                if !title.is_empty() {
                    talks.push(Talk {
                        title,
                        ..Talk::default()
                    });
                }
            }
            Block::Heading { .. } => {}
            Block::Bullet { indent, text, .. } => {
                let Some(talk) = talks.last_mut() else {
                    continue;
                };
                let text = &text.text;
                if let Some(url) = video_link(text) {
                    talk.video_url.get_or_insert_with(|| url.to_owned());
                    talk.video_start = talk.video_start.or(super::dates::url_seconds(url));
                } else if let Some(name) = text
                    .split_once(':')
                    .filter(|(label, _)| {
                        matches!(
                            label.trim().to_lowercase().as_str(),
                            "speaker" | "speakers" | "presenter"
                        )
                    })
                    .map(|(_, name)| name.trim())
                {
                    for name in name.split([',', '&']).flat_map(|n| n.split(" and ")) {
                        let name = name.trim();
                        if !name.is_empty() {
                            talk.speakers.push(super::model::Speaker {
                                name: name.to_owned(),
                                affiliation: None,
                            });
                        }
                    }
                } else if *indent == 0 && !is_bare_link(text) {
                    talk.takeaways.push(text.clone());
                }
            }
            _ => {}
        }
    }
    talks
}

/// "Github Link: https://…" and the like: a label and an address, nothing to learn.
fn is_bare_link(text: &str) -> bool {
    let rest = text.split_once(": ").map_or(text, |(_, r)| r).trim();
    (rest.starts_with("http://") || rest.starts_with("https://")) && !rest.contains(' ')
}

/// Talks of a roundup, with takeaways (the bullets right after) and slides.
fn roundup_talks(
    blocks: &[markdown::Line<'_>],
    paras: &[Option<Para>],
    hosts: &[String],
    author: Option<(String, Option<String>)>,
    event_video: Option<&str>,
) -> Vec<Talk> {
    let mut roster = Roster::default();
    for (block, para) in blocks.iter().zip(paras) {
        match (&block.block, para) {
            (Block::Image { alt, .. }, _) if names::looks_like_full_name(alt) => {
                roster.add(alt, None)
            }
            (_, Some(para)) => {
                let text = &para.plain.text;
                for (at, _) in text.match_indices(" from ") {
                    let Some(name) = names::name_before(text, at, 0) else {
                        continue;
                    };
                    let name_text = &text[name];
                    if !names::looks_like_full_name(&names::clean_name(name_text))
                        || hosts.iter().any(|h| h == name_text)
                    {
                        continue;
                    }
                    let org = names::org_after(text, at + 6).map(|r| &text[r]);
                    roster.add(name_text, org);
                }
            }
            _ => {}
        }
    }
    let ctx = Context {
        roster: &roster,
        hosts,
        author: author.as_ref().map(|(a, o)| (a.as_str(), o.as_deref())),
        event_video,
    };
    let mut talks: Vec<Talk> = Vec::new();
    let mut bullets_follow = false;
    for (block, para) in blocks.iter().zip(paras) {
        match &block.block {
            Block::Bullet { indent, text, .. } => {
                if bullets_follow
                    && *indent == 0
                    && let Some(talk) = talks.last_mut()
                {
                    talk.takeaways.push(text.text.clone());
                }
            }
            Block::Paragraph { raw, .. } => {
                let Some(para) = para else { continue };
                let found: Vec<Talk> = para
                    .sentences
                    .iter()
                    .flat_map(|s| talks::talks_in(para.plain, s.clone(), &ctx))
                    .collect();
                if found.is_empty() {
                    bullets_follow = false;
                    attach_slides(raw, para.plain, talks.last_mut());
                } else {
                    let slides_in_para = para.plain.links.iter().find(|l| {
                        let label = para.plain.text[l.range()].to_lowercase();
                        label.contains("slides") && talks::is_slides(&l.url)
                            || label.contains("slides")
                    });
                    talks.extend(found);
                    if let (Some(link), Some(talk)) = (slides_in_para, talks.last_mut()) {
                        talk.slides_url.get_or_insert_with(|| link.url.clone());
                    }
                    bullets_follow = true;
                }
            }
            Block::Heading { .. } => bullets_follow = false,
            _ => {}
        }
    }
    drop_overview_mentions(talks)
}

/// An overview sentence ("First Josh spoke about …, then David …") names a talk that a later
/// paragraph describes in full: keep the fuller one.
fn drop_overview_mentions(talks: Vec<Talk>) -> Vec<Talk> {
    let evidence = |t: &Talk| {
        usize::from(t.video_url.is_some())
            + usize::from(t.slides_url.is_some())
            + usize::from(t.video_start.is_some())
            + t.takeaways.len()
    };
    let names = |t: &Talk| {
        t.speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Speaker sets that some talk with evidence has: O(talks) with a hash set.
    let with_evidence: std::collections::HashSet<String> = talks
        .iter()
        .filter(|t| evidence(t) > 0)
        .map(names)
        .collect();
    talks
        .into_iter()
        .filter(|t| evidence(t) > 0 || !with_evidence.contains(&names(t)))
        .collect()
}

/// "See her slides [here](url)", "His slides can be found (here)[url]" → the talk's slides.
fn attach_slides(raw: &str, plain: &Plain, talk: Option<&mut Talk>) {
    let Some(talk) = talk else { return };
    let lower = plain.text.to_ascii_lowercase();
    if !lower.contains("slides") || talk.slides_url.is_some() {
        return;
    }
    let url = plain.links.first().map(|l| l.url.clone()).or_else(|| {
        // "(here)[http://bit.ly/x]": brackets the wrong way round.
        let start = raw.find("http")?;
        let end = raw[start..]
            .find([')', ']', ' '])
            .map_or(raw.len(), |e| start + e);
        Some(raw[start..end].to_owned())
    });
    talk.slides_url = url;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(title: &str, speaker: &str) -> Talk {
        Talk {
            title: title.to_owned(),
            speakers: vec![super::super::model::Speaker {
                name: speaker.to_owned(),
                affiliation: None,
            }],
            ..Talk::default()
        }
    }

    /// Rule `post_title_names_talks`: post titles and the talk titles they give.
    #[test]
    fn post_title_names_talks() {
        let table: &[(&str, &[&str])] = &[
            (
                "Gleam - Typed functions for the web + Ruby 3 / March Meetup Recap",
                &["Gleam - Typed functions for the web", "Ruby 3"],
            ),
            // Company names in a title are no talk titles.
            (
                "Meetup June 2019: Acme and Globex",
                &["a tour of Gleam", "recent changes to Ruby 3"],
            ),
        ];
        for (title, expected) in table {
            let mut talks = vec![
                talk("a tour of Gleam", "Ada"),
                talk("recent changes to Ruby 3", "Grace"),
            ];
            titles_from_post_title(title, &[], &mut talks);
            let titles: Vec<&str> = talks.iter().map(|t| t.title.as_str()).collect();
            assert_eq!(titles, *expected, "{title}");
        }
    }

    /// Rule `image_caption`: a caption "Name: Title" names the talk of that person.
    #[test]
    fn image_caption_names_the_talk() {
        let blocks = markdown::blocks(
            "<img src=\"a.jpg\" alt=\"Andraz Novak: Deploying to Clouds\">\n\n![Grace](g.jpg)\n",
            1,
        );
        let mut talks = vec![
            talk("deployment of apps", "Andraž \"Andy\" Novak"),
            talk("compilers", "Grace Hopper"),
        ];
        titles_from_images(&blocks, &mut talks);
        assert_eq!(talks[0].title, "Deploying to Clouds");
        assert_eq!(talks[1].title, "compilers");
    }

    /// A "May" line in a post published in late April or early May is this May, not next
    /// year's (a meetup "in 357 days"); a day is the first one after publication.
    #[test]
    fn next_meetup_in_a_post_of_late_april_is_this_may() {
        let month = || facts::NextMeetup {
            month: Some(5),
            ..facts::NextMeetup::default()
        };
        let day = facts::NextMeetup {
            day: Some((
                super::super::dates::DayMention {
                    weekday: Some(chrono::Weekday::Wed),
                    day: 1,
                    month: 5,
                    year: None,
                },
                7,
            )),
            ..facts::NextMeetup::default()
        };
        let table = [
            (month(), "2019-04-28", "2019-05"),
            (month(), "2019-05-02", "2019-05"),
            (month(), "2019-06-02", "2020-05"),
            (day, "2019-04-28", "2019-05-01"),
        ];
        for (next, published, expected) in table {
            let published = EventDate::parse(published).unwrap();
            let event = next_meetup_event(&next, published, "p.md", &mut Vec::new());
            let got = event.map(|e| e.date.to_string());
            assert_eq!(got.as_deref(), Some(expected), "published {published}");
        }
    }

    /// Combining rules: the first rule's talks win; a second talk of one person stays.
    #[test]
    fn combine_keeps_first_and_adds_new_speakers() {
        let first = vec![talk("Engines", "Ada Lovelace")];
        let mut more_ada = talk("engines described", "Ada Lovelace");
        more_ada.speakers[0].affiliation = Some("Acme".to_owned());
        let more = vec![
            more_ada,
            talk("Compilers", "Grace Hopper"),
            talk("Compilers II", "Grace Hopper"),
        ];
        let talks = combine_talks(first, more);
        assert_eq!(talks.len(), 3);
        assert_eq!(talks[0].title, "Engines");
        assert_eq!(talks[0].speakers[0].affiliation.as_deref(), Some("Acme"));
    }
}
