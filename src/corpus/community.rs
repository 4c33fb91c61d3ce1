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
}

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
        Ok(Community {
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
    }

    #[test]
    fn rejects_unknown_zone_and_keys() {
        let err = Community::parse("name = \"x\"\ntimezone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(err.contains("Mars/Olympus"), "{err}");
        assert!(Community::parse("name = \"x\"\ncolour = \"red\"\n").is_err());
    }
}
