//! Unit tests of the config: layering, errors naming the key, typed announcement settings,
//! the example file and redaction.

use super::*;
use crate::announce::Offset;

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
    // The tests' own variables are no config key.
    let test_only = env(&[("EMCEE_TEST_DATABASE_URL", "postgres://127.0.0.1/t")]);
    assert_eq!(
        Config::from_parts(None, None, test_only).unwrap(),
        Config::default()
    );
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
    assert_eq!(
        config.announce.settings.reminders,
        [Offset::Days(2), Offset::Hours(3)]
    );
    assert_eq!(
        config.announce.channels,
        [Channel::slack("C1"), Channel::slack("C2")]
    );
    assert!(config.announce.enabled());
    assert!(!Config::default().announce.enabled());
}

#[test]
fn announce_values_left_out_take_the_one_default() {
    let config = Config::from_parts(
        None,
        Some(
            "[announce]
grace = \"90m\"\n",
        ),
        env(&[]),
    )
    .unwrap();
    let settings = &config.announce.settings;
    assert_eq!(settings.reminders, Settings::default().reminders);
    assert_eq!(settings.grace, chrono::TimeDelta::minutes(90));
    assert_eq!(
        Config::from_parts(None, None, env(&[])).unwrap().announce,
        AnnounceConfig::default()
    );
    let err = Config::from_parts(None, None, env(&[("EMCEE_ANNOUNCE_GRACE", "soon")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("announce.grace"), "{err}");
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
    let config: ConfigFile = toml::from_str(&uncommented).unwrap();
    let d = &config.discord;
    let s = &config.slack;
    assert!(d.token.is_some() && d.public_key.is_some() && d.application_id.is_some());
    assert!(d.guild_id.is_some() && d.api_base.is_some());
    assert!(s.signing_secret.is_some() && s.app_token.is_some());
    assert!(s.bot_token.is_some() && s.api_base.is_some());
    assert!(config.server.public_url.is_some());
    let a = &config.announce;
    assert!(!a.discord_channels.is_empty() && !a.slack_channels.is_empty());
    assert!(a.reminders.is_some() && a.grace.is_some() && a.new_roundups.is_some());
    assert!(
        a.state.is_some(),
        "the deprecated key is still shown, marked so"
    );
    assert!(config.state.url.is_some() && config.state.lease.is_some());
    assert!(config.server.replica.is_some());
}

#[test]
fn state_url_lease_and_the_deprecated_announce_state() {
    let config = Config::from_parts(None, None, env(&[])).unwrap();
    assert_eq!(config.state.url.expose(), "emcee-state.sqlite");
    assert_eq!(config.state.lease, std::time::Duration::from_secs(20));
    assert!(config.deprecated.is_empty());
    // The old key still works, with a note saying what to write instead.
    let old =
        Config::from_parts(None, Some("[announce]\nstate = \"old.sqlite\"\n"), env(&[])).unwrap();
    assert_eq!(old.state.url.expose(), "old.sqlite");
    assert!(
        old.deprecated[0].contains("[state] url"),
        "{:?}",
        old.deprecated
    );
    // The environment names a PostgreSQL URL; its password never prints.
    let pg = Config::from_parts(
        None,
        None,
        env(&[
            ("EMCEE_STATE_URL", "postgres://emcee:hunter2@db:5432/emcee"),
            ("EMCEE_STATE_LEASE", "30s"),
            ("EMCEE_SERVER_REPLICA", "emcee-1"),
        ]),
    )
    .unwrap();
    assert_eq!(
        super::redact_password(pg.state.url.expose()),
        "postgres://emcee:***@db:5432/emcee"
    );
    assert!(!format!("{pg:?}").contains("hunter2"));
    assert_eq!(pg.state.lease, std::time::Duration::from_secs(30));
    assert_eq!(pg.server.replica.as_deref(), Some("emcee-1"));
    // A password-less URL is shown as it is.
    assert_eq!(
        super::redact_password("postgres://postgres@127.0.0.1:5432/emcee"),
        "postgres://postgres@127.0.0.1:5432/emcee"
    );
    for (key, value) in [
        ("EMCEE_STATE_LEASE", "1s"),
        ("EMCEE_STATE_LEASE", "soon"),
        ("EMCEE_STATE_URL", " "),
        ("EMCEE_SERVER_REPLICA", "two words"),
    ] {
        let err = Config::from_parts(None, None, env(&[(key, value)])).unwrap_err();
        let key = key
            .trim_start_matches("EMCEE_")
            .to_lowercase()
            .replacen('_', ".", 1);
        assert!(err.to_string().contains(&key), "{key}: {err}");
    }
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

#[test]
fn rsvp_organisers_are_slack_user_ids() {
    let config = |value: &str| {
        Config::from_parts(
            None,
            None,
            [("EMCEE_RSVP_ORGANISERS".to_owned(), value.to_owned())],
        )
    };
    assert_eq!(
        config("U024BE7LH, W1").unwrap().rsvp.organisers,
        ["U024BE7LH", "W1"]
    );
    let err = config("<!channel>").unwrap_err().to_string();
    assert!(err.contains("rsvp.organisers"), "{err}");
}

#[test]
fn scheduled_events_need_a_token_and_a_guild() {
    let pairs = |pairs: &[(&str, &str)]| {
        Config::from_parts(
            None,
            None,
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    };
    let err = pairs(&[
        ("EMCEE_DISCORD_TOKEN", "t"),
        ("EMCEE_DISCORD_SCHEDULED_EVENTS", "true"),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.contains("discord.scheduled_events"), "{err}");
    assert!(
        pairs(&[
            ("EMCEE_DISCORD_TOKEN", "t"),
            ("EMCEE_DISCORD_GUILD_ID", "9009"),
            ("EMCEE_DISCORD_SCHEDULED_EVENTS", "true"),
        ])
        .unwrap()
        .discord
        .scheduled_events
    );
}
