//! Just enough Markdown for roundups: blocks (headings, paragraphs, bullets, images) with their
//! line numbers, and paragraphs flattened to plain text that remembers where its links were.
//!
//! `"Tom from [Grafana](https://grafana.com) spoke."` → `Plain { text: "Tom from Grafana spoke.",
//! links: [Link { start: 9, end: 16, url: "https://grafana.com" }] }`.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    Heading {
        level: usize,
        text: &'a str,
    },
    /// The paragraph's text as written, possibly over several lines.
    Paragraph(&'a str),
    /// A list item; `indent` is 0 for a top-level item. Its text may span continuation lines.
    Bullet {
        indent: usize,
        text: &'a str,
    },
    /// A line that is only an image: its alt text and address.
    Image {
        alt: &'a str,
        url: &'a str,
    },
    /// HTML, quotes and anything else emcee does not read as prose.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line<'a> {
    pub block: Block<'a>,
    /// 1-based line in the file.
    pub line: usize,
}

/// Splits a post's body into blocks without copying it. `first_line` is the file line of the
/// body's first line.
pub fn blocks<'a>(body: &'a str, first_line: usize) -> Vec<Line<'a>> {
    let mut out: Vec<Line<'a>> = Vec::new();
    // The open paragraph: byte range in `body` and its first line.
    let mut paragraph: Option<(usize, usize, usize)> = None;
    let mut in_html = false;
    let flush = |paragraph: &mut Option<(usize, usize, usize)>, out: &mut Vec<Line<'a>>| {
        if let Some((start, end, line)) = paragraph.take() {
            out.push(Line {
                block: Block::Paragraph(&body[start..end]),
                line,
            });
        }
    };
    let mut offset = 0;
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let line_no = first_line + i;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let (start, end) = (line_start + indent, line_start + line.len());
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            in_html = false;
            continue;
        }
        if in_html {
            continue;
        }
        if let Some(level) = heading_level(trimmed) {
            flush(&mut paragraph, &mut out);
            out.push(Line {
                block: Block::Heading {
                    level,
                    text: trimmed[level..].trim().trim_end_matches('#').trim(),
                },
                line: line_no,
            });
            continue;
        }
        if let Some(item) = bullet_text(trimmed) {
            flush(&mut paragraph, &mut out);
            out.push(Line {
                block: Block::Bullet { indent, text: item },
                line: line_no,
            });
            continue;
        }
        if trimmed.starts_with('<') || trimmed.starts_with('>') || trimmed.starts_with("{%") {
            flush(&mut paragraph, &mut out);
            in_html = trimmed.starts_with('<');
            out.push(Line {
                block: Block::Other,
                line: line_no,
            });
            continue;
        }
        if let Some((alt, url)) = lone_image(trimmed) {
            flush(&mut paragraph, &mut out);
            out.push(Line {
                block: Block::Image { alt, url },
                line: line_no,
            });
            continue;
        }
        // An indented line right after a bullet continues it; anything else starts or continues
        // a paragraph.
        if paragraph.is_none()
            && indent > 0
            && let Some(Line {
                block: Block::Bullet { text, .. },
                ..
            }) = out.last_mut()
        {
            let from = text.as_ptr() as usize - body.as_ptr() as usize;
            *text = &body[from..end];
            continue;
        }
        match &mut paragraph {
            Some((_, para_end, _)) => *para_end = end,
            None => paragraph = Some((start, end, line_no)),
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

fn heading_level(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' ')).then_some(level)
}

fn bullet_text(line: &str) -> Option<&str> {
    for marker in ["* ", "- ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

/// `![alt](url)` alone on a line (trailing punctuation allowed).
fn lone_image(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("![")?;
    let close = rest.find("](")?;
    let alt = &rest[..close];
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    let tail = after[end + 1..].trim();
    if tail.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((alt.trim(), after[..end].trim()))
}

/// A link inside plain text: `text[start..end]` was the link's text.
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

/// Prose with the Markdown taken out: link text kept (links remembered), images and emphasis
/// markers dropped, a few HTML entities decoded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plain {
    pub text: String,
    pub links: Vec<Link>,
}

impl Plain {
    /// The links whose text lies within `range`.
    pub fn links_in(&self, range: Range<usize>) -> impl Iterator<Item = &Link> {
        self.links
            .iter()
            .filter(move |l| l.start >= range.start && l.end <= range.end)
    }
}

/// Flattens a paragraph. Also repairs `Name](url)` whose `[` was forgotten, by treating the words
/// since the last comma or "to" as the link text.
pub fn plain(markdown: &str) -> Plain {
    let mut out = Plain {
        text: String::with_capacity(markdown.len()),
        links: Vec::new(),
    };
    let bytes = markdown.as_bytes();
    let mut i = 0;
    while i < markdown.len() {
        // Copy a run of ordinary text in one go.
        let run = bytes[i..]
            .iter()
            .position(|b| {
                matches!(
                    b,
                    b'!' | b'[' | b']' | b'*' | b'_' | b'&' | b' ' | b'\t' | b'\n' | b'\r'
                )
            })
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            out.text.push_str(&markdown[i..i + run]);
            i += run;
            continue;
        }
        let rest = &markdown[i..];
        if rest.starts_with("![") {
            if let Some((_, _, len)) = parse_link(&rest[1..]) {
                i += 1 + len;
                continue;
            }
        } else if rest.starts_with('[') {
            if let Some((text, url, len)) = parse_link(rest) {
                let inner = plain(text);
                let start = out.text.len();
                out.text.push_str(&inner.text);
                out.links.push(Link {
                    start,
                    end: out.text.len(),
                    url: url.to_owned(),
                });
                i += len;
                continue;
            }
        } else if let Some(target) = rest.strip_prefix("](") {
            // A link whose opening bracket is missing: "grateful to Humio](https://humio.com/)".
            if let Some(end) = url_end(target) {
                let url = target[..end].trim();
                // Only the last few words can be the link's text.
                let mut floor = out.text.len().saturating_sub(200);
                while !out.text.is_char_boundary(floor) {
                    floor += 1;
                }
                let tail = &out.text[floor..];
                let start = floor
                    + tail
                        .rfind([',', '[', '('])
                        .map_or(0, |p| p + 1)
                        .max(tail.rfind(" to ").map_or(0, |p| p + 4));
                let start = start + (out.text.len() - start - out.text[start..].trim_start().len());
                if start < out.text.len() {
                    out.links.push(Link {
                        start,
                        end: out.text.len(),
                        url: url.to_owned(),
                    });
                }
                i += 2 + end + 1;
                continue;
            }
        } else if rest.starts_with("**") || rest.starts_with("__") {
            i += 2;
            continue;
        } else if rest.starts_with('&') {
            let decoded = [
                ("&amp;", '&'),
                ("&nbsp;", ' '),
                ("&#39;", '\''),
                ("&quot;", '"'),
                ("&lt;", '<'),
                ("&gt;", '>'),
            ]
            .into_iter()
            .find(|(entity, _)| rest.starts_with(entity));
            if let Some((entity, ch)) = decoded {
                out.text.push(ch);
                i += entity.len();
                continue;
            }
        }
        let ch = rest.chars().next().unwrap_or(' ');
        // Collapse runs of white space so patterns can rely on single spaces.
        if ch.is_whitespace() {
            if !out.text.ends_with(' ') && !out.text.is_empty() {
                out.text.push(' ');
            }
        } else {
            out.text.push(ch);
        }
        i += ch.len_utf8();
    }
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    // Links must stay inside the text, and a repaired link's text has no trailing space.
    let text = &out.text;
    for link in &mut out.links {
        link.end = text[..link.end.min(text.len())].trim_end().len();
        link.start = link.start.min(link.end);
    }
    out.links.retain(|l| l.start < l.end);
    out
}

/// Parses `[text](url)` at the start of `s`: the text, the url and the length consumed.
/// Link texts and targets longer than this are not links: the bound keeps a run of brackets
/// from making flattening quadratic.
const MAX_LINK_PART: usize = 2000;

fn parse_link(s: &str) -> Option<(&str, &str, usize)> {
    debug_assert!(s.starts_with('['));
    let mut depth = 0usize;
    let mut close = None;
    for (i, b) in s.bytes().enumerate().take(MAX_LINK_PART) {
        match b {
            b'[' if depth == 8 => return None,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = s.get(close + 1..)?;
    let url_part = after.strip_prefix('(')?;
    let end = url_end(url_part)?;
    let url = url_part[..end].trim();
    let url = url.split_once(" \"").map_or(url, |(u, _)| u);
    Some((
        &s[1..close],
        url.trim_matches(['<', '>']),
        close + 1 + 1 + end + 1,
    ))
}

/// The index of the `)` that closes a link target, allowing balanced parentheses inside it.
fn url_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate().take(MAX_LINK_PART) {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            b'[' | b']' | b'\n' => return None,
            b' ' if depth == 0 && !s[i..].trim_start().starts_with('"') => return None,
            _ => {}
        }
    }
    None
}

/// Splits plain text into sentences at `.`, `!` or `?` followed by a space and a capital letter,
/// a quote or a bracket, outside parentheses and links. Returns byte ranges.
pub fn sentences(plain: &Plain) -> Vec<Range<usize>> {
    let text = &plain.text;
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, ch)) in chars.iter().enumerate() {
        match ch {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            '.' | '!' | '?' if depth == 0 => {
                let Some(&(_, next)) = chars.get(k + 1) else {
                    continue;
                };
                let Some(&(_, after)) = chars.get(k + 2) else {
                    continue;
                };
                if next != ' ' || !(after.is_uppercase() || "\"“‘[*".contains(after)) {
                    continue;
                }
                // Links are in order: the one that could contain `i` is the last starting before it.
                let before = plain.links.partition_point(|l| l.start <= i);
                if before > 0 && i < plain.links[before - 1].end {
                    continue;
                }
                if ch == '.' && is_abbreviation(&text[start..i]) {
                    continue;
                }
                out.push(start..i + 1);
                start = i + 2;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or("");
    matches!(
        word,
        "Dr" | "Mr" | "Mrs" | "Ms" | "Prof" | "St" | "vs" | "e.g" | "i.e" | "etc" | "Inc" | "Ltd"
    ) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_with_lines() {
        let body = "Intro line\ncontinues.\n\n![Tom](pic.jpg)\n\n* one\n  more\n* two\n\n## Next\n";
        let blocks = blocks(body, 10);
        assert_eq!(blocks[0].line, 10);
        assert_eq!(blocks[0].block, Block::Paragraph("Intro line\ncontinues."));
        assert!(matches!(&blocks[1].block, Block::Image { alt, .. } if *alt == "Tom"));
        assert_eq!(
            blocks[2].block,
            Block::Bullet {
                indent: 0,
                text: "one\n  more"
            }
        );
        assert_eq!(blocks[2].line, 15);
        assert!(matches!(
            blocks[4].block,
            Block::Heading {
                level: 2,
                text: "Next"
            }
        ));
    }

    #[test]
    fn plain_keeps_links() {
        let p = plain("Tom from [Grafana Labs](https://grafana.com/x_(y)) spoke **loudly**.");
        assert_eq!(p.text, "Tom from Grafana Labs spoke loudly.");
        assert_eq!(&p.text[p.links[0].range()], "Grafana Labs");
        assert_eq!(p.links[0].url, "https://grafana.com/x_(y)");
    }

    #[test]
    fn plain_repairs_missing_bracket() {
        let p = plain("grateful to Humio](https://humio.com/), [Intel](https://intel.com) for");
        assert_eq!(p.links.len(), 2);
        assert_eq!(&p.text[p.links[0].range()], "Humio");
    }

    #[test]
    fn bracket_runs_are_not_links() {
        // Regression: runs of "[" and "](" made flattening quadratic.
        let p = plain(&"[".repeat(50_000));
        assert!(p.links.is_empty());
        let p = plain(&"](".repeat(50_000));
        assert!(p.links.is_empty());
    }

    #[test]
    fn sentence_split() {
        let p =
            plain("First, Dr. Who spoke on Go. His takeaways: fun! (starting at 1:00) Then more.");
        let s: Vec<&str> = sentences(&p).into_iter().map(|r| &p.text[r]).collect();
        assert_eq!(
            s,
            [
                "First, Dr. Who spoke on Go.",
                "His takeaways: fun! (starting at 1:00) Then more."
            ]
        );
    }
}
