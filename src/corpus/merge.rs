//! One meetup timeline: each meetup is one event, joined from every post that speaks of it (a
//! roundup, an invitation, next-meetup lines of earlier posts, a structured `events/*.toml`,
//! whose fields always win), each piece weighted: a day a post states (an invitation's, a
//! roundup's "was held on") over a next-meetup line, a line over a guess (a line whose weekday
//! and day disagree), and any of them over a roundup's publication day.
//!
//! An announced `2019-04-03` (RSVP link) + a roundup published `2019-04-05` (talks) → one
//! `2019-04-03` event with both. A guess within a week of a meetup joins it and never moves
//! it; two posts that state different days for one coming meetup make it `unconfirmed`.

use std::collections::{HashMap, HashSet};

use super::model::{Event, EventDate, Kind, Warning};

/// How long after a meetup its roundup may be published and still be dated by the announcement.
const ROUNDUP_DELAY_DAYS: i64 = 10;

/// How far apart two readings of one meetup may be: a meetup a week, at most, in any community
/// that announces one in a closing line.
const SAME_WEEK_DAYS: i64 = 7;

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

/// `merge`, where an announced day in `guessed` (a doubtful reading of a next-meetup line)
/// joins a meetup of its week without moving it.
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
    join_by_speakers(&mut meetups, &mut by_month, warnings);
    // Invitations first, then next-meetup lines in date order, so a line finds the invitation
    // of its meetup. Readings of the same day (two posts announcing one meetup) become one.
    let (invitations, mut lines): (Vec<Event>, Vec<Event>) = announced
        .into_iter()
        .partition(|e| e.kind == Kind::Announcement);
    lines.sort_by_key(|e| e.date);
    for line in &mut lines {
        line.timeline.guess = guessed.contains(&line.date);
    }
    let mut upcoming: Vec<Event> = Vec::new();
    for group in [invitations, lines] {
        let mut by_date: HashMap<EventDate, usize> = HashMap::new();
        let first = upcoming.len();
        for event in group {
            match by_date.get(&event.date) {
                Some(&i) => absorb(&mut upcoming[first + i], event),
                None => {
                    by_date.insert(event.date, upcoming.len() - first);
                    upcoming.push(event);
                }
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
        let line = announcement.kind != Kind::Announcement;
        let target = candidates()
            .filter(|&i| joins(&meetups[i], &announcement, line))
            .min_by_key(|&i| (distance(meetups[i].date, announcement.date), i))
            .or_else(|| {
                // Rule `minutes_by_agenda`: no roundup within the usual delay, but minutes
                // published weeks later that name the agenda's speakers.
                let found = candidates()
                    .filter(|&i| !announcement.timeline.guess && !by_agenda.contains(&i))
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
                settle_day(roundup, &announcement);
                join(roundup, announcement);
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

/// Rule `same_speakers_same_week`: a post dated only by its publication that names a speaker
/// of a meetup whose day a post states, published within the week before it (an invitation
/// read as a report) or within the delay after it (its roundup), is of that meetup: it joins
/// it and the stated day stays.
fn join_by_speakers(
    meetups: &mut Vec<Event>,
    by_month: &mut HashMap<(i32, u32), Vec<usize>>,
    warnings: &mut Vec<Warning>,
) {
    let mut into: Vec<(usize, usize)> = Vec::new();
    for (i, event) in meetups.iter().enumerate() {
        let Some(published) = event
            .date
            .day()
            .filter(|_| event.timeline.dated_by_publication)
        else {
            continue;
        };
        let keys = speaker_keys(event);
        if keys.is_empty() {
            continue;
        }
        let (y, m) = (event.date.year(), event.date.month());
        let near = [
            (y, m),
            if m == 1 { (y - 1, 12) } else { (y, m - 1) },
            if m == 12 { (y + 1, 1) } else { (y, m + 1) },
        ];
        let target = near
            .iter()
            .filter_map(|key| by_month.get(key))
            .flatten()
            .copied()
            .filter(|&j| !meetups[j].timeline.dated_by_publication)
            .filter(|&j| {
                meetups[j].date.day().is_some_and(|d| {
                    (-(SAME_WEEK_DAYS - 1)..=ROUNDUP_DELAY_DAYS)
                        .contains(&(published - d).num_days())
                })
            })
            .find(|&j| {
                let theirs = speaker_keys(&meetups[j]);
                keys.iter()
                    .any(|k| theirs.iter().any(|t| same_person(k, t)))
            });
        if let Some(j) = target {
            into.push((i, j));
        }
    }
    if into.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Event>> = std::mem::take(meetups).into_iter().map(Some).collect();
    for &(i, j) in &into {
        let Some(event) = taken[i].take() else {
            continue;
        };
        let Some(target) = taken[j].as_mut() else {
            taken[i] = Some(event);
            continue;
        };
        warnings.push(Warning {
            source: event.sources.first().cloned().unwrap_or_default(),
            line: None,
            message: format!(
                "dated {} by its publication but naming the speakers of the meetup of {} in {}: merged with it",
                event.date,
                target.date,
                target.sources.join(", ")
            ),
        });
        absorb(target, event);
    }
    *meetups = taken.into_iter().flatten().collect();
    by_month.clear();
    for (i, event) in meetups.iter().enumerate() {
        by_month
            .entry((event.date.year(), event.date.month()))
            .or_default()
            .push(i);
    }
}

/// Whether an announced reading joins `meetup`: a roundup dated by its publication within the
/// delay after it, a meetup of the same month when either names no day, and, for a next-meetup
/// `line`, any meetup of its week.
fn joins(meetup: &Event, announced: &Event, line: bool) -> bool {
    let (Some(m), Some(a)) = (meetup.date.day(), announced.date.day()) else {
        return meetup.date.same_month(announced.date);
    };
    let days = (m - a).num_days();
    // An invitation joins the roundup written after it, never another invitation.
    let roundup = if line {
        meetup.timeline.dated_by_publication
    } else {
        meetup.timeline.reported
    };
    (roundup && belongs_to(meetup.date, announced.date))
        || days == 0
        || (line && days.abs() <= SAME_WEEK_DAYS)
}

/// Rule `weighted_day`: the day a meetup keeps when `announced` joins it. An announced day
/// replaces a month and a publication day after it, unless it is a guess (a guess never moves
/// a meetup); a line's day replaces an earlier guess; a day a post states (an invitation, a
/// roundup's "was held on") stays; two closing lines that disagree make it unconfirmed.
fn settle_day(meetup: &mut Event, announced: &Event) {
    let Some(a) = announced.date.day() else {
        return;
    };
    let source = announced.sources.first().cloned().unwrap_or_default();
    let Some(m) = meetup.date.day() else {
        if !announced.timeline.guess {
            meetup.date = announced.date;
        }
        return;
    };
    if m == a {
        meetup.timeline.guess &= announced.timeline.guess;
        return;
    }
    let was = meetup.date;
    if announced.timeline.guess {
        meetup.timeline.notes.push((
            source,
            format!("a guess: joined the meetup of {was}, whose day it does not move"),
        ));
    } else if (meetup.timeline.dated_by_publication && m > a) || meetup.timeline.guess {
        meetup.date = announced.date;
        meetup.timeline.dated_by_publication = false;
        meetup.timeline.guess = false;
        for post in meetup
            .timeline
            .own_of
            .iter()
            .chain(&meetup.timeline.next_of)
        {
            meetup.timeline.notes.push((
                post.clone(),
                format!("{was} read as {}, which {source} states", announced.date),
            ));
        }
    } else if meetup.timeline.own_of.is_empty() {
        // Only closing lines of posts speak of it, and they disagree.
        let reason = format!(
            "{} says {was}, {source} says {}",
            meetup.sources.join(", "),
            announced.date
        );
        meetup
            .timeline
            .notes
            .push((source, format!("unconfirmed: {reason}")));
        meetup.unconfirmed.get_or_insert(reason);
    } else {
        meetup.timeline.notes.push((
            source,
            format!(
                "joined the meetup of {was}, which {} states",
                meetup.timeline.own_of.join(", ")
            ),
        ));
    }
}

/// Joins an announced reading into the meetup it is of (its day already settled).
fn join(roundup: &mut Event, announcement: Event) {
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
    // Rule `roundup_tells_what_happened`: an agenda is the plan, a roundup that reports talks
    // is the record. The agenda lends only the talks of speakers the roundup does not report
    // (a roundup often lists slides or videos for some talks), and its sponsors only to a
    // roundup that reports no talks: who paid for the evening is what the roundup thanks.
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

/// Settles each next meetup whose weekday and day disagree ("Wednesday 5th March" when the 5th
/// is a Thursday): the reading on the community's usual meetup weekday wins, else the day as
/// written. Notes which it chose and why (`emcee check` shows it with where the reading ended
/// up); returns the days chosen this way: guesses, which join a meetup of their week without
/// moving it.
pub fn settle_doubts(
    own: &[Event],
    announced: &mut [Event],
    doubts: Vec<(usize, String, super::extract::NextDoubt)>,
) -> HashSet<EventDate> {
    use chrono::Datelike;
    let mut counts = [0usize; 7];
    for event in own.iter().filter(|e| e.kind == super::model::Kind::Meetup) {
        if let Some(day) = event.date.day() {
            counts[day.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    let usual = (0..7)
        .max_by_key(|&d| counts[d])
        .filter(|&d| total >= 3 && counts[d] * 2 > total);
    let mut guessed = HashSet::new();
    for (index, source, doubt) in doubts {
        let on_usual =
            |d: chrono::NaiveDate| usual == Some(d.weekday().num_days_from_monday() as usize);
        let (chosen, why) = if on_usual(doubt.written_weekday) && !on_usual(doubt.written_day) {
            (
                doubt.written_weekday,
                format!(
                    "the weekday, because this community meets on {}s",
                    super::dates::weekday_name(doubt.written_weekday.weekday())
                ),
            )
        } else {
            (
                doubt.written_day,
                "the day of the month, as nothing else settles it".to_owned(),
            )
        };
        let day = EventDate::Day(chosen);
        announced[index].date = day;
        guessed.insert(day);
        let note = format!(
            "weekday mismatch: written as {} {}, but that day is a {}; read as {} ({why})",
            super::dates::weekday_name(doubt.written_weekday.weekday()),
            doubt.written_day.format("%-d %B"),
            super::dates::weekday_name(doubt.written_day.weekday()),
            chosen.format("%Y-%m-%d"),
        );
        announced[index].timeline.notes.push((source, note));
    }
    guessed
}

/// Where one post's next-meetup line ended up on the timeline: decided once, after merging,
/// and shown the same way by the warning, `check --verbose`, `check --explain` and the dump.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The meetup's day on the timeline.
    pub date: EventDate,
    /// Posts disagree on that day: answers say "unconfirmed".
    pub unconfirmed: bool,
    /// The other posts that speak of that meetup.
    pub with: Vec<String>,
    /// What was decided about the reading, when more than reading it.
    pub notes: Vec<String>,
}

impl std::fmt::Display for Placed {
    /// `2019-05-01 (unconfirmed), with posts/a.md; a guess: joined …`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if self.unconfirmed {
            write!(f, " (unconfirmed)")?;
        }
        if !self.with.is_empty() {
            write!(f, ", with {}", self.with.join(", "))?;
        }
        for note in &self.notes {
            write!(f, "; {note}")?;
        }
        Ok(())
    }
}

/// Fills each post's summary with where its readings ended up (its own event's day, its next
/// meetup's [`Placed`]) and warns, once per post, about a next meetup the timeline decided
/// something of (a guess, a day another post states, a disagreement).
pub fn decide(events: &[Event], posts: &mut [super::PostSummary], warnings: &mut Vec<Warning>) {
    let index: HashMap<String, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    for event in events {
        for source in &event.timeline.own_of {
            if let Some(&i) = index.get(source) {
                posts[i].date = event.date;
            }
        }
        for source in &event.timeline.next_of {
            let Some(&i) = index.get(source) else {
                continue;
            };
            let placed = Placed {
                date: event.date,
                unconfirmed: event.unconfirmed.is_some(),
                with: event
                    .sources
                    .iter()
                    .filter(|s| *s != source)
                    .cloned()
                    .collect(),
                notes: event
                    .timeline
                    .notes
                    .iter()
                    .filter(|(s, _)| s == source)
                    .map(|(_, note)| note.clone())
                    .collect(),
            };
            if !placed.notes.is_empty() || placed.unconfirmed {
                warnings.push(Warning {
                    source: source.clone(),
                    line: posts[i].next_line,
                    message: format!("next meetup {placed}"),
                });
            }
            posts[i].next = Some(placed);
        }
    }
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
    into.unconfirmed = into.unconfirmed.take().or(other.unconfirmed);
    let (mine, theirs) = (&mut into.timeline, other.timeline);
    mine.own_of.extend(theirs.own_of);
    mine.next_of.extend(theirs.next_of);
    // What was noted of a reading before it joined comes first ("weekday mismatch: …; a guess:
    // joined …").
    let earlier = std::mem::replace(&mut mine.notes, theirs.notes);
    mine.notes.extend(earlier);
    mine.reported |= theirs.reported;
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
#[path = "merge_tests.rs"]
mod tests;
