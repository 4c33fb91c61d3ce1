//! `emcee.toml` and its `EMCEE_<SECTION>_<KEY>` environment overrides: defaults, then the file,
//! then the environment. Unknown keys are an error; secrets print as `[redacted]`.
//!
//! `EMCEE_DISCORD_PUBLIC_KEY=ab12…` → `config.discord.public_key = Some("ab12…")`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A token or signing secret: `Debug` and `Display` print `[redacted]`; only `expose` reveals it.
#[derive(Clone, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub discord: DiscordConfig,
    pub slack: SlackConfig,
    pub announce: AnnounceConfig,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Where the HTTP server listens: the Discord and Slack endpoints and `/healthz`.
    pub listen: SocketAddr,
    /// The server's public base URL, e.g. `https://emcee.example.org`: `/next-meetup` then
    /// links the calendar feed at `{public_url}/calendar.ics`.
    pub public_url: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Bot token: enables the gateway, registration and announcements.
    pub token: Option<Secret>,
    /// The application's Ed25519 public key (64 hex digits): enables `/discord/interactions`.
    pub public_key: Option<String>,
    pub application_id: Option<String>,
    /// Base URL of Discord's API, for a proxy (or a local fake in tests).
    pub api_base: Option<String>,
    /// Register commands in this guild only (instant) instead of globally.
    pub guild_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SlackConfig {
    /// Signing secret: enables `/slack/commands`.
    pub signing_secret: Option<Secret>,
    /// App-level token (`xapp-…`): enables Socket Mode.
    pub app_token: Option<Secret>,
    /// Bot token (`xoxb-…`): for posting messages.
    pub bot_token: Option<Secret>,
    /// Base URL of Slack's Web API, e.g. `https://slack.com/api` (a proxy, or a fake in tests).
    pub api_base: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AnnounceConfig {
    /// Discord channel ids to post in (needs `[discord] token`).
    #[serde(deserialize_with = "list")]
    pub discord_channels: Vec<String>,
    /// Slack channel ids to post in (needs `[slack] bot_token`).
    #[serde(deserialize_with = "list")]
    pub slack_channels: Vec<String>,
    /// Reminders before each meetup: "7d", "1d", "2h", "90m".
    #[serde(deserialize_with = "list")]
    pub reminders: Vec<String>,
    /// Post a note when a new roundup appears.
    pub new_roundups: bool,
    /// How late a missed reminder may still be posted (never after the meetup starts).
    pub grace: String,
    /// The delivery log: an SQLite file, so nothing is posted twice across restarts.
    pub state: PathBuf,
}

impl Default for AnnounceConfig {
    fn default() -> Self {
        AnnounceConfig {
            discord_channels: Vec::new(),
            slack_channels: Vec::new(),
            reminders: vec!["7d".to_owned(), "1d".to_owned()],
            new_roundups: true,
            grace: "6h".to_owned(),
            state: PathBuf::from("emcee-state.sqlite"),
        }
    }
}

impl AnnounceConfig {
    /// Announcements are on when any channel is configured.
    pub fn enabled(&self) -> bool {
        !self.discord_channels.is_empty() || !self.slack_channels.is_empty()
    }
}

/// A list given as a TOML array, or as one comma-separated string (handy in environment
/// variables: `EMCEE_ANNOUNCE_REMINDERS=7d,1d`).
fn list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum List {
        Many(Vec<String>),
        One(String),
    }
    Ok(match List::deserialize(deserializer)? {
        List::Many(items) => items,
        List::One(text) => text
            .split(',')
            .map(|item| item.trim().to_owned())
            .filter(|item| !item.is_empty())
            .collect(),
    })
}

/// Why the configuration cannot be used; names the file or variable and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("{var}: {message}")]
    Env { var: String, message: String },
    #[error("{key}: {message}")]
    Invalid { key: String, message: String },
}

impl Config {
    /// Reads the config: `path` if given (it must exist), else `./emcee.toml` when present, else
    /// the defaults; then applies `EMCEE_*` variables from `env`, then validates.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let (path, text) = match path {
            Some(path) => (Some(path.to_owned()), Some(read(path)?)),
            None => {
                let default = Path::new("emcee.toml");
                if default.is_file() {
                    (Some(default.to_owned()), Some(read(default)?))
                } else {
                    (None, None)
                }
            }
        };
        Config::from_parts(path.as_deref(), text.as_deref(), env)
    }

    /// The config from a file's text (or none) and environment variables.
    pub fn from_parts(
        path: Option<&Path>,
        text: Option<&str>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let file_error = |message: String| ConfigError::File {
            path: path.unwrap_or(Path::new("emcee.toml")).to_owned(),
            message,
        };
        let mut table = match text {
            Some(text) => {
                // Deserialize the text itself first, so errors carry the file's line.
                toml::from_str::<Config>(text).map_err(|e| file_error(e.to_string()))?;
                toml::from_str::<toml::Table>(text).map_err(|e| file_error(e.to_string()))?
            }
            None => toml::Table::new(),
        };
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("EMCEE_"))
            .collect();
        vars.sort();
        for (var, value) in &vars {
            let env_error = |message: String| ConfigError::Env {
                var: var.clone(),
                message,
            };
            let rest = &var["EMCEE_".len()..];
            let Some((section, key)) = rest.split_once('_') else {
                return Err(env_error(
                    "name it EMCEE_<SECTION>_<KEY>, e.g. EMCEE_SERVER_LISTEN".to_owned(),
                ));
            };
            let (section, key) = (section.to_lowercase(), key.to_lowercase());
            let entry = table
                .entry(section.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let Some(section_table) = entry.as_table_mut() else {
                return Err(env_error(format!("[{section}] is not a section")));
            };
            section_table.insert(key.clone(), env_value(value));
            toml::Value::Table(table.clone())
                .try_into::<Config>()
                .map_err(|e| env_error(format!("{section}.{key}: {}", e.message())))?;
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| file_error(e.message().to_owned()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks values the types alone cannot: key formats and keys that need each other.
    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, message: &str| {
            Err(ConfigError::Invalid {
                key: key.to_owned(),
                message: message.to_owned(),
            })
        };
        let d = &self.discord;
        if let Some(key) = &d.public_key
            && public_key_bytes(key).is_none()
        {
            return invalid(
                "discord.public_key",
                "must be the application's public key: 64 hex digits",
            );
        }
        for (key, value) in [
            ("discord.application_id", &d.application_id),
            ("discord.guild_id", &d.guild_id),
        ] {
            if let Some(id) = value
                && (id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || id.len() > 20)
            {
                return invalid(key, "must be a Discord id (digits only)");
            }
        }
        if d.token.is_none()
            && d.public_key.is_none()
            && (d.application_id.is_some() || d.guild_id.is_some() || d.api_base.is_some())
        {
            return invalid(
                "discord.public_key",
                "is missing: set it for the HTTP endpoint, or discord.token for the gateway",
            );
        }
        if matches!(&d.token, Some(t) if t.expose().trim().is_empty()) {
            return invalid("discord.token", "is empty");
        }
        let s = &self.slack;
        if let Some(token) = &s.app_token
            && !token.expose().starts_with("xapp-")
        {
            return invalid(
                "slack.app_token",
                "must be an app-level token (xapp-…), made under Basic Information",
            );
        }
        if let Some(token) = &s.bot_token
            && !token.expose().starts_with("xoxb-")
        {
            return invalid("slack.bot_token", "must be a bot token (xoxb-…)");
        }
        if matches!(&s.signing_secret, Some(t) if t.expose().trim().is_empty()) {
            return invalid("slack.signing_secret", "is empty");
        }
        let a = &self.announce;
        if !a.discord_channels.is_empty() && d.token.is_none() {
            return invalid(
                "discord.token",
                "is missing: announce.discord_channels posts as the bot",
            );
        }
        if !a.slack_channels.is_empty() && s.bot_token.is_none() {
            return invalid(
                "slack.bot_token",
                "is missing: announce.slack_channels posts as the bot",
            );
        }
        if a.discord_channels
            .iter()
            .any(|id| id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()))
        {
            return invalid(
                "announce.discord_channels",
                "must be channel ids (digits only)",
            );
        }
        if a.slack_channels
            .iter()
            .any(|id| id.is_empty() || id.contains(char::is_whitespace))
        {
            return invalid(
                "announce.slack_channels",
                "must be channel ids such as C024BE91L",
            );
        }
        if let Err(err) = crate::announce::Settings::parse(&a.reminders, Some(&a.grace)) {
            return invalid("announce.reminders", &err.to_string());
        }
        for (key, value) in [
            ("server.public_url", &self.server.public_url),
            ("discord.api_base", &d.api_base),
            ("slack.api_base", &s.api_base),
        ] {
            if let Some(url) = value
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return invalid(key, "must be an http:// or https:// URL");
            }
        }
        Ok(())
    }
}

/// The 32 bytes of a hex Ed25519 public key, or `None` when it is not 64 hex digits.
pub fn public_key_bytes(hex_key: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(hex_key.trim()).ok()?;
    bytes.try_into().ok()
}

/// An environment value as TOML: `true`/`false` and `[..]` lists keep their type, anything
/// else is a string (so ids and tokens are never mistaken for numbers).
fn env_value(value: &str) -> toml::Value {
    let trimmed = value.trim();
    if (trimmed == "true" || trimmed == "false" || trimmed.starts_with('['))
        && let Ok(table) = toml::from_str::<toml::Table>(&format!("v = {trimmed}"))
        && let Some(v) = table.get("v")
    {
        return v.clone();
    }
    toml::Value::String(value.to_owned())
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_listen_on_loopback_8080() {
        let config = Config::from_parts(None, None, env(&[])).unwrap();
        assert_eq!(config.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.discord, DiscordConfig::default());
    }

    #[test]
    fn environment_overrides_the_file() {
        let text = "[server]\nlisten = \"0.0.0.0:9000\"\n[discord]\napplication_id = \"1\"\n";
        let config = Config::from_parts(
            None,
            Some(text),
            env(&[
                ("EMCEE_DISCORD_APPLICATION_ID", "1234567890"),
                ("EMCEE_DISCORD_TOKEN", "token"),
                ("EMCEE_SLACK_SIGNING_SECRET", "s3cret"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(config.server.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(config.discord.application_id.as_deref(), Some("1234567890"));
        assert_eq!(
            config.slack.signing_secret.as_ref().map(Secret::expose),
            Some("s3cret")
        );
    }

    #[test]
    fn unknown_keys_are_errors_naming_them() {
        let err = Config::from_parts(None, Some("[discord]\ntokn = \"x\"\n"), env(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("tokn"), "{err}");
        let err = Config::from_parts(None, None, env(&[("EMCEE_DISCORD_TOKN", "x")]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("EMCEE_DISCORD_TOKN"), "{err}");
        assert!(err.contains("tokn"), "{err}");
        let err = Config::from_parts(None, None, env(&[("EMCEE_NOPE_KEY", "x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn file_errors_carry_the_line() {
        let err = Config::from_parts(
            Some(Path::new("conf/emcee.toml")),
            Some("[server]\n\nlisten = 8080\n"),
            env(&[]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("conf/emcee.toml"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn malformed_values_name_the_key() {
        for (var, value, key) in [
            ("EMCEE_DISCORD_PUBLIC_KEY", "not-hex", "discord.public_key"),
            ("EMCEE_DISCORD_GUILD_ID", "guild", "discord.guild_id"),
            ("EMCEE_DISCORD_APPLICATION_ID", "123", "discord.public_key"),
            ("EMCEE_SLACK_APP_TOKEN", "xoxb-1", "slack.app_token"),
            ("EMCEE_SLACK_API_BASE", "slack.com/api", "slack.api_base"),
        ] {
            let err = Config::from_parts(None, None, env(&[(var, value)]))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(key), "{var}: {err}");
        }
    }

    #[test]
    fn announce_lists_come_as_arrays_or_comma_separated() {
        let config = Config::from_parts(
            None,
            Some("[announce]\nreminders = [\"2d\", \"3h\"]\n"),
            env(&[
                ("EMCEE_ANNOUNCE_SLACK_CHANNELS", "C1, C2"),
                ("EMCEE_SLACK_BOT_TOKEN", "xoxb-1"),
            ]),
        )
        .unwrap();
        assert_eq!(config.announce.reminders, ["2d", "3h"]);
        assert_eq!(config.announce.slack_channels, ["C1", "C2"]);
        assert!(config.announce.enabled());
        assert!(!Config::default().announce.enabled());
    }

    #[test]
    fn announcing_needs_the_bot_tokens_and_good_offsets() {
        for (pairs, key) in [
            (
                vec![("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "123")],
                "discord.token",
            ),
            (
                vec![("EMCEE_ANNOUNCE_SLACK_CHANNELS", "C1")],
                "slack.bot_token",
            ),
            (
                vec![("EMCEE_ANNOUNCE_REMINDERS", "7 days")],
                "announce.reminders",
            ),
            (
                vec![
                    ("EMCEE_ANNOUNCE_DISCORD_CHANNELS", "#general"),
                    ("EMCEE_DISCORD_TOKEN", "t"),
                ],
                "announce.discord_channels",
            ),
        ] {
            let err = Config::from_parts(None, None, env(&pairs))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(key), "{pairs:?}: {err}");
        }
    }

    /// The example names every key, commented out, and each is a key emcee knows.
    #[test]
    fn example_config_lists_every_key() {
        let example = include_str!("../emcee.example.toml");
        let uncommented: String = example
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                // "# token = …" is a commented key; other comment lines are prose.
                Some(rest)
                    if rest.split_once(" = ").is_some_and(|(key, _)| {
                        key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }) =>
                {
                    rest
                }
                _ if line.starts_with('[') => line,
                _ => "",
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            Config::from_parts(None, Some(example), env(&[])).unwrap(),
            Config::default(),
            "every key is commented out"
        );
        let config: Config = toml::from_str(&uncommented).unwrap();
        let d = &config.discord;
        let s = &config.slack;
        assert!(d.token.is_some() && d.public_key.is_some() && d.application_id.is_some());
        assert!(d.guild_id.is_some() && d.api_base.is_some());
        assert!(s.signing_secret.is_some() && s.app_token.is_some());
        assert!(s.bot_token.is_some() && s.api_base.is_some());
        assert!(config.server.public_url.is_some());
        let a = &config.announce;
        assert!(!a.discord_channels.is_empty() && !a.slack_channels.is_empty());
        assert_ne!(a.state, AnnounceConfig::default().state);
    }

    #[test]
    fn secrets_never_print() {
        let config = Config::from_parts(
            None,
            None,
            env(&[
                ("EMCEE_DISCORD_TOKEN", "bot-token-value"),
                ("EMCEE_SLACK_SIGNING_SECRET", "signing-value"),
                ("EMCEE_SLACK_BOT_TOKEN", "xoxb-bot-value"),
                ("EMCEE_SLACK_APP_TOKEN", "xapp-app-value"),
            ]),
        )
        .unwrap();
        for printed in [format!("{config:?}"), format!("{config:#?}")] {
            for secret in ["bot-token-value", "signing-value", "bot-value", "app-value"] {
                assert!(!printed.contains(secret), "{printed}");
            }
            assert!(printed.contains("[redacted]"));
        }
    }
}
