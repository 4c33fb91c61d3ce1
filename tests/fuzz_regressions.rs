//! The inputs the fuzzers found crashes with (`tests/fuzz_regressions/<target>/`, minimised,
//! synthetic), each run through what its fuzz target runs, so that CI, which never runs the
//! fuzzers, keeps every crash fixed. A target's folder may be missing (no crash found yet); a
//! folder without a runner here fails, so that no input is silently skipped. Each runner also
//! runs on a small sample of its own, so a runner that stopped working fails too.
//!
//! To add a crash: `cargo +nightly fuzz tmin TARGET CRASH`, copy the minimised file to
//! `tests/fuzz_regressions/TARGET/` under a name saying what broke, and fix it.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use ed25519_dalek::{Signer, SigningKey};
use emcee::archive::Archive;
use emcee::corpus::{LoadOptions, load_files};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::support;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");

/// Each target's inputs: the sample, then every file of its folder.
fn inputs(target: &str, sample: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut all = vec![("sample".to_owned(), sample.to_vec())];
    if let Ok(entries) = std::fs::read_dir(Path::new(ROOT).join(target)) {
        let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let bytes = std::fs::read(&path).expect("a regression input");
            all.push((path.display().to_string(), bytes));
        }
    }
    all
}

const RUNNERS: &[&str] = &[
    "post",
    "data_files",
    "command",
    "discord_interaction",
    "slack_command",
    "slack_interaction",
    "calendar",
];

#[test]
fn every_regression_folder_has_a_runner() {
    let Ok(entries) = std::fs::read_dir(ROOT) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            RUNNERS.contains(&name.as_str()),
            "tests/fuzz_regressions/{name} has no runner in tests/fuzz_regressions.rs"
        );
    }
}

/// As fuzz/fuzz_targets/post.rs.
#[test]
fn post_inputs_load() {
    let sample = b"---\ntitle: Meetup roundup\n---\nAda from [Example](https://example.org) talked about *Engines*.\n";
    for (name, bytes) in inputs("post", sample) {
        let files = vec![("posts/2019-04-03-meetup.md".to_owned(), bytes.clone())];
        let corpus = load_files(&files, &LoadOptions::default());
        assert!(
            !corpus
                .warnings
                .iter()
                .any(|w| w.message.contains("internal error")),
            "{name}: {:?}",
            corpus.warnings
        );
        let _ = emcee::corpus::explain(
            "posts/2019-04-03-meetup.md",
            &String::from_utf8_lossy(&bytes),
        );
        let archive = Archive::new(corpus);
        let _ = archive.corpus.dump();
    }
}

/// As fuzz/fuzz_targets/data_files.rs.
#[test]
fn data_file_inputs_load() {
    const POST: &str = "---\ntitle: Meetup roundup\n---\nThanks to everyone who came on 3 April 2019.\n\n\
        * Ada Example from Example Corp talked about \"Deploying things\".\n";
    for (name, bytes) in inputs(
        "data_files",
        b"\x01name = \"A meetup\"\ntimezone = \"Europe/Paris\"\n",
    ) {
        let Some((&which, file)) = bytes.split_first() else {
            continue;
        };
        match which % 3 {
            0 => {
                let _ = emcee::config::Config::from_parts(
                    None,
                    Some(&String::from_utf8_lossy(file)),
                    [("EMCEE_SERVER_LISTEN".to_owned(), "127.0.0.1:0".to_owned())],
                );
            }
            which => {
                let path = if which == 1 {
                    "community.toml"
                } else {
                    "events/2019-04-03-meetup.toml"
                };
                let files = vec![
                    (path.to_owned(), file.to_vec()),
                    (
                        "posts/2019-04-03-meetup.md".to_owned(),
                        POST.as_bytes().to_vec(),
                    ),
                ];
                let corpus = load_files(&files, &LoadOptions::default());
                assert!(
                    !corpus
                        .warnings
                        .iter()
                        .any(|w| w.message.contains("internal error")),
                    "{name}"
                );
                let archive = Archive::new(corpus);
                let _ = emcee::calendar::ics(&archive, chrono::DateTime::UNIX_EPOCH);
            }
        }
    }
}

fn dev_archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");
        Archive::new(emcee::corpus::load(Path::new(dev)).expect("the dev corpus loads"))
    })
}

/// As fuzz/fuzz_targets/command.rs.
#[test]
fn command_inputs_answer() {
    let settings = emcee::commands::Settings::default();
    let context = emcee::router::Context::new(dev_archive(), support::at(support::NOW), &settings);
    for (_, bytes) in inputs("command", b"talk\nquery=kubernetes\npage=2\tquery\tku") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let _ = emcee::router::answer_line(&context, first).reply.to_json();
        let options: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let name = first.trim_start_matches('/');
        let _ = emcee::router::invoke(&context, name, options)
            .reply
            .to_text();
        if let Some((option, typed)) = text.split_once('\t') {
            let _ = emcee::commands::complete(dev_archive(), name, option, typed, 25);
        }
    }
}

/// As fuzz/fuzz_targets/discord_interaction.rs: signed, over loopback; never a 5xx.
#[tokio::test]
async fn discord_interaction_inputs_answer() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let public_key = hex::encode(key.verifying_key().to_bytes());
    let app = support::app(support::config(&[(
        "EMCEE_DISCORD_PUBLIC_KEY",
        &public_key,
    )]));
    let address = support::serve_shared(Arc::new(app)).await;
    let sample = br#"{"type":2,"application_id":"1","token":"t","data":{"name":"talk","options":[{"name":"query","type":3,"value":"kapitan"}]}}"#;
    for (name, body) in inputs("discord_interaction", sample) {
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let signature = hex::encode(key.sign(&[timestamp.as_bytes(), &body].concat()).to_bytes());
        let request = reqwest::Client::new()
            .post(format!("http://{address}/discord/interactions"))
            .header("content-type", "application/json")
            .header("x-signature-ed25519", signature)
            .header("x-signature-timestamp", timestamp)
            .body(body);
        answers_without_a_server_error(&name, request).await;
    }
}

/// As fuzz/fuzz_targets/slack_command.rs: signed, over loopback; never a 5xx.
#[tokio::test]
async fn slack_command_inputs_answer() {
    slack_inputs_answer(
        "slack_command",
        "/slack/commands",
        b"command=%2Ftalk&text=kapitan",
    )
    .await;
}

/// As fuzz/fuzz_targets/slack_interaction.rs: a signed click, over loopback; never a 5xx.
#[tokio::test]
async fn slack_interaction_inputs_answer() {
    let click = r#"payload={"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"more:/company contino --page 2"}]}"#;
    slack_inputs_answer("slack_interaction", "/slack/interactions", click.as_bytes()).await;
}

/// Sends a fuzz input's request: the server answers, and never with a 5xx.
async fn answers_without_a_server_error(name: &str, request: reqwest::RequestBuilder) {
    let response = request.send().await.expect("the server answers");
    assert!(
        !response.status().is_server_error(),
        "{name}: {}",
        response.status()
    );
}

/// Posts each input of `target` to `path`, signed with the app's secret.
async fn slack_inputs_answer(target: &str, path: &str, sample: &[u8]) {
    const SECRET: &str = "fuzzing-signing-secret";
    let app = support::app(support::config(&[("EMCEE_SLACK_SIGNING_SECRET", SECRET)]));
    let address = support::serve_shared(Arc::new(app)).await;
    for (name, body) in inputs(target, sample) {
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
        mac.update(format!("v0:{timestamp}:").as_bytes());
        mac.update(&body);
        let signature = format!("v0={}", hex::encode(mac.finalize().into_bytes()));
        let request = reqwest::Client::new()
            .post(format!("http://{address}{path}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-signature", signature)
            .header("x-slack-request-timestamp", timestamp)
            .body(body);
        answers_without_a_server_error(&name, request).await;
    }
}

/// The calendar target decodes its bytes with `arbitrary`, which only the fuzz crate has: its
/// crashes are kept here as the events they decoded to, written out by hand. The sample is a
/// meetup on the first day chrono can hold, in a zone with a half-hour offset.
#[test]
fn calendar_inputs_render() {
    assert!(
        !Path::new(ROOT).join("calendar").exists(),
        "calendar crashes are kept as events in this test, not as files"
    );
    let mut corpus = emcee::corpus::Corpus::default();
    let day = chrono::NaiveDate::MIN;
    corpus.events.push(emcee::corpus::Event::new(
        emcee::corpus::EventDate::Day(day),
        "Meetup",
        emcee::corpus::Kind::Meetup,
    ));
    corpus.community.timezone = chrono_tz::Asia::Kolkata;
    corpus.community.start_time = chrono::NaiveTime::from_hms_opt(23, 59, 0);
    let archive = Archive::new(corpus);
    let feed = emcee::calendar::ics(&archive, chrono::DateTime::<chrono::Utc>::MIN_UTC);
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
}

/// Regression (fuzzer timeout): a meetup dated far ahead (a typo in a post, year 200000) made
/// the feed describe the time zone's offsets for every day up to it, so one request to
/// `/calendar.ics` ran for minutes. Now the zone is described around each meetup's year.
#[test]
fn a_meetup_centuries_ahead_costs_the_feed_three_years_of_zone() {
    let mut corpus = emcee::corpus::Corpus::default();
    for day in [
        chrono::NaiveDate::from_ymd_opt(2019, 4, 3),
        chrono::NaiveDate::from_ymd_opt(200_000, 4, 3),
        chrono::NaiveDate::from_ymd_opt(262_142, 12, 31),
    ] {
        corpus.events.push(emcee::corpus::Event::new(
            emcee::corpus::EventDate::Day(day.expect("a day")),
            "Meetup",
            emcee::corpus::Kind::Meetup,
        ));
    }
    corpus.community.timezone = chrono_tz::Europe::London;
    let archive = Archive::new(corpus);
    let feed = emcee::calendar::ics(&archive, support::at("2019-03-10T12:00:00Z"));
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 3, "{feed}");
    // London changes its clocks twice a year: 2018 to 2020 around the real meetup, and none in
    // the far years (past the zone's table the offset stays put).
    let changes = feed.matches("BEGIN:DAYLIGHT").count() + feed.matches("BEGIN:STANDARD").count();
    assert!(
        (6..=8).contains(&changes),
        "{changes} offset changes:\n{feed}"
    );
}
