//! Answer quality over the real development corpus: each query and what must come first, a
//! card, a list of people, or "no match". A different person is never presented as the one
//! asked for; nonsense gets no card; a typo or a partial name still finds the person.

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use emcee::archive::Archive;
use emcee::reply::Reply;
use emcee::router::answer;

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev/");

fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| Archive::new(emcee::corpus::load(Path::new(DEV)).expect("dev loads")))
}

fn ask(line: &str) -> Reply {
    let now = DateTime::parse_from_rfc3339("2021-01-01T12:00:00Z")
        .expect("a time")
        .with_timezone(&Utc);
    answer(archive(), line, now)
}

#[derive(Debug)]
enum Expect {
    /// A card with this title, shown as the answer.
    Card(&'static str),
    /// Several people listed, these among them, and no card.
    List(&'static [&'static str]),
    /// "No match", privately, with this among the suggestions ("" when any or none).
    NoMatch(&'static str),
}

#[test]
fn first_answers_never_pass_off_a_weak_match() {
    use Expect::*;
    let table = [
        // The person asked for, in full, by surname, by first name, by a prefix.
        ("/speaker david mckay", Card("David McKay")),
        ("/speaker melissa mckay", Card("Melissa McKay")),
        ("/speaker farcic", Card("Viktor Farcic")),
        ("/speaker cheryl", Card("Cheryl Hung")),
        ("/speaker alessandro", Card("Alessandro De Maria")),
        ("/speaker sarah wel", Card("Sarah Wells")),
        // A real name with one typo.
        ("/speaker viktor farcci", Card("Viktor Farcic")),
        ("/speaker chery hung", Card("Cheryl Hung")),
        ("/speaker tom wilkei", Card("Tom Wilkie")),
        // A different person sharing the surname, the first name, or a surname two typos off.
        ("/speaker jane mckay", NoMatch("David McKay")),
        ("/speaker david jones", NoMatch("")),
        ("/speaker phil wilkie", NoMatch("")),
        ("/speaker tom wilkins", NoMatch("")),
        ("/speaker sarah hung", NoMatch("")),
        // A first name or prefix several people share lists them.
        (
            "/speaker viktor",
            List(&["Viktor Farcic", "Viktor Petersson"]),
        ),
        ("/speaker josh", List(&["Josh Armitage", "Josh Michielsen"])),
        ("/speaker wilk", List(&["Tom Wilkie", "Phil Wilkins"])),
        // Nonsense words.
        ("/speaker zzzz qqqq", NoMatch("")),
        ("/talk xyzzy plugh", NoMatch("")),
        ("/talk qwertyuiop asdfghjkl", NoMatch("")),
        ("/company blorptech", NoMatch("")),
        // Talks by a word, a typo, a speaker, and a query of stopwords only.
        ("/talk kapitan", Card("Deployments with Kapitan")),
        ("/talk kaptain", Card("Deployments with Kapitan")),
        (
            "/talk linstor",
            Card("Replicated block storage with LINSTOR"),
        ),
    ];
    for (query, expected) in table {
        let reply = ask(query);
        let ok = match &expected {
            Card(title) => !reply.ephemeral && reply.title == *title,
            List(names) => {
                let listed = reply.fields.iter().find(|f| f.name == "Speakers");
                reply.title.starts_with("Speakers matching")
                    && listed.is_some_and(|f| names.iter().all(|n| f.value.contains(n)))
            }
            NoMatch(suggestion) => {
                reply.ephemeral
                    && reply.title.starts_with("No ")
                    && (suggestion.is_empty() || reply.suggestions.iter().any(|s| s == suggestion))
            }
        };
        assert!(ok, "{query}: expected {expected:?}, got {reply:#?}");
    }
}

#[test]
fn a_query_of_stopwords_still_answers_with_a_card() {
    for query in ["/talk the", "/talk on", "/talk a"] {
        let reply = ask(query);
        assert!(!reply.ephemeral, "{query}: {reply:#?}");
        assert!(reply.fields.iter().any(|f| f.name == "Speakers"), "{query}");
    }
}

#[test]
fn cut_lists_say_how_many_and_page_on() {
    let first = ask("/company contino");
    let sponsored = |reply: &Reply| {
        reply
            .fields
            .iter()
            .find(|f| f.name.starts_with("Sponsored"))
            .cloned()
            .expect("a sponsored list")
    };
    let page_one = sponsored(&first);
    assert_eq!(page_one.name, "Sponsored (10 of 19 meetups)");
    assert_eq!(page_one.value.lines().count(), 10);
    assert_eq!(
        first.footer.as_deref(),
        Some("More: /company contino --page 2")
    );
    let second = ask("/company contino --page 2");
    let page_two = sponsored(&second);
    assert_eq!(page_two.name, "Sponsored (11–19 of 19 meetups)");
    assert_eq!(page_two.value.lines().count(), 9);
    assert!(
        page_one.value.lines().all(|l| !page_two.value.contains(l)),
        "page two repeats page one"
    );
    assert_eq!(second.footer, None);
    let named = ask("/company name:contino --page=2");
    assert_eq!(sponsored(&named).name, page_two.name);
    let bad = ask("/company contino --page two");
    assert!(
        bad.ephemeral && bad.description.contains("not 'two'"),
        "{bad:#?}"
    );
}

#[test]
fn every_sponsor_is_counted_and_reachable() {
    let first = ask("/sponsors");
    let list = |reply: &Reply| {
        reply
            .fields
            .iter()
            .find(|f| f.name.starts_with("Sponsors"))
            .cloned()
            .expect("a sponsor list")
    };
    let total: usize = first
        .description
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(total > 25, "{first:#?}");
    assert_eq!(
        list(&first).name,
        format!("Sponsors (25 of {total} sponsors)")
    );
    let mut seen = 0;
    for page in 1.. {
        let reply = ask(&format!("/sponsors --page {page}"));
        let field = list(&reply);
        seen += field.value.lines().count();
        if reply.footer.is_none() {
            break;
        }
    }
    assert_eq!(seen, total);
    let past = ask("/sponsors --page 99");
    assert!(
        past.footer
            .as_deref()
            .is_some_and(|f| f.contains("past the end")),
        "{past:#?}"
    );
}

#[test]
fn stats_count_meetups_and_articles_apart_and_latest_has_happened() {
    let reply = ask("/stats");
    let corpus = emcee::corpus::load(Path::new(DEV)).expect("dev loads");
    let count = |kind| corpus.events.iter().filter(|e| e.kind == kind).count();
    let (meetups, articles) = (
        count(emcee::corpus::Kind::Meetup),
        count(emcee::corpus::Kind::Article),
    );
    assert!(
        meetups > 40 && articles > 100,
        "{meetups} meetups, {articles} articles"
    );
    assert!(
        reply
            .description
            .starts_with(&format!("{meetups} meetups, {articles} articles, ")),
        "{reply:#?}"
    );
    let latest = reply
        .fields
        .iter()
        .find(|f| f.name == "Latest meetup")
        .expect("latest");
    // The archive announces meetups in 2021; on 1 January 2021 the latest held was December's.
    assert!(latest.value.starts_with("2020-12-02"), "{latest:?}");
}
