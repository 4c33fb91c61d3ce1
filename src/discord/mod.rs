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
mod gateway;
mod post;
mod register;
mod render;

use std::sync::Arc;

use anyhow::Context as _;
use serenity::all::{
    ApplicationId, Builder as _, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse, Http,
    HttpBuilder,
};

use crate::app::App;
use crate::chat::{self, Answer};
use crate::config::Config;
use crate::reply::Reply;
pub use endpoint::routes;
pub use gateway::gateway;
pub use post::DiscordPoster;
pub use register::{commands, register};
use render::cut;
pub use render::{embed, fit, limits, message};

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
        ..
    } = invocation;
    let answering = Arc::clone(app);
    let answer = move || answering.invoke_on("discord", &name, options);
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
