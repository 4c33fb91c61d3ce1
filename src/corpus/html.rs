//! A post's HTML (a theme's markup inside a `.md`, or a `.html` post), read with html5ever
//! through `scraper`, as the same [`super::document`] blocks [`super::markdown`] gives: headings with their level,
//! paragraphs, list items with their depth, table cells as paragraphs, images; each with its
//! links, emphasis and the file line it starts on.
//!
//! `"<h2>Talks</h2>\n<ul><li><em>Pipes</em> by <a href=\"https://x.example\">Ada</a></li></ul>"`
//! → `Heading { level: 2, "Talks" }` on line 1, then `Bullet { indent: 0, "Pipes by Ada" }`
//! on line 2 with the link over "Ada" and emphasis over "Pipes".
//!
//! Cost: one html5ever parse (linear in the input) and one walk of the tree with an explicit
//! stack, so deep nesting needs no deep recursion. A block's line is found by looking for its
//! first word in the source from where the previous block was found, in a bounded window.

use scraper::{Html, Node};

use super::document::{Block, Line, Link, Plain};

/// Reads the Markdown written inside HTML (`[Acme](https://…)`) into text with its links.
pub type InlineMarkdown = fn(&str) -> Plain;

/// Elements whose content is never prose. Quotes and code are skipped as Markdown's are (an
/// embedded post quotes other people's words).
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "svg",
    "math",
    "pre",
    "blockquote",
    "head",
    "title",
    "button",
    "select",
    "textarea",
    "object",
];

/// Elements that end the running text and start a new block around their content.
const CONTAINERS: &[&str] = &[
    "div", "center", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
    "table", "thead", "tbody", "tr", "ul", "ol", "dl", "hr", "body", "html", "form", "details",
];

/// The deepest nesting of elements parsed: html5ever's scope checks walk the open elements,
/// so a deeper document would cost the square of its depth. Real pages stay far below.
const MAX_DEPTH: usize = 256;

/// Elements that never hold others (void) or that the next of their kind closes (`<li>`,
/// `<p>`): they do not deepen the nesting of a document as written.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
];

/// Whether elements nest deeper than [`MAX_DEPTH`], counting start tags against end tags as
/// written. One pass over the bytes.
fn too_deep(html: &str) -> bool {
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name_at = usize::from(closing);
        let len = rest[name_at..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = &rest[name_at..name_at + len];
        if name.is_empty() || FLAT.iter().any(|f| name.eq_ignore_ascii_case(f)) {
            continue;
        }
        // Looked for up to the next tag only, so text without `>` costs one pass.
        let self_closing = rest
            .find(['<', '>'])
            .is_some_and(|end| rest[end..].starts_with('>') && rest[..end].ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            if depth > MAX_DEPTH {
                return true;
            }
        }
    }
    false
}

/// How far past the last block's place a block's first word is looked for, in bytes.
const LINE_WINDOW: usize = 16 * 1024;

/// Whether an HTML block holds text blocks worth a parse (`<p>`, a heading, a list, a table,
/// and text outside the tags), rather than an image or an embed alone, even one wrapped in a
/// `<p>` or `<div>`. One pass over the bytes.
pub fn has_text_blocks(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut in_tag = false;
    let has_text = bytes.iter().any(|&b| match b {
        b'<' => {
            in_tag = true;
            false
        }
        b'>' => {
            in_tag = false;
            false
        }
        _ => !in_tag && !b.is_ascii_whitespace(),
    });
    has_text
        && bytes.windows(3).any(|w| {
            w[0] == b'<'
                && (matches!(w[1].to_ascii_lowercase(), b'p' | b'h' | b'l' | b't' | b'd')
                    && (w[2].is_ascii_digit()
                        || matches!(w[2].to_ascii_lowercase(), b'>' | b' ' | b'i' | b'd' | b't')))
        })
}

/// What the text being read will become.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Heading(usize),
    Paragraph,
    Bullet { indent: usize, ordered: bool },
}

/// The reader's state: the blocks so far and the one being read.
struct Reader<'a> {
    source: &'a str,
    first_line: usize,
    line_starts: Vec<usize>,
    /// Where the last block was found in `source`.
    cursor: usize,
    out: Vec<Line<'a>>,
    buf: Plain,
    target: Option<Target>,
    open_links: Vec<(usize, String)>,
    open_emphasis: Vec<usize>,
    /// Open lists: whether each is ordered.
    lists: Vec<bool>,
    markdown: Option<InlineMarkdown>,
}

impl<'a> Reader<'a> {
    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The source offset of the block whose text is `text`: its first word, looked for from
    /// the last block's place; that place when not found (an entity, a word split by a tag).
    fn place(&mut self, text: &str) -> usize {
        let mut window_end = (self.cursor + LINE_WINDOW + text.len()).min(self.source.len());
        while !self.source.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &self.source[self.cursor..window_end];
        // The first of the first three words that is written as read (no entity in it).
        let found = text
            .split_whitespace()
            .take(3)
            .filter(|w| !w.contains(['&', '<', '>', '"', '\'']))
            .find_map(|w| window.find(w));
        if let Some(at) = found {
            self.cursor += at;
        }
        self.cursor
    }

    /// Ends the block being read: a heading, paragraph or bullet when it has text.
    fn flush(&mut self) {
        let Some(target) = self.target.take() else {
            return;
        };
        let mut text = std::mem::take(&mut self.buf);
        self.open_links.clear();
        self.open_emphasis.clear();
        text.finish();
        if text.text.is_empty() {
            return;
        }
        let at = self.place(&text.text);
        let line = self.line_of(at);
        let line_end = self.source[at..]
            .find('\n')
            .map_or(self.source.len(), |e| at + e);
        let raw = &self.source[at..line_end];
        let block = match target {
            Target::Heading(level) => Block::Heading { level, text },
            Target::Paragraph => Block::Paragraph { raw, text },
            Target::Bullet { indent, ordered } => Block::Bullet {
                indent,
                ordered,
                raw,
                text,
            },
        };
        self.out.push(Line { block, line });
    }

    fn open(&mut self, name: &str, element: &scraper::node::Element) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.target = Some(Target::Heading(level));
            }
            // A `<p>` inside a list item is the item's text.
            "p" if matches!(self.target, Some(Target::Bullet { .. })) => {}
            "p" | "td" | "th" | "dt" | "dd" | "figcaption" | "caption" => {
                self.flush();
                self.target = Some(Target::Paragraph);
            }
            "li" => {
                self.flush();
                self.target = Some(Target::Bullet {
                    indent: self.lists.len().saturating_sub(1),
                    ordered: self.lists.last().copied().unwrap_or(false),
                });
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.push(name == "ol");
            }
            "br" => self.buf.push_text(" "),
            "a" => {
                if let Some(href) = element.attr("href") {
                    self.open_links
                        .push((self.buf.text.len(), href.trim().to_owned()));
                }
            }
            "em" | "strong" | "b" | "i" => self.open_emphasis.push(self.buf.text.len()),
            "img" => {
                if self.buf.text.trim().is_empty()
                    && let Some(src) = element.attr("src")
                {
                    let line = {
                        let at = self.place(src);
                        self.line_of(at)
                    };
                    self.out.push(Line {
                        block: Block::Image {
                            alt: element.attr("alt").unwrap_or("").trim().to_owned(),
                            url: src.trim().to_owned(),
                        },
                        line,
                    });
                }
            }
            _ if CONTAINERS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str, element: &scraper::node::Element) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "td" | "th" | "dt" | "dd"
            | "figcaption" | "caption" => self.flush(),
            "p" if matches!(self.target, Some(Target::Bullet { .. })) => {}
            "p" => self.flush(),
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "a" if element.attr("href").is_some() => {
                if let Some((start, url)) = self.open_links.pop() {
                    let end = self.buf.text.trim_end().len().max(start);
                    self.buf.links.push(Link { start, end, url });
                }
            }
            "em" | "strong" | "b" | "i" => {
                if let Some(start) = self.open_emphasis.pop() {
                    let end = self.buf.text.trim_end().len().max(start);
                    self.buf.emphasis.push(start..end);
                }
            }
            _ if CONTAINERS.contains(&name) => self.flush(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.target.is_none() {
            if text.trim().is_empty() {
                return;
            }
            // Text straight inside a container (`<center>Hi</center>`) is a paragraph.
            self.target = Some(Target::Paragraph);
        }
        // Markdown written inside an HTML block (`<h3>Thanks</h3>` then a line with
        // `[Acme](https://…)`, no blank line between) keeps its links.
        if let Some(markdown) = self.markdown
            && text.contains("](")
            && !text.contains('<')
        {
            let inline = markdown(text);
            if text.starts_with(char::is_whitespace) {
                self.buf.push_text(" ");
            }
            let shift = self.buf.text.len();
            self.buf.text.push_str(&inline.text);
            self.buf
                .links
                .extend(inline.links.into_iter().map(|l| Link {
                    start: l.start + shift,
                    end: l.end + shift,
                    url: l.url,
                }));
            let emphasis = inline.emphasis.into_iter();
            self.buf
                .emphasis
                .extend(emphasis.map(|e| e.start + shift..e.end + shift));
            if text.ends_with(char::is_whitespace) {
                self.buf.push_text(" ");
            }
            return;
        }
        self.buf.push_text(text);
    }
}

/// Splits an HTML body (or an HTML block of a Markdown body) into blocks; `first_line` is the
/// file line of its first line. `markdown` reads Markdown written inside the markup, in a
/// Markdown post's HTML blocks (a `.html` post has none).
pub fn blocks(html: &str, first_line: usize, markdown: Option<InlineMarkdown>) -> Vec<Line<'_>> {
    if too_deep(html) {
        return vec![Line {
            block: Block::Other,
            line: first_line,
        }];
    }
    let document = Html::parse_fragment(html);
    let mut reader = Reader {
        source: html,
        first_line,
        line_starts: std::iter::once(0)
            .chain(html.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        cursor: 0,
        out: Vec::new(),
        buf: Plain::default(),
        target: None,
        open_links: Vec::new(),
        open_emphasis: Vec::new(),
        lists: Vec::new(),
        markdown,
    };
    // (node, closing): each element is visited when opened and again when closed.
    let mut stack = vec![(document.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        super::budget::check();
        match node.value() {
            Node::Element(element) => {
                let name = element.name();
                if closing {
                    reader.close(name, element);
                    continue;
                }
                if SKIPPED.contains(&name) {
                    reader.flush();
                    if matches!(name, "pre" | "blockquote") {
                        let line = reader.line_of(reader.cursor);
                        reader.out.push(Line {
                            block: Block::Other,
                            line,
                        });
                    }
                    continue;
                }
                reader.open(name, element);
                stack.push((node, true));
            }
            Node::Text(text) => {
                reader.text(text);
                continue;
            }
            Node::Document | Node::Fragment => {}
            _ => continue,
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, false)));
    }
    reader.flush();
    reader.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each block as (kind, text, line): "h2", "p", "li0" (a bullet and its depth), "img".
    fn read(html: &str) -> Vec<(String, String, usize)> {
        blocks(html, 10, None)
            .into_iter()
            .map(|l| match l.block {
                Block::Heading { level, text } => (format!("h{level}"), text.text, l.line),
                Block::Paragraph { text, .. } => ("p".into(), text.text, l.line),
                Block::Bullet { indent, text, .. } => (format!("li{indent}"), text.text, l.line),
                Block::Image { alt, url } => ("img".into(), format!("{alt}|{url}"), l.line),
                Block::Other => ("other".into(), String::new(), l.line),
            })
            .collect()
    }

    #[test]
    fn markup_becomes_the_blocks_markdown_gives() {
        // (HTML, the blocks as (kind, text, line) with the first line numbered 10)
        type Row<'a> = (&'a str, &'a [(&'a str, &'a str, usize)]);
        let table: &[Row] = &[
            (
                "<h2>Talks</h2>\n<p>Hello  <b>there</b>,\nfriends</p>",
                &[("h2", "Talks", 10), ("p", "Hello there, friends", 11)],
            ),
            (
                "<ul>\n<li>One</li>\n<li>Two<ul>\n<li>Deep</li></ul></li>\n</ul>",
                &[("li0", "One", 11), ("li0", "Two", 12), ("li1", "Deep", 13)],
            ),
            (
                "<center>\n  <h3><a href=\"https://x.example\">Replay</a></h3>\n</center>\n<p>Q&amp;A after</p>",
                &[("h3", "Replay", 11), ("p", "Q&A after", 13)],
            ),
            (
                "<table><tr><td>18:00</td><td>Pipes by Ada</td></tr></table>",
                &[("p", "18:00", 10), ("p", "Pipes by Ada", 10)],
            ),
            (
                "<div>Loose text<br>on two lines</div><script>var x = '<p>no</p>';</script>",
                &[("p", "Loose text on two lines", 10)],
            ),
            (
                "<p>Before</p>\n<blockquote><p>Pipes by someone else</p></blockquote>",
                &[("p", "Before", 10), ("other", "", 10)],
            ),
            (
                "<p><img src=\"/ada.jpg\" alt=\"Ada - Pipes\"></p>\n<li><p>Item in a paragraph</p></li>",
                &[
                    ("img", "Ada - Pipes|/ada.jpg", 10),
                    ("li0", "Item in a paragraph", 11),
                ],
            ),
            (
                "<p>unclosed <em>tags <div>and</p> junk",
                &[
                    ("p", "unclosed tags", 10),
                    ("p", "and", 10),
                    ("p", "junk", 10),
                ],
            ),
        ];
        for (html, want) in table {
            let want: Vec<(String, String, usize)> = want
                .iter()
                .map(|(k, t, l)| (k.to_string(), t.to_string(), *l))
                .collect();
            assert_eq!(read(html), want, "{html}");
        }
    }

    #[test]
    fn links_and_emphasis_keep_their_place_in_the_text() {
        let lines = blocks(
            "<p><em>Pipes</em> by <a href=\" https://x.example/ada \">Ada Lovelace</a></p>",
            1,
            None,
        );
        let text = lines[0].block.plain().unwrap();
        assert_eq!(text.text, "Pipes by Ada Lovelace");
        assert_eq!(
            text.links,
            [Link {
                start: 9,
                end: 21,
                url: "https://x.example/ada".into()
            }]
        );
        assert_eq!(text.emphasis, vec![0..5]);
        // Markdown inside the markup keeps its links.
        let lines = blocks(
            "<h3>Drinks</h3>\nThanks to [Acme](https://acme.example) for *them*",
            1,
            Some(crate::corpus::markdown::plain),
        );
        let text = lines[1].block.plain().unwrap();
        assert_eq!(text.text, "Thanks to Acme for them");
        assert_eq!(text.links[0].url, "https://acme.example");
        assert_eq!(&text.text[text.links[0].range()], "Acme");
        assert_eq!(&text.text[text.emphasis[0].clone()], "them");
    }

    #[test]
    fn markup_nested_past_the_limit_is_not_parsed() {
        // Regression: 50,000 nested <div>s kept html5ever busy for minutes (scope checks
        // walk the open elements), past the time budget that only the reader checks.
        let deep = format!(
            "{}<p>hi</p>{}",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        assert_eq!(read(&deep), [("other".to_owned(), String::new(), 10)]);
        let lists = "<ul><li>a".repeat(20_000);
        assert!(too_deep(&lists));
        // Flat or closed markup of any length is parsed.
        let flat = "<li>a<p>b<br><img src=x>".repeat(5_000);
        assert!(!too_deep(&flat));
        let closed = "<div><span>a</span><br/></div>".repeat(5_000);
        assert!(!too_deep(&closed));
        assert!(!too_deep(&format!(
            "{}{}",
            "<div>".repeat(256),
            "</div>".repeat(256)
        )));
        assert!(
            !too_deep(&"<div/".repeat(100)),
            "unfinished self-closing tags"
        );
    }

    #[test]
    fn which_html_blocks_hold_text() {
        for (html, want) in [
            ("<p>Hi</p>", true),
            ("<H2>Hi</H2>", true),
            ("<ul><li>x</li></ul>", true),
            ("<table><td>x</td></table>", true),
            ("<img src=\"a.png\">", false),
            ("<p align=\"center\">\n  <img src=\"a.png\">\n</p>", false),
            (
                "<div class=\"embed\"><iframe src=\"https://v.example\"></iframe></div>",
                false,
            ),
            ("<iframe src=\"https://v.example\"></iframe>", false),
        ] {
            assert_eq!(has_text_blocks(html), want, "{html}");
        }
    }
}
