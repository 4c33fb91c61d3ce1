//! The `emcee` command line: `emcee check [--data DIR] [--json | --verbose | --explain FILE]`,
//! `emcee ask "/talk kapitan" [--data DIR] [--config FILE] [--json] [--now RFC3339] [--batch FILE]`,
//! `emcee serve [--config FILE] [--data DIR] [--listen ADDR]`,
//! `emcee announce --once | --dry-run | --status [--config FILE] [--data DIR] [--now RFC3339]` and
//! `emcee commands discord | slack [--url URL] | register --discord [--guild ID]`.
//!
//! One exit path, as ripgrep has it: [`run`] returns the exit code or an [`Exit`], which `main`
//! prints; 2 means emcee could not start (arguments, config, data dir), 1 that it failed while
//! running.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use emcee::app::App;
use emcee::archive::Archive;
use emcee::config::Config;
use emcee::corpus::Corpus;

/// mimalloc instead of the system allocator: a served request makes a few dozen small
/// allocations (headers, the decoded interaction, the reply and its embed), and glibc's malloc
/// and free were about 5% of the server's time in a profile under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "emcee",
    version,
    about = "The master of ceremonies of a meetup community"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `--data`, shared by every subcommand that reads the data dir.
#[derive(Args)]
struct Data {
    /// The data dir: the community's posts (Markdown or text) and emcee's structured files
    /// (community.toml, events/*.toml).
    #[arg(long = "data", value_name = "DIR", default_value = "data")]
    dir: PathBuf,
    /// The most time reading one post may take (seconds); a post past it is skipped with a
    /// warning naming it, and the rest loads.
    #[arg(long = "post-budget", value_name = "SECONDS", default_value_t = 10.0)]
    post_budget: f64,
}

impl Data {
    fn options(&self) -> emcee::corpus::LoadOptions {
        emcee::corpus::LoadOptions {
            post_budget: std::time::Duration::try_from_secs_f64(self.post_budget)
                .unwrap_or(std::time::Duration::MAX),
            ..emcee::corpus::LoadOptions::default()
        }
    }

    fn load(&self) -> Result<Corpus, emcee::corpus::LoadError> {
        emcee::corpus::load_with(&self.dir, &self.options())
    }
}

/// `--config`, shared by every subcommand that reads the config.
#[derive(Args)]
struct ConfigFile {
    /// The config file (default: ./emcee.toml when present); EMCEE_<SECTION>_<KEY> variables
    /// override it.
    #[arg(long = "config", value_name = "FILE")]
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Load the data dir and report counts and every warning with file and line.
    Check {
        #[command(flatten)]
        data: Data,
        /// Print the corpus dump as JSON instead.
        #[arg(long)]
        json: bool,
        /// Also print one line per post: its kind, its date and where that came from, the
        /// talks found and the next meetup it announces.
        #[arg(long, conflicts_with = "json")]
        verbose: bool,
        /// Show each fact read from this post (a path as listed in `sources`, relative to the
        /// data dir) with the rule that produced it and the line it came from.
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        explain: Option<String>,
    },
    /// Answer one command as the bot would, e.g. emcee ask "/talk kapitan".
    Ask {
        /// The command, e.g. "/talk kapitan" (omit with --batch).
        command: Option<String>,
        #[command(flatten)]
        data: Data,
        /// Answer with the settings of this config file (e.g. [server] public_url, which links
        /// the calendar from /next-meetup), as `serve` would; none by default.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print the reply as JSON (one line per command with --batch).
        #[arg(long)]
        json: bool,
        /// Answer as if it were this instant, e.g. 2019-03-10T12:00:00Z.
        #[arg(long)]
        now: Option<String>,
        /// Answer every line of this file (one command per line) in one process.
        #[arg(long)]
        batch: Option<PathBuf>,
        /// Ask for this page of a long list, as "--page N" typed after the command would.
        #[arg(long)]
        page: Option<u32>,
    },
    /// Run the bot: HTTP endpoints, Discord gateway and Slack Socket Mode, as configured.
    Serve {
        #[command(flatten)]
        config: ConfigFile,
        #[command(flatten)]
        data: Data,
        /// Listen here instead of [server] listen, e.g. 0.0.0.0:8080.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Logs as human-readable lines (text) or one JSON object per line (json).
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
    },
    /// Post the announcements due now (reminders, new roundups), or show the schedule or the
    /// delivery log; see [announce] in emcee.example.toml.
    Announce {
        #[command(flatten)]
        config: ConfigFile,
        #[command(flatten)]
        data: Data,
        /// Post what is due at this instant and exit (cron-friendly); again posts nothing new.
        #[arg(long, group = "mode")]
        once: bool,
        /// Print the schedule: what, where, when, and what would happen now.
        #[arg(long, group = "mode")]
        dry_run: bool,
        /// Print the delivery log: what was sent, skipped or failed, and why.
        #[arg(long, group = "mode")]
        status: bool,
        /// Act as if it were this instant, e.g. 2019-03-27T18:31:00Z.
        #[arg(long)]
        now: Option<String>,
    },
    /// Print or register the chat commands built from commands/.
    Commands {
        #[command(subcommand)]
        what: CommandsCommand,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum CommandsCommand {
    /// Print Discord's bulk-overwrite JSON.
    Discord,
    /// Print a Slack app manifest.
    Slack {
        /// Public base URL of `emcee serve` for HTTP commands (…/slack/commands); without it
        /// the manifest uses Socket Mode.
        #[arg(long)]
        url: Option<String>,
    },
    /// Send the commands to Discord, replacing the ones registered before.
    Register {
        /// Register with Discord (needs [discord] token).
        #[arg(long, required = true)]
        discord: bool,
        /// Register in this guild only (instant) instead of globally; default [discord] guild_id.
        #[arg(long)]
        guild: Option<String>,
        #[command(flatten)]
        config: ConfigFile,
    },
}

/// Writes to stdout like `println!`/`print!`, but a reader that went away
/// (`emcee check --json | head -1`) ends emcee quietly with exit status 0, as ripgrep does,
/// instead of the standard macros' panic.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(Exit::output)?;
    }};
}

macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err(Exit::output)?;
    }};
}

/// Why emcee stops early, and the exit code that says so.
struct Exit {
    code: u8,
    error: anyhow::Error,
}

impl Exit {
    /// Failed while running (a post, the server), after starting well: exit 1.
    fn failed(error: impl Into<anyhow::Error>) -> Exit {
        Exit {
            code: 1,
            error: error.into(),
        }
    }
}

impl Exit {
    /// Writing to stdout failed: a closed pipe is the reader saying it has seen enough (exit 0,
    /// nothing said); any other error is a failure.
    fn output(error: std::io::Error) -> Exit {
        let code = u8::from(error.kind() != std::io::ErrorKind::BrokenPipe);
        Exit {
            code,
            error: anyhow::Error::new(error).context("cannot write to stdout"),
        }
    }
}

/// Any error met before emcee is running (arguments, config, data dir) exits 2.
impl<E: Into<anyhow::Error>> From<E> for Exit {
    fn from(error: E) -> Exit {
        Exit {
            code: 2,
            error: error.into(),
        }
    }
}

/// A mistake in how emcee was asked: exit 2.
fn usage(message: &'static str) -> Exit {
    anyhow::Error::msg(message).into()
}

fn main() -> ExitCode {
    use std::io::Write as _;
    match run(Cli::parse()) {
        Ok(code) => code,
        // The reader of stdout went away: done, quietly.
        Err(Exit { code: 0, .. }) => ExitCode::SUCCESS,
        Err(Exit { code, error }) => {
            // stderr may be gone too; then there is no one left to tell.
            let _ = writeln!(std::io::stderr(), "error: {}", describe(&error));
            ExitCode::from(code)
        }
    }
}

/// The error and its causes, each once: "cannot listen on …: Address in use". A cause whose
/// text the message already carries (`cannot read emcee.toml: No such file`) is not repeated.
fn describe(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn run(cli: Cli) -> Result<ExitCode, Exit> {
    match cli.command {
        Command::Check {
            data,
            json,
            verbose,
            explain,
        } => match explain {
            Some(file) => explain_post(&data.dir, &file),
            None => check(&data, json, verbose),
        },
        Command::Ask {
            command,
            data,
            config,
            json,
            now,
            batch,
            page,
        } => ask(command, &data, config, json, now, batch, page),
        Command::Serve {
            config,
            data,
            listen,
            log_format,
        } => {
            init_logs(log_format);
            serve(config.file.as_deref(), &data, listen)
        }
        Command::Commands { what } => commands(what),
        Command::Announce {
            config,
            data,
            once,
            dry_run,
            status,
            now,
        } => {
            let mode = match (once, dry_run, status) {
                (true, _, _) => AnnounceMode::Once,
                (_, true, _) => AnnounceMode::DryRun,
                (_, _, true) => AnnounceMode::Status,
                _ => return Err(usage("say what to do: --once, --dry-run or --status")),
            };
            announce(config.file.as_deref(), &data, mode, now)
        }
    }
}

enum AnnounceMode {
    Once,
    DryRun,
    Status,
}

/// `--now` as an instant, or the wall clock.
fn parse_now(now: Option<String>) -> anyhow::Result<DateTime<Utc>> {
    match now {
        None => Ok(Utc::now()),
        Some(text) => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                anyhow::anyhow!("--now '{text}' is not a time such as 2019-03-10T12:00:00Z")
            }),
    }
}

/// Reads the config file and `EMCEE_*` variables.
fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    Ok(Config::load(path, std::env::vars())?)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(emcee::server::worker_threads())
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Logs to stderr, filtered by `RUST_LOG` (default: emcee's info, the crates' warnings).
fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,serenity=warn,slack_morphism=warn")
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
}

fn check(data: &Data, json: bool, verbose: bool) -> Result<ExitCode, Exit> {
    let corpus = data.load()?;
    if json {
        let text = serde_json::to_string_pretty(&corpus.dump())
            .map_err(|e| Exit::failed(anyhow::Error::new(e).context("cannot write the dump")))?;
        outln!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let counts = corpus.counts();
    outln!(
        "{}: {} events, {} talks, {} people, {} organisations ({} files read, {} warnings)",
        data.dir.display(),
        counts.events,
        counts.talks,
        counts.people,
        counts.organisations,
        corpus.files_read,
        corpus.warnings.len()
    );
    for warning in &corpus.warnings {
        outln!("{warning}");
    }
    if verbose {
        outln!();
        outln!("Posts as read ({}):", corpus.posts.len());
        for post in &corpus.posts {
            outln!("{post}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `check --explain FILE`: every fact read from one post, with its rule and line.
fn explain_post(data: &Path, file: &str) -> Result<ExitCode, Exit> {
    let relative = Path::new(file);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| c == std::path::Component::ParentDir)
    {
        return Err(usage(
            "--explain takes a path inside the data dir, as `sources` lists it",
        ));
    }
    let path = data.join(relative);
    let bytes = std::fs::read(&path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(Exit::from)?;
    let text = String::from_utf8_lossy(&bytes);
    outln!("{file}:");
    let facts = emcee::corpus::explain(file, &text);
    if facts.is_empty() {
        outln!("  nothing read from it");
    }
    for fact in facts {
        outln!("  {}", fact.to_string().replace('\n', "\n  "));
    }
    Ok(ExitCode::SUCCESS)
}

fn ask(
    command: Option<String>,
    data: &Data,
    config: Option<PathBuf>,
    json: bool,
    now: Option<String>,
    batch: Option<PathBuf>,
    page: Option<u32>,
) -> Result<ExitCode, Exit> {
    let now = parse_now(now)?;
    let settings = match config {
        Some(file) => load_config(Some(&file))?.command_settings(),
        None => emcee::commands::Settings::default(),
    };
    let lines: Vec<String> = match (batch, command) {
        (Some(file), _) => std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        (None, Some(command)) => vec![command],
        (None, None) => {
            return Err(usage(
                "give a command, e.g. emcee ask \"/talk kapitan\", or --batch FILE",
            ));
        }
    };
    let archive = Archive::new(data.load()?);
    let context = emcee::router::Context {
        archive: &archive,
        now,
        settings: &settings,
    };
    for (i, line) in lines.iter().enumerate() {
        let line = match page {
            Some(page) => format!("{line} --page {page}"),
            None => line.clone(),
        };
        let reply = emcee::router::answer_line(&context, &line).reply;
        if json {
            outln!("{}", reply.to_json());
        } else {
            if i > 0 {
                outln!("---");
            }
            out!("{}", reply.to_text());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the data dir once, remembering each file's good version for the watcher, and logs
/// what it found.
fn load_for_serving(data: &Data) -> anyhow::Result<(Corpus, emcee::corpus::LastGood)> {
    let mut memory = emcee::corpus::LastGood::default();
    let corpus = emcee::corpus::reload(&data.dir, &data.options(), &mut memory)?;
    for warning in &corpus.warnings {
        tracing::warn!("{warning}");
    }
    let counts = corpus.counts();
    tracing::info!(
        events = counts.events,
        talks = counts.talks,
        warnings = corpus.warnings.len(),
        "loaded {}",
        data.dir.display()
    );
    Ok((corpus, memory))
}

fn serve(
    config: Option<&Path>,
    data: &Data,
    listen: Option<std::net::SocketAddr>,
) -> Result<ExitCode, Exit> {
    let mut config = load_config(config)?;
    if let Some(listen) = listen {
        config.server.listen = listen;
    }
    // Secrets print as [redacted].
    tracing::debug!(?config, "configuration");
    let (corpus, memory) = load_for_serving(data)?;
    let listen = config.server.listen;
    let app = Arc::new(App::new(Archive::new(corpus), config));
    let routes = emcee::server::routes(Arc::clone(&app))?;
    let announcer = if app.config.announce.enabled() {
        Some(emcee::server::announcer(Arc::clone(&app))?)
    } else {
        None
    };
    let service = emcee::server::Service {
        watch: Some((data.dir.clone(), memory)),
        load: data.options(),
        announcer,
    };
    let runtime = runtime().map_err(Exit::failed)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        emcee::server::run(app, routes, listener, service)
            .await
            .map_err(Exit::failed)?;
        Ok(ExitCode::SUCCESS)
    })
}

fn announce(
    config: Option<&Path>,
    data: &Data,
    mode: AnnounceMode,
    now: Option<String>,
) -> Result<ExitCode, Exit> {
    init_logs(LogFormat::Text);
    let now = parse_now(now)?;
    let config = load_config(config)?;
    if !config.announce.enabled() {
        return Err(usage(
            "no channels to announce in: set announce.discord_channels or \
             announce.slack_channels (see emcee.example.toml)",
        ));
    }
    let corpus = data.load()?;
    let app = Arc::new(App::new(Archive::new(corpus), config));
    let announcer = emcee::server::announcer(app)?;
    match mode {
        AnnounceMode::DryRun => {
            let listing = announcer.dry_run(now).map_err(Exit::failed)?;
            if listing.is_empty() {
                outln!("nothing scheduled");
            }
            for line in listing {
                outln!("{line}");
            }
        }
        AnnounceMode::Status => {
            let records = announcer.status().map_err(Exit::failed)?;
            if records.is_empty() {
                outln!("nothing posted yet");
            }
            for r in records {
                let note = r.last_error.or(r.reason).unwrap_or_default();
                outln!(
                    "{} {} attempts={} at={} {note}",
                    r.id,
                    r.state.as_str(),
                    r.attempts,
                    r.updated_at.format("%Y-%m-%dT%H:%M:%SZ")
                );
            }
        }
        AnnounceMode::Once => {
            let report = runtime()
                .map_err(Exit::failed)?
                .block_on(announcer.tick(now))
                .map_err(Exit::failed)?;
            for id in &report.sent {
                outln!("posted {id}");
            }
            for id in &report.skipped {
                outln!("skipped {id}");
            }
            for id in &report.unknown {
                outln!("in doubt {id} (an earlier run died while posting it; not reposted)");
            }
            for (id, error) in &report.failed {
                outln!("failed {id}: {error}");
            }
            if report == emcee::announcer::Report::default() {
                outln!("nothing due");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn commands(what: CommandsCommand) -> Result<ExitCode, Exit> {
    let printed = match what {
        CommandsCommand::Discord => serde_json::to_string_pretty(&emcee::discord::commands()),
        CommandsCommand::Slack { url } => {
            serde_json::to_string_pretty(&emcee::slack::manifest(url.as_deref()))
        }
        CommandsCommand::Register { guild, config, .. } => {
            return register(config.file.as_deref(), guild);
        }
    };
    outln!("{}", printed.map_err(Exit::failed)?);
    Ok(ExitCode::SUCCESS)
}

fn register(config: Option<&Path>, guild: Option<String>) -> Result<ExitCode, Exit> {
    let config = load_config(config)?;
    let guild = guild.or_else(|| config.discord.guild_id.clone());
    let count = runtime()
        .map_err(Exit::failed)?
        .block_on(emcee::discord::register(&config, guild.as_deref()))
        .map_err(Exit::failed)?;
    match guild {
        Some(guild) => outln!("registered {count} commands in guild {guild}"),
        None => {
            outln!("registered {count} global commands (Discord may take a while to show them)")
        }
    }
    Ok(ExitCode::SUCCESS)
}
