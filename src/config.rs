//! `emcee.toml` and its `EMCEE_<SECTION>_<KEY>` environment overrides: defaults, then the file,
//! then the environment. Unknown keys are an error; secrets print as `[redacted]`. Values are
//! parsed once, here, into the types emcee uses (reminder offsets, a grace period, channels),
//! and a value left out takes the one default its type declares.
//!
//! `EMCEE_DISCORD_PUBLIC_KEY=ab12…` → `config.discord.public_key = Some("ab12…")`;
//! `EMCEE_ANNOUNCE_REMINDERS=2d,3h` → `config.announce.settings.reminders = [Days(2), Hours(3)]`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::announce::schedule::{parse_grace, parse_offsets};
use crate::announce::{Channel, Settings};

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

/// The configuration emcee runs with, checked and typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub server: ServerConfig,
    pub discord: DiscordConfig,
    pub slack: SlackConfig,
    pub announce: AnnounceConfig,
    pub rsvp: RsvpConfig,
    pub state: StateConfig,
    /// Keys that still work but are on their way out, each with what to write instead; `serve`
    /// and the other commands log them once.
    pub deprecated: Vec<String>,
}

/// `[state]`: where emcee keeps what must survive a restart (the delivery log, the RSVPs, the
/// scheduled-event ids, the leader lease), checked.
#[derive(Clone, Debug, PartialEq)]
pub struct StateConfig {
    /// A SQLite file path (the default, `emcee-state.sqlite`), or a `postgres://` URL shared
    /// by every replica.
    pub url: Secret,
    /// How long a leader's lease lasts without renewal: another replica takes over within
    /// about 1.2 times this after the leader dies.
    pub lease: std::time::Duration,
}

/// The default lease: a dead leader's jobs resume elsewhere within 30 s.
pub const DEFAULT_LEASE: std::time::Duration = std::time::Duration::from_secs(20);

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            url: Secret::new(DEFAULT_STATE_FILE),
            lease: DEFAULT_LEASE,
        }
    }
}

/// The state file when nothing else is said.
pub const DEFAULT_STATE_FILE: &str = "emcee-state.sqlite";

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; anything else unchanged.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// `[state]` as written.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct StateFile {
    /// `emcee-state.sqlite` (a path) or `postgres://user@host:5432/emcee`.
    pub url: Option<Secret>,
    /// The leader lease, such as `20s` or `1m`.
    pub lease: Option<String>,
}

/// `[rsvp]`: who counts as an organiser where the platform cannot say (Slack).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RsvpConfig {
    /// Slack user ids (`U0…`) who may use `/attendees`. On Discord, Manage Events decides.
    #[serde(deserialize_with = "list")]
    pub organisers: Vec<String>,
}

/// The configuration as written in `emcee.toml` and `EMCEE_*` variables, before it is checked.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ConfigFile {
    pub server: ServerConfig,
    pub discord: DiscordConfig,
    pub slack: SlackConfig,
    pub announce: AnnounceFile,
    pub rsvp: RsvpConfig,
    pub state: StateFile,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Where the HTTP server listens: the Discord and Slack endpoints and `/healthz`.
    pub listen: SocketAddr,
    /// The server's public base URL, e.g. `https://emcee.example.org`: `/next-meetup` then
    /// links the calendar feed at `{public_url}/calendar.ics`.
    pub public_url: Option<String>,
    /// This replica's name in logs and in the leader lease; the host name when unset (a
    /// Kubernetes pod's name).
    pub replica: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            replica: None,
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
    /// Keep a guild scheduled event for each upcoming meetup (needs `token` and `guild_id`).
    pub scheduled_events: bool,
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

/// `[announce]` as written: every key optional, so that a default lives only in the type that
/// uses it ([`Settings`], [`AnnounceConfig`]).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AnnounceFile {
    /// Discord channel ids to post in (needs `[discord] token`).
    #[serde(deserialize_with = "list")]
    pub discord_channels: Vec<String>,
    /// Slack channel ids to post in (needs `[slack] bot_token`).
    #[serde(deserialize_with = "list")]
    pub slack_channels: Vec<String>,
    /// Reminders before each meetup: "7d", "1d", "2h", "90m".
    #[serde(deserialize_with = "some_list")]
    pub reminders: Option<Vec<String>>,
    /// Post a note when a new roundup appears.
    pub new_roundups: Option<bool>,
    /// How late a missed reminder may still be posted (never after the meetup starts).
    pub grace: Option<String>,
    /// Deprecated: `[state] url`, which also takes a PostgreSQL URL.
    pub state: Option<PathBuf>,
}

/// What the announcer is told to do.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnounceConfig {
    /// Where to post: Discord's channels, then Slack's.
    pub channels: Vec<Channel>,
    /// Reminders (longest first) and the grace period.
    pub settings: Settings,
    /// Post a note when a new roundup appears.
    pub new_roundups: bool,
}

impl Default for AnnounceConfig {
    fn default() -> Self {
        AnnounceConfig {
            channels: Vec::new(),
            settings: Settings::default(),
            new_roundups: true,
        }
    }
}

impl AnnounceConfig {
    /// Announcements are on when any channel is configured.
    pub fn enabled(&self) -> bool {
        !self.channels.is_empty()
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

/// As [`list`], for a key whose absence means "the default".
fn some_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    list(deserializer).map(Some)
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
                toml::from_str::<ConfigFile>(text).map_err(|e| file_error(e.to_string()))?;
                toml::from_str::<toml::Table>(text).map_err(|e| file_error(e.to_string()))?
            }
            None => toml::Table::new(),
        };
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            // EMCEE_TEST_* tell emcee's own tests where their database is; no config key.
            .filter(|(k, _)| k.starts_with("EMCEE_") && !k.starts_with("EMCEE_TEST_"))
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
                .try_into::<ConfigFile>()
                .map_err(|e| env_error(format!("{section}.{key}: {}", e.message())))?;
        }
        let file: ConfigFile = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| file_error(e.message().to_owned()))?;
        file.check()
    }

    /// What commands are told of this deployment.
    pub fn command_settings(&self) -> crate::commands::Settings {
        crate::commands::Settings {
            public_url: self
                .server
                .public_url
                .as_ref()
                .map(|url| url.trim_end_matches('/').to_owned()),
            last_reminder: self
                .announce
                .enabled()
                .then(|| self.announce.settings.reminders.last().copied())
                .flatten(),
        }
    }
}

impl ConfigFile {
    /// Checks what the types alone cannot (key formats, keys that need each other) and parses
    /// the announcement settings, once, into the config emcee runs with.
    pub fn check(self) -> Result<Config, ConfigError> {
        fn invalid<T>(key: &str, message: &str) -> Result<T, ConfigError> {
            Err(ConfigError::Invalid {
                key: key.to_owned(),
                message: message.to_owned(),
            })
        }
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
        if d.scheduled_events && (d.token.is_none() || d.guild_id.is_none()) {
            return invalid(
                "discord.scheduled_events",
                "needs discord.token and discord.guild_id: the events are made as the bot in that guild",
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
        if self.rsvp.organisers.iter().any(|id| {
            id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }) {
            return invalid(
                "rsvp.organisers",
                "must be Slack user ids such as U024BE7LH (profile → Copy member ID)",
            );
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
        let defaults = Settings::default();
        let reminders = match &a.reminders {
            Some(texts) => match parse_offsets(texts) {
                Ok(offsets) => offsets,
                Err(err) => return invalid("announce.reminders", &err.to_string()),
            },
            None => defaults.reminders.clone(),
        };
        let grace = match &a.grace {
            Some(text) => match parse_grace(text) {
                Ok(grace) => grace,
                Err(err) => return invalid("announce.grace", &err.to_string()),
            },
            None => defaults.grace,
        };
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
        let channels = a
            .discord_channels
            .iter()
            .map(Channel::discord)
            .chain(a.slack_channels.iter().map(Channel::slack))
            .collect();
        let fallback = AnnounceConfig::default();
        let announce = AnnounceConfig {
            channels,
            settings: Settings {
                reminders,
                grace,
                ..defaults
            },
            new_roundups: a.new_roundups.unwrap_or(fallback.new_roundups),
        };
        let mut deprecated = Vec::new();
        let url = match (&self.state.url, &a.state) {
            (Some(url), _) if url.expose().trim().is_empty() => {
                return invalid(
                    "state.url",
                    "is empty: give a file path or a postgres:// URL",
                );
            }
            (Some(url), Some(_)) => {
                deprecated.push(
                    "announce.state is deprecated and ignored here, as state.url is set".to_owned(),
                );
                url.clone()
            }
            (Some(url), None) => url.clone(),
            (None, Some(path)) => {
                deprecated.push(format!(
                    "announce.state is deprecated: write [state] url = \"{}\" instead",
                    path.display()
                ));
                Secret::new(path.to_string_lossy())
            }
            (None, None) => StateConfig::default().url,
        };
        let lease = match &self.state.lease {
            Some(text) => match parse_period(text) {
                Some(lease) if lease >= std::time::Duration::from_secs(3) => lease,
                _ => {
                    return invalid(
                        "state.lease",
                        "must be a period of 3s to 1h, such as 20s or 1m",
                    );
                }
            },
            None => DEFAULT_LEASE,
        };
        if let Some(name) = &self.server.replica
            && (name.trim().is_empty() || name.len() > 253 || name.contains(char::is_whitespace))
        {
            return invalid(
                "server.replica",
                "must be a name without spaces, such as emcee-0",
            );
        }
        Ok(Config {
            server: self.server,
            discord: self.discord,
            slack: self.slack,
            announce,
            rsvp: self.rsvp,
            state: StateConfig { url, lease },
            deprecated,
        })
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

/// `20s`, `1m`, `1h` as a duration of at most an hour; `None` for anything else.
fn parse_period(text: &str) -> Option<std::time::Duration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let seconds_per = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        _ => return None,
    };
    let amount: u64 = text[..text.len() - 1].parse().ok()?;
    let seconds = amount.checked_mul(seconds_per)?;
    (seconds <= 3600).then(|| std::time::Duration::from_secs(seconds))
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
