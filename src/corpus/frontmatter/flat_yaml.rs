//! The flat YAML most front matter is written in, read without a YAML parser: `key: value`
//! lines whose values are one-line plain or quoted strings, `[a, "b"]` lists, or `- item` lines
//! under a `key:` line.
//!
//! `"title: \"Hi\"\ntags:\n  - Meetup\n"` → `Some({"tags": ["Meetup"], "title": "Hi"})`.
//! Anything else (nesting, numbers, escapes, comments, anchors, tags, tabs, a repeated key, …)
//! is `None`, and the block goes to serde_yaml_ng: whatever this reads, the full parser reads
//! the same way. Cost: one pass over the block, no allocation but the values.

use serde_json::{Map, Value as Json};

/// The fields of a flat block, or None when the block needs the full YAML parser.
pub(super) fn parse(block: &str) -> Option<Map<String, Json>> {
    if !is_plain_text(block) {
        return None;
    }
    let mut map = Map::new();
    let mut lines = block.split('\n').peekable();
    while let Some(line) = lines.next() {
        if is_blank(line) {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let rest = rest.trim_matches(' ');
        let value = if rest.is_empty() {
            // `key:` alone is null, or the list of the `- item` lines under it.
            let mut items: Option<(usize, Vec<Json>)> = None;
            while let Some(next) = lines.next_if(|l| is_blank(l) || l.starts_with([' ', '-'])) {
                if is_blank(next) {
                    continue;
                }
                let indent = next.len() - next.trim_start_matches(' ').len();
                let item = next[indent..].strip_prefix("- ")?.trim_matches(' ');
                let (list_indent, list) = items.get_or_insert_with(|| (indent, Vec::new()));
                if *list_indent != indent {
                    return None;
                }
                list.push(scalar(item, false)?);
            }
            items.map_or(Json::Null, |(_, list)| Json::Array(list))
        } else if let Some(inner) = rest.strip_prefix('[') {
            flow_list(inner)?
        } else {
            scalar(rest, false)?
        };
        if map.insert(key.to_owned(), value).is_some() {
            return None;
        }
    }
    Some(map)
}

/// `a, "b"]` (after the `[`): the items, each a scalar.
fn flow_list(inner: &str) -> Option<Json> {
    let inner = inner.strip_suffix(']')?;
    if is_blank(inner) {
        return Some(Json::Array(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect::<Option<Vec<Json>>>()
        .map(Json::Array)
}

/// One scalar as YAML resolves it (null, a boolean or a string); None for a number or anything
/// that is not a simple one-line scalar. `in_flow`: inside `[…]`, where `,[]{}` end a scalar.
fn scalar(text: &str, in_flow: bool) -> Option<Json> {
    if let Some(quoted) = text.strip_prefix('"') {
        let inner = quoted.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Json::String(inner.to_owned()));
    }
    if let Some(quoted) = text.strip_prefix('\'') {
        let inner = quoted.strip_suffix('\'')?;
        return (!inner.replace("''", "").contains('\''))
            .then(|| Json::String(inner.replace("''", "'")));
    }
    // A whole number written plainly: the front matter reads numbers as their text.
    if is_plain_integer(text) {
        return Some(Json::String(text.to_owned()));
    }
    if text.is_empty()
        || text.starts_with(INDICATORS)
        || text.contains(": ")
        || text.ends_with(':')
        || text.contains(" #")
        || in_flow && text.contains([':', '#', ',', '[', ']', '{', '}'])
    {
        return None;
    }
    match text {
        "null" | "Null" | "NULL" | "~" => Some(Json::Null),
        "true" | "True" | "TRUE" => Some(Json::Bool(true)),
        "false" | "False" | "FALSE" => Some(Json::Bool(false)),
        _ if may_be_number(text) => None,
        _ => Some(Json::String(text.to_owned())),
    }
}

/// Characters that cannot open a plain scalar, or open one only in ways left to the parser.
const INDICATORS: [char; 19] = [
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Whether YAML might read `text` as a number: every integer and float it accepts (`12`,
/// `-0x1F`, `+1.5e3`, `.inf`) passes, and so do a few strings, which the parser then reads.
fn may_be_number(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['+', '-']);
    unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (text.parse::<f64>().is_ok()
            || [
                "0x", "0o", "0b", ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
            ]
            .iter()
            .any(|p| unsigned.starts_with(p)))
}

/// `0`, `42`, `-2019`: an integer YAML reads exactly as written (no sign `+`, no leading zero,
/// within 64 bits), so that its text is the number's.
fn is_plain_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    (text == "0" || digits.len() <= 18 && !digits.starts_with('0'))
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A key as plain YAML reads it as a string: a word of ASCII letters, digits, `_` and `-`.
fn is_key(key: &str) -> bool {
    key.len() <= 100
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && matches!(scalar(key, false), Some(Json::String(_)))
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// Whether every character reads the same in any context: printable, no tab or carriage
/// return, no C1 control, no Unicode line or paragraph separator, no byte-order mark, no
/// noncharacter U+FFFE or U+FFFF. Checked a byte at a time: those all have fixed encodings.
fn is_plain_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(at, &b)| match b {
        b'\n' | b' '..=b'~' => true,
        0x00..=0x1f | 0x7f => false,
        // U+0080..U+009F
        0xc2 => !matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
        // U+2028, U+2029
        0xe2 => !matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])),
        // U+FEFF, U+FFFE, U+FFFF
        0xef => !matches!(
            bytes.get(at + 1..at + 3),
            Some([0xbb, 0xbf] | [0xbf, 0xbe | 0xbf])
        ),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml_ng reads, as the front matter sees it.
    fn full(block: &str) -> Option<Map<String, Json>> {
        match super::super::yaml_json(serde_yaml_ng::from_str(block).ok()?) {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The byte check agrees with the character rule it stands for, on every character.
    #[test]
    fn plain_text_is_checked_per_character() {
        let plain = |c: char| {
            matches!(c, '\n' | ' '..='~')
                || c >= '\u{a0}'
                    && !matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                    )
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(is_plain_text(&text), plain(c), "U+{:04X}", c as u32);
        }
    }

    /// Blocks read here: the same fields as the full parser.
    #[test]
    fn flat_blocks_read_as_the_full_parser_reads_them() {
        for block in [
            "title: Hi\n",
            "title: \"Quoted: with a colon # and a hash\"\ndate: 2019-03-06 18:30:00 +0100\n",
            "title: 'it''s here'\nlayout: post\n",
            "tags: [meetup, \"Talks\", 'x']\ncategories: []\n",
            "tags:\n  - Meetup\n  - \"2019\"\n\n  - true\nauthor:\n",
            "tags:\n- a\n- b\ntitle: C# and F#, [draft]\n",
            "draft: false\nimage: ~\nurl: https://example.org/a:b?c=d#e\nyear: 2019-05\n",
            "title: Ünïcödé\u{a0}\nTitle: Second\n",
            "v: .x\nw: 1st place\nx: 12 Monkeys\ny: inf\n",
            "weight: -2019\nduration: 3\nzero: 0\n",
        ] {
            let fast = parse(block);
            assert!(fast.is_some(), "{block:?} is flat");
            assert_eq!(fast, full(block), "{block:?}");
        }
    }

    /// Blocks left to the full parser: numbers, escapes, comments, nesting, anchors and
    /// anything else this reader does not know.
    #[test]
    fn other_blocks_go_to_the_full_parser() {
        for block in [
            "weight: +12\n",
            "weight: -0\n",
            "id: 007\n",
            "big: 1234567890123456789012\n",
            "ratio: 1.5e3\n",
            "n: 0x1F\n",
            "n: .inf\n",
            "title: \"a \\\"b\\\"\"\n",
            "title: a # comment\n",
            "title: a: b\n",
            "author:\n  name: Ada\n",
            "title: one\n  two\n",
            "a: &x 1\nb: *x\n",
            "title: !tag x\n",
            "title: x\ntitle: y\n",
            "title:\tx\n",
            "title: x\r\n",
            "true: x\n",
            "tags:\n  - a\n    - b\n",
            "tags: [a, b\n",
            "tags: [\"a, b\"]\n",
            "tags: [a,]\n",
            "talks:\n  - title: X\n    name: Ada\n",
            "summary: |\n  text\n",
            "- a\n- b\n",
        ] {
            assert_eq!(parse(block), None, "{block:?}");
        }
    }

    /// Every post of the shared corpora: a block read here is read as the full parser reads
    /// it, and three in four blocks or more are flat.
    #[test]
    fn corpus_blocks_read_as_the_full_parser_reads_them() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let (mut blocks, mut flat) = (0, 0);
        for set in ["dev", "rubyslovenia", "chennaipy", "copenhagenjs"] {
            for entry in walkdir::WalkDir::new(corpus.join(set)) {
                let entry = entry.expect("the corpus is readable");
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Some(block) = text
                    .strip_prefix("---\n")
                    .and_then(|rest| rest.split_once("\n---\n"))
                    .map(|(block, _)| block)
                else {
                    continue;
                };
                blocks += 1;
                if let Some(fast) = parse(block) {
                    flat += 1;
                    assert_eq!(Some(fast), full(block), "{}", entry.path().display());
                }
            }
        }
        assert!(flat * 4 > blocks * 3, "{flat} of {blocks} blocks are flat");
    }

    proptest::proptest! {
        /// Random blocks of keys, scalars, lists and stray indicators: whenever this reader
        /// answers, the full parser gives the same fields.
        #[test]
        fn any_block_read_here_is_read_as_the_full_parser_reads_it(
            block in "([a-cT_-]{1,3}:( [a-c0-9 .:#'\"\\\\\\[\\],~+-]{0,9})?\n|  ?- [a-c0-9 '\"#:.-]{0,6}\n| *\n){1,6}"
        ) {
            // A blank block is no fields before either parser sees it.
            proptest::prop_assume!(!block.trim().is_empty());
            if let Some(fast) = parse(&block) {
                proptest::prop_assert_eq!(Some(fast), full(&block), "{:?}", block);
            }
        }
    }
}
