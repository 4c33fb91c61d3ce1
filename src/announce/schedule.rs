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

/// Reminders, grace and roundup age a community gets unless its config says otherwise: the one
/// place these defaults are written.
pub const DEFAULT_REMINDERS: [Offset; 2] = [Offset::Days(7), Offset::Days(1)];
pub const DEFAULT_GRACE: TimeDelta = TimeDelta::hours(6);
pub const DEFAULT_ROUNDUP_MAX_AGE: TimeDelta = TimeDelta::days(60);

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
            reminders: DEFAULT_REMINDERS.to_vec(),
            grace: DEFAULT_GRACE,
            roundup_max_age: DEFAULT_ROUNDUP_MAX_AGE,
        }
    }
}

impl Settings {
    /// Settings from config text: `reminders = ["7d", "1d"]`, `grace = "6h"` (default
    /// [`DEFAULT_GRACE`]).
    pub fn parse<S: AsRef<str>>(
        reminders: &[S],
        grace: Option<&str>,
    ) -> Result<Settings, ScheduleError> {
        Ok(Settings {
            reminders: parse_offsets(reminders)?,
            grace: grace.map(parse_grace).transpose()?.unwrap_or(DEFAULT_GRACE),
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
    /// Whether the baseline has been taken; until it is, the first tick takes it.
    pub baseline_taken: bool,
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

/// The key of an announcement's event: a reminder's is the meetup's stable id (so a reminder
/// already posted is not posted again when the meetup moves, and RSVPs, the calendar and the
/// reminders name a meetup alike), or its date for an event without one; a roundup note's is
/// the date, which the baseline of roundups present at the first start is kept by.
pub fn event_key(event: &Event, what: What) -> String {
    match what {
        What::Reminder(_) if !event.id.is_empty() => event.id.clone(),
        _ => event.date.to_string(),
    }
}

/// The id a reminder had before reminders were keyed by the meetup id (its date), so that a
/// log written then is still honoured; `None` when it is the same id.
pub fn legacy_id(announcement: &Announcement) -> Option<String> {
    let date = announcement.event.date.to_string();
    (announcement.event_key != date)
        .then(|| announcement_id(&date, announcement.what, &announcement.channel))
}

/// The id of one announcement in one channel: `cnl-2019-04/reminder/7d/discord:123` or
/// `2019-03/roundup/slack:C024BE91L`. The event key ([`event_key`]) stays put when the post is
/// edited.
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
        let event_key = event_key(event, what);
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
        // A meetup whose day the posts disagree on gets no reminder: never a confident wrong day.
        let upcoming = (matches!(event.kind, Kind::Meetup | Kind::Announcement)
            && event.unconfirmed.is_none())
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
#[path = "schedule_tests.rs"]
mod tests;
