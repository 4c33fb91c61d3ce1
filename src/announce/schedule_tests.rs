//! Unit tests of scheduling: clock changes, ids, offsets, settings, baselines, due and skip.

use super::*;
use crate::corpus::{Speaker, Talk};

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> EventDate {
    EventDate::parse(text).unwrap()
}

fn london(start: &str) -> Community {
    let start_time = NaiveTime::parse_from_str(start, "%H:%M").ok();
    let timezone = chrono_tz::Europe::London;
    Community {
        timezone,
        start_time,
        ..Community::default()
    }
}

fn meetup(date: &str) -> Event {
    Event::new(day(date), format!("Meetup {date}"), Kind::Meetup)
}

fn roundup(date: &str) -> Event {
    let speakers = vec![Speaker {
        name: "Alessandro De Maria".to_owned(),
        affiliation: None,
    }];
    let title = "Deployments with Kapitan".to_owned();
    Event {
        talks: vec![Talk {
            title,
            speakers,
            ..Talk::default()
        }],
        ..meetup(date)
    }
}

/// The schedule of `events` (London, 18:30) with `reminders`, posted to Discord channel 1.
fn plan(
    events: &[Event],
    reminders: &[&str],
    known: &KnownRoundups,
    now: &str,
) -> Vec<Announcement> {
    let corpus = Corpus {
        community: london("18:30"),
        events: events.to_vec(),
        ..Corpus::default()
    };
    let settings = Settings::parse(reminders, None).unwrap();
    schedule(
        &corpus,
        &settings,
        &[Channel::discord("1")],
        known,
        utc(now),
    )
}

fn ids(announcements: &[Announcement], what: fn(&What) -> bool) -> Vec<&str> {
    announcements
        .iter()
        .filter(|a| what(&a.what))
        .map(|a| a.id.as_str())
        .collect()
}

#[test]
fn offsets_parse_and_print_canonically() {
    let good = [
        ("7d", Offset::Days(7)),
        ("2h", Offset::Hours(2)),
        ("90m", Offset::Minutes(90)),
    ];
    for (text, want) in good
        .into_iter()
        .chain([(" 07D ", Offset::Days(7)), ("366d", Offset::Days(366))])
    {
        assert_eq!(Offset::parse(text), Ok(want), "{text}");
    }
    assert_eq!(Offset::parse(" 07D ").unwrap().to_string(), "7d");
    assert_eq!(Offset::Minutes(90).to_string(), "90m");
}

#[test]
fn bad_offsets_are_errors_naming_the_text() {
    let bad = [
        "",
        "d",
        "7",
        "7w",
        "-1d",
        "1.5h",
        "7 d",
        "d7",
        "٣d",
        "7é",
        "99999999999m",
        "0m",
        "367d",
    ];
    for text in bad {
        let err = Offset::parse(text).unwrap_err();
        assert_eq!(
            err,
            ScheduleError::BadOffset {
                text: text.to_owned()
            }
        );
        assert!(err.to_string().contains(&format!("'{text}'")), "{err}");
    }
    let err = parse_offsets(&["7d", "1x", "1d"]).unwrap_err();
    assert!(err.to_string().contains("'1x'"), "{err}");
}

#[test]
fn settings_default_to_a_week_and_a_day_before_with_six_hours_grace() {
    assert_eq!(
        Settings::parse(&["7d", "1d"], None),
        Ok(Settings::default())
    );
    let settings = Settings::parse(&["1d", "90m", "7d", "1d"], Some("30m")).unwrap();
    assert_eq!(
        settings.reminders,
        [Offset::Days(7), Offset::Days(1), Offset::Minutes(90)]
    );
    assert_eq!(settings.grace, TimeDelta::minutes(30));
    assert_eq!(parse_grace("0m"), Ok(TimeDelta::zero()));
    let err = Settings::parse(&["7d"], Some("soon")).unwrap_err();
    assert_eq!(
        err,
        ScheduleError::BadGrace {
            text: "soon".to_owned()
        }
    );
}

/// (meetup day, community start time, offset, reminder instant in UTC), Europe/London. In
/// 2019 the clocks went forward on Sunday 31 March and back on Sunday 27 October.
const REMINDERS: &[(&str, &str, &str, &str)] = &[
    // The Wednesday after the spring change: 18:30 BST, a week before 18:30 GMT.
    ("2019-04-03", "18:30", "7d", "2019-03-27T18:30:00Z"),
    ("2019-04-03", "18:30", "1d", "2019-04-02T17:30:00Z"),
    ("2019-04-03", "18:30", "2h", "2019-04-03T15:30:00Z"),
    ("2019-04-03", "18:30", "90m", "2019-04-03T16:00:00Z"),
    // The Wednesday after the autumn change: 18:30 GMT, a week before 18:30 BST.
    ("2019-10-30", "18:30", "7d", "2019-10-23T17:30:00Z"),
    ("2019-10-30", "18:30", "1d", "2019-10-29T18:30:00Z"),
    // On the change days themselves "1d" keeps the wall clock and "24h" does not.
    ("2019-03-31", "18:30", "1d", "2019-03-30T18:30:00Z"),
    ("2019-03-31", "18:30", "24h", "2019-03-30T17:30:00Z"),
    ("2019-10-27", "18:30", "1d", "2019-10-26T17:30:00Z"),
    ("2019-10-27", "18:30", "24h", "2019-10-26T18:30:00Z"),
    // 01:30 on 31 March 2019 never happened: the first instant after it, 02:00 BST.
    ("2019-04-07", "01:30", "7d", "2019-03-31T01:00:00Z"),
    // 01:30 on 27 October 2019 happened twice: the earlier, 01:30 BST.
    ("2019-11-03", "01:30", "7d", "2019-10-27T00:30:00Z"),
];

#[test]
fn a_time_in_a_gap_becomes_the_instant_the_clocks_changed_to_the_second() {
    let at = |zone: Tz, local: &str| resolve_local(zone, local.parse().unwrap());
    let london = chrono_tz::Europe::London;
    assert_eq!(
        at(london, "2019-03-31T01:59:59"),
        Some(utc("2019-03-31T01:00:00Z"))
    );
    assert_eq!(
        at(london, "2019-03-31T02:00:00"),
        Some(utc("2019-03-31T01:00:00Z"))
    );
    // Liberia moved from -0:44:30 to GMT at local midnight on 7 January 1972.
    let monrovia = chrono_tz::Africa::Monrovia;
    assert_eq!(
        at(monrovia, "1972-01-07T00:10:00"),
        Some(utc("1972-01-07T00:44:30Z"))
    );
}

#[test]
fn reminders_land_on_local_wall_clock_across_clock_changes() {
    for &(date, start, offset, want) in REMINDERS {
        let community = london(start);
        let (local, start_at) = start_of(&meetup(date), &community).unwrap();
        let at = Offset::parse(offset)
            .unwrap()
            .before(local, start_at, community.timezone);
        assert_eq!(at, Some(utc(want)), "{date} {offset}");
    }
}

#[test]
fn meetup_starts_resolve_in_the_community_zone() {
    let table = [
        ("2019-04-03", "18:30", "2019-04-03T17:30:00Z"),
        ("2019-10-30", "18:30", "2019-10-30T18:30:00Z"),
        ("2019-03-31", "01:30", "2019-03-31T01:00:00Z"),
        ("2019-10-27", "01:30", "2019-10-27T00:30:00Z"),
    ];
    for (date, start, want) in table {
        assert_eq!(
            start_of(&meetup(date), &london(start)).unwrap().1,
            utc(want),
            "{date} {start}"
        );
    }
    assert_eq!(start_of(&meetup("2019-04"), &london("18:30")), None);
    // No start time anywhere: 18:30.
    let (local, _) = start_of(&meetup("2019-04-03"), &Community::default()).unwrap();
    assert_eq!(local.time(), default_start_time());
}

#[test]
fn ids_name_event_kind_offset_and_channel_and_survive_edits() {
    let channels = [Channel::discord("123"), Channel::slack("C024BE91L")];
    let ids = |event: &Event, now: &str| -> Vec<String> {
        let corpus = Corpus {
            events: vec![event.clone()],
            community: london("18:30"),
            ..Corpus::default()
        };
        let plan = schedule(
            &corpus,
            &Settings::default(),
            &channels,
            &KnownRoundups::default(),
            utc(now),
        );
        plan.into_iter().map(|a| a.id).collect()
    };
    let mut event = meetup("2019-04-03");
    let before = ids(&event, "2019-03-20T12:00:00Z");
    let want = [
        "7d/discord:123",
        "7d/slack:C024BE91L",
        "1d/discord:123",
        "1d/slack:C024BE91L",
    ];
    assert_eq!(before, want.map(|w| format!("2019-04-03/reminder/{w}")));
    // The post is edited (title, venue, RSVP link, companies) and it is a day later.
    event.title = "Cloud Native London April (updated)".to_owned();
    event.venue = Some("Somewhere else".to_owned());
    event.rsvp_url = Some("https://example.org/rsvp".to_owned());
    event.announced_companies = vec!["Airbus".to_owned()];
    assert_eq!(ids(&event, "2019-03-21T12:00:00Z"), before);
    let id = announcement_id("2019-03", What::Roundup, &channels[0]);
    assert_eq!(id, "2019-03/roundup/discord:123");
}

#[test]
fn only_upcoming_dated_meetups_get_reminders() {
    let events = [
        meetup("2019-03-06"), // long past
        meetup("2019-04-02"), // started within a day: listed, to be recorded as skipped
        meetup("2019-04-03"), // tonight
        meetup("2019-05"),    // no day yet
        Event::new(day("2019-05-01"), "Conference", Kind::Conference),
        Event::new(day("2019-05-02"), "Article", Kind::Article),
        Event::new(day("2019-05-10"), "Announced", Kind::Announcement),
        // Posts disagree on its day: no reminder on a day that may be wrong.
        Event {
            unconfirmed: Some("a.md says 2019-05-15, b.md says 2019-05-16".to_owned()),
            ..meetup("2019-05-15")
        },
    ];
    let plan = plan(
        &events,
        &["1d"],
        &KnownRoundups::default(),
        "2019-04-03T12:00:00Z",
    );
    let keys: Vec<&str> = plan.iter().map(|a| a.event_key.as_str()).collect();
    assert_eq!(keys, ["2019-04-02", "2019-04-03", "2019-05-10"]);
}

/// (offset, minutes from the reminder's time to now, grace in minutes, decision), for a
/// meetup at 18:30.
const DECISIONS: &[(&str, i64, i64, &str)] = &[
    ("7d", -1, 360, "later"),
    ("7d", 0, 360, "send"),
    ("7d", 360, 360, "send"),
    ("7d", 361, 360, "late"),
    ("7d", 1, 0, "late"),
    // Late, within grace, but before the meetup: still posted.
    ("2h", 119, 360, "send"),
    // Within grace, but the meetup has started: never posted after the start.
    ("2h", 120, 360, "started"),
    ("2h", 150, 360, "started"),
    ("7d", 60 * 24 * 8, 360, "started"),
];

#[test]
fn due_posts_on_time_and_late_within_grace_and_skips_the_rest() {
    for &(offset, minutes, grace, want) in DECISIONS {
        let plan = plan(
            &[meetup("2019-04-03")],
            &[offset],
            &KnownRoundups::default(),
            "2019-03-01T00:00:00Z",
        );
        let now = plan[0].at + TimeDelta::minutes(minutes);
        let grace = TimeDelta::minutes(grace);
        let got = match decide(&plan[0], now, grace) {
            Decision::Later => "later",
            Decision::Send => "send",
            Decision::Skip(Skip::Late { .. }) => "late",
            Decision::Skip(Skip::Started) => "started",
            Decision::Skip(Skip::TooOld) => "too old",
        };
        assert_eq!(
            got, want,
            "{offset} reminder, now {minutes} min after, grace {grace}"
        );
        let due = due(plan, now, grace);
        let skipped = matches!(got, "late" | "started");
        let counts = (usize::from(got == "send"), usize::from(skipped));
        assert_eq!((due.send.len(), due.skip.len()), counts);
    }
    let late = Skip::Late {
        by: TimeDelta::minutes(6 * 60 + 5),
    };
    assert_eq!(late.to_string(), "6h05m late, beyond the grace period");
}

#[test]
fn first_start_baseline_gets_no_roundup_notes_and_later_ones_do() {
    let now = "2019-04-10T12:00:00Z";
    let mut events = vec![
        roundup("2018-11-07"),
        roundup("2019-03"),
        roundup("2019-05-01"),
    ];
    let first = Corpus {
        events: events.clone(),
        community: london("18:30"),
        ..Corpus::default()
    };
    // The May meetup has its talks announced but has not happened: not a roundup yet.
    let baseline = roundup_keys(&first, utc(now));
    assert_eq!(
        baseline,
        BTreeSet::from(["2018-11-07".to_owned(), "2019-03".to_owned()])
    );
    let known = KnownRoundups {
        baseline,
        noted: BTreeSet::new(),
        baseline_taken: true,
    };
    let is_note = |w: &What| *w == What::Roundup;
    assert!(ids(&plan(&events, &["7d"], &known, now), is_note).is_empty());
    // The April roundup is published; the March post gains its day.
    events.push(roundup("2019-04-03"));
    events[1].date = day("2019-03-06");
    assert_eq!(
        ids(&plan(&events, &["7d"], &known, now), is_note),
        ["2019-04-03/roundup/discord:1"]
    );
    // Once noted it stays listed (claim refuses repeats), unless its date text changed.
    let mut noted = known.clone();
    noted.noted.insert("2019-04".to_owned());
    assert!(ids(&plan(&events, &["7d"], &noted, now), is_note).is_empty());
    noted.noted = BTreeSet::from(["2019-04-03".to_owned()]);
    assert_eq!(
        ids(&plan(&events, &["7d"], &noted, now), is_note),
        ["2019-04-03/roundup/discord:1"]
    );
}

#[test]
fn roundups_of_long_ago_meetups_are_skipped_not_posted() {
    let events = [roundup("2019-04-03"), roundup("2019-08")];
    let now = "2019-09-01T12:00:00Z";
    let due = due(
        plan(&events, &["7d"], &KnownRoundups::default(), now),
        utc(now),
        TimeDelta::hours(6),
    );
    let sent: Vec<&str> = due.send.iter().map(|a| a.event_key.as_str()).collect();
    let skipped: Vec<(&str, Skip)> = due
        .skip
        .iter()
        .map(|(a, s)| (a.event_key.as_str(), *s))
        .collect();
    assert_eq!(sent, ["2019-08"]);
    assert_eq!(skipped, [("2019-04-03", Skip::TooOld)]);
}
