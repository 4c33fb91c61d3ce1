//! `emcee check` as a user runs it: counts, warnings as `file:line: message`, the JSON dump's
//! exact field names, and exit codes.

use std::collections::BTreeSet;
use std::process::Command;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");

/// Runs the emcee binary; the exit code, stdout and stderr.
pub(crate) fn emcee(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(args)
        .output()
        .expect("emcee runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn keys(value: &serde_json::Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn check_prints_counts_and_warnings_with_file_and_line() {
    let (code, out, _) = emcee(&["check", "--data", SEEDS]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("9 events, 19 talks"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("004_6f4baa6ce7a4740c.txt:8: ") && l.contains("3018")),
        "{out}"
    );
}

#[test]
fn check_fails_only_when_the_data_dir_cannot_be_read() {
    let (code, _, err) = emcee(&["check", "--data", "/nonexistent/emcee-data"]);
    assert_ne!(code, 0);
    assert!(err.contains("/nonexistent/emcee-data"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn json_dump_has_exactly_the_contract_fields() {
    let (code, out, _) = emcee(&["check", "--data", SEEDS, "--json"]);
    assert_eq!(code, 0);
    let dump: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(keys(&dump), BTreeSet::from(["events", "warnings"]));
    let events = dump["events"].as_array().expect("events array");
    let event_keys = BTreeSet::from([
        "date",
        "title",
        "kind",
        "sources",
        "location",
        "venue",
        "hosts",
        "sponsors",
        "video_url",
        "rsvp_url",
        "announced_companies",
        "talks",
    ]);
    let talk_keys = BTreeSet::from([
        "title",
        "speakers",
        "video_url",
        "video_start",
        "slides_url",
        "takeaways",
    ]);
    for event in events {
        assert_eq!(keys(event), event_keys);
        for talk in event["talks"].as_array().expect("talks") {
            assert_eq!(keys(talk), talk_keys);
            for speaker in talk["speakers"].as_array().expect("speakers") {
                assert_eq!(
                    keys(speaker),
                    BTreeSet::from(["name", "affiliation", "canonical", "affiliation_canonical"])
                );
            }
        }
        for sponsor in event["sponsors"].as_array().expect("sponsors") {
            assert_eq!(keys(sponsor), BTreeSet::from(["name", "url", "canonical"]));
            // `[aliases]` in data/community.toml: "Redhat" is shown as "Red Hat".
            if sponsor["name"] == "Redhat" {
                assert_eq!(sponsor["canonical"], "Red Hat");
            }
        }
    }
    let feb = events
        .iter()
        .find(|e| e["date"] == "2021-02-03")
        .expect("the February 2021 meetup");
    assert_eq!(feb["kind"], "meetup");
    assert_eq!(feb["talks"][0]["video_start"], 1861);
    assert_eq!(feb["talks"][0]["speakers"][0]["affiliation"], "Red Hat");
    assert!(
        events.iter().any(|e| e["date"] == "2018-11"),
        "month-only date"
    );
    let warning = &dump["warnings"][0];
    assert_eq!(keys(warning), BTreeSet::from(["source", "line", "message"]));
}

#[test]
fn bundled_data_is_the_default_and_loads_cleanly() {
    let (code, out, _) = emcee(&[
        "check",
        "--data",
        concat!(env!("CARGO_MANIFEST_DIR"), "/data"),
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("9 events, 19 talks") && out.contains("0 warnings"),
        "{out}"
    );
}

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

#[test]
fn ask_answers_on_the_bundled_data() {
    let (code, out, _) = emcee(&["ask", "/talk kapitan", "--data", DATA]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Deployments with Kapitan\n"), "{out}");
    assert!(
        out.contains("Alessandro De Maria (DeepMind Health)"),
        "{out}"
    );
    // The bundled community.toml gives the start time and time zone.
    let (_, out, _) = emcee(&[
        "ask",
        "/next-meetup",
        "--data",
        DATA,
        "--now",
        "2019-03-10T12:00:00Z",
    ]);
    assert!(
        out.starts_with("Next meetup: Wednesday 3 April 2019 at 18:30 (in 24 days)"),
        "{out}"
    );
}

/// `--batch --json` echoes each command with its line number (blank lines keep the numbering)
/// beside its reply; a line asked wrongly makes the batch exit 2.
#[test]
fn ask_json_and_batch() {
    let batch = std::env::temp_dir().join(format!("emcee-batch-{}.txt", std::process::id()));
    std::fs::write(&batch, "/talk kapitan\n\n/tlak x\n/speaker wilkei\n").expect("write batch");
    let path = batch.to_str().expect("utf-8 path");
    let (code, out, _) = emcee(&["ask", "--data", DATA, "--json", "--batch", path]);
    assert_eq!(code, 2, "/tlak is an unknown command: {out}");
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect();
    let numbers: Vec<_> = records.iter().map(|r| r["line"].as_u64()).collect();
    assert_eq!(numbers, [Some(1), Some(3), Some(4)]);
    assert_eq!(records[1]["query"], "/tlak x");
    assert_eq!(records[0]["reply"]["title"], "Deployments with Kapitan");
    assert_eq!(records[1]["reply"]["ephemeral"], true);
    assert_eq!(records[1]["reply"]["suggestions"][0], "/talk");
    assert_eq!(records[2]["reply"]["title"], "Tom Wilkie");

    // Without a usage error, a batch with a line that matches nothing still exits 0.
    std::fs::write(&batch, "/talk kapitan\n/talk xyzzy plugh\n").expect("write batch");
    let (code, out, _) = emcee(&["ask", "--data", DATA, "--batch", path]);
    let _ = std::fs::remove_file(&batch);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No talk found"), "{out}");
}

/// Scripts can tell an answer (0) from no match (1) from a command asked wrongly (2).
#[test]
fn ask_exit_status_tells_answer_no_match_and_usage_apart() {
    let cases: &[(&[&str], i32)] = &[
        (&["/talk kapitan"], 0),
        (&["/help"], 0),
        (&["/talk xyzzy plugh"], 1),
        (&["/speaker zebulon quintavalle"], 1),
        (&["/meetup june 1999"], 1),
        (&["/tlak kapitan"], 2),
        (&["/talk"], 2),
        (&["/meetup the day after tomorrow"], 2),
        (&["/company contino", "--page", "0"], 2),
    ];
    for (args, expected) in cases {
        let mut argv = vec!["ask", "--data", DATA];
        argv.extend_from_slice(args);
        let (code, out, err) = emcee(&argv);
        assert_eq!(code, *expected, "{args:?}: {out}{err}");
        assert!(!out.is_empty(), "{args:?} still answers");
    }
}

#[test]
fn ask_rejects_an_unparsable_now_clearly() {
    let (code, out, err) = emcee(&["ask", "/next-meetup", "--data", DATA, "--now", "tomorrow"]);
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(
        err.contains("--now 'tomorrow'") && !err.contains("panicked"),
        "{err}"
    );
    let (code, _, err) = emcee(&["ask", "--data", DATA]);
    assert_ne!(code, 0);
    assert!(err.contains("give a command"), "{err}");
}

/// `ask --config` answers as chat does: `/next-meetup` links the calendar of `public_url`,
/// exactly as the same app answers it on Discord.
#[test]
fn ask_with_a_config_links_the_calendar_as_chat_does() {
    let dir = scratch("ask-config");
    let file = dir.join("emcee.toml");
    std::fs::write(
        &file,
        format!(
            "[server]\npublic_url = \"https://emcee.example.org/\"\n[state]\nurl = \"{}\"\n",
            dir.join("state.sqlite").display()
        ),
    )
    .expect("written");
    let now = "2019-03-10T12:00:00Z";
    let config = file.to_str().expect("utf-8 path");
    let (code, out, err) = emcee(&[
        "ask",
        "/next-meetup",
        "--data",
        DATA,
        "--now",
        now,
        "--config",
        config,
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let asked: serde_json::Value = serde_json::from_str(&out).expect("a JSON reply");
    let fields = asked["fields"].as_array().expect("fields");
    let calendar = fields.iter().find(|f| f["name"] == "Calendar");
    assert_eq!(
        calendar.map(|f| &f["value"]),
        Some(&serde_json::json!("https://emcee.example.org/calendar.ics"))
    );
    // Chat reads the same state store, so the counts and buttons agree too.
    let store = emcee::store::SqliteLog::open(dir.join("state.sqlite")).expect("the store");
    let app = crate::support::app(crate::support::config(&[(
        "EMCEE_SERVER_PUBLIC_URL",
        "https://emcee.example.org/",
    )]))
    .with_rsvps(std::sync::Arc::new(store));
    let chat = app.answer_on("discord", "/next-meetup").to_json();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&chat).unwrap(),
        asked
    );
    let (_, without, _) = emcee(&["ask", "/next-meetup", "--data", DATA, "--now", now]);
    assert!(!without.contains("calendar.ics"), "{without}");
    let (code, _, err) = emcee(&[
        "ask",
        "/help",
        "--data",
        DATA,
        "--config",
        "/nonexistent.toml",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.toml"), "{err}");
}

/// Every subcommand that reads the data dir documents `--data` the same way.
#[test]
fn every_subcommand_has_an_example_in_its_help() {
    for subcommand in [
        "init", "check", "ask", "serve", "announce", "commands", "rsvp",
    ] {
        let (code, out, _) = emcee(&[subcommand, "--help"]);
        assert_eq!(code, 0);
        let examples = out.split_once("Examples:\n").map(|(_, e)| e).unwrap_or("");
        assert!(
            examples.contains(&format!("emcee {subcommand}")),
            "{subcommand}: {out}"
        );
    }
}

#[test]
fn every_subcommand_that_reads_data_explains_data() {
    for subcommand in ["init", "check", "ask", "serve", "announce"] {
        let (code, out, _) = emcee(&[subcommand, "--help"]);
        assert_eq!(code, 0);
        assert!(
            out.contains("--data <DIR>") && out.contains("The data dir: the community's posts"),
            "{subcommand}: {out}"
        );
    }
}

/// A fresh empty directory to run `emcee serve` in (so no ./emcee.toml is picked up).
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    dir
}

#[test]
fn commands_discord_prints_the_registration_json() {
    let (code, out, err) = emcee(&["commands", "discord"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    crate::support::assert_lists_every_command(&json);
}

#[test]
fn serve_refuses_bad_config_naming_the_key() {
    let dir = scratch("bad-config");
    let file = dir.join("bad.toml");
    std::fs::write(&file, "[discord]\npublic_kee = \"ab\"\n").expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(["serve", "--data", DATA, "--config"])
        .arg(&file)
        .current_dir(&dir)
        .output()
        .expect("emcee runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("public_kee"), "{err}");

    let out = Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(["serve", "--data", DATA])
        .env("EMCEE_DISCORD_PUBLIC_KEY", "not-a-key")
        .env("EMCEE_DISCORD_TOKEN", "secret-token-value")
        .current_dir(&dir)
        .output()
        .expect("emcee runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("discord.public_key"), "{err}");
    assert!(!err.contains("secret-token-value"), "{err}");
}

#[test]
fn serve_answers_health_and_stops_on_sigterm() {
    let served = crate::support::spawn_serve("health", &[], &[]);
    let response = served.request("GET", "/healthz", &[], "");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("ok"), "{response}");
    let (code, logged) = served.stop();
    assert_eq!(code, Some(0), "{logged}");
    assert!(
        logged.contains("neither Discord nor Slack is configured"),
        "{logged}"
    );
}

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// `check --verbose` on another community's blog: one line per post, with where its date came
/// from, and a note for what the organiser should look at.
#[test]
fn check_verbose_lists_each_post_and_where_its_date_came_from() {
    let data = format!("{CORPORA}/chennaipy");
    let (code, out, _) = emcee(&["check", "--verbose", "--data", &data]);
    assert_eq!(code, 0, "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("content/meetups/mom/2019/2019-04-mom.md: meetup "))
        .expect("a line for the April 2019 minutes");
    assert!(
        line.contains("meetup 2019-04-27 (from the text (line "),
        "{line}"
    );
    assert!(line.contains(" 4 talks"), "{line}");
    assert!(
        out.contains("community.toml: note: no community.toml in the data dir"),
        "{out}"
    );
}

/// `check --explain FILE`: each fact with its rule and the line it came from; a path outside
/// the data dir is refused.
#[test]
fn check_explain_shows_each_fact_with_rule_and_line() {
    let data = format!("{CORPORA}/chennaipy");
    let (code, out, _) = emcee(&[
        "check",
        "--data",
        &data,
        "--explain",
        "content/meetups/mom/2019/2019-04-mom.md",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("talk \"Causal Inference\" by Dhanesh Kasinathan (Pramathi)"),
        "{out}"
    );
    assert!(out.contains("rule: sections"), "{out}");
    assert!(out.contains("date 2019-04-27"), "{out}");
    let (code, _, err) = emcee(&["check", "--data", &data, "--explain", "../labels/x.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inside the data dir"), "{err}");
}

#[test]
fn ask_pages_with_a_flag() {
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");
    let (code, out, _) = emcee(&["ask", "/company contino", "--data", dev, "--page", "2"]);
    assert_eq!(code, 0);
    assert!(out.contains("Sponsored (11–19 of 19 meetups)"), "{out}");
}

/// Without community.toml, every subcommand that reads the data dir says once what falls back.
#[test]
fn a_data_dir_without_community_toml_is_noted_once() {
    let dir = scratch("no-community");
    std::fs::create_dir_all(dir.join("posts")).expect("posts dir");
    std::fs::write(
        dir.join("posts/2024-05-08-may-meetup.md"),
        "---\ntitle: May meetup\n---\nThanks to everyone who came on Wednesday.\n",
    )
    .expect("post written");
    let data = dir.to_str().expect("utf-8 path");
    let state = dir.join("state.sqlite");
    let config = dir.join("emcee.toml");
    std::fs::write(
        &config,
        format!(
            "[announce]\ndiscord_channels = [\"1\"]\nstate = \"{}\"\n[discord]\ntoken = \"t\"\n",
            state.display()
        ),
    )
    .expect("config written");
    let config = config.to_str().expect("utf-8 path");
    let runs: [&[&str]; 3] = [
        &["ask", "/stats", "--data", data],
        &["announce", "--dry-run", "--data", data, "--config", config],
        &["check", "--data", data],
    ];
    for args in runs {
        let (_, out, err) = emcee(args);
        let said = format!("{out}{err}");
        assert_eq!(
            said.matches("no community.toml").count(),
            1,
            "{args:?}: {said}"
        );
        assert!(
            said.contains("UTC") && said.contains("emcee init"),
            "{said}"
        );
    }
    std::fs::write(dir.join("community.toml"), "name = \"Test Group\"\n").expect("written");
    let (_, out, err) = emcee(&["ask", "/stats", "--data", data]);
    assert!(!format!("{out}{err}").contains("community.toml"), "{err}");
}

/// `emcee init` on a copy of a real blog writes a community.toml that emcee reads back (with the
/// time zone of the city its posts name) and an emcee.toml skeleton that is a valid config, and
/// never overwrites either.
#[test]
fn init_writes_community_and_config_files_once() {
    let dir = scratch("init");
    let blog = dir.join("blog");
    let _ = std::fs::remove_dir_all(&blog);
    let _ = std::fs::remove_file(dir.join("emcee.toml"));
    copy_dir(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/copenhagenjs"
        )),
        &blog,
    );
    let init = || {
        let out = Command::new(env!("CARGO_BIN_EXE_emcee"))
            .args(["init", "--data", "blog"])
            .current_dir(&dir)
            .output()
            .expect("init runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let said = init();
    assert!(said.contains("wrote blog/community.toml"), "{said}");
    assert!(said.contains("wrote emcee.toml"), "{said}");
    let written = std::fs::read_to_string(blog.join("community.toml")).expect("written");
    let community = emcee::corpus::Community::parse(&written).expect("a valid community.toml");
    assert_eq!(community.timezone.name(), "Europe/Copenhagen", "{written}");
    assert!(
        written.lines().any(|l| l.starts_with("# ")),
        "commented: {written}"
    );
    let config = dir.join("emcee.toml");
    emcee::config::Config::load(Some(&config), std::iter::empty()).expect("a valid emcee.toml");

    std::fs::write(blog.join("community.toml"), "name = \"Mine\"\n").expect("edited");
    let said = init();
    assert!(said.contains("left blog/community.toml as it is"), "{said}");
    assert!(said.contains("left emcee.toml as it is"), "{said}");
    let kept = std::fs::read_to_string(blog.join("community.toml")).expect("kept");
    assert_eq!(kept, "name = \"Mine\"\n");

    let (code, out, _) = emcee(&["check", "--data", blog.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert!(!out.contains("no community.toml"), "{out}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

/// Regression: `emcee check --json | head -1` panicked with "Broken pipe" (exit 101). Every
/// subcommand that prints runs with its stdout's reader already gone, and must end with 0 and
/// say nothing.
#[test]
fn a_closed_pipe_ends_every_subcommand_quietly_with_zero() {
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let scratch = std::env::temp_dir().join(format!("emcee-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch dir");
    let batch = scratch.join("batch.txt");
    std::fs::write(&batch, "/talk kubernetes\n/speaker a\n/sponsors\n").expect("writes");
    let state = scratch.join("state.sqlite");
    let explain = std::fs::read_dir(SEEDS)
        .expect("seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".txt"))
        .expect("a seed post");
    let batch = batch.display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "--data", dev],
        vec!["check", "--data", dev, "--json"],
        vec!["check", "--data", dev, "--verbose"],
        vec!["check", "--data", SEEDS, "--explain", &explain],
        vec!["ask", "/sponsors", "--data", dev],
        vec!["ask", "/sponsors", "--data", dev, "--json"],
        vec!["ask", "--batch", &batch, "--data", dev],
        vec![
            "announce",
            "--dry-run",
            "--data",
            data,
            "--now",
            "2019-03-20T12:00:00Z",
        ],
        vec!["announce", "--status", "--data", data],
        vec!["commands", "discord"],
        vec!["commands", "slack"],
        vec!["commands", "slack", "--url", "https://emcee.example.org"],
        vec!["rsvp", "list", "--data", data],
        vec!["--help"],
        vec!["check", "--help"],
    ];
    for args in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emcee"))
            .args(&args)
            .current_dir(&scratch)
            .env("EMCEE_STATE_URL", state.display().to_string())
            .env("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "111")
            .env("EMCEE_DISCORD_TOKEN", "not-a-real-token")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("emcee starts");
        // The reader goes away before emcee has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("emcee ends");
        let err = String::from_utf8_lossy(&out.stderr);
        let err: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains(" INFO ") && !l.contains(" WARN "))
            // The once-per-run note that the dev blog has no community.toml.
            .filter(|l| !l.starts_with("warning: no community.toml"))
            .collect();
        assert_eq!(out.status.code(), Some(0), "emcee {args:?}: {err:?}");
        assert!(err.is_empty(), "emcee {args:?} said: {err:?}");
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
