//! The Slack app manifest `emcee commands slack [--url URL]` prints, built from `commands/`:
//! one slash command per spec plus `/emcee`, a bot user, the `commands` and `chat:write` bot
//! scopes, and interactivity for the buttons. With a URL the commands go to
//! `{URL}/slack/commands` and clicks to `{URL}/slack/interactions`; without one the app uses
//! Socket Mode for both.
//!
//! `manifest(Some("https://emcee.example.org"))` → `{"features":{"slash_commands":[{"command":
//! "/talk","description":"Find a talk…","usage_hint":"<query>","url":"https://emcee.example.org/
//! slack/commands",…},…]},"settings":{"socket_mode_enabled":false,…},…}`.

use serde_json::Value;
use slack_morphism::prelude::*;

use crate::commands::CommandSpec;

/// The bot's name in Slack.
const NAME: &str = "emcee";

const DESCRIPTION: &str = "Answers questions about the community's meetups, talks and speakers.";

/// Bot scopes: `commands` for the slash commands, `chat:write` to post as the bot.
pub const BOT_SCOPES: [&str; 2] = ["commands", "chat:write"];

/// The manifest as JSON, ready to paste into "Create an app → From a manifest".
pub fn manifest(url: Option<&str>) -> Value {
    let mut commands: Vec<SlackAppManifestFeaturesSlashCommand> =
        crate::commands::specs().iter().map(slash_command).collect();
    commands.push(
        SlackAppManifestFeaturesSlashCommand::new(
            super::EMCEE_COMMAND.to_owned(),
            "Any emcee command, e.g. /emcee talk kapitan; /emcee alone lists them".to_owned(),
        )
        .with_should_escape(false)
        .with_usage_hint("[command] [words]".to_owned()),
    );
    let manifest = SlackAppManifest::new(
        SlackAppManifestDisplayInformation::new(NAME.to_owned())
            .with_description(DESCRIPTION.to_owned()),
    )
    .with_features(
        SlackAppManifestFeatures::new()
            .with_bot_user(SlackAppManifestFeaturesBotUser::new(NAME.to_owned(), false))
            // The Messages tab, read-only: where the bot tells a member they got a place.
            .with_app_home(
                SlackAppManifestFeaturesAppHome::new()
                    .with_home_tab_enabled(false)
                    .with_messages_tab_enabled(true)
                    .with_messages_tab_read_only_enabled(true),
            )
            .with_slash_commands(commands),
    )
    .with_oauth_config(
        SlackAppManifestOAuthConfig::new().with_scopes(
            SlackAppManifestOAuthConfigScopes::new()
                .with_bot(BOT_SCOPES.iter().map(|s| (*s).to_owned().into()).collect()),
        ),
    )
    .with_settings(
        SlackAppManifestSettings::new()
            .with_org_deploy_enabled(false)
            .with_socket_mode_enabled(url.is_none())
            // Buttons (Going, Not going, More) come back as interactions.
            .with_interactivity(SlackAppManifestSettingsInteractivity::new(true)),
    );
    let mut value = serde_json::to_value(&manifest).unwrap_or(Value::Null);
    if let Some(url) = url {
        set_command_urls(&mut value, &commands_url(url));
        if let Some(interactivity) = value.pointer_mut("/settings/interactivity") {
            interactivity["request_url"] = Value::String(interactions_url(url));
        }
    }
    value
}

/// Where Slack posts button clicks: "https://emcee.example.org/" → "…org/slack/interactions".
pub fn interactions_url(base: &str) -> String {
    format!("{}/slack/interactions", base.trim().trim_end_matches('/'))
}

/// Where Slack posts the commands: "https://emcee.example.org/" → "…org/slack/commands".
pub fn commands_url(base: &str) -> String {
    format!("{}/slack/commands", base.trim().trim_end_matches('/'))
}

/// One spec as a slash command of the same name; the usage hint names its options.
fn slash_command(spec: &CommandSpec) -> SlackAppManifestFeaturesSlashCommand {
    let usage = spec.usage();
    let hint = usage.split_once(' ').map(|(_, options)| options.to_owned());
    SlackAppManifestFeaturesSlashCommand::new(format!("/{}", spec.name), spec.description.clone())
        .with_should_escape(false)
        .opt_usage_hint(hint)
}

/// Puts the request URL on every command as written: the model would want it parsed, and Slack
/// checks it when the manifest is imported.
fn set_command_urls(manifest: &mut Value, url: &str) {
    let commands = manifest
        .pointer_mut("/features/slash_commands")
        .and_then(Value::as_array_mut);
    for command in commands.into_iter().flatten() {
        if let Some(command) = command.as_object_mut() {
            command.insert("url".to_owned(), Value::String(url.to_owned()));
        }
    }
}
