//! What a blog says about its community as a whole, for `emcee init` to write a first
//! `community.toml`: the name (from the site's config, else the words most meetup titles share),
//! the location and venue (from front matter), the usual weekday (from the meetups' days), the
//! usual start time (the earliest time each post gives), and the time zone (the one zone whose
//! city the location, venue or name mentions). Each guess says how sure it is.
//!
//! Titles "Cloud Native London, May 2019 - …", "Cloud Native London June 2019: …" → name
//! "Cloud Native London" (2 of 2 meetup titles); location "London, UK" → `Europe/London`.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::{Corpus, EventDate, Kind, LoadError};

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
    Ok(infer_from(
        &corpus,
        &texts,
        site_title(dir),
        folder_name(dir),
    ))
}

/// The inference over a loaded corpus and its posts' raw texts; `site_title` is the `title` of
/// the blog's own config when there is one, `folder` the data dir's name.
pub fn infer_from(
    corpus: &Corpus,
    texts: &[String],
    site_title: Option<String>,
    folder: Option<String>,
) -> Inferred {
    let meetups: Vec<&super::Event> = corpus
        .events
        .iter()
        .filter(|e| matches!(e.kind, Kind::Meetup | Kind::Announcement))
        .collect();
    let name = match site_title {
        Some(title) => Guess::found(title, "the title in the blog's site config", false),
        None => name_from_titles(&meetups).unwrap_or_else(|| match folder {
            Some(folder) => Guess::found(
                folder,
                "no name is shared by the meetup titles; this is the data dir's folder name",
                true,
            ),
            None => Guess::none("no name is shared by the meetup titles"),
        }),
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
    let timezone = timezone(&[
        ("locations", &places),
        ("venues", &venues),
        ("name", &named),
        ("posts", &posts),
    ]);
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
/// contain, the longest when longer runs are nearly as common.
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
    Some(Guess::found(
        spelling,
        format!("in {count} of {total} meetup titles"),
        *count * 2 < total,
    ))
}

/// A word that can be part of a name: starts with a capital letter or is all letters in a
/// mixed-case brand ("CopenhagenJS"), and is not a month, weekday or a number.
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
    match counts
        .values()
        .max_by_key(|(n, v)| (*n, std::cmp::Reverse(*v)))
    {
        None => Guess::none(nothing),
        Some((1, value)) => Guess::none(format!(
            "no two {what} agree (one of {given} that give one says \"{value}\")"
        )),
        Some((n, value)) => Guess::found(
            (*value).to_owned(),
            format!("in {n} of {total} {what} ({given} give one)"),
            *n * 2 < given || *n < 2,
        ),
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
        n * 2 < with_day || n < 3,
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
    match counts
        .iter()
        .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
    {
        None => Guess::none("no post gives a time of day"),
        Some((time, 1)) => Guess::none(format!(
            "no two posts agree (the earliest time of one of {posts} is {})",
            time.format("%H:%M")
        )),
        Some((time, n)) => Guess::found(
            *time,
            format!("the earliest time in {n} of {posts} posts that give one"),
            *n * 2 < posts || *n < 2,
        ),
    }
}

/// Times of day a text gives as such, between 07:00 and 22:59: "6.30pm", "7 pm", or a 24-hour
/// "18:30" that begins a line (an agenda), starts a range ("18:30–21:00") or follows a word
/// such as "at", "from" or "doors" — not a bare "31:01" offset into a recording or a date.
fn times(text: &str) -> Vec<NaiveTime> {
    static TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b([01]?\d|2[0-3])(?:([:.])([0-5]\d))?\s*(am\b|pm\b|a\.m\.|p\.m\.)?(\s*[-–—]\s*\d)?",
        )
        .expect("the time pattern compiles")
    });
    let mut found = Vec::new();
    for caps in TIME.captures_iter(text) {
        let (Some(whole), Some(hour)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let separator = caps.get(2).map(|m| m.as_str());
        let minute = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok());
        let suffix = caps.get(4).map(|m| m.as_str().to_lowercase());
        let Ok(mut hour) = hour.as_str().parse::<u32>() else {
            continue;
        };
        let line_start = separator == Some(":") && starts_line(&text[..whole.start()]);
        let given_as_time = match (&suffix, separator) {
            (Some(_), _) => true,
            // "18.30" without am/pm is as often a date or a version as a time.
            (None, Some(":")) => {
                line_start || caps.get(5).is_some() || cue_before(&text[..whole.start()])
            }
            _ => false,
        };
        // "17:20 into the video" is a place in a recording.
        let after = text[whole.end()..].trim_start();
        if !given_as_time || after.starts_with("into ") || after.starts_with("in the video") {
            continue;
        }
        match suffix.as_deref() {
            Some("pm" | "p.m.") if hour < 12 => hour += 12,
            Some("am" | "a.m.") if hour == 12 => hour = 0,
            _ => {}
        }
        if let Some(time) = NaiveTime::from_hms_opt(hour, minute.unwrap_or(0), 0) {
            found.push((time, line_start));
        }
    }
    // Lines that begin "00:00 Intro", "04:12 Demo" are a recording's chapters, not an agenda.
    let chapters = found
        .iter()
        .any(|(t, line_start)| *line_start && chrono::Timelike::hour(t) < 7);
    found
        .into_iter()
        .filter(|(_, line_start)| !(chapters && *line_start))
        .map(|(t, _)| t)
        .filter(|t| (7..23).contains(&chrono::Timelike::hour(t)))
        .collect()
}

/// Whether a time begins its line (after a bullet or a table bar): an agenda's line.
fn starts_line(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    line.trim_start_matches(|c: char| c.is_whitespace() || "-*+#>|".contains(c))
        .is_empty()
}

/// Whether the word just before a time introduces it: "at", "from", "doors", "starts", ….
fn cue_before(before: &str) -> bool {
    const CUES: &[&str] = &[
        "at", "begin", "begins", "doors", "from", "kick", "off", "open", "opens", "start",
        "starting", "starts", "time",
    ];
    let line = before.rsplit('\n').next().unwrap_or("");
    line.split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| CUES.contains(&w.to_lowercase().as_str()))
}

/// The city in a place as written: an address keeps its last part without numbers
/// ("Harbour Street 4, 1050 Lisbon" → "Lisbon"); a place without numbers stays whole
/// ("Lisbon, Portugal").
fn place(text: &str) -> Option<String> {
    let text = text.trim();
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
                if words.windows(city.len()).any(|w| w == city.as_slice()) {
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
                    matches!(*what, "name" | "posts"),
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

/// The `title` of a Jekyll (`_config.yml`) or Hugo (`hugo.toml`, `config.toml`) site whose
/// root is the data dir.
fn site_title(dir: &Path) -> Option<String> {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let title = read("_config.yml")
        .and_then(|text| serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text).ok())
        .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_owned))
        .or_else(|| {
            ["hugo.toml", "config.toml"].iter().find_map(|name| {
                let value: toml::Value = toml::from_str(&read(name)?).ok()?;
                value.get("title")?.as_str().map(str::to_owned)
            })
        })?;
    let title = title.trim().to_owned();
    (!title.is_empty()).then_some(title)
}

/// The data dir's own name, "My Blog" for `my-blog`, unless it is a generic one.
fn folder_name(dir: &Path) -> Option<String> {
    let full = dir.canonicalize().ok()?;
    let name = full.file_name()?.to_string_lossy().into_owned();
    if ["data", "content", "_posts", "posts", "blog", "site", "src"].contains(&name.as_str()) {
        return None;
    }
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Inferred {
    /// A commented `community.toml`: each value with how sure emcee is, the unsure and the
    /// unknown ones as questions in comments.
    pub fn community_toml(&self, source: &str) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# community.toml, written by `emcee init` from {} files in {source} ({} meetups).\n\
             # Each value says where it came from; check the ones marked \"check\", answer the\n\
             # questions, and run `emcee check` again. Keys: name, timezone, location, venue,\n\
             # start_time, events_url, and [aliases] for names no rule can merge.\n\n",
            self.files, self.meetups
        ));
        let quoted = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let mut entry =
            |key: &str, value: Option<String>, why: &str, unsure: bool, ask: &str| match value {
                Some(value) => {
                    let mark = if unsure { " (check)" } else { "" };
                    out.push_str(&format!("# {why}{mark}\n{key} = {value}\n\n"));
                }
                None => out.push_str(&format!("# {ask}: {why}.\n# {key} = \n\n")),
            };
        entry(
            "name",
            Some(
                self.name
                    .value
                    .as_deref()
                    .map_or_else(|| quoted("Our community"), quoted),
            ),
            &format!(
                "Name: {}",
                if self.name.value.is_some() {
                    self.name.why.clone()
                } else {
                    format!(
                        "{}; a placeholder, please name your community",
                        self.name.why
                    )
                }
            ),
            self.name.unsure,
            "",
        );
        entry(
            "timezone",
            self.timezone.value.map(|tz| quoted(tz.name())),
            &format!("Time zone: {}", self.timezone.why),
            self.timezone.unsure,
            "Which time zone do you meet in (an IANA name such as \"Europe/London\")? Until \
             it is set, times are in UTC",
        );
        entry(
            "location",
            self.location.value.as_deref().map(quoted),
            &format!("Location: {}", self.location.why),
            self.location.unsure,
            "Where do you meet (a city)?",
        );
        entry(
            "venue",
            self.venue.value.as_deref().map(quoted),
            &format!("Usual venue: {}", self.venue.why),
            self.venue.unsure,
            "Where do most meetups take place (a default venue)?",
        );
        entry(
            "start_time",
            self.start_time
                .value
                .map(|t| quoted(&t.format("%H:%M").to_string())),
            &format!("Usual start time: {}", self.start_time.why),
            self.start_time.unsure,
            "When do meetups start (such as \"18:30\")?",
        );
        match self.weekday.value {
            Some(day) => out.push_str(&format!(
                "# Meets on {}s: {}{}. emcee reads this from the posts (no key to set); it \
                 settles dates whose weekday and day disagree.\n",
                super::dates::weekday_name(day),
                self.weekday.why,
                if self.weekday.unsure {
                    ", not a clear habit"
                } else {
                    ""
                }
            )),
            None => out.push_str(&format!("# Usual weekday: {}.\n", self.weekday.why)),
        }
        out
    }
}

#[cfg(test)]
#[path = "infer_tests.rs"]
mod tests;
