//! Unit tests of rendering: reminders, roundup notes, no pings, earlier talks, dry-run lines.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveTime;

use super::*;
use crate::announce::schedule::KnownRoundups;
use crate::announce::{Settings, due, roundup_keys, schedule};
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
        baseline_taken: true,
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
    // Keyed by the meetup's id from its events file, not its date.
    assert_eq!(ids, ["cnl-2019-04/reminder/1d/discord:123"]);
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

/// Regression: the reminder listed every earlier talk of a frequent speaker, fragments of
/// sentences included; now the three most recent whole titles, and how many more there are.
#[test]
fn spoken_here_before_lists_the_three_most_recent_whole_titles() {
    let titles = [
        ("2018-01-10", "Queues in practice"),
        ("2018-03-14", "Caching without tears"),
        ("2018-05-09", "and then his demo"),
        ("2018-07-11", "Tracing (the hard way"),
        ("2018-09-12", "Service meshes, a year on"),
        ("2018-11-14", "Operators for everyone"),
        ("2019-01-09", "Chaos days at work"),
    ];
    let mut events: Vec<Event> = titles
        .iter()
        .map(|(day, title)| {
            let mut event =
                Event::new(EventDate::parse(day).unwrap(), "Harbour Devs", Kind::Meetup);
            event.talks = vec![talk(title, "Sam Rivers", None)];
            event
        })
        .collect();
    events.push(Event::new(
        EventDate::parse("2019-03-13").unwrap(),
        "Harbour Devs",
        Kind::Meetup,
    ));
    let corpus = Corpus {
        events,
        ..Corpus::default()
    };
    let archive = Archive::new(corpus);
    let march = EventDate::parse("2019-03-13").unwrap();
    assert_eq!(
        earlier_talks(&archive, "Sam Rivers", march),
        [
            "Sam Rivers: Chaos days at work (2019-01-09)",
            "Sam Rivers: Operators for everyone (2018-11-14)",
            "Sam Rivers: Service meshes, a year on (2018-09-12)",
            "Sam Rivers: and 2 earlier (/speaker Sam Rivers)",
        ]
    );
    for (title, fragment) in [
        ("Queues in practice", false),
        ("Service meshes, a year on", false),
        ("kubectl tips and tricks", false),
        ("Why we moved to Rust (and back)", false),
        ("and then his demo", true),
        ("Tracing (the hard way", true),
        ("a deep dive into", true),
        ("Observability", true),
        ("the \"boring\" stack", false),
        ("his talk on \"queues", true),
    ] {
        assert_eq!(is_fragment(title), fragment, "{title}");
    }
}
