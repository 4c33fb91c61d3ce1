//! Discord's command registration, built from `commands/`: the bulk-overwrite body that `emcee
//! commands discord` prints and `emcee commands register --discord [--guild ID]` sends.
//!
//! `commands/talk.toml` → `{"name":"talk","type":1,"description":"Find a talk…","options":[{"type":3,
//! "name":"query","required":true,"autocomplete":true,"max_length":200,…}]}`.

use anyhow::Context as _;
use serenity::all::{
    Command, CommandOptionType, CommandType, CreateCommand, CreateCommandOption, GuildId,
    Permissions,
};

use super::http;
use crate::commands::MAX_QUERY_CHARS;
use crate::config::Config;

/// The bulk-overwrite body for Discord, built from `commands/`: what `emcee commands discord`
/// prints and `emcee commands register --discord` sends.
pub fn commands() -> Vec<CreateCommand> {
    crate::commands::specs()
        .iter()
        .map(|spec| {
            let mut command = CreateCommand::new(&spec.name)
                .kind(CommandType::ChatInput)
                .description(&spec.description);
            if spec.organisers_only {
                // Shown only to members who may manage events; the handler checks again.
                command = command.default_member_permissions(Permissions::MANAGE_EVENTS);
            }
            for option in &spec.options {
                let kind = match option.kind.as_str() {
                    "integer" => CommandOptionType::Integer,
                    "number" => CommandOptionType::Number,
                    "boolean" => CommandOptionType::Boolean,
                    _ => CommandOptionType::String,
                };
                let mut built = CreateCommandOption::new(kind, &option.name, &option.description)
                    .required(option.required)
                    .set_autocomplete(option.autocomplete.is_some());
                if kind == CommandOptionType::String {
                    built = built.max_length(MAX_QUERY_CHARS as u16);
                }
                command = command.add_option(built);
            }
            command
        })
        .collect()
}

/// Replaces emcee's commands in Discord: in one guild (instant) or globally. Returns how many
/// Discord now lists.
pub async fn register(config: &Config, guild: Option<&str>) -> anyhow::Result<usize> {
    if config.discord.token.is_none() {
        anyhow::bail!("discord.token is needed to register commands (or EMCEE_DISCORD_TOKEN)");
    }
    let http = http(config);
    if http.application_id().is_none() {
        let info = http
            .get_current_application_info()
            .await
            .context("asking Discord for the application id (or set discord.application_id)")?;
        http.set_application_id(info.id);
    }
    let listed = match guild {
        Some(guild) => {
            let id: u64 = guild
                .parse()
                .map_err(|_| anyhow::anyhow!("guild id '{guild}' is not a Discord id"))?;
            GuildId::new(id)
                .set_commands(&http, commands())
                .await
                .context("registering the guild's commands")?
        }
        None => Command::set_global_commands(&http, commands())
            .await
            .context("registering global commands")?,
    };
    Ok(listed.len())
}
