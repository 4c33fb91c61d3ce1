//! Front matter: the `---` YAML (Jekyll) or `+++` TOML (Hugo) block that opens a post.
//!
//! `"---\ntitle: Hi\ntags: [Meetup]\n---\nBody"` → `FrontMatter { title: Some("Hi"), tags:
//! ["Meetup"], .. }` and the body with the line it starts on, so warnings can name lines.

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
    /// The line (1-based, in the whole file) of each field, for warnings.
    pub date_line: usize,
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

/// The YAML fields emcee reads; the rest of the block is skipped without building values.
#[derive(serde::Deserialize)]
struct YamlFields {
    #[serde(default)]
    title: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    date: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    description: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    location: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    venue: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    image: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    video: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    author: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    tags: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    categories: Option<serde_yaml_ng::Value>,
}

fn parse_yaml(block: &str) -> Result<FrontMatter, SplitError> {
    use serde_yaml_ng::Value;
    if block.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let fields: YamlFields = serde_yaml_ng::from_str(block).map_err(|e| {
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
    fn text(value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Tagged(t) => text(&t.value),
            _ => None,
        }
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
    }
    fn list(value: &Value) -> Vec<String> {
        match value {
            Value::Sequence(items) => items.iter().filter_map(text).collect(),
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
    Ok(FrontMatter {
        title: fields.title.as_ref().and_then(text),
        date: fields.date.as_ref().and_then(text),
        description: fields.description.as_ref().and_then(text),
        location: fields.location.as_ref().and_then(text),
        venue: fields.venue.as_ref().and_then(text),
        image: fields.image.as_ref().and_then(text),
        video: fields.video.as_ref().and_then(text),
        author: fields.author.as_ref().and_then(text),
        tags: fields.tags.as_ref().map(list).unwrap_or_default(),
        categories: fields.categories.as_ref().map(list).unwrap_or_default(),
        date_line: key_line(block, "date"),
    })
}

fn parse_toml(block: &str) -> Result<FrontMatter, SplitError> {
    use toml::Value;
    let table: toml::Table = toml::from_str(block).map_err(|e| SplitError::Syntax {
        format: "TOML",
        line: e
            .span()
            .map(|span| block[..span.start.min(block.len())].matches('\n').count() + 2),
        message: first_line(e.message()),
    })?;
    fn text(value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Datetime(d) => Some(d.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    }
    fn list(value: &Value) -> Vec<String> {
        match value {
            Value::Array(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect(),
        }
    }
    let get = |key: &str| table.get(key);
    Ok(FrontMatter {
        title: get("title").and_then(text),
        date: get("date").and_then(text),
        description: get("description").and_then(text),
        location: get("location").and_then(text),
        venue: get("venue").and_then(text),
        image: get("image").and_then(text),
        video: get("video").and_then(text),
        author: get("author").and_then(text),
        tags: get("tags").map(list).unwrap_or_default(),
        categories: get("categories").map(list).unwrap_or_default(),
        date_line: key_line(block, "date"),
    })
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
    fn crlf_and_bom() {
        let split = split("\u{feff}---\r\ntitle: Hi\r\n---\r\nBody").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Hi"));
    }
}
