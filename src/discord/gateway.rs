//! Discord's gateway: a WebSocket session with no privileged intents, over which slash commands
//! and autocomplete arrive as events and are answered through the same `respond` as the HTTP
//! endpoint. The session's state is the app's `discord_connected`, which `/readyz` reads.
//!
//! `INTERACTION_CREATE` for `/talk query:kapitan` → `POST /interactions/{id}/{token}/callback`
//! with the Kapitan embed.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, Context, EventHandler,
    GatewayIntents, Interaction,
};

use super::{Click, Invocation, http, member, respond};
use crate::app::App;
use crate::reply::Action;

/// The member of a serenity interaction: the guild member with their permissions, or the user.
fn who(
    member_of: Option<&serenity::all::Member>,
    user: &serenity::all::User,
) -> crate::rsvp::Member {
    let nick = member_of.and_then(|m| m.nick.as_deref());
    let permissions = member_of.and_then(|m| m.permissions).map(|p| p.bits());
    member(
        user.id.to_string(),
        [nick, user.global_name.as_deref(), Some(user.name.as_str())],
        permissions,
    )
}

impl Click {
    /// A click on one of emcee's buttons, from serenity.
    fn from_serenity(c: &ComponentInteraction) -> Option<Click> {
        Some(Click {
            application_id: c.application_id,
            token: c.token.clone(),
            member: who(c.member.as_ref(), &c.user),
            action: Action::parse(&c.data.custom_id)?,
            embeds: c
                .message
                .embeds
                .iter()
                .filter_map(|e| serde_json::to_value(e).ok())
                .collect(),
        })
    }
}

impl Invocation {
    /// The invocation in a command or autocomplete interaction from serenity.
    fn from_serenity(interaction: &Interaction) -> Option<Invocation> {
        let (cmd, autocomplete) = match interaction {
            Interaction::Command(cmd) => (cmd, false),
            Interaction::Autocomplete(cmd) => (cmd, true),
            _ => return None,
        };
        Some(Invocation {
            application_id: cmd.application_id,
            token: cmd.token.clone(),
            name: cmd.data.name.clone(),
            options: options(cmd),
            autocomplete,
            focused: cmd
                .data
                .autocomplete()
                .map(|f| (f.name.to_owned(), f.value.to_owned())),
            member: Some(who(cmd.member.as_deref(), &cmd.user)),
        })
    }
}

/// A command's option values as the router takes them, by name.
fn options(cmd: &CommandInteraction) -> Vec<(String, String)> {
    cmd.data
        .options
        .iter()
        .filter_map(|o| {
            let value = match &o.value {
                CommandDataOptionValue::String(s) => s.clone(),
                CommandDataOptionValue::Integer(i) => i.to_string(),
                CommandDataOptionValue::Number(n) => n.to_string(),
                CommandDataOptionValue::Boolean(b) => b.to_string(),
                CommandDataOptionValue::Autocomplete { value, .. } => value.clone(),
                _ => return None,
            };
            Some((o.name.clone(), value))
        })
        .collect()
}

/// Answers interactions from the gateway, through the same `respond` as the endpoint.
struct Gateway {
    app: Arc<App>,
}

#[serenity::async_trait]
impl EventHandler for Gateway {
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        if let Interaction::Component(component) = &interaction {
            let Some(click) = Click::from_serenity(component) else {
                return;
            };
            let (response, note) = super::click(&self.app, &click);
            if let Err(err) = ctx
                .http
                .create_interaction_response(component.id, &click.token, &response, Vec::new())
                .await
            {
                tracing::error!("could not answer a click (the RSVP stands): {err:#}");
                return;
            }
            if let Some(note) = note
                && let Err(err) = super::send_note(
                    Arc::clone(&ctx.http),
                    click.application_id,
                    &click.token,
                    &note,
                )
                .await
            {
                tracing::warn!("the RSVP stands, but its private note was not sent: {err:#}");
            }
            return;
        }
        let Some(invocation) = Invocation::from_serenity(&interaction) else {
            return;
        };
        let id = interaction.id();
        let token = invocation.token.clone();
        let response = respond(&self.app, invocation, Some(Arc::clone(&ctx.http))).await;
        if let Err(err) = ctx
            .http
            .create_interaction_response(id, &token, &response, Vec::new())
            .await
        {
            tracing::error!("could not answer an interaction: {err:#}");
        }
    }

    async fn ready(&self, _ctx: Context, ready: serenity::model::gateway::Ready) {
        self.app.discord_connected.store(true, Ordering::Relaxed);
        tracing::info!(user = %ready.user.name, "connected to Discord's gateway");
    }

    async fn resume(&self, _ctx: Context, _event: serenity::model::event::ResumedEvent) {
        self.app.discord_connected.store(true, Ordering::Relaxed);
    }

    async fn shard_stage_update(
        &self,
        _ctx: Context,
        event: serenity::gateway::ShardStageUpdateEvent,
    ) {
        let connected = event.new == serenity::gateway::ConnectionStage::Connected;
        self.app
            .discord_connected
            .store(connected, Ordering::Relaxed);
    }
}

/// Connects to Discord's gateway with no privileged intents (interactions need none) and
/// answers slash commands until the connection ends or `shutdown` resolves, then closes the
/// connection. Behind `[discord] api_base`, the gateway's address comes from there or not at
/// all: until the proxy answers, emcee asks again (1 s, 2 s, … up to a minute) rather than
/// fall back, as serenity would, to Discord's public host.
pub async fn gateway(
    app: Arc<App>,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    tokio::pin!(shutdown);
    let http = http(&app.config);
    let proxied_url = match &app.config.discord.api_base {
        None => None,
        Some(base) => {
            let mut wait = Duration::from_secs(1);
            loop {
                match http.get_gateway().await {
                    Ok(gateway) => break Some(gateway.url),
                    Err(err) => tracing::warn!(
                        "cannot get the gateway's address from {base}: {err}; asking again in \
                         {} s",
                        wait.as_secs()
                    ),
                }
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = &mut shutdown => return Ok(()),
                }
                wait = (wait * 2).min(Duration::from_secs(60));
            }
        }
    };
    let mut client = serenity::client::ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(Gateway {
            app: Arc::clone(&app),
        })
        .await
        .context("starting the Discord client")?;
    if let Some(url) = proxied_url {
        *client.ws_url.lock().await = url;
    }
    let shards = Arc::clone(&client.shard_manager);
    let result = tokio::select! {
        result = client.start() => result.context("Discord gateway"),
        () = shutdown => {
            shards.shutdown_all().await;
            tracing::info!("closed the Discord gateway connection");
            Ok(())
        }
    };
    app.discord_connected.store(false, Ordering::Relaxed);
    result
}
