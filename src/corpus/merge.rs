//! One event per meetup day: merges the roundup of a meetup with the announcement of it in the
//! previous post, duplicate posts of one meetup, and the structured `events/*.toml` files, whose
//! fields always win over extracted ones.
//!
//! An announced `2019-04-03` (RSVP link) + a roundup dated `2019-04` (talks) → one `2019-04-03`
//! event with both.

use std::collections::{HashMap, HashSet};

use super::model::{Event, EventDate, Kind, Warning};

/// How long after a meetup its roundup may be published and still be dated by the announcement.
const ROUNDUP_DELAY_DAYS: i64 = 10;

/// How long after a meetup its minutes may be published when they report the announced agenda:
/// minutes written weeks later, dated only by their publication, are still that meetup's when
/// they name the agenda's speakers (see [`reports_agenda`]).
const MINUTES_DELAY_DAYS: i64 = 45;

/// Merges events read from posts: `own` are posts' own events, `announced` the next meetups
/// they announce.
#[cfg(test)]
pub fn merge(own: Vec<Event>, announced: Vec<Event>, warnings: &mut Vec<Warning>) -> Vec<Event> {
    merge_guarded(own, announced, &HashSet::new(), warnings)
}

/// `merge`, where an announced day in `guessed` (a doubtful reading) joins only a roundup of
/// that very day.
pub fn merge_guarded(
    own: Vec<Event>,
    announced: Vec<Event>,
    guessed: &HashSet<EventDate>,
    warnings: &mut Vec<Warning>,
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut meetups: Vec<Event> = Vec::new();
    // (year, month) → positions in `meetups`, so merging stays O(n) however many posts there are.
    let mut by_month: HashMap<(i32, u32), Vec<usize>> = HashMap::new();
    let month_of = |d: EventDate| (d.year(), d.month());
    for event in own {
        if event.kind != Kind::Meetup {
            events.push(event);
            continue;
        }
        let same = by_month.get(&month_of(event.date)).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|&i| same_meetup(meetups[i].date, event.date))
        });
        match same.map(|i| &mut meetups[i]) {
            Some(existing) => {
                warnings.push(Warning {
                    source: event.sources.first().cloned().unwrap_or_default(),
                    line: None,
                    message: format!(
                        "two posts for the same meetup ({}): merged with {}",
                        existing.date,
                        existing.sources.join(", ")
                    ),
                });
                absorb(existing, event);
            }
            None => {
                by_month
                    .entry(month_of(event.date))
                    .or_default()
                    .push(meetups.len());
                meetups.push(event);
            }
        }
    }
    // Announcements of the same day (two posts announcing one meetup) first become one.
    let mut upcoming: Vec<Event> = Vec::new();
    let mut by_date: HashMap<EventDate, usize> = HashMap::new();
    for event in announced {
        match by_date.get(&event.date) {
            Some(&i) => absorb(&mut upcoming[i], event),
            None => {
                by_date.insert(event.date, upcoming.len());
                upcoming.push(event);
            }
        }
    }
    // Roundups already matched to an announcement by its agenda, which no other agenda takes.
    let mut by_agenda: HashSet<usize> = HashSet::new();
    for announcement in upcoming {
        // A roundup within the delay may sit in the month before or after, minutes that report
        // the agenda in one of the two after.
        let (y, m) = month_of(announcement.date);
        let shift = |k: i32| {
            let index = y * 12 + m as i32 - 1 + k;
            (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
        };
        let months = [shift(-1), shift(0), shift(1), shift(2)];
        let candidates = || {
            months
                .iter()
                .filter_map(|key| by_month.get(key))
                .flatten()
                .copied()
        };
        let target = candidates()
            .filter(|&i| {
                if guessed.contains(&announcement.date) {
                    meetups[i].date == announcement.date
                } else {
                    belongs_to(meetups[i].date, announcement.date)
                }
            })
            .min_by_key(|&i| (distance(meetups[i].date, announcement.date), i))
            .or_else(|| {
                // Rule `minutes_by_agenda`: no roundup within the usual delay, but minutes
                // published weeks later that name the agenda's speakers.
                let found = candidates()
                    .filter(|&i| !guessed.contains(&announcement.date) && !by_agenda.contains(&i))
                    .filter(|&i| {
                        announcement
                            .date
                            .day()
                            .zip(meetups[i].date.day())
                            .is_some_and(|(a, r)| {
                                (0..=MINUTES_DELAY_DAYS).contains(&(r - a).num_days())
                            })
                    })
                    .filter(|&i| reports_agenda(&meetups[i], &announcement))
                    .min_by_key(|&i| (distance(meetups[i].date, announcement.date), i));
                if let Some(i) = found {
                    by_agenda.insert(i);
                    warnings.push(Warning {
                        source: meetups[i].sources.first().cloned().unwrap_or_default(),
                        line: None,
                        message: format!(
                            "dated {} but naming the speakers announced for {} in {}: \
                             merged as that meetup's report",
                            meetups[i].date,
                            announcement.date,
                            announcement.sources.join(", ")
                        ),
                    });
                }
                found
            })
            .map(|i| &mut meetups[i]);
        match target {
            Some(roundup) => {
                // The announcement's day wins over a month, and over a publication day after it.
                if let (Some(announced), roundup_day) =
                    (announcement.date.day(), roundup.date.day())
                    && roundup_day.is_none_or(|d| d >= announced)
                {
                    roundup.date = EventDate::Day(announced);
                }
                let roundup_sources = std::mem::take(&mut roundup.sources);
                let mut merged = announcement;
                // The post that announced the meetup came first: its id stays the meetup's.
                if !merged.id.is_empty() {
                    roundup.id = std::mem::take(&mut merged.id);
                }
                merged.sources.retain(|s| !roundup_sources.contains(s));
                let announcement_sources = std::mem::take(&mut merged.sources);
                roundup.sources = roundup_sources;
                roundup.sources.extend(announcement_sources);
                // Rule `roundup_tells_what_happened`: an agenda is the plan, a roundup that
                // reports talks is the record. The agenda lends only the talks of speakers the
                // roundup does not report (a roundup often lists slides or videos for some
                // talks), and its sponsors only to a roundup that reports no talks: who paid for
                // the evening is what the roundup thanks.
                let reported_talks = !roundup.talks.is_empty();
                let reported = speaker_keys(roundup);
                for talk in std::mem::take(&mut merged.talks) {
                    let told = talk.speakers.iter().any(|s| {
                        let key = super::entities::person_key(&s.name);
                        reported.iter().any(|r| same_person(&key, r))
                    });
                    if !told && !talk.speakers.is_empty() {
                        roundup.talks.push(talk);
                    }
                }
                if !reported_talks && roundup.sponsors.is_empty() {
                    roundup.sponsors = std::mem::take(&mut merged.sponsors);
                }
                fill(roundup, merged);
            }
            None => {
                by_month
                    .entry(month_of(announcement.date))
                    .or_default()
                    .push(meetups.len());
                meetups.push(announcement);
            }
        }
    }
    events.extend(meetups);
    events.sort_by_key(|e| e.date);
    events
}

/// Two roundups are of the same meetup when they name the same day, or the same month and one
/// of them names no day.
fn same_meetup(a: EventDate, b: EventDate) -> bool {
    match (a.day(), b.day()) {
        (Some(x), Some(y)) => x == y,
        _ => a.same_month(b),
    }
}

/// Whether a roundup dated `roundup` reports on the meetup announced for `announced`.
fn belongs_to(roundup: EventDate, announced: EventDate) -> bool {
    match (roundup.day(), announced.day()) {
        // A roundup is written after its meetup: never about a day after it was published.
        (Some(r), Some(a)) => (-1..=ROUNDUP_DELAY_DAYS).contains(&(r - a).num_days()),
        _ => roundup.same_month(announced),
    }
}

/// Whether a roundup reports an announced agenda: at least two of the agenda's speakers, and at
/// least half of them, are among the roundup's (see [`same_person`]).
fn reports_agenda(roundup: &Event, agenda: &Event) -> bool {
    let reported = speaker_keys(roundup);
    let announced = speaker_keys(agenda);
    let shared = announced
        .iter()
        .filter(|a| reported.iter().any(|r| same_person(a, r)))
        .count();
    shared >= 2 && shared * 2 >= announced.len()
}

/// The [`person_key`] of every speaker of an event's talks.
///
/// [`person_key`]: super::entities::person_key
fn speaker_keys(event: &Event) -> Vec<String> {
    event
        .talks
        .iter()
        .flat_map(|t| &t.speakers)
        .map(|s| super::entities::person_key(&s.name))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Two person keys of one speaker within a meetup: the same, or one the start of the other
/// ("ada" for "ada lovelace", "alan turing" for "alan turing b").
fn same_person(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn distance(a: EventDate, b: EventDate) -> i64 {
    match (a.day(), b.day()) {
        (Some(x), Some(y)) => (x - y).num_days().abs(),
        _ => 0,
    }
}

/// Adds a duplicate post's sources and whatever the first one lacked.
fn absorb(into: &mut Event, other: Event) {
    if into.id.is_empty() {
        into.id.clone_from(&other.id);
    }
    for source in &other.sources {
        if !into.sources.contains(source) {
            into.sources.push(source.clone());
        }
    }
    if into.talks.is_empty() {
        into.talks = other.talks.clone();
    }
    if into.sponsors.is_empty() {
        into.sponsors = other.sponsors.clone();
    }
    fill(into, other);
}

/// Fills empty fields of `into` from `other`.
fn fill(into: &mut Event, other: Event) {
    into.location = into.location.take().or(other.location);
    into.venue = into.venue.take().or(other.venue);
    into.video_url = into.video_url.take().or(other.video_url);
    into.rsvp_url = into.rsvp_url.take().or(other.rsvp_url);
    if into.hosts.is_empty() {
        into.hosts = other.hosts;
    }
    if into.announced_companies.is_empty() {
        into.announced_companies = other.announced_companies;
    }
}

/// A structured event file: every field optional except the date; the fields it names replace
/// the extracted ones.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    pub date: EventDate,
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub location: Option<String>,
    pub venue: Option<String>,
    pub hosts: Option<Vec<String>>,
    pub sponsors: Option<Vec<super::model::Sponsor>>,
    pub video_url: Option<String>,
    pub rsvp_url: Option<String>,
    pub announced_companies: Option<Vec<String>>,
    pub talks: Option<Vec<super::model::Talk>>,
    /// The meetup's stable id (RSVPs, calendar UID); `a-z0-9-_`, at most 60 characters.
    pub id: Option<String>,
    /// How many may be going before the rest join the waitlist.
    pub capacity: Option<u32>,
    /// The posts this file corrects (`emcee correct`): it replaces what was read from them.
    pub sources: Option<Vec<String>>,
}

/// Applies structured files to the merged events: a patch for a day that exists replaces the
/// fields it names; a patch for a new day adds an event.
pub fn apply_patches(events: &mut Vec<Event>, patches: Vec<(String, EventPatch)>) {
    for (source, patch) in patches {
        let corrected = patch.sources.as_deref().unwrap_or_default();
        // A correction replaces its post's own event: the earliest that lists the post.
        let own = events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.sources.iter().any(|s| corrected.contains(s)))
            .min_by_key(|(_, e)| e.date)
            .map(|(i, _)| i);
        let existing = match own {
            Some(i) => events.get_mut(i),
            None => events.iter_mut().find(|e| {
                e.kind == patch.kind.unwrap_or(e.kind)
                    && (e.date == patch.date
                        || (e.kind == Kind::Meetup && same_meetup(e.date, patch.date)))
            }),
        };
        let event = match existing {
            Some(event) => event,
            None => {
                let title = patch.title.clone().unwrap_or_else(|| {
                    format!(
                        "Meetup, {} {}",
                        super::dates::month_label(patch.date.month()),
                        patch.date.year()
                    )
                });
                let mut event = Event::new(patch.date, title, patch.kind.unwrap_or(Kind::Meetup));
                event.id = super::model::derived_id(&source, false);
                events.push(event);
                events.last_mut().expect("just pushed")
            }
        };
        event.date = patch.date;
        if !event.sources.contains(&source) {
            event.sources.push(source);
        }
        macro_rules! set {
            ($($field:ident),*) => {$(
                if let Some(value) = patch.$field { event.$field = value; }
            )*};
        }
        macro_rules! set_opt {
            ($($field:ident),*) => {$(
                if let Some(value) = patch.$field { event.$field = Some(value); }
            )*};
        }
        set!(title, kind, hosts, sponsors, announced_companies, talks, id);
        set_opt!(location, venue, video_url, rsvp_url, capacity);
    }
    events.sort_by_key(|e| e.date);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> EventDate {
        EventDate::parse(text).expect("a date")
    }

    fn meetup(date: &str, source: &str) -> Event {
        let mut event = Event::new(day(date), source, Kind::Meetup);
        event.sources.push(source.to_owned());
        event
    }

    #[test]
    fn roundup_published_days_later_takes_the_announced_day() {
        let mut roundup = meetup("2019-04-05", "roundup.md");
        roundup.talks.push(super::super::model::Talk {
            title: "Istio".into(),
            ..Default::default()
        });
        let mut announced = meetup("2019-04-03", "march.md");
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
        let mut announced = meetup("2019-04-03", "march.md");
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
                meetup("2019-04-03", "march.md"),
                meetup("2019-05-01", "april.md"),
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
            let announcement = with_talks(meetup("2015-03-29", "announcement.md"), agenda);
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
                meetup("2019-04-03", "march.md"),
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
}
