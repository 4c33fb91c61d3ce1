//! The `emcee` command line: `emcee check [--data DIR] [--json]`,
//! `emcee ask "/talk kapitan" [--data DIR] [--json] [--now RFC3339] [--batch FILE]`,
//! `emcee serve [--config FILE] [--data DIR] [--listen ADDR]` and
//! `emcee commands discord | slack [--url URL] | register --discord [--guild ID]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

#[derive(Subcommand)]
enum Command {
    /// Load the data dir and report counts and every warning with file and line.
    Check {
        /// The data dir: posts and emcee's structured files.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Print the corpus dump as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Answer one command as the bot would, e.g. emcee ask "/talk kapitan".
    Ask {
        /// The command, e.g. "/talk kapitan" (omit with --batch).
        command: Option<String>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
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
        /// The config file (default: ./emcee.toml when present); EMCEE_<SECTION>_<KEY>
        /// variables override it.
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
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
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
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
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { data, json } => check(&data, json),
        Command::Ask {
            command,
            data,
            json,
            now,
            batch,
            page,
        } => ask(command, &data, json, now.as_deref(), batch.as_deref(), page),
        Command::Serve {
            config,
            data,
            listen,
            log_format,
        } => {
            init_logs(log_format);
            serve(config.as_deref(), &data, listen)
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
                _ => {
                    eprintln!("error: say what to do: --once, --dry-run or --status");
                    return ExitCode::from(2);
                }
            };
            announce(config.as_deref(), &data, mode, now.as_deref())
        }
    }
}

enum AnnounceMode {
    Once,
    DryRun,
    Status,
}

/// `--now` as an instant, or the wall clock.
fn parse_now(now: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, ExitCode> {
    match now {
        None => Ok(chrono::Utc::now()),
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| {
                eprintln!("error: --now '{text}' is not a time such as 2019-03-10T12:00:00Z");
                ExitCode::from(2)
            }),
    }
}

fn announce(
    config: Option<&std::path::Path>,
    data: &std::path::Path,
    mode: AnnounceMode,
    now: Option<&str>,
) -> ExitCode {
    init_logs(LogFormat::Text);
    let now = match parse_now(now) {
        Ok(now) => now,
        Err(code) => return code,
    };
    let config = match load_config(config) {
        Ok(config) => config,
        Err(code) => return code,
    };
    if !config.announce.enabled() {
        eprintln!(
            "error: no channels to announce in: set announce.discord_channels or \
             announce.slack_channels (see emcee.example.toml)"
        );
        return ExitCode::from(2);
    }
    let corpus = match load_corpus(data) {
        Ok(corpus) => corpus,
        Err(code) => return code,
    };
    let app = match emcee::server::App::new(emcee::archive::Archive::new(corpus), config) {
        Ok(app) => std::sync::Arc::new(app),
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let announcer = match emcee::announce::Announcer::new(app) {
        Ok(announcer) => announcer,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let result = match mode {
        AnnounceMode::DryRun => announcer.dry_run(now).map(|listing| {
            if listing.is_empty() {
                println!("nothing scheduled");
            }
            for line in listing {
                println!("{line}");
            }
        }),
        AnnounceMode::Status => announcer.status().map(|records| {
            if records.is_empty() {
                println!("nothing posted yet");
            }
            for r in records {
                let note = r.last_error.or(r.reason).unwrap_or_default();
                println!(
                    "{} {} attempts={} at={} {note}",
                    r.id,
                    r.state.as_str(),
                    r.attempts,
                    r.updated_at.format("%Y-%m-%dT%H:%M:%SZ")
                );
            }
        }),
        AnnounceMode::Once => {
            let runtime = match runtime() {
                Ok(runtime) => runtime,
                Err(code) => return code,
            };
            runtime.block_on(announcer.tick(now)).map(|report| {
                for id in &report.sent {
                    println!("posted {id}");
                }
                for id in &report.skipped {
                    println!("skipped {id}");
                }
                for id in &report.unknown {
                    println!("in doubt {id} (an earlier run died while posting it; not reposted)");
                }
                for (id, error) in &report.failed {
                    println!("failed {id}: {error}");
                }
                if report == emcee::announce::Report::default() {
                    println!("nothing due");
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the data dir, or says why it cannot be read at all (exit 2).
fn load_corpus(data: &std::path::Path) -> Result<emcee::corpus::Corpus, ExitCode> {
    emcee::corpus::load(data).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

/// Reads the config file and `EMCEE_*` variables, or says why not.
fn load_config(path: Option<&std::path::Path>) -> Result<emcee::config::Config, ExitCode> {
    emcee::config::Config::load(path, std::env::vars()).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(emcee::server::worker_threads())
        .enable_all()
        .build()
        .map_err(|err| {
            eprintln!("error: cannot start the async runtime: {err}");
            ExitCode::FAILURE
        })
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

fn serve(
    config: Option<&std::path::Path>,
    data: &std::path::Path,
    listen: Option<std::net::SocketAddr>,
) -> ExitCode {
    let mut config = match load_config(config) {
        Ok(config) => config,
        Err(code) => return code,
    };
    if let Some(listen) = listen {
        config.server.listen = listen;
    }
    // Secrets print as [redacted].
    tracing::debug!(?config, "configuration");
    let corpus = match load_corpus(data) {
        Ok(corpus) => corpus,
        Err(code) => return code,
    };
    for warning in &corpus.warnings {
        tracing::warn!("{warning}");
    }
    let counts = corpus.counts();
    tracing::info!(
        events = counts.events,
        talks = counts.talks,
        warnings = corpus.warnings.len(),
        "loaded {}",
        data.display()
    );
    let listen = config.server.listen;
    let app = match emcee::server::App::new(emcee::archive::Archive::new(corpus), config) {
        Ok(app) => std::sync::Arc::new(app),
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let announcer = if app.config.announce.enabled() {
        match emcee::announce::Announcer::new(std::sync::Arc::clone(&app)) {
            Ok(announcer) => Some(announcer),
            Err(err) => {
                eprintln!("error: {err:#}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let data = data.to_owned();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("error: cannot listen on {listen}: {err}");
                return ExitCode::from(2);
            }
        };
        match emcee::server::run(app, listener, Some(data), announcer).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::FAILURE
            }
        }
    })
}

fn commands(what: CommandsCommand) -> ExitCode {
    let printed = match what {
        CommandsCommand::Discord => serde_json::to_string_pretty(&emcee::discord::commands()),
        CommandsCommand::Slack { url } => {
            serde_json::to_string_pretty(&emcee::slack::manifest(url.as_deref()))
        }
        CommandsCommand::Register { guild, config, .. } => {
            return register(config.as_deref(), guild);
        }
    };
    match printed {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn register(config: Option<&std::path::Path>, guild: Option<String>) -> ExitCode {
    let config = match load_config(config) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let guild = guild.or_else(|| config.discord.guild_id.clone());
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    match runtime.block_on(emcee::discord::register(&config, guild.as_deref())) {
        Ok(count) => {
            match guild {
                Some(guild) => println!("registered {count} commands in guild {guild}"),
                None => println!(
                    "registered {count} global commands (Discord may take a while to show them)"
                ),
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn ask(
    command: Option<String>,
    data: &std::path::Path,
    json: bool,
    now: Option<&str>,
    batch: Option<&std::path::Path>,
    page: Option<u32>,
) -> ExitCode {
    let now = match parse_now(now) {
        Ok(now) => now,
        Err(code) => return code,
    };
    let lines: Vec<String> = match (batch, command) {
        (Some(file), _) => match std::fs::read_to_string(file) {
            Ok(text) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", file.display());
                return ExitCode::from(2);
            }
        },
        (None, Some(command)) => vec![command],
        (None, None) => {
            eprintln!("error: give a command, e.g. emcee ask \"/talk kapitan\", or --batch FILE");
            return ExitCode::from(2);
        }
    };
    let corpus = match load_corpus(data) {
        Ok(corpus) => corpus,
        Err(code) => return code,
    };
    let archive = emcee::archive::Archive::new(corpus);
    for (i, line) in lines.iter().enumerate() {
        let line = match page {
            Some(page) => format!("{line} --page {page}"),
            None => line.clone(),
        };
        let reply = emcee::router::answer(&archive, &line, now);
        if json {
            println!("{}", reply.to_json());
        } else {
            if i > 0 {
                println!("---");
            }
            print!("{}", reply.to_text());
        }
    }
    ExitCode::SUCCESS
}

fn check(data: &std::path::Path, json: bool) -> ExitCode {
    let corpus = match load_corpus(data) {
        Ok(corpus) => corpus,
        Err(code) => return code,
    };
    if json {
        match serde_json::to_string_pretty(&corpus.dump()) {
            Ok(text) => println!("{text}"),
            Err(err) => {
                eprintln!("error: cannot write the dump: {err}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let counts = corpus.counts();
    println!(
        "{}: {} events, {} talks, {} people, {} organisations ({} files read, {} warnings)",
        data.display(),
        counts.events,
        counts.talks,
        counts.people,
        counts.organisations,
        corpus.files_read,
        corpus.warnings.len()
    );
    for warning in &corpus.warnings {
        println!("{warning}");
    }
    ExitCode::SUCCESS
}
