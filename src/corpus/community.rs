//! `community.toml`: the community's name, IANA time zone, default venue and start time.
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
use serde::Deserialize;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunityFile {
    name: String,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    venue: Option<String>,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    events_url: Option<String>,
    #[serde(default)]
    aliases: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    capacity: Option<u32>,
    #[serde(default)]
    duration: Option<String>,
}

impl Community {
    /// Parses `community.toml`; the error is a message for the organiser.
    pub fn parse(text: &str) -> Result<Community, String> {
        let file: CommunityFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let timezone = match file.timezone {
            None => Tz::UTC,
            Some(name) => name.parse::<Tz>().map_err(|_| {
                format!("unknown time zone '{name}': use an IANA name such as Europe/London")
            })?,
        };
        let start_time = match file.start_time {
            None => None,
            Some(text) => Some(
                NaiveTime::parse_from_str(&text, "%H:%M")
                    .map_err(|_| format!("start_time '{text}' is not a time such as 18:30"))?,
            ),
        };
        let id = match file.id {
            Some(id) if super::model::valid_id(&id) => id,
            Some(id) => {
                return Err(format!(
                    "id '{id}' must be 1 to 60 of a-z, 0-9, '-' and '_'"
                ));
            }
            // Not derived from the name: adding community.toml later (or renaming the
            // community) must not change RSVP keys or calendar UIDs.
            None => Community::default().id,
        };
        let duration = match file.duration {
            None => DEFAULT_DURATION,
            Some(text) => parse_duration(&text)
                .ok_or_else(|| format!("duration '{text}' is not a length such as 3h or 150m"))?,
        };
        Ok(Community {
            id,
            capacity: file.capacity,
            duration,
            name: file.name,
            timezone,
            location: file.location,
            venue: file.venue,
            start_time,
            events_url: file.events_url,
            aliases: file.aliases.into_iter().collect(),
        })
    }
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
        assert!(err.contains("Mars/Olympus"), "{err}");
        assert!(Community::parse("name = \"x\"\ncolour = \"red\"\n").is_err());
    }
}
