//! The ceiling for Discord's interactions endpoint: Ed25519 verification of a signed
//! `/talk kapitan` interaction with serenity's verifier (the check every request pays), and the
//! same with Slack's v0 HMAC-SHA256 through slack-morphism's verifier.
//!
//! `cargo bench --bench verify` (the "on N cores" row runs one verifier thread per core).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};
use std::hint::black_box;

fn body() -> String {
    serde_json::json!({
        "id": "1002", "application_id": "2002", "type": 2, "token": "command-token",
        "version": 1, "locale": "en-GB", "entitlements": [], "attachment_size_limit": 8_388_608,
        "channel_id": "3003", "app_permissions": "0",
        "user": {"id": "4004", "username": "ada", "discriminator": "0", "avatar": null},
        "data": {"id": "5005", "name": "talk", "type": 1,
                 "options": [{"name": "query", "type": 3, "value": "kapitan"}]}
    })
    .to_string()
}

fn verify(c: &mut Criterion) {
    let key = SigningKey::from_bytes(&[7; 32]);
    let body = body();
    let timestamp = "1700000000";
    let signature = hex::encode(
        key.sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
            .to_bytes(),
    );
    let verifier =
        serenity::interactions_endpoint::Verifier::try_new(key.verifying_key().to_bytes())
            .expect("a valid key");
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(1));
    group.bench_function("discord ed25519", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&signature), timestamp, black_box(body.as_bytes()))
                .expect("verifies")
        })
    });
    // Both cores verifying at once: the ceiling for the endpoint on this machine.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    group.bench_function(format!("discord ed25519 on {cores} cores"), |b| {
        b.iter_custom(|iters| {
            let started = std::time::Instant::now();
            std::thread::scope(|scope| {
                for _ in 0..cores {
                    scope.spawn(|| {
                        for _ in 0..iters.div_ceil(cores as u64) {
                            verifier
                                .verify(
                                    black_box(&signature),
                                    timestamp,
                                    black_box(body.as_bytes()),
                                )
                                .expect("verifies");
                        }
                    });
                }
            });
            started.elapsed()
        })
    });
    let secret =
        slack_morphism::prelude::SlackSigningSecret::new("8f742231b10e8888abcd99yyyzzz85a5".into());
    let slack = slack_morphism::signature_verifier::SlackEventSignatureVerifier::new(&secret);
    let form = "command=%2Ftalk&text=kapitan&team_id=T1&channel_id=C1&user_id=U1";
    group.bench_function("slack hmac-sha256", |b| {
        b.iter(|| {
            // A stale timestamp: the HMAC is computed and compared before the age check.
            let _ = slack.verify(black_box("v0=00"), black_box(form), "1531420618");
        })
    });
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
