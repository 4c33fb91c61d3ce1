//! The one list of commands: each has its spec in `commands/NAME.toml` (compiled in) and its
//! handler in `src/commands/NAME.rs`. Adding a command touches those two files and this list;
//! its autocomplete, if any, is declared in the spec.

mod attendees;
mod company;
mod complete;
pub mod help;
mod meetup;
mod next_meetup;
mod paging;
pub mod rsvp;
mod speaker;
pub mod spec;
mod sponsors;
mod stats;
mod talk;

use chrono::{DateTime, Utc};

use crate::archive::{Archive, TalkRef};
use crate::corpus::Community;
use crate::reply::Reply;
use crate::rsvp::{Book, Member};
pub use complete::complete;
pub use meetup::find as find_meetup;
pub use spec::{Autocomplete, CommandSpec, OptionSpec};

/// Longest query emcee searches for; longer ones get a clear reply instead of a slow search.
pub const MAX_QUERY_CHARS: usize = 200;

/// What a deployment tells its commands, beyond the archive: the same for the CLI (`ask
/// --config`) and for chat, so both answer alike.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Where `emcee serve` is reachable, e.g. `https://emcee.example.org` (no trailing slash):
    /// `/next-meetup` links the calendar feed under it.
    pub public_url: Option<String>,
    /// The shortest reminder offset when reminders are posted: the one that mentions the
    /// members going, named in the note a member gets after answering ("a day before").
    pub last_reminder: Option<crate::announce::Offset>,
}

/// What a handler gets: the archive, the clock, the deployment's settings and the parsed
/// option values. The community's own settings (name, time zone, venue) are in the archive.
pub struct Call<'a> {
    pub archive: &'a Archive,
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    /// Option values by name, as given (already trimmed; never empty).
    pub options: Vec<(String, String)>,
    /// The RSVPs, when the deployment keeps them (the state store is open).
    pub rsvps: Option<&'a dyn Book>,
    /// Who asked, when the transport knows (a chat member, or `ask --as ID`).
    pub member: Option<&'a Member>,
}

impl Call<'_> {
    /// The community's name, time zone, venue and links, from `community.toml`.
    pub fn community(&self) -> &Community {
        &self.archive.corpus.community
    }

    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Handler = fn(&Call<'_>) -> Reply;

/// Every command: its spec file and its handler.
const COMMANDS: &[(&str, &str, Handler)] = &[
    ("talk", include_str!("../../commands/talk.toml"), talk::run),
    (
        "speaker",
        include_str!("../../commands/speaker.toml"),
        speaker::run,
    ),
    (
        "company",
        include_str!("../../commands/company.toml"),
        company::run,
    ),
    (
        "meetup",
        include_str!("../../commands/meetup.toml"),
        meetup::run,
    ),
    (
        "sponsors",
        include_str!("../../commands/sponsors.toml"),
        sponsors::run,
    ),
    (
        "next-meetup",
        include_str!("../../commands/next-meetup.toml"),
        next_meetup::run,
    ),
    (
        "stats",
        include_str!("../../commands/stats.toml"),
        stats::run,
    ),
    ("rsvp", include_str!("../../commands/rsvp.toml"), rsvp::run),
    (
        "attendees",
        include_str!("../../commands/attendees.toml"),
        attendees::run,
    ),
    ("help", include_str!("../../commands/help.toml"), help::run),
];

/// The parsed specs, in registry order, parsed once (they are compiled in and never change). A
/// spec that does not parse is a build defect caught by the spec test; here it is left out
/// rather than taking the bot down.
pub fn specs() -> &'static [CommandSpec] {
    static SPECS: std::sync::OnceLock<Vec<CommandSpec>> = std::sync::OnceLock::new();
    SPECS.get_or_init(|| {
        COMMANDS
            .iter()
            .filter_map(|(file, text, _)| spec::parse(&format!("{file}.toml"), text).ok())
            .collect()
    })
}

/// The raw spec files, for validation.
pub fn spec_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    COMMANDS.iter().map(|(file, text, _)| (*file, *text))
}

pub fn handler(name: &str) -> Option<Handler> {
    COMMANDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, h)| *h)
}

/// User text echoed in a reply: cut to a readable length, mentions defused with a zero-width
/// space so `@everyone` in a query can never ping anyone.
pub fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out.replace('@', "@\u{200b}")
        .replace('<', "‹")
        .replace('>', "›")
}

/// "Alessandro De Maria (DeepMind Health) and Tom Wilkie".
pub fn speakers_line(archive: &Archive, r: TalkRef) -> String {
    let names: Vec<String> = archive
        .talk(r)
        .speakers
        .iter()
        .map(|s| match &s.affiliation {
            Some(a) => format!("{} ({a})", s.name),
            None => s.name.clone(),
        })
        .collect();
    if names.is_empty() {
        "speaker not named".to_owned()
    } else {
        names.join(" and ")
    }
}

/// "31:01" or "1:00:11".
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The private "no match" reply, with the closest candidates as "did you mean".
pub fn no_match<'a>(
    title: &str,
    message: String,
    query: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Reply {
    let mut reply = Reply::no_match(title, message);
    reply.suggestions = closest(query, candidates, 3);
    reply
}

/// Closest strings to `query`, best first, by the share of letters left unchanged by the fewest
/// edits (optimal string alignment, so "tmo" is close to "Tom"), on normalised text, against the
/// whole candidate or its best word; Jaro-Winkler breaks ties. Jaro-Winkler alone is too
/// generous to unrelated long words and misses short swaps.
pub fn closest<'a>(
    query: &str,
    candidates: impl Iterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let q = crate::search::normalise(query);
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let similar = |a: &str, b: &str| {
        let longest = a.chars().count().max(b.chars().count()).max(1);
        1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
    };
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| {
            let norm = crate::search::normalise(c);
            let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
            // Compare with the whole text and with its best word, so "kubernets" finds titles.
            let word = norm.split(' ').map(|w| similar(&q, w)).fold(0.0, f64::max);
            (similar(&q, &norm).max(word), c)
        })
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| strsim::jaro_winkler(&q, b.1).total_cmp(&strsim::jaro_winkler(&q, a.1)))
            .then(a.1.cmp(b.1))
    });
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_owned());
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// One command's usage reply, for the router's "missing option" answer.
pub fn usage(spec: &CommandSpec) -> Reply {
    help::usage(spec)
}
