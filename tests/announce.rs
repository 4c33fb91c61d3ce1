//! Announcements against local fakes of Discord's and Slack's APIs, with the clock injected:
//! posted once per channel across runs, through a 500 and a 429, after a killed process,
//! across both clock changes of Europe/London, and for a post dropped into a live data dir.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use emcee::announcer::Announcer;
use emcee::app::App;
use emcee::archive::Archive;
use serde_json::Value;

use crate::fakes::{FakeApi, Scripted};
use crate::support::{self, at};

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-announce-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    dir
}

/// `EMCEE_*` settings that post to the fake in the given channels, logging to `state`.
fn settings(
    api: std::net::SocketAddr,
    state: &Path,
    discord: &str,
    slack: &str,
) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("EMCEE_DISCORD_TOKEN", "test-bot-token".to_owned()),
        ("EMCEE_DISCORD_API_BASE", format!("http://{api}")),
        ("EMCEE_SLACK_BOT_TOKEN", "xoxb-test".to_owned()),
        ("EMCEE_SLACK_API_BASE", format!("http://{api}/api")),
        ("EMCEE_STATE_URL", state.display().to_string()),
    ];
    if !discord.is_empty() {
        pairs.push(("EMCEE_ANNOUNCE_DISCORD_CHANNELS", discord.to_owned()));
    }
    if !slack.is_empty() {
        pairs.push(("EMCEE_ANNOUNCE_SLACK_CHANNELS", slack.to_owned()));
    }
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The app over `archive` with the state store its config names, as `serve` opens it.
fn app_with_store(archive: Archive, config: emcee::config::Config) -> App {
    let store = emcee::store::open(config.state.url.expose()).expect("the state store opens");
    App::new(archive, config).with_store(store)
}

/// An announcer over `archive` with quick in-tick retries.
fn announcer(archive: Archive, pairs: &[(String, String)]) -> Announcer {
    let config = emcee::config::Config::from_parts(None, None, pairs.iter().cloned())
        .expect("a valid config");
    let app = Arc::new(app_with_store(archive, config));
    let mut announcer = emcee::server::announcer(app).expect("the announcer starts");
    announcer.backoff = Duration::from_millis(20);
    announcer
}

/// Discord messages posted to channel `id` (requests the fake answered, scripted or not).
fn discord_posts(fake: &FakeApi, id: &str) -> Vec<Value> {
    fake.requests(&format!("/api/v10/channels/{id}/messages"))
        .into_iter()
        .map(|s| s.body)
        .collect()
}

fn slack_posts(fake: &FakeApi) -> Vec<Value> {
    fake.requests("/api/chat.postMessage")
        .into_iter()
        .map(|s| s.body)
        .collect()
}

/// The bundled data's 3 April 2019 meetup (18:30 BST) has its 7-day reminder at 18:30 GMT on
/// 27 March, before the clocks change on the 31st.
const SEVEN_DAYS_BEFORE: &str = "2019-03-27T18:31:00Z";

#[tokio::test]
async fn a_due_reminder_reaches_each_channel_once_across_two_runs() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("once").join("state.sqlite");
    let pairs = settings(api, &state, "111", "C1");

    let first = announcer(support::bundled(), &pairs);
    let report = first.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert_eq!(
        report.sent,
        [
            "cnl-2019-04/reminder/7d/discord:111",
            "cnl-2019-04/reminder/7d/slack:C1"
        ]
    );
    // A restart: a new process over the same delivery log posts nothing new.
    drop(first);
    let again = announcer(support::bundled(), &pairs);
    let report = again.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert!(report.sent.is_empty(), "{report:?}");

    let discord = discord_posts(&fake, "111");
    assert_eq!(discord.len(), 1);
    let embed = &discord[0]["embeds"][0];
    assert_eq!(embed["title"], "Cloud Native London April");
    assert!(
        embed["description"]
            .as_str()
            .is_some_and(|d| d.contains("Wednesday 3 April 2019 at 18:30 (BST)"))
    );
    assert_eq!(
        discord[0]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );

    let slack = slack_posts(&fake);
    assert_eq!(slack.len(), 1);
    assert_eq!(slack[0]["channel"], "C1");
    assert!(slack[0]["blocks"].is_array());
    assert!(slack[0].get("link_names").is_none() && slack[0].get("parse").is_none());
    assert!(
        slack[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("Cloud Native London April"))
    );
}

#[tokio::test]
async fn a_500_is_retried_and_posts_one_message() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("500").join("state.sqlite");
    fake.script("/channels/111/messages", vec![Scripted::status(500)]);
    let announcer = announcer(support::bundled(), &settings(api, &state, "111", ""));
    let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert_eq!(report.sent, ["cnl-2019-04/reminder/7d/discord:111"]);
    assert_eq!(report.retried, 1);
    assert_eq!(
        discord_posts(&fake, "111").len(),
        2,
        "one failed try, one message"
    );
    let status = announcer.status().expect("the log");
    assert_eq!(status[0].state.as_str(), "sent");
    assert_eq!(status[0].attempts, 1, "retried within one claim");
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_posts_one_message() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("429").join("state.sqlite");
    fake.script(
        "/api/chat.postMessage",
        vec![Scripted {
            body: serde_json::json!({"ok": false, "error": "ratelimited"}),
            ..Scripted::status(429).header("Retry-After", "1")
        }],
    );
    let announcer = announcer(support::bundled(), &settings(api, &state, "", "C1"));
    let started = Instant::now();
    let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited for Retry-After: {:?}",
        started.elapsed()
    );
    assert_eq!(report.sent, ["cnl-2019-04/reminder/7d/slack:C1"]);
    assert_eq!(slack_posts(&fake).len(), 2);

    // Discord's 429 behind api_base (serenity's rate limiter is off there): its Retry-After is
    // honoured too, not the 20 ms backoff of these tests; then the body's retry_after.
    for scripted in [
        Scripted::status(429).header("Retry-After", "1"),
        Scripted {
            body: serde_json::json!({"message": "You are being rate limited.",
                                     "retry_after": 1.0, "global": false}),
            ..Scripted::status(429)
        },
    ] {
        let (fake, api) = FakeApi::start().await;
        let state = scratch("429-discord").join("state.sqlite");
        let _ = std::fs::remove_file(&state);
        fake.script("/channels/111/messages", vec![scripted]);
        let announcer = self::announcer(support::bundled(), &settings(api, &state, "111", ""));
        let started = Instant::now();
        let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
        assert!(
            started.elapsed() >= Duration::from_millis(950),
            "waited for Discord's Retry-After: {:?}",
            started.elapsed()
        );
        assert_eq!(report.sent.len(), 1);
        assert_eq!(discord_posts(&fake, "111").len(), 2);
    }
}

#[tokio::test]
async fn a_timeout_is_retried_and_posts_one_message() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("timeout").join("state.sqlite");
    fake.script(
        "/channels/111/messages",
        vec![Scripted {
            delay: Duration::from_secs(5),
            ..Scripted::status(200)
        }],
    );
    let mut announcer = announcer(support::bundled(), &settings(api, &state, "111", ""));
    announcer.post_timeout = Duration::from_millis(300);
    let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert_eq!(report.sent, ["cnl-2019-04/reminder/7d/discord:111"]);
    assert_eq!(report.retried, 1);
    assert_eq!(discord_posts(&fake, "111").len(), 2);
}

#[tokio::test]
async fn permanent_failures_are_recorded_not_retried() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("403").join("state.sqlite");
    fake.script("/channels/111/messages", vec![Scripted::status(403)]);
    fake.script(
        "/api/chat.postMessage",
        vec![Scripted {
            body: serde_json::json!({"ok": false, "error": "not_in_channel"}),
            ..Scripted::status(200)
        }],
    );
    let announcer = announcer(support::bundled(), &settings(api, &state, "111", "C1"));
    let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert_eq!(report.failed.len(), 2, "{report:?}");
    assert!(report.failed[1].1.contains("not_in_channel"), "{report:?}");
    // Later ticks do not try again.
    let later = announcer
        .tick(at("2019-03-27T20:00:00Z"))
        .await
        .expect("a tick");
    assert!(
        later.sent.is_empty() && later.failed.is_empty(),
        "{later:?}"
    );
    assert_eq!(discord_posts(&fake, "111").len(), 1);
    assert_eq!(slack_posts(&fake).len(), 1);
    let states: Vec<String> = announcer
        .status()
        .expect("the log")
        .iter()
        .map(|r| r.state.as_str().to_owned())
        .collect();
    assert_eq!(states, ["failed-permanently", "failed-permanently"]);
}

/// Regression: a platform that took the post but answered in a shape the client could not read
/// (200 with `ok: true` for Slack, a 2xx without a message for Discord) got the same reminder
/// three times; a yes is recorded as posted, one message each.
#[tokio::test]
async fn an_accepted_post_answered_in_an_unexpected_shape_is_posted_once() {
    let (fake, api) = FakeApi::start().await;
    let state = scratch("odd-shape").join("state.sqlite");
    let odd = |body: Value| Scripted {
        body,
        ..Scripted::status(200)
    };
    let three = |body: Value| vec![odd(body.clone()), odd(body.clone()), odd(body)];
    fake.script(
        "/api/chat.postMessage",
        three(serde_json::json!({"ok": true, "ts": 1553711460})),
    );
    fake.script(
        "/channels/111/messages",
        three(serde_json::json!("message received")),
    );
    let announcer = announcer(support::bundled(), &settings(api, &state, "111", "C1"));
    let report = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert_eq!(report.sent.len(), 2, "{report:?}");
    assert_eq!(report.retried, 0, "{report:?}");
    assert_eq!(slack_posts(&fake).len(), 1);
    assert_eq!(discord_posts(&fake, "111").len(), 1);
    let states: Vec<String> = announcer
        .status()
        .expect("the log")
        .iter()
        .map(|r| r.state.as_str().to_owned())
        .collect();
    assert_eq!(states, ["sent", "sent"]);
}

/// Writes a data dir: the community and one meetup on `date`, in emcee's own format.
fn data_dir(name: &str, date: &str) -> PathBuf {
    let dir = scratch(name).join("data");
    std::fs::create_dir_all(&dir).expect("a data dir");
    std::fs::write(
        dir.join("community.toml"),
        "name = \"Test Community\"\ntimezone = \"Europe/London\"\nstart_time = \"18:30\"\n\
         venue = \"The Hall\"\n",
    )
    .expect("community written");
    std::fs::create_dir_all(dir.join("events")).expect("events folder");
    std::fs::write(
        dir.join("events/next.toml"),
        format!(
            "date = \"{date}\"\ntitle = \"Test meetup\"\nkind = \"meetup\"\n\
             rsvp_url = \"https://example.org/rsvp\"\n"
        ),
    )
    .expect("event written");
    dir
}

#[tokio::test]
async fn reminders_keep_local_time_across_both_clock_changes() {
    // (meetup, reminder, one minute before it is due, one minute after, local time shown)
    let cases = [
        // 1d before Wednesday 3 April 2019 18:30 BST: Tuesday 18:30 BST = 17:30 UTC.
        (
            "2019-04-03",
            "1d",
            "2019-04-02T17:29:00Z",
            "2019-04-02T17:31:00Z",
            "18:30 (BST)",
        ),
        // 7d before Wednesday 30 October 2019 18:30 GMT: the 23rd, 18:30 BST = 17:30 UTC.
        (
            "2019-10-30",
            "7d",
            "2019-10-23T17:29:00Z",
            "2019-10-23T17:31:00Z",
            "18:30 (GMT)",
        ),
        // 1d before Monday 1 April 2019, on the Sunday the clocks changed: 18:30 BST.
        (
            "2019-04-01",
            "1d",
            "2019-03-31T17:29:00Z",
            "2019-03-31T17:31:00Z",
            "18:30 (BST)",
        ),
    ];
    for (n, (date, reminder, before, after, local)) in cases.into_iter().enumerate() {
        let (fake, api) = FakeApi::start().await;
        let data = data_dir(&format!("dst-{n}"), date);
        let mut pairs = settings(api, &data.with_extension("sqlite"), "111", "");
        pairs.push(("EMCEE_ANNOUNCE_REMINDERS".into(), reminder.into()));
        let archive = Archive::new(emcee::corpus::load(&data).expect("loads"));
        let announcer = announcer(archive, &pairs);
        let early = announcer.tick(at(before)).await.expect("a tick");
        assert!(early.sent.is_empty(), "{date}: {early:?}");
        let due = announcer.tick(at(after)).await.expect("a tick");
        assert_eq!(due.sent.len(), 1, "{date} {reminder} at {after}: {due:?}");
        let posted = discord_posts(&fake, "111");
        let description = posted[0]["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(description.contains(local), "{date}: {description}");
    }
}

#[test]
fn a_process_killed_mid_send_never_posts_twice() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (fake, api) = runtime.block_on(FakeApi::start());
    fake.script("/channels/111/messages", vec![Scripted::hang()]);
    let dir = scratch("killed");
    let pairs = settings(api, &dir.join("state.sqlite"), "111", "");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let run = |now: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"));
        command
            .args(["announce", "--once", "--data", data, "--now", now])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (key, value) in &pairs {
            command.env(key, value);
        }
        command
    };
    // The first run hangs inside the HTTP call; kill it there, as a crash would.
    let mut child = run(SEVEN_DAYS_BEFORE).spawn().expect("announce starts");
    runtime.block_on(fake.wait_for("/channels/111/messages"));
    child.kill().expect("killed");
    child.wait().expect("reaped");

    // Restarted: the announcement is not posted again (at most once).
    let out = run(SEVEN_DAYS_BEFORE).output().expect("announce runs");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("nothing due"), "{printed}");

    // After the lease the row is recorded as in doubt, still not reposted.
    let out = run("2019-03-27T18:45:00Z").output().expect("announce runs");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("in doubt cnl-2019-04/reminder/7d/discord:111"),
        "{printed}"
    );
    assert_eq!(
        discord_posts(&fake, "111").len(),
        1,
        "only the killed attempt"
    );

    let status = {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"));
        command
            .args(["announce", "--status", "--data", data])
            .current_dir(&dir);
        for (key, value) in &pairs {
            command.env(key, value);
        }
        command.output().expect("status runs")
    };
    let printed = String::from_utf8_lossy(&status.stdout);
    assert!(
        printed.contains("cnl-2019-04/reminder/7d/discord:111 unknown"),
        "{printed}"
    );
}

#[test]
fn dry_run_prints_what_where_when() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (_fake, api) = runtime.block_on(FakeApi::start());
    let dir = scratch("dry-run");
    let pairs = settings(api, &dir.join("state.sqlite"), "111", "C1");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"));
    command
        .args([
            "announce",
            "--dry-run",
            "--now",
            "2019-03-20T12:00:00Z",
            "--data",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
        .current_dir(&dir);
    for (key, value) in &pairs {
        command.env(key, value);
    }
    let out = command.output().expect("dry run");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}");
    let line = printed
        .lines()
        .find(|l| l.contains("discord:111") && l.contains("7d reminder"))
        .unwrap_or_else(|| panic!("a line for the 7d reminder: {printed}"));
    assert!(line.contains("27 March 2019 at 18:30 (GMT)"), "{line}");
    assert!(printed.lines().any(|l| l.contains("slack:C1")), "{printed}");
}

/// On a fresh delivery log, `--dry-run` shows exactly what `--once` then does: the roundups
/// already published are the first start's baseline, not "post now"; the skipped history is
/// left out unless `--all` asks for it.
#[test]
fn dry_run_on_a_fresh_log_shows_what_once_does() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (fake, api) = runtime.block_on(FakeApi::start());
    let dir = scratch("dry-run-fresh");
    let pairs = settings(api, &dir.join("state.sqlite"), "111", "");
    // Two days after a roundup was published, and before any reminder of the next meetup.
    let run = |now: &str, args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"));
        command
            .arg("announce")
            .args(args)
            .args(["--now", now, "--data"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
            .current_dir(&dir);
        for (key, value) in &pairs {
            command.env(key, value);
        }
        let out = command.output().expect("announce runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    const NOW: &str = "2019-03-08T12:00:00Z";
    let dry = run(NOW, &["--dry-run"]);
    assert!(!dry.contains("post now"), "{dry}");
    assert!(
        dry.contains("7d reminder") && dry.contains("[later]"),
        "{dry}"
    );
    let once = run(NOW, &["--once"]);
    assert!(once.contains("nothing due"), "{once}");
    assert!(discord_posts(&fake, "111").is_empty());
    assert_eq!(
        run(NOW, &["--dry-run"]),
        dry,
        "the same plan after the first start"
    );

    // Three days after the 7-day reminder was due: that one is history.
    const LATER: &str = "2019-03-30T12:00:00Z";
    let dry = run(LATER, &["--dry-run"]);
    assert!(
        !dry.contains("skip:"),
        "history is left out by default: {dry}"
    );
    assert!(dry.contains("1d reminder"), "{dry}");
    assert!(dry.contains("--all lists them"), "{dry}");
    let all = run(LATER, &["--dry-run", "--all"]);
    assert!(
        all.lines()
            .any(|l| l.contains("7d reminder") && l.contains("skip:")),
        "{all}"
    );
}

#[tokio::test]
async fn a_post_dropped_into_the_live_data_dir_is_announced_once() {
    let (fake, api) = FakeApi::start().await;
    let data = data_dir("live", "2019-04-03");
    let pairs = settings(api, &data.with_extension("sqlite"), "111", "");
    let config = emcee::config::Config::from_parts(None, None, pairs.iter().cloned())
        .expect("a valid config");
    let mut memory = emcee::corpus::LastGood::default();
    let options = emcee::corpus::LoadOptions::default();
    let corpus = emcee::corpus::reload(&data, &options, &mut memory).expect("loads");
    let app = Arc::new(app_with_store(Archive::new(corpus), config));
    let announcer = emcee::server::announcer(Arc::clone(&app)).expect("the announcer starts");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let watching = tokio::spawn(emcee::watch::watch(
        Arc::clone(&app),
        data.clone(),
        memory,
        until_stopped(),
    ));
    let stopping = until_stopped();
    let running =
        tokio::spawn(async move { announcer.run(Duration::from_millis(100), stopping).await });
    // Let the first ticks take the baseline, then publish a roundup of three days ago.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        discord_posts(&fake, "111").is_empty(),
        "nothing is news yet"
    );
    let day = (chrono::Utc::now() - chrono::TimeDelta::days(3)).format("%Y-%m-%d");
    std::fs::create_dir_all(data.join("posts")).expect("posts folder");
    std::fs::write(
        data.join(format!("posts/{day}-roundup.md")),
        format!(
            "---\ntitle: \"Test meetup roundup\"\ndate: {day}\n---\n\nThanks to all who came. \
             Ada Lovelace from Analytical Engines gave a talk on \
             [Computing Numbers](https://youtu.be/abcdefghijk?t=61).\n"
        ),
    )
    .expect("post written");
    let deadline = Instant::now() + Duration::from_secs(10);
    while discord_posts(&fake, "111").is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A few more ticks: still one message.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        let _ = watching.await;
        let _ = running.await;
    })
    .await;
    let posted = discord_posts(&fake, "111");
    assert_eq!(posted.len(), 1, "{posted:?}");
    let embed = posted[0]["embeds"][0].to_string();
    assert!(embed.contains("Computing Numbers"), "{embed}");
    assert!(embed.contains("Ada Lovelace"), "{embed}");
}

/// A meetup moved to another day is reminded on the new day only; a removed one not at all.
#[tokio::test]
async fn moved_meetups_are_rescheduled_and_removed_ones_cancelled() {
    let (fake, api) = FakeApi::start().await;
    let data = data_dir("moved", "2019-04-03");
    let pairs = settings(api, &data.with_extension("sqlite"), "111", "");
    let config = emcee::config::Config::from_parts(None, None, pairs.iter().cloned())
        .expect("a valid config");
    let load = |dir: &Path| Archive::new(emcee::corpus::load(dir).expect("loads"));
    let app = Arc::new(app_with_store(load(&data), config));
    let announcer = emcee::server::announcer(Arc::clone(&app)).expect("the announcer starts");

    // Moved a week later before its 7-day reminder was due.
    let event = std::fs::read_to_string(data.join("events/next.toml")).expect("event");
    std::fs::write(
        data.join("events/next.toml"),
        event.replace("2019-04-03", "2019-04-10"),
    )
    .expect("moved");
    app.swap_archive(load(&data));
    let old_due = announcer.tick(at(SEVEN_DAYS_BEFORE)).await.expect("a tick");
    assert!(old_due.sent.is_empty(), "{old_due:?}");
    // 7 days before 10 April 18:30 BST is 3 April 17:30 UTC.
    let new_due = announcer
        .tick(at("2019-04-03T17:31:00Z"))
        .await
        .expect("a tick");
    assert_eq!(new_due.sent, ["events-next/reminder/7d/discord:111"]);

    // Removed before its 1-day reminder: nothing more is posted.
    std::fs::remove_file(data.join("events/next.toml")).expect("removed");
    app.swap_archive(load(&data));
    let removed = announcer
        .tick(at("2019-04-09T17:31:00Z"))
        .await
        .expect("a tick");
    assert!(removed.sent.is_empty(), "{removed:?}");
    assert_eq!(discord_posts(&fake, "111").len(), 1);
}
