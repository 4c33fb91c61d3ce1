//! A post's Markdown, read with pulldown-cmark (CommonMark: reference-style links, emphasis,
//! nested and numbered lists, setext headings, HTML blocks), as the blocks of
//! [`super::document`] with their line numbers. An HTML block with text in it (a theme's `<p>`,
//! `<h2>`, lists) is read by [`super::html`]. Each block's inline content is flattened once to
//! plain text that remembers where its links and emphasis were.
//!
//! `"Tom from [Grafana](https://grafana.com) spoke."` → `Block::Paragraph` whose text is
//! `Plain { text: "Tom from Grafana spoke.", links: [Link { start: 9, end: 16, url: "https://grafana.com" }] }`.
//!
//! Cost: one pulldown-cmark pass (linear in the body) plus a linear clean-up of each block.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use super::document::{Block, Line, Link, Plain};

/// What the inline content being read belongs to.
enum Target {
    None,
    Heading(usize),
    Paragraph,
    /// The list item at this index of the output.
    Item(usize),
}

/// Splits a post's body into blocks. `first_line` is the file line of the body's first line.
pub fn blocks<'a>(body: &'a str, first_line: usize) -> Vec<Line<'a>> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut out: Vec<Line<'a>> = Vec::new();
    let mut buf = Plain::default();
    let mut target = Target::None;
    let mut block_start = 0;
    // Open list items: their index in `out`, and whether a nested list has begun in them.
    let mut items: Vec<(usize, bool)> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    let quote_depth = 0usize;
    let mut in_code = false;
    let mut skip_depth = 0usize;
    let mut open_links: Vec<(usize, String)> = Vec::new();
    let mut open_emphasis: Vec<usize> = Vec::new();
    // The image being read: its alt text and address; images seen in this paragraph.
    let mut image: Option<(String, String)> = None;
    let mut images: Vec<(String, String)> = Vec::new();
    let mut text_outside_images = false;
    // A lazy continuation line read as a paragraph: the item it follows and where it starts.
    let mut lazy: Option<(usize, usize)> = None;
    // Inside an HTML block already read by `html::blocks`.
    let mut html_read = false;

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        super::budget::check();
        if skip_depth > 0 {
            match event {
                // "    18:00 Typed Python by Ada": a schedule written as code is read line by line.
                Event::Text(code) if skip_depth == 1 && in_code => {
                    let mut line_start = range.start;
                    for line in code.split_inclusive('\n') {
                        if let Some(item) = schedule_item(line) {
                            let mut text = Plain::default();
                            text.push_text(item);
                            text.finish();
                            out.push(Line {
                                block: Block::Bullet {
                                    indent: 0,
                                    ordered: false,
                                    raw: body[range.clone()].trim(),
                                    text,
                                },
                                line: line_of(line_start),
                            });
                        }
                        line_start += line.len();
                    }
                }
                Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::BlockQuote(_)) => {
                    skip_depth += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::Table | TagEnd::BlockQuote(_)) => {
                    skip_depth -= 1
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag @ (Tag::CodeBlock(_) | Tag::Table(_) | Tag::BlockQuote(_))) => {
                skip_depth = 1;
                in_code = matches!(tag, Tag::CodeBlock(_));
                out.push(Line {
                    block: Block::Other,
                    line: line_of(range.start),
                });
            }
            Event::Start(Tag::Paragraph) => {
                // An item's first paragraph is its text; later ones are paragraphs of their own.
                let item_text_empty = items.last().is_some_and(|&(index, _)| {
                    buf.text.is_empty()
                        && matches!(&out[index].block, Block::Bullet { text, .. } if text.text.is_empty())
                });
                match items.last() {
                    Some(&(index, false)) if quote_depth == 0 && item_text_empty => {
                        target = Target::Item(index);
                    }
                    _ => {
                        flush_item(&mut out, &mut buf, &items);
                        target = Target::Paragraph;
                        buf = Plain::with_capacity(range.len());
                        block_start = range.start;
                    }
                }
                images.clear();
                text_outside_images = false;
            }
            Event::End(TagEnd::Paragraph) => {
                if let Target::Item(_) = target {
                    flush_item(&mut out, &mut buf, &items);
                }
                if let Target::Paragraph = target {
                    let mut text = std::mem::take(&mut buf);
                    text.finish();
                    let line = line_of(block_start);
                    if !text_outside_images && !images.is_empty() {
                        for (alt, url) in images.drain(..) {
                            out.push(Line {
                                block: Block::Image { alt, url },
                                line,
                            });
                        }
                    } else if text.text.is_empty() {
                        out.push(Line {
                            block: Block::Other,
                            line,
                        });
                    } else {
                        out.push(Line {
                            block: Block::Paragraph {
                                raw: body[range.clone()].trim_end(),
                                text,
                            },
                            line,
                        });
                    }
                    target = match items.last() {
                        Some(&(index, false)) => Target::Item(index),
                        _ => Target::None,
                    };
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush_item(&mut out, &mut buf, &items);
                target = Target::Heading(level as usize);
                buf = Plain::with_capacity(range.len());
                block_start = range.start;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Target::Heading(level) = target {
                    let mut text = std::mem::take(&mut buf);
                    text.finish();
                    out.push(Line {
                        block: Block::Heading { level, text },
                        line: line_of(block_start),
                    });
                }
                target = Target::None;
            }
            Event::Start(Tag::List(first)) => {
                flush_item(&mut out, &mut buf, &items);
                if let Some(item) = items.last_mut() {
                    item.1 = true;
                }
                lists.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush_item(&mut out, &mut buf, &items);
                out.push(Line {
                    block: Block::Bullet {
                        indent: lists.len().saturating_sub(1),
                        ordered: lists.last().copied().unwrap_or(false),
                        raw: "",
                        text: Plain::default(),
                    },
                    line: line_of(range.start),
                });
                items.push((out.len() - 1, false));
                target = Target::Item(out.len() - 1);
                buf = Plain::default();
            }
            Event::End(TagEnd::Item) => {
                if lazy.take().is_some() {
                    let mut text = std::mem::take(&mut buf);
                    text.finish();
                    if !text.text.is_empty() {
                        out.push(Line {
                            block: Block::Paragraph {
                                raw: body[block_start..range.end].trim_end(),
                                text,
                            },
                            line: line_of(block_start),
                        });
                    }
                }
                flush_item(&mut out, &mut buf, &items);
                if let Some((index, _)) = items.pop()
                    && let Block::Bullet { raw, .. } = &mut out[index].block
                {
                    *raw = body[range.clone()].trim_end();
                }
                target = match items.last() {
                    Some(&(index, false)) => Target::Item(index),
                    _ => Target::None,
                };
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                open_links.push((buf.text.len(), dest_url.into_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, url)) = open_links.pop() {
                    let end = buf.text.trim_end().len().max(start);
                    buf.links.push(Link { start, end, url });
                }
            }
            Event::Start(Tag::Emphasis | Tag::Strong) => open_emphasis.push(buf.text.len()),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                if let Some(start) = open_emphasis.pop() {
                    let end = buf.text.trim_end().len().max(start);
                    buf.emphasis.push(start..end);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((String::new(), dest_url.into_string()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, url)) = image.take() {
                    images.push((alt.trim().to_owned(), url));
                }
            }
            Event::Text(text) | Event::Code(text) => match &mut image {
                Some((alt, _)) => alt.push_str(&text),
                None => {
                    if !matches!(target, Target::None) {
                        if !text.trim().is_empty() {
                            text_outside_images = true;
                        }
                        buf.push_text(&text);
                    }
                }
            },
            Event::SoftBreak | Event::HardBreak => {
                // A line at the margin after an item ("See her slides here" below the last
                // bullet) continues it only lazily: emcee reads it as a paragraph of its own.
                let next = &body[range.end.min(body.len())..];
                if let Target::Item(index) = target
                    && open_links.is_empty()
                    && next.starts_with(|c: char| !c.is_whitespace() && !"*-+>|<".contains(c))
                {
                    flush_item(&mut out, &mut buf, &items);
                    lazy = Some((index, range.end));
                    target = Target::Paragraph;
                    block_start = range.end;
                    buf = Plain::default();
                } else {
                    buf.push_text(" ");
                }
            }
            Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if lower.starts_with("<br") {
                    buf.push_text(" ");
                } else if lower.starts_with("<a ") {
                    if let Some(url) = attribute(&html, "href") {
                        open_links.push((buf.text.len(), url));
                    }
                } else if lower.starts_with("</a") {
                    if let Some((start, url)) = open_links.pop() {
                        let end = buf.text.trim_end().len().max(start);
                        buf.links.push(Link { start, end, url });
                    }
                } else if lower.starts_with("<img")
                    && let Some(url) = attribute(&html, "src")
                {
                    images.push((attribute(&html, "alt").unwrap_or_default(), url));
                }
            }
            Event::Html(html) if matches!(target, Target::None) && !html_read => {
                html_images(&html, line_of(range.start), &mut out);
            }
            Event::Start(Tag::HtmlBlock) => {
                flush_item(&mut out, &mut buf, &items);
                // A theme's markup (`<p>`, `<h2>`, lists, tables) is read as the HTML it is;
                // an image or an embed alone stays as it was.
                let html = &body[range.clone()];
                html_read = super::html::has_text_blocks(html);
                if html_read {
                    out.extend(super::html::blocks(html, line_of(range.start), Some(plain)));
                }
            }
            Event::End(TagEnd::HtmlBlock) => html_read = false,
            _ => {}
        }
    }
    flush_item(&mut out, &mut buf, &items);
    out
}

/// "18:00 Typed Python by Ada" → "Typed Python by Ada": a schedule line after its time.
fn schedule_item(line: &str) -> Option<&str> {
    let line = line.trim();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) || !line[digits..].starts_with([':', '.']) {
        return None;
    }
    let rest = &line[digits + 1..];
    let minutes = rest.bytes().take_while(u8::is_ascii_digit).count();
    (minutes == 2)
        .then(|| rest[2..].trim())
        .filter(|item| !item.is_empty())
}

/// Moves the inline text read so far into the innermost open list item.
fn flush_item(out: &mut [Line<'_>], buf: &mut Plain, items: &[(usize, bool)]) {
    let Some(&(index, _)) = items.last() else {
        return;
    };
    if buf.text.is_empty() && buf.links.is_empty() {
        return;
    }
    if let Block::Bullet { text, .. } = &mut out[index].block
        && text.text.is_empty()
    {
        let mut done = std::mem::take(buf);
        done.finish();
        *text = done;
    } else {
        *buf = Plain::default();
    }
}

/// `<img src="…" alt="Name - Title">` inside an HTML block → image blocks; otherwise `Other`.
fn html_images<'a>(html: &str, line: usize, out: &mut Vec<Line<'a>>) {
    let lower = html.to_ascii_lowercase();
    let mut found = false;
    for (at, _) in lower.match_indices("<img") {
        let end = lower[at..].find('>').map_or(html.len(), |e| at + e);
        let tag = &html[at..end];
        if let Some(url) = attribute(tag, "src") {
            found = true;
            out.push(Line {
                block: Block::Image {
                    alt: attribute(tag, "alt").unwrap_or_default(),
                    url,
                },
                line,
            });
        }
    }
    if !found
        && !matches!(
            out.last(),
            Some(Line {
                block: Block::Other,
                ..
            })
        )
    {
        out.push(Line {
            block: Block::Other,
            line,
        });
    }
}

/// The value of `name="…"` (or single quotes) in an HTML tag, entities for quotes decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name).map(|i| from + i) {
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            let inner = &value[1..];
            let end = inner.find(quote)?;
            return Some(
                inner[..end]
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .replace("&#39;", "'"),
            );
        }
        let end = value.find([' ', '>', '/']).unwrap_or(value.len());
        return Some(value[..end].to_owned());
    }
    None
}

/// Inline Markdown → plain text with links, e.g. a bullet or a front-matter description.
pub fn plain(markdown: &str) -> Plain {
    let mut out = Plain::default();
    for line in blocks(markdown, 1) {
        let Some(text) = line.block.plain() else {
            continue;
        };
        if !out.text.is_empty() {
            out.text.push(' ');
        }
        let shift = out.text.len();
        out.text.push_str(&text.text);
        out.links.extend(text.links.iter().map(|l| Link {
            start: l.start + shift,
            end: l.end + shift,
            url: l.url.clone(),
        }));
        out.emphasis
            .extend(text.emphasis.iter().map(|e| e.start + shift..e.end + shift));
    }
    out
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

    /// Whitespace runs become one space whatever the whitespace: ASCII, NEL, no-break, em.
    #[test]
    fn push_text_folds_every_kind_of_whitespace() {
        let mut plain = Plain::default();
        for piece in [
            "  Ada\tLovelace\u{b}\u{c}spoke",
            "\u{a0}\u{85}on\u{2003}engines,\r\n",
            "“quoted”\u{3000}",
            " end",
            " of line",
            "  ",
        ] {
            plain.push_text(piece);
        }
        assert_eq!(
            plain.text,
            "Ada Lovelace spoke on engines, “quoted” end of line "
        );
        let mut plain = Plain::default();
        plain.push_text(" single spaced ");
        assert_eq!(plain.text, "single spaced ");
    }

    fn text<'a>(b: &'a Block<'_>) -> &'a str {
        b.plain().map_or("", |p| p.text.as_str())
    }

    #[test]
    fn blocks_with_lines() {
        let body = "Intro line\ncontinues.\n\n![Tom](pic.jpg)\n\n* one\n  more\n* two\n\n## Next\n";
        let blocks = blocks(body, 10);
        assert_eq!(blocks[0].line, 10);
        assert_eq!(text(&blocks[0].block), "Intro line continues.");
        assert!(matches!(&blocks[1].block, Block::Image { alt, .. } if alt == "Tom"));
        assert!(matches!(&blocks[2].block, Block::Bullet { indent: 0, .. }));
        assert_eq!(text(&blocks[2].block), "one more");
        assert_eq!(blocks[2].line, 15);
        assert!(matches!(blocks[4].block, Block::Heading { level: 2, .. }));
        assert_eq!(text(&blocks[4].block), "Next");
    }

    /// The shapes other blogs write, each read the way CommonMark reads it.
    #[test]
    fn commonmark_shapes() {
        let body = "Talk by [Ada Lovelace][ada] on *Engines*.\n\nSetext\n======\n\n1. first\n   - nested **bold**\n2. second\n\n<div>\n<img src=\"a.jpg\" alt=\"Ada Lovelace: Engines\">\n</div>\n\n{{< youtube abc >}}\n\n[ada]: https://example.org/ada\n";
        let b = blocks(body, 1);
        let Block::Paragraph { text: p, .. } = &b[0].block else {
            panic!("{:?}", b[0])
        };
        assert_eq!(p.text, "Talk by Ada Lovelace on Engines.");
        assert_eq!(&p.text[p.links[0].range()], "Ada Lovelace");
        assert_eq!(p.links[0].url, "https://example.org/ada");
        assert_eq!(&p.text[p.emphasis[0].clone()], "Engines");
        assert!(matches!(b[1].block, Block::Heading { level: 1, .. }));
        assert!(matches!(
            b[2].block,
            Block::Bullet {
                indent: 0,
                ordered: true,
                ..
            }
        ));
        assert_eq!(text(&b[2].block), "first");
        assert!(matches!(
            b[3].block,
            Block::Bullet {
                indent: 1,
                ordered: false,
                ..
            }
        ));
        assert_eq!(text(&b[3].block), "nested bold");
        assert_eq!(text(&b[4].block), "second");
        assert!(b.iter().any(
            |l| matches!(&l.block, Block::Image { alt, .. } if alt == "Ada Lovelace: Engines")
        ));
        assert!(!b.iter().any(|l| text(&l.block).contains("youtube")));
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
        assert_eq!(p.text, "grateful to Humio, Intel for");
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
