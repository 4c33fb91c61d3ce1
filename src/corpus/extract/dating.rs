//! When a post happened, from every piece of evidence it carries: the front matter `date`, the
//! Jekyll file name, "Month YYYY" in the title, dates inside image and video names, years in
//! tags and text. A date that cannot be right is corrected only when other evidence agrees.
//!
//! `date = "3018-05-16"` in a post titled "… 2018 Europe" → `2018-05-16`, with a warning.

use chrono::{Datelike, NaiveDate};

use super::lexicon;
use crate::corpus::dates::{self, FieldDate};
use crate::corpus::frontmatter::FrontMatter;
use crate::corpus::markdown::{Block, Line};
use crate::corpus::model::EventDate;

/// The post's date, or `None` when nothing in it says. Doubts go to `warnings` as (line, text).
pub fn post_date(
    file_name: &str,
    front: &FrontMatter,
    body: &str,
    blocks: &[Line<'_>],
    warnings: &mut Vec<(usize, String)>,
) -> Option<EventDate> {
    let title = front.title.as_deref().unwrap_or("");
    let title_month = dates::month_year(title);
    let file_date = dates::jekyll_date(file_name);
    let tag_years: Vec<i32> = front
        .tags
        .iter()
        .chain(&front.categories)
        .filter_map(|t| t.trim().parse().ok())
        .filter(|y| dates::PLAUSIBLE_YEARS.contains(y))
        .collect();
    // Dates in image and video names, e.g. /images/CNL_2021-02-03_Rambly.jpg.
    let embedded: Vec<NaiveDate> = front
        .image
        .iter()
        .chain(&front.video)
        .filter_map(|s| dates::embedded_date(s))
        .chain(blocks.iter().filter_map(|b| match &b.block {
            Block::Image { url, .. } => dates::embedded_date(url),
            _ => None,
        }))
        .collect();
    let agrees_with_title =
        |d: &NaiveDate| title_month.is_none_or(|(y, m)| d.year() == y && d.month() == m);
    let line = front.date_line;

    if let Some(raw) = &front.date {
        match dates::field_date(raw) {
            FieldDate::Valid(day) => return Some(EventDate::Day(day)),
            FieldDate::Implausible(day) => {
                let mut evidence: Vec<i32> = title_month.map(|(y, _)| y).into_iter().collect();
                evidence.extend(dates::years(title));
                evidence.extend(tag_years.iter().copied());
                evidence.extend(file_date.map(|d| d.year()));
                evidence.extend(dates::years(body));
                // The year most of the evidence names, preferring the earliest mention.
                let best = evidence.iter().copied().max_by_key(|y| {
                    (
                        evidence.iter().filter(|e| *e == y).count(),
                        -(evidence.iter().position(|e| e == y).unwrap_or(0) as i64),
                    )
                });
                match best.and_then(|y| NaiveDate::from_ymd_opt(y, day.month(), day.day())) {
                    Some(fixed) => {
                        warnings.push((
                            line,
                            format!(
                                "date {raw} cannot be right (year {}): using {} because the post's title, tags or text say {}",
                                day.year(),
                                fixed.format("%Y-%m-%d"),
                                fixed.year()
                            ),
                        ));
                        return Some(EventDate::Day(fixed));
                    }
                    None => warnings.push((
                        line,
                        format!(
                            "date {raw} cannot be right (year {}) and nothing else in the post says which year it is",
                            day.year()
                        ),
                    )),
                }
            }
            FieldDate::NoSuchDay { year, month, day } => {
                let other = file_date
                    .into_iter()
                    .chain(embedded.iter().copied())
                    .find(|d| d.year() == year && d.month() == month);
                let fixed = other.map_or(EventDate::Month { year, month }, EventDate::Day);
                warnings.push((
                    line,
                    format!(
                        "date {raw} does not exist ({} has no day {day}): using {fixed}",
                        dates::month_label(month)
                    ),
                ));
                return Some(fixed);
            }
            FieldDate::Unreadable => warnings.push((
                line,
                format!("date '{raw}' is not a date such as 2019-03-06: ignored"),
            )),
        }
    }
    if let Some(day) = file_date {
        if let Some((y, m)) = title_month
            && (y, m) != (day.year(), day.month())
            && (y * 12 + m as i32 - (day.year() * 12 + day.month() as i32)).abs() > 1
        {
            warnings.push((
                1,
                format!(
                    "the file name says {} but the title says {} {y}: using the file name",
                    day.format("%Y-%m-%d"),
                    dates::month_label(m)
                ),
            ));
        }
        return Some(EventDate::Day(day));
    }
    if let Some((year, month)) = title_month {
        return Some(
            embedded
                .iter()
                .copied()
                .find(|d| agrees_with_title(d))
                .map_or(EventDate::Month { year, month }, EventDate::Day),
        );
    }
    // Only image names: trust one that agrees with a year the tags give.
    embedded
        .iter()
        .copied()
        .find(|d| tag_years.is_empty() || tag_years.contains(&d.year()))
        .map(EventDate::Day)
}

/// Rule `meetup_day_in_body`: the day the text says the meetup happens or happened, when it
/// says so near the post's date (within 90 days). Dates of a next meetup are not it.
///
/// - "The meetup was held on **March 9, 2019**, at Acme." → 2019-03-09
/// - "## Date & Time" then "* 8th November 2025" → 2025-11-08
/// - "…will take place **May 18th 2011 at 18.00**" → 2011-05-18
/// - "took place on Monday, 16th of June" (post of 2014-06-20) → 2014-06-16
/// - "Yesterday's meetup was a lot of fun." (post of 2014-09-12) → 2014-09-11
/// - "Thursday 2012-06-14 18:30" → 2012-06-14
pub fn body_day(blocks: &[Line<'_>], post: NaiveDate) -> Option<(NaiveDate, usize)> {
    let mut under_date_heading = false;
    let mut under_next_heading = false;
    for block in blocks.iter().take(60) {
        let (text, is_heading) = match &block.block {
            Block::Heading { text, .. } => (text, true),
            Block::Paragraph { text, .. } | Block::Bullet { text, .. } => (text, false),
            _ => continue,
        };
        // ASCII lower case keeps every byte where it was, so the mentions' ranges index it.
        let lower = text.text.to_ascii_lowercase();
        if is_heading {
            under_date_heading = ["date", "when"]
                .iter()
                .any(|h| lower.split(|c: char| !c.is_alphabetic()).any(|w| w == *h));
            under_next_heading = lower.contains("next")
                || lower
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.len() >= 3 && dates::month_number(w).is_some());
            continue;
        }
        if under_next_heading || lower.contains("next meetup") || lower.contains("next event") {
            continue;
        }
        let emphasis = text.emphasis_cover();
        for (range, day) in mentions(&text.text, post) {
            let mut from = range.start.saturating_sub(60);
            while !lower.is_char_boundary(from) {
                from += 1;
            }
            let before = &lower[from..range.start];
            let sentence_start = before.rfind(". ").map_or(0, |i| i + 2);
            let before = &before[sentence_start..];
            if before.contains("next") || lower[range.start..].starts_with("next") {
                continue;
            }
            let sentence_end = lower[range.end..]
                .find(". ")
                .map_or(lower.len(), |i| range.end + i);
            if names_another_event(before) || names_another_event(&lower[range.end..sentence_end]) {
                continue;
            }
            // A recap reports a day before it; a later day needs words of a day to come.
            let cued = if day <= post {
                under_date_heading
                    || emphasis.holds(range.clone())
                    || lexicon::DATE_CUES.iter().any(|c| before.contains(c))
            } else {
                // …and of this community's meetup, not another event that "is taking place".
                let ours = ["meetup", "meeting", "we ", "our ", " us "]
                    .iter()
                    .any(|w| before.contains(w));
                under_date_heading
                    || emphasis.holds(range.clone())
                    || (ours && lexicon::FUTURE_DATE_CUES.iter().any(|c| before.contains(c)))
            };
            if cued && (day - post).num_days().abs() <= 90 {
                return Some((day, block.line));
            }
        }
        if let Some(day) = relative_day(&lower, post) {
            return Some((day, block.line));
        }
    }
    None
}

/// Rule `another_events_day`: words of a sentence that dates another event than this
/// meetup (a conference, a summit, a sister event, last year's meetup); its day never dates
/// the post. Matched as whole words of the lowercased sentence around the day. A workshop or
/// a sprint is left out: many communities run their own, and a post about one is dated by it.
const ANOTHER_EVENT: &[&str] = &[
    "conference",
    "conf",
    "summit",
    "kubecon",
    "festival",
    "hackathon",
    "webinar",
    "expo",
    "last year",
    "sister",
];

pub fn names_another_event(lower: &str) -> bool {
    ANOTHER_EVENT.iter().any(|w| {
        lower.match_indices(w).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Every full day in a text, with the year taken from the post when it is not written.
fn mentions(text: &str, post: NaiveDate) -> Vec<(std::ops::Range<usize>, NaiveDate)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out: Vec<(std::ops::Range<usize>, NaiveDate)> = dates::day_mentions(text)
        .into_iter()
        .filter_map(|(range, m)| {
            let day = match m.year {
                Some(y) => NaiveDate::from_ymd_opt(y, m.month, m.day)?,
                None => (post.year() - 1..=post.year() + 1)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, m.month, m.day))
                    .min_by_key(|d| (*d - post).num_days().abs())?,
            };
            Some((range, day))
        })
        .collect();
    // ISO days: "Thursday 2012-06-14 18:30".
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('-') {
        if at < 4 || at + 6 > text.len() || bytes[at + 3] != b'-' {
            continue;
        }
        let start = at - 4;
        if !text.is_char_boundary(start) || !text.is_char_boundary(at + 6) {
            continue;
        }
        let candidate = &text[start..at + 6];
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        if let Ok(day) = NaiveDate::parse_from_str(candidate, "%Y-%m-%d") {
            out.push((start..at + 6, day));
        }
    }
    // "23rd, March 2013", "15th, December": a day, a comma, then its month.
    for caps in DAY_COMMA_MONTH.captures_iter(text) {
        let (Some(whole), Some(d), Some(m)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let (Ok(day), Some(month)) = (d.as_str().parse::<u32>(), dates::month_number(m.as_str()))
        else {
            continue;
        };
        let year = caps.get(3).and_then(|y| y.as_str().parse::<i32>().ok());
        let found = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day),
            None => (post.year() - 1..=post.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .min_by_key(|d| (*d - post).num_days().abs()),
        };
        if let Some(found) = found {
            out.push((whole.range(), found));
        }
    }
    // "Thursday 26th 2012": a weekday and a day of the month, no month. The first such day on
    // or after the post whose weekday agrees.
    for caps in WEEKDAY_DAY.captures_iter(text) {
        let (Some(whole), Some(w), Some(d)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if out
            .iter()
            .any(|(r, _)| r.start <= whole.start() && whole.start() < r.end)
        {
            continue;
        }
        let (Some(weekday), Ok(day)) = (dates::weekday(w.as_str()), d.as_str().parse::<u32>())
        else {
            continue;
        };
        let found = (0..3)
            .filter_map(|k| {
                let month0 = post.month0() + k;
                NaiveDate::from_ymd_opt(post.year() + (month0 / 12) as i32, month0 % 12 + 1, day)
            })
            .find(|d| *d >= post && d.weekday() == weekday);
        if let Some(found) = found {
            out.push((whole.range(), found));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

static DAY_COMMA_MONTH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th),\s+(january|february|march|april|may|june|july|august|september|october|november|december)\b(?:,?\s+(\d{4})\b)?",
    )
    .expect("valid regex")
});

static WEEKDAY_DAY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:,)?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b",
    )
    .expect("valid regex")
});

/// "yesterday's meetup", "last Tuesday we met": a day relative to the post.
fn relative_day(lower: &str, post: NaiveDate) -> Option<NaiveDate> {
    let about_meetup = ["meetup", "met ", "meeting", "event"]
        .iter()
        .any(|w| lower.contains(w));
    if !about_meetup {
        return None;
    }
    if lower.contains("yesterday") {
        return post.pred_opt();
    }
    let at = lower.find("last ")?;
    let word = lower[at + 5..].split(|c: char| !c.is_alphabetic()).next()?;
    let weekday = dates::weekday(word)?;
    let mut day = post.pred_opt()?;
    while day.weekday() != weekday {
        day = day.pred_opt()?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::blocks;

    /// Rule `meetup_day_in_body`: bodies, the post's day, and the meetup day read.
    #[test]
    fn meetup_day_in_body() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let table: &[(&str, &str, Option<&str>)] = &[
            (
                "The meetup was held on **March 9, 2019**, at Acme.",
                "2019-03-20",
                Some("2019-03-09"),
            ),
            (
                "## Date & Time\n\n* 8th November 2025\n* 4 PM",
                "2025-11-15",
                Some("2025-11-08"),
            ),
            (
                "We meet again!\n\n**May 18th 2011 at 18.00**.",
                "2011-05-02",
                Some("2011-05-18"),
            ),
            (
                "It took place on Monday, 16th of June.",
                "2014-06-20",
                Some("2014-06-16"),
            ),
            (
                "Yesterday's meetup was a lot of fun.",
                "2014-09-12",
                Some("2014-09-11"),
            ),
            (
                "Join us on Thursday 2012-06-14 18:30 at Acme.",
                "2012-06-01",
                Some("2012-06-14"),
            ),
            (
                "The March meetup will be held on 23rd, March 2013 at Acme.",
                "2013-03-18",
                Some("2013-03-23"),
            ),
            (
                "Our meetup will be held on 15th, December in the Acme office.",
                "2012-12-13",
                Some("2012-12-15"),
            ),
            (
                "Clear your calendar.\n\n**Thursday 26th 2012 at 18.30**.",
                "2012-01-11",
                Some("2012-01-26"),
            ),
            // Another event's day, and a next meetup's day, are never the meetup's own.
            (
                "Great talks.\n\nSome Summit is taking place in Lisbon on October 3-4.",
                "2019-09-01",
                None,
            ),
            (
                "Our next meetup will be on Wednesday 3rd March.",
                "2021-02-03",
                None,
            ),
            ("Great talks. See you on 3rd March!", "2021-02-03", None),
            // Rule `another_events_day`: a conference's, a summit's or last year's day.
            (
                "The meetup was great. Our sister conference takes place on **March 9, 2019**.",
                "2019-03-20",
                None,
            ),
            (
                "Last year we had our meetup on **March 9, 2019**, a big one.",
                "2019-03-20",
                None,
            ),
            (
                "Come and join us on **March 29, 2019** at the Acme summit.",
                "2019-03-20",
                None,
            ),
        ];
        for (body, post, expected) in table {
            let found = body_day(&blocks(body, 1), day(post)).map(|(d, _)| d);
            assert_eq!(found, expected.map(day), "{body}");
        }
    }
}
