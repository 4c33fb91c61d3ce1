//! What a blog says about its community as a whole, for `emcee init` to write a first
//! `community.toml`: the name (from the site's config, else the words most meetup titles share),
//! the location and venue (from front matter), the usual weekday (from the meetups' days), the
//! usual start time (the earliest time each post gives), and the time zone (the site config's,
//! else the one zone whose city the location, venue or name mentions). Each guess says how sure
//! it is; an unsure one (few witnesses, or a rival nearly as common) is written as a question,
//! never as a value emcee would act on.
//!
//! Titles "Cloud Native London, May 2019 - …", "Cloud Native London June 2019: …" → name
//! "Cloud Native London" (2 of 2 meetup titles); location "London, UK" → `Europe/London`.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::{Corpus, EventDate, Kind, LoadError};

#[path = "infer_site.rs"]
pub mod site;
#[path = "infer_times.rs"]
mod times;
#[path = "infer_write.rs"]
mod write;

pub use site::Site;
use times::times;

/// Fewer witnesses than this leave a value unsure, however they agree.
const FEW: usize = 3;

/// One inferred value and why emcee believes it, or why it could not tell.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess<T> {
    pub value: Option<T>,
    /// "in 31 of 40 meetup titles", "no meetup names a venue".
    pub why: String,
    /// Few or split witnesses: check it before trusting it.
    pub unsure: bool,
}

impl<T> Guess<T> {
    fn none(why: impl Into<String>) -> Guess<T> {
        Guess {
            value: None,
            why: why.into(),
            unsure: true,
        }
    }

    fn found(value: T, why: impl Into<String>, unsure: bool) -> Guess<T> {
        Guess {
            value: Some(value),
            why: why.into(),
            unsure,
        }
    }
}

/// Everything `emcee init` could infer about a community from its blog.
#[derive(Clone, Debug, PartialEq)]
pub struct Inferred {
    /// Posts read (files the corpus loaded).
    pub files: usize,
    /// Meetups among the events.
    pub meetups: usize,
    pub name: Guess<String>,
    pub location: Guess<String>,
    pub venue: Guess<String>,
    pub timezone: Guess<Tz>,
    pub weekday: Guess<Weekday>,
    pub start_time: Guess<NaiveTime>,
}

/// Reads the data dir and infers what it can.
pub fn infer(dir: &Path) -> Result<Inferred, LoadError> {
    let corpus = super::load(dir)?;
    let texts = post_texts(dir);
    Ok(infer_from(&corpus, &texts, &site::site(dir)))
}

/// The inference over a loaded corpus and its posts' raw texts; `site` is what the blog's own
/// config says, which wins. The data dir's folder name is never taken for the name.
pub fn infer_from(corpus: &Corpus, texts: &[String], site: &Site) -> Inferred {
    let meetups: Vec<&super::Event> = corpus
        .events
        .iter()
        .filter(|e| matches!(e.kind, Kind::Meetup | Kind::Announcement))
        .collect();
    let config = site.file.as_deref().unwrap_or("site config");
    let name = match &site.title {
        Some(title) => Guess::found(title.clone(), format!("the title in {config}"), false),
        None if corpus.posts.is_empty() && corpus.events.is_empty() => {
            Guess::none("no posts found in the data dir: is this the blog's posts folder?")
        }
        None => name_from_titles(&meetups)
            .unwrap_or_else(|| Guess::none("no name is shared by the meetup titles")),
    };
    let places: Vec<String> = meetups
        .iter()
        .filter_map(|e| e.location.as_deref())
        .filter_map(place)
        .collect();
    let location = most_common(
        places.iter().map(String::as_str),
        meetups.len(),
        "meetups",
        "no meetup gives a location in its front matter",
    );
    // A location that names no city and is no address ("Harbour Books", "the-loft") is more
    // likely a venue: asked, never written as the place.
    let location = match location.value {
        Some(value) if !value.contains(',') && !names_a_city(&value) => Guess {
            why: format!(
                "{}; it names no city emcee knows and is no address: is it the venue?",
                location.why
            ),
            value: Some(value),
            unsure: true,
        },
        _ => location,
    };
    let venue = most_common(
        meetups.iter().filter_map(|e| e.venue.as_deref()),
        meetups.len(),
        "meetups",
        "no meetup names a venue",
    );
    let venues: Vec<&str> = meetups.iter().filter_map(|e| e.venue.as_deref()).collect();
    let named: Vec<&str> = name.value.as_deref().into_iter().collect();
    let posts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let places: Vec<&str> = places.iter().map(String::as_str).collect();
    let timezone = match (site.timezone, &site.bad_timezone) {
        (Some(zone), _) => Guess::found(zone, format!("the time zone in {config}"), false),
        (None, Some(bad)) => Guess::none(format!(
            "{config} gives timezone \"{bad}\", which is no IANA time zone name"
        )),
        (None, None) => timezone(&[
            ("locations", &places),
            ("venues", &venues),
            ("name", &named),
            ("posts", &posts),
        ]),
    };
    Inferred {
        files: corpus.files_read,
        meetups: meetups.len(),
        weekday: usual_weekday(&meetups),
        start_time: usual_start(texts),
        name,
        location,
        venue,
        timezone,
    }
}

/// Words in a title that say when or what, not who: never the community's name on their own.
const GENERIC: &[&str] = &[
    "and", "annual", "at", "autumn", "edition", "event", "first", "for", "hosted", "in", "meet",
    "meeting", "meetup", "minutes", "monthly", "night", "of", "on", "our", "recap", "roundup",
    "special", "spring", "summer", "talk", "talks", "the", "with", "winter", "workshop",
];

/// The run of capitalised words (1–4, not all generic, no dates) that most meetup titles
/// contain, the longest when longer runs are nearly as common. Sure only when most titles
/// share it and it reads as a name: two words or more besides the generic ones ("Cloud Native
/// London"), or a brand's mixed case ("RiverJS"); one plain word ("Rust", "Elixir
/// Meetup") is as likely the topic as the community, so it is asked.
fn name_from_titles(meetups: &[&super::Event]) -> Option<Guess<String>> {
    let mut counts: HashMap<String, (usize, HashMap<String, usize>)> = HashMap::new();
    for event in meetups {
        let words: Vec<&str> = event
            .title
            .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '|' | '—' | '–'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for start in 0..words.len() {
            for len in 1..=4.min(words.len() - start) {
                let run = &words[start..start + len];
                if !run.iter().all(|w| is_name_word(w))
                    || run
                        .iter()
                        .all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
                    || GENERIC.contains(&run[0].to_lowercase().as_str())
                {
                    continue;
                }
                let text = run.join(" ");
                let key = text.to_lowercase();
                if seen.insert(key.clone()) {
                    let entry = counts.entry(key).or_default();
                    entry.0 += 1;
                    *entry.1.entry(text).or_default() += 1;
                }
            }
        }
    }
    let best = counts.values().map(|(n, _)| *n).max()?;
    if best < 2 {
        return None;
    }
    // Among runs nearly as common as the best, the longest; then the most common.
    let (key, (count, spellings)) = counts
        .iter()
        .filter(|(_, (n, _))| *n * 3 >= best * 2)
        .max_by_key(|(key, (n, _))| (key.split(' ').count(), *n, std::cmp::Reverse(*key)))?;
    let spelling = spellings
        .iter()
        .max_by_key(|(text, n)| (**n, std::cmp::Reverse(*text)))
        .map(|(text, _)| text.clone())
        .unwrap_or_else(|| key.clone());
    let total = meetups.len();
    let own: Vec<&str> = spelling
        .split(' ')
        .filter(|w| !GENERIC.contains(&w.to_lowercase().as_str()))
        .collect();
    let reads_as_a_name = own.len() >= 2 || own.iter().any(|w| is_brand(w));
    let why = if reads_as_a_name {
        format!("in {count} of {total} meetup titles")
    } else {
        format!("in {count} of {total} meetup titles, but one word may be the topic, not the name")
    };
    Some(Guess::found(
        spelling,
        why,
        *count * 2 < total || *count < FEW || !reads_as_a_name,
    ))
}

/// A word in a brand's case: capitals after the first letter ("RiverJS", "LKWUG").
fn is_brand(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

/// A word that can be part of a name: starts with a capital letter or is all letters in a
/// mixed-case brand ("RiverJS"), and is not a month, weekday or a number.
fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    first.is_uppercase()
        && !word.chars().any(|c| c.is_ascii_digit())
        && super::dates::month_number(word).is_none()
        && super::dates::weekday(word).is_none()
}

/// The most common of `values` (case and spacing aside), with how many of `total` say so.
fn most_common<'a>(
    values: impl Iterator<Item = &'a str>,
    total: usize,
    what: &str,
    nothing: &str,
) -> Guess<String> {
    let mut counts: HashMap<String, (usize, &'a str)> = HashMap::new();
    let mut given = 0;
    for value in values.map(str::trim).filter(|v| !v.is_empty()) {
        given += 1;
        let key = value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let entry = counts.entry(key).or_insert((0, value));
        entry.0 += 1;
    }
    let mut ranked: Vec<&(usize, &str)> = counts.values().collect();
    ranked.sort_by_key(|(n, v)| (std::cmp::Reverse(*n), *v));
    match ranked.as_slice() {
        [] => Guess::none(nothing),
        [(1, value), ..] => Guess::none(format!(
            "no two {what} agree (one of {given} that give one says \"{value}\")"
        )),
        [(n, value), rest @ ..] => {
            let rival = rest.first().map(|(m, _)| *m).unwrap_or(0);
            Guess::found(
                (*value).to_owned(),
                format!(
                    "in {n} of {total} {what} ({given} give one){}",
                    rivalry(rival, *n, rest.first().map(|(_, v)| *v))
                ),
                *n * 2 < given || *n < FEW || rival * 3 > *n * 2,
            )
        }
    }
}

/// ", and 9 say \"19:00\"" when a rival value has more than two thirds of the best's witnesses.
fn rivalry(rival: usize, best: usize, value: Option<&str>) -> String {
    match value {
        Some(value) if rival * 3 > best * 2 => format!(", but {rival} say \"{value}\""),
        _ => String::new(),
    }
}

/// The weekday most meetups with a day fall on.
fn usual_weekday(meetups: &[&super::Event]) -> Guess<Weekday> {
    let mut counts = [0usize; 7];
    for event in meetups {
        if let EventDate::Day(day) = event.date {
            counts[day.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    let with_day: usize = counts.iter().sum();
    let Some((index, &n)) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .filter(|(_, n)| **n > 0)
    else {
        return Guess::none("no meetup has a day");
    };
    let day = Weekday::try_from(index as u8).unwrap_or(Weekday::Mon);
    Guess::found(
        day,
        format!("{n} of {with_day} meetups with a day"),
        n * 2 < with_day || n < FEW,
    )
}

/// The earliest time of day each post gives (doors, the start), most common across posts.
fn usual_start(texts: &[String]) -> Guess<NaiveTime> {
    let mut counts: HashMap<NaiveTime, usize> = HashMap::new();
    let mut posts = 0;
    for text in texts {
        if let Some(time) = times(text).into_iter().min() {
            posts += 1;
            *counts.entry(time).or_default() += 1;
        }
    }
    let mut ranked: Vec<(NaiveTime, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|(t, n)| (std::cmp::Reverse(*n), *t));
    match ranked.as_slice() {
        [] => Guess::none("no post gives a time of day"),
        [(time, 1), ..] => Guess::none(format!(
            "no two posts agree (the earliest time of one of {posts} is {})",
            time.format("%H:%M")
        )),
        [(time, n), rest @ ..] => {
            let rival = rest.first().map(|(_, m)| *m).unwrap_or(0);
            let rival_time = rest.first().map(|(t, _)| t.format("%H:%M").to_string());
            Guess::found(
                *time,
                format!(
                    "the earliest time in {n} of {posts} posts that give one{}",
                    rivalry(rival, *n, rival_time.as_deref())
                ),
                *n * 2 < posts || *n < FEW || rival * 3 > *n * 2,
            )
        }
    }
}

/// The city in a place as written: an address keeps its last part without numbers
/// ("Harbour Street 4, 1050 Lisbon" → "Lisbon"); a place without numbers stays whole
/// ("Lisbon, Portugal").
fn place(text: &str) -> Option<String> {
    let text = text.trim();
    if NOT_PLACES.contains(&text.to_lowercase().as_str()) {
        return None;
    }
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return (!text.is_empty()).then(|| text.to_owned());
    }
    text.split(',')
        .map(|part| {
            part.split_whitespace()
                .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .rfind(|part| !part.is_empty() && part.chars().count() > 2)
}

/// What a meetup's location says when it is no place.
const NOT_PLACES: &[&str] = &[
    "online", "virtual", "remote", "zoom", "internet", "youtube", "tba", "tbd", "tbc", "n/a",
];

/// Software named like a zone's city ("Phoenix" the web framework, "Cairo" the graphics
/// library): in prose, a venue or a name it is the software, not the place; a location field
/// ("Phoenix, AZ") still counts.
const SOFTWARE_NAMED_LIKE_CITIES: &[&str] = &[
    "phoenix",
    "cairo",
    "darwin",
    "jakarta",
    "lima",
    "casablanca",
    "santiago",
    "denver",
    "dublin",
    "vienna",
    "sofia",
    "nashville",
    "havana",
    "halifax",
];

/// Whether a place names the city of a time zone ("Lisbon", "New York").
fn names_a_city(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    chrono_tz::TZ_VARIANTS.iter().any(|tz| {
        tz.name().split_once('/').is_some_and(|(area, city)| {
            let city: Vec<String> = city.split('_').map(str::to_lowercase).collect();
            ZONE_AREAS.contains(&area) && words.windows(city.len()).any(|w| w == city.as_slice())
        })
    })
}

/// The time zone whose city the texts of one source name most often, trying each source in
/// turn (`("locations", [...])`, then venues, then the name, then the posts themselves, where
/// a city must be named in a fifth of them); a tie between zones, or no zone's city named at
/// all, leaves a question instead.
fn timezone(sources: &[(&str, &[&str])]) -> Guess<Tz> {
    let cities: Vec<(Tz, Vec<String>)> = chrono_tz::TZ_VARIANTS
        .iter()
        .filter_map(|tz| {
            let (area, city) = tz.name().split_once('/')?;
            (ZONE_AREAS.contains(&area) && !city.contains('/'))
                .then(|| (*tz, city.split('_').map(str::to_lowercase).collect()))
        })
        .collect();
    for (what, texts) in sources {
        let mut counts: Vec<(Tz, usize)> = Vec::new();
        for text in *texts {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            for (tz, city) in &cities {
                let software = *what != "locations"
                    && city.len() == 1
                    && SOFTWARE_NAMED_LIKE_CITIES.contains(&city[0].as_str());
                if !software && words.windows(city.len()).any(|w| w == city.as_slice()) {
                    match counts.iter_mut().find(|(t, _)| t == tz) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((*tz, 1)),
                    }
                }
            }
        }
        counts.sort_by_key(|(tz, n)| (std::cmp::Reverse(*n), tz.name()));
        // Posts name many places in passing: a city counts when a fifth of them name it.
        if *what == "posts" {
            counts.retain(|(_, n)| n * 5 >= texts.len());
        }
        match counts.as_slice() {
            [] => {}
            [(zone, n)] | [(zone, n), ..] if counts.get(1).is_none_or(|(_, m)| m < n) => {
                return Guess::found(
                    *zone,
                    format!(
                        "its city is named in {n} of the {} {what} that give one, and no \
                         other zone's city is named as often",
                        texts.len()
                    ),
                    matches!(*what, "name" | "posts") || *n < FEW || *n * 2 < texts.len(),
                );
            }
            tied => {
                let names: Vec<&str> = tied.iter().map(|(z, _)| z.name()).collect();
                return Guess::none(format!(
                    "the {what} name the cities of several zones as often: {}",
                    names.join(", ")
                ));
            }
        }
    }
    Guess::none("no location, venue or name mentions a time zone's city")
}

/// The continents and oceans of the IANA zone names, whose second part is a city.
const ZONE_AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// The raw text of every post under `dir` (Markdown, HTML or text) within the loader's size
/// limit, for the start-time guess.
fn post_texts(dir: &Path) -> Vec<String> {
    let limit = super::LoadOptions::default().max_file_bytes;
    let (files, _) = super::load::data_files(dir);
    files
        .into_iter()
        .filter(|(_, path)| {
            path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                ["md", "markdown", "txt", "html"].contains(&x.to_ascii_lowercase().as_str())
            })
        })
        .filter(|(_, path)| std::fs::metadata(path).is_ok_and(|m| m.len() <= limit))
        .filter_map(|(_, path)| std::fs::read(path).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

#[cfg(test)]
#[path = "infer_tests.rs"]
mod tests;
