//! Front matter: the `---` YAML (Jekyll) or `+++` TOML (Hugo) block that opens a post.
//!
//! `"---\ntitle: Hi\ntags: [Meetup]\n---\nBody"` → `FrontMatter { title: Some("Hi"), tags:
//! ["Meetup"], .. }` and the body with the line it starts on, so warnings can name lines.

mod flat_yaml;

/// The fields emcee reads; anything else in the block is ignored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub venue: Option<String>,
    pub image: Option<String>,
    pub video: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// A structured agenda (`speakers:` or `talks:` lists, as event themes write them).
    pub talks: Vec<FrontTalk>,
    /// The page to RSVP on (`link`, `rsvp`, `lanyrd`, …).
    pub rsvp: Option<String>,
    /// The organisation hosting the meetup (`host`), and its address on the web.
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
}

/// A post split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// The 1-based line number of the body's first line in the file.
    pub body_line: usize,
}

/// Why a file could not be read as a post.
#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The text does not start with `---` or `+++`: not a post.
    NoFrontMatter,
    /// Opened on line 1 but never closed.
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
        _ => return Err(SplitError::NoFrontMatter),
    };
    let block_start = (first_end + 1).min(text.len());
    let mut offset = block_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if text[offset..end].trim_end() == marker {
            let block = &text[block_start..offset];
            let body = &text[(end + 1).min(text.len())..];
            let front = match marker {
                "---" => parse_yaml(block)?,
                _ => parse_toml(block)?,
            };
            let date_line = front.date_line;
            return Ok(Split {
                front: FrontMatter {
                    date_line: if date_line == 0 { 1 } else { date_line },
                    ..front
                },
                body,
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(SplitError::Unclosed { marker })
}

/// The 1-based line, within the block, of the first line that starts with `key`.
fn key_line(block: &str, key: &str) -> usize {
    block
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        })
        .map_or(0, |i| i + 2)
}

/// Reads the YAML block (Jekyll): flat blocks directly, the rest with serde_yaml_ng.
fn parse_yaml(block: &str) -> Result<FrontMatter, SplitError> {
    if block.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    if let Some(map) = flat_yaml::parse(block) {
        return Ok(from_map(&map, block));
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(block).map_err(|e| {
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
        Json::Object(map) => Ok(from_map(&map, block)),
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
        Json::Object(map) => Ok(from_map(&map, block)),
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

/// A field by any of its names (given in lower case), case-insensitively ("Title", "title"):
/// the first key in the map's order that matches.
fn field<'a>(map: &'a serde_json::Map<String, Json>, names: &[&str]) -> Option<&'a Json> {
    names.iter().find_map(|name| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// [`field`] over a map whose keys have no ASCII capital, where matching ignoring case is
/// matching exactly: a lookup instead of a scan. Other maps are scanned.
fn lower_field<'a>(
    map: &'a serde_json::Map<String, Json>,
    lower_keys: bool,
    names: &[&str],
) -> Option<&'a Json> {
    if lower_keys {
        names.iter().find_map(|name| map.get(*name))
    } else {
        field(map, names)
    }
}

fn text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.trim().to_owned()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn list(value: &Json) -> Vec<String> {
    match value {
        Json::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other)
            .map(|s| {
                s.split([',', ' '])
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Names that stand for nobody yet: a slot on the agenda.
fn is_placeholder(name: &str) -> bool {
    let bare = name.trim().trim_matches(['?', '!', '.', '(', ')']).trim();
    bare.is_empty()
        || [
            "tbd",
            "tba",
            "tbc",
            "you",
            "to be announced",
            "to be confirmed",
            "n/a",
        ]
        .iter()
        .any(|p| bare.eq_ignore_ascii_case(p))
}

const TITLE_KEYS: &[&str] = &["title", "talk", "topic", "subject"];
const NAME_KEYS: &[&str] = &[
    "name",
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "by",
];
const ORG_KEYS: &[&str] = &[
    "company",
    "affiliation",
    "org",
    "organisation",
    "organization",
    "employer",
];

/// "Ada Lovelace and Charles Babbage" → two names; placeholders dropped.
fn names_in(value: &Json) -> Vec<String> {
    let raw: Vec<String> = match value {
        Json::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Json::Object(map) => field(map, NAME_KEYS).and_then(text),
                other => text(other),
            })
            .collect(),
        other => text(other).into_iter().collect(),
    };
    raw.iter()
        .flat_map(|n| n.split(" and ").flat_map(|n| n.split([',', '&'])))
        .map(str::trim)
        .filter(|n| !is_placeholder(n))
        .map(str::to_owned)
        .collect()
}

/// One talk of a structured agenda: `{title, name}`, `{title, speakers: [..]}`, or a name alone.
fn front_talk(item: &Json) -> Option<FrontTalk> {
    match item {
        Json::Object(map) => {
            let title = field(map, TITLE_KEYS).and_then(text);
            let org = field(map, ORG_KEYS).and_then(text);
            let speakers = field(map, NAME_KEYS)
                .map(names_in)
                .unwrap_or_default()
                .into_iter()
                .map(|n| (n, org.clone()))
                .collect::<Vec<_>>();
            (title.is_some() || !speakers.is_empty()).then_some(FrontTalk { title, speakers })
        }
        other => {
            let name = text(other).filter(|n| !is_placeholder(n))?;
            Some(FrontTalk {
                title: None,
                speakers: vec![(name, None)],
            })
        }
    }
}

fn from_map(map: &serde_json::Map<String, Json>, block: &str) -> FrontMatter {
    let lower_keys = map
        .keys()
        .all(|k| !k.bytes().any(|b| b.is_ascii_uppercase()));
    let field = |names: &[&str]| lower_field(map, lower_keys, names);
    let get = |names: &[&str]| field(names).and_then(text);
    let talks = [
        "talks", "agenda", "sessions", "speakers", "schedule", "program",
    ]
    .iter()
    .find_map(|key| match field(&[key]) {
        Some(Json::Array(items)) => {
            let talks: Vec<FrontTalk> = items.iter().filter_map(front_talk).collect();
            (!talks.is_empty()).then_some(talks)
        }
        _ => None,
    })
    .unwrap_or_default();
    let event_date = get(&["event_date", "eventdate", "event-date", "meetup_date"]);
    let date_key = if event_date.is_some() {
        ["event_date", "eventdate", "event-date", "meetup_date"]
            .into_iter()
            .find(|k| key_line(block, k) > 0)
            .unwrap_or("date")
    } else {
        "date"
    };
    FrontMatter {
        title: get(&["title"]),
        date: event_date.or_else(|| get(&["date"])),
        description: get(&["description", "summary"]),
        location: get(&["location", "address"]),
        venue: get(&["venue", "place"]),
        image: get(&["image", "bg_photo", "cover"]),
        video: get(&["video", "recording", "youtube"]),
        author: get(&["author"]),
        tags: field(&["tags"]).map(list).unwrap_or_default(),
        categories: field(&["categories", "category"])
            .map(list)
            .unwrap_or_default(),
        talks,
        rsvp: get(&[
            "rsvp",
            "rsvp_url",
            "link",
            "meetup",
            "lanyrd",
            "registration",
            "tickets",
        ])
        .filter(|u| u.starts_with("http")),
        host: get(&["host", "sponsor", "hosted_by"]),
        host_url: get(&["host_url", "sponsor_url"]),
        kind: get(&["type", "kind"]),
        date_line: key_line(block, date_key).max(key_line_ci(block, date_key)),
    }
}

/// `key_line`, ignoring the key's case ("Date:").
fn key_line_ci(block: &str, key: &str) -> usize {
    block
        .lines()
        .position(|l| {
            l.len() > key.len()
                && l.is_char_boundary(key.len())
                && l[..key.len()].eq_ignore_ascii_case(key)
                && l[key.len()..].trim_start().starts_with([':', '='])
        })
        .map_or(0, |i| i + 2)
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
            split("---\ntitle: x\n").unwrap_err(),
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
}
