//! Talks written as sections or list items rather than sentences, as meeting minutes and
//! agendas write them. Each rule has its table of example shapes in the tests below.
//!
//! - `heading_then_speaker_line`: "### Talk 2: Typed Python" then "**Speaker:** Ada Lovelace,
//!   Engineer at Acme" → "Typed Python" by Ada Lovelace (Acme).
//! - `title_by_name`: "### Typed Python by Ada Lovelace", or the bullet "* Typed Python by
//!   [Ada](https://…)" → "Typed Python" by Ada Lovelace.
//! - `session_then_topic`: "### 1. Session by Ada" then "**Topic:** Typed Python".
//!
//! A programme item that is not a talk ("Networking and Tea Break by Acme") is never a talk.

use super::lexicon;
use crate::corpus::markdown::{Block, Line, Plain};
use crate::corpus::model::{Speaker, Talk};

/// Talks found by the section rules, in the order of the post.
pub fn section_talks(blocks: &[Line<'_>]) -> Vec<Talk> {
    let mut talks: Vec<Talk> = Vec::new();
    // The talk whose section is open (an index into `talks`) and its heading; the heading that
    // may still get its speaker line; whether a "Lightning talks" section is open.
    let mut open: Option<(usize, String)> = None;
    let mut pending: Option<(String, usize)> = None;
    let mut lightning: Option<usize> = None;
    let mut agenda = false;
    for block in blocks {
        match &block.block {
            Block::Heading { level, text } => {
                if let Some(line) = labelled(text, lexicon::SPEAKER_LABELS) {
                    // "## Title" then "### Speaker: Ada".
                    attach_speakers(&mut talks, &mut open, &mut pending, line);
                    continue;
                }
                open = None;
                pending = None;
                let lower = text.text.to_lowercase();
                agenda = lexicon::AGENDA_HEADINGS.iter().any(|h| lower.contains(h));
                if lightning.is_some_and(|l| *level <= l) {
                    lightning = None;
                }
                if *level == 1 {
                    continue;
                }
                let heading = strip_numbering(&text.text);
                if lightning.is_some() && is_loose_name(heading) && heading.split(' ').count() <= 4
                {
                    open = Some((talks.len(), heading.to_owned()));
                    talks.push(named(heading));
                } else if let Some(talk) = title_by_name(text, heading) {
                    open = Some((talks.len(), heading.to_owned()));
                    talks.push(talk);
                } else if (heading == text.text.trim() || heading == unnumbered(&text.text))
                    && text.text.to_lowercase().contains("lightning")
                {
                    lightning = Some(*level);
                } else if !is_programme_item(heading) && !heading.is_empty() && !agenda {
                    pending = Some((heading.to_owned(), *level));
                }
            }
            Block::Paragraph { text, .. } | Block::Bullet { text, .. } => {
                if let Some(line) = labelled(text, lexicon::SPEAKER_LABELS) {
                    attach_speakers(&mut talks, &mut open, &mut pending, line);
                    continue;
                }
                if let Some(topic) = labelled(text, lexicon::TOPIC_LABELS)
                    && let Some((k, _)) = &open
                    && talks[*k].title.is_empty()
                {
                    talks[*k].title = super::talks::clean_title(topic);
                    continue;
                }
                // "**Ada**" alone, or "2. **Ada**: showed a game", in a lightning-talks section.
                if lightning.is_some()
                    && let Some((name, rest)) = bold_name(text)
                {
                    let mut talk = named(name);
                    talk.title = rest.map(described).unwrap_or_default();
                    open = Some((talks.len(), name.to_owned()));
                    talks.push(talk);
                    continue;
                }
                if let Block::Bullet { .. } = block.block
                    && open.is_none()
                    && pending.is_none()
                {
                    let whole_link =
                        text.links.len() == 1 && text.links[0].range() == (0..text.text.len());
                    let talk = title_by_name(text, &text.text).or_else(|| {
                        (agenda || whole_link)
                            .then(|| name_colon_title(&text.text))
                            .flatten()
                    });
                    if let Some(talk) = talk {
                        talks.push(talk);
                        continue;
                    }
                }
                // "## Slides" then "[Ada Lovelace: Engines](…) [Grace Hopper: Compilers](…)".
                if agenda && open.is_none() && text.links.len() > 1 {
                    let linked: Vec<Talk> = text
                        .links
                        .iter()
                        .filter_map(|l| name_colon_title(&text.text[l.range()]))
                        .collect();
                    if !linked.is_empty() {
                        talks.extend(linked);
                        continue;
                    }
                }
                // A generic "Lightning Talk by Ada" section: its first line describes the talk.
                if let Some((k, _)) = &open
                    && talks[*k].title.is_empty()
                {
                    talks[*k].title = described(&text.text);
                }
            }
            _ => {}
        }
    }
    talks.retain(|t| !t.speakers.is_empty() && !t.title.is_empty());
    talks
}

/// Rule `name_colon_title`, for agenda items and slide links: "Ada Lovelace, Acme: Counting
/// Sheep" → "Counting Sheep" by Ada Lovelace (Acme).
fn name_colon_title(text: &str) -> Option<Talk> {
    let (who, title) = text.split_once(": ")?;
    let (name, org) = match who.split_once(", ") {
        Some((name, org)) => (name.trim(), Some(org.trim())),
        None => (who.trim(), None),
    };
    let title = super::talks::clean_title(title);
    if !is_loose_name(name) || name.split(' ').count() < 2 || title.chars().count() < 3 {
        return None;
    }
    Some(Talk {
        title,
        speakers: vec![Speaker {
            name: name.to_owned(),
            affiliation: org.filter(|o| !o.is_empty()).map(str::to_owned),
        }],
        ..Talk::default()
    })
}

/// Rule `quoted_title_then_owner`: the bullet '"Engines for all" - Ada's discussion of gears'
/// → "Engines for all" by Ada (a first name the post resolves later).
pub fn quoted_bullet_talks(blocks: &[Line<'_>]) -> Vec<Talk> {
    let mut talks = Vec::new();
    for block in blocks {
        let Block::Bullet { text, .. } = &block.block else {
            continue;
        };
        let text = text.text.trim();
        let Some(open) = text.chars().next().filter(|c| matches!(c, '"' | '“')) else {
            continue;
        };
        let close = if open == '“' { '”' } else { '"' };
        let inner_start = open.len_utf8();
        // The closing quote that is followed by " - ".
        let Some(end) = text[inner_start..]
            .match_indices(close)
            .map(|(i, _)| inner_start + i)
            .find(|&i| {
                text[i + close.len_utf8()..]
                    .trim_start()
                    .starts_with(['-', '–'])
            })
        else {
            continue;
        };
        let title = super::talks::clean_title(&text[inner_start..end]);
        let rest = text[end + close.len_utf8()..]
            .trim_start()
            .trim_start_matches(['-', '–'])
            .trim_start();
        let Some((owner, after)) = rest.split_once("'s ").or_else(|| rest.split_once("’s "))
        else {
            continue;
        };
        let noun_follows = after.split_whitespace().take(3).any(|w| {
            lexicon::TALK_NOUNS.contains(&w.to_lowercase().trim_matches([',', '.']))
                || w.starts_with("demo")
                || w.starts_with("discussion")
        });
        if is_loose_name(owner) && noun_follows && title.chars().count() >= 3 {
            talks.push(Talk {
                title,
                speakers: vec![Speaker {
                    name: owner.to_owned(),
                    affiliation: None,
                }],
                ..Talk::default()
            });
        }
    }
    talks
}

/// A speaker line names who gave the open talk, or the talk of the pending heading.
fn attach_speakers(
    talks: &mut Vec<Talk>,
    open: &mut Option<(usize, String)>,
    pending: &mut Option<(String, usize)>,
    line: &str,
) {
    let speakers = speaker_line(line);
    if speakers.is_empty() {
        return;
    }
    if let Some((title, _)) = pending.take() {
        *open = Some((talks.len(), title.clone()));
        talks.push(Talk {
            title,
            speakers,
            ..Talk::default()
        });
    } else if let Some((k, heading)) = open {
        let talk = &mut talks[*k];
        if !talk
            .speakers
            .iter()
            .all(|s| is_first_name_of(&s.name, &speakers))
        {
            // "## Bitten by Python" then "Speaker: Ada": the whole heading was the title.
            talk.title = super::talks::clean_title(heading);
        }
        talk.speakers = speakers;
    }
}

fn named(name: &str) -> Talk {
    Talk {
        speakers: vec![Speaker {
            name: name.to_owned(),
            affiliation: None,
        }],
        ..Talk::default()
    }
}

/// "**Ada**" or "**Ada**: showed a game" → the name and what follows the colon.
fn bold_name(text: &Plain) -> Option<(&str, Option<&str>)> {
    let first = text.emphasis.iter().find(|e| e.start == 0)?;
    let name = text.text[first.clone()].trim().trim_end_matches(':');
    let rest = text.text[first.end..].trim_start();
    let rest = match rest.strip_prefix(':') {
        Some(r) => Some(r.trim()),
        None if rest.is_empty() => None,
        None => return None,
    };
    (is_loose_name(name) && name.split(' ').count() <= 4).then_some((name, rest))
}

/// A described talk: "Spoke about precise clocks. Then …" → "precise clocks".
fn described(text: &str) -> String {
    let clause = first_clause(text);
    let skip = super::talks::lead_in_len(&clause.to_ascii_lowercase());
    let rest = clause[skip..].trim();
    if rest.is_empty() {
        clause
    } else {
        rest.to_owned()
    }
}

/// "Talk 2: Typed Python", "1. Session by Ada", "Lightning Talk #3: X" → the part after the
/// numbering.
/// A heading without its leading number only: "4. Lightning Talks" → "Lightning Talks".
fn unnumbered(heading: &str) -> &str {
    let rest = heading.trim();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    match rest[digits..].strip_prefix(['.', ')']) {
        Some(after) if digits > 0 => after.trim_start(),
        _ => rest,
    }
}

fn strip_numbering(heading: &str) -> &str {
    let mut rest = heading.trim();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(['.', ')']) {
        rest = rest[digits + 1..].trim_start();
    }
    // "Second talk - Generators": an ordinal and a talk word before the title.
    let lower = rest.to_lowercase();
    if let Some(first) = lower.split_whitespace().next()
        && lexicon::ORDINALS.contains(&first)
    {
        let after = rest[first.len()..].trim_start();
        for label in lexicon::TALK_LABELS {
            if after.to_lowercase().starts_with(label) {
                let title = after[label.len()..].trim_start();
                if let Some(t) = title
                    .strip_prefix('-')
                    .or_else(|| title.strip_prefix(':'))
                    .or_else(|| title.strip_prefix('–'))
                {
                    return t.trim();
                }
            }
        }
    }
    for label in lexicon::TALK_LABELS {
        if lower.starts_with(label) {
            let after = rest[label.len()..].trim_start();
            let after = after.trim_start_matches('#');
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let after = after[digits..].trim_start();
            if let Some(title) = after.strip_prefix(':').or_else(|| after.strip_prefix(" -")) {
                return title.trim();
            }
            if digits > 0 && after.is_empty() {
                // Empty, but inside `heading`: callers measure offsets from it ("Session 1").
                return after;
            }
        }
    }
    rest
}

/// Whether a heading or item names a programme slot that is no talk ("Networking and Tea
/// Break", "Group Photo", "Date & Time").
fn is_programme_item(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| super::names::listed(lexicon::PROGRAMME_WORDS, w))
        || lexicon::SECTION_HEADINGS.iter().any(|h| lower.trim() == *h)
}

/// "Typed Python by Ada Lovelace", "Typed Python by [Ada](…)", "Lightning Talk by Ada and
/// Grace": a title, then "by" and the names that end the line.
fn title_by_name(plain: &Plain, text: &str) -> Option<Talk> {
    // Where `text` starts in the block: a slice of it, or (a line rebuilt from it) found in it.
    let base = plain.text.as_ptr() as usize;
    let start = text.as_ptr() as usize;
    let shift = if start >= base && start + text.len() <= base + plain.text.len() {
        start - base
    } else {
        plain.text.find(text)?
    };
    let at = text.rfind(" by ")?;
    let title = strip_numbering(text[..at].trim());
    let names_text = text[at + 4..].trim().trim_end_matches(['.', ':']);
    let before = title.rsplit(' ').next().unwrap_or("").to_lowercase();
    if is_programme_item(title) || super::names::listed(lexicon::BY_PARTICIPLES, &before) {
        return None;
    }
    let names_start = shift + at + 4 + (text[at + 4..].len() - text[at + 4..].trim_start().len());
    let starting_here = || {
        let first = plain.links.partition_point(|l| l.start < names_start);
        plain.links[first..]
            .iter()
            .take_while(|l| l.start == names_start)
    };
    let linked = starting_here().any(|l| lexicon::is_profile_url(&l.url));
    // "… by Ada Lovelace from Acme": the organisation after the name.
    let (names_text, org) = match names_text.split_once(" from ") {
        Some((names, org)) => (names.trim(), Some(org.trim())),
        None => (names_text, None),
    };
    let link_text = starting_here()
        .find(|l| lexicon::is_profile_url(&l.url))
        .map(|l| &plain.text[l.range()]);
    let names = match link_text {
        Some(name) => vec![name],
        None => split_names(names_text),
    };
    if names.is_empty() || !names.iter().all(|n| is_loose_name(n) || linked) {
        return None;
    }
    let generic = lexicon::TALK_LABELS.iter().any(|l| {
        title
            .to_lowercase()
            .trim_end_matches(|c: char| c == '#' || c.is_ascii_digit() || c == ' ')
            == *l
    });
    Some(Talk {
        title: if generic {
            String::new()
        } else {
            super::talks::clean_title(title)
        },
        speakers: names
            .into_iter()
            .map(|n| Speaker {
                name: n.to_owned(),
                affiliation: org.filter(|o| !o.is_empty()).map(str::to_owned),
            })
            .collect(),
        ..Talk::default()
    })
}

/// "Speaker: Ada" → "Ada", for a block that opens with one of the labels.
fn labelled<'a>(plain: &'a Plain, labels: &[&str]) -> Option<&'a str> {
    let text = plain.text.trim_start_matches(['-', '*', ' ']);
    let (label, rest) = text.split_once(':')?;
    let label = label.trim().to_lowercase();
    labels
        .iter()
        .any(|l| label == *l)
        .then(|| rest.trim())
        .filter(|r| !r.is_empty())
}

/// "Ada Lovelace, Architect at Acme" → Ada Lovelace (Acme); "Ada and Grace" → two speakers.
fn speaker_line(line: &str) -> Vec<Speaker> {
    let (names, rest) = match line.find([',', '(', '|']) {
        Some(at) => (&line[..at], line[at + 1..].trim_end_matches(')').trim()),
        None => (line, ""),
    };
    let (names, rest) = match names.find(" - ").or_else(|| names.find(" – ")) {
        Some(at) => (
            &names[..at],
            names[at..].trim_start_matches([' ', '-', '–']),
        ),
        None => (names, rest),
    };
    let affiliation = affiliation_in(rest);
    split_names(names.trim())
        .into_iter()
        .filter(|n| is_loose_name(n))
        .map(|n| Speaker {
            name: n.to_owned(),
            affiliation: affiliation.clone(),
        })
        .collect()
}

/// The organisation in "Role at Org", "Org @ City", "Role, Org, City" after a speaker's name.
pub fn affiliation_in(rest: &str) -> Option<String> {
    let rest = rest.trim().trim_end_matches('.');
    if rest.is_empty() {
        return None;
    }
    for cue in [" at ", " from "] {
        if let Some(at) = rest.find(cue) {
            let org = rest[at + cue.len()..]
                .split([',', '(', '@'])
                .next()
                .unwrap_or("")
                .trim();
            if !org.is_empty() {
                return Some(org.to_owned());
            }
        }
    }
    // "Crayond @ Chennai": the organisation before the city.
    if let Some((org, _)) = rest.split_once('@') {
        let org = org.trim();
        return (!org.is_empty()).then(|| org.to_owned());
    }
    // "Assistant Professor, IRTT, Erode": the first part that is not a role; a lone last part
    // ("Ada, Chennai") is taken for a place.
    let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    if let Some(org) = parts.iter().find(|p| lexicon::is_organisation(p)) {
        return Some((*org).to_owned());
    }
    parts[..parts.len() - 1]
        .iter()
        .find(|p| {
            !lexicon::is_role(p)
                && p.chars().next().is_some_and(char::is_uppercase)
                && p.chars().filter(|c| c.is_alphanumeric()).count() > 2
        })
        .map(|p| (*p).to_owned())
}

/// "Ada and Grace", "Ada & Grace", "Ada, Grace" → each name.
fn split_names(text: &str) -> Vec<&str> {
    text.split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(", "))
        .map(|n| n.trim().trim_end_matches(['.', ',', ':']))
        .filter(|n| !n.is_empty())
        .collect()
}

/// A name as a speaker label writes it: one to six words, each capitalised or an initial
/// ("Vijay Kumar B", "Dr. R. Senthilkumar", "S.Venkatesh", "Lt Col CR Sundar").
fn is_loose_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        && !words
            .iter()
            .any(|w| super::names::listed(lexicon::NOT_NAME_WORDS, &w.to_lowercase()))
}

fn is_first_name_of(short: &str, speakers: &[Speaker]) -> bool {
    speakers
        .iter()
        .any(|s| s.name == short || s.name.split_whitespace().next() == Some(short))
}

/// The first clause of a description: "Shared tips on packaging. Then …" → "Shared tips on
/// packaging".
fn first_clause(text: &str) -> String {
    let end = text
        .find(". ")
        .or_else(|| text.find(": "))
        .unwrap_or(text.len());
    super::talks::clean_title(&text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::blocks;

    /// Regression: a line that is not a slice of its block's text (a schedule line rebuilt from
    /// it) made the offset arithmetic underflow and the post was lost to an internal error.
    #[test]
    fn title_by_name_on_a_line_apart_from_its_block_never_panics() {
        let plain = Plain {
            text: "Typed pipelines by Ada Quill".to_owned(),
            ..Plain::default()
        };
        let apart = String::from("Typed pipelines by Ada Quill");
        let talk = title_by_name(&plain, &apart).expect("read from the block's copy");
        assert_eq!(talk.title, "Typed pipelines");
        let elsewhere = String::from("Other words by Bo Lindqvist");
        assert_eq!(title_by_name(&plain, &elsewhere), None);
    }

    type Row = (String, Vec<(String, Option<String>)>);

    fn read(body: &str) -> Vec<Row> {
        section_talks(&blocks(body, 1))
            .into_iter()
            .map(|t| {
                (
                    t.title,
                    t.speakers
                        .into_iter()
                        .map(|s| (s.name, s.affiliation))
                        .collect(),
                )
            })
            .collect()
    }

    fn one(title: &str, name: &str, org: Option<&str>) -> Row {
        (
            title.to_owned(),
            vec![(name.to_owned(), org.map(str::to_owned))],
        )
    }

    /// Rule `heading_then_speaker_line`: example shapes and what they yield.
    #[test]
    fn heading_then_speaker_line() {
        let table: &[(&str, Vec<Row>)] = &[
            (
                "### Talk 1: Counting Sheep\n**Speaker:** Ada Lovelace, Engineer at Acme Corp\n\n- notes",
                vec![one("Counting Sheep", "Ada Lovelace", Some("Acme Corp"))],
            ),
            (
                "## Graphs for Everyone\n\n- Speaker: Grace B\n\nShe explained graphs.",
                vec![one("Graphs for Everyone", "Grace B", None)],
            ),
            (
                "### Parsing Logs\n**Speaker:** Alan Turing, Widget Labs @ Leeds",
                vec![one("Parsing Logs", "Alan Turing", Some("Widget Labs"))],
            ),
            (
                "### Lightning Talk: Tiny Tools\n**Presenter:** Dr. R. Kumar, Lecturer, Northbridge College, Leeds",
                vec![one(
                    "Tiny Tools",
                    "Dr. R. Kumar",
                    Some("Northbridge College"),
                )],
            ),
            (
                "## Bitten by Snakes\n\n- Speaker: Ravi Kumar B",
                vec![one("Bitten by Snakes", "Ravi Kumar B", None)],
            ),
            (
                "## Spreadsheets in Code\n### Speaker: Arun Prakash\n### Opening a sheet",
                vec![one("Spreadsheets in Code", "Arun Prakash", None)],
            ),
            (
                "### Small Robots\n**Speaker:** Dr. Meena, Head, CS, Riverside Engineering College",
                vec![one(
                    "Small Robots",
                    "Dr. Meena",
                    Some("Riverside Engineering College"),
                )],
            ),
            ("### Coffee Break\n**Speaker:** Ada Lovelace", vec![]),
            ("### Venue\nThe usual place.", vec![]),
        ];
        for (body, expected) in table {
            assert_eq!(&read(body), expected, "{body}");
        }
    }

    /// Rule `quoted_title_then_owner`.
    #[test]
    fn quoted_title_then_owner() {
        let body = "* \"What is an engine (to you?)\" - Ada's discussion on the idea.\n* \"Gears\" - Grace's lightning demos on cogs.\n* The pastries were great.";
        let talks: Vec<(String, String)> = quoted_bullet_talks(&blocks(body, 1))
            .into_iter()
            .map(|t| (t.title, t.speakers[0].name.clone()))
            .collect();
        assert_eq!(
            talks,
            [
                ("What is an engine (to you?)".to_owned(), "Ada".to_owned()),
                ("Gears".to_owned(), "Grace".to_owned())
            ]
        );
    }

    /// Rule `title_by_name` in headings and bullets, and `session_then_topic`.
    #[test]
    fn title_by_name_and_topic() {
        let table: &[(&str, Vec<Row>)] = &[
            (
                "### Packet Sniffing in Practice by Ravi\n\n- notes",
                vec![one("Packet Sniffing in Practice", "Ravi", None)],
            ),
            (
                "- Faster Builds by [Meena](https://www.meetup.com/members/1)\n- Small Servers by Arun Kumar",
                vec![
                    one("Faster Builds", "Meena", None),
                    one("Small Servers", "Arun Kumar", None),
                ],
            ),
            (
                "### 2. Session by Priya\n**Topic:** The Joy of Iterators\n\n- notes",
                vec![one("The Joy of Iterators", "Priya", None)],
            ),
            (
                "### Lightning Talk #2 by Kavya\nShowed a tiny web game. It was fun.",
                vec![one("tiny web game", "Kavya", None)],
            ),
            (
                "## Lightning Talks\n\n#### Kavya Rao\n- Spoke about **tiny clocks** in hardware\n\n**Meena**\n\n- Cheap sensors for farms",
                vec![
                    one("tiny clocks in hardware", "Kavya Rao", None),
                    one("Cheap sensors for farms", "Meena", None),
                ],
            ),
            (
                "### 3. Lightning Talks\n\n#### Kavya Rao\n- Spoke about **tiny clocks** in hardware\n\n#### Arun\n- Demo on **laptop kernels**\n- Explained drivers",
                vec![
                    one("tiny clocks in hardware", "Kavya Rao", None),
                    one("laptop kernels", "Arun", None),
                ],
            ),
            (
                "## Lightning Talks\n\n1. **Zen of Snakes**: a short talk.\n2. **Arun**: Demoed his websites.",
                vec![one("websites", "Arun", None)],
            ),
            (
                "## Agenda\n\n* Ada Lovelace, Acme: Counting Sheep\n* Grace Hopper: Small Compilers",
                vec![
                    one("Counting Sheep", "Ada Lovelace", Some("Acme")),
                    one("Small Compilers", "Grace Hopper", None),
                ],
            ),
            (
                "Slides:\n\n* [Alan Turing: Thinking Machines](https://slides.example/x)",
                vec![one("Thinking Machines", "Alan Turing", None)],
            ),
            (
                "## Slides\n\n<a href=\"https://s.example/1\">Ada Lovelace: Engines</a> <br>\n<a href=\"https://s.example/2\">Grace Hopper: Compilers</a>",
                vec![
                    one("Engines", "Ada Lovelace", None),
                    one("Compilers", "Grace Hopper", None),
                ],
            ),
            ("* Key Takeaways: be kind", vec![]),
            (
                "## Schedule\n\n    18:00 Doors open\n    18:30 Second talk - Small Servers by Arun Kumar from Initech\n",
                vec![one("Small Servers", "Arun Kumar", Some("Initech"))],
            ),
            ("### Networking and Tea Break by Acme Studios", vec![]),
            ("- Open source, maintained by Apache", vec![]),
            ("- Learn Lisp by building small applications", vec![]),
        ];
        for (body, expected) in table {
            assert_eq!(&read(body), expected, "{body}");
        }
    }
}
