//! Discord: slash commands over the HTTP interactions endpoint and over the gateway, both
//! answered by the same router. This module only translates an interaction into the router's
//! invocation and a `Reply` into an embed within Discord's limits; no command logic lives here.
//!
//! `/talk query:kapitan` → `{"type":4,"data":{"embeds":[{"title":"Deployments with Kapitan",…}],
//! "allowed_mentions":{"parse":[],…},…}}`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serenity::all::{
    ApplicationId, Builder as _, Command, CommandDataOptionValue, CommandInteraction,
    CommandOptionType, CommandType, Context, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateEmbedFooter, CreateInteractionResponse,
    CreateInteractionResponseMessage, EditInteractionResponse, EventHandler, GatewayIntents,
    GuildId, Http, HttpBuilder, Interaction,
};

use crate::config::Config;
use crate::reply::{Field, Reply};
use crate::server::{App, within_deadline};

/// Discord's limits on one embed and on one message's embeds [Discord: message resource].
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    /// Title, description, field names and values and footer across all embeds of a message.
    pub const TOTAL: usize = 6000;
    pub const CHOICES: usize = 25;
    pub const CHOICE: usize = 100;
}

/// Signed requests older or newer than this are replays, not Discord.
const SIGNATURE_WINDOW_SECS: i64 = 300;

/// Embed colour of answers (errors and help carry none).
const COLOUR: u32 = 0x2F7D95;

/// `POST /discord/interactions`.
pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/discord/interactions", post(interactions))
}

/// Verifies the signature (401 when missing, malformed, wrong or stale), decodes the interaction
/// (400 when it is not one) and answers it in the HTTP response.
async fn interactions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(verifier) = &app.discord_verifier else {
        return (
            StatusCode::NOT_FOUND,
            "Discord's interactions endpoint is off: set [discord] public_key",
        )
            .into_response();
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return unauthorized(&app);
    };
    if verifier.verify(signature, timestamp, &body).is_err() || !fresh(timestamp) {
        return unauthorized(&app);
    }
    let interaction = match Incoming::decode(&body) {
        Ok(interaction) => interaction,
        Err(err) => {
            tracing::warn!("Discord sent a body emcee cannot read: {err}");
            return (StatusCode::BAD_REQUEST, "not an interaction").into_response();
        }
    };
    if interaction.kind == Incoming::PING {
        // Discord's documented PONG; serenity's own serializes with `"data":null`.
        return axum::Json(serde_json::json!({"type": 1})).into_response();
    }
    let response = match interaction.invocation() {
        Some(invocation) => respond(&app, invocation, None).await,
        None => nothing_to_do(),
    };
    axum::Json(response).into_response()
}

fn unauthorized(app: &App) -> Response {
    app.metrics.signature_rejected("discord");
    (StatusCode::UNAUTHORIZED, "invalid request signature").into_response()
}

/// Whether a signature timestamp (Unix seconds) is within the replay window of the wall clock.
fn fresh(timestamp: &str) -> bool {
    let Ok(seconds) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    (chrono::Utc::now().timestamp() - seconds).abs() <= SIGNATURE_WINDOW_SECS
}

/// What the endpoint reads of an interaction: its type, who to answer, and the command with its
/// options. Decoding serenity's whole `Interaction` model costs more than answering the command
/// does, and emcee needs none of the rest.
#[derive(Deserialize)]
struct Incoming {
    #[serde(rename = "type")]
    kind: u8,
    application_id: ApplicationId,
    token: String,
    data: Option<IncomingData>,
}

#[derive(Deserialize)]
struct IncomingData {
    /// A command's name; components and modals carry other data.
    name: Option<String>,
    #[serde(default)]
    options: Vec<IncomingOption>,
}

#[derive(Deserialize)]
struct IncomingOption {
    name: String,
    value: Option<OptionValue>,
    #[serde(default)]
    focused: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OptionValue {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl Incoming {
    const PING: u8 = 1;
    const COMMAND: u8 = 2;
    const AUTOCOMPLETE: u8 = 4;

    /// A command or autocomplete must name its command; without, it is not an interaction.
    fn decode(body: &[u8]) -> Result<Incoming, serde_json::Error> {
        let incoming: Incoming = serde_json::from_slice(body)?;
        let named = incoming.data.as_ref().is_some_and(|d| d.name.is_some());
        if matches!(incoming.kind, Self::COMMAND | Self::AUTOCOMPLETE) && !named {
            return Err(serde::de::Error::missing_field("data.name"));
        }
        Ok(incoming)
    }

    /// The command to answer; `None` for interactions emcee does not take (buttons, modals).
    fn invocation(self) -> Option<Invocation> {
        let autocomplete = match self.kind {
            Self::COMMAND => false,
            Self::AUTOCOMPLETE => true,
            _ => return None,
        };
        let data = self.data?;
        let name = data.name?;
        let mut focused = None;
        let mut options = Vec::with_capacity(data.options.len());
        for option in data.options {
            let value = match option.value {
                Some(OptionValue::Text(s)) => s,
                Some(OptionValue::Integer(i)) => i.to_string(),
                Some(OptionValue::Number(n)) => n.to_string(),
                Some(OptionValue::Boolean(b)) => b.to_string(),
                None => continue,
            };
            if option.focused {
                focused = Some((option.name.clone(), value.clone()));
            }
            options.push((option.name, value));
        }
        Some(Invocation {
            application_id: self.application_id,
            token: self.token,
            name,
            options,
            autocomplete,
            focused,
        })
    }
}

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
        })
    }
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
    match within_deadline(app, answer).await {
        Ok(reply) => message(&reply),
        Err(later) => {
            let config = app.config.clone();
            tokio::spawn(async move {
                let reply = later.await;
                let http = match http {
                    Some(http) => http,
                    None => Arc::new(self::http(&config)),
                };
                http.set_application_id(application_id);
                let edit = EditInteractionResponse::new()
                    .embed(embed(&reply))
                    .allowed_mentions(CreateAllowedMentions::new());
                if let Err(err) = edit.execute(&http, &token).await {
                    tracing::error!("could not send a deferred answer: {err:#}");
                }
            });
            CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new())
        }
    }
}

/// The reply to interactions emcee does not take.
fn nothing_to_do() -> CreateInteractionResponse {
    message(&Reply::private(
        "Nothing to do",
        "emcee answers slash commands; /help lists them.",
    ))
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

/// Type 4 with the reply's embed; private replies are ephemeral; nobody is ever pinged.
pub fn message(reply: &Reply) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .embed(embed(reply))
            .allowed_mentions(CreateAllowedMentions::new())
            .ephemeral(reply.ephemeral),
    )
}

/// The reply as one embed, cut to Discord's limits.
pub fn embed(reply: &Reply) -> CreateEmbed {
    let reply = fit(reply);
    let mut embed = CreateEmbed::new().title(&reply.title);
    if let Some(link) = reply.web_link() {
        embed = embed.url(link);
    }
    if !reply.description.is_empty() {
        embed = embed.description(&reply.description);
    }
    for field in &reply.fields {
        embed = embed.field(&field.name, &field.value, field.inline);
    }
    if let Some(footer) = &reply.footer {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    if !reply.ephemeral {
        embed = embed.colour(COLOUR);
    }
    embed
}

/// The reply cut to Discord's embed limits: each part to its own limit, then fields from the
/// end and the description until the whole message is within 6,000 characters. What is cut
/// ends in "…" and, when the reply has a link, a link to the full roundup. Suggestions become a
/// "Did you mean" field.
pub fn fit(reply: &Reply) -> Reply {
    let mut r = reply.clone();
    let more = match r.web_link() {
        Some(link) => format!("… [full roundup]({link})"),
        None => "…".to_owned(),
    };
    if !r.suggestions.is_empty() {
        r.fields.push(Field {
            name: "Did you mean".to_owned(),
            value: r.suggestions.join(", "),
            inline: false,
        });
        r.suggestions.clear();
    }
    if r.title.trim().is_empty() {
        r.title = "emcee".to_owned();
    }
    r.title = cut(&r.title, limits::TITLE, "…");
    r.description = cut(&r.description, limits::DESCRIPTION, &more);
    if r.fields.len() > limits::FIELDS {
        r.fields.truncate(limits::FIELDS - 1);
        r.fields.push(Field {
            name: "More".to_owned(),
            value: more.clone(),
            inline: false,
        });
    }
    for field in &mut r.fields {
        field.name = cut(&field.name, limits::FIELD_NAME, "…");
        field.value = cut(&field.value, limits::FIELD_VALUE, &more);
    }
    r.footer = r.footer.map(|f| cut(&f, limits::FOOTER, "…"));
    loop {
        let excess = total(&r).saturating_sub(limits::TOTAL);
        if excess == 0 {
            break;
        }
        let tail = more.chars().count();
        let footer = r.footer.as_deref().map_or(0, |f| f.chars().count());
        let description = r.description.chars().count();
        // Least useful first: a long footer, then a very long description, then fields from
        // the end, then the rest of the description.
        if footer > 200 {
            r.footer = r
                .footer
                .map(|f| cut(&f, footer.saturating_sub(excess).max(200), "…"));
        } else if description > 2048 {
            r.description = cut(
                &r.description,
                description.saturating_sub(excess).max(2048),
                &more,
            );
        } else if let Some(field) = r.fields.last_mut() {
            let length = field.value.chars().count();
            // Shorten the last field when enough of it stays worth reading; else drop it.
            if length > excess + tail + 40 {
                field.value = cut(&field.value, length - excess, &more);
            } else {
                r.fields.pop();
            }
        } else if description > excess {
            r.description = cut(&r.description, description - excess, &more);
        } else {
            r.description.clear();
            r.footer = None;
        }
    }
    r
}

/// The characters Discord counts towards a message's 6,000.
fn total(r: &Reply) -> usize {
    r.title.chars().count()
        + r.description.chars().count()
        + r.fields
            .iter()
            .map(|f| f.name.chars().count() + f.value.chars().count())
            .sum::<usize>()
        + r.footer.as_ref().map_or(0, |f| f.chars().count())
}

/// `text` within `max` characters; when cut, it ends with `tail` (or "…" when `tail` does not
/// fit), breaking at a line or word where one is near.
fn cut(text: &str, max: usize, tail: &str) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let tail = if tail.chars().count() * 2 <= max {
        tail
    } else {
        "…"
    };
    let keep = max.saturating_sub(tail.chars().count());
    let kept: String = text.chars().take(keep).collect();
    let soft = kept
        .rfind(['\n', ' '])
        .filter(|at| *at >= kept.len() * 3 / 4)
        .map_or(kept.as_str(), |at| &kept[..at]);
    format!("{}{tail}", soft.trim_end())
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

/// The bulk-overwrite body for Discord, built from `commands/`: what `emcee commands discord`
/// prints and `emcee commands register --discord` sends.
pub fn commands() -> Vec<CreateCommand> {
    crate::commands::specs()
        .iter()
        .map(|spec| {
            let mut command = CreateCommand::new(&spec.name)
                .kind(CommandType::ChatInput)
                .description(&spec.description);
            for option in &spec.options {
                let kind = match option.kind.as_str() {
                    "integer" => CommandOptionType::Integer,
                    "number" => CommandOptionType::Number,
                    "boolean" => CommandOptionType::Boolean,
                    _ => CommandOptionType::String,
                };
                let mut built = CreateCommandOption::new(kind, &option.name, &option.description)
                    .required(option.required)
                    .set_autocomplete(option.autocomplete);
                if kind == CommandOptionType::String {
                    built = built.max_length(crate::router::MAX_QUERY_CHARS as u16);
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

/// Answers interactions from the gateway, through the same `respond` as the endpoint.
struct Gateway {
    app: Arc<App>,
}

#[serenity::async_trait]
impl EventHandler for Gateway {
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
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
/// connection.
pub async fn gateway(
    app: Arc<App>,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let http = http(&app.config);
    let mut client = serenity::client::ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(Gateway {
            app: Arc::clone(&app),
        })
        .await
        .context("starting the Discord client")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(value: serde_json::Value) -> Result<Incoming, serde_json::Error> {
        Incoming::decode(value.to_string().as_bytes())
    }

    #[test]
    fn every_option_type_reaches_the_router_as_text() {
        let invocation = incoming(serde_json::json!({
            "type": 2, "application_id": "2002", "token": "t", "id": "1", "version": 1,
            "data": {"id": "5", "name": "talks", "type": 1, "options": [
                {"name": "query", "type": 3, "value": "kapitan"},
                {"name": "year", "type": 4, "value": 2019},
                {"name": "weight", "type": 10, "value": 1.5},
                {"name": "all", "type": 5, "value": true}
            ]}
        }))
        .expect("an interaction")
        .invocation()
        .expect("a command");
        assert!(!invocation.autocomplete);
        assert_eq!(invocation.application_id.get(), 2002);
        assert_eq!(invocation.name, "talks");
        let options: Vec<(&str, &str)> = invocation
            .options
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            options,
            [
                ("query", "kapitan"),
                ("year", "2019"),
                ("weight", "1.5"),
                ("all", "true")
            ]
        );
    }

    #[test]
    fn autocomplete_knows_the_focused_option() {
        let invocation = incoming(serde_json::json!({
            "type": 4, "application_id": "2002", "token": "t",
            "data": {"name": "speaker", "options": [
                {"name": "name", "type": 3, "value": "wil", "focused": true}
            ]}
        }))
        .expect("an interaction")
        .invocation()
        .expect("an autocomplete");
        assert!(invocation.autocomplete);
        assert_eq!(
            invocation.focused,
            Some(("name".to_owned(), "wil".to_owned()))
        );
    }

    #[test]
    fn buttons_and_modals_are_not_commands_and_bodies_without_data_are_refused() {
        let component = incoming(serde_json::json!({
            "type": 3, "application_id": "2002", "token": "t", "data": {"custom_id": "x"}
        }));
        assert!(component.expect("an interaction").invocation().is_none());
        let modal =
            incoming(serde_json::json!({"type": 5, "application_id": "2002", "token": "t"}))
                .expect("an interaction");
        assert!(modal.invocation().is_none());
        for body in [
            serde_json::json!({"type": 2, "application_id": "2002", "token": "t"}),
            serde_json::json!({"type": 4, "application_id": "2002", "token": "t"}),
            serde_json::json!({"type": 2, "application_id": "2002", "token": "t", "data": {}}),
            serde_json::json!({"type": 2, "token": "t", "data": {"name": "talk"}}),
            serde_json::json!({"type": "2", "application_id": "2002", "token": "t"}),
        ] {
            assert!(incoming(body.clone()).is_err(), "{body}");
        }
    }

    fn long_reply(fields: usize, value_len: usize, description_len: usize) -> Reply {
        let mut reply = Reply::new("T".repeat(300));
        reply.link = Some("https://example.org/roundup".to_owned());
        reply.description = "word ".repeat(description_len / 5);
        for i in 0..fields {
            reply.fields.push(Field {
                name: format!("Field {i}"),
                value: "talk ".repeat(value_len / 5),
                inline: false,
            });
        }
        reply.footer = Some("f".repeat(3000));
        reply
    }

    fn within_limits(r: &Reply) {
        let count = |s: &str| s.chars().count();
        assert!(count(&r.title) <= limits::TITLE);
        assert!(count(&r.description) <= limits::DESCRIPTION);
        assert!(r.fields.len() <= limits::FIELDS);
        for f in &r.fields {
            assert!(count(&f.name) <= limits::FIELD_NAME);
            assert!(
                count(&f.value) <= limits::FIELD_VALUE,
                "{}",
                count(&f.value)
            );
        }
        assert!(r.footer.as_deref().map_or(0, count) <= limits::FOOTER);
        assert!(total(r) <= limits::TOTAL, "total {}", total(r));
    }

    #[test]
    fn oversized_replies_are_cut_to_every_limit() {
        for (fields, value, description) in [(40, 3000, 9000), (3, 900, 5000), (25, 1000, 0)] {
            let fitted = fit(&long_reply(fields, value, description));
            within_limits(&fitted);
            assert!(fitted.title.ends_with('…'));
            assert!(!fitted.fields.is_empty());
        }
    }

    #[test]
    fn cut_text_links_to_the_full_roundup() {
        let fitted = fit(&long_reply(2, 3000, 5000));
        assert!(
            fitted
                .description
                .ends_with("… [full roundup](https://example.org/roundup)"),
            "{}",
            fitted.description
        );
        assert!(
            fitted.fields[0]
                .value
                .ends_with("[full roundup](https://example.org/roundup)")
        );
    }

    #[test]
    fn short_replies_are_unchanged_and_suggestions_become_a_field() {
        let mut reply = Reply::private("No talk found", "Nothing matches 'kaptian'.");
        reply.suggestions = vec!["Deployments with Kapitan".to_owned()];
        let fitted = fit(&reply);
        assert_eq!(fitted.title, reply.title);
        assert_eq!(fitted.description, reply.description);
        assert_eq!(fitted.fields[0].name, "Did you mean");
        assert_eq!(fitted.fields[0].value, "Deployments with Kapitan");
    }

    #[test]
    fn cut_counts_characters_not_bytes() {
        let text = "é".repeat(300);
        let cut = cut(&text, 256, "…");
        assert_eq!(cut.chars().count(), 256);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn ephemeral_replies_carry_flag_64_and_no_pings() {
        let json = serde_json::to_value(message(&Reply::private("x", "y"))).unwrap();
        assert_eq!(json["data"]["flags"], 64);
        assert_eq!(
            json["data"]["allowed_mentions"]["parse"],
            serde_json::json!([])
        );
    }
}
