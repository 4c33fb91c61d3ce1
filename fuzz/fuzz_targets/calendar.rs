//! The iCalendar feed of arbitrary meetups: any titles, venues, speakers and links, on any day
//! emcee can hold, in any time zone, with any start time, rendered at any instant.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::{NaiveDate, NaiveTime};
use emcee::corpus::{Event, EventDate, Kind, Speaker, Talk};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Meetup {
    day: i32,
    title: String,
    venue: Option<String>,
    location: Option<String>,
    rsvp_url: Option<String>,
    talks: Vec<(String, Vec<(String, Option<String>)>)>,
    sponsors: Vec<String>,
}

fn event(m: Meetup) -> Option<Event> {
    let day = NaiveDate::from_num_days_from_ce_opt(m.day)?;
    let mut event = Event::new(EventDate::Day(day), m.title, Kind::Meetup);
    event.venue = m.venue;
    event.location = m.location;
    event.rsvp_url = m.rsvp_url;
    event.talks = m
        .talks
        .into_iter()
        .map(|(title, speakers)| Talk {
            title,
            speakers: speakers
                .into_iter()
                .map(|(name, affiliation)| Speaker { name, affiliation })
                .collect(),
            ..Talk::default()
        })
        .collect();
    event.announced_companies = m.sponsors;
    Some(event)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((meetups, zone, start, name, now)) =
        <(Vec<Meetup>, u16, Option<u32>, String, i64)>::arbitrary(&mut u)
    else {
        return;
    };
    let mut corpus = emcee::corpus::Corpus::default();
    corpus.events = meetups.into_iter().filter_map(event).collect();
    corpus.events.sort_by_key(|e| e.date);
    corpus.community.name = name;
    corpus.community.timezone =
        chrono_tz::TZ_VARIANTS[usize::from(zone) % chrono_tz::TZ_VARIANTS.len()];
    corpus.community.start_time =
        start.and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s % 86_400, 0));
    let Some(now) = chrono::DateTime::from_timestamp(now % 400_000_000_000, 0) else {
        return;
    };
    let archive = emcee::archive::Archive::new(corpus);
    let feed = emcee::calendar::ics(&archive, now);
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
});
