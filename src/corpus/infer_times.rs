//! The times of day a post gives as the meetup's: "Doors at 18:30", "from 6.30pm", an agenda's
//! "- 19:15 Lightning talks". Never a place in a recording: a chapter list ("00:00 Intro",
//! "12:40 Demo"), a link ("[12:34](https://youtu.be/x?t=754)") or a "(starting at 12:34)".
//!
//! `times("Doors open at 18:30, first talk at 19:00.")` → `[18:30, 19:00]`.

use chrono::{NaiveTime, Timelike};

/// Times of day a text gives as such, between 07:00 and 22:59: "6.30pm", "7 pm", or a 24-hour
/// "18:30" that begins a line (an agenda), starts a range ("18:30–21:00") or follows a word
/// such as "at", "from" or "doors".
pub(super) fn times(text: &str) -> Vec<NaiveTime> {
    static TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b([01]?\d|2[0-3])(?:([:.])([0-5]\d))?\s*(am\b|pm\b|a\.m\.|p\.m\.)?(\s*[-–—]\s*\d)?",
        )
        .expect("the time pattern compiles")
    });
    let chapters = chapter_lines(text);
    let mut found = Vec::new();
    for caps in TIME.captures_iter(text) {
        let (Some(whole), Some(hour)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let before = &text[..whole.start()];
        // "00pm" in "6:00 - 8:00pm" is the end of the range's last time, not a time.
        let inside_another = before.ends_with([':', '.'])
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit());
        if inside_another || in_chapters(&chapters, whole.start()) || in_link_or_offset(before) {
            continue;
        }
        let separator = caps.get(2).map(|m| m.as_str());
        let minute = caps.get(3).and_then(|m| m.as_str().parse::<u32>().ok());
        let suffix = caps.get(4).map(|m| m.as_str().to_lowercase());
        let Ok(mut hour) = hour.as_str().parse::<u32>() else {
            continue;
        };
        // "1:02:03" is a place in a recording, hours:minutes:seconds.
        let minutes_end = caps.get(3).map_or(whole.end(), |m| m.end());
        if separator == Some(":") && text[minutes_end..].starts_with(':') {
            continue;
        }
        let given_as_time = match (&suffix, separator) {
            (Some(_), _) => true,
            // "18.30" without am/pm is as often a date or a version as a time.
            (None, Some(":")) => starts_line(before) || caps.get(5).is_some() || cue_before(before),
            _ => false,
        };
        // "17:20 into the video" is a place in a recording.
        let after = text[whole.end()..].trim_start();
        if !given_as_time || after.starts_with("into ") || after.starts_with("in the video") {
            continue;
        }
        // "6:30 - 8:30pm": the range's "pm" holds for its start too.
        let range_pm = caps.get(5).is_some() && suffix.is_none() && {
            let end = &text[caps.get(5).map_or(whole.end(), |m| m.end() - 1)..];
            let digits: String = end.chars().take_while(char::is_ascii_digit).collect();
            let rest = end.to_lowercase();
            let rest = rest
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.')
                .trim_start();
            let end_hour = digits.parse::<u32>().unwrap_or(99);
            (rest.starts_with("pm") || rest.starts_with("p.m."))
                && end_hour < 12
                && hour <= end_hour
        };
        match suffix.as_deref() {
            _ if range_pm && hour < 12 => hour += 12,
            Some("pm" | "p.m.") if hour < 12 => hour += 12,
            Some("am" | "a.m.") if hour == 12 => hour = 0,
            _ => {}
        }
        if let Some(time) = NaiveTime::from_hms_opt(hour, minute.unwrap_or(0), 0) {
            found.push(time);
        }
    }
    found.retain(|t| (7..23).contains(&t.hour()));
    found
}

/// The byte ranges of the lines of a recording's chapter list: a run of lines that begin with
/// a time, when one of them cannot be a time of day ("00:00", "45:10", "1:02:03") or the line
/// before the run speaks of a recording ("Chapters:", "Timestamps", "the video").
fn chapter_lines(text: &str) -> Vec<(usize, usize)> {
    static LEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[\s\-*+>|]*\(?\[?(\d{1,2}):(\d{2})(:\d{2})?\b")
            .expect("the chapter pattern compiles")
    });
    const RECORDING: &[&str] = &[
        "chapter",
        "timestamp",
        "time stamp",
        "video",
        "recording",
        "youtube",
        "timeline",
    ];
    let mut ranges = Vec::new();
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut run_is_chapters = false;
    let mut previous = "";
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let range = (offset, offset + line.len());
        offset += line.len();
        match LEAD.captures(line) {
            Some(caps) => {
                if run.is_empty() {
                    let lead = previous.to_lowercase();
                    run_is_chapters = RECORDING.iter().any(|w| lead.contains(w));
                }
                let hour: u32 = caps[1].parse().unwrap_or(99);
                run_is_chapters |= caps.get(3).is_some() || !(7..24).contains(&hour);
                run.push(range);
            }
            None => {
                if run_is_chapters {
                    ranges.append(&mut run);
                }
                run.clear();
                if !line.trim().is_empty() {
                    previous = line;
                }
            }
        }
    }
    if run_is_chapters {
        ranges.append(&mut run);
    }
    ranges
}

fn in_chapters(ranges: &[(usize, usize)], at: usize) -> bool {
    ranges
        .iter()
        .any(|(start, end)| (*start..*end).contains(&at))
}

/// Whether a time stands inside a link's text or address, or in a parenthesis that points
/// into a recording ("(starting at 12:34)", "(skip to 41:10)").
fn in_link_or_offset(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let unclosed_bracket = match (line.rfind('['), line.rfind(']')) {
        (Some(open), Some(close)) => open > close,
        (open, _) => open.is_some(),
    };
    if unclosed_bracket {
        return true;
    }
    let word = line.rsplit(char::is_whitespace).next().unwrap_or("");
    if word.contains("://") || word.contains("?t=") || word.contains("&t=") {
        return true;
    }
    let Some(open) = line.rfind('(') else {
        return false;
    };
    if line[open..].contains(')') {
        return false;
    }
    let inside = line[open + 1..].trim_start().to_lowercase();
    [
        "starting",
        "starts",
        "skip",
        "jump",
        "watch",
        "video",
        "recording",
        "from minute",
        "at minute",
    ]
    .iter()
    .any(|w| inside.starts_with(w))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times_are_read_in_the_usual_spellings_and_never_from_recordings() {
        let cases: &[(&str, &[(u32, u32)])] = &[
            (
                "Doors open at 18:30, first talk at 19:00.",
                &[(18, 30), (19, 0)],
            ),
            ("We start at 6.30pm sharp", &[(18, 30)]),
            ("from 7 pm until late", &[(19, 0)]),
            ("18:30 - 21:00 in the big room", &[(18, 30)]),
            // The range's "pm" is its start's too; "00pm" is no time of its own.
            ("when: May 9th from 6:30 - 8:30pm", &[(18, 30)]),
            ("from 6:00 - 8:00pm", &[(18, 0)]),
            ("from 10:00 - 12:00pm", &[(10, 0)]),
            ("- 19:15 Lightning talks", &[(19, 15)]),
            (
                "Doors 18:00\n18:30 First talk\n19:15 Second talk",
                &[(18, 0), (18, 30), (19, 15)],
            ),
            ("Published 2019.05.04, 12 attendees, room 101", &[]),
            ("an early run at 06:15, and a last train at 23:30", &[]),
            ("her demo (starting 17:20 into the video) and his", &[]),
            ("the second talk begins 17:20 into the recording", &[]),
            ("watch from minute 12:40 of the recording", &[]),
            // A recording's offsets, written the ways posts write them.
            ("Then Kim on queues (starting at 12:34).", &[]),
            (
                "Then Kim on queues (starting at [12:34](https://youtu.be/x?t=754)).",
                &[],
            ),
            (
                "[Queues at scale](https://youtu.be/x?t=1146)(starting at 19:06)",
                &[],
            ),
            ("jump in at [19:06](https://youtu.be/x?t=1146)", &[]),
            ("the panel (skip to 20:15) was lively", &[]),
            ("the whole evening is at 1:02:03 in the stream", &[]),
            // Chapter lists: one line that cannot be a time of day, or a heading that says so.
            ("00:00 Welcome\n04:30 The demo\n07:10 Questions", &[]),
            ("12:10 First talk\n19:45 Second talk\n45:30 Questions", &[]),
            ("Chapters:\n12:10 First talk\n19:45 Second talk", &[]),
            ("Video timestamps\n- 18:02 Intro\n- 19:40 Panel", &[]),
            // A time in parentheses that is not a recording's is a time.
            ("the social (doors at 18:30) follows", &[(18, 30)]),
        ];
        for (text, expected) in cases {
            let got: Vec<(u32, u32)> = times(text).iter().map(|t| (t.hour(), t.minute())).collect();
            assert_eq!(got, *expected, "{text}");
        }
    }
}
