//! The PostgreSQL store against a real server (`EMCEE_TEST_DATABASE_URL`, which `.ci/run`
//! sets): the same suites as SQLite, the lease, concurrent migrations and a password-less URL.
//! Without a server these tests fail in CI and are skipped, saying so, elsewhere.

use std::time::Duration;

use super::*;

fn server() -> Option<String> {
    test_server()
}

/// A fresh database for one test.
fn database(name: &str) -> Option<String> {
    Some(scratch(&server()?, name))
}

/// A fresh database named for a test (and a suite's part of it) and this process.
fn scratch(server: &str, name: &str) -> String {
    let name = format!(
        "emcee_unit_{}_{}",
        name.replace('-', "_"),
        std::process::id()
    );
    scratch_database(server, &name).expect("a scratch database")
}

#[test]
fn the_log_suite_passes_on_postgres() {
    let Some(server) = server() else {
        return;
    };
    super::super::log_suite::run_all(|name| {
        let url = scratch(&server, &format!("log_{name}"));
        Box::new(move |retry| Box::new(PgStore::connect_with(&url, retry).unwrap()))
    });
}

#[test]
fn the_rsvp_suite_passes_on_postgres() {
    let Some(server) = server() else {
        return;
    };
    super::super::rsvp_suite::run_all(|name| {
        Box::new(PgStore::connect(&scratch(&server, &format!("rsvp_{name}"))).unwrap())
    });
}

#[test]
fn replicas_starting_at_once_migrate_once() {
    let Some(url) = database("migrate") else {
        return;
    };
    let stores: Vec<PgStore> = std::thread::scope(|scope| {
        let starting: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| PgStore::connect(&url)))
            .collect();
        starting
            .into_iter()
            .map(|s| s.join().unwrap().expect("every replica starts"))
            .collect()
    });
    let applied = stores[0]
        .run("counting migrations", |pool| {
            Box::pin(async move {
                let row = sqlx::query("SELECT count(*) FROM _sqlx_migrations")
                    .fetch_one(&pool)
                    .await?;
                row.try_get::<i64, _>(0)
            })
        })
        .unwrap();
    assert_eq!(applied, migrator().iter().count() as i64);
    // And each sees the same log.
    let now = chrono::Utc::now();
    assert!(
        stores[1]
            .claim("2019-04-03/reminder/7d/discord:1", now)
            .unwrap()
    );
    assert!(
        !stores[2]
            .claim("2019-04-03/reminder/7d/discord:1", now)
            .unwrap()
    );
}

#[test]
fn one_holder_at_a_time_and_a_lost_lease_fences_claims() {
    let Some(url) = database("lease") else {
        return;
    };
    let (a, b) = (
        PgStore::connect(&url).unwrap(),
        PgStore::connect(&url).unwrap(),
    );
    let period = Duration::from_secs(2);
    let fence = a
        .acquire("community", "a:1", period)
        .unwrap()
        .expect("free at first");
    assert_eq!(
        b.acquire("community", "b:1", period).unwrap(),
        None,
        "a holds it"
    );
    assert!(a.renew("community", "a:1", fence, period).unwrap());
    assert!(
        !b.renew("community", "b:1", fence, period).unwrap(),
        "b never held it"
    );
    // a stops renewing; once the lease runs out, b takes it with a higher fence.
    std::thread::sleep(period + Duration::from_millis(300));
    let taken = b
        .acquire("community", "b:1", period)
        .unwrap()
        .expect("expired");
    assert!(taken > fence);
    // a's late renewal fails, and its claims are refused from then on; b's go through.
    assert!(!a.renew("community", "a:1", fence, period).unwrap());
    let now = chrono::Utc::now();
    assert!(!a.claim("2019-04-03/reminder/1d/discord:1", now).unwrap());
    assert!(b.claim("2019-04-03/reminder/1d/discord:1", now).unwrap());
    // A clean stop lets the lease go at once.
    b.release("community", "b:1", taken).unwrap();
    assert!(a.acquire("community", "a:1", period).unwrap().is_some());
}

#[test]
fn a_url_without_a_password_connects_and_errors_never_show_one() {
    let Some(url) = database("nopassword") else {
        return;
    };
    let store = PgStore::connect(&url).expect("connects");
    assert!(store.describe().starts_with("postgres postgres://"));
    store.ping().unwrap();
    // A server that does not answer: the error names it but never the password.
    let err = PgStore::connect("postgres://emcee:hunter2@127.0.0.1:1/emcee").unwrap_err();
    let message = err.to_string();
    assert!(!message.contains("hunter2"), "{message}");
    assert!(message.contains("emcee:***@127.0.0.1:1"), "{message}");
    assert!(
        message.contains("refused"),
        "the server's own error: {message}"
    );
}

#[test]
fn scratch_urls_keep_the_server_and_query() {
    assert_eq!(
        options_url("postgres://u:p@h:5432/base?sslmode=disable", "t1"),
        "postgres://u:p@h:5432/t1?sslmode=disable"
    );
    assert_eq!(options_url("postgres://h", "t2"), "postgres://h/t2");
}
