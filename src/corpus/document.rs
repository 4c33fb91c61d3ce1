//! The document model every post format is read into: a post's body as [`Line`]s, each a
//! [`Block`] (heading, paragraph, list item, image) with the file line it starts on, and the
//! block's text flattened once to a [`Plain`] that remembers where its links and emphasis are.
//! [`super::markdown`] and [`super::html`] both produce it; the extraction rules read only it.
//!
//! `"Tom from [Grafana](https://grafana.com) spoke."` → `Block::Paragraph` whose text is
//! `Plain { text: "Tom from Grafana spoke.", links: [Link { start: 9, end: 16, url: "https://grafana.com" }] }`.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    Heading {
        level: usize,
        text: Plain,
    },
    /// A paragraph: its source as written and its flattened text.
    Paragraph {
        raw: &'a str,
        text: Plain,
    },
    /// A list item; `indent` is its nesting depth, 0 for a top-level item. Its text is the
    /// item's own inline content, without the items of a list nested in it.
    Bullet {
        indent: usize,
        ordered: bool,
        raw: &'a str,
        text: Plain,
    },
    /// An image alone in its paragraph, or an `<img>` in an HTML block: its alt text and address.
    Image {
        alt: String,
        url: String,
    },
    /// Code, quotes, tables, HTML and anything else emcee does not read as prose.
    Other,
}

impl Block<'_> {
    /// The block's flattened text, for the blocks that have one.
    pub fn plain(&self) -> Option<&Plain> {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph { text, .. }
            | Block::Bullet { text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line<'a> {
    pub block: Block<'a>,
    /// 1-based line in the file.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

impl Link {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Spans sorted by start with the largest end so far: see [`Plain::emphasis_cover`].
pub struct Cover {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Cover {
    /// Whether some span holds all of `range` (start ≤ range.start and range.end ≤ end).
    pub fn holds(&self, range: Range<usize>) -> bool {
        let n = self.starts.partition_point(|&s| s <= range.start);
        n > 0 && self.max_end[n - 1] >= range.end
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plain {
    pub text: String,
    /// In order of their start.
    pub links: Vec<Link>,
    /// Bold and italic spans, in order of their end.
    pub emphasis: Vec<Range<usize>>,
}

impl Plain {
    /// The links inside `range`, found by binary search (links are sorted by start): O(log n + k).
    pub fn links_in(&self, range: Range<usize>) -> impl Iterator<Item = &Link> {
        let first = self.links.partition_point(|l| l.start < range.start);
        self.links[first..]
            .iter()
            .take_while(move |l| l.start < range.end)
            .filter(move |l| l.end <= range.end)
    }

    /// The link holding byte `at`, by binary search: O(log n). Links are sorted by start and
    /// do not nest, so only the last one starting at or before `at` can hold it.
    pub fn link_at(&self, at: usize) -> Option<&Link> {
        let n = self.links.partition_point(|l| l.start <= at);
        self.links[..n].last().filter(|l| at < l.end)
    }

    /// The link whose text is exactly `range`: O(log n).
    pub fn link_over(&self, range: Range<usize>) -> Option<&Link> {
        let first = self.links.partition_point(|l| l.start < range.start);
        self.links[first..]
            .iter()
            .take_while(|l| l.start == range.start)
            .find(|l| l.end == range.end)
    }

    /// The first link starting at byte `start`: O(log n).
    pub fn link_starting(&self, start: usize) -> Option<&Link> {
        let first = self.links.partition_point(|l| l.start < start);
        self.links.get(first).filter(|l| l.start == start)
    }

    /// The emphasis spans indexed to ask whether a range is inside one in O(log n); built in
    /// O(n log n), once per block that asks.
    pub fn emphasis_cover(&self) -> Cover {
        let mut spans = self.emphasis.clone();
        spans.sort_by_key(|e| e.start);
        let mut max = 0;
        Cover {
            max_end: spans
                .iter()
                .map(|e| {
                    max = max.max(e.end);
                    max
                })
                .collect(),
            starts: spans.iter().map(|e| e.start).collect(),
        }
    }

    /// Appends `s` with each run of whitespace as one space (none at the start), a run of
    /// words at a time.
    pub(super) fn push_text(&mut self, s: &str) {
        // Most text is already single-spaced: then it goes in whole, but for a leading space
        // where the text is empty or ends in one.
        if !s.contains("  ") && s.chars().all(|c| c == ' ' || !c.is_whitespace()) {
            let s = match s.strip_prefix(' ') {
                Some(rest) if self.text.is_empty() || self.text.ends_with(' ') => rest,
                _ => s,
            };
            self.text.push_str(s);
            return;
        }
        let mut rest = s;
        while !rest.is_empty() {
            let word = first_where(rest, true);
            self.text.push_str(&rest[..word]);
            rest = &rest[word..];
            let after = first_where(rest, false);
            if after > 0 && !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            rest = &rest[after..];
        }
    }

    /// An empty text with room for `bytes`: a block's flattened text is rarely longer than
    /// its source, so it then grows without copying.
    pub(super) fn with_capacity(bytes: usize) -> Plain {
        Plain {
            text: String::with_capacity(bytes),
            ..Plain::default()
        }
    }

    /// Trims the end, drops empty links, removes template tags and repairs "Name](url)".
    pub(super) fn finish(&mut self) {
        remove_spans(self, template_tags(&self.text));
        repair_half_links(self);
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let text = &self.text;
        for link in &mut self.links {
            link.end = text[..link.end.min(text.len())].trim_end().len();
            link.start = link.start.min(link.end);
        }
        self.links.retain(|l| l.start < l.end);
        self.links.sort_by_key(|l| l.start);
        for e in &mut self.emphasis {
            e.end = e.end.min(text.len());
            e.start = e.start.min(e.end);
        }
        self.emphasis.retain(|e| e.start < e.end);
    }
}

/// The byte offset of the first character of `s` whose `char::is_whitespace` is `white`, or
/// `s.len()`: ASCII is told apart a byte at a time, other characters by the Unicode table.
fn first_where(s: &str, white: bool) -> usize {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if matches!(b, b'\t'..=b'\r' | b' ') == white {
                return at;
            }
            at += 1;
        } else {
            let Some(c) = s[at..].chars().next() else {
                break;
            };
            if c.is_whitespace() == white {
                return at;
            }
            at += c.len_utf8();
        }
    }
    bytes.len()
}

/// Hugo shortcodes (`{{< youtube id >}}`) and Liquid tags (`{% include x %}`): byte ranges.
fn template_tags(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    // Once a closer is missing from the rest of the text, it is missing for every later opener
    // too: remembering that keeps a run of unclosed "{{" linear.
    let (mut no_braces, mut no_percent) = (false, false);
    while let Some(open) = text[from..].find(['{']).map(|i| from + i) {
        let rest = &text[open..];
        let close = if rest.starts_with("{{") && !no_braces {
            let close = rest.find("}}").map(|e| e + 2);
            no_braces = close.is_none();
            close
        } else if rest.starts_with("{%") && !no_percent {
            let close = rest.find("%}").map(|e| e + 2);
            no_percent = close.is_none();
            close
        } else {
            None
        };
        match close {
            Some(len) => {
                out.push(open..open + len);
                from = open + len;
            }
            None => from = open + 1,
        }
    }
    out
}

/// Removes sorted, disjoint byte ranges from the text, moving links and emphasis with it.
fn remove_spans(plain: &mut Plain, spans: Vec<Range<usize>>) {
    if spans.is_empty() {
        return;
    }
    // Bytes removed before each span, so that a position moves in O(log n).
    let mut before = Vec::with_capacity(spans.len() + 1);
    let mut total = 0;
    before.push(0);
    for s in &spans {
        total += s.end - s.start;
        before.push(total);
    }
    let shift = |x: usize| -> usize {
        let k = spans.partition_point(|s| s.end <= x);
        let partly = spans.get(k).map_or(0, |s| x.saturating_sub(s.start));
        x - before[k] - partly
    };
    let mut text = String::with_capacity(plain.text.len());
    let mut at = 0;
    for s in &spans {
        text.push_str(&plain.text[at..s.start]);
        at = s.end;
    }
    text.push_str(&plain.text[at..]);
    for link in &mut plain.links {
        link.start = shift(link.start);
        link.end = shift(link.end);
    }
    for e in &mut plain.emphasis {
        e.start = shift(e.start);
        e.end = shift(e.end);
    }
    plain.text = text;
}

const MAX_LINK_PART: usize = 2000;

/// "grateful to Humio](https://humio.com/), …": a link whose "[" was lost. The words back to
/// the previous comma, bracket or "to" become the link text.
fn repair_half_links(plain: &mut Plain) {
    let mut spans = Vec::new();
    let mut repaired = Vec::new();
    let mut from = 0;
    plain.links.sort_by_key(|l| l.start);
    while let Some(at) = plain.text[from..].find("](").map(|i| from + i) {
        from = at + 2;
        let inside = plain.link_at(at).is_some();
        let target = &plain.text[at + 2..];
        // The address ends at ")"; a space or a bracket first means this is no half link, so
        // a run of "](" costs a few bytes each.
        let Some(end) = target
            .bytes()
            .take(MAX_LINK_PART)
            .position(|b| matches!(b, b')' | b' ' | b'[' | b']'))
            .filter(|&e| target.as_bytes()[e] == b')')
        else {
            continue;
        };
        let url = &target[..end];
        if inside || !(url.starts_with("http://") || url.starts_with("https://")) {
            continue;
        }
        let mut floor = at.saturating_sub(200);
        while !plain.text.is_char_boundary(floor) {
            floor += 1;
        }
        let tail = &plain.text[floor..at];
        let start = floor
            + tail
                .rfind([',', '[', '('])
                .map_or(0, |p| p + 1)
                .max(tail.rfind(" to ").map_or(0, |p| p + 4));
        let start =
            start + (plain.text[start..at].len() - plain.text[start..at].trim_start().len());
        if start < at {
            repaired.push((start, at, url.to_owned()));
        }
        spans.push(at..at + 2 + end + 1);
        from = at + 2 + end + 1;
    }
    if spans.is_empty() {
        return;
    }
    for (start, end, url) in repaired {
        plain.links.push(Link { start, end, url });
    }
    remove_spans(plain, spans);
}
