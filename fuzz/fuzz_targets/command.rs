//! A command as typed, through the router and every handler over the development corpus:
//! the first line as a typed line (`/talk kapitan --page 2`), and the same bytes as a command
//! name with named options (`name` then `option=value` lines), as Discord sends them.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn archive() -> &'static emcee::archive::Archive {
    static ARCHIVE: OnceLock<emcee::archive::Archive> = OnceLock::new();
    ARCHIVE.get_or_init(harness::archive)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = emcee::commands::Settings::default();
    let now = chrono::DateTime::parse_from_rfc3339("2019-03-10T12:00:00Z")
        .expect("a time")
        .to_utc();
    let context = emcee::router::Context::new(archive(), now, &settings);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let _ = emcee::router::answer_line(&context, first).reply.to_json();
    let options: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let name = first.trim_start_matches('/');
    let _ = emcee::router::invoke(&context, name, options).reply.to_text();
    if let Some((option, typed)) = text.split_once('\t') {
        let _ = emcee::commands::complete(archive(), name, option, typed, 25);
    }
});
