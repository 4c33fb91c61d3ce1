//! Several `emcee serve` processes on one PostgreSQL database (`EMCEE_TEST_DATABASE_URL`, each
//! test in a database of its own), posting to a local fake of Discord and Slack: one leader,
//! each due reminder posted exactly once, a leader killed with SIGKILL replaced within 30 s with
//! the reminders due in the gap still posted, and 1,000 RSVP clicks from both platforms over
//! three replicas kept as 1,000 answers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use serde_json::json;

use crate::fakes::FakeApi;
use crate::support::{self, Served};

/// A data dir whose one meetup starts at `start` (UTC, whole minutes).
fn meetup_at(name: &str, start: DateTime<Utc>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-replicas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).expect("a data dir");
    std::fs::write(
        dir.join("community.toml"),
        format!(
            "name = \"Replica Community\"\nid = \"replica-community\"\ntimezone = \"UTC\"\n\
             start_time = \"{}\"\n",
            start.format("%H:%M")
        ),
    )
    .expect("written");
    std::fs::write(
        dir.join("events/next.toml"),
        format!(
            "date = \"{}\"\nid = \"replica-1\"\ntitle = \"Replica meetup\"\nkind = \"meetup\"\n\
             rsvp_url = \"https://example.org/rsvp\"\n",
            start.format("%Y-%m-%d")
        ),
    )
    .expect("written");
    dir
}

/// The settings every replica shares: the fake as both platforms' API, one channel on each,
/// the database, and the lease (the default when `None`).
fn settings(
    fake: &str,
    state: &str,
    reminders: &str,
    lease: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut settings = vec![
        ("EMCEE_DISCORD_TOKEN", "test-bot-token".to_owned()),
        ("EMCEE_DISCORD_API_BASE", fake.to_owned()),
        ("EMCEE_SLACK_BOT_TOKEN", "xoxb-test".to_owned()),
        ("EMCEE_SLACK_API_BASE", format!("{fake}/api")),
        ("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "111".to_owned()),
        ("EMCEE_ANNOUNCE_SLACK_CHANNELS", "C111".to_owned()),
        ("EMCEE_ANNOUNCE_REMINDERS", reminders.to_owned()),
        ("EMCEE_STATE_URL", state.to_owned()),
    ];
    if let Some(lease) = lease {
        settings.push(("EMCEE_STATE_LEASE", lease.to_owned()));
    }
    settings
}

fn replica(name: &str, data: &Path, settings: &[(&'static str, String)]) -> Served {
    let mut env: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("EMCEE_SERVER_REPLICA", name));
    support::spawn_serve_over(name, data.to_str().expect("utf-8"), &[], &env)
}

/// (Discord posts in channel 111, Slack posts in C111) so far.
fn posted(fake: &FakeApi) -> (usize, usize) {
    let discord = fake.requests("/api/v10/channels/111/messages").len();
    let slack = fake
        .requests("/api/chat.postMessage")
        .iter()
        .filter(|s| s.body["channel"] == "C111")
        .count();
    (discord, slack)
}

/// Waits until both platforms have `n` posts (or more); false after `within`.
async fn until_posted(fake: &FakeApi, n: usize, within: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < within {
        let (discord, slack) = posted(fake);
        if discord >= n && slack >= n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// The replica's `emcee_leader` value from `/metrics`, if it answers.
fn leads(served: &Served) -> Option<bool> {
    let response = served.request("GET", "/metrics", &[], "");
    let line = response
        .lines()
        .find(|line| line.starts_with("emcee_leader "))?;
    Some(line.trim_end().ends_with(" 1"))
}

/// The start of the first whole minute at least `ahead` from now.
fn whole_minute_after(ahead: TimeDelta) -> DateTime<Utc> {
    let at = Utc::now() + ahead + TimeDelta::minutes(1);
    at.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("a whole minute")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_post_each_due_reminder_once_and_one_leads() {
    let Some(state) = support::postgres("two") else {
        return;
    };
    let (fake, address) = FakeApi::start().await;
    // The 1-day reminder became due a few minutes ago, within the grace.
    let start = whole_minute_after(TimeDelta::days(1) - TimeDelta::minutes(10));
    let data = meetup_at("two", start);
    let settings = settings(&format!("http://{address}"), &state, "1d", Some("10s"));
    let replicas = [
        replica("replica-a", &data, &settings),
        replica("replica-b", &data, &settings),
    ];
    assert!(
        until_posted(&fake, 1, Duration::from_secs(60)).await,
        "the due reminder was never posted: {:?}",
        posted(&fake)
    );
    // Long enough for a second leader's announcer to have posted it again.
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(posted(&fake), (1, 1), "each platform got the reminder once");
    let leaders: Vec<Option<bool>> = replicas.iter().map(leads).collect();
    assert_eq!(
        leaders.iter().filter(|l| **l == Some(true)).count(),
        1,
        "{leaders:?}"
    );
    assert_eq!(
        leaders.iter().filter(|l| **l == Some(false)).count(),
        1,
        "{leaders:?}"
    );
    for served in &replicas {
        let ready = served.request("GET", "/readyz", &[], "");
        assert!(ready.contains("store: postgres postgres://"), "{ready}");
        assert!(ready.contains("role: "), "{ready}");
        let metrics = served.request("GET", "/metrics", &[], "");
        assert!(metrics.contains("emcee_store_up 1"), "{metrics}");
        assert!(
            metrics.contains("emcee_store_latency_seconds_count"),
            "{metrics}"
        );
    }
    for (served, name) in replicas.into_iter().zip(["replica-a", "replica-b"]) {
        let (_, logged) = served.stop();
        assert!(logged.contains(&format!("replica={name} ")), "{logged}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_leader_is_replaced_and_the_reminder_due_meanwhile_goes_out_once() {
    let Some(state) = support::postgres("failover") else {
        return;
    };
    let (fake, address) = FakeApi::start().await;
    // Reminders two hours before the meetup and one minute before that: the first is due now,
    // the second at `gap`, while the leader is dead.
    let gap = whole_minute_after(TimeDelta::seconds(40));
    let start = gap + TimeDelta::minutes(120);
    let data = meetup_at("failover", start);
    // The default lease: the takeover bound checked is the one operators get.
    let settings = settings(&format!("http://{address}"), &state, "121m,120m", None);
    let mut replicas: Vec<Served> = ["replica-1", "replica-2", "replica-3"]
        .iter()
        .map(|name| replica(name, &data, &settings))
        .collect();
    assert!(
        until_posted(&fake, 1, Duration::from_secs(60)).await,
        "the first reminder was never posted: {:?}",
        posted(&fake)
    );
    let leader = replicas
        .iter()
        .position(|r| leads(r) == Some(true))
        .expect("one replica leads");
    assert!(
        Utc::now() < gap,
        "the leader must die before the second reminder is due"
    );
    replicas.remove(leader).kill();
    let killed = Instant::now();
    // Another replica takes the lease within 30 s.
    let mut took_over = None;
    while killed.elapsed() < Duration::from_secs(60) {
        if replicas.iter().any(|r| leads(r) == Some(true)) {
            took_over = Some(killed.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let took_over = took_over.expect("a replica took over");
    eprintln!("a replica took over {took_over:?} after the leader was killed");
    assert!(took_over <= Duration::from_secs(30), "took {took_over:?}");
    // The reminder due in the gap goes out, once.
    assert!(
        until_posted(&fake, 2, Duration::from_secs(180)).await,
        "the reminder due during the gap was never posted: {:?}",
        posted(&fake)
    );
    assert!(Utc::now() >= gap);
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(posted(&fake), (2, 2), "nothing posted twice");
    let leaders = replicas.iter().filter(|r| leads(r) == Some(true)).count();
    assert_eq!(leaders, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_clicks_from_both_platforms_over_three_replicas_are_a_thousand_rsvps() {
    use crate::rsvp::{SLACK_SECRET, discord, discord_click, discord_command, key, slack};
    let Some(state) = support::postgres("clicks") else {
        return;
    };
    let (_fake, address) = FakeApi::start().await;
    let fake_base = format!("http://{address}");
    let data = crate::rsvp::data_dir("replica-clicks");
    let public_key = hex::encode(key().verifying_key().to_bytes());
    let api_base = format!("{fake_base}/api");
    let env = [
        ("EMCEE_DISCORD_PUBLIC_KEY", public_key.as_str()),
        ("EMCEE_DISCORD_APPLICATION_ID", "2002"),
        ("EMCEE_DISCORD_API_BASE", fake_base.as_str()),
        ("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET),
        ("EMCEE_SLACK_API_BASE", api_base.as_str()),
        ("EMCEE_SLACK_BOT_TOKEN", "xoxb-test"),
        ("EMCEE_STATE_URL", state.as_str()),
    ];
    let replicas: Vec<Served> = (1..=3)
        .map(|n| {
            support::spawn_serve_over(
                &format!("clicks-{n}"),
                data.to_str().expect("utf-8"),
                &[],
                &env,
            )
        })
        .collect();
    let addresses: Arc<Vec<String>> =
        Arc::new(replicas.iter().map(|r| r.address.clone()).collect());
    let next = discord(
        &addresses[0],
        &discord_command("next-meetup", json!([]), ("1", "First")),
    )
    .await;
    let embeds = Arc::new(next["data"]["embeds"].clone());
    let going = "rsvp:going:loop-1";
    let limit = Arc::new(tokio::sync::Semaphore::new(24));
    let started = Instant::now();
    let mut clicks = tokio::task::JoinSet::new();
    for n in 0..1000usize {
        let (addresses, embeds, limit) = (
            Arc::clone(&addresses),
            Arc::clone(&embeds),
            Arc::clone(&limit),
        );
        let fake_base = fake_base.clone();
        clicks.spawn(async move {
            let _permit = limit.acquire().await.expect("the semaphore");
            let served = &addresses[n % 3];
            if n % 2 == 0 {
                let user = format!("{}", 500_000 + n);
                let token = format!("click-{n}");
                let answer = discord(
                    served,
                    &discord_click(going, (&user, "Member"), &embeds, &token),
                )
                .await;
                assert_eq!(answer["type"], 7, "{answer}");
            } else {
                let user = format!("U{n:05}");
                let response_url = format!("{fake_base}/response/{n}");
                let message = json!({"text": "next", "blocks": []});
                let payload =
                    crate::rsvp::slack_click_payload(&user, &message, going, &response_url);
                let (status, body) = slack(
                    served,
                    "/slack/interactions",
                    &[("payload", &payload.to_string())],
                )
                .await;
                assert_eq!(status, 200, "{body}");
            }
        });
    }
    while let Some(done) = clicks.join_next().await {
        done.expect("every click is answered");
    }
    eprintln!(
        "1,000 clicks over 3 replicas, 24 at a time, answered in {:?}",
        started.elapsed()
    );
    let store = emcee::store::PgStore::connect(&state).expect("the database");
    let rsvps = emcee::store::RsvpStore::rsvps(&store, "loopback-community", "loop-1")
        .expect("the answers");
    let distinct: std::collections::BTreeSet<(String, String)> = rsvps
        .iter()
        .map(|r| (r.source.as_str().to_owned(), r.user_id.clone()))
        .collect();
    assert_eq!(rsvps.len(), 1000);
    assert_eq!(distinct.len(), 1000);
    let on_discord = rsvps
        .iter()
        .filter(|r| r.source == emcee::rsvp::Source::Discord)
        .count();
    assert_eq!(on_discord, 500);
    // Every replica counts all of them.
    for served in &addresses[..] {
        let answer = discord(
            served,
            &discord_command("next-meetup", json!([]), ("1", "First")),
        )
        .await;
        assert_eq!(
            crate::rsvp::discord_count(&answer["data"]["embeds"][0]),
            "1000 going (500 on Discord, 500 on Slack)"
        );
    }
    drop(replicas);
}
