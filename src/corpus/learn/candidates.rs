//! Candidate spans: every run of capitalised words (and every short link text) in a post's
//! blocks is a possible speaker; for a speaker, the spans around it are possible titles.
//!
//! `"#### Ada Quill - Typed pipelines"` → name candidates `["Ada Quill"]` (a heading's run of
//! two capitalised words); for it, title candidates include `"Typed pipelines"` (the heading's
//! rest, without the name and the dash).
//!
//! Cost: one pass over each block's text, O(n) in the post.

use std::ops::Range;

use crate::corpus::markdown::{Block, Line, Plain};

/// Where a block sits: the structure a feature may look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The post's own title (front matter or first heading).
    Title,
    Heading(usize),
    Paragraph,
    Bullet,
    /// A front-matter value under a key.
    Front,
}

impl Place {
    pub fn tag(self) -> &'static str {
        match self {
            Place::Title => "title",
            Place::Heading(1 | 2) => "h12",
            Place::Heading(_) => "h3",
            Place::Paragraph => "para",
            Place::Bullet => "bullet",
            Place::Front => "front",
        }
    }
}

/// One block of text the model reads, whatever its source.
#[derive(Clone, Debug)]
pub struct Span<'a> {
    pub place: Place,
    pub text: &'a Plain,
    pub line: usize,
    /// The front-matter key, for `Place::Front`.
    pub key: Option<&'a str>,
}

/// The blocks of a post as the model reads them: the title first, then the body's blocks.
pub fn spans<'a>(title: Option<&'a Plain>, blocks: &'a [Line<'a>]) -> Vec<Span<'a>> {
    let mut out = Vec::with_capacity(blocks.len() + 1);
    if let Some(title) = title {
        out.push(Span {
            place: Place::Title,
            text: title,
            line: 1,
            key: None,
        });
    }
    for b in blocks {
        let place = match &b.block {
            Block::Heading { level, .. } => Place::Heading(*level),
            Block::Paragraph { .. } => Place::Paragraph,
            Block::Bullet { .. } => Place::Bullet,
            _ => continue,
        };
        if let Some(text) = b.block.plain() {
            out.push(Span {
                place,
                text,
                line: b.line,
                key: None,
            });
        }
    }
    out
}

/// A possible speaker: a run of capitalised words, or a short link text.
#[derive(Clone, Debug, PartialEq)]
pub struct NameCandidate {
    /// Index into the post's spans.
    pub span: usize,
    pub range: Range<usize>,
    pub text: String,
}

/// Particles that may stand between capitalised words of one name ("Anne de Vries").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos", "das",
    "bin", "al", "ter", "ten", "y",
];

/// The word tokens of a text: (byte range, text), words being runs of letters, digits, `'`,
/// `’`, `-` and `.` inside a word.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev_alnum = false;
    for (i, c) in text.char_indices() {
        let inner = matches!(c, '\'' | '’' | '-' | '.') && prev_alnum;
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
            prev_alnum = c.is_alphanumeric();
        } else {
            if let Some(s) = start.take() {
                out.push(s..trim_word_end(text, s, i));
            }
            prev_alnum = false;
        }
    }
    if let Some(s) = start {
        out.push(s..trim_word_end(text, s, text.len()));
    }
    out
}

/// A word does not end in `.`, `-` or an apostrophe ("Quill." → "Quill").
fn trim_word_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let last = text[..end].chars().next_back().unwrap_or(' ');
        if matches!(last, '\'' | '’' | '-' | '.') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase() && word.chars().any(char::is_alphabetic)
}

/// The most words a name candidate has.
pub const MAX_NAME_WORDS: usize = 4;

/// Every maximal run of one to four capitalised words (particles allowed inside), and every
/// link text of one to five words, in each span.
pub fn name_candidates(spans: &[Span<'_>]) -> Vec<NameCandidate> {
    let mut out = Vec::new();
    for (k, span) in spans.iter().enumerate() {
        let text = &span.text.text;
        let toks = words(text);
        let mut i = 0;
        while i < toks.len() {
            if !capitalised(&text[toks[i].clone()]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len() && j - i < MAX_NAME_WORDS + 2 {
                let gap = &text[toks[j - 1].end..toks[j].start];
                if !gap.chars().all(|c| c == ' ' || c == '\u{a0}') {
                    break;
                }
                let w = &text[toks[j].clone()];
                if capitalised(w) {
                    j += 1;
                } else if PARTICLES.contains(&w) && j + 1 < toks.len() && {
                    let next = &text[toks[j + 1].clone()];
                    capitalised(next)
                        && text[toks[j].end..toks[j + 1].start]
                            .chars()
                            .all(|c| c == ' ')
                } {
                    j += 2;
                } else {
                    break;
                }
            }
            if j - i <= MAX_NAME_WORDS {
                let range = toks[i].start..toks[j - 1].end;
                out.push(NameCandidate {
                    span: k,
                    text: text[range.clone()].to_owned(),
                    range,
                });
            }
            i = j;
        }
        for link in &span.text.links {
            let range = link.range();
            let Some(inner) = text.get(range.clone()) else {
                continue;
            };
            let n = words(inner).len();
            let known = out
                .iter()
                .any(|c: &NameCandidate| c.span == k && c.range == range);
            if (1..=5).contains(&n)
                && !known
                && inner.chars().next().is_some_and(char::is_alphabetic)
            {
                out.push(NameCandidate {
                    span: k,
                    text: inner.trim().to_owned(),
                    range,
                });
            }
        }
    }
    out
}

/// A possible title for a speaker, with what kind of span it is.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleCandidate {
    pub text: String,
    pub source: &'static str,
    /// Spans between the name's block and the title's (0: the same block).
    pub distance: usize,
}

const SEPARATORS: &[char] = &[
    '-', '–', '—', ':', '|', ',', '(', ')', '"', '“', '”', '«', '»', ' ',
];

/// The spans around a speaker that may be the talk's title: the rest of its block without the
/// name, link texts, emphasis and quotes of the block, the heading above it, the post title.
pub fn title_candidates(spans: &[Span<'_>], name: &NameCandidate) -> Vec<TitleCandidate> {
    let mut out: Vec<TitleCandidate> = Vec::new();
    let mut push = |text: &str, source: &'static str, distance: usize| {
        let t = text.trim_matches(SEPARATORS).trim();
        let n = words(t).len();
        if (1..=25).contains(&n) && !out.iter().any(|c| c.text == t) {
            out.push(TitleCandidate {
                text: t.to_owned(),
                source,
                distance,
            });
        }
    };
    let span = &spans[name.span];
    let text = &span.text.text;
    let before = &text[..name.range.start];
    let after = &text[name.range.end..];
    push(after, "after", 0);
    push(before, "before", 0);
    // The sentence holding the name: its part before the name, without a trailing cue word
    // ("… was Typed pipelines by"), and each of that part's tails from a capitalised word.
    let start = sentence_start(before);
    let clause = strip_cue(&before[start..]);
    push(clause, "clause_before", 0);
    for w in words(clause).into_iter().skip(1) {
        if clause[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            push(&clause[w.start..], "clause_tail", 0);
        }
    }
    if let Some(cut) = after.find(['.', '!', '?', ';']) {
        push(&after[..cut], "after_clause", 0);
    }
    for cue in [" on ", " about ", " sur ", " über ", " talk ", " titled "] {
        if let Some(at) = after.find(cue) {
            let rest = &after[at + cue.len()..];
            let end = rest.find(['.', '!', '?', ';', '(']).unwrap_or(rest.len());
            push(&rest[..end], "cue", 0);
        }
    }
    add_marked(span.text, name, &mut push, 0);
    // Neighbouring blocks: the one after (a description under a heading) and the headings above.
    if let Some(next) = spans.get(name.span + 1) {
        add_marked(next.text, name, &mut push, 1);
        if matches!(next.place, Place::Heading(_) | Place::Bullet) {
            push(&next.text.text, "next_block", 1);
        }
    }
    let mut seen_heading = false;
    for back in (0..name.span).rev() {
        let s = &spans[back];
        match s.place {
            Place::Heading(_) if !seen_heading => {
                push(&s.text.text, "heading_above", name.span - back);
                seen_heading = true;
            }
            Place::Title => push(&s.text.text, "post_title", name.span - back),
            _ => {}
        }
        if name.span - back > 6 && seen_heading {
            break;
        }
    }
    if let Some(first) = spans.first().filter(|s| s.place == Place::Title) {
        push(&first.text.text, "post_title", name.span);
        // "Spring Meetup: Typed pipelines" → its part after the label.
        for sep in [": ", " - ", " – ", " | "] {
            if let Some((_, rest)) = first.text.text.split_once(sep) {
                push(rest, "post_title_part", name.span);
            }
        }
    }
    out
}

/// The host of a link, as a class: a person's profile, a video, a meetup page, other.
pub fn link_class(url: &str) -> &'static str {
    let Some((_, rest)) = url.split_once("://") else {
        return "local";
    };
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    let profile = [
        "linkedin.com",
        "github.com",
        "gitlab.com",
        "twitter.com",
        "x.com",
        "mastodon",
        "fosstodon",
        "bsky.app",
        "keybase.io",
        "about.me",
    ];
    if profile.iter().any(|p| host.contains(p)) {
        "profile"
    } else if host.contains("youtu") || host.contains("vimeo") {
        "video"
    } else if host.contains("meetup.com") || host.contains("eventbrite") {
        "event"
    } else if host.contains("slide") || host.contains("speakerdeck") {
        "slides"
    } else {
        "other"
    }
}

/// A neighbouring word as a feature: written in lower case, it is a cue word ("by", "par",
/// "from") and stands for itself; with a capital or a digit it may be a name, so it stands
/// only as "Cap", and no person, company or blog ever becomes a feature of the model.
pub fn cue(word: &str) -> String {
    if word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
        "Cap".to_owned()
    } else {
        word.to_owned()
    }
}

/// A possible organisation of a speaker: a capitalised run or a link text after the name, in
/// its block or the next one, with the word before it and how far from the name it is.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgCandidate {
    pub text: String,
    pub prev: String,
    /// Words between the name and the candidate.
    pub gap: usize,
    pub next_block: bool,
    pub link: Option<&'static str>,
}

/// The organisations a speaker may belong to: up to 40 words after the name, and the first
/// 40 words of the next block.
pub fn org_candidates(spans: &[Span<'_>], name: &NameCandidate) -> Vec<OrgCandidate> {
    let mut out = Vec::new();
    let mut scan = |plain: &Plain, from: usize, next_block: bool| {
        let text = &plain.text;
        let toks = words(&text[from..]);
        let mut i = 0;
        while i < toks.len().min(40) {
            let w = &toks[i];
            let word = &text[from + w.start..from + w.end];
            if !word
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len() && j - i < 5 {
                let gap = &text[from + toks[j - 1].end..from + toks[j].start];
                let next = &text[from + toks[j].start..from + toks[j].end];
                if gap == " " && next.chars().next().is_some_and(char::is_uppercase) {
                    j += 1;
                } else {
                    break;
                }
            }
            let range = from + toks[i].start..from + toks[j - 1].end;
            let prev = text[..range.start]
                .trim_end()
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .map(cue)
                .unwrap_or_default();
            let link = plain.link_at(range.start).map(|l| link_class(&l.url));
            let candidate = &text[range.clone()];
            if candidate != name.text {
                out.push(OrgCandidate {
                    text: candidate.to_owned(),
                    prev: if prev.chars().all(char::is_alphabetic) || prev.len() <= 1 {
                        prev
                    } else {
                        prev.chars().filter(|c| !c.is_alphanumeric()).collect()
                    },
                    gap: i,
                    next_block,
                    link,
                });
            }
            i = j;
        }
    };
    let span = &spans[name.span];
    scan(span.text, name.range.end, false);
    if let Some(next) = spans.get(name.span + 1) {
        scan(next.text, 0, true);
    }
    out
}

/// Where the sentence that ends `before` starts: after the last ". ", "! " or "? ".
fn sentence_start(before: &str) -> usize {
    [". ", "! ", "? "]
        .iter()
        .filter_map(|m| before.rfind(m).map(|i| i + m.len()))
        .max()
        .unwrap_or(0)
}

/// Words that join a title to its speaker ("Typed pipelines by", "… par"), dropped from the
/// end of a clause.
const CUES: &[&str] = &[
    "by",
    "par",
    "from",
    "with",
    "von",
    "de",
    "presented",
    "avec",
];

fn strip_cue(clause: &str) -> &str {
    let trimmed = clause.trim_end_matches(SEPARATORS);
    match trimmed.rsplit_once(' ') {
        Some((head, last)) if CUES.contains(&last.to_lowercase().as_str()) => head,
        _ => trimmed,
    }
}

/// Link texts, emphasis and quoted runs of a block (not the name itself).
fn add_marked(
    plain: &Plain,
    name: &NameCandidate,
    push: &mut impl FnMut(&str, &'static str, usize),
    distance: usize,
) {
    let text = &plain.text;
    let not_name =
        |r: &Range<usize>| distance > 0 || (r.end <= name.range.start || r.start >= name.range.end);
    for link in &plain.links {
        let r = link.range();
        if not_name(&r)
            && let Some(t) = text.get(r)
        {
            push(t, "link", distance);
        }
    }
    for e in &plain.emphasis {
        if not_name(e)
            && let Some(t) = text.get(e.clone())
        {
            push(t, "emphasis", distance);
        }
    }
    for (open, close) in [('"', '"'), ('“', '”'), ('«', '»'), ('\'', '\'')] {
        let mut rest = text.as_str();
        let mut base = 0;
        while let Some(a) = rest.find(open) {
            let from = a + open.len_utf8();
            let Some(b) = rest[from..].find(close) else {
                break;
            };
            let r = base + from..base + from + b;
            if not_name(&r) {
                push(&text[r.clone()], "quoted", distance);
            }
            base = r.end + close.len_utf8();
            rest = &text[base..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Plain {
        Plain {
            text: text.to_owned(),
            ..Plain::default()
        }
    }

    #[test]
    fn link_classes() {
        let table = [
            ("https://www.linkedin.com/in/someone/", "profile"),
            ("https://github.com/someone", "profile"),
            ("https://youtu.be/abc?t=30", "video"),
            ("https://www.meetup.com/group/events/1/", "event"),
            ("https://speakerdeck.com/x/y", "slides"),
            ("https://example.org/", "other"),
            ("slides.html", "local"),
        ];
        for (url, want) in table {
            assert_eq!(link_class(url), want, "{url}");
        }
    }

    #[test]
    fn names_are_runs_of_capitalised_words() {
        let table: &[(&str, &[&str])] = &[
            ("Ada Quill - Typed pipelines", &["Ada Quill", "Typed"]),
            ("then Bo Lindqvist showed us", &["Bo Lindqvist"]),
            (
                "une présentation par Élise de Montfort",
                &["Élise de Montfort"],
            ),
            ("Thanks to Rowan O'Dell.", &["Thanks", "Rowan O'Dell"]),
            ("nobody here", &[]),
            // Five capitalised words in a row are a title, not a name.
            ("Building Better Little Green Robots", &[]),
        ];
        for (text, want) in table {
            let p = plain(text);
            let spans = [Span {
                place: Place::Paragraph,
                text: &p,
                line: 1,
                key: None,
            }];
            let got: Vec<String> = name_candidates(&spans)
                .into_iter()
                .map(|c| c.text)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn a_heading_s_rest_is_a_title_candidate() {
        let p = plain("Ada Quill - Typed pipelines in practice");
        let spans = [Span {
            place: Place::Heading(4),
            text: &p,
            line: 1,
            key: None,
        }];
        let name = &name_candidates(&spans)[0];
        let titles: Vec<String> = title_candidates(&spans, name)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(titles[0], "Typed pipelines in practice");
    }
}
