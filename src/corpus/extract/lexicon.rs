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
    "schedule",
    "programme",
    "program",
    "line-up",
    "lineup",
    "speakers",
    "talks",
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
    " for providing",
    " for hosting",
    " bought us",
    " who hosted",
    " hosted us",
    " provided the",
    " provided us",
];

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
