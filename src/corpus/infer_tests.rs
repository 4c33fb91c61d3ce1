//! Each inference rule with a table of its inputs and what it should conclude.

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::*;
use crate::corpus::{Event, EventDate, Kind};

fn meetup(day: &str, title: &str) -> Event {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a day");
    Event::new(EventDate::Day(date), title, Kind::Meetup)
}

/// (titles, the name, whether it is asked rather than written).
type NameCase = (&'static [&'static str], Option<&'static str>, bool);

#[test]
fn the_name_is_the_run_of_words_most_meetup_titles_share() {
    let cases: &[NameCase] = &[
        (
            &[
                "Harbour Devs, May 2023 - Queues and Caches",
                "Harbour Devs June 2023: Testing in Production",
                "Harbour Devs July: three talks on observability",
                "A Note On Harbour Parking",
            ],
            Some("Harbour Devs"),
            false,
        ),
        // A brand's case reads as a name on its own.
        (
            &["HarbourJS May", "HarbourJS June: queues", "HarbourJS July"],
            Some("HarbourJS"),
            false,
        ),
        // One plain word with "Meetup" may be the topic, not the community: asked.
        (
            &[
                "2024 Q2 Elixir Meetup: releases and umbrellas",
                "Winter Elixir Meetup: LiveView forms",
                "Autumn Elixir Meetup: Nerves at home",
            ],
            Some("Elixir Meetup"),
            true,
        ),
        (
            &[
                "Elixir and Tell: May",
                "Elixir and Tell: June",
                "Elixir Talks",
            ],
            Some("Elixir"),
            true,
        ),
        // Generic phrases are never a name.
        (
            &[
                "Monthly Meetup: May",
                "Monthly Meetup: June",
                "Monthly Meetup: July",
            ],
            None,
            true,
        ),
        (
            &["October Meetup", "November Meetup", "December Meetup"],
            None,
            true,
        ),
        // Two titles of many are too few to write.
        (
            &[
                "Harbour Devs May",
                "Harbour Devs June",
                "Welcome",
                "Photos",
                "Jobs",
            ],
            Some("Harbour Devs"),
            true,
        ),
        (&["Welcome"], None, true),
    ];
    for (titles, expected, unsure) in cases {
        let events: Vec<Event> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| meetup(&format!("2023-0{}-10", i + 1), t))
            .collect();
        let refs: Vec<&Event> = events.iter().collect();
        let guess = name_from_titles(&refs).unwrap_or_else(|| Guess::none("none"));
        assert_eq!(guess.value.as_deref(), *expected, "{titles:?}");
        assert_eq!(guess.unsure, *unsure, "{titles:?}: {}", guess.why);
    }
}

#[test]
fn software_named_like_a_city_is_no_place() {
    // "Phoenix" in prose is the web framework; in a location field it is the city.
    let posts = [
        "Live views in Phoenix",
        "Phoenix channels at scale",
        "Upgrading Phoenix",
    ];
    let guess = timezone(&[("posts", &posts)]);
    assert_eq!(guess.value, None, "{}", guess.why);
    let places = ["Phoenix, AZ", "Phoenix, AZ", "Phoenix, AZ"];
    let guess = timezone(&[("locations", &places)]);
    assert_eq!(guess.value.map(|z| z.name()), Some("America/Phoenix"));
    assert!(!guess.unsure);
    // "Online" is no place to meet.
    assert_eq!(place("Online"), None);
}

#[test]
fn the_site_config_wins_over_the_posts() {
    let events = ["May", "June", "July"]
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut e = meetup(&format!("2023-0{}-10", i + 5), &format!("Harbour Devs {m}"));
            e.location = Some("Lisbon, Portugal".to_owned());
            e
        })
        .collect();
    let site = Site {
        title: Some("Harbour Developers".to_owned()),
        timezone: Some(chrono_tz::Europe::Madrid),
        file: Some("_config.yml".to_owned()),
        bad_timezone: None,
    };
    let corpus = crate::corpus::Corpus {
        events,
        ..crate::corpus::Corpus::default()
    };
    let inferred = infer_from(&corpus, &[], &site);
    assert_eq!(inferred.name.value.as_deref(), Some("Harbour Developers"));
    assert_eq!(inferred.timezone.value, Some(chrono_tz::Europe::Madrid));
    assert!(!inferred.name.unsure && !inferred.timezone.unsure);
    assert!(inferred.timezone.why.contains("_config.yml"));
}

#[test]
fn the_time_zone_is_the_one_zone_whose_city_is_named() {
    let cases: &[(&str, Option<&str>)] = &[
        ("Lisbon, Portugal", Some("Europe/Lisbon")),
        ("Downtown Buenos Aires", Some("America/Buenos_Aires")),
        ("Los Angeles, CA", Some("America/Los_Angeles")),
        ("somewhere by the sea", None),
        ("Chennai, India", None),
    ];
    for (location, expected) in cases {
        let guess = timezone(&[("locations", &[location])]);
        assert_eq!(
            guess.value.map(|tz| tz.name()),
            *expected,
            "{location}: {}",
            guess.why
        );
    }
}

#[test]
fn an_address_is_read_as_its_city() {
    let cases = [
        ("Harbour Street 4, 1050 Lisbon", Some("Lisbon")),
        ("Lisbon, Portugal", Some("Lisbon, Portugal")),
        ("Dock 7, 2100 Porto N", Some("Porto N")),
        ("  ", None),
    ];
    for (text, expected) in cases {
        assert_eq!(place(text).as_deref(), expected, "{text}");
    }
    // Without locations, a city a fifth of the posts name; passing mentions are not enough.
    let posts = [
        "Join us in Lisbon",
        "Lisbon again",
        "A trip to Porto",
        "x",
        "y",
    ];
    let guess = timezone(&[("locations", &[]), ("posts", &posts)]);
    assert_eq!(
        guess.value.map(|tz| tz.name()),
        Some("Europe/Lisbon"),
        "{}",
        guess.why
    );
    assert!(guess.unsure);
    let posts = ["Join us in Lisbon", "x", "y", "z", "w", "v"];
    assert_eq!(timezone(&[("posts", &posts)]).value, None);
    // The city most locations name wins, however each is written.
    let places = [
        "Harbour Street 4, 1050 Lisbon",
        "Lisbon, Portugal",
        "Rua 5, Porto",
    ];
    let guess = timezone(&[("locations", &places)]);
    assert_eq!(
        guess.value.map(|tz| tz.name()),
        Some("Europe/Lisbon"),
        "{}",
        guess.why
    );
}

#[test]
fn the_usual_start_is_the_earliest_time_most_posts_give() {
    let texts = vec![
        "Doors 18:30, talks 19:00".to_owned(),
        "Join us from 18:30".to_owned(),
        "Pizza at 19:00".to_owned(),
    ];
    let guess = usual_start(&texts);
    assert_eq!(guess.value, NaiveTime::from_hms_opt(18, 30, 0));
    assert!(guess.why.contains("2 of 3"), "{}", guess.why);
    // A rival nearly as common is competing evidence: asked, and said.
    let texts: Vec<String> = [
        "at 18:30", "at 18:30", "at 18:30", "at 19:00", "at 19:00", "at 19:00",
    ]
    .iter()
    .map(|t| (*t).to_owned())
    .collect();
    let guess = usual_start(&texts);
    assert!(guess.unsure, "{}", guess.why);
    assert!(guess.why.contains("but 3 say \"19:00\""), "{}", guess.why);
}

#[test]
fn the_usual_weekday_is_the_most_common_meetup_day() {
    // 2023-05-10, 2023-06-14 and 2023-07-12 are Wednesdays; 2023-08-10 a Thursday.
    let events = [
        meetup("2023-05-10", "a"),
        meetup("2023-06-14", "b"),
        meetup("2023-07-12", "c"),
        meetup("2023-08-10", "d"),
    ];
    let refs: Vec<&Event> = events.iter().collect();
    let guess = usual_weekday(&refs);
    assert_eq!(guess.value, Some(Weekday::Wed));
    assert_eq!(guess.why, "3 of 4 meetups with a day");
}

/// Regression: unsure guesses were written as values emcee acted on, and the terminal did not
/// say which; now they are commented questions marked "(check)" in both.
#[test]
fn unsure_values_are_questions_in_the_file_and_checked_on_the_terminal() {
    let mut corpus = crate::corpus::Corpus::default();
    let mut first = meetup("2023-05-10", "Harbour Devs May: caches");
    first.location = Some("Lisbon, Portugal".to_owned());
    corpus.events = vec![
        first,
        meetup("2023-06-14", "Harbour Devs June: queues"),
        meetup("2023-07-12", "Harbour Devs July: tests"),
    ];
    corpus.files_read = 3;
    // Two posts agree on 18:30: too few to write.
    let texts = vec!["Doors at 18:30".to_owned(), "From 18:30".to_owned()];
    let inferred = infer_from(&corpus, &texts, &Site::default());
    let text = inferred.community_toml("blog/");
    let community =
        crate::corpus::Community::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(community.name, "Harbour Devs");
    // One location is one witness: asked, so emcee runs in UTC until it is answered.
    assert_eq!(community.timezone, chrono_tz::Tz::UTC, "{text}");
    assert_eq!(community.start_time, None, "{text}");
    assert!(text.contains("# timezone = \"Europe/Lisbon\""), "{text}");
    assert!(text.contains("# start_time = \"18:30\""), "{text}");
    assert!(text.contains("# venue = "), "{text}");
    assert!(text.contains("Meets on Wednesdays"), "{text}");
    let summary = inferred.summary().join("\n");
    for (label, checked) in [
        ("name", false),
        ("time zone", true),
        ("start time", true),
        ("venue", true),
    ] {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label}: {summary}"));
        assert_eq!(line.contains("(check)"), checked, "{line}");
    }
}
