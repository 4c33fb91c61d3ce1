//! When a post happened, from every piece of evidence it carries: the front matter `date`, the
//! Jekyll file name, "Month YYYY" in the title, dates inside image and video names, years in
//! tags and text. A date that cannot be right is corrected only when other evidence agrees.
//!
//! `date = "3018-05-16"` in a post titled "… 2018 Europe" → `2018-05-16`, with a warning.

use chrono::{Datelike, NaiveDate};

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
