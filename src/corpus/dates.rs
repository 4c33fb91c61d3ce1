//! Dates as posts write them: front matter fields, Jekyll file names, "[Nov 2018]" in titles,
//! dates inside image names, and "Wednesday 3rd March" for the next meetup (no year: the first
//! year that puts it after the post and agrees with the weekday).
//!
//! `next_meetup_day(Weekday::Wed, 3, 4, after 2019-03)` → `2019-04-03`.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use super::model::EventDate;

/// Years emcee believes a community post can carry; anything else is a typo.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            m.starts_with(lower.as_str()) && (lower.len() == 3 || lower == "sept" || *m == lower)
        })
        .map(|i| i as u32 + 1)
}

pub fn weekday(name: &str) -> Option<Weekday> {
    match name.to_ascii_lowercase().as_str() {
        "monday" | "mon" => Some(Weekday::Mon),
        "tuesday" | "tue" | "tues" => Some(Weekday::Tue),
        "wednesday" | "wed" => Some(Weekday::Wed),
        "thursday" | "thu" | "thurs" => Some(Weekday::Thu),
        "friday" | "fri" => Some(Weekday::Fri),
        "saturday" | "sat" => Some(Weekday::Sat),
        "sunday" | "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// What a front matter `date` says.
#[derive(Debug, PartialEq)]
pub enum FieldDate {
    Valid(NaiveDate),
    /// A real calendar date in a year no post can have (3018).
    Implausible(NaiveDate),
    /// Year and month are fine, the day does not exist (31 February).
    NoSuchDay {
        year: i32,
        month: u32,
        day: u32,
    },
    Unreadable,
}

static FIELD_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})").expect("valid regex"));

static SLASH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\d{4})/(\d{1,2})/(\d{1,2})|(\d{1,2})[/.](\d{1,2})[/.](\d{4}))\b")
        .expect("valid regex")
});

const MONTH_NAME: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// "Tuesday, May 22nd, 2013 at 6:30pm", "22 May 2013", "the 22nd of May, 2013".
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";
    let day = r"(\d{1,2})(?:st|nd|rd|th)?";
    Regex::new(&format!(
        r"(?i)^\s*{weekday}(?:{MONTH_NAME}\s+{day}|(?:the\s+)?{day}\s+(?:of\s+)?{MONTH_NAME}),?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// The year, month and day a date field writes: `2018-05-16…`, `2018/05/16`, `16/05/2018`
/// (day first, unless the second number cannot be a month: `05/16/2018`), `May 16th, 2018 at
/// 6pm`, `16 May 2018`.
fn field_parts(text: &str) -> Option<(i32, u32, u32)> {
    let number = |caps: &regex::Captures<'_>, i: usize| caps.get(i)?.as_str().parse::<u32>().ok();
    if let Some(caps) = FIELD_DATE.captures(text) {
        return Some((caps[1].parse().ok()?, number(&caps, 2)?, number(&caps, 3)?));
    }
    if let Some(caps) = SLASH_DATE.captures(text) {
        if let Some(year) = number(&caps, 1) {
            return Some((year as i32, number(&caps, 2)?, number(&caps, 3)?));
        }
        let (first, second) = (number(&caps, 4)?, number(&caps, 5)?);
        let year = number(&caps, 6)? as i32;
        return Some(if second > 12 && first <= 12 {
            (year, first, second)
        } else {
            (year, second, first)
        });
    }
    let caps = WORD_DATE.captures(text)?;
    let (month, day) = match caps.get(1) {
        Some(month) => (month.as_str(), number(&caps, 2)?),
        None => (caps.get(4)?.as_str(), number(&caps, 3)?),
    };
    Some((caps[5].parse().ok()?, month_number(month)?, day))
}

/// Reads a date field: `2018-05-16`, `2018-05-16T10:00:00Z`, `2018-05-16 10:00:00 +0000`,
/// `2007-07-10 7:30 pm to 9:00 pm`, `16/05/2018`, `May 16th, 2018 at 6:30pm` (see
/// [`field_parts`]).
pub fn field_date(text: &str) -> FieldDate {
    let Some((year, month, day)) = field_parts(text) else {
        return FieldDate::Unreadable;
    };
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) if PLAUSIBLE_YEARS.contains(&year) => FieldDate::Valid(date),
        Some(date) => FieldDate::Implausible(date),
        None if (1..=12).contains(&month) => FieldDate::NoSuchDay { year, month, day },
        None => FieldDate::Unreadable,
    }
}

static JEKYLL_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_.]|$)").expect("valid regex"));

/// The name that dates a post: its file's, or its folder's when only the folder carries a day
/// (`content/events/2024-12-17/index.md` → `2024-12-17`).
pub fn dated_name(source: &str) -> &str {
    let mut parts = source.rsplit(['/', '\\']);
    let file = parts.next().unwrap_or(source);
    match parts.next() {
        Some(folder) if jekyll_date(file).is_none() && jekyll_date(folder).is_some() => folder,
        _ => file,
    }
}

/// The date in a Jekyll post's file name: `2019-03-06-cloud-native-london.md`, `2019-03-06.md`.
pub fn jekyll_date(file_name: &str) -> Option<NaiveDate> {
    let caps = JEKYLL_NAME.captures(file_name)?;
    let date = NaiveDate::from_ymd_opt(
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    )?;
    PLAUSIBLE_YEARS.contains(&date.year()).then_some(date)
}

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(\d{4})\b",
    )
    .expect("valid regex")
});

/// The first "Month YYYY" in a text: "[Nov 2018]", "London February 2021:".
pub fn month_year(text: &str) -> Option<(i32, u32)> {
    MONTH_YEAR.captures_iter(text).find_map(|caps| {
        let year: i32 = caps[2].parse().ok()?;
        let month = month_number(&caps[1])?;
        PLAUSIBLE_YEARS.contains(&year).then_some((year, month))
    })
}

static EMBEDDED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})[-_.](\d{2})[-_.](\d{2})(?:[^0-9]|$)")
        .expect("valid regex")
});

/// A date written inside a file name or address: `/images/CNL_2021-02-03_Rambly.jpg`.
pub fn embedded_date(text: &str) -> Option<NaiveDate> {
    EMBEDDED_DATE.captures_iter(text).find_map(|caps| {
        NaiveDate::from_ymd_opt(
            caps[1].parse().ok()?,
            caps[2].parse().ok()?,
            caps[3].parse().ok()?,
        )
    })
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").expect("valid regex"));

/// Every plausible four-digit year in a text, in order.
pub fn years(text: &str) -> impl Iterator<Item = i32> + '_ {
    YEAR.captures_iter(text)
        .filter_map(|caps| caps[1].parse().ok())
}

/// A "weekday day month [year]" as the next-meetup sentence writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayMention {
    pub weekday: Option<Weekday>,
    pub day: u32,
    pub month: u32,
    pub year: Option<i32>,
}

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let weekday =
        r"(?:(mon|tues?|wed|thu(?:rs)?|fri|sat|sun)(?:day|nesday|urday|sday)?,?\s+(?:the\s+)?)";
    let month = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    Regex::new(&format!(
        r"(?i)\b{weekday}?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\b\.?(?:,?\s+(\d{{4}}))?|\b{weekday}?{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    ))
    .expect("valid regex")
});

/// Whether `text` may hold a month as [`DAY_MONTH`] reads it: the first three letters of one,
/// in any ASCII case, or a long s (`ſ`), the one non-ASCII letter that its case-insensitive
/// matching takes for a letter of a month ("ſep"). A cheap scan before the regex.
fn may_name_month(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| {
        matches!(
            [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20],
            [b'j', b'a', b'n']
                | [b'f', b'e', b'b']
                | [b'm', b'a', b'r']
                | [b'a', b'p', b'r']
                | [b'm', b'a', b'y']
                | [b'j', b'u', b'n']
                | [b'j', b'u', b'l']
                | [b'a', b'u', b'g']
                | [b's', b'e', b'p']
                | [b'o', b'c', b't']
                | [b'n', b'o', b'v']
                | [b'd', b'e', b'c']
        )
    }) || text.contains('\u{17f}')
}

/// Every day mentioned as "Wednesday 3rd March", "Tuesday 9 October", "Wednesday, March 3rd 2021".
pub fn day_mentions(text: &str) -> Vec<(std::ops::Range<usize>, DayMention)> {
    // Every mention has a digit and a month: most prose lacks one, and skips the regex.
    if !text.bytes().any(|b| b.is_ascii_digit()) || !may_name_month(text) {
        return Vec::new();
    }
    DAY_MONTH
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?.range();
            let (weekday, day, month, year) = if caps.get(2).is_some() {
                (caps.get(1), &caps[2], &caps[3], caps.get(4))
            } else {
                (caps.get(5), &caps[7], &caps[6], caps.get(8))
            };
            let weekday = weekday.and_then(|w| {
                let word = &text[w.start()..];
                let end = word
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(word.len());
                self::weekday(&word[..end]).or_else(|| self::weekday(w.as_str()))
            });
            Some((
                whole,
                DayMention {
                    weekday,
                    day: day.parse().ok()?,
                    month: month_number(month)?,
                    year: year.and_then(|y| y.as_str().parse().ok()),
                },
            ))
        })
        .collect()
}

/// Resolves a next-meetup day written without a year: the first date after the post (`after`)
/// that agrees with the weekday, looking at most a year ahead. Without such a date, the first
/// date after the post is the best guess and the second value says why it is doubtful.
pub fn next_meetup_day(
    mention: DayMention,
    after: EventDate,
) -> Option<(NaiveDate, Option<String>)> {
    let floor = match after {
        EventDate::Day(d) => d,
        EventDate::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1)?,
    };
    let describe = |date: NaiveDate, weekday: Weekday| {
        format!(
            "weekday mismatch: the next meetup is written as {} {} {}, but {} is a {}; using {} as the best guess",
            weekday_name(weekday),
            mention.day,
            month_label(mention.month),
            date.format("%Y-%m-%d"),
            weekday_name(date.weekday()),
            date.format("%Y-%m-%d"),
        )
    };
    if let Some(year) = mention.year {
        let date = NaiveDate::from_ymd_opt(year, mention.month, mention.day)?;
        let warning = mention
            .weekday
            .filter(|w| *w != date.weekday())
            .map(|w| describe(date, w));
        return Some((date, warning));
    }
    let candidates: Vec<NaiveDate> = (floor.year()..=floor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, mention.month, mention.day))
        .filter(|d| *d > floor || (matches!(after, EventDate::Month { .. }) && *d >= floor))
        .collect();
    let first = *candidates.first()?;
    match mention.weekday {
        None => Some((first, None)),
        Some(w) => match candidates.iter().find(|d| d.weekday() == w) {
            Some(date) => Some((*date, None)),
            None => Some((first, Some(describe(first, w)))),
        },
    }
}

pub fn month_label(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Seconds from "31:01", "1:00:11" or "09:30".
pub fn clock_seconds(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if numbers[1..].iter().any(|n| *n >= 60) {
        return None;
    }
    Some(numbers.iter().fold(0, |acc, n| acc * 60 + n))
}

/// Seconds from a video address's `t=` (or `start=`) parameter: `t=1861`, `t=1861s`, `t=1h2m3s`.
pub fn url_seconds(url: &str) -> Option<u32> {
    let query = url.split_once(['?', '#'])?.1;
    let value = query.split(['&', '?', '#']).find_map(|pair| {
        pair.strip_prefix("t=")
            .or_else(|| pair.strip_prefix("start="))
    })?;
    if let Ok(seconds) = value.trim_end_matches('s').parse::<u32>() {
        return Some(seconds);
    }
    let mut total = 0u32;
    let mut number = 0u32;
    let mut any = false;
    for ch in value.chars() {
        match ch {
            '0'..='9' => number = number.checked_mul(10)?.checked_add(ch.to_digit(10)?)?,
            'h' => (total, number, any) = (total.checked_add(number.checked_mul(3600)?)?, 0, true),
            'm' => (total, number, any) = (total.checked_add(number.checked_mul(60)?)?, 0, true),
            's' => (total, number, any) = (total.checked_add(number)?, 0, true),
            _ => return None,
        }
    }
    (any && number == 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan before the regex lets every month through, in any case, and the long s.
    #[test]
    fn month_scan_lets_every_month_through() {
        for month in [
            "Jan", "FEBRUARY", "march", "Apr", "MAY", "june", "Jul", "AUGUST", "Sept", "oct",
            "NOV", "December",
        ] {
            let text = format!("Thursday 3 {month} 2020");
            assert!(may_name_month(&text), "{text}");
            assert_eq!(day_mentions(&text).len(), 1, "{text}");
        }
        assert!(may_name_month("Thursday 3 \u{17f}ep 2020"));
        assert!(!may_name_month("Room 12 at 18:30, see you there"));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn field_dates() {
        assert_eq!(field_date("2018-05-16"), FieldDate::Valid(day(2018, 5, 16)));
        assert_eq!(
            field_date("3018-05-16"),
            FieldDate::Implausible(day(3018, 5, 16))
        );
        assert_eq!(
            field_date("2021-02-31"),
            FieldDate::NoSuchDay {
                year: 2021,
                month: 2,
                day: 31
            }
        );
        assert_eq!(field_date("soon"), FieldDate::Unreadable);
    }

    #[test]
    fn field_dates_in_every_shape_a_blog_writes() {
        // (the field as written, the day it names); None: unreadable.
        type Row<'a> = (&'a str, Option<(i32, u32, u32)>);
        let table: &[Row] = &[
            ("2007-07-10 7:30 pm to 9:00 pm", Some((2007, 7, 10))),
            ("2019/05/16", Some((2019, 5, 16))),
            ("16/05/2019", Some((2019, 5, 16))),
            ("3/2/2019", Some((2019, 2, 3))),
            ("05/16/2019", Some((2019, 5, 16))),
            ("16.05.2019", Some((2019, 5, 16))),
            ("May 22nd, 2013 at 6:30pm - 8:30pm", Some((2013, 5, 22))),
            ("January 25th, 2012", Some((2012, 1, 25))),
            ("  Mar 30th, 2011", Some((2011, 3, 30))),
            ("Sept. 3, 2014", Some((2014, 9, 3))),
            ("Tuesday, 4 June 2024", Some((2024, 6, 4))),
            ("the 18th of June, 2013", Some((2013, 6, 18))),
            ("Mayday 3, 2013", None),
            ("Rust night", None),
            ("32/13/2019", None),
            ("in May 2013", None),
        ];
        for (text, want) in table {
            let got = match field_date(text) {
                FieldDate::Valid(d) => Some((d.year(), d.month(), d.day())),
                _ => None,
            };
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn a_folder_named_for_a_day_dates_the_file_in_it() {
        let table = [
            ("content/events/2024-12-17/index.md", "2024-12-17"),
            ("_posts/2019-03-06-london.md", "2019-03-06-london.md"),
            ("2019-03-06/2019-04-01-later.md", "2019-04-01-later.md"),
            ("pages/about/index.md", "index.md"),
            ("index.md", "index.md"),
        ];
        for (source, want) in table {
            assert_eq!(dated_name(source), want, "{source}");
        }
        assert_eq!(jekyll_date("2024-12-17"), Some(day(2024, 12, 17)));
        assert_eq!(jekyll_date("2024-12-170"), None);
    }

    #[test]
    fn titles_and_names() {
        assert_eq!(
            month_year("[Photos] [Nov 2018] Cloud Native London"),
            Some((2018, 11))
        );
        assert_eq!(
            month_year("Cloud Native London Sep 2020: Redis"),
            Some((2020, 9))
        );
        assert_eq!(
            month_year("London, March 2019: Controlplane"),
            Some((2019, 3))
        );
        assert_eq!(jekyll_date("2019-03-06-cloud.md"), Some(day(2019, 3, 6)));
        assert_eq!(
            embedded_date("/images/CNL_2021-02-03_Rambly.jpg"),
            Some(day(2021, 2, 3))
        );
    }

    #[test]
    fn next_meetup_years() {
        let mention = day_mentions("will be Wednesday 3rd March, when")[0].1;
        assert_eq!(mention.weekday, Some(Weekday::Wed));
        let (date, warning) = next_meetup_day(mention, EventDate::Day(day(2021, 2, 3))).unwrap();
        assert_eq!((date, warning), (day(2021, 3, 3), None));
        // December post announcing January: the next year.
        let mention = day_mentions("on Tuesday 8 January, and")[0].1;
        let (date, _) = next_meetup_day(
            mention,
            EventDate::Month {
                year: 2018,
                month: 12,
            },
        )
        .unwrap();
        assert_eq!(date, day(2019, 1, 8));
        // No year agrees with the weekday: best guess plus a reason.
        let mention = day_mentions("be Wednesday 5th September, when")[0].1;
        let (date, warning) = next_meetup_day(mention, EventDate::Day(day(2020, 8, 5))).unwrap();
        assert_eq!(date, day(2020, 9, 5));
        assert!(warning.unwrap().contains("weekday"));
    }

    #[test]
    fn offsets() {
        assert_eq!(clock_seconds("31:01"), Some(1861));
        assert_eq!(clock_seconds("1:00:11"), Some(3611));
        assert_eq!(clock_seconds("99:99:99"), None);
        assert_eq!(url_seconds("https://youtu.be/x?t=1861"), Some(1861));
        assert_eq!(
            url_seconds("https://youtube.com/watch?v=x&t=1h2m3s"),
            Some(3723)
        );
        assert_eq!(url_seconds("https://youtu.be/x"), None);
    }
}
