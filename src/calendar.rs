//! The upcoming meetups as an iCalendar feed (RFC 5545), served at `GET /calendar.ics` so
//! members can subscribe. Each meetup's UID is stable (its meetup id and the community), DTSTART is
//! local time in the community's zone with a VTIMEZONE describing it, and the description names
//! the announced speakers and the RSVP link.
//!
//! Cloud Native London at 2019-03-10 → one VEVENT, `DTSTART;TZID=Europe/London:20190403T183000`.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::archive::Archive;
use crate::corpus::{EventDate, Kind};

/// How long a meetup is taken to last when nothing says otherwise.
const LENGTH: &str = "PT3H";

/// The feed of meetups on or after `now`'s day in the community's time zone.
pub fn ics(archive: &Archive, now: DateTime<Utc>) -> String {
    let community = &archive.corpus.community;
    let tz = community.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let upcoming: Vec<(NaiveDate, &crate::corpus::Event)> = archive
        .corpus
        .events
        .iter()
        .filter(|e| e.kind == Kind::Meetup)
        .filter_map(|e| match e.date {
            EventDate::Day(day) if day >= today => Some((day, e)),
            _ => None,
        })
        .collect();
    // UIDs name the community by its id, never its name, so that adding or editing
    // community.toml does not turn every subscribed meetup into a new one.
    let slug = &community.id;

    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//emcee//meetups//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(&community.name)),
        format!("X-WR-TIMEZONE:{}", tz.name()),
    ];
    if !upcoming.is_empty() {
        let years = spans_of_years(upcoming.iter().map(|(day, _)| day.year()));
        lines.extend(vtimezone(tz, &years));
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for (day, event) in &upcoming {
        lines.push("BEGIN:VEVENT".into());
        // The meetup's stable id, so a moved meetup is the same calendar event.
        let uid = if event.id.is_empty() {
            day.format("%Y-%m-%d").to_string()
        } else {
            event.id.clone()
        };
        lines.push(format!("UID:{uid}@{slug}.emcee"));
        lines.push(format!("DTSTAMP:{stamp}"));
        match community.start_time {
            Some(time) => {
                let start = day.and_time(time);
                lines.push(format!(
                    "DTSTART;TZID={}:{}",
                    tz.name(),
                    start.format("%Y%m%dT%H%M%S")
                ));
                lines.push(format!("DURATION:{LENGTH}"));
            }
            None => lines.push(format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d"))),
        }
        let title = if event.title.trim().is_empty() {
            community.name.clone()
        } else {
            event.title.clone()
        };
        lines.push(format!("SUMMARY:{}", text(&title)));
        if let Some(venue) = event.venue.as_ref().or(community.venue.as_ref()) {
            lines.push(format!("LOCATION:{}", text(venue)));
        }
        let mut description = Vec::new();
        if !event.announced_companies.is_empty() {
            description.push(format!(
                "Speakers from {}",
                event.announced_companies.join(", ")
            ));
        }
        let speakers: Vec<&str> = event
            .talks
            .iter()
            .flat_map(|t| t.speakers.iter().map(|s| s.name.as_str()))
            .collect();
        if !speakers.is_empty() {
            description.push(format!("Speakers: {}", speakers.join(", ")));
        }
        if let Some(rsvp) = &event.rsvp_url {
            description.push(format!("RSVP: {rsvp}"));
            lines.push(format!("URL:{}", rsvp.replace(['\r', '\n'], "")));
        }
        if !description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// A TEXT value escaped as RFC 5545 §3.3.11 asks.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Writes a content line folded at 75 octets (never inside a character), ending in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
}

/// The years a VTIMEZONE must describe: each meetup's year and the years either side, as
/// spans (first, last). Years closer than a decade join one span, so a community's usual
/// calendar is one span; a meetup dated centuries ahead (a typo) adds three years, not centuries,
/// which keeps the feed's cost linear in the number of meetups.
fn spans_of_years(years: impl Iterator<Item = i32>) -> Vec<(i32, i32)> {
    let years: std::collections::BTreeSet<i32> = years.collect();
    let mut spans: Vec<(i32, i32)> = Vec::new();
    for year in years {
        let (from, to) = (year.saturating_sub(1), year.saturating_add(1));
        match spans.last_mut() {
            Some(last) if from <= last.1.saturating_add(10) => last.1 = to,
            _ => spans.push((from, to)),
        }
    }
    spans
}

/// A VTIMEZONE for `tz` with every offset change in the spans of years, found by scanning days
/// and narrowing to the second; a zone without changes gets one STANDARD.
fn vtimezone(tz: Tz, years: &[(i32, i32)]) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{}", tz.name())];
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let mut changes = 0;
    let mut first_start = None;
    for &(from_year, to_year) in years {
        let (Some(start), Some(end)) = (
            Utc.with_ymd_and_hms(from_year, 1, 1, 0, 0, 0).single(),
            Utc.with_ymd_and_hms(to_year, 12, 31, 23, 59, 0).single(),
        ) else {
            continue;
        };
        first_start.get_or_insert(start);
        changes += offset_changes(tz, start, end, &mut lines);
    }
    let Some(start) = first_start else {
        return lines;
    };
    if changes == 0 {
        let offset = offset_at(start);
        lines.push("BEGIN:STANDARD".into());
        lines.push("DTSTART:19700101T000000".into());
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(offset.fix())));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(offset.fix())));
        lines.push("END:STANDARD".into());
    }
    lines.push("END:VTIMEZONE".into());
    lines
}

/// Writes a STANDARD or DAYLIGHT block for each offset change of `tz` from `start` to `end`;
/// returns how many.
fn offset_changes(
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    lines: &mut Vec<String>,
) -> usize {
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let mut changes = 0;
    let mut before = start;
    while before < end {
        let Some(after) = before.checked_add_signed(Duration::days(1)) else {
            break;
        };
        if offset_at(before).fix() != offset_at(after).fix() {
            // Narrow, in whole seconds, to the first second of the new offset.
            let (mut lo, mut hi) = (before.timestamp(), after.timestamp());
            let at = |t: i64| offset_at(DateTime::from_timestamp(t, 0).unwrap_or(before)).fix();
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if at(mid) == at(lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (lo, hi) = (
                DateTime::from_timestamp(lo, 0).unwrap_or(before),
                DateTime::from_timestamp(hi, 0).unwrap_or(after),
            );
            let (old, new) = (offset_at(lo), offset_at(hi));
            let local_before: NaiveDateTime = hi.naive_utc() + old.fix();
            let kind = if new.dst_offset().is_zero() {
                "STANDARD"
            } else {
                "DAYLIGHT"
            };
            lines.push(format!("BEGIN:{kind}"));
            lines.push(format!("DTSTART:{}", local_before.format("%Y%m%dT%H%M%S")));
            lines.push(format!("TZOFFSETFROM:{}", utc_offset(old.fix())));
            lines.push(format!("TZOFFSETTO:{}", utc_offset(new.fix())));
            if let Some(name) = new.abbreviation() {
                lines.push(format!("TZNAME:{}", text(name)));
            }
            lines.push(format!("END:{kind}"));
            changes += 1;
        }
        before = after;
    }
    changes
}

/// "+0100", "-0500", "+0530".
fn utc_offset(offset: chrono::FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    let mut out = String::new();
    let _ = write!(out, "{sign}{:02}{:02}", minutes / 60, minutes % 60);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_folds_as_rfc_5545_asks() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn london_changes_clocks_on_the_last_sundays_of_march_and_october() {
        let lines = vtimezone(chrono_tz::Europe::London, &[(2019, 2019)]);
        let joined = lines.join("\n");
        assert!(joined.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20190331T010000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nTZNAME:BST"
        ), "{joined}");
        assert!(joined.contains(
            "BEGIN:STANDARD\nDTSTART:20191027T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nTZNAME:GMT"
        ), "{joined}");
    }

    /// Meetups a few years apart share one span; one centuries ahead gets its own three years.
    #[test]
    fn years_close_together_are_one_span_and_a_far_one_its_own() {
        assert_eq!(
            spans_of_years([2019, 2019, 2021, 2027].into_iter()),
            [(2018, 2028)]
        );
        assert_eq!(
            spans_of_years([2019, 200_000].into_iter()),
            [(2018, 2020), (199_999, 200_001)]
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_standard() {
        let joined = vtimezone(chrono_tz::Asia::Tokyo, &[(2019, 2020)]).join("\n");
        assert!(joined.contains("TZOFFSETTO:+0900"), "{joined}");
        assert_eq!(joined.matches("BEGIN:STANDARD").count(), 1);
    }
}
