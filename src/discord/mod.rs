//! Discord: slash commands over the HTTP interactions endpoint and over the gateway, both
//! answered by the same router through [`respond`], and announcements posted as the bot. The
//! files by role: `endpoint` (signed HTTP), `gateway` (WebSocket events), `render` (a `Reply` as
//! an embed), `register` (commands from `commands/`), `post` (announcements). No command logic
//! lives here.
//!
//! `/talk query:kapitan` → `{"type":4,"data":{"embeds":[{"title":"Deployments with Kapitan",…}],
//! "allowed_mentions":{"parse":[],…},…}}`.

mod direct;
mod endpoint;
pub mod events;
mod gateway;
mod post;
mod register;
mod render;

use std::sync::Arc;

use anyhow::Context as _;
use serde_json::Value;
use serenity::all::{
    ApplicationId, Builder as _, CreateAllowedMentions, CreateAutocompleteResponse, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    EditInteractionResponse, Embed, Http, HttpBuilder,
};

use crate::app::App;
use crate::chat::{self, Answer};
use crate::config::Config;
use crate::reply::{Action, Reply};
use crate::rsvp::{COUNT_FIELD, Member, Source};
pub use endpoint::routes;
pub use gateway::gateway;
pub use post::DiscordPoster;
pub use register::{commands, register};
use render::cut;
pub use render::{components, embed, fit, limits, mention_messages, message};

/// A slash command or an autocomplete request, from the endpoint or the gateway.
struct Invocation {
    /// With `token`, where a deferred answer is sent.
    application_id: ApplicationId,
    token: String,
    name: String,
    /// Option values by name, as the router takes them.
    options: Vec<(String, String)>,
    /// Whether this asks for autocomplete choices rather than an answer.
    autocomplete: bool,
    /// For autocomplete: the option being typed and what is typed so far.
    focused: Option<(String, String)>,
    /// Who asked, for /rsvp and /attendees.
    member: Option<Member>,
}

/// A click on one of emcee's buttons, from the endpoint or the gateway.
struct Click {
    application_id: ApplicationId,
    token: String,
    member: Member,
    action: Action,
    /// The clicked message's embeds as Discord sent them, to update its count in place.
    embeds: Vec<Value>,
}

/// Discord's permission bits that make a member an organiser: Manage Events, or Administrator.
const MANAGE_EVENTS: u64 = 1 << 33;
const ADMINISTRATOR: u64 = 1 << 3;

/// A member as Discord describes them: the user's id, the server nickname or global name or
/// username, and whether their permissions (a decimal bit set) include Manage Events.
fn member(id: String, names: [Option<&str>; 3], permissions: Option<u64>) -> Member {
    let name = names
        .into_iter()
        .flatten()
        .find(|n| !n.trim().is_empty())
        .unwrap_or("member")
        .to_owned();
    Member {
        organiser: permissions.is_some_and(|p| p & (MANAGE_EVENTS | ADMINISTRATOR) != 0),
        ..Member::new(Source::Discord, id, name)
    }
}

/// The answer to a click: type 7 with the clicked message's count updated (Going, Not going),
/// or a new message (More, and anything refused); and the private note to send as an
/// ephemeral follow-up once the answer is in. The answer is recorded before this returns.
fn click(app: &Arc<App>, click: &Click) -> (CreateInteractionResponse, Option<Reply>) {
    match &click.action {
        Action::Rsvp { meetup, going } => {
            let clicked = app.rsvp_click("discord", &click.member, meetup, *going);
            match clicked.count {
                Some(count) => (updated(&click.embeds, &count), Some(clicked.note)),
                None => (message(&clicked.note), None),
            }
        }
        Action::More { line } => (
            message(&app.answer_as("discord", line, Some(&click.member))),
            None,
        ),
        Action::Link { .. } => (nothing_to_do(), None),
    }
}

/// Type 7: the clicked message with its count field set to `count` (added when missing).
fn updated(embeds: &[Value], count: &str) -> CreateInteractionResponse {
    let mut update = CreateInteractionResponseMessage::new();
    let mut fixed: Vec<CreateEmbed> = Vec::new();
    for (i, embed) in embeds.iter().enumerate() {
        let mut embed = embed.clone();
        if i == 0 {
            set_count(&mut embed, count);
        }
        match serde_json::from_value::<Embed>(embed) {
            Ok(embed) => fixed.push(CreateEmbed::from(embed)),
            Err(err) => tracing::warn!("a clicked message's embed could not be read: {err}"),
        }
    }
    if !fixed.is_empty() {
        update = update.embeds(fixed);
    }
    CreateInteractionResponse::UpdateMessage(update.allowed_mentions(CreateAllowedMentions::new()))
}

/// Sets the value of the embed's count field, adding the field when it has none.
fn set_count(embed: &mut Value, count: &str) {
    let Some(object) = embed.as_object_mut() else {
        return;
    };
    let fields = object
        .entry("fields")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(fields) = fields.as_array_mut() else {
        return;
    };
    let value = render::cut(count, limits::FIELD_VALUE, "…");
    if let Some(field) = fields.iter_mut().find(|f| f["name"] == COUNT_FIELD) {
        field["value"] = Value::String(value);
    } else if fields.len() < limits::FIELDS {
        fields.push(serde_json::json!({"name": COUNT_FIELD, "value": value, "inline": false}));
    }
}

/// Sends `note` as an ephemeral follow-up of the interaction (its failure is the caller's to
/// log: the answer stands).
async fn send_note(
    http: Arc<Http>,
    application_id: ApplicationId,
    token: &str,
    note: &Reply,
) -> anyhow::Result<()> {
    http.set_application_id(application_id);
    CreateInteractionResponseFollowup::new()
        .embed(embed(note))
        .allowed_mentions(CreateAllowedMentions::new())
        .ephemeral(true)
        .execute(&http, (None, token))
        .await
        .context("sending the private note as a Discord follow-up")?;
    Ok(())
}

/// The response to one invocation, whichever way it arrived. A command not answered within
/// `app.reply_deadline` is deferred (type 5) and its answer sent later as an edit of the
/// original response, through `http` (the gateway's client) or one made from the config.
async fn respond(
    app: &Arc<App>,
    invocation: Invocation,
    http: Option<Arc<Http>>,
) -> CreateInteractionResponse {
    if invocation.autocomplete {
        return autocomplete(app, &invocation);
    }
    let Invocation {
        application_id,
        token,
        name,
        options,
        member,
        ..
    } = invocation;
    let answering = Arc::clone(app);
    let answer = move || answering.invoke_as("discord", &name, options, member.as_ref());
    let follow_up = move |app: Arc<App>, reply: Reply| async move {
        let http = match http {
            Some(http) => http,
            None => Arc::new(self::http(&app.config)),
        };
        http.set_application_id(application_id);
        let edit = EditInteractionResponse::new()
            .embed(embed(&reply))
            .allowed_mentions(CreateAllowedMentions::new());
        edit.execute(&http, &token)
            .await
            .context("editing the deferred Discord response")?;
        Ok(())
    };
    match chat::answer_or_defer(app, answer, follow_up).await {
        Answer::Now(reply) => message(&reply),
        Answer::Later => CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new()),
    }
}

/// The reply to interactions emcee does not take.
fn nothing_to_do() -> CreateInteractionResponse {
    message(&Reply::private(
        "Nothing to do",
        "emcee answers slash commands; /help lists them.",
    ))
}

/// Type 8: up to 25 choices for the option being typed.
fn autocomplete(app: &Arc<App>, invocation: &Invocation) -> CreateInteractionResponse {
    let mut response = CreateAutocompleteResponse::new();
    if let Some((option, typed)) = &invocation.focused {
        let archive = app.archive();
        let choices =
            crate::commands::complete(&archive, &invocation.name, option, typed, limits::CHOICES);
        for choice in choices {
            let choice = cut(&choice, limits::CHOICE, "…");
            response = response.add_string_choice(choice.clone(), choice);
        }
    }
    CreateInteractionResponse::Autocomplete(response)
}

/// serenity's HTTP client for the config: the bot token, the application id, and `api_base`
/// (a proxy, or a local fake in tests) in place of `https://discord.com`. serenity's rate
/// limiter ignores the proxy, so it is turned off when `api_base` is set.
pub fn http(config: &Config) -> Http {
    let d = &config.discord;
    let token = d.token.as_ref().map_or("", |t| t.expose());
    let mut builder = HttpBuilder::new(token);
    if let Some(id) = d
        .application_id
        .as_deref()
        .and_then(|id| id.parse::<u64>().ok())
    {
        builder = builder.application_id(id.into());
    }
    if let Some(base) = &d.api_base {
        builder = builder
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    builder.build()
}

/// Keeps the guild's scheduled events in step with the meetups every `every` until `shutdown`
/// (with `[discord] scheduled_events`, `token` and `guild_id`), remembering in `log`.
pub async fn scheduled_events(
    app: Arc<App>,
    log: Arc<dyn crate::store::DeliveryLog>,
    every: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let Some(guild) = app
        .config
        .discord
        .guild_id
        .as_deref()
        .and_then(|g| g.parse::<u64>().ok())
        .filter(|g| *g != 0)
    else {
        return;
    };
    let http = self::http(&app.config);
    tokio::pin!(shutdown);
    loop {
        if let Err(err) = events::sync(&app, &http, guild.into(), log.as_ref(), app.now()).await {
            tracing::error!("Discord scheduled events: {err:#}");
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = &mut shutdown => return,
        }
    }
}

/// The poster of announcements when `[discord] token` is set.
pub fn poster(config: &Config) -> Option<DiscordPoster> {
    let d = &config.discord;
    let token = d.token.as_ref()?;
    let poster = DiscordPoster::new(http(config));
    Some(match &d.api_base {
        Some(base) => poster.behind(direct::Direct::new(base, token.expose())),
        None => poster,
    })
}
