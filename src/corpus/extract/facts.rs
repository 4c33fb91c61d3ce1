//! Event facts around the talks: sponsors, hosts, venue, and the next meetup's day, companies
//! and RSVP link.
//!
//! `"thanks to our sponsors [StorageOS](https://storageos.com/) and [Pusher](https://pusher.com/)"`
//! → two sponsors; `"The next meetup is on Wednesday 3rd April, and joining us are speakers from
//! Airbus, Bristol University and Component Soft. [RSVP …](url)"` → a next meetup.

use crate::corpus::dates::{DayMention, day_mentions, month_number};
use crate::corpus::markdown::Plain;
use crate::corpus::model::Sponsor;

use super::lexicon::{SPONSOR_CUES, VENUE_CUES};
use super::names::{is_name_word, looks_like_full_name, org_after};

/// A cheap test on a lowercased paragraph before looking for sponsors sentence by sentence.
pub fn may_thank_sponsors(lower: &str) -> bool {
    SPONSOR_CUES.iter().any(|c| lower.contains(c))
}

/// A cheap test on a lowercased paragraph before looking for a venue sentence by sentence.
pub fn may_name_venue(lower: &str) -> bool {
    lower.contains("hosted us")
        || lower.contains("hosting us")
        || VENUE_CUES.iter().any(|c| lower.contains(c))
}

/// The sponsors a sentence thanks, in order; empty when it thanks no sponsors.
pub fn sponsors_in(plain: &Plain, sentence: std::ops::Range<usize>) -> Vec<Sponsor> {
    let text = &plain.text[sentence.clone()];
    let lower = text.to_ascii_lowercase();
    let cue = SPONSOR_CUES.iter().filter_map(|c| lower.find(c)).min();
    let Some(cue) = cue else {
        return Vec::new();
    };
    if lower.contains("hosted us") || lower.contains("venue") || lower.contains("speaker") {
        return Vec::new();
    }
    // The thanked list ends where the sentence turns to the place: "… and everything took
    // place at [Initech]".
    let list_end = [" took place", " was held", " held at", " and everything"]
        .iter()
        .filter_map(|c| lower[cue..].find(c).map(|i| cue + i))
        .min()
        .unwrap_or(text.len());
    let links: Vec<Sponsor> = plain
        .links_in(sentence.start + cue..sentence.start + list_end)
        .filter_map(|l| {
            let name = plain.text[l.range()]
                .trim()
                .trim_end_matches(['.', ','])
                .trim();
            // A handle credited for something ("@studio") or a person thanked for organising.
            let after = plain.text[l.end..sentence.end].to_ascii_lowercase();
            let before = plain.text[sentence.start..l.start].to_ascii_lowercase();
            let person = super::lexicon::is_profile_url(&l.url)
                || ["organizer", "organiser", "member"]
                    .iter()
                    .any(|w| before.trim_end().ends_with(w));
            if name.starts_with('@') || after.starts_with(" for organi") || person {
                return None;
            }
            let plausible = !name.is_empty()
                && name.chars().count() <= 60
                && !matches!(
                    name.to_lowercase().as_str(),
                    "here" | "this" | "link" | "sponsors"
                );
            plausible.then(|| Sponsor {
                name: name.to_owned(),
                url: Some(l.url.clone()),
            })
        })
        .collect();
    if !links.is_empty() || !lower.contains("sponsors") {
        return links;
    }
    // "Thanks to our sponsors, StorageOS, Sainsbury's, the CNCF and Tecknuovo, plus …"
    let start = lower.find("sponsors").map_or(0, |i| i + "sponsors".len());
    let list = &text[start..];
    let list = list.split(", plus").next().unwrap_or(list);
    let list = list.split(" for ").next().unwrap_or(list);
    list.trim_start_matches([',', ':', ' '])
        .trim_end_matches(['.', '!'])
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_start_matches("the ").trim())
        .filter(|name| {
            name.chars().next().is_some_and(char::is_uppercase) && name.split(' ').count() <= 4
        })
        .map(|name| Sponsor {
            name: name.to_owned(),
            url: None,
        })
        .collect()
}

/// People named after "hosted by", with the organisation of their role when written as
/// "hosted by Cheryl Hung, Director of Ecosystem at the CNCF".
pub fn hosts_in(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (at, cue) in text.match_indices("hosted by ") {
        let start = at + cue.len();
        let words: Vec<&str> = text[start..].split(' ').take(5).collect();
        let mut name_words = Vec::new();
        for word in words {
            let bare = word.trim_end_matches([',', '.', '!', ';', ':']);
            if !is_name_word(bare) {
                break;
            }
            name_words.push(bare);
            if bare.len() < word.len() {
                break;
            }
        }
        let name = name_words.join(" ");
        if !looks_like_full_name(&name) {
            continue;
        }
        let after = start + text[start..].find(&name).unwrap_or(0) + name.len();
        let role_org = text[after..]
            .strip_prefix(", ")
            .and_then(|role| {
                let role_end = role.find(['.', ';']).unwrap_or(role.len());
                let at = role[..role_end].rfind(" at ")?;
                let org_start = after + 2 + at + 4;
                org_after(text, org_start).map(|r| text[r].to_owned())
            })
            .or_else(|| {
                text[after..]
                    .strip_prefix(" from ")
                    .and_then(|_| org_after(text, after + 6))
                    .map(|r| text[r].to_owned())
            });
        out.push((name, role_org));
    }
    out
}

/// The venue a sentence names: "hosted us at their venue", "the room at Codenode",
/// "we'll be hosted by Monzo", "sign up directly with CodeNode".
pub fn venue_in(plain: &Plain, sentence: std::ops::Range<usize>) -> Option<String> {
    let text = &plain.text[sentence.clone()];
    let lower = text.to_ascii_lowercase();
    if (lower.contains("hosted us") || lower.contains("hosting us"))
        && let Some(link) = plain.links_in(sentence.clone()).next()
    {
        return Some(plain.text[link.range()].to_owned());
    }
    for cue in VENUE_CUES {
        let Some(at) = lower.find(cue) else { continue };
        let start = at + cue.len();
        let Some(range) = org_after(text, start) else {
            continue;
        };
        let name = &text[range];
        // A person hosting the evening is a host, not a venue.
        if *cue == "hosted by " && looks_like_full_name(name) {
            continue;
        }
        if name.chars().next().is_some_and(char::is_uppercase) {
            return Some(name.to_owned());
        }
    }
    None
}

/// What a next-meetup paragraph announces.
#[derive(Debug, Default)]
pub struct NextMeetup {
    pub day: Option<(DayMention, usize)>,
    /// When only the month is known ("[the next event in August](…)").
    pub month: Option<u32>,
    pub companies: Vec<String>,
    pub rsvp_url: Option<String>,
    pub venue: Option<String>,
}

static NEXT_MEETUP_CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)next (?:meetup|event|cloud native)|join us at the next|upcoming meetup|see you in",
    )
    .expect("valid regex")
});

/// A cheap test on a whole post: could it announce a next meetup anywhere?
pub fn may_announce_next_meetup(text: &str) -> bool {
    NEXT_MEETUP_CUE.is_match(text)
}

/// Whether a paragraph talks about the next meetup.
pub fn mentions_next_meetup(lower: &str) -> bool {
    [
        "next meetup",
        "next event",
        "join us at the next",
        "next cloud native",
        "upcoming meetup",
    ]
    .iter()
    .any(|cue| lower.contains(cue))
        || next_then_meetup(lower)
        || ["join us this month", "join us next", "join us again"]
            .iter()
            .any(|cue| lower.contains(cue))
}

/// "our next quarterly meetup", "the next community meeting": "next" and a meetup word within three
/// words.
fn next_then_meetup(lower: &str) -> bool {
    lower.match_indices("next ").any(|(at, _)| {
        lower[at + 5..]
            .split_whitespace()
            .take(3)
            .any(|w| matches!(w.trim_matches([',', '.']), "meetup" | "meeting" | "event"))
    })
}

/// Rule `month_from_heading`: a day written without its month ("Wednesday 5th") under a
/// heading that ends with a month ("## Our meetup in May") is that day of that month.
///
/// - ("Wednesday 5th, speakers from Acme.", "Meetups in May") → 5 May, a Wednesday
/// - ("Join us on Thursday the 12th!", "Next: June") → 12 June, a Thursday
/// - ("Wednesday 5th", "Photos") → nothing: no month
fn day_under_heading(text: &str, heading: Option<&str>) -> Option<DayMention> {
    static WEEKDAY_DAY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b",
        )
        .expect("valid regex")
    });
    let last = heading?.trim().rsplit(' ').next()?.to_lowercase();
    let month = (last.len() >= 3).then(|| month_number(&last)).flatten()?;
    let caps = WEEKDAY_DAY.captures(text)?;
    let day: u32 = caps.get(2)?.as_str().parse().ok()?;
    (1..=31).contains(&day).then(|| DayMention {
        weekday: caps
            .get(1)
            .and_then(|w| crate::corpus::dates::weekday(w.as_str())),
        day,
        month,
        year: None,
    })
}

/// Reads a next-meetup paragraph; `line` is where it starts, for warnings; `heading` the
/// heading right above it, whose month a day written without one takes.
pub fn next_meetup(
    plain: &Plain,
    sentences: &[std::ops::Range<usize>],
    line: usize,
    heading: Option<&str>,
) -> NextMeetup {
    let text = &plain.text;
    let lower = text.to_ascii_lowercase();
    let cue = [
        "next meetup",
        "next event",
        "next monthly",
        "join us",
        "next cloud native",
        "upcoming meetup",
    ]
    .iter()
    .filter_map(|c| lower.find(c))
    .min()
    .unwrap_or(0);
    let mut next = NextMeetup {
        day: day_mentions(&text[cue..])
            .into_iter()
            .find(|(range, _)| {
                // Rule `another_events_day`: "the next event is Widget Conference on 20 May".
                let (start, end) = (cue + range.start, cue + range.end);
                let from = lower[..start].rfind(". ").map_or(0, |i| i + 2);
                let to = lower[end..].find(". ").map_or(lower.len(), |i| end + i);
                !super::dating::names_another_event(&lower[from..to])
            })
            .map(|(_, mention)| mention)
            .or_else(|| day_under_heading(&text[cue..], heading))
            .map(|mention| (mention, line)),
        ..NextMeetup::default()
    };
    for link in &plain.links {
        let label = plain.text[link.range()].to_lowercase();
        let is_rsvp = [
            "rsvp",
            "save the date",
            "register",
            "sign up",
            "join",
            "see you",
            "next event",
            "meetup",
        ]
        .iter()
        .any(|c| label.contains(c))
            || (link.url.contains("meetup.com") && link.url.contains("/events/"));
        if is_rsvp && next.rsvp_url.is_none() {
            next.rsvp_url = Some(link.url.clone());
            if next.day.is_none() {
                next.month = label
                    .split(|c: char| !c.is_alphabetic())
                    .find_map(|w| (w.len() >= 3).then(|| month_number(w)).flatten());
            }
        }
    }
    for sentence in sentences {
        crate::corpus::budget::check();
        let s = &text[sentence.clone()];
        let ls = &lower[sentence.clone()];
        if next.companies.is_empty()
            && let Some(at) = [
                "speakers from ",
                "folks from ",
                "speakers include ",
                "talks from ",
            ]
            .iter()
            .filter_map(|c| ls.find(c).map(|i| i + c.len()))
            .min()
        {
            next.companies = company_list(&s[at..]);
        }
        if next.venue.is_none() {
            next.venue = venue_in(plain, sentence.clone());
        }
    }
    next
}

/// "Paybase, Double Negative, and Google." → ["Paybase", "Double Negative", "Google"].
pub fn company_list(text: &str) -> Vec<String> {
    let end = text
        .find(['.', '!', '[', '('])
        .map(|i| {
            // "Solo.io" keeps its dot: end only at a dot followed by a space or the end.
            let mut i = i;
            while text[i..].starts_with('.')
                && text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                match text[i + 1..].find(['.', '!', '[', '(']) {
                    Some(j) => i = i + 1 + j,
                    None => return text.len(),
                }
            }
            i
        })
        .unwrap_or(text.len());
    let text = &text[..end];
    let text = ["folks from ", "people from ", "some "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    text.split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_start_matches("and ").trim())
        .filter(|name| {
            !name.is_empty()
                && !matches!(
                    name.to_lowercase().as_str(),
                    "more" | "others" | "many more" | "more!"
                )
                && name.split(' ').count() <= 5
        })
        .map(str::to_owned)
        .collect()
}

/// Rule `provided_by`: an organisation credited with what it provided (the space, food,
/// drinks, money) is a sponsor, wherever the post says so (a heading, a bullet, a sentence):
///
/// - "The meetup will be hosted by **[Acme](https://acme.example)**." → Acme
/// - "### Networking Tea Break sponsored by [Acme](https://acme.example)" → Acme
/// - "Ada thanked Acme for sponsoring the venue and Globex Systems for the projector." → Acme, Globex Systems
/// - "… everything took place at [Initech](…), who hosted us" → Initech
/// - "[Acme](…) bought us all a drink" → Acme
/// - "Venue and refreshments -> Acme Studios", "Tea Break by Acme Studios" → Acme Studios
///
/// A person ("hosted by Ada Lovelace", a profile link) is a host, never a sponsor.
pub fn provided_by(plain: &Plain) -> Vec<Sponsor> {
    // One scan decides whether any cue is there at all; most blocks have none.
    static ANY_CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let cues: Vec<String> = super::lexicon::PROVIDED_BY_CUES
            .iter()
            .chain(super::lexicon::PROVIDED_AFTER_CUES)
            .chain(super::lexicon::HOSTED_US_CUES)
            .map(|c| regex::escape(c))
            .collect();
        regex::Regex::new(&format!("(?i){}", cues.join("|"))).expect("valid regex")
    });
    let text = &plain.text;
    if !ANY_CUE.is_match(text) {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case mapping changed byte offsets (rare scripts): read the links only.
        return Vec::new();
    }
    let mut out: Vec<Sponsor> = Vec::new();
    let add = |name: &str, url: Option<&str>, out: &mut Vec<Sponsor>| {
        let name = name.trim().trim_end_matches(['.', ',', '!', ':']).trim();
        let lower_name = name.to_lowercase();
        if name.is_empty()
            || name.chars().count() > 60
            // Without a link, an organisation is written with a capital ("d60" is linked).
            || (url.is_none()
                && !name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            || ["our sponsors", "sponsors", "here", "the sponsors"].contains(&lower_name.as_str())
            || url.is_some_and(super::lexicon::is_profile_url)
            || out.iter().any(|s| s.name.eq_ignore_ascii_case(name))
        {
            return;
        }
        out.push(Sponsor {
            name: name.to_owned(),
            url: url.map(str::to_owned),
        });
    };
    // "hosted by X", "sponsored by X", "courtesy of X", "X -> " after a programme item.
    for cue in super::lexicon::PROVIDED_BY_CUES {
        for (at, _) in lower.match_indices(cue) {
            let start = at + cue.len();
            let start = start + (text[start..].len() - text[start..].trim_start().len());
            let provision = !matches!(*cue, " by " | "->") || programme_before(&lower[..at]);
            if let Some(link) = plain.link_starting(start) {
                if provision {
                    add(&text[link.range()], Some(&link.url), &mut out);
                }
                continue;
            }
            let Some(range) = org_after(text, start) else {
                continue;
            };
            let name = &text[range];
            let person = (looks_like_full_name(name)
                && !super::lexicon::is_organisation(name)
                && !matches!(*cue, " by " | "->"))
                || name.split_whitespace().next().is_some_and(|w| {
                    ["mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."]
                        .contains(&w.to_lowercase().as_str())
                });
            if !person && provision && name.chars().count() > 1 {
                add(name, None, &mut out);
            }
        }
    }
    // "X for sponsoring …", "[X] bought us …", "[X], who hosted us".
    for cue in super::lexicon::PROVIDED_AFTER_CUES {
        for (at, _) in lower.match_indices(cue) {
            // Links are sorted and do not overlap: only the last one ending before the cue can
            // be right before it.
            let before = plain.links.partition_point(|l| l.end <= at);
            if let Some(link) = plain.links[..before]
                .last()
                .filter(|l| text[l.end..at].trim_matches([' ', ',']).is_empty())
            {
                add(&text[link.range()], Some(&link.url), &mut out);
                continue;
            }
            // Capitalised words right before the cue: "thanked Acme Studios for sponsoring".
            let words: Vec<&str> = text[..at]
                .split(' ')
                .rev()
                .take_while(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                })
                .collect();
            if !words.is_empty() && words.len() <= 4 {
                let name: Vec<&str> = words.into_iter().rev().collect();
                let name = name.join(" ");
                let person = looks_like_full_name(&name) && !super::lexicon::is_organisation(&name);
                if !person {
                    add(&name, None, &mut out);
                }
            }
        }
    }
    // "Acme has been so kind to host us", "at Acme House that has been so nice to host us".
    for cue in super::lexicon::HOSTED_US_CUES {
        for (at, _) in lower.match_indices(cue) {
            let clause_start = text[..at].rfind(['.', '!', '?', ';']).map_or(0, |i| i + 1);
            let words: Vec<&str> = text[clause_start..at].split_whitespace().collect();
            let mut name: Vec<&str> = Vec::new();
            for word in words.iter().rev().take(10) {
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if capital {
                    name.insert(0, word);
                } else if !name.is_empty() {
                    break;
                }
            }
            if !name.is_empty() && name.len() <= 4 && name[0] != "We" && name[0] != "It" {
                add(&name.join(" "), None, &mut out);
            }
        }
    }
    out
}

/// Whether the words before " by " name a programme item ("Networking and Tea Break").
fn programme_before(before: &str) -> bool {
    let clause = before.rsplit(['.', ';', ':']).next().unwrap_or(before);
    [
        "tea",
        "coffee",
        "food",
        "pizza",
        "drinks",
        "beer",
        "beers",
        "snacks",
        "refreshments",
        "venue",
        "break",
        "lunch",
        "dinner",
    ]
    .iter()
    .any(|w| {
        clause
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x == *w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::{plain, sentences};

    /// Rule `provided_by`: sentences and what they credit.
    #[test]
    fn provided_by_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "The meetup will be hosted by **[Acme](https://acme.example)**.",
                &["Acme"],
            ),
            (
                "Networking Tea Break sponsored by [Globex](https://globex.example)",
                &["Globex"],
            ),
            (
                "Ada thanked Initech for sponsoring the venue and Globex Systems for sponsoring the projector.",
                &["Initech", "Globex Systems"],
            ),
            (
                "Everything took place at [Initech](https://initech.example), who hosted us.",
                &["Initech"],
            ),
            (
                "[Acme](https://acme.example) bought us all a drink.",
                &["Acme"],
            ),
            (
                "Networking and Tea Break by Acme Studios",
                &["Acme Studios"],
            ),
            ("The evening was hosted by Ada Lovelace.", &[]),
            ("Input -> model -> Output", &[]),
            ("Open source, maintained by Apache.", &[]),
        ];
        for (text, expected) in table {
            let names: Vec<String> = provided_by(&plain(text))
                .into_iter()
                .map(|s| s.name)
                .collect();
            assert_eq!(names, *expected, "{text}");
        }
    }

    #[test]
    fn sponsors_from_links_and_plain_lists() {
        let p = plain(
            "As always, thanks to our sponsors [StorageOS](https://storageos.com/), and [Pusher](https://pusher.com/).",
        );
        let s = sponsors_in(&p, 0..p.text.len());
        assert_eq!(
            s.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["StorageOS", "Pusher"]
        );
        let p = plain(
            "Thanks to our sponsors, StorageOS, Sainsbury's, the CNCF and Tecknuovo, plus all the work.",
        );
        let s = sponsors_in(&p, 0..p.text.len());
        assert_eq!(
            s.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["StorageOS", "Sainsbury's", "CNCF", "Tecknuovo"]
        );
        let p = plain(
            "Thanks also to [Entrepreneur First](https://ef.com/), who once again hosted us at their venue.",
        );
        assert!(sponsors_in(&p, 0..p.text.len()).is_empty());
        assert_eq!(
            venue_in(&p, 0..p.text.len()).as_deref(),
            Some("Entrepreneur First")
        );
    }

    #[test]
    fn hosts_with_roles() {
        assert_eq!(
            hosts_in("the meetup, hosted by Cheryl Hung, Director of Ecosystem at the CNCF."),
            [("Cheryl Hung".to_owned(), Some("CNCF".to_owned()))]
        );
        assert_eq!(
            hosts_in("ably hosted by Dominique Top and featuring")[0].0,
            "Dominique Top"
        );
        assert!(hosts_in("we'll be hosted by Monzo for our last meetup").is_empty());
    }

    #[test]
    fn next_meetup_paragraph() {
        let p = plain(
            "The next meetup is on Wednesday 12 December, and joining us are some great speakers from Paybase, Double Negative, and Google. Note that we'll be hosted by Monzo for our last meetup of 2018. [RSVP and save the date now!](https://www.meetup.com/x/events/1/)",
        );
        let s = sentences(&p);
        let next = next_meetup(&p, &s, 9, None);
        let (day, line) = next.day.unwrap();
        assert_eq!((day.day, day.month, line), (12, 12, 9));
        assert_eq!(next.companies, ["Paybase", "Double Negative", "Google"]);
        assert_eq!(
            next.rsvp_url.as_deref(),
            Some("https://www.meetup.com/x/events/1/")
        );
        assert_eq!(next.venue.as_deref(), Some("Monzo"));
    }

    /// Rule `month_from_heading`: paragraphs, the heading above them, and the day read.
    #[test]
    fn month_from_heading() {
        /// (paragraph, the heading above it, the (day, month) read)
        type Row<'a> = (&'a str, Option<&'a str>, Option<(u32, u32)>);
        let table: &[Row] = &[
            (
                "Our next meetup is Wednesday 5th, with speakers from Acme.",
                Some("Meetups in May"),
                Some((5, 5)),
            ),
            (
                "Join us on Thursday the 12th!",
                Some("Next: June"),
                Some((12, 6)),
            ),
            ("Our next meetup is Wednesday 5th.", Some("Photos"), None),
            ("Our next meetup is Wednesday 5th.", None, None),
            // Rule `another_events_day`: a conference's day is not the next meetup's.
            (
                "The next event we love is Widget Conference on 20 May.",
                None,
                None,
            ),
            (
                "Widget Conference is on 20 May. Our next meetup is on 5 June.",
                None,
                Some((5, 6)),
            ),
            // A month written in the line wins over the heading's.
            (
                "Our next meetup is Wednesday 3rd July.",
                Some("Meetups in May"),
                Some((3, 7)),
            ),
        ];
        for (text, heading, expected) in table {
            let p = plain(text);
            let next = next_meetup(&p, &sentences(&p), 1, *heading);
            let got = next.day.map(|(d, _)| (d.day, d.month));
            assert_eq!(got, *expected, "{text} under {heading:?}");
        }
    }

    #[test]
    fn companies() {
        assert_eq!(
            company_list("Pivotal, mnemonic, and more. RSVP"),
            ["Pivotal", "mnemonic"]
        );
        assert_eq!(
            company_list("Solo.io, Nectar, and Red Sift."),
            ["Solo.io", "Nectar", "Red Sift"]
        );
    }
}
