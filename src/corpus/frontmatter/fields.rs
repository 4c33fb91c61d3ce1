//! The fields emcee reads from a parsed front-matter block, whatever a theme calls them: any key
//! case, a speaker given as a string, a Markdown link or an object, a venue or sponsor given as
//! an object with a `name`, the meetup's day under `when:` or `event:` rather than `date:`.
//!
//! `{"title": "Typed Rust", "who": "Ada Lovelace, Acme", "when": "May 22nd, 2013"}` →
//! `FrontMatter { date: Some("May 22nd, 2013"), talks: [FrontTalk { title: Some("Typed Rust"),
//! speakers: [("Ada Lovelace", Some("Acme"))], loose: true }], .. }`.

use std::borrow::Cow;

use serde_json::{Map, Value as Json};

use super::{FrontMatter, FrontTalk};
use crate::corpus::dates::{self, FieldDate};

/// A field by any of its names (given in lower case), case-insensitively ("Title", "title"):
/// the first key in the map's order that matches.
pub(super) fn field<'a>(map: &'a Map<String, Json>, names: &[&str]) -> Option<&'a Json> {
    names.iter().find_map(|name| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// [`field`] over a map whose keys have no ASCII capital, where matching ignoring case is
/// matching exactly: a lookup instead of a scan. Other maps are scanned.
fn lower_field<'a>(
    map: &'a Map<String, Json>,
    lower_keys: bool,
    names: &[&str],
) -> Option<&'a Json> {
    if lower_keys {
        names.iter().find_map(|name| map.get(*name))
    } else {
        field(map, names)
    }
}

/// A scalar as text, trimmed, its HTML entities decoded (`&#x27;` → `'`); None when empty.
fn text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(decode_entities(s.trim()).into_owned()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The name of a thing given as text or as an object with a name (`venue: {name: Hall}`).
fn name_of(value: &Json) -> Option<String> {
    match value {
        Json::Object(map) => field(map, &["name", "title"]).and_then(text),
        other => text(other).map(|t| link_text(&t).to_owned()),
    }
}

/// The first web address in a value: a string, or the values of an object or a list, in order
/// (`links: {"Meetup.com": https://…}`).
fn first_url(value: &Json, depth: usize) -> Option<String> {
    match value {
        Json::String(s) => Some(s.trim())
            .filter(|s| s.starts_with("http"))
            .map(str::to_owned),
        Json::Object(map) if depth < 2 => map.values().find_map(|v| first_url(v, depth + 1)),
        Json::Array(items) if depth < 2 => items.iter().find_map(|v| first_url(v, depth + 1)),
        _ => None,
    }
}

/// The address of an object given with a name (`sponsor: {name: Acme, link: https://…}`).
fn url_of(value: &Json) -> Option<String> {
    match value {
        Json::Object(map) => field(map, &["url", "link", "website", "href", "homepage"])
            .and_then(|v| first_url(v, 2)),
        _ => None,
    }
}

fn list(value: &Json) -> Vec<String> {
    match value {
        Json::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other)
            .map(|s| {
                s.split([',', ' '])
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Names that stand for nobody yet: a slot on the agenda ("TBD", "You?", "Speakers TBA").
pub(super) fn is_placeholder(name: &str) -> bool {
    let bare = name.trim().trim_matches(['?', '!', '.', '(', ')']).trim();
    let words = ["tbd", "tba", "tbc", "n/a"];
    bare.is_empty()
        || ["you", "vous", "to be announced", "to be confirmed"]
            .iter()
            .chain(&words)
            .any(|p| bare.eq_ignore_ascii_case(p))
        || bare
            .split(|c: char| !c.is_alphanumeric() && c != '/')
            .any(|w| words.iter().any(|p| w.eq_ignore_ascii_case(p)))
        || is_template_name(bare)
}

/// A theme's example left in place: "Speaker name", "Your Name", "Name".
fn is_template_name(name: &str) -> bool {
    const TEMPLATE: &[&str] = &["speaker", "speakers", "presenter", "your", "name", "full"];
    name.split_whitespace()
        .all(|w| TEMPLATE.iter().any(|t| w.eq_ignore_ascii_case(t)))
}

/// `[Jane Doe](https://…)` → `Jane Doe`; any other text as it is.
pub(super) fn link_text(text: &str) -> &str {
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once("]("))
        .filter(|(_, url)| url.trim_end().ends_with(')'))
        .map_or(text, |(name, _)| name.trim())
}

/// `&#x27;`, `&#39;`, `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&nbsp;` decoded; other text as it is.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.bytes().take(10).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => match entity.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
                    Some(decimal) => number(decimal, 10),
                    None => None,
                }
                .and_then(char::from_u32),
            };
            ch.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

const TITLE_KEYS: &[&str] = &["title", "talk", "topic", "subject"];
/// The keys that name a talk's speakers, in a talk of an agenda or in the post itself.
const NAME_KEYS: &[&str] = &[
    "name",
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "who",
    "by",
];
const ORG_KEYS: &[&str] = &[
    "company",
    "affiliation",
    "org",
    "organisation",
    "organization",
    "employer",
];
/// The keys of an agenda: a list of talks, or of speakers.
const AGENDA_KEYS: &[&str] = &[
    "talks",
    "agenda",
    "sessions",
    "speakers",
    "speaker",
    "presenters",
    "schedule",
    "program",
];
/// The keys that give the meetup's own day, before the `date` a post was published on.
const EVENT_DATE_KEYS: &[&str] = &[
    "event_date",
    "eventdate",
    "event-date",
    "meetup_date",
    "when",
    "event",
];

/// "Ada Lovelace and Charles Babbage" → two names; a speaker object → its name and company;
/// a Markdown link → its text; placeholders dropped. `org` is the company of the talk.
fn names_in(value: &Json, org: Option<&String>, depth: usize) -> Vec<(String, Option<String>)> {
    match value {
        Json::Array(items) if depth < 3 => items
            .iter()
            .flat_map(|item| names_in(item, org, depth + 1))
            .collect(),
        Json::Object(map) if depth < 3 => {
            let own = field(map, ORG_KEYS).and_then(text);
            field(map, NAME_KEYS)
                .map(|v| names_in(v, own.as_ref().or(org), depth + 1))
                .unwrap_or_default()
        }
        other => text(other)
            .map(|t| split_names(link_text(&t)))
            .unwrap_or_default()
            .into_iter()
            .map(|n| (n, org.cloned()))
            .collect(),
    }
}

/// "Ada, Grace, and Alan & Joan" → four names, placeholders dropped.
fn split_names(text: &str) -> Vec<String> {
    text.split(" and ")
        .flat_map(|n| n.split([',', '&']))
        .map(|n| link_text(n.trim()))
        .filter(|n| !is_placeholder(n))
        .map(str::to_owned)
        .collect()
}

/// A free-text speaker field: "Ada Lovelace, Acme" or "Ada and Grace, Acme Labs" → the names
/// and their company; "Ada Lovelace, Grace Hopper" → two names. A part after the one comma is
/// a company when the names before it are joined by "and", or it is one word, or it has a word
/// in capitals ("GE Healthcare").
pub(super) fn who_names(who: &str) -> (Vec<String>, Option<String>) {
    let who = link_text(who);
    if let Some((people, org)) = who.rsplit_once(',')
        && !people.contains(',')
    {
        let org = org.trim();
        let joined = people.contains(" and ") || people.contains(" & ");
        let words: Vec<&str> = org.split_whitespace().collect();
        let capitals = words
            .iter()
            .any(|w| w.len() > 1 && !w.chars().any(char::is_lowercase));
        if !org.starts_with("and ") && (joined || words.len() == 1 || capitals) {
            let org = (!is_placeholder(org)).then(|| org.to_owned());
            return (split_names(people), org);
        }
    }
    (split_names(who), None)
}

/// The words that make a title the name of an event rather than of a talk.
const EVENT_WORDS: &[&str] = &[
    "meetup",
    "meet-up",
    "meeting",
    "hackfest",
    "installfest",
    "lightning",
    "edition",
    "party",
    "social",
    "talks",
];

/// A post's title read as its one talk's title: "July Meetup: Typed Rust" → "Typed Rust";
/// None when the title names the event ("Lightning Talks", "March Meetup").
pub(super) fn title_as_talk(title: &str) -> Option<String> {
    let is_event = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| EVENT_WORDS.iter().any(|e| w.eq_ignore_ascii_case(e)))
    };
    let rest = match title.split_once(": ") {
        Some((head, rest)) if is_event(head) => rest.trim(),
        _ => title.trim(),
    };
    (!rest.is_empty() && !is_event(rest)).then(|| rest.to_owned())
}

/// One talk of a structured agenda: `{title, name}`, `{title, speaker: {name}}`,
/// `{title, speakers: [..]}`, or a name alone.
fn front_talk(item: &Json) -> Option<FrontTalk> {
    match item {
        Json::Object(map) => {
            let title = field(map, TITLE_KEYS).and_then(text);
            let org = field(map, ORG_KEYS).and_then(text);
            let speakers = field(map, NAME_KEYS)
                .map(|v| names_in(v, org.as_ref(), 0))
                .unwrap_or_default();
            (title.is_some() || !speakers.is_empty()).then_some(FrontTalk {
                title,
                speakers,
                video: field(map, &["video", "recording", "youtube"]).and_then(text),
                loose: false,
            })
        }
        other => {
            let speakers = names_in(other, None, 0);
            (!speakers.is_empty()).then_some(FrontTalk {
                speakers,
                ..FrontTalk::default()
            })
        }
    }
}

/// The talks the front matter names: an agenda list, or the post's own talk (`who:` or
/// `speaker:` and its title).
fn talks<'m>(
    field: &impl Fn(&[&str]) -> Option<&'m Json>,
    post_title: Option<&str>,
) -> Vec<FrontTalk> {
    let own_title = || {
        field(&["talk", "topic", "subject"])
            .and_then(text)
            .or_else(|| post_title.and_then(title_as_talk))
    };
    for key in AGENDA_KEYS {
        if let Some(Json::Array(items)) = field(&[key]) {
            let mut talks: Vec<FrontTalk> = items.iter().filter_map(front_talk).collect();
            // `speaker: [Ada]`: one name alone is the speaker of the post's own talk.
            if let [talk] = &mut talks[..]
                && talk.title.is_none()
                && items.iter().all(|i| !i.is_object())
            {
                talk.title = own_title();
            }
            if !talks.is_empty() {
                return talks;
            }
        }
    }
    let Some(who) =
        field(&["who", "speaker", "speakers", "presenter", "presenters"]).and_then(|v| match v {
            Json::Object(_) => name_of(v),
            other => text(other),
        })
    else {
        return Vec::new();
    };
    let (names, org) = who_names(&who);
    let speakers: Vec<(String, Option<String>)> =
        names.into_iter().map(|n| (n, org.clone())).collect();
    match speakers.len() {
        0 => Vec::new(),
        // One talk by one or two people, titled as the post.
        1 | 2 => vec![FrontTalk {
            title: own_title(),
            speakers,
            video: None,
            loose: true,
        }],
        // More people than one talk has: a talk each, titled by the body if at all.
        _ => speakers
            .into_iter()
            .map(|s| FrontTalk {
                speakers: vec![s],
                loose: true,
                ..FrontTalk::default()
            })
            .collect(),
    }
}

/// The 1-based file line of the first line of `block` whose key is `key`, in any case
/// ("Date:", "date ="); `first_line` is the file line of the block's first line; 0 if none.
pub(super) fn key_line(block: &str, key: &str, first_line: usize) -> usize {
    block
        .lines()
        .position(|l| {
            l.len() > key.len()
                && l.is_char_boundary(key.len())
                && l[..key.len()].eq_ignore_ascii_case(key)
                && l[key.len()..].trim_start().starts_with([':', '='])
        })
        .map_or(0, |i| i + first_line)
}

/// The front matter of a parsed block; `first_line` is the file line of the block's first line.
pub(super) fn from_map(map: &Map<String, Json>, block: &str, first_line: usize) -> FrontMatter {
    let lower_keys = map
        .keys()
        .all(|k| !k.bytes().any(|b| b.is_ascii_uppercase()));
    let field = |names: &[&str]| lower_field(map, lower_keys, names);
    let get = |names: &[&str]| field(names).and_then(text);
    let title = get(&["title"]);
    // The meetup's own day first when it reads as a day, then the post's `date`.
    let readable =
        |key: &str| get(&[key]).filter(|d| !matches!(dates::field_date(d), FieldDate::Unreadable));
    let (date_key, date) = EVENT_DATE_KEYS
        .iter()
        .chain(&["date"])
        .find_map(|key| readable(key).map(|d| (*key, d)))
        .or_else(|| {
            EVENT_DATE_KEYS[..4]
                .iter()
                .chain(&["date"])
                .find_map(|key| get(&[key]).map(|d| (*key, d)))
        })
        .map_or(("date", None), |(k, d)| (k, Some(d)));
    let host = field(&["host", "sponsor", "hosted_by"]);
    FrontMatter {
        date,
        description: get(&["description", "summary"]),
        location: field(&["location", "address"]).and_then(name_of),
        venue: field(&["venue", "place"]).and_then(name_of),
        image: get(&["image", "bg_photo", "cover"]),
        video: get(&["video", "recording", "youtube"]),
        author: get(&["author"]),
        tags: field(&["tags"]).map(list).unwrap_or_default(),
        categories: field(&["categories", "category"])
            .map(list)
            .unwrap_or_default(),
        talks: talks(&field, title.as_deref()),
        rsvp: field(&[
            "rsvp",
            "rsvp_url",
            "link",
            "links",
            "meetup",
            "meetup_url",
            "lanyrd",
            "registration",
            "tickets",
            "ticketsurl",
            "tickets_url",
        ])
        .and_then(|v| first_url(v, 0)),
        host: host.and_then(name_of),
        host_url: get(&["host_url", "sponsor_url"]).or_else(|| host.and_then(url_of)),
        kind: get(&["type", "kind"]),
        date_line: key_line(block, date_key, first_line),
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(json: &str) -> FrontMatter {
        match serde_json::from_str::<Json>(json).unwrap() {
            Json::Object(map) => from_map(&map, "", 2),
            other => panic!("not an object: {other}"),
        }
    }

    fn speakers(front: &FrontMatter) -> Vec<Vec<&str>> {
        front
            .talks
            .iter()
            .map(|t| t.speakers.iter().map(|(n, _)| n.as_str()).collect())
            .collect()
    }

    #[test]
    fn agendas_of_every_shape_give_their_speakers() {
        // (front matter as JSON, the speakers of each talk)
        let table: &[(&str, &[&[&str]])] = &[
            (
                r#"{"talks": [{"title": "Typed Rust", "speaker": {"name": "Ada Lovelace"}}]}"#,
                &[&["Ada Lovelace"]],
            ),
            (
                r#"{"talks": [{"title": "Pipes", "speakers": [{"name": "Ada Lovelace", "link": "ada"}, {"name": "Alan Turing"}]}]}"#,
                &[&["Ada Lovelace", "Alan Turing"]],
            ),
            (
                r#"{"sessions": [{"talk": "Pipes", "presenter": "Grace Hopper"}, {"title": "Slot", "who": "TBA"}]}"#,
                &[&["Grace Hopper"], &[]],
            ),
            (
                r#"{"speaker": ["[Jane Doe](https://example.org/jane)", "[Joan Roe](https://example.org/joan)"]}"#,
                &[&["Jane Doe"], &["Joan Roe"]],
            ),
            (
                r#"{"talks": [{"title": "Pipes", "video": "abc?start=90", "speakers": [{"name": "Vous"}]}]}"#,
                &[&[]],
            ),
            (
                r#"{"talks": [{"title": "Trio", "speaker": {"name": "Ada Lovelace, Alan Turing, and Grace Hopper"}}]}"#,
                &[&["Ada Lovelace", "Alan Turing", "Grace Hopper"]],
            ),
            (r#"{"who": "Speakers TBA"}"#, &[]),
            (
                r#"{"who": "Ada Lovelace, Alan Turing, Grace Hopper"}"#,
                &[&["Ada Lovelace"], &["Alan Turing"], &["Grace Hopper"]],
            ),
        ];
        for (json, want) in table {
            assert_eq!(speakers(&front(json)), *want, "{json}");
        }
        let with_video = front(r#"{"talks": [{"title": "Pipes", "video": "abc?start=90"}]}"#);
        assert_eq!(with_video.talks[0].video.as_deref(), Some("abc?start=90"));
    }

    #[test]
    fn a_post_that_names_one_talk_gives_it() {
        // (front matter as JSON, the talk's title, its speakers with their company)
        type Row<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, Option<&'a str>)]);
        let table: &[Row] = &[
            (
                r#"{"title": "Typed Rust", "who": "Ada Lovelace, Foundry"}"#,
                Some("Typed Rust"),
                &[("Ada Lovelace", Some("Foundry"))],
            ),
            (
                r#"{"Title": "Pipes", "Speaker": "Ada Lovelace and Alan Turing, Acme Labs"}"#,
                Some("Pipes"),
                &[
                    ("Ada Lovelace", Some("Acme Labs")),
                    ("Alan Turing", Some("Acme Labs")),
                ],
            ),
            (
                r#"{"title": "July Meetup: Typed Rust", "speaker": ["[Jane Doe](https://example.org)"]}"#,
                Some("Typed Rust"),
                &[("Jane Doe", None)],
            ),
            (
                r#"{"title": "March Meetup", "presenter": "Grace Hopper, ACME Health"}"#,
                None,
                &[("Grace Hopper", Some("ACME Health"))],
            ),
            (
                r#"{"title": "Meetup #4", "talk": "Engines", "speaker": {"name": "Ada Lovelace"}}"#,
                Some("Engines"),
                &[("Ada Lovelace", None)],
            ),
        ];
        for (json, title, speakers) in table {
            let front = front(json);
            assert_eq!(front.talks.len(), 1, "{json}");
            let talk = &front.talks[0];
            assert_eq!(talk.title.as_deref(), *title, "{json}");
            let got: Vec<(&str, Option<&str>)> = talk
                .speakers
                .iter()
                .map(|(n, o)| (n.as_str(), o.as_deref()))
                .collect();
            assert_eq!(got, *speakers, "{json}");
        }
    }

    #[test]
    fn venue_sponsor_date_and_rsvp_of_any_shape() {
        let front = front(
            r#"{"title": "Meetup #7", "date": "2013-01-02", "when": "May 22nd, 2013 at 6:30pm",
                "venue": {"name": "The Hall", "city": "Brest"},
                "sponsor": {"name": "Acme", "link": "https://acme.example"},
                "links": {"Meetup.com": "https://example.org/e/1"}}"#,
        );
        assert_eq!(front.date.as_deref(), Some("May 22nd, 2013 at 6:30pm"));
        assert_eq!(front.venue.as_deref(), Some("The Hall"));
        assert_eq!(front.host.as_deref(), Some("Acme"));
        assert_eq!(front.host_url.as_deref(), Some("https://acme.example"));
        assert_eq!(front.rsvp.as_deref(), Some("https://example.org/e/1"));
        // An `event:` that is no day leaves the post's date.
        let front = self::front(r#"{"event": "Rust night", "date": "2020-01-02"}"#);
        assert_eq!(front.date.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn text_helpers() {
        assert_eq!(
            decode_entities("l&#x27;API &quot;x&quot; &amp; &#39;y&#39; &bogus; a&b"),
            "l'API \"x\" & 'y' &bogus; a&b"
        );
        // Regression: an entity-like run of multibyte letters is no place to cut the text.
        assert_eq!(
            decode_entities("&éééééé; &#xFFFFFFFF;"),
            "&éééééé; &#xFFFFFFFF;"
        );
        assert_eq!(link_text("[Jane Doe](https://x.example)"), "Jane Doe");
        assert_eq!(link_text("[draft] notes"), "[draft] notes");
        for name in [
            "TBD",
            "You?",
            "Vous",
            "Speakers TBA",
            "tba.",
            "",
            "Speaker name",
            "Your Name",
        ] {
            assert!(is_placeholder(name), "{name}");
        }
        for name in ["Tbilisi Tom", "Ada Name"] {
            assert!(!is_placeholder(name), "{name}");
        }
        assert_eq!(title_as_talk("Lightning Talks"), None);
        assert_eq!(title_as_talk("Virtual Meetup: Pipes"), Some("Pipes".into()));
    }
}
