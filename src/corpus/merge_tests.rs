//! Unit tests of the meetup timeline: weighted readings, guesses, agendas and minutes.

use super::*;

fn day(text: &str) -> EventDate {
    EventDate::parse(text).expect("a date")
}

/// A roundup dated by its publication, as a post reads it.
fn meetup(date: &str, source: &str) -> Event {
    let mut event = Event::new(day(date), source, Kind::Meetup);
    event.sources.push(source.to_owned());
    event.timeline.own_of.push(source.to_owned());
    event.timeline.reported = true;
    event.timeline.dated_by_publication = true;
    event
}

/// A next-meetup line of `source`, as a post reads it.
fn line(date: &str, source: &str) -> Event {
    let mut event = Event::new(day(date), source, Kind::Meetup);
    event.sources.push(source.to_owned());
    event.timeline.next_of.push(source.to_owned());
    event
}

/// An invitation that states its meetup's day.
fn invitation(date: &str, source: &str) -> Event {
    let mut event = Event::new(day(date), source, Kind::Announcement);
    event.sources.push(source.to_owned());
    event.timeline.own_of.push(source.to_owned());
    event
}

#[test]
fn roundup_published_days_later_takes_the_announced_day() {
    let mut roundup = meetup("2019-04-05", "roundup.md");
    roundup.talks.push(super::super::model::Talk {
        title: "Istio".into(),
        ..Default::default()
    });
    let mut announced = line("2019-04-03", "march.md");
    announced.rsvp_url = Some("https://example.org/rsvp".into());
    let mut warnings = Vec::new();
    let events = merge(vec![roundup], vec![announced], &mut warnings);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].date, day("2019-04-03"));
    assert_eq!(events[0].talks.len(), 1);
    assert_eq!(
        events[0].rsvp_url.as_deref(),
        Some("https://example.org/rsvp")
    );
    assert_eq!(events[0].sources, ["roundup.md", "march.md"]);
    assert!(warnings.is_empty());
}

/// The meetup keeps the id of the post that announced it when its roundup arrives (whose
/// later date it takes), and a structured file's `id` replaces it.
#[test]
fn the_announcing_posts_id_stays_and_an_events_file_id_wins() {
    let mut roundup = meetup("2019-04-05", "april.md");
    roundup.id = super::super::model::derived_id("april.md", false);
    let mut announced = line("2019-04-03", "march.md");
    announced.id = super::super::model::derived_id("march.md", true);
    let mut warnings = Vec::new();
    let mut events = merge(vec![roundup], vec![announced], &mut warnings);
    assert_eq!(events[0].id, "march-next");
    let patch: EventPatch =
        toml::from_str("date = \"2019-04-03\"\nid = \"cnl-2019-04\"\ncapacity = 80\n").unwrap();
    apply_patches(&mut events, vec![("events/april.toml".to_owned(), patch)]);
    assert_eq!(events[0].id, "cnl-2019-04");
    assert_eq!(events[0].capacity, Some(80));
    assert_eq!(events.len(), 1);
}

#[test]
fn month_only_roundup_gets_the_announced_day_and_far_ones_stay_apart() {
    let mut warnings = Vec::new();
    let events = merge(
        vec![
            meetup("2019-04", "april.md"),
            meetup("2019-06-05", "june.md"),
        ],
        vec![
            line("2019-04-03", "march.md"),
            line("2019-05-01", "april.md"),
        ],
        &mut warnings,
    );
    let dates: Vec<String> = events.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(dates, ["2019-04-03", "2019-05-01", "2019-06-05"]);
}

#[test]
fn two_roundups_of_one_meetup_are_one_event_and_a_warning() {
    let mut warnings = Vec::new();
    let events = merge(
        vec![meetup("2018-11-07", "a.md"), meetup("2018-11-07", "b.md")],
        Vec::new(),
        &mut warnings,
    );
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].sources, ["a.md", "b.md"]);
    assert!(
        warnings[0].message.contains("same meetup"),
        "{:?}",
        warnings
    );
}

fn with_talks(mut event: Event, talks: &[(&str, &str)]) -> Event {
    use super::super::model::{Speaker, Talk};
    event.talks = talks
        .iter()
        .map(|(title, name)| Talk {
            title: (*title).to_owned(),
            speakers: vec![Speaker {
                name: (*name).to_owned(),
                affiliation: None,
            }],
            ..Default::default()
        })
        .collect();
    event
}

fn sponsored(mut event: Event, name: &str) -> Event {
    event.sponsors.push(super::super::model::Sponsor {
        name: name.to_owned(),
        url: None,
    });
    event
}

/// Rule `minutes_by_agenda`: minutes dated only by a publication three weeks after the
/// announced day are that meetup's when they name its speakers (a first name for a full
/// one, a trailing initial); minutes naming other people, or published too late, stay apart.
#[test]
fn minutes_published_weeks_later_join_the_agenda_they_report() {
    let agenda = &[
        ("Gardens in Python", "Ada Lovelace"),
        ("Parsing by hand", "Grace Hopper"),
        ("Tiny robots", "Alan Turing B"),
    ];
    /// (minutes' publication day, the talks they report, the events' days after merging)
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);
    let table: &[Row] = &[
        (
            "2015-04-19",
            &[
                ("Gardens", "Ada"),
                ("Hand parsers", "Grace Hopper"),
                ("Robots", "Alan Turing"),
            ],
            &["2015-03-29"],
        ),
        (
            "2015-04-19",
            &[
                ("Gardens", "Ada Lovelace"),
                ("Other", "Edsger Dijkstra"),
                ("More", "Barbara Liskov"),
            ],
            &["2015-03-29", "2015-04-19"],
        ),
        (
            "2015-04-19",
            &[("Fish", "Donald Knuth"), ("Birds", "Barbara Liskov")],
            &["2015-03-29", "2015-04-19"],
        ),
        (
            "2015-06-02",
            &[
                ("Gardens", "Ada Lovelace"),
                ("Hand parsers", "Grace Hopper"),
            ],
            &["2015-03-29", "2015-06-02"],
        ),
    ];
    for (published, reported, dates) in table {
        let minutes = with_talks(meetup(published, "minutes.md"), reported);
        let announcement = with_talks(line("2015-03-29", "announcement.md"), agenda);
        let mut warnings = Vec::new();
        let events = merge(vec![minutes], vec![announcement], &mut warnings);
        let got: Vec<String> = events.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(&got, dates, "minutes {published} naming {reported:?}");
        // A merge by agenda is a judgement: check says so.
        assert_eq!(
            warnings
                .iter()
                .any(|w| w.message.contains("merged as that meetup's report")),
            got.len() == 1,
            "{warnings:?}"
        );
    }
}

/// Rule `roundup_tells_what_happened`: a roundup with talks keeps its own talks and
/// sponsors and is lent only the agenda's talks by speakers it does not name; a roundup
/// without talks takes the agenda's talks and sponsors.
#[test]
fn a_roundup_with_talks_is_the_record_and_an_agenda_fills_one_without() {
    let agenda = sponsored(
        with_talks(
            line("2019-04-03", "march.md"),
            &[("Planned", "Ada Lovelace"), ("Unreported", "Grace Hopper")],
        ),
        "Tea Co",
    );
    let roundup = with_talks(
        meetup("2019-04-05", "april.md"),
        &[("As given", "Ada"), ("Added", "Alan Turing")],
    );
    let events = merge(vec![roundup], vec![agenda.clone()], &mut Vec::new());
    let titles: Vec<&str> = events[0].talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["As given", "Added", "Unreported"]);
    assert!(events[0].sponsors.is_empty());

    let bare = meetup("2019-04-05", "april.md");
    let events = merge(vec![bare], vec![agenda], &mut Vec::new());
    let titles: Vec<&str> = events[0].talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Planned", "Unreported"]);
    assert_eq!(events[0].sponsors[0].name, "Tea Co");
}

/// A roundup whose text states its day.
fn stated(mut event: Event) -> Event {
    event.timeline.dated_by_publication = false;
    event
}

fn dates(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| e.date.to_string()).collect()
}

/// Rule `weighted_day`: readings of one meetup, and the one event they make (its day, and
/// whether it is unconfirmed). Own events first, then lines.
#[test]
fn one_meetup_from_weighted_readings() {
    /// (own events, next-meetup lines, guessed days, the events' days, unconfirmed)
    type Row<'a> = (Vec<Event>, Vec<Event>, &'a [&'a str], &'a [&'a str], bool);
    let table: Vec<Row> = vec![
        // A roundup published two days after the announced day takes that day.
        (
            vec![meetup("2019-04-05", "apr.md")],
            vec![line("2019-04-03", "mar.md")],
            &[],
            &["2019-04-03"],
            false,
        ),
        // A guess two days after a roundup joins it and does not move it.
        (
            vec![meetup("2020-09-01", "sep.md")],
            vec![line("2020-09-02", "aug.md")],
            &["2020-09-02"],
            &["2020-09-01"],
            false,
        ),
        // A guess three days before a roundup published later joins it, unmoved.
        (
            vec![meetup("2020-09-08", "sep.md")],
            vec![line("2020-09-05", "aug.md")],
            &["2020-09-05"],
            &["2020-09-08"],
            false,
        ),
        // An invitation's own day wins over a closing line of its week.
        (
            vec![invitation("2024-05-09", "invite.md")],
            vec![line("2024-05-08", "apr.md")],
            &[],
            &["2024-05-09"],
            false,
        ),
        // Two closing lines of one week that disagree: one event, unconfirmed.
        (
            Vec::new(),
            vec![line("2024-05-08", "apr.md"), line("2024-05-09", "apr-2.md")],
            &[],
            &["2024-05-08"],
            true,
        ),
        // …but a guess gives way to a line that does not doubt.
        (
            Vec::new(),
            vec![line("2024-05-08", "apr.md"), line("2024-05-09", "apr-2.md")],
            &["2024-05-08"],
            &["2024-05-09"],
            false,
        ),
        // Two invitations of one week are two events (a talk night and a hack night).
        (
            vec![
                invitation("2020-04-28", "talks.md"),
                invitation("2020-04-30", "hack.md"),
            ],
            Vec::new(),
            &[],
            &["2020-04-28", "2020-04-30"],
            false,
        ),
        // An invitation read as a report, published five days before the meetup whose day
        // its roundup states, naming one of its speakers: one meetup, the stated day.
        (
            vec![
                with_talks(
                    meetup("2014-06-18", "invite.md"),
                    &[("Gems", "Ada Lovelace")],
                ),
                stated(with_talks(
                    meetup("2014-06-23", "recap.md"),
                    &[("Gems", "Ada Lovelace"), ("Rails", "Grace Hopper")],
                )),
            ],
            Vec::new(),
            &[],
            &["2014-06-23"],
            false,
        ),
        // …not when it names other speakers.
        (
            vec![
                with_talks(meetup("2014-06-18", "other.md"), &[("Fish", "Alan Turing")]),
                stated(with_talks(
                    meetup("2014-06-23", "recap.md"),
                    &[("Gems", "Ada Lovelace")],
                )),
            ],
            Vec::new(),
            &[],
            &["2014-06-18", "2014-06-23"],
            false,
        ),
        // Meetups two weeks apart stay apart.
        (
            vec![meetup("2019-04-03", "apr.md")],
            vec![line("2019-04-17", "apr.md")],
            &[],
            &["2019-04-03", "2019-04-17"],
            false,
        ),
    ];
    for (own, lines, guessed, expected, unconfirmed) in table {
        let what = format!("{own:?} {lines:?}");
        let (invitations, own): (Vec<Event>, Vec<Event>) =
            own.into_iter().partition(|e| e.kind == Kind::Announcement);
        let announced: Vec<Event> = invitations.into_iter().chain(lines).collect();
        let guessed: HashSet<EventDate> = guessed.iter().map(|d| day(d)).collect();
        let events = merge_guarded(own, announced, &guessed, &mut Vec::new());
        assert_eq!(dates(&events), expected, "{what}");
        assert_eq!(events[0].unconfirmed.is_some(), unconfirmed, "{what}");
    }
}

/// "Wednesday 6th March" when the 6th is a Thursday: the community meets on Wednesdays, so
/// the 5th; the guess joins the roundup published on the 7th without moving it, and the
/// post's summary and its one warning say so.
#[test]
fn usual_weekday_settles_a_mismatch_and_the_guess_joins_its_week() {
    use crate::corpus::extract::NextDoubt;
    let naive = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let own: Vec<Event> = ["2024-12-04", "2025-01-01", "2025-02-05", "2025-03-07"]
        .iter()
        .map(|d| meetup(d, &format!("{d}.md")))
        .collect();
    let mut announced = vec![line("2025-03-06", "2025-02-05.md")];
    let doubts = vec![(
        0,
        "2025-02-05.md".to_owned(),
        NextDoubt {
            written_day: naive("2025-03-06"),
            written_weekday: naive("2025-03-05"),
            line: 9,
        },
    )];
    let guessed = settle_doubts(&own, &mut announced, doubts);
    assert_eq!(announced[0].date, day("2025-03-05"));
    let mut warnings = Vec::new();
    let events = merge_guarded(own, announced, &guessed, &mut warnings);
    assert_eq!(
        dates(&events),
        ["2024-12-04", "2025-01-01", "2025-02-05", "2025-03-07"]
    );
    let mut posts: Vec<crate::corpus::PostSummary> = ["2025-02-05.md", "2025-03-07.md"]
        .iter()
        .map(|s| crate::corpus::PostSummary {
            source: (*s).to_owned(),
            kind: Kind::Meetup,
            date: day("2025-01-01"),
            date_from: "the file name".to_owned(),
            talks: 0,
            next: None,
            next_line: Some(9),
        })
        .collect();
    decide(&events, &mut posts, &mut warnings);
    let placed = posts[0].next.as_ref().expect("placed");
    assert_eq!(placed.date, day("2025-03-07"));
    assert_eq!(posts[1].date, day("2025-03-07"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = &warnings[0].message;
    assert!(message.starts_with("next meetup 2025-03-07"), "{message}");
    assert!(
        message.contains("this community meets on Wednesdays"),
        "{message}"
    );
    assert!(message.contains("does not move"), "{message}");
}
