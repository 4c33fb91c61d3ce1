//! What a blog's own site config says of the community, which wins over anything read from the
//! posts: the site's title and time zone from Jekyll's `_config.yml`, Hugo's `hugo.toml` or
//! `config.toml` (`title`, `timeZone`), MkDocs' `mkdocs.yml` (`site_name`) or Pelican's
//! `pelicanconf.py` (`SITENAME`, `TIMEZONE`), in the data dir or, when the data dir is a posts
//! folder (`_posts`, `content`), in the folder above it.
//!
//! `_config.yml` with `title: Harbour Devs` and `timezone: Europe/Lisbon` →
//! `Site { title: Some("Harbour Devs"), timezone: Some(Europe/Lisbon), .. }`.

use std::path::Path;

use chrono_tz::Tz;

/// The site config's title and time zone, and which file gave them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Site {
    pub title: Option<String>,
    pub timezone: Option<Tz>,
    /// The config file read, as "_config.yml".
    pub file: Option<String>,
    /// A `timezone` the config gives that is no IANA name (said in the file's comment).
    pub bad_timezone: Option<String>,
}

/// Config files by generator: name, and the keys for the title and the time zone.
const FILES: &[(&str, Format)] = &[
    ("_config.yml", Format::Yaml(&["title"], &["timezone"])),
    ("_config.yaml", Format::Yaml(&["title"], &["timezone"])),
    ("hugo.toml", Format::Toml),
    ("config.toml", Format::Toml),
    (
        "hugo.yaml",
        Format::Yaml(&["title"], &["timeZone", "timezone"]),
    ),
    ("mkdocs.yml", Format::Yaml(&["site_name"], &[])),
    ("pelicanconf.py", Format::Python),
];

#[derive(Clone, Copy)]
enum Format {
    /// Top-level `key: value` lines (read line by line: MkDocs files carry `!!python` tags that
    /// a YAML parser refuses).
    Yaml(&'static [&'static str], &'static [&'static str]),
    /// `title` and `timeZone` (or `timezone`) at the top level.
    Toml,
    /// `SITENAME = '…'` and `TIMEZONE = '…'` lines.
    Python,
}

/// The site config of the blog whose data dir is `dir`, or an empty [`Site`].
pub fn site(dir: &Path) -> Site {
    let mut places = vec![dir.to_owned()];
    let posts_folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .is_some_and(|n| ["_posts", "content", "posts", "docs", "source"].contains(&n.as_str()));
    if posts_folder
        && let Some(parent) = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.parent().map(Path::to_owned))
    {
        places.push(parent);
    }
    for place in places {
        for (name, format) in FILES {
            let Ok(text) = std::fs::read_to_string(place.join(name)) else {
                continue;
            };
            let (title, zone) = read(&text, *format);
            if title.is_none() && zone.is_none() {
                continue;
            }
            let timezone = zone.as_deref().and_then(|z| z.parse::<Tz>().ok());
            return Site {
                title,
                bad_timezone: zone.filter(|_| timezone.is_none()),
                timezone,
                file: Some((*name).to_owned()),
            };
        }
    }
    Site::default()
}

/// The title and time zone one config file's text gives.
fn read(text: &str, format: Format) -> (Option<String>, Option<String>) {
    match format {
        Format::Yaml(titles, zones) => (
            titles.iter().find_map(|k| line_value(text, k, ':')),
            zones.iter().find_map(|k| line_value(text, k, ':')),
        ),
        Format::Python => (
            line_value(text, "SITENAME", '='),
            line_value(text, "TIMEZONE", '='),
        ),
        Format::Toml => {
            let Ok(value) = toml::from_str::<toml::Table>(text) else {
                return (None, None);
            };
            let get = |key: &str| value.get(key).and_then(|v| v.as_str()).map(clean);
            (
                get("title").filter(|t| !t.is_empty()),
                get("timeZone").or_else(|| get("timezone")),
            )
        }
    }
}

/// The value of a top-level `key: value` (or `KEY = value`) line, unquoted; `None` when empty.
fn line_value(text: &str, key: &str, separator: char) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix(separator)?;
        let value = clean(rest.split(" #").next().unwrap_or(rest));
        (!value.is_empty()).then_some(value)
    })
}

fn clean(value: &str) -> String {
    value.trim().trim_matches(['"', '\'']).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_generators_config_gives_title_and_zone() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "_config.yml",
                "title: Harbour Devs\ntimezone: Europe/Lisbon\nmarkdown: kramdown\n",
                Some("Harbour Devs"),
                Some("Europe/Lisbon"),
            ),
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"Harbour Devs\"\ntimeZone = \"Europe/Lisbon\"\n",
                Some("Harbour Devs"),
                Some("Europe/Lisbon"),
            ),
            (
                "mkdocs.yml",
                "site_name: 'Harbour Devs'\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                Some("Harbour Devs"),
                None,
            ),
            (
                "pelicanconf.py",
                "AUTHOR = 'board'\nSITENAME = \"Harbour Devs\"  # shown in the header\nTIMEZONE = 'America/Los_Angeles'\n",
                Some("Harbour Devs"),
                Some("America/Los_Angeles"),
            ),
            ("_config.yml", "title:\n  nested: 1\n", None, None),
        ];
        for (name, text, title, zone) in cases {
            let dir = std::env::temp_dir().join(format!(
                "emcee-site-{}-{}",
                std::process::id(),
                name.replace('.', "-")
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("_posts")).expect("a dir");
            std::fs::write(dir.join(name), text).expect("written");
            for at in [dir.clone(), dir.join("_posts")] {
                let site = site(&at);
                assert_eq!(
                    site.title.as_deref(),
                    *title,
                    "{name} from {}",
                    at.display()
                );
                assert_eq!(site.timezone.map(|z| z.name()), *zone, "{name}");
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
