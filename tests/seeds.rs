//! The five seed posts in ../shared/seeds, asserted exactly, and `data/` agreeing with them.

use std::path::Path;

use emcee::corpus::{Corpus, Event, Kind, load};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

fn seeds() -> Corpus {
    load(Path::new(SEEDS)).expect("the seeds load")
}

fn event<'a>(corpus: &'a Corpus, date: &str) -> &'a Event {
    corpus
        .events
        .iter()
        .find(|e| e.date.to_string() == date)
        .unwrap_or_else(|| {
            let dates: Vec<String> = corpus.events.iter().map(|e| e.date.to_string()).collect();
            panic!("no event on {date}; events on {dates:?}")
        })
}

/// A talk as (title, [(speaker, affiliation)], seconds into the recording).
type Summary = (String, Vec<(String, Option<String>)>, Option<u32>);

type TalkRow = (
    &'static str,
    Vec<(&'static str, Option<&'static str>)>,
    Option<u32>,
);

fn talks(event: &Event) -> Vec<Summary> {
    event
        .talks
        .iter()
        .map(|t| {
            (
                t.title.clone(),
                t.speakers
                    .iter()
                    .map(|s| (s.name.clone(), s.affiliation.clone()))
                    .collect(),
                t.video_start,
            )
        })
        .collect()
}

fn expect(rows: Vec<TalkRow>) -> Vec<Summary> {
    rows.into_iter()
        .map(|(title, speakers, start)| {
            (
                title.to_owned(),
                speakers
                    .into_iter()
                    .map(|(n, a)| (n.to_owned(), a.map(str::to_owned)))
                    .collect(),
                start,
            )
        })
        .collect()
}

fn sponsor_names(event: &Event) -> Vec<&str> {
    event.sponsors.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn seed_events_one_per_meetup_day_in_order() {
    let corpus = seeds();
    let dates: Vec<String> = corpus.events.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2018-05-16",
            "2018-09",
            "2018-10-09",
            "2018-11",
            "2018-12-12",
            "2019-03",
            "2019-04-03",
            "2021-02-03",
            "2021-03-03"
        ]
    );
    let kinds: Vec<Kind> = corpus.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds[0], Kind::Conference);
    assert!(kinds[1..].iter().all(|k| *k == Kind::Meetup), "{kinds:?}");
}

#[test]
fn february_2021_roundup() {
    let corpus = seeds();
    let feb = event(&corpus, "2021-02-03");
    assert_eq!(feb.sources, ["000_4dd54b5e7e689502.txt"]);
    assert_eq!(feb.location.as_deref(), Some("London, UK"));
    assert_eq!(feb.hosts, ["Cheryl Hung"]);
    assert_eq!(
        feb.video_url.as_deref(),
        Some("https://www.youtube.com/embed/5_9q1EYtEHY")
    );
    assert_eq!(
        sponsor_names(feb),
        [
            "Tecknuovo",
            "Humio",
            "Palo Alto Networks",
            "CircleCI",
            "Redhat"
        ]
    );
    assert_eq!(
        feb.sponsors[4].url.as_deref(),
        Some("https://www.redhat.com/en")
    );
    assert_eq!(
        talks(feb),
        expect(vec![
            (
                "Eventually Consistent Testing for Kubernetes Controllers",
                vec![("Joel Speed", Some("Red Hat"))],
                Some(1861)
            ),
            (
                "Why you should take care of infrastructure drift",
                vec![("Stephane Jourdan", Some("driftctl"))],
                Some(3611)
            ),
            (
                "Replicated block storage with LINSTOR",
                vec![("Robert Altnoeder", Some("LINBIT HA-Solutions GmbH"))],
                Some(6322)
            ),
        ])
    );
    assert_eq!(
        feb.talks[0].video_url.as_deref(),
        Some("https://youtu.be/5_9q1EYtEHY?t=1861")
    );
    assert!(feb.talks.iter().all(|t| t.takeaways.len() == 3));
    assert!(feb.talks[0].takeaways.iter().all(|t| t.len() > 20));

    let march = event(&corpus, "2021-03-03");
    assert_eq!(march.sources, ["000_4dd54b5e7e689502.txt"]);
    assert_eq!(
        march.announced_companies,
        ["StackRox", "Contino", "Vodafone"]
    );
    assert_eq!(
        march.rsvp_url.as_deref(),
        Some("https://www.meetup.com/Cloud-Native-London/events/274953657/")
    );
    assert!(march.talks.is_empty());
}

#[test]
fn march_2019_roundup() {
    let corpus = seeds();
    let march = event(&corpus, "2019-03");
    assert_eq!(march.hosts, ["Cheryl Hung"]);
    assert_eq!(
        sponsor_names(march),
        ["Tecknuovo", "Contino", "Pusher", "Humio", "Sardina Systems"]
    );
    // Photo captions ("From left to right: …") name no speakers.
    assert_eq!(
        talks(march),
        expect(vec![
            (
                "A how-to guide for converting your project to GitOps with Flux",
                vec![("Pi Unnerup", Some("Controlplane"))],
                None
            ),
            (
                "the increased adoption of Kubernetes since 2016; and the complexities and security challenges that enterprises face when trying to scale",
                vec![("Deepak Ramchandani", Some("Contino"))],
                None
            ),
            (
                "Clouds, toys, and enterprise. Case study: European banking group",
                vec![("Kenneth Tan", Some("Sardina Systems"))],
                None
            ),
        ])
    );
    assert_eq!(
        march.talks[0].video_url.as_deref(),
        Some(
            "https://skillsmatter.com/skillscasts/13633-a-how-to-guide-for-converting-your-project-to-gitops-with-flux"
        )
    );
    assert_eq!(
        march
            .talks
            .iter()
            .map(|t| t.takeaways.len())
            .collect::<Vec<_>>(),
        [3, 4, 4]
    );

    // The next meetup: "Wednesday 3rd April", after a March 2019 post → 2019-04-03.
    let april = event(&corpus, "2019-04-03");
    assert_eq!(
        april.announced_companies,
        ["Airbus", "Bristol University", "Component Soft"]
    );
    assert_eq!(
        april.rsvp_url.as_deref(),
        Some("https://www.meetup.com/Cloud-Native-London/events/257404686/")
    );
    assert_eq!(april.venue.as_deref(), Some("CodeNode"));
}

#[test]
fn november_2018_roundup() {
    let corpus = seeds();
    let nov = event(&corpus, "2018-11");
    // The host is not a speaker; the venue's host is a venue, not a sponsor.
    assert_eq!(nov.hosts, ["Dominique Top"]);
    assert_eq!(nov.venue.as_deref(), Some("Entrepreneur First"));
    assert_eq!(
        sponsor_names(nov),
        ["StorageOS", "Tecknuovo", "Contino", "Pusher", "Opsview"]
    );
    assert_eq!(
        talks(nov),
        expect(vec![
            (
                "Deployments with Kapitan",
                vec![("Alessandro De Maria", Some("DeepMind Health"))],
                None
            ),
            (
                "Cortex: Horizontally Scalable, Highly Available Prometheus Monitoring",
                vec![("Tom Wilkie", Some("Grafana Labs"))],
                None
            ),
            (
                "creating Kubernetes operators for fun and profit",
                vec![("Andrew Jefferson", Some("Neo4j"))],
                None
            ),
        ])
    );
    let dec = event(&corpus, "2018-12-12");
    assert_eq!(
        dec.announced_companies,
        ["Paybase", "Double Negative", "Google"]
    );
    assert_eq!(dec.venue.as_deref(), Some("Monzo"));
    assert_eq!(
        dec.rsvp_url.as_deref(),
        Some("https://www.meetup.com/Cloud-Native-London/events/253873413/")
    );
}

#[test]
fn september_2018_roundup() {
    let corpus = seeds();
    let sep = event(&corpus, "2018-09");
    assert_eq!(sep.hosts, ["Dominique Top"]);
    assert_eq!(
        sponsor_names(sep),
        ["StorageOS", "Tecknuovo", "Contino", "Pusher", "Armakuni"]
    );
    // The prize winner is not a speaker; two speakers share one talk.
    assert_eq!(
        talks(sep),
        expect(vec![
            (
                "Switching Horses Midstream: The Challenges of Migrating 150+ Microservices to Kubernetes",
                vec![("Sarah Wells", Some("Financial Times"))],
                None
            ),
            (
                "Where's the value in Cloud Native? High value cloud native practices, and how to sell them to your boss",
                vec![
                    ("Zenon Hannick", Some("Armakuni")),
                    ("Billie Thompson", Some("Armakuni"))
                ],
                None
            ),
            (
                "Runtime Security for Cloud Native Platforms",
                vec![("Michael Ducy", Some("Sysdig"))],
                None
            ),
        ])
    );
    let oct = event(&corpus, "2018-10-09");
    assert_eq!(oct.announced_companies, ["Jetstack", "WSO2", "Exelerys"]);
    assert_eq!(
        oct.rsvp_url.as_deref(),
        Some("https://www.meetup.com/Cloud-Native-London/events/253873072/")
    );
}

#[test]
fn conference_notes_with_a_typoed_year() {
    let corpus = seeds();
    let notes = event(&corpus, "2018-05-16");
    assert_eq!(notes.kind, Kind::Conference);
    let titles: Vec<&str> = notes.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Anatomy of a Production Kubernetes Outage",
            "Cloud Native Landscape Intro",
            "Accelerating Kubernetes Native Applications",
            "Kubernetes Project Update",
            "The Challenges of Migrating 150+ microservices",
            "Container-Native dev and ops experience",
            "Container Native observability & security from Google Cloud",
        ]
    );
    // No speaker is invented where the notes name none.
    assert!(notes.talks.iter().all(|t| t.speakers.is_empty()));
    assert_eq!(
        notes.talks[0].video_url.as_deref(),
        Some("https://www.youtube.com/watch?v=OUYTNywPk-s")
    );
    let warning = corpus
        .warnings
        .iter()
        .find(|w| w.source == "004_6f4baa6ce7a4740c.txt")
        .expect("a warning about the year 3018");
    assert!(warning.message.contains("3018"), "{warning}");
    assert_eq!(warning.line, Some(8));
}

/// `data/` holds the seeds' facts in emcee's own format: the same events, minus the prose.
#[test]
fn bundled_data_agrees_with_the_seeds() {
    let data = load(Path::new(DATA)).expect("data/ loads");
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
    assert_eq!(data.community.name, "Cloud Native London");
    assert_eq!(data.community.timezone, chrono_tz::Europe::London);
    let strip = |corpus: &Corpus| -> Vec<Event> {
        corpus
            .events
            .iter()
            .cloned()
            .map(|mut e| {
                e.sources.clear();
                // Ids and the timeline name the files an event was read from, which differ
                // by design.
                e.id.clear();
                e.timeline = Default::default();
                for talk in &mut e.talks {
                    talk.takeaways.clear();
                }
                e
            })
            .collect()
    };
    let seeds = seeds();
    let (ours, theirs) = (strip(&data), strip(&seeds));
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a, b, "data/ and the seeds disagree on {}", b.date);
    }
}

/// A structured `events/*.toml` file for a meetup a post also describes: its fields win, the
/// rest of the extracted event stays.
#[test]
fn structured_fields_win_over_extracted_ones() {
    let dir = std::env::temp_dir().join(format!("emcee-structured-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).expect("temp dir");
    std::fs::copy(
        Path::new(SEEDS).join("002_c64a62174799b8c6.txt"),
        dir.join("roundup.txt"),
    )
    .expect("copy seed");
    std::fs::write(
        dir.join("events/2018-11-07.toml"),
        "date = \"2018-11-07\"\nvenue = \"Entrepreneur First, Kings Cross\"\n\
         hosts = [\"Dominique Top\", \"Cheryl Hung\"]\n",
    )
    .expect("write event file");
    std::fs::write(dir.join("community.toml"), "name = \"Test\"\n").expect("community file");
    let corpus = load(&dir).expect("loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(
        corpus.events.len(),
        2,
        "the roundup and the December announcement"
    );
    let nov = event(&corpus, "2018-11-07");
    assert_eq!(
        nov.venue.as_deref(),
        Some("Entrepreneur First, Kings Cross")
    );
    assert_eq!(nov.hosts, ["Dominique Top", "Cheryl Hung"]);
    assert_eq!(
        nov.talks.len(),
        3,
        "talks not named in the file stay as extracted"
    );
    assert_eq!(nov.sources, ["roundup.txt", "events/2018-11-07.toml"]);
}
