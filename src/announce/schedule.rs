//! When announcements are due: a reminder before each upcoming meetup at each configured offset,
//! in the community's time zone, and a note for each roundup not seen before; then which of them
//! to post now and which to skip because posting them now would be too late.
//!
//! A meetup on 2019-04-03 (Europe/London, 18:30), reminders `["7d", "1d"]`, one Discord channel →
//! `2019-04-03/reminder/7d/discord:123` at 2019-03-27T18:30Z (18:30 GMT) and
//! `2019-04-03/reminder/1d/discord:123` at 2019-04-02T17:30Z (18:30 BST). A day offset moves the
//! calendar day and keeps the local time; an hour or minute offset is elapsed time, so across a
//! clock change "1d" and "24h" differ by the hour the clocks moved.
//!
//! Computing a schedule is O(events + known roundups), pure, and cheap enough to redo every tick.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono::{Months, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};
use thiserror::Error;

use super::{Announcement, Channel, What};
use crate::corpus::{Community, Corpus, Event, EventDate, Kind};

/// Reminders, grace and roundup age a community gets unless its config says otherwise.
pub const DEFAULT_REMINDERS: [&str; 2] = ["7d", "1d"];

/// How far back the schedule still lists a meetup that has started, so that a reminder missed
/// while emcee was down is recorded as skipped rather than silently forgotten.
const RECENTLY_STARTED: TimeDelta = TimeDelta::days(1);

/// The longest run of local times a clock change can skip (Samoa skipped a whole day in 2011).
const LONGEST_GAP_MINUTES: u32 = 48 * 60;

/// The most a reminder may precede its meetup: a year.
const MAX_OFFSET_MINUTES: u64 = 366 * 24 * 60;

/// A configuration mistake in the announcement settings, naming the offending text.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("'{text}' is not a reminder offset: write 1m to 366d, such as 7d, 2h or 90m")]
    BadOffset { text: String },
    #[error("'{text}' is not a grace period: write 0m to 366d, such as 6h")]
    BadGrace { text: String },
}

/// How long before a meetup a reminder goes out: calendar days (local time kept), or elapsed
/// hours or minutes. Written and shown as `7d`, `2h`, `90m`; that text is part of the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Offset {
    Days(u32),
    Hours(u32),
    Minutes(u32),
}

/// `"90m"` → `Minutes(90)`: digits then d, h or m, any amount; `None` for anything else.
fn amount(text: &str) -> Option<Offset> {
    let text = text.trim();
    let (last, _) = text.char_indices().last()?;
    let (digits, unit) = text.split_at(last);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.parse().ok()?;
    match unit {
        "d" | "D" => Some(Offset::Days(n)),
        "h" | "H" => Some(Offset::Hours(n)),
        "m" | "M" => Some(Offset::Minutes(n)),
        _ => None,
    }
}

impl Offset {
    /// Parses `7d`, `2h` or `90m` (1 minute to 366 days); the error names the text.
    pub fn parse(text: &str) -> Result<Offset, ScheduleError> {
        amount(text)
            .filter(|o| (1..=MAX_OFFSET_MINUTES).contains(&o.minutes()))
            .ok_or_else(|| ScheduleError::BadOffset {
                text: text.to_owned(),
            })
    }

    /// Nominal length in minutes (a day counted as 24 hours), for ordering and range checks.
    fn minutes(self) -> u64 {
        match self {
            Offset::Days(n) => u64::from(n) * 24 * 60,
            Offset::Hours(n) => u64::from(n) * 60,
            Offset::Minutes(n) => u64::from(n),
        }
    }

    /// When a reminder at this offset goes out for a meetup starting at `local` (wall clock in
    /// `tz`), which is the instant `start`. `None` only past the ends of the calendar.
    pub fn before(
        self,
        local: NaiveDateTime,
        start: DateTime<Utc>,
        tz: Tz,
    ) -> Option<DateTime<Utc>> {
        match self {
            Offset::Days(n) => resolve_local(tz, local.checked_sub_days(Days::new(u64::from(n)))?),
            Offset::Hours(n) => start.checked_sub_signed(TimeDelta::hours(i64::from(n))),
            Offset::Minutes(n) => start.checked_sub_signed(TimeDelta::minutes(i64::from(n))),
        }
    }

    /// "in 7 days", "tomorrow", "in 2 hours", "in 90 minutes".
    pub fn phrase(self) -> String {
        match self {
            Offset::Days(1) => "tomorrow".to_owned(),
            Offset::Days(n) => format!("in {n} days"),
            Offset::Hours(1) => "in 1 hour".to_owned(),
            Offset::Hours(n) => format!("in {n} hours"),
            Offset::Minutes(n) => format!("in {n} minutes"),
        }
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::Days(n) => write!(f, "{n}d"),
            Offset::Hours(n) => write!(f, "{n}h"),
            Offset::Minutes(n) => write!(f, "{n}m"),
        }
    }
}

impl<'de> Deserialize<'de> for Offset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Offset::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Parses a list of offsets, longest first, each once; the error names the first bad one.
pub fn parse_offsets<S: AsRef<str>>(texts: &[S]) -> Result<Vec<Offset>, ScheduleError> {
    let mut offsets = Vec::new();
    for text in texts {
        let offset = Offset::parse(text.as_ref())?;
        if !offsets.contains(&offset) {
            offsets.push(offset);
        }
    }
    offsets.sort_by_key(|o| std::cmp::Reverse(o.minutes()));
    Ok(offsets)
}

/// Parses a grace period such as `6h`, `90m` or `1d` (a day is 24 hours here); `0m` is allowed.
pub fn parse_grace(text: &str) -> Result<TimeDelta, ScheduleError> {
    let minutes = amount(text)
        .map(Offset::minutes)
        .filter(|m| *m <= MAX_OFFSET_MINUTES)
        .ok_or_else(|| ScheduleError::BadGrace {
            text: text.to_owned(),
        })?;
    Ok(TimeDelta::minutes(minutes as i64))
}

/// What the announcer is configured to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Longest first, no duplicates.
    pub reminders: Vec<Offset>,
    /// How late a reminder may still be posted (never after its meetup has started).
    pub grace: TimeDelta,
    /// A roundup found for a meetup older than this gets no note (an imported archive must not
    /// flood the channel).
    pub roundup_max_age: TimeDelta,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            reminders: vec![Offset::Days(7), Offset::Days(1)],
            grace: TimeDelta::hours(6),
            roundup_max_age: TimeDelta::days(60),
        }
    }
}

impl Settings {
    /// Settings from config text: `reminders = ["7d", "1d"]`, `grace = "6h"` (default 6h).
    pub fn parse<S: AsRef<str>>(
        reminders: &[S],
        grace: Option<&str>,
    ) -> Result<Settings, ScheduleError> {
        Ok(Settings {
            reminders: parse_offsets(reminders)?,
            grace: grace
                .map(parse_grace)
                .transpose()?
                .unwrap_or(TimeDelta::hours(6)),
            ..Settings::default()
        })
    }
}

/// The instant a local wall-clock time names in `tz`. An ambiguous time (clocks went back) is
/// its earlier instant; a time that does not exist (clocks went forward) becomes the instant the
/// clocks changed, the first valid one after it. `None` only for a gap longer than two days.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let valid = |t: NaiveDateTime| tz.from_local_datetime(&t).earliest();
    let mut probe = local;
    for _ in 0..=LONGEST_GAP_MINUTES {
        if valid(probe).is_some() {
            // The gap ended within the last minute (some old offsets have seconds): find the
            // first valid second, at most 60 looks.
            let mut second = (probe - TimeDelta::seconds(59)).max(local);
            while valid(second).is_none() && second < probe {
                second += TimeDelta::seconds(1);
            }
            return valid(second).map(|t| t.with_timezone(&Utc));
        }
        probe = probe.checked_add_signed(TimeDelta::minutes(1))?;
    }
    None
}

/// 18:30, when neither the event nor `community.toml` says.
pub fn default_start_time() -> NaiveTime {
    NaiveTime::from_hms_opt(18, 30, 0).unwrap_or(NaiveTime::MIN)
}

/// When a meetup starts: its day at the community's start time (events carry no time of their
/// own yet), as local wall-clock time and as an instant. `None` for a month-only date.
pub fn start_of(event: &Event, community: &Community) -> Option<(NaiveDateTime, DateTime<Utc>)> {
    let day = event.date.day()?;
    let local = day.and_time(community.start_time.unwrap_or_else(default_start_time));
    Some((local, resolve_local(community.timezone, local)?))
}

/// Whether an event is a roundup: a meetup with talks that has happened by `now`.
pub fn is_roundup(event: &Event, community: &Community, now: DateTime<Utc>) -> bool {
    if event.kind != Kind::Meetup || event.talks.is_empty() {
        return false;
    }
    match start_of(event, community) {
        Some((_, start)) => start <= now,
        None => {
            let today = now.with_timezone(&community.timezone).date_naive();
            (event.date.year(), event.date.month()) <= (today.year(), today.month())
        }
    }
}

/// The keys of every roundup in the corpus at `now`: the baseline taken at first start.
pub fn roundup_keys(corpus: &Corpus, now: DateTime<Utc>) -> BTreeSet<String> {
    corpus
        .events
        .iter()
        .filter(|e| is_roundup(e, &corpus.community, now))
        .map(|e| e.date.to_string())
        .collect()
}

/// Roundups already dealt with, by event key, as the delivery log keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownRoundups {
    /// Roundups present when emcee first started: they never get a note.
    pub baseline: BTreeSet<String>,
    /// Roundups with a note claimed, sent, failed or skipped in some channel.
    pub noted: BTreeSet<String>,
}

/// Event keys indexed so that a date which gained or lost its day (`2019-03` ↔ `2019-03-06`)
/// matches, as merging treats them as one meetup.
struct Keys<'a> {
    exact: &'a BTreeSet<String>,
    month_only: HashSet<&'a str>,
    months_with_days: HashSet<&'a str>,
}

impl<'a> Keys<'a> {
    fn new(exact: &'a BTreeSet<String>) -> Keys<'a> {
        let month = |k: &'a String| k.get(..7).unwrap_or_default();
        Keys {
            exact,
            month_only: exact.iter().filter(|k| k.len() == 7).map(month).collect(),
            months_with_days: exact.iter().filter(|k| k.len() == 10).map(month).collect(),
        }
    }

    /// A key of the same meetup under another date text: the month for a day, a day of the month.
    fn other(&self, date: EventDate) -> bool {
        let month = format!("{:04}-{:02}", date.year(), date.month());
        match date.day() {
            Some(_) => self.month_only.contains(month.as_str()),
            None => self.months_with_days.contains(month.as_str()),
        }
    }

    /// A key of the same meetup, exact or not.
    fn same(&self, date: EventDate) -> bool {
        self.exact.contains(&date.to_string()) || self.other(date)
    }
}

/// The id of one announcement in one channel: `2019-04-03/reminder/7d/discord:123` or
/// `2019-03/roundup/slack:C024BE91L`. The event key is the event's date, which stays put when
/// the post is edited.
pub fn announcement_id(event_key: &str, what: What, channel: &Channel) -> String {
    match what {
        What::Reminder(offset) => format!("{event_key}/reminder/{offset}/{channel}"),
        What::Roundup => format!("{event_key}/roundup/{channel}"),
    }
}

/// Every announcement of the corpus at `now`, in order of when it is due: a reminder per offset
/// and channel for each meetup (kind meetup or announcement, with a day) that has not started or
/// started within the last day, and a note per channel for each roundup not in the baseline.
///
/// Announcements already sent are still listed: the delivery log's `claim` is what refuses to
/// post them twice, so a channel that failed is retried and one added later is caught up. A
/// roundup noted under another date text of the same meetup (its post gained a day) is left
/// out, so an edit never brings a second note.
pub fn schedule(
    corpus: &Corpus,
    settings: &Settings,
    channels: &[Channel],
    known: &KnownRoundups,
    now: DateTime<Utc>,
) -> Vec<Announcement> {
    let community = &corpus.community;
    let (baseline, noted) = (Keys::new(&known.baseline), Keys::new(&known.noted));
    let mut out = Vec::new();
    let mut push = |event: &Event, what: What, at, not_after| {
        let event_key = event.date.to_string();
        for channel in channels {
            out.push(Announcement {
                id: announcement_id(&event_key, what, channel),
                event_key: event_key.clone(),
                what,
                channel: channel.clone(),
                at,
                not_after,
                event: event.clone(),
            });
        }
    };
    for event in &corpus.events {
        let upcoming = matches!(event.kind, Kind::Meetup | Kind::Announcement)
            .then(|| start_of(event, community))
            .flatten()
            .filter(|(_, start)| *start > now - RECENTLY_STARTED);
        if let Some((local, start)) = upcoming {
            for &offset in &settings.reminders {
                if let Some(at) = offset.before(local, start, community.timezone) {
                    push(event, What::Reminder(offset), at, start);
                }
            }
        }
        if is_roundup(event, community, now)
            && !baseline.same(event.date)
            && !noted.other(event.date)
        {
            let day = match event.date {
                EventDate::Day(d) => Some(d),
                EventDate::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1)
                    .and_then(|d| d.checked_add_months(Months::new(1))),
            };
            let not_after = day
                .map(|d| d.and_time(NaiveTime::MIN).and_utc() + settings.roundup_max_age)
                .unwrap_or(now);
            push(event, What::Roundup, now, not_after);
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Why an announcement whose time has come is not posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The meetup had started: a reminder after the start is noise.
    Started,
    /// Later than the grace period allows.
    Late { by: TimeDelta },
    /// A roundup of a meetup longer ago than `roundup_max_age`.
    TooOld,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Started => write!(f, "the meetup had already started"),
            Skip::Late { by } => write!(
                f,
                "{}h{:02}m late, beyond the grace period",
                by.num_hours(),
                by.num_minutes() % 60
            ),
            Skip::TooOld => write!(f, "the meetup is too long ago for a new-roundup note"),
        }
    }
}

/// What to do with one announcement now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Its time has not come.
    Later,
    Send,
    Skip(Skip),
}

/// Decides one announcement: later before its time; skipped once its meetup has started (or
/// the roundup is too old) or when more than `grace` late; otherwise sent, late or not.
pub fn decide(announcement: &Announcement, now: DateTime<Utc>, grace: TimeDelta) -> Decision {
    if now < announcement.at {
        return Decision::Later;
    }
    if now >= announcement.not_after {
        return Decision::Skip(match announcement.what {
            What::Reminder(_) => Skip::Started,
            What::Roundup => Skip::TooOld,
        });
    }
    let late = now - announcement.at;
    if late > grace {
        return Decision::Skip(Skip::Late { by: late });
    }
    Decision::Send
}

/// The announcements of a schedule whose time has come, split into those to post and those to
/// record as skipped.
#[derive(Clone, Debug, Default)]
pub struct Due {
    pub send: Vec<Announcement>,
    pub skip: Vec<(Announcement, Skip)>,
}

/// Splits a schedule at `now` (see [`decide`]); announcements whose time has not come are left
/// out.
pub fn due(schedule: Vec<Announcement>, now: DateTime<Utc>, grace: TimeDelta) -> Due {
    let mut due = Due::default();
    for announcement in schedule {
        match decide(&announcement, now, grace) {
            Decision::Later => {}
            Decision::Send => due.send.push(announcement),
            Decision::Skip(why) => due.skip.push((announcement, why)),
        }
    }
    due
}

#[cfg(test)]
mod tests {
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
            Settings::parse(&DEFAULT_REMINDERS, None),
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
}
