//! The extractor's word lists, each declared once: labels that introduce a speaker or topic,
//! programme items that are no talk, participles that make "by" something other than a speaker,
//! roles, and the addresses of people's profiles.
//!
//! Lists searched with `listed` (binary search) are sorted; a test below checks it.

/// "Speaker: Ada", "Presented by: Ada".
pub const SPEAKER_LABELS: &[&str] = &[
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "presented by",
    "by",
    "talk by",
    "speaker name",
];

/// "Topic: Typed Python".
pub const TOPIC_LABELS: &[&str] = &["topic", "title", "talk title", "talk", "subject"];

/// Words a heading uses to number a talk: "Talk 2:", "Lightning Talk #3:", "Session by".
pub const TALK_LABELS: &[&str] = &[
    "lightning talk",
    "talk",
    "session",
    "keynote",
    "workshop",
    "presentation",
];

/// Headings over a list of talks: "## Agenda", "Slides from the presentations".
pub const AGENDA_HEADINGS: &[&str] = &[
    "agenda",
    "slides",
    "presentations",
    "schedule",
    "programme",
    "program",
    "line-up",
    "lineup",
    "speakers",
    "talks",
];

/// Ordinals that number a talk: "Second talk - …".
pub const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "last", "final", "next",
];

/// Words of a programme item that is no talk (sorted, lower case).
pub const PROGRAMME_WORDS: &[&str] = &[
    "announcement",
    "announcements",
    "break",
    "breakfast",
    "closing",
    "coffee",
    "dinner",
    "doors",
    "drinks",
    "food",
    "introductions",
    "lunch",
    "networking",
    "photo",
    "pizza",
    "raffle",
    "refreshments",
    "registration",
    "snacks",
    "tea",
    "thanks",
    "welcome",
    "wrap",
];

/// Headings that name a part of a post, never a talk.
pub const SECTION_HEADINGS: &[&str] = &[
    "about",
    "agenda",
    "date",
    "date & time",
    "date and time",
    "hosts",
    "intro",
    "introduction",
    "rsvp",
    "schedule",
    "sponsors",
    "summary",
    "talk details",
    "talks",
    "time",
    "venue",
    "when",
    "where",
];

/// Participles before "by" that make it no speaker: "maintained by Apache" (sorted).
pub const BY_PARTICIPLES: &[&str] = &[
    "built",
    "caused",
    "created",
    "developed",
    "followed",
    "hosted",
    "inspired",
    "led",
    "made",
    "maintained",
    "organised",
    "organized",
    "owned",
    "powered",
    "provided",
    "replaced",
    "run",
    "sponsored",
    "supported",
    "used",
    "written",
];

/// Capitalised words that are never part of a person's name in a label (sorted, lower case).
pub const NOT_NAME_WORDS: &[&str] = &[
    "break",
    "coffee",
    "group",
    "lunch",
    "networking",
    "none",
    "photo",
    "tba",
    "tbd",
    "tea",
    "the",
];

/// Phrases of a report on a meetup that happened.
pub const RECAP_CUES: &[&str] = &[
    "recap",
    "minutes",
    "was held",
    "took place",
    "were held",
    "videos from",
    "videos are online",
    "thanks for coming",
    "thank you for coming",
    "thanks to everyone who came",
    "gave a talk",
    "talked about",
    "it was great",
    "was great",
];

/// Phrases of an invitation to a meetup still to come.
pub const INVITATION_CUES: &[&str] = &[
    "will take place",
    "will be held",
    "is going to take place",
    "pleased to announce",
    "join us",
    "## rsvp",
    "hope to see you",
    "sign up",
    "will be hosted",
    "will be speaking",
    "doors open",
    "signup",
];

/// Words after an organisation that hosted: "Acme has been so kind to host us".
pub const HOSTED_US_CUES: &[&str] = &[
    "to host us",
    "to host the meetup",
    "to host the event",
    "to host this meetup",
];

/// Words before the day a meetup happens or happened: "was held on", "will take place".
pub const DATE_CUES: &[&str] = &[
    "held on",
    "took place",
    "take place",
    "taking place",
    "happened on",
    "happens on",
    "was on",
    "will be on",
    "met on",
    "we met",
    "meetup on",
    "meeting on",
    "on ",
];

/// Words before the day of a meetup still to come: "is going to take place".
pub const FUTURE_DATE_CUES: &[&str] = &[
    "take place",
    "taking place",
    "will be held",
    "will be on",
    "is going to",
    "join us on",
];

/// Words after which the provider of the space, food or money is named: "hosted by X".
pub const PROVIDED_BY_CUES: &[&str] = &[
    "hosted by",
    "hosted at",
    "sponsored by",
    "courtesy of",
    "compliments of",
    "provided by",
    "->",
    " by ",
];

/// Words after which the provider was named: "X for sponsoring", "X bought us a drink".
pub const PROVIDED_AFTER_CUES: &[&str] = &[
    " for sponsoring",
    " for their sponsorship",
    " for the sponsorship",
    " for providing",
    " for hosting",
    " bought us",
    " who hosted",
    " hosted us",
    " provided the",
    " provided us",
];

/// Verbs of presenting, in the past tense of a report (one list for every prose rule).
pub const PRESENTING_VERBS: &[&str] = &[
    "talked",
    "spoke",
    "presented",
    "explained",
    "showed",
    "showcased",
    "demonstrated",
    "demoed",
    "gave",
    "shared",
    "reported",
    "introduced",
    "delivered",
    "discussed",
    "covered",
    "described",
    "walked",
    "told",
    "taught",
    "delved",
    "dove",
    "dived",
    "poked",
    "had",
    "made",
    "delighted",
    "was talking",
    "was presenting",
    "kicked off",
    "opened with",
    "will talk",
    "will present",
    "will show",
    "will give",
    "to give",
];

/// Presenting verbs that say so only with a talk noun close after ("had a fun one about").
pub const WEAK_PRESENTING_VERBS: &[&str] =
    &["had", "made", "delighted", "gave", "will give", "to give"];

/// Nouns of a talk: "a presentation", "a short introduction", "a fun one".
pub const TALK_NOUNS: &[&str] = &[
    "talk",
    "talks",
    "presentation",
    "presentations",
    "introduction",
    "intro",
    "session",
    "demo",
    "overview",
    "lightning",
    "keynote",
    "one",
    "summary",
    "workshop",
];

/// Words before a name that make it the evening's speaker: "The first talk was by [Ada]".
pub const SPEAKER_CUES_BEFORE: &[&str] = &[
    "by",
    "from",
    "was",
    "with",
    "for",
    "to",
    "up",
    "started with",
];

/// Words that only announce a described talk: "a short talk about …" (lower case).
pub const DESCRIBED_LEAD_IN: &[&str] = &[
    "a",
    "about",
    "an",
    "fun",
    "great",
    "interesting",
    "lightning",
    "on",
    "one",
    "presentation",
    "quick",
    "short",
    "talk",
    "us",
    "with",
];

/// Where a described talk's phrase ends.
pub const CLAUSE_ENDS: &[&str] = &[
    ". ",
    ", which",
    " which ",
    ", where",
    ", who",
    ", focusing",
    ", explaining",
    ", showing",
    ", mentioning",
    ", and his",
    ", and her",
    ", and their",
    " in order to",
    "; ",
    " (",
];

/// Sentences about anything but a talk.
pub const NOT_A_TALK: &[&str] = &[
    "thank",
    "sponsor",
    "next meetup",
    "rsvp",
    "organizer",
    "organiser",
];

/// Whether a link points to a project or an article rather than a person.
pub fn is_project_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (segments
        .first()
        .is_some_and(|h| h.contains("github.com") || h.contains("gitlab.com"))
        && segments.len() >= 3)
        || lower.contains("wikipedia.org")
}

/// A single capitalised word without dots or digits after "from" is taken for a place
/// ("visiting from Serbia"); an organisation is linked or written otherwise.
pub fn is_place_word(org: &str) -> bool {
    !org.contains(' ') && org.chars().all(char::is_alphabetic)
}

/// Words of a job title: "Assistant Professor", "Senior Engineer" (sorted, lower case).
const ROLE_WORDS: &[&str] = &[
    "analyst",
    "architect",
    "ceo",
    "consultant",
    "contributor",
    "cto",
    "designer",
    "developer",
    "director",
    "engineer",
    "evangelist",
    "founder",
    "head",
    "intern",
    "lead",
    "lecturer",
    "manager",
    "professor",
    "researcher",
    "scientist",
    "student",
];

/// Whether a phrase is a job title rather than an organisation.
pub fn is_role(phrase: &str) -> bool {
    phrase
        .split_whitespace()
        .any(|w| super::names::listed(ROLE_WORDS, &w.to_lowercase()))
}

/// Words that end an organisation's name: "Riverside Engineering College", "Acme Labs".
const ORGANISATION_WORDS: &[&str] = &[
    "academy",
    "co",
    "co.",
    "college",
    "company",
    "corp",
    "corporation",
    "foundation",
    "gmbh",
    "group",
    "inc",
    "inc.",
    "institute",
    "labs",
    "limited",
    "llc",
    "ltd",
    "ltd.",
    "school",
    "software",
    "solutions",
    "systems",
    "technologies",
    "university",
];

/// Whether a phrase names an organisation by its last word.
pub fn is_organisation(phrase: &str) -> bool {
    phrase
        .split_whitespace()
        .last()
        .is_some_and(|w| super::names::listed(ORGANISATION_WORDS, &w.to_lowercase()))
}

/// Hosts whose pages are people's profiles, so a link to one marks its text as a person.
const PROFILE_HOSTS: &[&str] = &[
    "github.com/",
    "linkedin.com/in/",
    "meetup.com/members/",
    "twitter.com/",
    "x.com/",
    "mastodon",
    "about.me/",
    "gitlab.com/",
];

pub fn is_profile_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    PROFILE_HOSTS.iter().any(|h| lower.contains(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searched_lists_are_sorted() {
        for list in [
            PROGRAMME_WORDS,
            BY_PARTICIPLES,
            NOT_NAME_WORDS,
            ROLE_WORDS,
            ORGANISATION_WORDS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
