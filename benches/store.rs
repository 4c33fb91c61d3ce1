//! The state store's operations on both backends: the announcer's claim and the RSVP click's
//! `set_going` (each a new row), and reading a meetup's 1,000 answers, as every reminder and
//! count does. SQLite is a file in the temp dir; PostgreSQL is `EMCEE_TEST_DATABASE_URL` (a
//! scratch database on it), measured only when that is set.
//!
//! `cargo bench --bench store` (with `eval "$(.ci/postgres.sh)"` first for the PostgreSQL rows).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use emcee::rsvp::{Member, Source};
use emcee::store::Store;

/// The backends to measure: (name, store).
fn stores() -> Vec<(&'static str, Arc<dyn Store>)> {
    let dir = std::env::temp_dir().join(format!("emcee-store-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    let file = dir.join("state.sqlite");
    let mut stores = vec![(
        "sqlite",
        emcee::store::open(file.to_str().expect("utf-8")).expect("SQLite opens"),
    )];
    match std::env::var("EMCEE_TEST_DATABASE_URL") {
        Ok(server) => {
            let name = format!("emcee_bench_{}", std::process::id());
            let url = emcee::store::scratch_database(&server, &name).expect("a scratch database");
            stores.push((
                "postgres",
                emcee::store::open(&url).expect("PostgreSQL opens"),
            ));
        }
        Err(_) => eprintln!("EMCEE_TEST_DATABASE_URL is not set: PostgreSQL is not measured"),
    }
    stores
}

fn store(c: &mut Criterion) {
    let next = AtomicU64::new(0);
    let fresh = || next.fetch_add(1, Ordering::Relaxed);
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(1));
    for (name, store) in stores() {
        group.bench_function(format!("{name} claim"), |b| {
            b.iter(|| {
                let id = format!("2099-01-0{}/reminder/1d/discord:{}", fresh() % 9, fresh());
                assert!(store.claim(&id, Utc::now()).expect("claims"));
            })
        });
        group.bench_function(format!("{name} set_going"), |b| {
            b.iter(|| {
                let member = Member::new(Source::Slack, format!("U{}", fresh()), "Member");
                store
                    .set_going("bench", "many", &member, Utc::now())
                    .expect("records");
            })
        });
        for n in 0..1000 {
            let member = Member::new(Source::Discord, format!("{n}"), "Member");
            store
                .set_going("bench", "thousand", &member, Utc::now())
                .expect("records");
        }
        group.bench_function(format!("{name} rsvps of 1,000"), |b| {
            b.iter(|| {
                let rows = store.rsvps("bench", "thousand").expect("reads");
                assert_eq!(rows.len(), 1000);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
