//! The extractor's word lists, each declared once: labels that introduce a speaker or topic,
//! programme items that are no talk, participles that make "by" something other than a speaker,
//! roles, and the addresses of people's profiles.
//!
//! Lists searched with `listed` (binary search) are sorted; a test below checks it.

/// Membership in one of the sorted word lists: O(log n).
pub fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

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
        .any(|w| listed(ROLE_WORDS, &w.to_lowercase()))
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
        .is_some_and(|w| listed(ORGANISATION_WORDS, &w.to_lowercase()))
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

// Lists of the talk-sentence, name and sponsor rules.

/// Words that lead from a speaker to the title: "kicking us off for the evening with a
/// discussion on", "told us all about", "giving us an insight into his experiences".
pub const LEAD_IN: &[&str] = &[
    "a",
    "about",
    "advanced",
    "all",
    "also",
    "an",
    "analysis",
    "and",
    "around",
    "asked",
    "asking",
    "at",
    "being",
    "brief",
    "brilliant",
    "by",
    "closed",
    "closing",
    "covered",
    "covering",
    "deep",
    "delivered",
    "delivering",
    "demo",
    "demoed",
    "demonstrated",
    "described",
    "describing",
    "detailed",
    "discussed",
    "discussing",
    "discussion",
    "dive",
    "dived",
    "dove",
    "engaging",
    "entertaining",
    "evening",
    "excellent",
    "experience",
    "experiences",
    "explained",
    "explaining",
    "explore",
    "explored",
    "exploring",
    "fantastic",
    "fascinating",
    "first",
    "for",
    "gave",
    "give",
    "giving",
    "great",
    "had",
    "her",
    "his",
    "how",
    "in",
    "informative",
    "insight",
    "insightful",
    "interesting",
    "into",
    "introduce",
    "introduced",
    "introducing",
    "is",
    "keynote",
    "kick",
    "kicked",
    "kicking",
    "light",
    "lightning",
    "live",
    "looked",
    "looking",
    "night",
    "notice",
    "of",
    "off",
    "on",
    "our",
    "out",
    "overview",
    "presentation",
    "presented",
    "presenting",
    "quick",
    "recap",
    "return",
    "returned",
    "rounded",
    "rounding",
    "saying",
    "session",
    "shared",
    "sharing",
    "shed",
    "short",
    "showed",
    "showing",
    "speaking",
    "spoke",
    "stepped",
    "taking",
    "talk",
    "talked",
    "talking",
    "talks",
    "tell",
    "telling",
    "the",
    "their",
    "then",
    "through",
    "to",
    "told",
    "took",
    "tour",
    "up",
    "us",
    "walked",
    "walking",
    "was",
    "we",
    "were",
    "who",
    "with",
    "wrapped",
    "wrapping",
];

/// Verbs that, after a bare name in a talk sentence, also make it a speaker, beside every
/// presenting verb: "Finally Alex Smith rounded off the evening", "Next up was Ada Lovelace".
pub const TALK_SENTENCE_VERBS: &[&str] = &[
    "asked", "rounded", "wrapped", "closed", "kicked", "returned", "was", "took", "stepped",
];

/// The one-word verbs after a bare name in a talk sentence: the presenting verbs (strong ones)
/// and the talk-sentence verbs.
pub fn speaker_verbs() -> Vec<&'static str> {
    PRESENTING_VERBS
        .iter()
        .filter(|v| !v.contains(' ') && !WEAK_PRESENTING_VERBS.contains(v))
        .chain(TALK_SENTENCE_VERBS)
        .chain(["gave"].iter())
        .copied()
        .collect()
}

/// Sentences about anything but a talk.
pub const NOT_TALK: &[&str] = &[
    "sponsor",
    "grateful",
    "thanks",
    "thank you",
    "hosted by",
    "next meetup",
    "rsvp",
    "venue",
    "a recap of",
];

/// A talk that did not happen.
pub const DID_NOT_HAPPEN: &[&str] = &[
    "prevented",
    "pull out",
    "pulled out",
    "cancelled",
    "canceled",
    "couldn't make it",
    "could not make it",
    "unable to",
    "technical issues",
    "technical difficulties",
    "postponed",
    "had to drop",
    "dropped out",
];

/// Where a title stops when it is written as plain text.
pub const TITLE_ENDS: &[&str] = &[
    " (starting",
    "(starting",
    ", explaining",
    ", and his",
    ", and her",
    ", and their",
    ", and in his",
    ", and in her",
    ", and left",
    ", mentioning",
    ", focusing",
    ", showing",
    ", where ",
    ", which ",
    "; ",
];

/// Capitalised words that start sentences or clauses but are never part of a name.
pub const NOT_NAMES: &[&str] = &[
    "A",
    "After",
    "Afterwards",
    "All",
    "Also",
    "An",
    "And",
    "Another",
    "April",
    "As",
    "At",
    "August",
    "Big",
    "Both",
    "But",
    "Check",
    "Closing",
    "Congratulations",
    "December",
    "Each",
    "Everyone",
    "February",
    "Finally",
    "First",
    "Firstly",
    "Following",
    "For",
    "Friday",
    "From",
    "Greetings",
    "He",
    "Hello",
    "Her",
    "His",
    "Huge",
    "I",
    "In",
    "It",
    "January",
    "Joining",
    "July",
    "June",
    "Kicking",
    "Last",
    "Lastly",
    "Long",
    "Many",
    "March",
    "May",
    "Meanwhile",
    "Monday",
    "My",
    "Next",
    "November",
    "October",
    "Once",
    "Other",
    "Our",
    "Photo",
    "Photos",
    "Plus",
    "Rounding",
    "Saturday",
    "Second",
    "Secondly",
    "September",
    "She",
    "Slides",
    "So",
    "Some",
    "Speaker",
    "Speakers",
    "Special",
    "Starting",
    "Sunday",
    "Thank",
    "Thanks",
    "The",
    "Their",
    "Then",
    "These",
    "They",
    "Third",
    "This",
    "Those",
    "Thursday",
    "Today",
    "Tonight",
    "Tuesday",
    "Up",
    "Video",
    "Videos",
    "We",
    "Wednesday",
    "Welcome",
    "When",
    "While",
    "With",
    "Wrapping",
];

/// Lowercase particles inside names: "Rob de Canha-Knight", "Ludwig van Beethoven".
pub const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "den", "der", "di", "dos", "du", "la", "le", "ten",
    "ter", "van", "von",
];

pub const HONORIFICS: &[&str] = &[
    "Dr", "Dr.", "Prof", "Prof.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
];

/// Words that end an organisation's name: "from Shipa who …", "from driftctl discussing …".
pub const ORG_STOPS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "are",
    "as",
    "asked",
    "at",
    "by",
    "closed",
    "delivered",
    "demoed",
    "described",
    "describing",
    "discussed",
    "discussing",
    "explained",
    "for",
    "gave",
    "giving",
    "her",
    "his",
    "in",
    "introduced",
    "is",
    "it",
    "joined",
    "joining",
    "kicked",
    "kicking",
    "led",
    "on",
    "our",
    "presented",
    "returned",
    "rounded",
    "saying",
    "shared",
    "showed",
    "spoke",
    "stepped",
    "talked",
    "talking",
    "that",
    "their",
    "to",
    "told",
    "took",
    "us",
    "was",
    "were",
    "which",
    "who",
    "with",
    "wrapped",
];

pub const SPONSOR_CUES: &[&str] = &[
    "sponsors",
    "sponsorship",
    "sponsored by",
    "our sponsor",
    "grateful to",
    "thanks to",
    "thanks also to",
    "thank you to",
];

pub const VENUE_CUES: &[&str] = &[
    "the room at ",
    "crowd at ",
    "back at ",
    "hosted by ",
    "sign up directly with ",
    "sign up with ",
    "joined me at ",
    "venue is ",
    "held at ",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// One verb list: every verb the talk-sentence rule used before the lists were joined is
    /// still a speaker verb, "demoed" included.
    #[test]
    fn speaker_verbs_include_every_presenting_verb() {
        let verbs = speaker_verbs();
        for verb in [
            "gave",
            "talked",
            "told",
            "presented",
            "described",
            "discussed",
            "asked",
            "shared",
            "explained",
            "spoke",
            "rounded",
            "wrapped",
            "closed",
            "kicked",
            "introduced",
            "returned",
            "was",
            "demoed",
            "showed",
            "walked",
            "delivered",
            "took",
            "stepped",
        ] {
            assert!(verbs.contains(&verb), "{verb}");
        }
        assert!(verbs.contains(&"demonstrated") && verbs.contains(&"showcased"));
    }

    #[test]
    fn searched_lists_are_sorted() {
        for list in [
            LEAD_IN,
            NOT_NAMES,
            PARTICLES,
            ORG_STOPS,
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
