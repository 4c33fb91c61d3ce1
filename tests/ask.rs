//! Asking emcee: ranking tables on the seeds, every command spec valid, rendered replies as
//! snapshots, and bad input answered clearly.

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use emcee::archive::Archive;
use emcee::reply::Reply;
use emcee::router::answer;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");

fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| Archive::new(emcee::corpus::load(Path::new(SEEDS)).expect("seeds load")))
}

/// The bundled data: facts only, so snapshots hold no prose from the posts.
fn bundled() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
        Archive::new(emcee::corpus::load(Path::new(data)).expect("data/ loads"))
    })
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

fn ask(line: &str) -> Reply {
    answer(archive(), line, at("2019-03-10T12:00:00Z"))
}

/// (query, expected reply title): the top hit of each command.
#[test]
fn top_hits_on_the_seeds() {
    let table = [
        ("/talk kapitan", "Deployments with Kapitan"),
        ("/talk kaptain", "Deployments with Kapitan"),
        ("/talk KAPITAN", "Deployments with Kapitan"),
        (
            "/talk cortex",
            "Cortex: Horizontally Scalable, Highly Available Prometheus Monitoring",
        ),
        (
            "/talk gitops",
            "A how-to guide for converting your project to GitOps with Flux",
        ),
        (
            "/talk runtime security",
            "Runtime Security for Cloud Native Platforms",
        ),
        (
            "/talk wilkie",
            "Cortex: Horizontally Scalable, Highly Available Prometheus Monitoring",
        ),
        ("/talk linbit", "Replicated block storage with LINSTOR"),
        ("/speaker tom wilkie", "Tom Wilkie"),
        ("/speaker wilkei", "Tom Wilkie"),
        ("/speaker billie", "Billie Thompson"),
        ("/speaker alessandro de maria", "Alessandro De Maria"),
        ("/company contino", "Contino"),
        ("/company grafana", "Grafana Labs"),
        (
            "/meetup nov 2018",
            "[Photos] [Nov 2018] Cloud Native London November 2018 Roundup",
        ),
        (
            "/meetup 2018-11",
            "[Photos] [Nov 2018] Cloud Native London November 2018 Roundup",
        ),
        (
            "/meetup november 2018",
            "[Photos] [Nov 2018] Cloud Native London November 2018 Roundup",
        ),
        (
            "/next-meetup",
            "Next meetup: Wednesday 3 April 2019 (in 24 days)",
        ),
    ];
    for (query, expected) in table {
        let reply = ask(query);
        assert_eq!(reply.title, expected, "{query}: {reply:#?}");
        assert!(!reply.ephemeral, "{query} answered privately: {reply:#?}");
    }
}

#[test]
fn next_meetup_links_its_rsvp() {
    let reply = ask("/next-meetup");
    assert_eq!(
        reply.link.as_deref(),
        Some("https://www.meetup.com/Cloud-Native-London/events/257404686/")
    );
    let later = answer(archive(), "/next-meetup", at("2030-01-01T00:00:00Z"));
    assert_eq!(later.title, "No meetup announced yet");
    assert!(later.fields.iter().any(|f| f.name == "Latest meetup"));
}

#[test]
fn talk_card_has_recording_at_the_talks_start_and_more_matches() {
    let reply = ask("/talk kubernetes");
    assert!(reply.fields.iter().any(|f| f.name == "More matches"));
    let reply = ask("/talk linstor");
    let recording = reply
        .fields
        .iter()
        .find(|f| f.name == "Recording")
        .expect("recording");
    assert!(recording.value.contains("?t=6322") && recording.value.contains("1:45:22"));
    let takeaways = reply
        .fields
        .iter()
        .find(|f| f.name == "Takeaways")
        .expect("takeaways");
    assert_eq!(takeaways.value.lines().count(), 3);
}

#[test]
fn every_command_spec_is_valid() {
    let mut names = Vec::new();
    for (file, text) in emcee::commands::spec_files() {
        let spec = emcee::commands::spec::parse(file, text).expect("spec parses");
        assert_eq!(spec.name, file, "file name and command name agree");
        assert_eq!(spec.problems(), Vec::<String>::new(), "/{}", spec.name);
        names.push(spec.name);
    }
    assert_eq!(
        names,
        [
            "talk",
            "speaker",
            "company",
            "meetup",
            "sponsors",
            "next-meetup",
            "stats",
            "rsvp",
            "attendees",
            "help"
        ]
    );
    let option = |cmd: &str| {
        emcee::commands::specs()
            .iter()
            .find(|s| s.name == cmd)
            .map(|s| s.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>())
    };
    assert_eq!(option("talk"), Some(vec!["query".to_owned()]));
    let paged = |first: &str| Some(vec![first.to_owned(), "page".to_owned()]);
    assert_eq!(option("speaker"), paged("name"));
    assert_eq!(option("company"), paged("name"));
    assert_eq!(option("meetup"), Some(vec!["when".to_owned()]));
    assert_eq!(option("sponsors"), paged("when"));
    assert_eq!(option("help"), Some(vec!["command".to_owned()]));
    assert_eq!(option("next-meetup"), Some(vec![]));
    assert_eq!(option("stats"), Some(vec![]));
}

#[test]
fn bad_input_gets_a_clear_private_reply() {
    let long = "kubernetes ".repeat(1000);
    let cases: Vec<(String, &str)> = vec![
        ("/talk".to_owned(), "needs its query"),
        ("/talk    ".to_owned(), "needs its query"),
        (format!("/talk {long}"), "at most 200"),
        ("/talk ?!.,;:".to_owned(), "No talk matches"),
        ("/talk 🚀🔥".to_owned(), "No talk matches"),
        ("/talk שלום עולם".to_owned(), "No talk matches"),
        ("/talk مرحبا".to_owned(), "No talk matches"),
        ("/tlak kapitan".to_owned(), "no /tlak command"),
        ("/talk --colour red".to_owned(), "no option 'colour'"),
        ("".to_owned(), "Type a command"),
        ("/".to_owned(), "Type a command"),
        ("/meetup someday".to_owned(), "not a month"),
        ("/meetup march 1999".to_owned(), "No meetup in March 1999"),
        ("/help nosuch".to_owned(), "no /nosuch command"),
    ];
    for (line, expected) in cases {
        let reply = ask(&line);
        let text = reply.to_text();
        assert!(reply.ephemeral, "{line:?} should be private: {text}");
        assert!(
            !reply.title.is_empty() && text.contains(expected),
            "{line:?}: {text}"
        );
    }
    assert_eq!(ask("/tlak kapitan").suggestions, ["/talk"]);
}

#[test]
fn mentions_in_a_query_are_never_echoed_live() {
    for line in [
        "/talk @everyone",
        "/talk @here kapitan-nope",
        "/speaker <@U123>",
    ] {
        let text = ask(line).to_text();
        assert!(
            !text.contains("@everyone") && !text.contains("@here"),
            "{text}"
        );
        assert!(!text.contains("<@"), "{text}");
    }
    // A query with a mention still finds what its other words name.
    assert_eq!(
        ask("/talk @everyone kapitan").title,
        "Deployments with Kapitan"
    );
}

#[test]
fn no_match_suggests_close_names_and_titles() {
    let reply = ask("/speaker alesandro maria");
    assert_eq!(reply.title, "Alessandro De Maria");
    let reply = ask("/talk qwertyuiop");
    assert!(reply.ephemeral && reply.description.contains("No talk matches"));
    let reply = ask("/speaker zzzz");
    assert!(
        reply.ephemeral && reply.suggestions.is_empty(),
        "{reply:#?}"
    );
    // Too short for a typo, but close: "did you mean" names the person.
    let reply = ask("/speaker tmo");
    assert!(reply.ephemeral, "{reply:#?}");
    assert_eq!(
        reply.suggestions.first().map(String::as_str),
        Some("Tom Wilkie")
    );
}

#[test]
fn replies_render_as_text_snapshots() {
    let ask = |line: &str| answer(bundled(), line, at("2019-03-10T12:00:00Z"));
    for (name, line) in [
        ("talk_kapitan", "/talk kapitan"),
        ("speaker_wilkie", "/speaker wilkie"),
        ("company_contino", "/company contino"),
        ("meetup_nov_2018", "/meetup nov 2018"),
        ("sponsors_all", "/sponsors"),
        ("sponsors_nov_2018", "/sponsors nov 2018"),
        ("next_meetup", "/next-meetup"),
        ("stats", "/stats"),
        ("help", "/help"),
        ("help_talk", "/help talk"),
        ("unknown_command", "/tlak kapitan"),
    ] {
        insta::assert_snapshot!(name, ask(line).to_text());
    }
    insta::assert_snapshot!("talk_kapitan_json", ask("/talk kapitan").to_json());
}

/// Entity resolution: the bundled data calls one sponsor "Redhat" and a speaker's company "Red
/// Hat"; `[aliases]` in data/community.toml makes them one organisation, shown as "Red Hat".
#[test]
fn one_organisation_under_its_canonical_name() {
    for query in ["/company redhat", "/company red hat"] {
        let reply = answer(bundled(), query, at("2021-06-01T00:00:00Z"));
        assert_eq!(reply.title, "Red Hat", "{query}");
        assert!(
            reply
                .description
                .contains("1 talk by its speakers, 1 meetup sponsored"),
            "{query}: {reply:#?}"
        );
    }
    let sponsors = answer(bundled(), "/sponsors", at("2021-06-01T00:00:00Z")).to_text();
    assert!(sponsors.contains("Red Hat — 1 meetup"), "{sponsors}");
    assert!(!sponsors.contains("Redhat"), "{sponsors}");
    let february = answer(bundled(), "/sponsors feb 2021", at("2021-06-01T00:00:00Z")).to_text();
    assert!(
        february.contains("Red Hat — https://www.redhat.com/en"),
        "{february}"
    );
}
