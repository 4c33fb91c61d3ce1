//! Talk sentences: "NAME from COMPANY <lead-in> TITLE (starting at [31:01](…?t=1861))".
//!
//! `"Next up was Stephane Jourdan from driftctl discussing Why you should take care of
//! infrastructure drift (starting at 1:00:11)."` → one talk, "Why you should take care of
//! infrastructure drift", by Stephane Jourdan (driftctl), 3611 s into the recording.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{DID_NOT_HAPPEN, LEAD_IN, NOT_TALK, TITLE_ENDS, speaker_verbs};
use super::names::{clean_name, listed, name_before, org_after};
use crate::corpus::dates::{clock_seconds, url_seconds};
use crate::corpus::markdown::Plain;
use crate::corpus::model::{Speaker, Talk};

/// People named in the post with their organisation, to resolve "First up, Paul described …".
#[derive(Debug, Default)]
pub struct Roster {
    people: Vec<(String, Option<String>)>,
}

impl Roster {
    pub fn add(&mut self, name: &str, org: Option<&str>) {
        let name = clean_name(name);
        if let Some(entry) = self.people.iter_mut().find(|(n, _)| *n == name) {
            if entry.1.is_none() {
                entry.1 = org.map(str::to_owned);
            }
            return;
        }
        self.people.push((name, org.map(str::to_owned)));
    }

    /// The one full name (and organisation) a first name or full name stands for.
    pub fn resolve(&self, name: &str, org: Option<&str>) -> Option<(String, Option<String>)> {
        if let Some((full, known)) = self.people.iter().find(|(n, _)| n == name) {
            return Some((
                full.clone(),
                org.map(str::to_owned).or_else(|| known.clone()),
            ));
        }
        if name.contains(' ') {
            return None;
        }
        let mut matches = self.people.iter().filter(|(full, known)| {
            full.split(' ').next() == Some(name)
                && full.contains(' ')
                && match (org, known) {
                    (Some(org), Some(known)) => org.eq_ignore_ascii_case(known),
                    _ => true,
                }
        });
        let (full, known) = matches.next()?;
        if matches.any(|(other, _)| other != full) {
            return None;
        }
        Some((
            full.clone(),
            org.map(str::to_owned).or_else(|| known.clone()),
        ))
    }
}

/// What the sentence analysis needs to know about the post.
pub struct Context<'a> {
    pub roster: &'a Roster,
    /// Hosts are never speakers.
    pub hosts: &'a [String],
    /// Who "I" is: the author and their organisation, when the post says.
    pub author: Option<(&'a str, Option<&'a str>)>,
    /// The whole event's recording, for offsets written without a link.
    pub event_video: Option<&'a str>,
}

static NO_TALK: LazyLock<Regex> = LazyLock::new(|| {
    let cues: Vec<String> = NOT_TALK
        .iter()
        .chain(DID_NOT_HAPPEN)
        .map(|c| regex::escape(c))
        .collect();
    Regex::new(&format!("(?i){}", cues.join("|"))).expect("valid regex")
});

static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(?\s*starting(?:\s+at)?\s+(\d{1,2}(?::\d{2}){1,2})\s*\)*")
        .expect("valid regex")
});

static SPEAKER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(" (?:{}) ", speaker_verbs().join("|"))).expect("valid regex")
});

static I_SPOKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]+,? )?(?:then )?I (?:gave|talked|presented|spoke|discussed|shared|described|covered|delivered)\b")
        .expect("valid regex")
});

#[derive(Debug)]
struct Group {
    names: Vec<(Range<usize>, Option<Range<usize>>)>,
    start: usize,
    end: usize,
}

pub fn is_video(url: &str) -> bool {
    [
        "youtu.be/",
        "youtube.com/",
        "vimeo.com/",
        "twitch.tv/",
        "skillsmatter.com/skillscasts",
    ]
    .iter()
    .any(|host| url.contains(host))
}

pub fn is_slides(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [
        "speakerdeck.com",
        "slideshare.net",
        "docs.google.com/presentation",
        "drive.google.com",
        "slides.com",
    ]
    .iter()
    .any(|host| lower.contains(host))
        || lower.ends_with(".pdf")
}

/// `https://www.youtube.com/embed/ID` at `seconds` → `https://youtu.be/ID?t=seconds`.
pub fn video_at(video: &str, seconds: u32) -> String {
    let id = ["youtube.com/embed/", "youtu.be/", "youtube.com/watch?v="]
        .iter()
        .find_map(|prefix| video.split_once(prefix).map(|(_, rest)| rest))
        .map(|rest| rest.split(['?', '&', '#', '/']).next().unwrap_or(rest));
    match id {
        Some(id) if !id.is_empty() => format!("https://youtu.be/{id}?t={seconds}"),
        _ => video.to_owned(),
    }
}

/// The talks one sentence describes (usually none or one).
pub fn talks_in(plain: &Plain, sentence: Range<usize>, ctx: &Context<'_>) -> Vec<Talk> {
    crate::corpus::budget::check();
    let text = &plain.text[sentence.clone()];
    if NO_TALK.is_match(text) {
        return Vec::new();
    }
    let shielded = shielded_ranges(plain, sentence.clone());
    let groups = speaker_groups(text, &shielded, ctx);
    let mut talks = Vec::new();
    if groups.is_empty() {
        if let Some((author, org)) = ctx.author
            && let Some(m) = I_SPOKE.find(text)
        {
            let region = sentence.start + m.end()..sentence.end;
            if let Some(mut talk) = titled_talk(plain, region, ctx, false)
                && talk_title_was_marked(plain, &talk, sentence.clone())
            {
                talk.speakers.push(Speaker {
                    name: author.to_owned(),
                    affiliation: org.map(str::to_owned),
                });
                talks.push(talk);
            }
        }
        return talks;
    }
    for (k, group) in groups.iter().enumerate() {
        let region_end = groups.get(k + 1).map_or(text.len(), |next| next.start);
        let region = sentence.start + group.end..sentence.start + region_end;
        let Some(mut talk) = titled_talk(plain, region, ctx, true) else {
            continue;
        };
        for (name, org) in &group.names {
            let name = clean_name(&text[name.clone()]);
            let org = org.as_ref().map(|r| text[r.clone()].to_owned());
            let (name, affiliation) = ctx
                .roster
                .resolve(&name, org.as_deref())
                .unwrap_or((name, org));
            if ctx.hosts.iter().any(|h| h.eq_ignore_ascii_case(&name))
                || talk.speakers.iter().any(|s| s.name == name)
            {
                continue;
            }
            talk.speakers.push(Speaker { name, affiliation });
        }
        if !talk.speakers.is_empty() {
            talks.push(talk);
        }
    }
    talks
}

/// Whether the title came from a link or quotes in the sentence, as a first-person talk needs
/// ("I gave an overview in [\"Crossing the chasm\"](…)"), unlike "I gave an extended welcome".
fn talk_title_was_marked(plain: &Plain, talk: &Talk, sentence: Range<usize>) -> bool {
    let text = &plain.text[sentence.clone()];
    plain
        .links_in(sentence)
        .any(|l| clean_title(&plain.text[l.range()]) == talk.title)
        || ['"', '“']
            .iter()
            .any(|q| text.contains(&format!("{q}{}", talk.title)))
}

/// Finds "NAME [and NAME] from ORG" and "NAME <verb>" groups, in order. `shielded` are byte
/// ranges (link texts, quotes) where a "from" belongs to a title, not to a speaker. Once a
/// group is followed by a lead-in ("… discussing"), the title has begun: later names in the
/// sentence belong to it unless joined to the speakers by "and".
fn speaker_groups(text: &str, shielded: &[Range<usize>], ctx: &Context<'_>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut floor = 0;
    let mut title_from: Option<usize> = None;
    let shielded = Spans::new(shielded.to_vec());
    let inside = |at: usize| shielded.covers(at);
    for (at, _) in text.match_indices(" from ") {
        crate::corpus::budget::check();
        if at < floor || inside(at) {
            continue;
        }
        let Some(name) = name_before(text, at, floor) else {
            continue;
        };
        if let Some(title_start) = title_from
            && name.start >= title_start
            && !text[floor..name.start].trim_end().ends_with(" and")
        {
            break;
        }
        let org = org_after(text, at + 6);
        let single = !text[name.clone()].contains(' ');
        if single && ctx.roster.resolve(&text[name.clone()], None).is_none() {
            continue;
        }
        let mut names = vec![(name.clone(), org.clone())];
        let mut start = name.start;
        // "Zenon Hannick and Billie Thompson from Armakuni": both share the organisation.
        let mut joined_by_and = false;
        loop {
            let before = &text[floor..start];
            let joiner = [" and ", " & "]
                .into_iter()
                .chain(joined_by_and.then_some(", "))
                .find(|j| before.ends_with(j));
            let Some(joiner) = joiner else { break };
            let Some(other) = name_before(text, start - joiner.len(), floor) else {
                break;
            };
            if !text[other.clone()].contains(' ') {
                break;
            }
            joined_by_and = true;
            start = other.start;
            names.insert(0, (other, org.clone()));
        }
        let end = org.as_ref().map_or(at + 5, |o| o.end);
        floor = end;
        if title_from.is_none() && starts_with_cue(&text[end..]) {
            title_from = Some(end);
        }
        groups.push(Group { names, start, end });
    }
    // Bare names followed by a speaking verb: "Finally Alex Tasioulis talked about …".
    let from_groups = Spans::new(groups.iter().map(|g| g.start..g.end).collect());
    let mut bare_end: Option<usize> = None;
    for m in SPEAKER_VERB.find_iter(text) {
        let (at, verb) = (m.start(), m.as_str().trim());
        {
            if inside(at) || from_groups.covers(at) {
                continue;
            }
            let Some(name) = name_before(text, at, 0) else {
                continue;
            };
            if title_from.is_some_and(|t| name.start >= t) {
                continue;
            }
            let word_count = text[name.clone()].split(' ').count();
            let resolvable = ctx.roster.resolve(&text[name.clone()], None).is_some();
            if !resolvable && (word_count < 2 || verb == "was") {
                continue;
            }
            let after_last_bare = bare_end.is_none_or(|e| name.start >= e);
            if from_groups.overlaps(name.clone()) || !after_last_bare {
                continue;
            }
            bare_end = Some(name.end);
            let end = name.end;
            groups.push(Group {
                start: name.start,
                names: vec![(name, None)],
                end,
            });
        }
    }
    groups.sort_by_key(|g| g.start);
    // Adjacent groups joined by "and" are one talk given by several people.
    let mut merged: Vec<Group> = Vec::new();
    for group in groups {
        if let Some(last) = merged.last_mut() {
            let between = &text[last.end.min(group.start)..group.start];
            if matches!(between.trim(), "and" | "&" | ", and") {
                last.names.extend(group.names);
                last.end = group.end;
                continue;
            }
        }
        merged.push(group);
    }
    merged
}

/// Byte ranges sorted by start, asked "does any cover this byte / overlap this range" in
/// O(log n): the largest end among the ranges starting before a point answers both.
struct Spans {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Spans {
    fn new(mut ranges: Vec<Range<usize>>) -> Spans {
        ranges.sort_by_key(|r| r.start);
        let mut max = 0;
        let max_end = ranges
            .iter()
            .map(|r| {
                max = max.max(r.end);
                max
            })
            .collect();
        Spans {
            starts: ranges.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// Whether some range holds `at` (start ≤ at < end).
    fn covers(&self, at: usize) -> bool {
        let n = self.starts.partition_point(|&s| s <= at);
        n > 0 && self.max_end[n - 1] > at
    }

    /// Whether some range overlaps `range`.
    fn overlaps(&self, range: Range<usize>) -> bool {
        let n = self.starts.partition_point(|&s| s < range.end);
        n > 0 && self.max_end[n - 1] > range.start
    }
}

/// Whether `text` opens with lead-in words, i.e. a title follows.
fn starts_with_cue(text: &str) -> bool {
    has_cue(&text[..lead_in_len(text)])
}

/// Whether lead-in words say something ("discussing", "a talk on"), not just "and the".
fn has_cue(lead_in: &str) -> bool {
    const WEAK: &[&str] = &[
        "and", "the", "a", "an", "then", "also", "who", "we", "was", "is", "were", "had", "us",
    ];
    lead_in
        .split([' ', ','])
        .any(|w| !w.is_empty() && !WEAK.contains(&w))
}

/// Byte ranges of link texts and quoted passages within `range` of the plain text, relative to
/// its start.
fn shielded_ranges(plain: &Plain, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = plain
        .links_in(range.clone())
        .map(|l| l.start - range.start..l.end - range.start)
        .collect();
    let text = &plain.text[range];
    let mut open: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        match (ch, open) {
            ('“', _) => open = Some(i),
            ('"', None) => open = Some(i),
            ('”' | '"', Some(start)) => {
                out.push(start..i);
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// The talk whose title starts in `region` (absolute range in the plain text).
fn titled_talk(
    plain: &Plain,
    region: Range<usize>,
    ctx: &Context<'_>,
    need_cue: bool,
) -> Option<Talk> {
    let text = &plain.text[region.clone()];
    let offset = OFFSET.captures(text).and_then(|caps| {
        let whole = caps.get(0)?;
        let clock = caps.get(1)?;
        let abs = region.start + clock.start()..region.start + clock.end();
        let link = plain
            .link_at(abs.start)
            .filter(|l| abs.end <= l.end)
            .map(|l| l.url.clone());
        Some((whole.start(), clock_seconds(clock.as_str()), link))
    });
    let title_zone_end = offset.as_ref().map_or(text.len(), |(at, _, _)| *at);
    let zone = region.start..region.start + title_zone_end;

    let mut talk = Talk::default();
    let mut title_link = None;
    let link = plain.links_in(zone.clone()).find(|l| {
        let label = plain.text[l.range()].trim();
        let lower = label.to_lowercase();
        clock_seconds(label).is_none()
            && label.chars().count() >= 3
            && !matches!(
                lower.as_str(),
                "here"
                    | "slides"
                    | "video"
                    | "his slides"
                    | "her slides"
                    | "their slides"
                    | "the slides"
                    | "link"
                    | "recording"
            )
    });
    if let Some(link) = link {
        // The link is the title only if what precedes it is lead-in ("talked about how to [X]").
        let before = &plain.text[zone.start..link.start];
        // "from [Acme] and [Globex] with …": a link right after "and" continues the organisation.
        let continues_org = before.trim().eq_ignore_ascii_case("and");
        if !continues_org
            && (lead_in_len(before) == before.len()
                || !need_cue
                || before.split_whitespace().count() < 8)
        {
            talk.title = clean_title(&plain.text[link.range()]);
            title_link = Some(link.url.clone());
        }
    }
    if talk.title.is_empty() {
        let zone_text = &plain.text[zone.clone()];
        let skipped = lead_in_len(zone_text);
        let had_cue = has_cue(&zone_text[..skipped]);
        if need_cue && !had_cue && offset.is_none() {
            return None;
        }
        let rest = &zone_text[skipped..];
        let end = TITLE_ENDS
            .iter()
            .filter_map(|t| rest.find(t))
            .min()
            .unwrap_or(rest.len());
        talk.title = clean_title(&rest[..end]);
    }
    if talk.title.chars().count() < 2 || talk.title.len() > 300 {
        return None;
    }
    let (offset_seconds, offset_link) = match offset {
        Some((_, seconds, link)) => (seconds, link),
        None => (None, None),
    };
    match (&title_link, &offset_link) {
        (_, Some(url)) => {
            talk.video_url = Some(url.clone());
            talk.video_start = url_seconds(url).or(offset_seconds);
        }
        (Some(url), None) if is_video(url) => {
            talk.video_url = Some(url.clone());
            talk.video_start = url_seconds(url).or(offset_seconds);
        }
        _ => {
            if let Some(seconds) = offset_seconds {
                talk.video_start = Some(seconds);
                talk.video_url = ctx.event_video.map(|v| video_at(v, seconds));
            }
        }
    }
    if let Some(url) = title_link
        && is_slides(&url)
        && talk.video_url.as_deref() != Some(url.as_str())
    {
        talk.slides_url = Some(url);
    }
    Some(talk)
}

/// How many bytes at the start of `text` are lead-in words, spaces and commas.
pub(super) fn lead_in_len(text: &str) -> usize {
    let mut pos = 0;
    for word in text.split_inclusive(' ') {
        let bare = word.trim().trim_matches(',');
        if bare.is_empty() || listed(LEAD_IN, bare) {
            pos += word.len();
        } else {
            break;
        }
    }
    pos
}

/// Trims quotes, brackets and trailing punctuation from a title.
pub fn clean_title(title: &str) -> String {
    let mut t = title.trim();
    loop {
        let before = t;
        t = t.trim_end_matches(['.', ',', ':', ';', ' ', ')']).trim();
        if t.starts_with('(') && !t.contains(')') {
            t = &t[1..];
        }
        if let Some(inner) = strip_pair(t) {
            t = inner.trim();
        }
        if t == before {
            break;
        }
    }
    // Unbalanced trailing ")" removed above only when there is no "(" left to close.
    let mut out = t.to_owned();
    if out.matches('(').count() > out.matches(')').count() && title.trim_end().ends_with(')') {
        out.push(')');
    }
    // A leading quoted part, as in “Declarative …” - The why and how …
    for (open, close) in [('“', '”'), ('"', '"')] {
        if out.starts_with(open)
            && let Some(pos) = out[open.len_utf8()..].find(close)
        {
            let end = open.len_utf8() + pos;
            out = format!(
                "{}{}",
                &out[open.len_utf8()..end],
                &out[end + close.len_utf8()..]
            );
        }
    }
    out.trim().to_owned()
}

fn strip_pair(t: &str) -> Option<&str> {
    for (open, close) in [
        ('"', '"'),
        ('“', '”'),
        ('“', '"'),
        ('"', '”'),
        ('‘', '’'),
        ('\'', '\''),
    ] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.contains(open)
            && !inner.contains(close)
        {
            return Some(inner);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::{plain, sentences};

    fn talks(text: &str) -> Vec<Talk> {
        let roster = Roster::default();
        talks_with(text, &roster)
    }

    fn talks_with(text: &str, roster: &Roster) -> Vec<Talk> {
        let ctx = Context {
            roster,
            hosts: &[],
            author: Some(("Ada Host", Some("Org"))),
            event_video: Some("https://www.youtube.com/embed/VID"),
        };
        let p = plain(text);
        sentences(&p)
            .into_iter()
            .flat_map(|s| talks_in(&p, s, &ctx))
            .collect()
    }

    type Summary = (String, Vec<(String, Option<String>)>, Option<u32>);

    fn summary(talk: &Talk) -> Summary {
        (
            talk.title.clone(),
            talk.speakers
                .iter()
                .map(|s| (s.name.clone(), s.affiliation.clone()))
                .collect(),
            talk.video_start,
        )
    }

    #[test]
    fn plain_title_with_offset_link() {
        let t = talks(
            "Next up was Stephane Jourdan from driftctl discussing Why you should take care of infrastructure drift (starting at [1:00:11](https://youtu.be/X?t=3611)). He talked about how:",
        );
        assert_eq!(
            summary(&t[0]),
            (
                "Why you should take care of infrastructure drift".into(),
                vec![("Stephane Jourdan".into(), Some("driftctl".into()))],
                Some(3611)
            )
        );
        assert_eq!(t[0].video_url.as_deref(), Some("https://youtu.be/X?t=3611"));
    }

    #[test]
    fn quoted_link_title_and_two_speakers() {
        let t = talks(
            "Following that, Zenon Hannick and Billie Thompson from Armakuni asked [\"Where's the value?\"](https://skillsmatter.com/skillscasts/1):",
        );
        assert_eq!(t[0].title, "Where's the value?");
        assert_eq!(t[0].speakers.len(), 2);
        assert_eq!(t[0].speakers[0].affiliation.as_deref(), Some("Armakuni"));
        assert_eq!(
            t[0].video_url.as_deref(),
            Some("https://skillsmatter.com/skillscasts/1")
        );
    }

    #[test]
    fn lead_in_is_skipped() {
        let t = talks(
            "Our first speaker was Batel Tova from JFrog, kicking us off for the evening with a discussion on CI/CD Pipeline for Kubernetes (starting at [32:26](https://youtu.be/T?t=1946)). She talked about:",
        );
        assert_eq!(t[0].title, "CI/CD Pipeline for Kubernetes");
        let t = talks(
            "Andrew Jefferson from Neo4j told us about creating Kubernetes operators for fun and profit, and in his experience:",
        );
        assert_eq!(
            t[0].title,
            "creating Kubernetes operators for fun and profit"
        );
        let t = talks(
            "Tom Wilkie from Grafana Labs presented Cortex: Horizontally Scalable, Highly Available Prometheus Monitoring, and his takeaways were that:",
        );
        assert_eq!(
            t[0].title,
            "Cortex: Horizontally Scalable, Highly Available Prometheus Monitoring"
        );
    }

    #[test]
    fn clock_offset_without_link_uses_event_video() {
        let mut roster = Roster::default();
        roster.add("Matt Jarvis", Some("D2iQ"));
        let t = talks_with(
            "First up, Matt was Introducing Kudo (starting at 09:30). His takeaways are:",
            &roster,
        );
        assert_eq!(
            summary(&t[0]),
            (
                "Introducing Kudo".into(),
                vec![("Matt Jarvis".into(), Some("D2iQ".into()))],
                Some(570)
            )
        );
        assert_eq!(
            t[0].video_url.as_deref(),
            Some("https://youtu.be/VID?t=570")
        );
    }

    #[test]
    fn hosts_sponsors_and_cancelled_talks_are_not_talks() {
        assert!(talks("The venue was packed, ably hosted by Dominique Top from Docker London, and featuring three talks.").is_empty());
        assert!(talks("Technical issues prevented our third speaker, Jo Bloggs from Acme, from presenting Kubernetes Things.").is_empty());
        assert!(
            talks("Thanks to our sponsors [Acme](https://acme.io) and [Beta](https://beta.io).")
                .is_empty()
        );
        assert!(
            talks("(From left to right: Kenneth Tan, Pi Unnerup, me and Deepak Ramchandani)")
                .is_empty()
        );
    }

    #[test]
    fn first_person_talk_is_the_authors() {
        let t = talks(
            "Finally I gave an overview about CNCF in [\"Crossing the chasm with cloud native\"](https://skillsmatter.com/skillscasts/2). My takeaways were:",
        );
        assert_eq!(
            summary(&t[0]).1,
            vec![("Ada Host".into(), Some("Org".into()))]
        );
        assert_eq!(t[0].title, "Crossing the chasm with cloud native");
    }
}
