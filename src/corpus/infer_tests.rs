//! Each inference rule with a table of its inputs and what it should conclude.

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::*;
use crate::corpus::{Event, EventDate, Kind};

fn meetup(day: &str, title: &str) -> Event {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a day");
    Event::new(EventDate::Day(date), title, Kind::Meetup)
}

#[test]
fn the_name_is_the_run_of_words_most_meetup_titles_share() {
    let cases: &[(&[&str], Option<&str>)] = &[
        (
            &[
                "Harbour Devs, May 2023 - Queues and Caches",
                "Harbour Devs June 2023: Testing in Production",
                "Harbour Devs July: three talks on observability",
                "A Note On Harbour Parking",
            ],
            Some("Harbour Devs"),
        ),
        // Dates, seasons and "Meetup" on their own are no name; with a name they are.
        (
            &[
                "2024 Q2 Elixir Meetup: releases and umbrellas",
                "Winter Elixir Meetup: LiveView forms",
                "Autumn Elixir Meetup: Nerves at home",
            ],
            Some("Elixir Meetup"),
        ),
        (
            &["October Meetup", "November Meetup", "December Meetup"],
            None,
        ),
        (&["Welcome"], None),
    ];
    for (titles, expected) in cases {
        let events: Vec<Event> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| meetup(&format!("2023-0{}-10", i + 1), t))
            .collect();
        let refs: Vec<&Event> = events.iter().collect();
        let got = name_from_titles(&refs).and_then(|g| g.value);
        assert_eq!(got.as_deref(), *expected, "{titles:?}");
    }
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
fn start_times_are_read_in_the_usual_spellings() {
    let cases: &[(&str, &[(u32, u32)])] = &[
        (
            "Doors open at 18:30, first talk at 19:00.",
            &[(18, 30), (19, 0)],
        ),
        ("We start at 6.30pm sharp", &[(18, 30)]),
        ("from 7 pm until late", &[(19, 0)]),
        ("18:30 - 21:00 in the big room", &[(18, 30)]),
        ("- 19:15 Lightning talks", &[(19, 15)]),
        ("Published 2019.05.04, 12 attendees, room 101", &[]),
        ("an early run at 06:15, and a last train at 23:30", &[]),
        ("her demo (starting 17:20 into the video) and his", &[]),
        ("the second talk begins 17:20 into the recording", &[]),
        ("watch from minute 12:40 of the recording", &[]),
        ("00:00 Welcome\n04:30 The demo\n07:10 Questions", &[]),
    ];
    for (text, expected) in cases {
        let got: Vec<(u32, u32)> = times(text)
            .iter()
            .map(|t| (chrono::Timelike::hour(t), chrono::Timelike::minute(t)))
            .collect();
        assert_eq!(got, *expected, "{text}");
    }
    let texts = vec![
        "Doors 18:30, talks 19:00".to_owned(),
        "Join us from 18:30".to_owned(),
        "Pizza at 19:00".to_owned(),
    ];
    let guess = usual_start(&texts);
    assert_eq!(guess.value, NaiveTime::from_hms_opt(18, 30, 0));
    assert!(guess.why.contains("2 of 3"), "{}", guess.why);
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

#[test]
fn the_written_file_is_valid_community_toml_with_questions_for_the_unknown() {
    let mut corpus = crate::corpus::Corpus::default();
    let mut first = meetup("2023-05-10", "Harbour Devs May: caches");
    first.location = Some("Lisbon, Portugal".to_owned());
    corpus.events = vec![
        first,
        meetup("2023-06-14", "Harbour Devs June: queues"),
        meetup("2023-07-12", "Harbour Devs July: tests"),
    ];
    corpus.files_read = 3;
    let texts = vec!["Doors at 18:30".to_owned(), "From 18:30".to_owned()];
    let inferred = infer_from(&corpus, &texts, None, None);
    let text = inferred.community_toml("blog/");
    let community =
        crate::corpus::Community::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(community.name, "Harbour Devs");
    assert_eq!(community.timezone.name(), "Europe/Lisbon");
    assert_eq!(community.start_time, NaiveTime::from_hms_opt(18, 30, 0));
    assert_eq!(community.venue, None);
    assert!(text.contains("# venue = "), "{text}");
    assert!(text.contains("Meets on Wednesdays"), "{text}");
}
