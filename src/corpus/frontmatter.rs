//! Front matter: the `---` YAML (Jekyll) or `+++` TOML (Hugo) block that opens a post, or the
//! `Key: value` header lines of a Pelican post (see [`pelican`]).
//!
//! `"---\ntitle: Hi\ntags: [Meetup]\n---\nBody"` → `FrontMatter { title: Some("Hi"), tags:
//! ["Meetup"], .. }` and the body with the line it starts on, so warnings can name lines. A data
//! file that is all front matter (`---` and never closed) is front matter with an empty body; a
//! key given twice keeps its last value, with a warning.

mod fields;
mod flat_yaml;
mod pelican;

use fields::from_map;

/// The fields emcee reads; anything else in the block is ignored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The meetup's day as written (`event_date`, `when`, `event`), else the post's `date`.
    pub date: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub venue: Option<String>,
    pub image: Option<String>,
    pub video: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// A structured agenda (`speakers:` or `talks:` lists, as event themes write them), or the
    /// post's one talk (`who:` or `speaker:` and the title).
    pub talks: Vec<FrontTalk>,
    /// The page to RSVP on (`link`, `rsvp`, `lanyrd`, …).
    pub rsvp: Option<String>,
    /// The organisation hosting the meetup (`host`, `sponsor`), and its address on the web.
    pub host: Option<String>,
    pub host_url: Option<String>,
    /// `type: meetup|workshop|update`, as some themes say.
    pub kind: Option<String>,
    /// The line (1-based, in the whole file) of each field, for warnings.
    pub date_line: usize,
}

/// One talk of a structured agenda: its title and speakers with their organisation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontTalk {
    pub title: Option<String>,
    pub speakers: Vec<(String, Option<String>)>,
    /// Its recording (`video:`, `recording:`, `youtube:`) as written: an address, or an id with
    /// a start (`ID?start=824`).
    pub video: Option<String>,
    /// Read from a free-text field (`who: Ada Lovelace, Acme`) rather than an agenda: the
    /// names may be organisations or groups, so only those that look like people are kept.
    pub loose: bool,
}

/// A post split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// The 1-based line number of the body's first line in the file.
    pub body_line: usize,
    /// What was read despite a fault (a key given twice): (file line, message).
    pub warnings: Vec<(usize, String)>,
}

/// Why a file could not be read as a post.
#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The text starts with neither `---`, `+++` nor a Pelican header: not a post.
    NoFrontMatter,
    /// Opened on line 1 but never closed, and what follows is no front matter either.
    Unclosed { marker: &'static str },
    /// The block is there but does not parse; `line` is in the whole file.
    Syntax {
        format: &'static str,
        line: Option<usize>,
        message: String,
    },
}

/// Splits and parses the front matter. A leading byte-order mark and `\r\n` endings are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    let marker = match text[..first_end].trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => {
            let header = pelican::header(text).ok_or(SplitError::NoFrontMatter)?;
            return Ok(finish(
                from_map(&header.map, header.block, 1),
                header.body,
                header.body_line,
                header.warnings,
            ));
        }
    };
    let block_start = (first_end + 1).min(text.len());
    let mut warnings = Vec::new();
    let mut offset = block_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if text[offset..end].trim_end() == marker {
            let block = &text[block_start..offset];
            let body = &text[(end + 1).min(text.len())..];
            let front = match marker {
                "---" => parse_yaml(block, &mut warnings)?,
                _ => parse_toml(block)?,
            };
            return Ok(finish(front, body, line + 1, warnings));
        }
        offset = end + 1;
        line += 1;
    }
    // Never closed: a data file that is all front matter, when the rest reads as such.
    let block = &text[block_start..];
    let front = match marker {
        "---" if !block.trim().is_empty() => parse_yaml(block, &mut warnings).ok(),
        _ => None,
    };
    match front {
        Some(front) => Ok(finish(front, "", line, warnings)),
        None => Err(SplitError::Unclosed { marker }),
    }
}

fn finish(
    front: FrontMatter,
    body: &str,
    body_line: usize,
    warnings: Vec<(usize, String)>,
) -> Split<'_> {
    let date_line = front.date_line;
    Split {
        front: FrontMatter {
            date_line: if date_line == 0 { 1 } else { date_line },
            ..front
        },
        body,
        body_line,
        warnings,
    }
}

/// The block without the earlier entries of a top-level key given twice, and a warning for
/// each one dropped (lines counted from the file's line 2, where the block starts).
fn last_entries(block: &str) -> (String, Vec<(usize, String)>) {
    // Each top-level entry: its key and its lines (the key line and the indented ones below).
    let mut entries: Vec<(Option<&str>, usize, Vec<&str>)> = Vec::new();
    for (k, line) in block.split_inclusive('\n').enumerate() {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        let key = line
            .split_once(':')
            .map(|(key, _)| key.trim().trim_matches(['"', '\'']))
            .filter(|_| top);
        match entries.last_mut() {
            Some(entry) if key.is_none() => entry.2.push(line),
            _ => entries.push((key, k + 2, vec![line])),
        }
    }
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (at, (key, _, _)) in entries.iter().enumerate() {
        if let Some(key) = key {
            last.insert(key, at);
        }
    }
    let mut out = String::with_capacity(block.len());
    let mut warnings = Vec::new();
    let mut warned = std::collections::HashSet::new();
    for (at, (key, line, lines)) in entries.iter().enumerate() {
        if let Some(key) = key
            && last[key] != at
        {
            // One warning per key, at its first line.
            if warned.insert(*key) {
                let again = entries[last[key]].1;
                warnings.push((
                    *line,
                    format!(
                        "front matter key `{key}` is given again on line {again}: the last one is used"
                    ),
                ));
            }
            continue;
        }
        lines.iter().for_each(|l| out.push_str(l));
    }
    (out, warnings)
}

/// Reads the YAML block (Jekyll): flat blocks directly, the rest with serde_yaml_ng.
fn parse_yaml(block: &str, warnings: &mut Vec<(usize, String)>) -> Result<FrontMatter, SplitError> {
    if block.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    if let Some(map) = flat_yaml::parse(block) {
        return Ok(from_map(&map, block, 2));
    }
    let parsed = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(block).or_else(|e| {
        if !e.to_string().contains("duplicate entry") {
            return Err(e);
        }
        let (kept, dropped) = last_entries(block);
        let value = serde_yaml_ng::from_str(&kept)?;
        warnings.extend(dropped);
        Ok(value)
    });
    let value: serde_yaml_ng::Value = parsed.map_err(|e| {
        let message = first_line(&e.to_string());
        // "found unexpected end of stream at line 5 …, while scanning a quoted scalar at line 2
        // …": the earliest line named is where the broken construct starts.
        let line = message
            .match_indices("at line ")
            .filter_map(|(i, cue)| {
                let digits: String = message[i + cue.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<usize>().ok()
            })
            .min()
            .or(e.location().map(|l| l.line()));
        SplitError::Syntax {
            format: "YAML",
            line: line.map(|l| l + 1),
            message: file_lines(&message),
        }
    })?;
    match yaml_json(value) {
        Json::Object(map) => Ok(from_map(&map, block, 2)),
        Json::Null => Ok(FrontMatter::default()),
        _ => Err(SplitError::Syntax {
            format: "YAML",
            line: Some(2),
            message: "the block is not a set of `key: value` fields".to_owned(),
        }),
    }
}

/// Reads the TOML block (Hugo).
fn parse_toml(block: &str) -> Result<FrontMatter, SplitError> {
    let table: toml::Table = toml::from_str(block).map_err(|e| SplitError::Syntax {
        format: "TOML",
        line: e
            .span()
            .map(|span| block[..span.start.min(block.len())].matches('\n').count() + 2),
        message: first_line(e.message()),
    })?;
    match toml_json(toml::Value::Table(table)) {
        Json::Object(map) => Ok(from_map(&map, block, 2)),
        _ => Ok(FrontMatter::default()),
    }
}

use serde_json::Value as Json;

fn yaml_json(value: serde_yaml_ng::Value) -> Json {
    use serde_yaml_ng::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Number(n) => Json::String(n.to_string()),
        Value::String(s) => Json::String(s),
        Value::Sequence(items) => Json::Array(items.into_iter().map(yaml_json).collect()),
        Value::Mapping(map) => Json::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let key = match yaml_json(k) {
                        Json::String(s) => s,
                        Json::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_json(v)))
                })
                .collect(),
        ),
        Value::Tagged(t) => yaml_json(t.value),
    }
}

fn toml_json(value: toml::Value) -> Json {
    use toml::Value;
    match value {
        Value::String(s) => Json::String(s),
        Value::Integer(i) => Json::String(i.to_string()),
        Value::Float(f) => Json::String(f.to_string()),
        Value::Boolean(b) => Json::Bool(b),
        Value::Datetime(d) => Json::String(d.to_string()),
        Value::Array(items) => Json::Array(items.into_iter().map(toml_json).collect()),
        Value::Table(t) => Json::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect()),
    }
}

/// Rewrites "at line N" in a parser's message (counted inside the block) as a file line.
fn file_lines(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("at line ") {
        let (before, after) = rest.split_at(at + "at line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + 1).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_and_body_line() {
        let split =
            split("---\ntitle: \"Hi\"\ntags:\n  - Meetup\n  - \"2019\"\n---\nBody\n").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Hi"));
        assert_eq!(split.front.tags, ["Meetup", "2019"]);
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 7);
    }

    #[test]
    fn toml_fields_and_date_line() {
        let split = split("+++\ntitle = \"Notes\"\ndate = \"3018-05-16\"\n+++\n").unwrap();
        assert_eq!(split.front.date.as_deref(), Some("3018-05-16"));
        assert_eq!(split.front.date_line, 3);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            split("---\nJust a rule, then prose.\n").unwrap_err(),
            SplitError::Unclosed { marker: "---" }
        );
        match split("---\na: 1\ntitle: \"open\nb: [\n---\n").unwrap_err() {
            SplitError::Syntax { line, .. } => assert!(matches!(line, Some(3..=5)), "{line:?}"),
            other => panic!("{other:?}"),
        }
        match split("+++\ntitle = \"x\"\ndate = = 1\n+++\n").unwrap_err() {
            SplitError::Syntax { line, .. } => assert_eq!(line, Some(3)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            split("no front matter").unwrap_err(),
            SplitError::NoFrontMatter
        );
    }

    #[test]
    fn structured_agenda_and_any_key_case() {
        let split = split(
            "---\nTitle: Meetup\nDate: 2026-07-25\nlink: https://example.org/rsvp\nhost: Acme\nspeakers:\n  - title: Typed JS\n    name: Ada Lovelace\n  - title: Slot\n    name: TBD\n---\n",
        )
        .unwrap();
        let front = split.front;
        assert_eq!(front.title.as_deref(), Some("Meetup"));
        assert_eq!(front.date.as_deref(), Some("2026-07-25"));
        assert_eq!(front.date_line, 3);
        assert_eq!(front.rsvp.as_deref(), Some("https://example.org/rsvp"));
        assert_eq!(front.host.as_deref(), Some("Acme"));
        assert_eq!(front.talks.len(), 2);
        assert_eq!(front.talks[0].speakers, [("Ada Lovelace".to_owned(), None)]);
        assert!(front.talks[1].speakers.is_empty(), "TBD is a placeholder");
    }

    #[test]
    fn crlf_and_bom() {
        let split = split("\u{feff}---\r\ntitle: Hi\r\n---\r\nBody").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Hi"));
    }

    #[test]
    fn a_data_file_that_is_all_front_matter_is_read_with_an_empty_body() {
        // Regression: such files (`---` and never closed) were skipped as unclosed.
        let split =
            split("---\ntitle: 'Meetup #3'\ndate: '16/05/2019'\ntalks:\n  - title: Pipes\n")
                .unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Meetup #3"));
        assert_eq!(split.front.date_line, 3);
        assert_eq!(split.front.talks.len(), 1);
        assert_eq!(split.body, "");
        assert_eq!(split.body_line, 6);
    }

    #[test]
    fn a_key_given_twice_keeps_the_last_value_and_warns_with_its_line() {
        // Regression: a repeated key was a YAML error and the whole post was dropped.
        let text = "---\ntitle: Pipes\nspeaker:\n  - \"[Ada Lovelace](https://example.org)\"\nlocation: hall\nspeaker:\n  - \"Grace Hopper\"\n---\nBody\n";
        let split = split(text).unwrap();
        let names: Vec<&str> = split
            .front
            .talks
            .iter()
            .flat_map(|t| &t.speakers)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["Grace Hopper"]);
        assert_eq!(split.front.location.as_deref(), Some("hall"));
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.warnings.len(), 1);
        let (line, message) = &split.warnings[0];
        // A key given many times warns once.
        let many = format!("---\n{}title: x\n---\n", "speaker: Ada\n".repeat(50));
        assert_eq!(super::split(&many).unwrap().warnings.len(), 1);
        assert_eq!(*line, 3);
        assert!(
            message.contains("`speaker`") && message.contains("line 6"),
            "{message}"
        );
    }

    #[test]
    fn pelican_headers_are_front_matter() {
        let split = split("Title: Pipes\nEvent: 2007-07-10 7:30 pm to 9:00 pm\nSpeaker: Ada Lovelace\nLocation: The Hall\nTags: general meeting\n\nBody\n").unwrap();
        let front = &split.front;
        assert_eq!(front.title.as_deref(), Some("Pipes"));
        assert_eq!(front.date.as_deref(), Some("2007-07-10 7:30 pm to 9:00 pm"));
        assert_eq!(front.date_line, 2);
        assert_eq!(front.location.as_deref(), Some("The Hall"));
        assert_eq!(front.tags, ["general meeting"]);
        assert_eq!(front.talks.len(), 1);
        assert_eq!(front.talks[0].title.as_deref(), Some("Pipes"));
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 7);
    }
}
