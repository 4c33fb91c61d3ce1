//! RSVPs end to end: `emcee serve` as a child process over loopback, Discord's and Slack's
//! clicks with real signatures, their APIs faked locally, the state store on disk. A Discord
//! click and a Slack click give one count on both platforms; a second click changes nothing;
//! Not going takes one off; the count survives a kill -9; a capacity of one waitlists and then
//! promotes; and the 1-day reminder mentions exactly the members going.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

use crate::cli::emcee;
use crate::fakes::FakeApi;
use crate::support::{self, Served};

pub(crate) const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

pub(crate) fn key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

/// A data dir with two meetups far ahead: one without a capacity, one with a capacity of 1.
pub(crate) fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-rsvp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).expect("a data dir");
    std::fs::write(
        dir.join("community.toml"),
        "name = \"Loopback Community\"\nid = \"loopback-community\"\ntimezone = \"UTC\"\nstart_time = \"18:30\"\n",
    )
    .expect("written");
    std::fs::write(
        dir.join("events/next.toml"),
        "date = \"2099-04-01\"\nid = \"loop-1\"\ntitle = \"Loopback meetup\"\nkind = \"meetup\"\n\
         rsvp_url = \"https://www.meetup.com/loopback/events/1/\"\n",
    )
    .expect("written");
    std::fs::write(
        dir.join("events/small.toml"),
        "date = \"2099-05-06\"\nid = \"loop-2\"\ntitle = \"Small room\"\nkind = \"meetup\"\n\
         capacity = 1\n",
    )
    .expect("written");
    dir
}

struct Setup {
    data: PathBuf,
    state: PathBuf,
    fake: FakeApi,
    fake_base: String,
}

impl Setup {
    fn serve(&self, name: &str) -> Served {
        let public_key = hex::encode(key().verifying_key().to_bytes());
        let api_base = format!("{}/api", self.fake_base);
        support::spawn_serve_over(
            name,
            self.data.to_str().expect("utf-8"),
            &[],
            &[
                ("EMCEE_DISCORD_PUBLIC_KEY", &public_key),
                ("EMCEE_DISCORD_APPLICATION_ID", "2002"),
                ("EMCEE_DISCORD_API_BASE", &self.fake_base),
                ("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET),
                ("EMCEE_SLACK_API_BASE", &api_base),
                ("EMCEE_SLACK_BOT_TOKEN", "xoxb-test"),
                ("EMCEE_STATE_URL", self.state.to_str().expect("utf-8")),
            ],
        )
    }
}

/// POSTs a Discord interaction signed now; the JSON answer.
pub(crate) async fn discord(served: &str, interaction: &Value) -> Value {
    let body = interaction.to_string();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let signature = hex::encode(
        key()
            .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
            .to_bytes(),
    );
    let response = reqwest::Client::new()
        .post(format!("http://{served}/discord/interactions"))
        .header("content-type", "application/json")
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", timestamp)
        .body(body)
        .send()
        .await
        .expect("emcee answers");
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.expect("JSON")
}

fn discord_user(id: &str, name: &str) -> Value {
    json!({"user": {"id": id, "username": name, "global_name": name, "discriminator": "0",
                    "avatar": null},
           "roles": [], "joined_at": "2019-01-01T00:00:00+00:00", "deaf": false, "mute": false,
           "permissions": "0"})
}

pub(crate) fn discord_command(name: &str, options: Value, user: (&str, &str)) -> Value {
    json!({
        "id": "1002", "application_id": "2002", "type": 2, "token": "command-token",
        "version": 1, "locale": "en-GB", "entitlements": [], "attachment_size_limit": 8_388_608,
        "channel_id": "3003", "guild_id": "9009", "member": discord_user(user.0, user.1),
        "data": {"id": "5005", "name": name, "type": 1, "options": options}
    })
}

pub(crate) fn discord_click(
    custom_id: &str,
    user: (&str, &str),
    embeds: &Value,
    token: &str,
) -> Value {
    json!({
        "id": "1003", "application_id": "2002", "type": 3, "token": token, "version": 1,
        "locale": "en-GB", "channel_id": "3003", "guild_id": "9009",
        "member": discord_user(user.0, user.1),
        "message": {"id": "6006", "embeds": embeds, "components": []},
        "data": {"custom_id": custom_id, "component_type": 2}
    })
}

/// The value of the embed's Going field.
pub(crate) fn discord_count(embed: &Value) -> String {
    embed["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "Going"))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// The custom ids of a Discord message's buttons.
fn custom_ids(response: &Value) -> Vec<String> {
    response["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// POSTs a form to a Slack endpoint of emcee, v0-signed now; the status and the body.
pub(crate) async fn slack(served: &str, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    let body = crate::slack::form(pairs);
    let timestamp = chrono::Utc::now().timestamp();
    let response = reqwest::Client::new()
        .post(format!("http://{served}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            "X-Slack-Signature",
            crate::slack::sign(SLACK_SECRET, timestamp, &body),
        )
        .header("X-Slack-Request-Timestamp", timestamp.to_string())
        .body(body)
        .send()
        .await
        .expect("emcee answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

pub(crate) async fn slack_command(served: &str, command: &str, text: &str, user: &str) -> Value {
    let (status, body) = slack(
        served,
        "/slack/commands",
        &[
            ("team_id", "T1"),
            ("channel_id", "C1"),
            ("user_id", user),
            ("user_name", user),
            ("command", command),
            ("text", text),
            ("response_url", "https://hooks.slack.com/commands/T1/1/x"),
            ("trigger_id", "1.2.3"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("JSON")
}

/// The count block's text in a Slack message.
pub(crate) fn slack_count(message: &Value) -> String {
    message["blocks"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["block_id"] == "emcee_rsvp_count"))
        .and_then(|b| b["text"]["text"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// The `block_actions` payload of `user` clicking `action_id` on `message`.
pub(crate) fn slack_click_payload(
    user: &str,
    message: &Value,
    action_id: &str,
    response_url: &str,
) -> Value {
    json!({
        "type": "block_actions",
        "team": {"id": "T1", "domain": "community"},
        "user": {"id": user, "username": user, "name": user, "team_id": "T1"},
        "api_app_id": "A1",
        "token": "deprecated",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "C1",
                      "is_ephemeral": false},
        "trigger_id": "1.2.3",
        "channel": {"id": "C1", "name": "general"},
        "message": {"type": "message", "ts": "1.2", "text": message["text"],
                    "blocks": message["blocks"]},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b", "value": action_id,
                     "type": "button", "action_ts": "1.3"}],
    })
}

/// Clicks a button of a Slack message as `user`; the replies posted to its response_url.
async fn slack_click(
    setup: &Setup,
    served: &str,
    message: &Value,
    action_id: &str,
    user: &str,
    n: usize,
) -> Vec<Value> {
    let response_path = format!("/response/{n}");
    let response_url = format!("{}{response_path}", setup.fake_base);
    let payload = slack_click_payload(user, message, action_id, &response_url);
    let (status, body) = slack(
        served,
        "/slack/interactions",
        &[("payload", &payload.to_string())],
    )
    .await;
    assert_eq!(status, 200, "acknowledged at once: {body}");
    for _ in 0..200 {
        let seen = setup.fake.requests(&response_path);
        if seen.len() >= 2 || seen.iter().any(|s| s.body["replace_original"] == false) {
            return seen.into_iter().map(|s| s.body).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no answer through the response_url")
}

/// Runs `emcee announce --once` at `now` over the same data and state.
fn announce(setup: &Setup, now: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(["announce", "--once", "--now", now, "--data"])
        .arg(&setup.data)
        .env("EMCEE_DISCORD_TOKEN", "test-token")
        .env("EMCEE_DISCORD_API_BASE", &setup.fake_base)
        .env("EMCEE_SLACK_BOT_TOKEN", "xoxb-test")
        .env("EMCEE_SLACK_API_BASE", format!("{}/api", setup.fake_base))
        .env("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "111")
        .env("EMCEE_ANNOUNCE_SLACK_CHANNELS", "C1")
        .env("EMCEE_ANNOUNCE_REMINDERS", "7d,1d")
        .env("EMCEE_STATE_URL", &setup.state)
        .current_dir(setup.state.parent().unwrap_or(Path::new(".")))
        .output()
        .expect("emcee announce runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_count_across_discord_and_slack_through_restarts_waitlists_and_reminders() {
    let (fake, address) = FakeApi::start().await;
    let data = data_dir("loopback");
    let state = data.with_extension("state.sqlite");
    let _ = std::fs::remove_file(&state);
    let setup = Setup {
        data,
        state,
        fake,
        fake_base: format!("http://{address}"),
    };
    let ada = ("1100", "Ada");
    let served = setup.serve("rsvp-1");

    // /next-meetup on Discord answers at once with the buttons and the count.
    let next = discord(
        &served.address,
        &discord_command("next-meetup", json!([]), ada),
    )
    .await;
    assert_eq!(next["type"], 4, "{next}");
    assert_eq!(discord_count(&next["data"]["embeds"][0]), "0 going");
    let ids = custom_ids(&next);
    assert_eq!(ids, ["rsvp:going:loop-1", "rsvp:not:loop-1"], "{next}");
    let embeds = next["data"]["embeds"].clone();

    // Ada clicks Going on Discord: type 7 with the new count, then a private note.
    let clicked = discord(
        &served.address,
        &discord_click(&ids[0], ada, &embeds, "click-1"),
    )
    .await;
    assert_eq!(clicked["type"], 7, "{clicked}");
    assert_eq!(
        discord_count(&clicked["data"]["embeds"][0]),
        "1 going (1 on Discord)"
    );
    let note = setup.fake.wait_for("/webhooks/2002/click-1").await;
    assert_eq!(note.body["flags"], 64, "{:?}", note.body);
    assert!(
        note.body
            .to_string()
            .contains("You're going to Wednesday 1 April"),
        "{:?}",
        note.body
    );

    // Bo clicks Going on Slack: acknowledged, then the message replaced with the count and a
    // private note.
    let slack_next = slack_command(&served.address, "/next-meetup", "", "U2").await;
    let going = "rsvp:going:loop-1";
    assert!(slack_next.to_string().contains(going), "{slack_next}");
    let replies = slack_click(&setup, &served.address, &slack_next, going, "U2", 1).await;
    let replaced = replies
        .iter()
        .find(|r| r["replace_original"] == true)
        .expect("the message replaced");
    assert_eq!(
        slack_count(replaced),
        "*Going*\n2 going (1 on Discord, 1 on Slack)"
    );
    let private = replies
        .iter()
        .find(|r| r["replace_original"] == false)
        .expect("a private note");
    assert_eq!(private["response_type"], "ephemeral");

    // The next /next-meetup says 2 going on either platform.
    let again = discord(
        &served.address,
        &discord_command("next-meetup", json!([]), ada),
    )
    .await;
    assert_eq!(
        discord_count(&again["data"]["embeds"][0]),
        "2 going (1 on Discord, 1 on Slack)"
    );
    let slack_again = slack_command(&served.address, "/next-meetup", "", "U2").await;
    assert_eq!(
        slack_count(&slack_again),
        "*Going*\n2 going (1 on Discord, 1 on Slack)"
    );

    // The same click twice keeps 2; Not going gives 1.
    let replies = slack_click(&setup, &served.address, &slack_again, going, "U2", 2).await;
    assert!(
        replies
            .iter()
            .any(|r| slack_count(r).ends_with("2 going (1 on Discord, 1 on Slack)")),
        "{replies:?}"
    );
    let left = discord(
        &served.address,
        &discord_click(&ids[1], ada, &embeds, "click-2"),
    )
    .await;
    assert_eq!(
        discord_count(&left["data"]["embeds"][0]),
        "1 going (1 on Slack)"
    );

    // A kill -9 and a new process: the count is still there.
    served.kill();
    let served = setup.serve("rsvp-2");
    let after = discord(
        &served.address,
        &discord_command("next-meetup", json!([]), ada),
    )
    .await;
    assert_eq!(
        discord_count(&after["data"]["embeds"][0]),
        "1 going (1 on Slack)"
    );
    // Ada comes back; Cy says going and then not: only Ada and Bo are going.
    discord(
        &served.address,
        &discord_click(&ids[0], ada, &embeds, "click-3"),
    )
    .await;
    // Dee is going but asks not to be mentioned.
    let dee = ("4400", "Dee");
    discord(
        &served.address,
        &discord_click(&ids[0], dee, &embeds, "click-dee"),
    )
    .await;
    let quiet = discord(
        &served.address,
        &discord_command(
            "rsvp",
            json!([{"name": "notify", "type": 3, "value": "off"}]),
            dee,
        ),
    )
    .await;
    assert!(
        quiet.to_string().contains("will not mention you"),
        "{quiet}"
    );
    assert_eq!(quiet["data"]["flags"], 64, "private: {quiet}");
    let cy = ("3300", "Cy");
    discord(
        &served.address,
        &discord_click(&ids[0], cy, &embeds, "click-4"),
    )
    .await;
    discord(
        &served.address,
        &discord_click(&ids[1], cy, &embeds, "click-5"),
    )
    .await;

    // A capacity of 1: Ada is going, Bo waits, Ada leaves, Bo is promoted and told on Slack.
    let small = discord(
        &served.address,
        &discord_command(
            "rsvp",
            json!([{"name": "meetup", "type": 3, "value": "2099-05-06"}]),
            ada,
        ),
    )
    .await;
    let small_ids = custom_ids(&small);
    assert_eq!(
        small_ids,
        ["rsvp:going:loop-2", "rsvp:not:loop-2"],
        "{small}"
    );
    let small_embeds = small["data"]["embeds"].clone();
    discord(
        &served.address,
        &discord_click(&small_ids[0], ada, &small_embeds, "click-6"),
    )
    .await;
    let replies = slack_click(&setup, &served.address, &slack_next, &small_ids[0], "U2", 3).await;
    let text = serde_json::to_string(&replies).expect("JSON");
    assert!(
        text.contains("1 going (1 on Discord), 1 on the waitlist"),
        "{text}"
    );
    assert!(text.contains("number 1 on the waitlist"), "{text}");
    let freed = discord(
        &served.address,
        &discord_click(&small_ids[1], ada, &small_embeds, "click-7"),
    )
    .await;
    assert_eq!(
        discord_count(&freed["data"]["embeds"][0]),
        "1 going (1 on Slack)"
    );
    let told = setup.fake.wait_for("/api/chat.postMessage").await;
    assert_eq!(told.body["channel"], "U2", "{:?}", told.body);
    assert!(
        told.body.to_string().contains("A place freed up"),
        "{:?}",
        told.body
    );
    served.stop();

    // The 1-day reminder mentions exactly the members going, each on their own platform.
    let out = announce(&setup, "2099-03-31T18:31:00Z");
    assert!(
        out.contains("posted loop-1/reminder/1d/discord:111"),
        "{out}"
    );
    assert!(out.contains("posted loop-1/reminder/1d/slack:C1"), "{out}");
    let posted = setup.fake.requests("/api/v10/channels/111/messages");
    assert_eq!(posted.len(), 1, "{posted:?}");
    let body = &posted[0].body;
    assert_eq!(body["content"], "<@1100>", "{body}");
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    assert_eq!(body["allowed_mentions"]["users"], json!(["1100"]));
    assert_eq!(body["allowed_mentions"]["roles"], json!([]));
    assert_eq!(
        discord_count(&body["embeds"][0]),
        "3 going (2 on Discord, 1 on Slack)"
    );
    let slack_posts: Vec<Value> = setup
        .fake
        .requests("/api/chat.postMessage")
        .into_iter()
        .map(|s| s.body)
        .filter(|b| b["channel"] == "C1")
        .collect();
    assert_eq!(slack_posts.len(), 1, "{slack_posts:?}");
    let slack_text = slack_posts[0].to_string();
    assert!(slack_text.contains("<@U2>"), "{slack_text}");
    assert!(
        !slack_text.contains("3300") && !slack_text.contains("4400") && !slack_text.contains("<!"),
        "{slack_text}"
    );
}

/// A data dir whose one meetup has 30 sponsors: /sponsors lists 25 and has a next page.
fn many_sponsors() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-more-data-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).expect("a data dir");
    std::fs::write(dir.join("community.toml"), "name = \"Paging\"\n").expect("written");
    let sponsors: Vec<String> = (1..=30)
        .map(|i| format!("{{ name = \"Sponsor {i:02}\" }}"))
        .collect();
    std::fs::write(
        dir.join("events/big.toml"),
        format!(
            "date = \"2019-04-03\"\ntitle = \"Big one\"\nkind = \"meetup\"\nsponsors = [{}]\n",
            sponsors.join(", ")
        ),
    )
    .expect("written");
    dir
}

/// The app over [`many_sponsors`], served in-process on loopback.
async fn paging_server(env: &[(&str, &str)]) -> String {
    let data = many_sponsors();
    let archive = emcee::archive::Archive::new(emcee::corpus::load(&data).expect("loads"));
    let app = emcee::app::App::new(archive, support::config(env));
    support::serve(app).await.to_string()
}

#[tokio::test]
async fn more_on_discord_answers_with_the_next_page() {
    let public_key = hex::encode(key().verifying_key().to_bytes());
    let served = paging_server(&[("EMCEE_DISCORD_PUBLIC_KEY", &public_key)]).await;
    let first = discord(
        &served,
        &discord_command("sponsors", json!([]), ("1100", "Ada")),
    )
    .await;
    assert!(first.to_string().contains("25 of 30 sponsors"), "{first}");
    assert_eq!(custom_ids(&first), ["more:/sponsors --page 2"]);
    let embeds = first["data"]["embeds"].clone();
    let next = discord(
        &served,
        &discord_click(
            "more:/sponsors --page 2",
            ("1100", "Ada"),
            &embeds,
            "more-1",
        ),
    )
    .await;
    assert_eq!(next["type"], 4, "a new message with the next page: {next}");
    let text = next.to_string();
    assert!(text.contains("26–30 of 30 sponsors"), "{text}");
    assert!(
        text.contains("Sponsor 30") && !text.contains("Sponsor 01"),
        "{text}"
    );
    assert!(custom_ids(&next).is_empty(), "the last page has no More");
}

#[tokio::test]
async fn more_on_slack_answers_through_the_response_url() {
    let (fake, address) = FakeApi::start().await;
    let served = paging_server(&[("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET)]).await;
    let setup = Setup {
        data: PathBuf::new(),
        state: PathBuf::new(),
        fake,
        fake_base: format!("http://{address}"),
    };
    let first = slack_command(&served, "/sponsors", "", "U2").await;
    let more = "more:/sponsors --page 2";
    assert!(first.to_string().contains(more), "{first}");
    let replies = slack_click(&setup, &served, &first, more, "U2", 9).await;
    let text = serde_json::to_string(&replies).expect("JSON");
    assert!(text.contains("26–30 of 30 sponsors"), "{text}");
    assert_eq!(replies[0]["replace_original"], false, "{text}");
    assert_eq!(replies[0]["response_type"], "in_channel", "{text}");
}

#[test]
fn the_command_line_answers_counts_exports_and_forgets() {
    let data = data_dir("cli");
    let state = data.with_extension("cli.sqlite");
    let _ = std::fs::remove_file(&state);
    let config = data.with_extension("cli.toml");
    std::fs::write(&config, format!("[state]\nurl = \"{}\"\n", state.display())).expect("written");
    let (data, config) = (data.to_str().unwrap(), config.to_str().unwrap());
    let now = "2099-03-01T12:00:00Z";
    let ask = |line: &str, who: Option<&str>| {
        let mut args = vec![
            "ask", line, "--data", data, "--config", config, "--now", now,
        ];
        if let Some(who) = who {
            args.extend(["--as", who]);
        }
        let (code, out, err) = emcee(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert!(ask("/rsvp going", Some("ada")).contains("You're going to Wednesday 1 April"));
    assert!(ask("/rsvp yes", Some("bo")).contains("You're going"));
    assert!(ask("/rsvp going", Some("bo")).contains("2 going (2 on the command line)"));
    let next = ask("/next-meetup", None);
    assert!(next.contains("2 going (2 on the command line)"), "{next}");
    assert!(next.contains("[Going] [Not going]"), "{next}");
    assert!(ask("/rsvp --notify off", Some("bo")).contains("will not mention you"));
    let (code, out, _) = emcee(&[
        "ask",
        "/rsvp maybe",
        "--data",
        data,
        "--config",
        config,
        "--now",
        now,
        "--as",
        "bo",
    ]);
    assert_eq!(code, 2, "asked wrongly: {out}");
    assert!(out.contains("Answer going or not going"), "{out}");
    assert!(ask("/attendees", None).contains("Only organisers"));
    let attendees = ask("/attendees", Some("ada"));
    assert!(
        attendees.contains("1. ada — the command line"),
        "{attendees}"
    );
    assert!(
        attendees.contains("2. bo — the command line"),
        "{attendees}"
    );
    // The capacity-1 meetup: ada is going, bo waits.
    ask("/rsvp going --meetup 2099-05-06", Some("ada"));
    let waiting = ask("/rsvp going --meetup 2099-05-06", Some("bo"));
    assert!(waiting.contains("number 1 on the waitlist"), "{waiting}");
    // Regression: "--meetup may 2099" was read as part of the answer ("Not an answer", exit
    // 0); every form /meetup takes names the meetup, and no meetup then is exit 1.
    for form in ["may 2099", "2099-05", "May 6 2099"] {
        let line = format!("/rsvp --meetup {form}");
        let said = ask(&line, Some("bo"));
        assert!(said.contains("number 1 on the waitlist"), "{line}: {said}");
    }
    let said = ask("/rsvp going --meetup april 2099", Some("ada"));
    assert!(said.contains("You're going to Wednesday 1 April"), "{said}");
    let (code, out, _) = emcee(&[
        "ask",
        "/rsvp going --meetup june 2099",
        "--data",
        data,
        "--config",
        config,
        "--now",
        now,
        "--as",
        "ada",
    ]);
    assert_eq!(code, 1, "no meetup in June: {out}");
    assert!(out.contains("No meetup in June 2099"), "{out}");

    let export = |meetup: &str, format: &str| {
        let (code, out, err) = emcee(&[
            "rsvp", "export", "--meetup", meetup, "--format", format, "--data", data, "--config",
            config,
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let csv = export("2099-04-01", "csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "meetup,platform,user_id,display_name,status,position,time"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].starts_with("loop-1,cli,ada,ada,going,1,2099-03-01T12:00:00Z"),
        "{csv}"
    );
    let small = export("loop-2", "json");
    let rows: Value = serde_json::from_str(&small).expect("JSON");
    assert_eq!(rows[1]["status"], "waitlist", "{small}");
    assert_eq!(rows[1]["position"], 1, "{small}");

    let (code, listed, _) = emcee(&["rsvp", "list", "--data", data, "--config", config]);
    assert_eq!(code, 0);
    assert!(
        listed.contains("[loop-1]  2 going (2 on the command line)"),
        "{listed}"
    );
    assert!(
        listed.contains("[loop-2]  1 going (1 on the command line), 1 on the waitlist"),
        "{listed}"
    );

    let (code, forgot, _) = emcee(&["rsvp", "forget", "--user", "cli:ada", "--config", config]);
    assert_eq!(code, 0);
    assert!(forgot.contains("2 answer(s) deleted"), "{forgot}");
    assert_eq!(export("2099-04-01", "csv").lines().count(), 2);
    // Bo was waiting for the small room and now has ada's place.
    assert!(export("loop-2", "csv").contains(",bo,bo,going,1,"));
    let (code, _, err) = emcee(&["rsvp", "forget", "--user", "ada", "--config", config]);
    assert_eq!(code, 2);
    assert!(err.contains("PLATFORM:ID"), "{err}");
}

#[tokio::test]
async fn attendees_is_for_organisers_on_both_platforms() {
    let public_key = hex::encode(key().verifying_key().to_bytes());
    let data = data_dir("organisers");
    let archive = emcee::archive::Archive::new(emcee::corpus::load(&data).expect("loads"));
    let store = emcee::store::SqliteLog::open(data.with_extension("org.sqlite")).expect("store");
    let app = emcee::app::App::new(
        archive,
        support::config(&[
            ("EMCEE_DISCORD_PUBLIC_KEY", &public_key),
            ("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET),
            ("EMCEE_RSVP_ORGANISERS", "U9"),
        ]),
    )
    .with_rsvps(std::sync::Arc::new(store));
    let address = support::serve(app).await.to_string();
    let ask = |permissions: &str| {
        let mut command = discord_command("attendees", json!([]), ("1100", "Ada"));
        command["member"]["permissions"] = json!(permissions);
        command
    };
    let refused = discord(&address, &ask("0")).await;
    assert!(refused.to_string().contains("Only organisers"), "{refused}");
    assert_eq!(refused["data"]["flags"], 64);
    let manage_events = (1u64 << 33).to_string();
    let listed = discord(&address, &ask(&manage_events)).await;
    assert!(
        listed.to_string().contains("Attendees: Loopback meetup"),
        "{listed}"
    );
    assert_eq!(listed["data"]["flags"], 64, "private: {listed}");

    let slack_refused = slack_command(&address, "/attendees", "", "U2").await;
    assert!(slack_refused.to_string().contains("Only organisers"));
    let slack_listed = slack_command(&address, "/attendees", "", "U9").await;
    assert!(
        slack_listed
            .to_string()
            .contains("Attendees: Loopback meetup")
    );
    assert_eq!(slack_listed["response_type"], "ephemeral");

    // Discord shows the command only to members who may manage events.
    let registration = serde_json::to_value(emcee::discord::commands()).expect("JSON");
    let attendees = registration
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "attendees"))
        .expect("registered");
    assert_eq!(attendees["default_member_permissions"], manage_events);
}

#[tokio::test]
async fn scheduled_events_follow_the_meetups_once_and_count_the_interested() {
    let (fake, address) = FakeApi::start().await;
    let base = format!("http://{address}");
    let data = data_dir("events");
    let load =
        |data: &Path| emcee::archive::Archive::new(emcee::corpus::load(data).expect("loads"));
    let state = data.with_extension("events.sqlite");
    let _ = std::fs::remove_file(&state);
    let store = std::sync::Arc::new(emcee::store::SqliteLog::open(&state).expect("store"));
    let app = emcee::app::App::new(
        load(&data),
        support::config(&[
            ("EMCEE_DISCORD_TOKEN", "test-token"),
            ("EMCEE_DISCORD_API_BASE", &base),
            ("EMCEE_DISCORD_GUILD_ID", "9009"),
            ("EMCEE_DISCORD_SCHEDULED_EVENTS", "true"),
        ]),
    )
    .with_rsvps(store.clone());
    let http = emcee::discord::http(&app.config);
    let log = emcee::store::SqliteLog::open(&state).expect("the log");
    let now = support::at("2099-03-01T12:00:00Z");
    let guild = serenity::all::GuildId::new(9009);
    let sync = || emcee::discord::events::sync(&app, &http, guild, &log, now);

    let done = sync().await.expect("a sync");
    assert_eq!(done.len(), 2, "{done:?}");
    let created = fake.requests("/api/v10/guilds/9009/scheduled-events");
    let loop1 = created
        .iter()
        .find(|s| s.method == "POST" && s.body["name"] == "Loopback meetup")
        .expect("the first meetup created");
    assert_eq!(loop1.body["entity_type"], 3, "external");
    assert_eq!(loop1.body["scheduled_start_time"], "2099-04-01T18:30:00Z");
    assert_eq!(loop1.body["scheduled_end_time"], "2099-04-01T21:30:00Z");
    assert!(
        loop1.body["description"]
            .as_str()
            .is_some_and(|d| d.contains("RSVP: https://www.meetup.com/loopback/events/1/")),
        "{:?}",
        loop1.body
    );
    // Again: nothing to do, exactly once.
    assert_eq!(sync().await.expect("a sync"), Vec::<String>::new());

    // Ada answered with the buttons; the other interested member is counted apart.
    let ada = emcee::rsvp::Member::new(emcee::rsvp::Source::Discord, "1100", "Ada");
    emcee::store::RsvpStore::set_going(store.as_ref(), "loopback-community", "loop-1", &ada, now)
        .expect("recorded");
    sync().await.expect("a sync");
    let next = app.answer_on("discord", "/next-meetup");
    let count = next
        .fields
        .iter()
        .find(|f| f.name == "Going")
        .expect("a count");
    assert_eq!(
        count.value,
        "1 going (1 on Discord), and 1 interested on Discord"
    );

    // The meetup moves a week: one update of the same event; the small one is removed: deleted.
    std::fs::write(
        data.join("events/next.toml"),
        "date = \"2099-04-08\"\nid = \"loop-1\"\ntitle = \"Loopback meetup\"\nkind = \"meetup\"\n",
    )
    .expect("written");
    std::fs::remove_file(data.join("events/small.toml")).expect("removed");
    app.swap_archive(load(&data));
    let done = sync().await.expect("a sync");
    assert_eq!(done.len(), 2, "{done:?}");
    let all = fake.requests("/api/v10/guilds/9009/scheduled-events");
    let patched: Vec<_> = all.iter().filter(|s| s.method == "PATCH").collect();
    assert_eq!(patched.len(), 1, "{all:?}");
    assert_eq!(
        patched[0].body["scheduled_start_time"],
        "2099-04-08T18:30:00Z"
    );
    let deleted: Vec<_> = all.iter().filter(|s| s.method == "DELETE").collect();
    assert_eq!(deleted.len(), 1, "{all:?}");
    assert_eq!(sync().await.expect("a sync"), Vec::<String>::new());
    // The moved meetup kept its answers: they are keyed by its id, not its date.
    let moved = app.answer_on("discord", "/next-meetup");
    assert!(moved.title.contains("8 April"), "{}", moved.title);
    assert!(
        moved.to_text().contains("1 going (1 on Discord)"),
        "{}",
        moved.to_text()
    );
}

/// Discord: a member promoted from the waitlist gets a DM, and a reminder mentioning 150
/// members goes out as the announcement with 100 of them, then a message with the other 50,
/// each allowed to ping exactly its own users.
#[tokio::test]
async fn discord_direct_messages_and_mentions_beyond_a_hundred() {
    use emcee::announcer::Poster as _;
    let (fake, address) = FakeApi::start().await;
    let config = support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-token"),
        ("EMCEE_DISCORD_API_BASE", &format!("http://{address}")),
    ]);
    let poster = emcee::discord::poster(&config).expect("a poster");
    let note = emcee::reply::Reply::private("You have a place", "A place freed up.");
    poster.direct("1100", &note).await.expect("a DM");
    let dm = fake.wait_for("/api/v10/users/@me/channels").await;
    assert_eq!(dm.body["recipient_id"], "1100");
    let sent = fake.wait_for("/api/v10/channels/7007/messages").await;
    assert!(sent.body.to_string().contains("A place freed up"));

    let mut reminder = emcee::reply::Reply::new("Tomorrow");
    reminder.mentions = (0..150).map(|i| format!("{}", 200_000 + i)).collect();
    reminder.mentions.push("everyone".to_owned());
    poster.post("111", &reminder).await.expect("posted");
    let posted = fake.requests("/api/v10/channels/111/messages");
    assert_eq!(posted.len(), 2, "{posted:?}");
    let users = |i: usize| {
        posted[i].body["allowed_mentions"]["users"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!((users(0), users(1)), (100, 50));
    for message in &posted {
        assert_eq!(message.body["allowed_mentions"]["parse"], json!([]));
        assert!(!message.body.to_string().contains("everyone"));
    }
    assert_eq!(posted[0].body["embeds"][0]["title"], "Tomorrow");
    assert!(
        posted[1].body["embeds"]
            .as_array()
            .is_none_or(Vec::is_empty)
    );
}

/// When Discord's follow-up or Slack's response_url fails, the answer stands: the next
/// /next-meetup counts it.
#[tokio::test]
async fn a_failed_follow_up_leaves_the_answer_standing() {
    let (fake, address) = FakeApi::start().await;
    let base = format!("http://{address}");
    fake.script("/webhooks/", vec![crate::fakes::Scripted::status(500)]);
    fake.script("/response/", vec![crate::fakes::Scripted::status(500); 2]);
    let public_key = hex::encode(key().verifying_key().to_bytes());
    let data = data_dir("failures");
    let archive = emcee::archive::Archive::new(emcee::corpus::load(&data).expect("loads"));
    let state = data.with_extension("failures.sqlite");
    let _ = std::fs::remove_file(&state);
    let store = emcee::store::SqliteLog::open(&state).expect("store");
    let app = emcee::app::App::new(
        archive,
        support::config(&[
            ("EMCEE_DISCORD_PUBLIC_KEY", &public_key),
            ("EMCEE_DISCORD_APPLICATION_ID", "2002"),
            ("EMCEE_DISCORD_API_BASE", &base),
            ("EMCEE_SLACK_SIGNING_SECRET", SLACK_SECRET),
        ]),
    )
    .with_rsvps(std::sync::Arc::new(store));
    let served = support::serve(app).await.to_string();
    let ada = ("1100", "Ada");
    let next = discord(&served, &discord_command("next-meetup", json!([]), ada)).await;
    let embeds = next["data"]["embeds"].clone();
    let clicked = discord(
        &served,
        &discord_click("rsvp:going:loop-1", ada, &embeds, "fails"),
    )
    .await;
    assert_eq!(clicked["type"], 7);
    fake.wait_for("/webhooks/2002/fails").await;
    let setup = Setup {
        data: PathBuf::new(),
        state: PathBuf::new(),
        fake: fake.clone(),
        fake_base: base,
    };
    let slack_next = slack_command(&served, "/next-meetup", "", "U2").await;
    let _ = slack_click(&setup, &served, &slack_next, "rsvp:going:loop-1", "U2", 4).await;
    let after = discord(&served, &discord_command("next-meetup", json!([]), ada)).await;
    assert_eq!(
        discord_count(&after["data"]["embeds"][0]),
        "2 going (1 on Discord, 1 on Slack)"
    );
}
