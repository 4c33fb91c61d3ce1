//! Signs a request body as Discord or Slack would, for load tests and manual checks against
//! `emcee serve` on loopback. The Discord key is a fixed test seed; its public key is printed
//! so the server can be started with it.
//!
//! `cargo run --example sign -- discord body.json` → `public_key=… timestamp=… signature=…`
//! `cargo run --example sign -- slack SECRET form.txt` → `timestamp=… signature=v0=…`

use std::process::ExitCode;

use ed25519_dalek::{Signer, SigningKey};
use hmac::{KeyInit, Mac};

/// The test application's seed (never a real key).
const SEED: [u8; 32] = [7; 32];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"));
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["discord", path] => read(path).map(|body| {
            let key = SigningKey::from_bytes(&SEED);
            let message = [timestamp.as_bytes(), &body].concat();
            format!(
                "public_key={} timestamp={timestamp} signature={}",
                hex::encode(key.verifying_key().to_bytes()),
                hex::encode(key.sign(&message).to_bytes())
            )
        }),
        ["slack", secret, path] => read(path).and_then(|body| {
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
                .map_err(|e| e.to_string())?;
            mac.update(format!("v0:{timestamp}:").as_bytes());
            mac.update(&body);
            Ok(format!(
                "timestamp={timestamp} signature=v0={}",
                hex::encode(mac.finalize().into_bytes())
            ))
        }),
        _ => Err("usage: sign discord BODY_FILE | sign slack SECRET BODY_FILE".to_owned()),
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
