//! Announcements emcee posts on its own: reminders before a meetup and a note when a new roundup
//! appears. This is the pure core: [`schedule()`] says what is due, [`render`] turns one
//! announcement into a [`Reply`], and [`store::DeliveryLog`] remembers what was posted so that
//! nothing is posted twice across restarts. Transports post the replies; nothing here touches
//! the network.
//!
//! A meetup on 2019-04-03 with reminders `["7d", "1d"]` and channel `discord:123` →
//! `2019-04-03/reminder/7d/discord:123` due 2019-03-27T18:30Z, rendered as "Cloud Native London
//! April" / "Wednesday 3 April 2019 at 18:30 (BST), in 7 days." with venue, RSVP link and the
//! speakers' earlier talks.
//!
//! One tick of the announcer, as the wiring is expected to run it:
//!
//! ```text
//! log.ensure_baseline(&roundup_keys(corpus, now), now)?;   // first start: no roundup notes
//! for r in log.in_doubt(now, lease)? { warn!(...); log.mark_unknown(&r.id, now)?; }
//! let due = due(schedule(corpus, &settings, &channels, &log.known_roundups()?, now), now, grace);
//! for (a, why) in due.skip { log.mark_skipped(&a.id, now, &why.to_string())?; }
//! for a in due.send {
//!     if log.claim(&a.id, now)? {            // `sending` is on disk before the HTTP call
//!         match post(&a.channel, render(archive, &a)) {
//!             Ok(message) => log.mark_sent(&a.id, now, Some(&message))?,
//!             Err(e) => log.mark_failed(&a.id, now, &e.to_string(), e.is_permanent())?,
//!         }
//!     }
//! }
//! ```
//!
//! Delivery is at most once; see [`store`] for what happens when emcee dies mid-send.

pub mod deliver;
pub mod run;
pub mod schedule;
pub mod store;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::archive::Archive;
use crate::corpus::{Event, EventDate, Talk};
use crate::reply::Reply;
use crate::search::normalise;
pub use run::{Announcer, Report};
pub use schedule::{Decision, Due, KnownRoundups, Offset, ScheduleError, Settings, Skip};
pub use schedule::{decide, due, roundup_keys, schedule};
pub use store::{DeliveryLog, Record, RetryPolicy, SqliteLog, State, StoreError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    Discord,
    Slack,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Discord => "discord",
            Platform::Slack => "slack",
        }
    }
}

/// A channel to announce in: `discord:123456789012345678` or `slack:C024BE91L`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Channel {
    pub platform: Platform,
    pub id: String,
}

impl Channel {
    pub fn discord(id: impl Into<String>) -> Channel {
        Channel {
            platform: Platform::Discord,
            id: id.into(),
        }
    }

    pub fn slack(id: impl Into<String>) -> Channel {
        Channel {
            platform: Platform::Slack,
            id: id.into(),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform.as_str(), self.id)
    }
}

impl FromStr for Channel {
    type Err = String;
    /// Parses `discord:ID` or `slack:ID`; the error is a message naming the text.
    fn from_str(text: &str) -> Result<Channel, String> {
        let bad = || format!("'{text}' is not a channel: write discord:ID or slack:ID");
        let (platform, id) = text.trim().split_once(':').ok_or_else(bad)?;
        let id = id.trim();
        if id.is_empty() || id.contains(['/', ' ']) {
            return Err(bad());
        }
        match platform.trim().to_ascii_lowercase().as_str() {
            "discord" => Ok(Channel::discord(id)),
            "slack" => Ok(Channel::slack(id)),
            _ => Err(bad()),
        }
    }
}

/// What an announcement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum What {
    /// A reminder this long before the meetup.
    Reminder(Offset),
    /// A note that the roundup of a meetup is up.
    Roundup,
}

/// One announcement in one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    /// Stable across restarts and post edits: `2019-04-03/reminder/7d/discord:123`.
    pub id: String,
    /// The event's date, `2019-04-03` (or `2019-03` for a roundup dated by month).
    pub event_key: String,
    pub what: What,
    pub channel: Channel,
    /// When it is due. A roundup note is due when it is found.
    pub at: DateTime<Utc>,
    /// Never posted at or after this: the meetup's start for a reminder, the end of the
    /// roundup age limit for a roundup note.
    pub not_after: DateTime<Utc>,
    pub event: Event,
}

impl Announcement {
    /// "7d reminder" or "new-roundup note".
    pub fn label(&self) -> String {
        match self.what {
            What::Reminder(offset) => format!("{offset} reminder"),
            What::Roundup => "new-roundup note".to_owned(),
        }
    }
}

/// Text from the corpus made unable to ping: `@everyone` gets a zero-width space, `<@123>`
/// loses its angle brackets.
fn defuse(text: &str) -> String {
    text.replace('@', "@\u{200b}")
        .replace('<', "‹")
        .replace('>', "›")
}

/// A link from the corpus: angle brackets escaped, `@everyone`/`@here` broken.
fn defuse_url(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace("@everyone", "@\u{200b}everyone")
        .replace("@here", "@\u{200b}here")
}

/// "Wednesday 3 April 2019 at 18:30 (BST)".
pub fn local_time(instant: DateTime<Utc>, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .format("%A %-d %B %Y at %H:%M (%Z)")
        .to_string()
}

/// "Alessandro De Maria (DeepMind Health) and Tom Wilkie".
fn speakers(talk: &Talk) -> String {
    let names: Vec<String> = talk
        .speakers
        .iter()
        .map(|s| match &s.affiliation {
            Some(a) => format!("{} ({})", defuse(&s.name), defuse(a)),
            None => defuse(&s.name),
        })
        .collect();
    names.join(" and ")
}

fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        normalise(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

/// "Tom Wilkie: Cortex: … (2018-11)" for each talk the archive knows `name` gave before
/// `before`; empty for someone it does not know (found through the people index, then the name
/// must match exactly after normalisation, so a near-namesake is never credited).
fn earlier_talks(archive: &Archive, name: &str, before: EventDate) -> Vec<String> {
    let person = archive
        .people_index
        .search(name, 5)
        .iter()
        .filter_map(|hit| archive.people.get(hit.doc as usize))
        .find(|p| same_name(&p.name, name));
    let Some(person) = person else {
        return Vec::new();
    };
    person
        .talks
        .iter()
        .filter(|r| archive.event(**r).date < before)
        .map(|r| {
            format!(
                "{}: {} ({})",
                defuse(&person.name),
                defuse(&archive.talk(*r).title),
                archive.event(*r).date
            )
        })
        .collect()
}

/// "Deployments with Kapitan — Alessandro De Maria (DeepMind Health)", one line per talk.
fn talk_lines(event: &Event) -> String {
    let lines: Vec<String> = event
        .talks
        .iter()
        .map(|t| match speakers(t) {
            s if s.is_empty() => defuse(&t.title),
            s => format!("{} — {s}", defuse(&t.title)),
        })
        .collect();
    lines.join("\n")
}

/// The message for one announcement. Corpus text is defused so nothing in it can ping; the
/// footer carries the id without its channel, so a posted announcement can be recognised.
pub fn render(archive: &Archive, announcement: &Announcement) -> Reply {
    let mut reply = match announcement.what {
        What::Reminder(offset) => reminder(archive, announcement, offset),
        What::Roundup => roundup(&announcement.event),
    };
    let id = announcement
        .id
        .rsplit_once('/')
        .map_or(announcement.id.as_str(), |(id, _)| id);
    reply.footer = Some(format!("emcee · {id}"));
    reply
}

fn reminder(archive: &Archive, announcement: &Announcement, offset: Offset) -> Reply {
    let event = &announcement.event;
    let community = &archive.corpus.community;
    let mut reply = Reply::new(defuse(&event.title));
    reply.link = event.rsvp_url.as_deref().map(defuse_url);
    reply.description = format!(
        "{}, {}.",
        local_time(announcement.not_after, community.timezone),
        offset.phrase()
    );
    reply = reply.field("Talks", talk_lines(event));
    let companies: Vec<String> = event
        .announced_companies
        .iter()
        .map(|c| defuse(c))
        .collect();
    reply = reply.field("Speakers from", companies.join(", "));
    let venue = event.venue.as_ref().or(community.venue.as_ref());
    reply = reply.field("Venue", venue.map(|v| defuse(v)).unwrap_or_default());
    reply = match &event.rsvp_url {
        Some(url) => reply.field("RSVP", defuse_url(url)),
        None => reply.field(
            "RSVP",
            community
                .events_url
                .as_deref()
                .map(|u| format!("The RSVP link will appear at {}", defuse_url(u)))
                .unwrap_or_default(),
        ),
    };
    let mut before: Vec<String> = Vec::new();
    for speaker in event.talks.iter().flat_map(|t| &t.speakers) {
        for line in earlier_talks(archive, &speaker.name, event.date) {
            if !before.contains(&line) {
                before.push(line);
            }
        }
    }
    reply.field("Spoken here before", before.join("\n"))
}

fn roundup(event: &Event) -> Reply {
    let mut reply = Reply::new(format!("New roundup: {}", defuse(&event.title)));
    reply.link = event.video_url.as_deref().map(defuse_url);
    let count = match event.talks.len() {
        1 => "1 talk".to_owned(),
        n => format!("{n} talks"),
    };
    reply.description = format!("The meetup of {}: {count}.", event.date);
    reply = reply.field("Talks", talk_lines(event));
    let recordings: Vec<String> = event
        .talks
        .iter()
        .filter_map(|t| {
            let url = defuse_url(t.video_url.as_deref()?);
            Some(match t.video_start {
                Some(s) => format!(
                    "{}: {url} (starts at {})",
                    defuse(&t.title),
                    crate::commands::clock(s)
                ),
                None => format!("{}: {url}", defuse(&t.title)),
            })
        })
        .collect();
    reply = reply.field("Recordings", recordings.join("\n"));
    if let Some(video) = &event.video_url {
        reply = reply.field("Whole evening", defuse_url(video));
    }
    let sponsors: Vec<String> = event.sponsors.iter().map(|s| defuse(&s.name)).collect();
    reply.field("Thanks to", sponsors.join(", "))
}

/// One line of `emcee announce --dry-run`: what, where, when, and what would happen now.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    pub id: String,
    /// "7d reminder: Cloud Native London April (2019-04-03)".
    pub what: String,
    pub channel: Channel,
    pub at: DateTime<Utc>,
    /// `at` in the community's time zone: "Wednesday 27 March 2019 at 18:30 (GMT)".
    pub local: String,
    pub decision: Decision,
    /// What the delivery log already holds for it, if anything.
    pub recorded: Option<State>,
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = match (self.recorded, self.decision) {
            (Some(state), _) => format!("already {}", state.as_str()),
            (None, Decision::Later) => "later".to_owned(),
            (None, Decision::Send) => "post now".to_owned(),
            (None, Decision::Skip(why)) => format!("skip: {why}"),
        };
        write!(
            f,
            "{}  {}  {}  [{now}]",
            self.local, self.channel, self.what
        )
    }
}

/// The schedule as `emcee announce --dry-run` lists it; `recorded` looks an id up in the
/// delivery log (`|id| log.state(id).ok().flatten().map(|r| r.state)`).
pub fn listing(
    schedule: &[Announcement],
    now: DateTime<Utc>,
    grace: TimeDelta,
    tz: Tz,
    recorded: impl Fn(&str) -> Option<State>,
) -> Vec<Listing> {
    schedule
        .iter()
        .map(|a| Listing {
            id: a.id.clone(),
            what: format!("{}: {} ({})", a.label(), a.event.title, a.event_key),
            channel: a.channel.clone(),
            at: a.at,
            local: local_time(a.at, tz),
            decision: decide(a, now, grace),
            recorded: recorded(&a.id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use chrono::NaiveTime;

    use super::schedule::KnownRoundups;
    use super::*;
    use crate::corpus::{Community, Corpus, Kind, Speaker, Sponsor};

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn talk(title: &str, speaker: &str, affiliation: Option<&str>) -> Talk {
        Talk {
            title: title.to_owned(),
            speakers: vec![Speaker {
                name: speaker.to_owned(),
                affiliation: affiliation.map(str::to_owned),
            }],
            ..Talk::default()
        }
    }

    /// November 2018 (Tom Wilkie on Cortex), the April 2019 meetup announced with two speakers,
    /// and the February 2021 roundup with recordings.
    fn archive() -> Archive {
        let mut november = Event::new(
            EventDate::parse("2018-11-07").unwrap(),
            "Cloud Native London November 2018",
            Kind::Meetup,
        );
        november.talks = vec![
            talk(
                "Cortex: Horizontally Scalable Prometheus",
                "Tom Wilkie",
                Some("Grafana Labs"),
            ),
            talk("Deployments with Kapitan", "Alessandro De Maria", None),
        ];
        let mut april = Event::new(
            EventDate::parse("2019-04-03").unwrap(),
            "Cloud Native London April",
            Kind::Meetup,
        );
        april.venue = Some("CodeNode".to_owned());
        april.rsvp_url =
            Some("https://www.meetup.com/Cloud-Native-London/events/257404686/".to_owned());
        april.announced_companies = vec!["Airbus".to_owned(), "Bristol University".to_owned()];
        april.talks = vec![
            talk(
                "Kapitan, two years on",
                "alessandro de maria",
                Some("Kapicorp"),
            ),
            // One letter from a known speaker: must not be credited with his talks.
            talk("Operators in anger", "Tom Wilke", None),
        ];
        let mut february = Event::new(
            EventDate::parse("2021-02-03").unwrap(),
            "Cloud Native London February 2021",
            Kind::Meetup,
        );
        february.video_url = Some("https://youtu.be/5_9q1EYtEHY".to_owned());
        february.sponsors = vec![Sponsor {
            name: "Red Hat".to_owned(),
            url: None,
        }];
        let mut testing = talk(
            "Eventually Consistent Testing for Kubernetes Controllers",
            "Joel Speed",
            Some("Red Hat"),
        );
        testing.video_url = Some("https://youtu.be/5_9q1EYtEHY?t=1861".to_owned());
        testing.video_start = Some(1861);
        february.talks = vec![
            testing,
            talk(
                "Replicated block storage with LINSTOR",
                "Robert Altnoeder",
                None,
            ),
        ];
        Archive::new(Corpus {
            community: Community {
                name: "Cloud Native London".to_owned(),
                timezone: chrono_tz::Europe::London,
                venue: Some("CodeNode, London".to_owned()),
                start_time: NaiveTime::from_hms_opt(18, 30, 0),
                ..Community::default()
            },
            events: vec![november, april, february],
            ..Corpus::default()
        })
    }

    fn announcements(archive: &Archive, reminders: &[&str], now: &str) -> Vec<Announcement> {
        let settings = Settings::parse(reminders, None).unwrap();
        schedule(
            &archive.corpus,
            &settings,
            &[Channel::discord("123")],
            &KnownRoundups::default(),
            utc(now),
        )
    }

    #[test]
    fn reminder_names_date_time_venue_rsvp_and_earlier_talks() {
        let archive = archive();
        let all = announcements(&archive, &["7d"], "2019-03-20T12:00:00Z");
        let reminder = all.iter().find(|a| a.what != What::Roundup).unwrap();
        assert_eq!(
            render(&archive, reminder).to_text(),
            "Cloud Native London April
https://www.meetup.com/Cloud-Native-London/events/257404686/

Wednesday 3 April 2019 at 18:30 (BST), in 7 days.

Talks:
  Kapitan, two years on — alessandro de maria (Kapicorp)
  Operators in anger — Tom Wilke

Speakers from:
  Airbus, Bristol University

Venue:
  CodeNode

RSVP:
  https://www.meetup.com/Cloud-Native-London/events/257404686/

Spoken here before:
  Alessandro De Maria: Deployments with Kapitan (2018-11-07)

emcee · 2019-04-03/reminder/7d
"
        );
    }

    #[test]
    fn reminder_without_venue_or_rsvp_falls_back_to_the_community() {
        let mut archive = archive();
        let april = &mut archive.corpus.events[1];
        april.venue = None;
        april.rsvp_url = None;
        april.talks.clear();
        archive.corpus.community.events_url =
            Some("https://www.meetup.com/Cloud-Native-London/".to_owned());
        let all = announcements(&archive, &["1d"], "2019-03-20T12:00:00Z");
        let reminder = all.iter().find(|a| a.what != What::Roundup).unwrap();
        let reply = render(&archive, reminder);
        assert_eq!(
            reply.description,
            "Wednesday 3 April 2019 at 18:30 (BST), tomorrow."
        );
        assert_eq!(reply.link, None);
        let fields: Vec<(&str, &str)> = reply
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Speakers from", "Airbus, Bristol University"),
                ("Venue", "CodeNode, London"),
                (
                    "RSVP",
                    "The RSVP link will appear at https://www.meetup.com/Cloud-Native-London/"
                ),
            ]
        );
    }

    #[test]
    fn roundup_note_lists_talks_speakers_and_recordings_with_offsets() {
        let archive = archive();
        let all = announcements(&archive, &["7d"], "2021-02-10T12:00:00Z");
        let notes: Vec<&Announcement> = all.iter().filter(|a| a.what == What::Roundup).collect();
        let keys: Vec<&str> = notes.iter().map(|a| a.event_key.as_str()).collect();
        assert_eq!(keys, ["2018-11-07", "2019-04-03", "2021-02-03"]);
        assert_eq!(
            render(&archive, notes[2]).to_text(),
            "New roundup: Cloud Native London February 2021
https://youtu.be/5_9q1EYtEHY

The meetup of 2021-02-03: 2 talks.

Talks:
  Eventually Consistent Testing for Kubernetes Controllers — Joel Speed (Red Hat)
  Replicated block storage with LINSTOR — Robert Altnoeder

Recordings:
  Eventually Consistent Testing for Kubernetes Controllers: https://youtu.be/5_9q1EYtEHY?t=1861 (starts at 31:01)

Whole evening:
  https://youtu.be/5_9q1EYtEHY

Thanks to:
  Red Hat

emcee · 2021-02-03/roundup
"
        );
    }

    #[test]
    fn rendered_announcements_never_ping() {
        let mut archive = archive();
        let april = &mut archive.corpus.events[1];
        april.title = "@everyone April <@123456> <!channel> @here".to_owned();
        april.announced_companies = vec!["<@&42>".to_owned()];
        april.rsvp_url = Some("https://example.org/@everyone/<@1>".to_owned());
        archive.corpus.events[2].title = "@everyone roundup".to_owned();
        for a in announcements(&archive, &["7d"], "2019-03-20T12:00:00Z") {
            let text = render(&archive, &a).to_text();
            for ping in ["@everyone", "@here", "<@", "<!"] {
                assert!(!text.contains(ping), "{ping} in {text}");
            }
        }
    }

    #[test]
    fn reminder_on_the_real_data_dir() {
        // data/ announces the 2019-04-03 meetup at CodeNode; community.toml says Europe/London.
        let corpus = crate::corpus::load(Path::new("data")).unwrap();
        let archive = Archive::new(corpus);
        let now = utc("2019-04-02T18:00:00Z");
        // As on a first start: the roundups already there are the baseline.
        let known = KnownRoundups {
            baseline: roundup_keys(&archive.corpus, now),
            noted: BTreeSet::new(),
        };
        let settings = Settings::default();
        let all = schedule(
            &archive.corpus,
            &settings,
            &[Channel::discord("123")],
            &known,
            now,
        );
        let due = due(all, now, settings.grace);
        let ids: Vec<&str> = due.send.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["2019-04-03/reminder/1d/discord:123"]);
        let reply = render(&archive, &due.send[0]);
        let text = reply.to_text();
        for want in [
            "Wednesday 3 April 2019 at 18:30 (BST), tomorrow.",
            "CodeNode",
            "https://www.meetup.com/Cloud-Native-London/events/257404686/",
            "Airbus, Bristol University, Component Soft",
        ] {
            assert!(text.contains(want), "{want} missing from {text}");
        }
    }

    #[test]
    fn dry_run_lists_what_where_when_and_the_decision() {
        let archive = archive();
        let now = utc("2019-03-27T19:00:00Z");
        let known = KnownRoundups::default();
        let all = schedule(
            &archive.corpus,
            &Settings::parse(&["7d", "1d", "2h"], None).unwrap(),
            &[Channel::slack("C1")],
            &known,
            now,
        );
        let sent = "2019-04-03/reminder/2h/slack:C1";
        let lines: Vec<String> = listing(
            &all,
            now,
            TimeDelta::hours(6),
            archive.corpus.community.timezone,
            |id| (id == sent).then_some(State::Sent),
        )
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            lines,
            [
                "Wednesday 27 March 2019 at 18:30 (GMT)  slack:C1  7d reminder: Cloud Native London April (2019-04-03)  [post now]",
                "Wednesday 27 March 2019 at 19:00 (GMT)  slack:C1  new-roundup note: Cloud Native London November 2018 (2018-11-07)  [skip: the meetup is too long ago for a new-roundup note]",
                "Tuesday 2 April 2019 at 18:30 (BST)  slack:C1  1d reminder: Cloud Native London April (2019-04-03)  [later]",
                "Wednesday 3 April 2019 at 16:30 (BST)  slack:C1  2h reminder: Cloud Native London April (2019-04-03)  [already sent]",
                "Wednesday 27 January 2021 at 18:30 (GMT)  slack:C1  7d reminder: Cloud Native London February 2021 (2021-02-03)  [later]",
                "Tuesday 2 February 2021 at 18:30 (GMT)  slack:C1  1d reminder: Cloud Native London February 2021 (2021-02-03)  [later]",
                "Wednesday 3 February 2021 at 16:30 (GMT)  slack:C1  2h reminder: Cloud Native London February 2021 (2021-02-03)  [later]",
            ]
        );
    }

    #[test]
    fn earlier_talks_need_the_exact_name() {
        let archive = archive();
        let april = EventDate::parse("2019-04-03").unwrap();
        let cortex = "Tom Wilkie: Cortex: Horizontally Scalable Prometheus (2018-11-07)";
        // (name as announced, lines): "Tom Wilkin" finds Tom Wilkie in the index but is not him.
        let table: [(&str, &[&str]); 4] = [
            ("Tom Wilkie", &[cortex]),
            ("  tom WILKIE ", &[cortex]),
            ("Tom Wilkin", &[]),
            ("Nobody Known", &[]),
        ];
        for (name, want) in table {
            assert_eq!(earlier_talks(&archive, name, april), want, "{name}");
        }
        assert!(!archive.people_index.search("Tom Wilkin", 5).is_empty());
        let november = EventDate::parse("2018-11-07").unwrap();
        assert!(earlier_talks(&archive, "Tom Wilkie", november).is_empty());
    }

    #[test]
    fn channels_parse_from_config_text() {
        assert_eq!("discord:123".parse(), Ok(Channel::discord("123")));
        assert_eq!(" Slack:C024BE91L ".parse(), Ok(Channel::slack("C024BE91L")));
        assert_eq!(Channel::slack("C1").to_string(), "slack:C1");
        for bad in ["123", "irc:#x", "discord:", "slack:a/b"] {
            let err = bad.parse::<Channel>().unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
    }
}
