//! `community.toml`: the community's name, IANA time zone, default venue and start time. Every
//! problem is reported at once with its line and key (`community.toml:3: start_time: '7pmx' is
//! not a time …`); emcee does not start on a file with problems.
//!
//! ```toml
//! name = "Cloud Native London"
//! timezone = "Europe/London"
//! venue = "CodeNode, 10 South Place, London"
//! start_time = "18:30"
//!
//! [aliases]
//! "Amazon Web Services" = ["AWS", "Amazon"]
//! ```

use chrono::NaiveTime;
use chrono_tz::Tz;
use toml::Spanned;

/// Facts about the community as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Community {
    pub name: String,
    pub timezone: Tz,
    pub location: Option<String>,
    pub venue: Option<String>,
    pub start_time: Option<NaiveTime>,
    /// Where the community lists its meetups, e.g. its Meetup group page.
    pub events_url: Option<String>,
    /// `[aliases]`: canonical name = the other names one person or organisation goes by.
    pub aliases: super::entities::Aliases,
    /// The community's id in a shared state store (RSVPs) and in calendar UIDs: `id` in
    /// `community.toml`, else "community" (never the name, which may change). Set it before
    /// one deployment serves several communities.
    pub id: String,
    /// How many members may be going to a meetup whose own file sets no `capacity`.
    pub capacity: Option<u32>,
    /// How long a meetup lasts (Discord scheduled events, the calendar): `duration` in
    /// minutes-or-hours text such as "3h" or "150m"; 3 hours when not given.
    pub duration: chrono::TimeDelta,
}

/// A meetup's length when `community.toml` gives no `duration`.
pub const DEFAULT_DURATION: chrono::TimeDelta = chrono::TimeDelta::hours(3);

impl Default for Community {
    fn default() -> Community {
        Community {
            name: "the community".to_owned(),
            timezone: Tz::UTC,
            location: None,
            venue: None,
            start_time: None,
            events_url: None,
            aliases: Vec::new(),
            id: "community".to_owned(),
            capacity: None,
            duration: DEFAULT_DURATION,
        }
    }
}

/// The keys `community.toml` may set, as the error for an unknown one lists them.
const KEYS: &str = "name, timezone, location, venue, start_time, events_url, id, capacity, \
                    duration, [aliases]";

/// One thing wrong in `community.toml`: where, which key, and what to write instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    /// The key at fault; `None` when the file does not read as TOML at all.
    pub key: Option<String>,
    pub message: String,
}

/// Every problem of one `community.toml`, in the order of the file, so that an organiser fixes
/// them all in one go. `file` is how the file is named in the message.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct CommunityError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for CommunityError {
    /// `blog/community.toml:3: start_time: '7pmx' is not a time …`, one line per problem after
    /// a count when there are several.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let one = |p: &Problem| {
            let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
            let key = p
                .key
                .as_deref()
                .map(|k| format!("{k}: "))
                .unwrap_or_default();
            format!("{}{line}: {key}{}", self.file, p.message)
        };
        match self.problems.as_slice() {
            [only] => write!(f, "{}", one(only)),
            problems => {
                write!(f, "{}: {} problems", self.file, problems.len())?;
                for problem in problems {
                    write!(f, "\n  {}", one(problem))?;
                }
                Ok(())
            }
        }
    }
}

impl Community {
    /// Parses `community.toml`, checking every key, and gives every problem at once.
    pub fn parse(text: &str) -> Result<Community, CommunityError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let error = |problems| CommunityError {
            file: super::COMMUNITY_FILE.to_owned(),
            problems,
        };
        type Table = std::collections::BTreeMap<Spanned<String>, Spanned<toml::Value>>;
        let table: Table = toml::from_str(text).map_err(|e| {
            error(vec![Problem {
                line: e.span().map(|s| line_of(s.start)),
                key: None,
                message: e.message().trim().to_owned(),
            }])
        })?;
        let mut community = Community::default();
        let mut problems = Vec::new();
        for (key, value) in &table {
            let line = Some(line_of(key.span().start));
            match read_key(&mut community, key.get_ref(), value.get_ref()) {
                Ok(()) => {}
                Err(message) => problems.push(Problem {
                    line,
                    key: Some(key.get_ref().clone()),
                    message,
                }),
            }
        }
        problems.sort_by_key(|p| p.line);
        if problems.is_empty() {
            Ok(community)
        } else {
            Err(error(problems))
        }
    }
}

/// The data dir's `community.toml` as start-up reads it: `None` when there is none, every
/// problem (the file named by its path) when it does not read.
pub fn read(dir: &std::path::Path) -> Result<Option<Community>, CommunityError> {
    let path = dir.join(super::COMMUNITY_FILE);
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CommunityError {
                file,
                problems: vec![Problem {
                    line: None,
                    key: None,
                    message: format!("cannot read it: {e}"),
                }],
            });
        }
    };
    Community::parse(&text)
        .map(Some)
        .map_err(|e| CommunityError { file, ..e })
}

/// Sets one key of `community` from its value, or says what is wrong with it.
fn read_key(community: &mut Community, key: &str, value: &toml::Value) -> Result<(), String> {
    let text = || {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("must be text in quotes, not {}", value.type_str()))
    };
    match key {
        "name" => community.name = text()?,
        "timezone" => {
            let name = text()?;
            community.timezone = name.parse::<Tz>().map_err(|_| {
                format!("unknown time zone '{name}': use an IANA name such as Europe/London")
            })?;
        }
        "location" => community.location = Some(text()?),
        "venue" => community.venue = Some(text()?),
        "events_url" => community.events_url = Some(text()?),
        "start_time" => {
            let time = text()?;
            community.start_time = Some(parse_time(&time).ok_or_else(|| {
                format!("'{time}' is not a time such as \"18:30\", \"7pm\" or \"6.30pm\"")
            })?);
        }
        "id" => {
            let id = text()?;
            if !super::model::valid_id(&id) {
                return Err(format!("'{id}' must be 1 to 60 of a-z, 0-9, '-' and '_'"));
            }
            community.id = id;
        }
        "capacity" => {
            community.capacity = Some(
                value
                    .as_integer()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| format!("must be a whole number such as 80, not {value}"))?,
            );
        }
        "duration" => {
            let length = text()?;
            community.duration = parse_duration(&length)
                .ok_or_else(|| format!("'{length}' is not a length such as 3h or 150m"))?;
        }
        "aliases" => community.aliases = aliases(value)?,
        _ => return Err(format!("unknown key: the keys are {KEYS}")),
    }
    Ok(())
}

/// `[aliases]`: each canonical name with a list of its other names.
fn aliases(value: &toml::Value) -> Result<super::entities::Aliases, String> {
    let table = value
        .as_table()
        .ok_or("must be a table: [aliases] then \"Name\" = [\"Other name\"]")?;
    table
        .iter()
        .map(|(name, others)| {
            let list = others
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
                .ok_or_else(|| format!("\"{name}\" must be a list of names in quotes"))?;
            Ok((name.clone(), list))
        })
        .collect()
}

/// A time of day as organisers write it: "18:30", "7pm", "6.30pm", "6:30 pm", "7 p.m.".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let compact: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (clock, half) = match compact.strip_suffix("pm").or(compact.strip_suffix("p.m.")) {
        Some(clock) => (clock, Some(12)),
        None => match compact.strip_suffix("am").or(compact.strip_suffix("a.m.")) {
            Some(clock) => (clock, Some(0)),
            None => (compact.as_str(), None),
        },
    };
    let (hour, minute) = match clock.split_once([':', '.']) {
        Some((hour, minute)) if minute.len() == 2 => (hour, minute.parse().ok()?),
        Some(_) => return None,
        // "19" alone is a number, not a time; "7pm" is a time.
        None if half.is_some() => (clock, 0),
        None => return None,
    };
    if hour.is_empty() || hour.len() > 2 || !hour.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hour: u32 = hour.parse().ok()?;
    let hour = match half {
        Some(offset) if (1..=12).contains(&hour) => hour % 12 + offset,
        Some(_) => return None,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// "3h" or "150m" (at most a day) as a length.
fn parse_duration(text: &str) -> Option<chrono::TimeDelta> {
    let text = text.trim();
    let (digits, unit) = text.split_at(text.len().checked_sub(1)?);
    let n: i64 = digits.parse().ok().filter(|n| *n > 0)?;
    let length = match unit {
        "h" => chrono::TimeDelta::hours(n),
        "m" => chrono::TimeDelta::minutes(n),
        _ => return None,
    };
    (length <= chrono::TimeDelta::days(1)).then_some(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field() {
        let community = Community::parse(
            "name = \"Example\"\ntimezone = \"Europe/London\"\nstart_time = \"18:30\"\nvenue = \"Hall\"\n",
        )
        .unwrap();
        assert_eq!(community.timezone, chrono_tz::Europe::London);
        assert_eq!(community.start_time, NaiveTime::from_hms_opt(18, 30, 0));
        assert_eq!(community.venue.as_deref(), Some("Hall"));
        // The id never comes from the name: the same as without community.toml.
        assert_eq!(community.id, Community::default().id);
        assert_eq!(community.duration, DEFAULT_DURATION);
    }

    #[test]
    fn id_capacity_and_duration() {
        let community = Community::parse(
            "name = \"Cloud Native London\"\ncapacity = 80\nduration = \"150m\"\n",
        )
        .unwrap();
        assert_eq!(community.id, "community");
        assert_eq!(community.capacity, Some(80));
        assert_eq!(community.duration, chrono::TimeDelta::minutes(150));
        let own = Community::parse("name = \"x\"\nid = \"cnl\"\n").unwrap();
        assert_eq!(own.id, "cnl");
        assert!(Community::parse("name = \"x\"\nid = \"Not OK\"\n").is_err());
        assert!(Community::parse("name = \"x\"\nduration = \"3 days\"\n").is_err());
    }

    #[test]
    fn rejects_unknown_zone_and_keys() {
        let err = Community::parse("name = \"x\"\ntimezone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"), "{err}");
        assert!(Community::parse("name = \"x\"\ncolour = \"red\"\n").is_err());
    }

    /// Regression: one bad value dropped the whole file with one message and no line; now
    /// every problem is named with its line and key.
    #[test]
    fn every_problem_is_named_with_its_line_and_key() {
        let text = "name = \"Harbour Devs\"\ntimezone = \"Mars/Olympus\"\nstart_time = \"7 in the evening\"\ncolour = \"red\"\ncapacity = -3\n";
        let err = Community::parse(text).unwrap_err();
        let got: Vec<(Option<usize>, Option<&str>)> = err
            .problems
            .iter()
            .map(|p| (p.line, p.key.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(2), Some("timezone")),
                (Some(3), Some("start_time")),
                (Some(4), Some("colour")),
                (Some(5), Some("capacity")),
            ]
        );
        let said = err.to_string();
        assert!(said.starts_with("community.toml: 4 problems"), "{said}");
        assert!(
            said.contains("community.toml:3: start_time: '7 in the evening'"),
            "{said}"
        );
        assert!(said.contains("the keys are name, timezone"), "{said}");
        // A name `init` could not find is a question in the file: unanswered, it is "the
        // community", not an error.
        let unnamed = Community::parse("venue = \"Hall\"\n").expect("no name is fine");
        assert_eq!(unnamed.name, Community::default().name);
        let broken = Community::parse("name = \"x\"\nvenue = \n").unwrap_err();
        assert_eq!(broken.problems[0].line, Some(2), "{broken}");
    }

    #[test]
    fn start_time_takes_the_forms_posts_use() {
        let cases = [
            ("18:30", Some((18, 30))),
            ("7pm", Some((19, 0))),
            ("7 pm", Some((19, 0))),
            ("6.30pm", Some((18, 30))),
            ("6:30 pm", Some((18, 30))),
            ("6:30 P.M.", Some((18, 30))),
            ("12pm", Some((12, 0))),
            ("12am", Some((0, 0))),
            ("9.15am", Some((9, 15))),
            ("19", None),
            ("13pm", None),
            ("25:00", None),
            ("6:3pm", None),
            ("pm", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let expected = expected.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0));
            assert_eq!(parse_time(text), expected, "{text}");
        }
        let community = Community::parse("name = \"x\"\nstart_time = \"6.30pm\"\n").unwrap();
        assert_eq!(community.start_time, NaiveTime::from_hms_opt(18, 30, 0));
    }
}
