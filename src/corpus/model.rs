//! The corpus data model: events (meetup days, conference notes, articles), their talks,
//! speakers and sponsors, and the warnings met while reading them.
//!
//! Serialised as the corpus dump of `emcee check --json`, e.g.
//! `{"date": "2018-11", "kind": "meetup", "talks": [{"title": "Deployments with Kapitan", …}]}`.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The date of an event: a full day, or only a month when the post does not say which day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl EventDate {
    pub fn year(self) -> i32 {
        match self {
            EventDate::Day(d) => d.year(),
            EventDate::Month { year, .. } => year,
        }
    }

    pub fn month(self) -> u32 {
        match self {
            EventDate::Day(d) => d.month(),
            EventDate::Month { month, .. } => month,
        }
    }

    pub fn day(self) -> Option<NaiveDate> {
        match self {
            EventDate::Day(d) => Some(d),
            EventDate::Month { .. } => None,
        }
    }

    /// Same year and month.
    pub fn same_month(self, other: EventDate) -> bool {
        self.year() == other.year() && self.month() == other.month()
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`; `None` for anything else, including impossible days.
    pub fn parse(text: &str) -> Option<EventDate> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(EventDate::Day(day));
        }
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(EventDate::Month { year, month })
    }

    fn sort_key(self) -> (i32, u32, u32) {
        match self {
            EventDate::Day(d) => (d.year(), d.month(), d.day()),
            EventDate::Month { year, month } => (year, month, 0),
        }
    }
}

impl Ord for EventDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for EventDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            EventDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EventDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a date: expected YYYY-MM-DD or YYYY-MM"
            ))
        })
    }
}

/// What a post is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A meetup day: its roundup, its announcement, or both.
    Meetup,
    /// Notes from a conference, one talk per section.
    Conference,
    /// A post announcing something that is not a meetup day.
    Announcement,
    /// Any other post.
    Article,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Meetup => "meetup",
            Kind::Conference => "conference",
            Kind::Announcement => "announcement",
            Kind::Article => "article",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub name: String,
    #[serde(default)]
    pub affiliation: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Talk {
    pub title: String,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// The recording, at the talk's start when the post says where that is.
    #[serde(default)]
    pub video_url: Option<String>,
    /// Seconds into the recording.
    #[serde(default)]
    pub video_start: Option<u32>,
    #[serde(default)]
    pub slides_url: Option<String>,
    #[serde(default)]
    pub takeaways: Vec<String>,
}

/// One meetup day, conference or article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: EventDate,
    pub title: String,
    pub kind: Kind,
    /// Files this event was read from, relative to the data dir.
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub sponsors: Vec<Sponsor>,
    /// The recording or livestream of the whole event.
    #[serde(default)]
    pub video_url: Option<String>,
    #[serde(default)]
    pub rsvp_url: Option<String>,
    /// Companies announced as speaking, before the roundup exists.
    #[serde(default)]
    pub announced_companies: Vec<String>,
    #[serde(default)]
    pub talks: Vec<Talk>,
    /// The meetup's stable id: the `id` of its `events/*.toml`, else made from the post that
    /// first announced it (see [`derived_id`]), so that it stays when the meetup moves. RSVPs
    /// and calendar UIDs are keyed by it. Not part of the dump contract.
    #[serde(skip)]
    pub id: String,
    /// How many members may say they are going before the rest join a waitlist
    /// (`capacity` in `events/*.toml`, else the community's default). Not in the dump.
    #[serde(skip)]
    pub capacity: Option<u32>,
    /// Why the day is not sure (posts disagree on it): answers say "unconfirmed" instead of
    /// a date. In the dump only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
    /// Which posts' readings this event holds (see `merge.rs`). Not in the dump.
    #[serde(skip)]
    pub timeline: Timeline,
}

/// The readings one meetup is made of: posts whose own event it is, posts whose next-meetup
/// line names it, and how its day is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Posts whose own event (roundup or invitation) this is.
    pub own_of: Vec<String>,
    /// Posts whose next-meetup line names it.
    pub next_of: Vec<String>,
    /// A roundup reports it: it has happened.
    pub reported: bool,
    /// Its day is only a post's publication day (a roundup that does not say when it was).
    pub dated_by_publication: bool,
    /// Its day is a guess (a next-meetup line whose weekday and day disagree).
    pub guess: bool,
    /// What the timeline decided about a post's reading, by post, for `emcee check`.
    pub notes: Vec<(String, String)>,
}

/// The id of an event read from `source`: the file's path without its extension, lowercased,
/// every run of other characters than `a-z0-9` as one `-`, at most 60 characters; `next` marks
/// the next meetup a post announces, so it never shares its post's own id.
///
/// `("_posts/2019-03-06-Cloud Native.md", false)` → `"posts-2019-03-06-cloud-native"`;
/// with `next` → `"posts-2019-03-06-cloud-native-next"`.
pub fn derived_id(source: &str, next: bool) -> String {
    let stem =
        source.rsplit_once('.').map_or(
            source,
            |(stem, ext)| {
                if ext.contains('/') { source } else { stem }
            },
        );
    let mut id = String::with_capacity(stem.len() + 5);
    let mut add = |c: char| {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    };
    for c in stem.chars() {
        // An ASCII character's lower case is one ASCII character: no Unicode table needed.
        if c.is_ascii() {
            add(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut add);
        }
    }
    let mut id: String = id.trim_end_matches('-').to_owned();
    if id.len() > 60 {
        // Keep the end (a Jekyll name's date and title start) distinct: the first 40
        // characters and a hash of the whole.
        let hash = stem.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        id = format!("{}-{:016x}", id[..40].trim_end_matches('-'), hash);
    }
    if id.is_empty() {
        id.push_str("meetup");
    }
    if next {
        id.push_str("-next");
    }
    id
}

/// Whether `text` is usable as a meetup id given in `events/*.toml`: 1 to 60 of `a-z0-9-_`.
pub fn valid_id(text: &str) -> bool {
    (1..=60).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Event {
    pub fn new(date: EventDate, title: impl Into<String>, kind: Kind) -> Event {
        Event {
            date,
            title: title.into(),
            kind,
            sources: Vec::new(),
            location: None,
            venue: None,
            hosts: Vec::new(),
            sponsors: Vec::new(),
            video_url: None,
            rsvp_url: None,
            announced_companies: Vec::new(),
            talks: Vec::new(),
            id: String::new(),
            capacity: None,
            unconfirmed: None,
            timeline: Timeline::default(),
        }
    }
}

/// A problem met while reading the data dir: the file, the line (1-based) where known, and what
/// is wrong, written for the organiser who has to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_file_names() {
        let table = [
            (
                ("_posts/2019-03-06-Cloud Native.md", false),
                "posts-2019-03-06-cloud-native",
            ),
            (
                ("_posts/2019-03-06-Cloud Native.md", true),
                "posts-2019-03-06-cloud-native-next",
            ),
            (("events/next.toml", false), "events-next"),
            (("content/v1.2/notes", false), "content-v1-2-notes"),
            (("???.md", false), "meetup"),
        ];
        for ((source, next), id) in table {
            assert_eq!(derived_id(source, next), id, "{source}");
            assert!(valid_id(id), "{id}");
        }
        let long = format!("posts/{}.md", "word-".repeat(30));
        let id = derived_id(&long, false);
        assert!(id.len() <= 60 && valid_id(&id), "{id}");
        assert_ne!(id, derived_id(&long.replace("posts", "other"), false));
        assert!(!valid_id("Has Space") && !valid_id("") && !valid_id(&"x".repeat(61)));
    }
}
