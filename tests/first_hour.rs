//! What a new organiser meets in the first hour, run as they run it: `init` over a copy of every
//! real blog in ../shared/corpus (right values or questions, "(check)" where unsure), a
//! `community.toml` with problems stopping start-up, and folders with no posts.

use std::path::{Path, PathBuf};

use crate::cli::emcee;

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emcee-first-hour-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    dir
}

/// A data dir with one invented post and `community` as its community.toml.
fn data_dir(name: &str, community: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("posts")).expect("posts dir");
    std::fs::write(
        dir.join("posts/2024-05-08-may-meetup.md"),
        "---\ntitle: Harbour Devs May meetup\n---\nThanks to everyone who came on Wednesday.\n",
    )
    .expect("post written");
    std::fs::write(dir.join("community.toml"), community).expect("community written");
    dir
}

/// Regression: one bad value in community.toml dropped the whole file silently and `ask` went
/// on in UTC with no name; now every command that reads the data dir stops, naming each problem
/// with its file, line and key.
#[test]
fn community_toml_problems_stop_start_up_naming_each_line_and_key() {
    let dir = data_dir(
        "bad-community",
        "name = \"Harbour Devs\"\nstart_time = \"7 in the evening\"\ntimezone = \"Mars/Olympus\"\n",
    );
    let data = dir.to_str().expect("utf-8 path");
    for args in [
        &["ask", "/stats", "--data", data][..],
        &["check", "--data", data][..],
    ] {
        let (code, out, err) = emcee(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        let file = dir.join("community.toml").display().to_string();
        assert!(
            err.contains(&format!("{file}:2: start_time: '7 in the evening'")),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "{file}:3: timezone: unknown time zone 'Mars/Olympus'"
            )),
            "{err}"
        );
    }
    // The forms `init` reads from posts are times here too.
    std::fs::write(
        dir.join("community.toml"),
        "name = \"Harbour Devs\"\nstart_time = \"6.30pm\"\ntimezone = \"Europe/Lisbon\"\n",
    )
    .expect("fixed");
    let (code, out, err) = emcee(&["ask", "/stats", "--data", data]);
    assert_eq!(code, 0, "{out}{err}");
}
