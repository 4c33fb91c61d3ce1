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

/// The generator whose config file a blog's site has.
#[derive(Clone, Copy, PartialEq)]
enum Site {
    Jekyll,
    /// Hugo, with its config under the given file name.
    Hugo(&'static str),
    MkDocs,
    Pelican,
    /// A site whose config emcee does not read (a Gatsby app).
    Other,
}

/// What is right about one blog, from its SOURCE.md (and, for `dev`, the bundled
/// community.toml of the same community): the name's spellings, time zone, the words one of
/// which its city is, the start times its posts give, its usual venue's words (none: it has
/// none) and its weekday when SOURCE.md states one.
struct Truth {
    blog: &'static str,
    site: Site,
    names: &'static [&'static str],
    timezone: &'static str,
    places: &'static [&'static str],
    starts: &'static [&'static str],
    venues: &'static [&'static str],
    weekdays: Option<&'static [&'static str]>,
}

const TRUTHS: &[Truth] = &[
    Truth {
        blog: "bangpypers",
        site: Site::Jekyll,
        names: &["BangPypers"],
        timezone: "Asia/Kolkata",
        places: &["Bangalore", "Bengaluru"],
        starts: &["10:00", "10:30"],
        venues: &[],
        weekdays: Some(&["Saturday"]),
    },
    Truth {
        blog: "btvwag",
        site: Site::Jekyll,
        names: &["BTVWAG", "Burlington Web Application Group"],
        timezone: "America/New_York",
        places: &["Burlington"],
        starts: &["18:00", "18:30"],
        venues: &[],
        weekdays: None,
    },
    Truth {
        blog: "chennaipy",
        site: Site::Hugo("config.toml"),
        names: &["Chennaipy"],
        timezone: "Asia/Kolkata",
        places: &["Chennai"],
        // "a Saturday or Sunday afternoon"
        starts: &["14:00", "14:30", "15:00", "15:30", "16:00"],
        venues: &["IMSc", "Institute of Mathematical Sciences"],
        weekdays: Some(&["Saturday", "Sunday"]),
    },
    Truth {
        blog: "copenhagenjs",
        site: Site::Jekyll,
        names: &["CopenhagenJS"],
        timezone: "Europe/Copenhagen",
        places: &["Copenhagen", "København"],
        // Doors at 17:00 in the schedules, talks from 18:00 or 19:00.
        starts: &["17:00", "17:30", "18:00", "19:00"],
        venues: &[],
        weekdays: Some(&["Thursday"]),
    },
    Truth {
        blog: "dev",
        site: Site::Jekyll,
        names: &["Cloud Native London"],
        timezone: "Europe/London",
        places: &["London"],
        starts: &["18:00", "18:30"],
        venues: &["CodeNode"],
        weekdays: Some(&["Wednesday"]),
    },
    Truth {
        blog: "nantesjs",
        site: Site::Other,
        names: &["NantesJS"],
        timezone: "Europe/Paris",
        places: &["Nantes"],
        starts: &["18:30", "19:00"],
        venues: &[],
        weekdays: None,
    },
    Truth {
        blog: "nblug",
        site: Site::Pelican,
        names: &["NBLUG", "North Bay Linux Users' Group"],
        timezone: "America/Los_Angeles",
        places: &["Sebastopol", "Santa Rosa", "Cotati", "Sonoma"],
        starts: &["19:00", "19:30"],
        venues: &[],
        weekdays: Some(&["Tuesday"]),
    },
    Truth {
        blog: "pssouth",
        site: Site::Hugo("hugo.toml"),
        names: &["PSSouth", "PowerShell Southampton"],
        timezone: "Europe/London",
        places: &["Southampton", "Eastleigh"],
        starts: &["18:30", "19:00", "19:30"],
        venues: &[],
        weekdays: None,
    },
    Truth {
        blog: "pygrenoble",
        site: Site::MkDocs,
        names: &["Meetup Python Grenoble", "Python Grenoble"],
        timezone: "Europe/Paris",
        places: &["Grenoble"],
        starts: &["18:30", "19:00"],
        venues: &["Turbine"],
        weekdays: None,
    },
    Truth {
        blog: "rubyslovenia",
        site: Site::Jekyll,
        names: &["Ruby Slovenia"],
        timezone: "Europe/Ljubljana",
        places: &["Ljubljana"],
        starts: &["18:00", "18:30", "19:00"],
        venues: &[],
        weekdays: None,
    },
    Truth {
        blog: "rustberlin",
        site: Site::Jekyll,
        names: &["Rust Berlin"],
        timezone: "Europe/Berlin",
        places: &["Berlin"],
        starts: &["19:00"],
        venues: &[],
        weekdays: Some(&["Tuesday"]),
    },
];

/// Copies a blog without its SOURCE.md (no blog has one of its own).
fn copy_blog(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_blog(&entry.path(), &target);
        } else if entry.file_name() != "SOURCE.md" {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

/// Writes the site config a blog of this generator has, with the right title and zone.
fn write_site_config(blog: &Path, truth: &Truth) -> bool {
    let (name, zone) = (truth.names[0], truth.timezone);
    let (file, text) = match truth.site {
        Site::Jekyll => (
            "_config.yml",
            format!("title: {name}\ntimezone: {zone}\nmarkdown: kramdown\n"),
        ),
        Site::Hugo(file) => (
            file,
            format!(
                "baseURL = \"https://example.org/\"\ntitle = \"{name}\"\ntimeZone = \"{zone}\"\n"
            ),
        ),
        Site::MkDocs => (
            "mkdocs.yml",
            format!("site_name: {name}\ntheme:\n  name: material\n"),
        ),
        Site::Pelican => (
            "pelicanconf.py",
            format!("AUTHOR = 'board'\nSITENAME = \"{name}\"\nTIMEZONE = '{zone}'\n"),
        ),
        Site::Other => return false,
    };
    std::fs::write(blog.join(file), text).expect("site config written");
    true
}

fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Judges one `init` run: every key written (not commented) is right; every key left as a
/// question is marked "(check)" on the terminal, and no written one is.
fn judge(truth: &Truth, written: &str, said: &str, with_site: bool) -> Vec<String> {
    let mut wrong = Vec::new();
    let table: toml::Table = toml::from_str(written).expect("community.toml is TOML");
    fn label(key: &str) -> &str {
        match key {
            "timezone" => "time zone",
            "start_time" => "start time",
            other => other,
        }
    }
    for key in ["name", "timezone", "location", "venue", "start_time"] {
        let line = said
            .lines()
            .find(|l| l.trim_start().starts_with(label(key)) && l.starts_with("  "))
            .unwrap_or("");
        let checked = line.contains("(check)");
        let Some(value) = table.get(key).and_then(|v| v.as_str()) else {
            if !written.contains(&format!("# {key} = ")) {
                wrong.push(format!("{key}: neither a value nor a question"));
            }
            if !checked {
                wrong.push(format!(
                    "{key}: a question in the file, not marked on the terminal: {line}"
                ));
            }
            continue;
        };
        if checked {
            wrong.push(format!("{key}: written as sure but marked (check): {line}"));
        }
        let right = match key {
            "name" => truth.names.iter().any(|n| same(n, value)),
            "timezone" => value == truth.timezone,
            "location" => truth
                .places
                .iter()
                .any(|p| value.to_lowercase().contains(&p.to_lowercase())),
            "venue" => truth
                .venues
                .iter()
                .any(|v| value.to_lowercase().contains(&v.to_lowercase())),
            _ => truth.starts.contains(&value),
        };
        if !right {
            wrong.push(format!("{key} = {value:?} is wrong and not asked"));
        }
    }
    if with_site && truth.site != Site::Other {
        if table.get("name").and_then(|v| v.as_str()) != Some(truth.names[0]) {
            wrong.push("the site config's title did not win".to_owned());
        }
        let has_zone = !matches!(truth.site, Site::MkDocs);
        if has_zone && table.get("timezone").and_then(|v| v.as_str()) != Some(truth.timezone) {
            wrong.push("the site config's time zone did not win".to_owned());
        }
    }
    if let Some(days) = truth.weekdays {
        let line = said
            .lines()
            .find(|l| l.trim_start().starts_with("weekday"))
            .unwrap_or("");
        let named = days.iter().any(|d| line.contains(d));
        if !named && !line.contains("(check)") {
            wrong.push(format!("weekday wrong and not asked: {line}"));
        }
    }
    wrong
}

/// Regression: `init` wrote guesses that shape every answer with nothing on the terminal to say
/// which were unsure (a recording's offset as the start time, a framework named like a city as
/// the time zone, the folder's name as the community's). On a copy of every real blog, with and
/// without its site config, each value written is right or a question marked "(check)".
#[test]
fn init_on_every_real_blog_writes_right_values_or_questions() {
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let mut wrong = Vec::new();
    for truth in TRUTHS {
        for with_site in [false, true] {
            let dir = scratch(&format!("init-{}-{with_site}", truth.blog));
            let blog = dir.join(truth.blog);
            copy_blog(&corpus.join(truth.blog), &blog);
            if with_site && !write_site_config(&blog, truth) {
                continue;
            }
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"))
                .args(["init", "--data", truth.blog])
                .current_dir(&dir)
                .output()
                .expect("init runs");
            let said = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(out.status.success(), "{}: {out:?}", truth.blog);
            let written =
                std::fs::read_to_string(blog.join("community.toml")).expect("community.toml");
            for problem in judge(truth, &written, &said, with_site) {
                wrong.push(format!(
                    "{} (site config: {with_site}): {problem}",
                    truth.blog
                ));
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Regression: an empty or wrong folder gave "0 events" and `init` named a community after the
/// folder ("Empty"); now both say no posts were found, and the name is a question.
#[test]
fn a_folder_without_posts_says_so_and_names_no_community() {
    let dir = scratch("no-posts");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("a folder");
    let (code, out, _) = emcee(&["check", "--data", empty.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("(0 files, none a post): is this the blog's posts folder?"),
        "{out}"
    );
    let wrong = dir.join("site");
    std::fs::create_dir_all(&wrong).expect("a folder");
    std::fs::write(wrong.join("README.txt"), "How to build the site.\n").expect("written");
    std::fs::write(wrong.join("logo.svg"), "<svg/>\n").expect("written");
    let (_, out, _) = emcee(&["check", "--data", wrong.to_str().expect("utf-8")]);
    assert!(
        out.contains(&format!("no posts found in {}", wrong.display())),
        "{out}"
    );
    assert!(out.contains("(2 files, none a post)"), "{out}");

    let said = std::process::Command::new(env!("CARGO_BIN_EXE_emcee"))
        .args(["init", "--data", "empty"])
        .current_dir(&dir)
        .output()
        .expect("init runs");
    let said = String::from_utf8_lossy(&said.stdout).into_owned();
    let written = std::fs::read_to_string(empty.join("community.toml")).expect("written");
    assert!(written.contains("# name = \n"), "{written}");
    assert!(!written.to_lowercase().contains("\"empty\""), "{written}");
    assert!(said.contains("no posts found"), "{said}");
}

/// Regression: a 5 MB post yielding tens of thousands of talks passed without comment.
#[test]
fn a_post_with_more_talks_than_any_meetup_is_warned_about() {
    let dir = scratch("many-talks");
    std::fs::create_dir_all(dir.join("posts")).expect("posts dir");
    let talks = |n: usize| -> String {
        (0..n)
            .map(|i| format!("  - title: Queues and caches part {i}\n    speaker: Sam Rivers{i}\n"))
            .collect()
    };
    for (name, n) in [("2024-05-08-archive.md", 31), ("2024-06-12-june.md", 30)] {
        std::fs::write(
            dir.join("posts").join(name),
            format!(
                "---\ntitle: Harbour Devs\ndate: {}\ntalks:\n{}---\nThe talks.\n",
                &name[..10],
                talks(n)
            ),
        )
        .expect("post written");
    }
    let (_, out, _) = emcee(&["check", "--data", dir.to_str().expect("utf-8")]);
    assert!(
        out.contains(
            "posts/2024-05-08-archive.md: 31 talks from one post, more than any meetup has"
        ),
        "{out}"
    );
    assert!(!out.contains("posts/2024-06-12-june.md: 30 talks"), "{out}");
}
