//! emcee as a service: `/readyz`, `/metrics` in Prometheus text, `/calendar.ics` (RFC 5545),
//! `/next-meetup` linking the feed, and logs (text or JSON) that never carry a secret.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::support;

async fn get(address: std::net::SocketAddr, path: &str) -> (u16, String, String) {
    get_accepting(address, path, "*/*").await
}

async fn get_accepting(
    address: std::net::SocketAddr,
    path: &str,
    accept: &str,
) -> (u16, String, String) {
    let response = reqwest::Client::new()
        .get(format!("http://{address}{path}"))
        .header("accept", accept)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, response.text().await.expect("a body"))
}

/// What Prometheus 2.x sends when it scrapes.
const OPENMETRICS: &str = "application/openmetrics-text;version=1.0.0,\
    application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/// `/metrics` answers each kind of scraper in its own format, and each format's parser reads
/// every counter as a counter with its value: OpenMetrics when asked for, the classic text
/// format 0.0.4 to everyone else (a plain `curl`, or a client library's classic parser).
#[tokio::test]
async fn metrics_negotiate_openmetrics_or_the_classic_format() {
    use openmetrics_parser::{OpenMetricsType, OpenMetricsValue, PrometheusType, PrometheusValue};
    let app = Arc::new(support::app(support::config(&[])));
    let address = support::serve_shared(Arc::clone(&app)).await;
    app.answer_on("slack", "/talk kapitan");
    app.metrics.signature_rejected("discord");

    let (_, kind, classic) = get(address, "/metrics").await;
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    assert!(!classic.contains("# EOF"), "{classic}");
    let parsed = openmetrics_parser::prometheus::parse_prometheus(&classic)
        .unwrap_or_else(|e| panic!("classic text parses: {e:?}\n{classic}"));
    let family = &parsed.families["emcee_commands_total"];
    assert_eq!(family.family_type, PrometheusType::Counter, "{classic}");
    let values: Vec<f64> = family
        .iter_samples()
        .map(|s| match &s.value {
            PrometheusValue::Counter(c) => c.value.as_f64(),
            other => panic!("not a counter: {other:?}"),
        })
        .collect();
    assert_eq!(values, [1.0]);
    let rejected = &parsed.families["emcee_signatures_rejected_total"];
    assert_eq!(rejected.family_type, PrometheusType::Counter);
    let latency = &parsed.families["emcee_reply_latency_seconds"];
    assert_eq!(latency.family_type, PrometheusType::Histogram);

    let (_, kind, open) = get_accepting(address, "/metrics", OPENMETRICS).await;
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    assert!(open.ends_with("# EOF\n"), "{open}");
    let parsed = openmetrics_parser::openmetrics::parse_openmetrics(&open)
        .unwrap_or_else(|e| panic!("OpenMetrics text parses: {e:?}\n{open}"));
    let family = &parsed.families["emcee_commands"];
    assert_eq!(family.family_type, OpenMetricsType::Counter);
    let values: Vec<f64> = family
        .iter_samples()
        .map(|s| match &s.value {
            OpenMetricsValue::Counter(c) => c.value.as_f64(),
            other => panic!("not a counter: {other:?}"),
        })
        .collect();
    assert_eq!(values, [1.0]);

    // Plain text preferred over OpenMetrics by q-value: the classic format.
    let (_, kind, _) = get_accepting(
        address,
        "/metrics",
        "application/openmetrics-text;q=0.3,text/plain;q=0.9",
    )
    .await;
    assert!(kind.starts_with("text/plain"), "{kind}");
}

#[tokio::test]
async fn readyz_waits_for_configured_connections() {
    let app = support::app(support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_API_BASE", "http://127.0.0.1:9"),
    ]));
    let app = Arc::new(app);
    let address = support::serve_shared(Arc::clone(&app)).await;
    let (status, _, body) = get(address, "/readyz").await;
    assert_eq!(status, 503);
    assert!(body.contains("discord gateway"), "{body}");
    app.discord_connected.store(true, Ordering::Relaxed);
    let (status, _, _) = get(address, "/readyz").await;
    assert_eq!(status, 200);
    let (status, _, _) = get(address, "/healthz").await;
    assert_eq!(status, 200);
}

/// The store's state in `/readyz`: named while it answers, tolerated for a minute when it does
/// not, then 503; `emcee_store_up` follows it. A follower waits for no gateway.
#[tokio::test]
async fn readyz_names_the_store_and_turns_503_only_after_a_minute_without_it() {
    let dir = std::env::temp_dir().join(format!("emcee-readyz-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    let store = emcee::store::open(dir.join("state.sqlite").to_str().expect("utf-8"))
        .expect("the store opens");
    let app = support::app(support::config(&[
        ("EMCEE_DISCORD_TOKEN", "test-bot-token"),
        ("EMCEE_DISCORD_API_BASE", "http://127.0.0.1:9"),
    ]))
    .with_store(store);
    let app = Arc::new(app);
    app.discord_connected.store(true, Ordering::Relaxed);
    let address = support::serve_shared(Arc::clone(&app)).await;
    let (status, _, body) = get(address, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("store: sqlite ") && body.contains(" up"),
        "{body}"
    );
    assert!(body.contains("role: leader"), "{body}");
    let (_, _, metrics) = get(address, "/metrics").await;
    for line in ["emcee_leader 1", "emcee_store_up 1"] {
        assert!(metrics.lines().any(|l| l == line), "{line}: {metrics}");
    }

    // The store stops answering: named at once, 503 only after a minute.
    let failed_at = std::time::Instant::now();
    app.store_checked(Err("connection refused".to_owned()), failed_at);
    let (ready, said) = app.store_state(failed_at + Duration::from_secs(30));
    assert!(ready, "{said}");
    assert!(
        said.contains("unreachable for 30s (connection refused)"),
        "{said}"
    );
    let (ready, said) = app.store_state(failed_at + Duration::from_secs(61));
    assert!(!ready, "{said}");
    let (_, _, metrics) = get(address, "/metrics").await;
    assert!(
        metrics.lines().any(|l| l == "emcee_store_up 0"),
        "{metrics}"
    );
    // Back: ready again, up again.
    app.store_checked(Ok(()), std::time::Instant::now());
    let (status, _, _) = get(address, "/readyz").await;
    assert_eq!(status, 200);

    // A follower runs no gateway, so it waits for none.
    app.discord_connected.store(false, Ordering::Relaxed);
    let (status, _, _) = get(address, "/readyz").await;
    assert_eq!(status, 503, "the leader waits for its gateway");
    app.set_leader(false);
    let (status, _, body) = get(address, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("role: follower"), "{body}");
    let (_, _, metrics) = get(address, "/metrics").await;
    assert!(metrics.lines().any(|l| l == "emcee_leader 0"), "{metrics}");
}

#[tokio::test]
async fn metrics_count_commands_rejections_and_the_corpus() {
    let app = Arc::new(support::app(support::config(&[])));
    let address = support::serve_shared(Arc::clone(&app)).await;
    app.answer_on("slack", "/talk kapitan");
    app.answer_on("slack", "/talk zzzzqqq");
    app.invoke_on("discord", "speaker", vec![("name".into(), "wilkie".into())]);
    app.metrics.signature_rejected("discord");
    let (status, kind, text) = get_accepting(address, "/metrics", OPENMETRICS).await;
    assert_eq!(status, 200);
    assert!(kind.contains("openmetrics-text"), "{kind}");
    for line in [
        "emcee_commands_total{command=\"talk\",platform=\"slack\",outcome=\"answered\"} 1",
        "emcee_commands_total{command=\"talk\",platform=\"slack\",outcome=\"private\"} 1",
        "emcee_commands_total{command=\"speaker\",platform=\"discord\",outcome=\"answered\"} 1",
        "emcee_signatures_rejected_total{platform=\"discord\"} 1",
        "emcee_reply_latency_seconds_count{platform=\"slack\"} 2",
        "emcee_corpus_events 9",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    assert!(text.contains("emcee_corpus_last_reload_timestamp_seconds "));
}

/// A blog that gains its community.toml later (name, time zone, venue) keeps its calendar's
/// UIDs, so subscribers' calendars update the same events rather than doubling them.
#[test]
fn calendar_uids_survive_adding_community_toml() {
    let dir = std::env::temp_dir().join(format!("emcee-uids-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).expect("a data dir");
    std::fs::write(
        dir.join("events/may.toml"),
        "date = \"2031-05-14\"\ntitle = \"May meetup\"\nkind = \"meetup\"\n",
    )
    .expect("an event");
    let now = chrono::DateTime::parse_from_rfc3339("2031-05-02T12:00:00Z")
        .expect("a time")
        .with_timezone(&chrono::Utc);
    let uids = || {
        let archive = emcee::archive::Archive::new(emcee::corpus::load(&dir).expect("loads"));
        let ics = emcee::calendar::ics(&archive, now);
        let uids: Vec<String> = ics
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect();
        (uids, ics)
    };
    let (before, ics) = uids();
    assert_eq!(before.len(), 1, "{ics}");
    std::fs::write(
        dir.join("community.toml"),
        "name = \"Harbour Devs\"\ntimezone = \"Europe/Lisbon\"\nvenue = \"The Boathouse\"\n",
    )
    .expect("community.toml");
    let (after, ics) = uids();
    assert!(ics.contains("X-WR-CALNAME:Harbour Devs"), "{ics}");
    assert_eq!(before, after);
}

#[tokio::test]
async fn calendar_lists_upcoming_meetups_in_local_time() {
    let address = support::serve(support::app(support::config(&[]))).await;
    let (status, kind, ics) = get(address, "/calendar.ics").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
    // At 2019-03-10 the bundled data has three meetups ahead (April 2019, February and March
    // 2021); the first is Wednesday 3 April 2019, 18:30 in London. Past ones are left out.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    assert!(!ics.contains("UID:2018-"), "{ics}");
    assert!(
        ics.contains("\r\nUID:cnl-2019-04@community.emcee\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("\r\nDTSTART;TZID=Europe/London:20190403T183000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("\r\nTZID:Europe/London\r\n"),
        "a VTIMEZONE for the TZID"
    );
    assert!(ics.contains("URL:https://www.meetup.com/Cloud-Native-London/events/257404686/"));
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("DESCRIPTION:Speakers from Airbus\\, Bristol University"),
        "{unfolded}"
    );
}

#[tokio::test]
async fn next_meetup_links_the_calendar_when_public() {
    let app = support::app(support::config(&[(
        "EMCEE_SERVER_PUBLIC_URL",
        "https://emcee.example.org/",
    )]));
    let reply = app.answer_on("discord", "/next-meetup");
    let calendar = reply.fields.iter().find(|f| f.name == "Calendar");
    assert_eq!(
        calendar.map(|f| f.value.as_str()),
        Some("https://emcee.example.org/calendar.ics")
    );
    let without = support::app(support::config(&[])).answer_on("discord", "/next-meetup");
    assert!(without.fields.iter().all(|f| f.name != "Calendar"));
}

/// The start-up log names every route that is served, and each one it names answers.
#[test]
fn the_start_up_log_lists_what_is_served() {
    // NO_COLOR empty, as in most shells: colours depend on the terminal alone.
    let env = [
        ("EMCEE_SLACK_SIGNING_SECRET", "signing-secret-value-42"),
        ("NO_COLOR", ""),
    ];
    let served = support::spawn_serve("routes-log", &[], &env);
    let mut answers = Vec::new();
    for (method, path) in [
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/calendar.ics"),
        ("POST", "/slack/commands"),
    ] {
        answers.push((path, served.request(method, path, &[], "")));
    }
    std::thread::sleep(Duration::from_millis(100));
    let (code, logged) = served.stop();
    assert_eq!(code, Some(0), "{logged}");
    let line = logged
        .lines()
        .find(|l| l.contains("serving "))
        .unwrap_or_else(|| panic!("no list of routes in:\n{logged}"));
    for (path, answer) in answers {
        assert!(line.contains(&format!(" {path} ")), "{path} not in {line}");
        assert!(!answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
    }
    assert!(
        !line.contains("/discord/interactions"),
        "Discord has no public key here: {line}"
    );
    // Logs going to a pipe or a file carry no terminal colour codes.
    assert!(!logged.contains('\x1b'), "colour codes in:\n{logged}");
}

#[test]
fn json_logs_carry_no_secret() {
    let secrets = [
        ("EMCEE_SLACK_SIGNING_SECRET", "signing-secret-value-42"),
        ("EMCEE_SLACK_BOT_TOKEN", "xoxb-bot-token-value-42"),
    ];
    let mut env = secrets.to_vec();
    env.push(("RUST_LOG", "debug,hyper=info,h2=info,rustls=info"));
    env.push(("EMCEE_SERVER_REPLICA", "emcee-json-0"));
    let served = support::spawn_serve("json-logs", &["--log-format", "json"], &env);
    let forged = served.request(
        "POST",
        "/slack/commands",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Signature", "v0=forged"),
            ("X-Slack-Request-Timestamp", "1"),
        ],
        "command=%2Ftalk&text=kapitan",
    );
    assert!(forged.starts_with("HTTP/1.1 401"), "{forged}");
    let (code, logged) = served.stop();
    assert_eq!(code, Some(0), "{logged}");
    assert!(
        logged.contains("[redacted]"),
        "the config is logged, redacted: {logged}"
    );
    for line in logged.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
        assert!(entry["level"].is_string(), "{line}");
        assert_eq!(
            entry["replica"], "emcee-json-0",
            "every line names the replica: {line}"
        );
    }
    for (_, secret) in secrets {
        assert!(!logged.contains(secret), "{secret} logged:\n{logged}");
    }
}

/// The Kubernetes ConfigMap's emcee.toml is a config emcee accepts.
#[test]
fn the_kubernetes_config_is_valid() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/kubernetes/configmap.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the ConfigMap");
    let map: serde_json::Value = serde_yaml_ng::from_str(&text).expect("YAML");
    let toml = map["data"]["emcee.toml"]
        .as_str()
        .expect("an emcee.toml key");
    let config = emcee::config::Config::from_parts(None, Some(toml), std::iter::empty())
        .expect("a valid config");
    assert_eq!(config.server.listen.to_string(), "0.0.0.0:8080");
    assert_eq!(
        config.state.url.expose(),
        "/var/lib/emcee/emcee-state.sqlite"
    );
}

/// Answers run as tasks on the async workers; one that blocks its worker past the deadline is
/// still deferred, because the timer fires on the other worker. `emcee serve` always has two.
#[test]
fn an_answer_that_blocks_its_worker_is_still_deferred() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(emcee::server::worker_threads())
        .enable_all()
        .build()
        .expect("a runtime");
    assert!(emcee::server::worker_threads() >= 2);
    let app = support::app(support::config(&[])).with_reply_deadline(Duration::from_millis(100));
    runtime.block_on(async {
        let outcome = emcee::chat::within_deadline(&app, || {
            std::thread::sleep(Duration::from_millis(1500));
            emcee::reply::Reply::private("Slow", "but here")
        })
        .await;
        // Had the deadline waited for the answer, the finished answer would come back instead.
        let Err(later) = outcome else {
            panic!("a blocking answer was not deferred");
        };
        assert_eq!(later.await.title, "Slow");
    });
}
