//! Pelican's metadata header: `Key: value` lines from the first line to the first blank one,
//! with no `---` around them, then the body.
//!
//! `"Title: Pipes\nEvent: 2020-01-14 7:30 pm\nTags: talk, linux\n\nBody"` → the fields
//! `{"Title": "Pipes", "Event": "2020-01-14 7:30 pm", "Tags": ["talk", "linux"]}` and the body,
//! which starts on line 5. A file whose first lines are not all such lines, or that has no
//! `Title`, is no Pelican post: `None`. Cost: one pass over the header lines.

use serde_json::{Map, Value as Json};

/// A header read: its fields, its text, the body after the blank line, and where each starts.
pub(super) struct Header<'a> {
    pub map: Map<String, Json>,
    pub block: &'a str,
    pub body: &'a str,
    pub body_line: usize,
    /// A key given twice: (file line, message); the last value is kept.
    pub warnings: Vec<(usize, String)>,
}

/// The keys whose value is a comma-separated list.
const LIST_KEYS: &[&str] = &["tags", "category", "categories", "authors"];

/// `Key` of a `Key: value` line: a word of letters, digits, `_` and `-` that starts with a letter.
fn key_of(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let is_key = key.len() <= 30
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (is_key && (value.is_empty() || value.starts_with([' ', '\t']))).then_some((key, value.trim()))
}

/// Reads the header that opens `text`, or None when `text` does not open with one.
pub(super) fn header(text: &str) -> Option<Header<'_>> {
    let mut map = Map::new();
    let mut warnings = Vec::new();
    let mut last_key: Option<String> = None;
    let mut offset = 0;
    let mut line = 1;
    let block_end;
    loop {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let current = text[offset..end].trim_end_matches('\r');
        if current.trim().is_empty() {
            block_end = offset;
            break;
        }
        if current.starts_with([' ', '\t']) && last_key.is_some() {
            // An indented line continues the value above it.
            if let Some(Json::String(value)) = last_key.as_ref().and_then(|k| map.get_mut(k)) {
                value.push(' ');
                value.push_str(current.trim());
            }
        } else {
            let (key, value) = key_of(current)?;
            let value = if LIST_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k)) {
                Json::Array(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(|v| Json::String(v.to_owned()))
                        .collect(),
                )
            } else {
                Json::String(value.to_owned())
            };
            if map.insert(key.to_owned(), value).is_some() {
                warnings.push((
                    line,
                    format!(
                        "header key `{key}` is given twice: the last one (line {line}) is used"
                    ),
                ));
            }
            last_key = Some(key.to_owned());
        }
        if end == text.len() {
            block_end = text.len();
            break;
        }
        offset = end + 1;
        line += 1;
    }
    if !map.keys().any(|k| k.eq_ignore_ascii_case("title")) {
        return None;
    }
    let body_start = text[block_end..]
        .find('\n')
        .map_or(text.len(), |i| block_end + i + 1);
    Some(Header {
        map,
        block: &text[..block_end],
        body: &text[body_start..],
        body_line: line + 1,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_what_is_no_header() {
        // (text, the title read, the body, its first line); None: not a Pelican post.
        type Row<'a> = (&'a str, Option<(&'a str, &'a str, usize)>);
        let table: &[Row] = &[
            (
                "Title: Pipes\nDate: 2020-01-02\n\nBody\n",
                Some(("Pipes", "Body\n", 4)),
            ),
            (
                "title: Pipes\r\nSpeaker: Ada\r\n\r\nBody",
                Some(("Pipes", "Body", 4)),
            ),
            (
                "Title: A long\n  title\nTags: a, b\n\n\nBody",
                Some(("A long title", "\nBody", 5)),
            ),
            ("Title: Only a header", Some(("Only a header", "", 2))),
            // Prose that happens to open with a colon, a header without a title, a heading.
            ("Note: this is prose, not metadata.\n\nMore.", None),
            ("Date: 2020-01-02\n\nBody", None),
            ("# Title: Pipes\n\nBody", None),
            ("Title: Pipes\nthis line is prose\n\nBody", None),
        ];
        for (text, want) in table {
            let got = header(text).map(|h| {
                let title = h.map.get("Title").or(h.map.get("title")).cloned();
                (title, h.body, h.body_line)
            });
            let want = want.map(|(t, b, l)| (Some(Json::String(t.to_owned())), b, l));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn lists_and_repeated_keys() {
        let h = header("Title: X\nTags: general meeting, linux\nTitle: Y\n\nBody").unwrap();
        assert_eq!(
            h.map["Tags"],
            serde_json::json!(["general meeting", "linux"])
        );
        assert_eq!(h.map["Title"], Json::String("Y".into()));
        assert_eq!(h.warnings.len(), 1);
        assert_eq!(h.warnings[0].0, 3);
    }
}
