//! The `emcee` command line: `emcee check [--data DIR] [--json | --verbose | --explain FILE]`,
//! `emcee ask "/talk kapitan" [--data DIR] [--config FILE] [--json] [--now RFC3339] [--batch FILE]
//! [--as ID]`,
//! `emcee serve [--config FILE] [--data DIR] [--listen ADDR]`,
//! `emcee announce --once | --dry-run | --status [--config FILE] [--data DIR] [--now RFC3339]` and
//! `emcee commands discord | slack [--url URL] | register --discord [--guild ID]` and
//! `emcee rsvp list | export --meetup WHEN [--format csv|json] | forget --user PLATFORM:ID`.
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
use emcee::reply::Outcome;

/// mimalloc instead of the system allocator: a served request makes a few dozen small
/// allocations (headers, the decoded interaction, the reply and its embed), and glibc's malloc
/// and free were about 5% of the server's time in a profile under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "emcee",
    version,
    about = "The master of ceremonies of a meetup community",
    after_help = "A first hour with your blog:\n  \
        emcee init --data blog/                   community.toml (what it inferred) and emcee.toml\n  \
        emcee check --data blog/ --verbose        what was read from each post, and warnings\n  \
        emcee ask \"/next-meetup\" --data blog/\n  \
        emcee announce --dry-run --data blog/     what would be posted, and when\n  \
        emcee serve --data blog/                  the bot, as emcee.toml configures it\n\n\
        Each subcommand's --help has examples."
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

    /// The corpus; a `community.toml` with problems stops here, every problem named with its
    /// line and key, as `emcee.toml`'s do.
    fn load(&self) -> anyhow::Result<Corpus> {
        emcee::corpus::community::read(&self.dir)?;
        Ok(emcee::corpus::load_with(&self.dir, &self.options())?)
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
    /// Start a community: read the blog in the data dir and write a commented community.toml
    /// there (what emcee could infer, how sure it is, questions for the rest) and an
    /// emcee.toml skeleton here. Never overwrites a file.
    #[command(after_help = "Examples:\n  \
        emcee init --data blog/                   then read blog/community.toml and ./emcee.toml\n  \
        emcee init --data blog/ && emcee check --data blog/ --verbose")]
    Init {
        #[command(flatten)]
        data: Data,
    },
    /// Load the data dir and report counts and every warning with file and line.
    #[command(after_help = "Examples:\n  \
        emcee check --data blog/                 counts, then each warning as file:line: message\n  \
        emcee check --data blog/ --verbose       also one line per post: kind, date, talks\n  \
        emcee check --data blog/ --explain posts/2019-04-03-roundup.md\n  \
        emcee check --data blog/ --json > corpus.json\n\n\
        Exit status: 0 when the data dir loaded (warnings included), 2 when it cannot be read.")]
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
    /// Write events/NAME.toml for one post, filled with what emcee read from it, to fix by
    /// hand: it then replaces what is read from that post, and emcee learns from it how the
    /// blog writes its other posts. Never overwrites a file.
    #[command(after_help = "Examples:\n  \
        emcee correct _posts/2024-03-06-march-meetup.md --data blog/\n  \
        then edit blog/events/posts-2024-03-06-march-meetup.toml and run emcee check --data blog/\n\n\
        FILE is the post's path as `emcee check --json` lists it in sources.")]
    Correct {
        #[command(flatten)]
        data: Data,
        /// The post, relative to the data dir.
        file: String,
    },
    /// Answer one command as the bot would, e.g. emcee ask "/talk kapitan".
    #[command(after_help = "Examples:\n  \
        emcee ask \"/talk kapitan\"\n  \
        emcee ask \"/company contino\" --page 2\n  \
        emcee ask /next-meetup --now 2019-03-10T12:00:00Z --json\n  \
        emcee ask --batch questions.txt --json    one {\"line\", \"query\", \"reply\"} per command\n\n\
        Exit status: 0 for an answer, 1 when nothing matched (\"No talk found\"), 2 when the \
        command was asked wrongly (unknown command or option, a bad value) or emcee could not \
        start. With --batch: 2 if any line was asked wrongly, else 0.")]
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
        /// Answer as this member of the command line (RSVPs are recorded as cli:ID); opens the
        /// state store, as --config does, so counts are the server's.
        #[arg(long = "as", value_name = "ID")]
        as_member: Option<String>,
    },
    /// Run the bot: HTTP endpoints, Discord gateway and Slack Socket Mode, as configured.
    #[command(after_help = "Examples:\n  \
        emcee serve                               ./emcee.toml, ./data, [server] listen\n  \
        emcee serve --config emcee.toml --data blog/ --listen 127.0.0.1:8080\n  \
        RUST_LOG=debug emcee serve --log-format json\n\n\
        The start-up log lists every route it serves (/healthz, /readyz, /metrics, \
        /calendar.ics, the Discord and Slack endpoints that are configured).")]
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
    #[command(after_help = "Examples:\n  \
        emcee announce --dry-run                  what --once would do now, and what is next\n  \
        emcee announce --dry-run --all            also the history it skips\n  \
        emcee announce --once                     post what is due (run it from cron)\n  \
        emcee announce --status                   what was sent, skipped or failed")]
    Announce {
        #[command(flatten)]
        config: ConfigFile,
        #[command(flatten)]
        data: Data,
        /// Post what is due at this instant and exit (cron-friendly); again posts nothing new.
        #[arg(long, group = "mode")]
        once: bool,
        /// Print what --once would do now and what comes next: what, where, when; nothing is
        /// posted or recorded.
        #[arg(long, group = "mode")]
        dry_run: bool,
        /// With --dry-run, also list the history it skips (announcements too late to post).
        #[arg(long, requires = "dry_run")]
        all: bool,
        /// Print the delivery log: what was sent, skipped or failed, and why.
        #[arg(long, group = "mode")]
        status: bool,
        /// Act as if it were this instant, e.g. 2019-03-27T18:31:00Z.
        #[arg(long)]
        now: Option<String>,
    },
    /// Print or register the chat commands built from commands/.
    #[command(after_help = "Examples:\n  \
        emcee commands discord > commands.json\n  \
        emcee commands slack --url https://emcee.example.org > manifest.json\n  \
        emcee commands register --discord --guild 123456789012345678")]
    Commands {
        #[command(subcommand)]
        what: CommandsCommand,
    },
    /// The RSVPs in the state store: list them, export a meetup's guest list, or forget a member.
    #[command(after_help = "Examples:\n  \
        emcee rsvp list\n  \
        emcee rsvp export --meetup 2019-04-03 > guests.csv\n  \
        emcee rsvp export --meetup \"april 2019\" --format json\n  \
        emcee rsvp forget --user discord:110000000000000001")]
    Rsvp {
        #[command(subcommand)]
        what: RsvpCommand,
    },
}

#[derive(Subcommand)]
enum RsvpCommand {
    /// Every meetup with answers: its date, title and count.
    List {
        #[command(flatten)]
        config: ConfigFile,
        #[command(flatten)]
        data: Data,
    },
    /// One meetup's answers for the venue's guest list (CSV by default): meetup, platform, user
    /// id, display name, status (going / waitlist), position, time.
    Export {
        /// The meetup: a date or month as /meetup takes it, or its id.
        #[arg(long)]
        meetup: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        #[command(flatten)]
        config: ConfigFile,
        #[command(flatten)]
        data: Data,
    },
    /// Delete everything kept about one member, e.g. --user discord:1100… or slack:U0….
    Forget {
        #[arg(long, value_name = "PLATFORM:ID")]
        user: String,
        #[command(flatten)]
        config: ConfigFile,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
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
        Command::Init { data } => init(&data.dir),
        Command::Check {
            data,
            json,
            verbose,
            explain,
        } => match explain {
            Some(file) => explain_post(&data, &file),
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
            as_member,
        } => ask(
            command,
            &data,
            config,
            Asking {
                json,
                now,
                batch,
                page,
                as_member,
            },
        ),
        Command::Correct { data, file } => correct(&data, &file),
        Command::Rsvp { what } => rsvp(what),
        Command::Serve {
            config,
            data,
            listen,
            log_format,
        } => serve(config.file.as_deref(), &data, listen, log_format),
        Command::Commands { what } => commands(what),
        Command::Announce {
            config,
            data,
            once,
            dry_run,
            all,
            status,
            now,
        } => {
            let mode = match (once, dry_run, status) {
                (true, _, _) => AnnounceMode::Once,
                (_, true, _) => AnnounceMode::DryRun { all },
                (_, _, true) => AnnounceMode::Status,
                _ => return Err(usage("say what to do: --once, --dry-run or --status")),
            };
            announce(config.file.as_deref(), &data, mode, now)
        }
    }
}

enum AnnounceMode {
    Once,
    /// `all`: the skipped history too.
    DryRun {
        all: bool,
    },
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

/// Reads the config file and `EMCEE_*` variables; says once what is deprecated in them.
fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    let config = Config::load(path, std::env::vars())?;
    for note in &config.deprecated {
        eprintln!("note: {note}");
    }
    Ok(config)
}

/// The state store `[state] url` names: a SQLite file, or PostgreSQL shared by the replicas.
fn open_store(config: &Config) -> anyhow::Result<Arc<dyn emcee::store::Store>> {
    // The error names the file or the URL (without its password).
    emcee::store::open(config.state.url.expose()).context("cannot open the state store")
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(emcee::server::worker_threads())
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Logs to stderr, filtered by `RUST_LOG` (default: emcee's info, the crates' warnings), and
/// the count of Slack sockets being replaced, which `/readyz` reads whatever the filter.
fn init_logs(format: LogFormat) {
    init_logs_as(format, None);
}

/// As [`init_logs`], every line naming `replica` when given (`replica=emcee-0` in text, a
/// `replica` field in JSON).
fn init_logs_as(format: LogFormat, replica: Option<&str>) {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,serenity=warn,slack_morphism=warn")
    });
    // Colours only on a terminal: a log file or a collector gets plain text.
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let replica = replica.map(str::to_owned);
    let logs = match (format, replica) {
        (LogFormat::Text, None) => logs.boxed(),
        (LogFormat::Json, None) => logs.json().boxed(),
        (LogFormat::Text, Some(replica)) => logs
            .map_event_format(|f| emcee::logs::Named::text(replica, f))
            .boxed(),
        (LogFormat::Json, Some(replica)) => logs
            .json()
            .map_event_format(|f| emcee::logs::Named::json(replica, f))
            .boxed(),
    };
    tracing_subscriber::registry()
        .with(logs.with_filter(filter))
        .with(emcee::slack::socket_replacements_layer())
        .init();
}

/// The skeleton `emcee init` writes as ./emcee.toml: every key, commented out.
const EMCEE_TOML: &str = include_str!("../emcee.example.toml");

fn init(data: &Path) -> Result<ExitCode, Exit> {
    let inferred = emcee::corpus::infer::infer(data)?;
    let community = data.join(emcee::corpus::COMMUNITY_FILE);
    let text = inferred.community_toml(&data.display().to_string());
    write_new(&community, &text)?;
    write_new(Path::new("emcee.toml"), EMCEE_TOML)?;
    outln!();
    outln!(
        "What emcee read from {} files ({} meetups):",
        inferred.files,
        inferred.meetups
    );
    for line in inferred.summary() {
        outln!("{line}");
    }
    outln!();
    outln!(
        "Next: answer the questions marked \"(check)\" in {}, then",
        community.display()
    );
    outln!("  emcee check --data {} --verbose", data.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path` unless a file is there already, saying which it did.
/// `emcee correct FILE`: the correction file for one post, written once.
fn correct(data: &Data, file: &str) -> Result<ExitCode, Exit> {
    let corpus = data.load()?;
    let known = data.dir.join(file).is_file();
    let draft = emcee::corpus::correct::draft(&corpus, file, known)?;
    let path = data.dir.join(&draft.path);
    if path.exists() {
        outln!(
            "{} exists: edit it (emcee correct never overwrites)",
            path.display()
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {}", dir.display()))
            .map_err(Exit::failed)?;
    }
    write_new(&path, &draft.text)?;
    outln!(
        "fix what is wrong there, then run: emcee check --data {}",
        data.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_new(path: &Path, text: &str) -> Result<(), Exit> {
    use std::io::Write as _;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))
                .map_err(Exit::failed)?;
            outln!("wrote {}", path.display());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            outln!(
                "left {} as it is (it exists; emcee init never overwrites)",
                path.display()
            );
            Ok(())
        }
        Err(e) => Err(Exit::failed(
            anyhow::Error::new(e).context(format!("cannot write {}", path.display())),
        )),
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
    print_doubts(&corpus, verbose)?;
    Ok(ExitCode::SUCCESS)
}

/// What the model read without being sure: a count, or with `--verbose` the least sure first,
/// so that an organiser knows which posts to correct.
fn print_doubts(corpus: &Corpus, verbose: bool) -> Result<(), Exit> {
    let doubts = emcee::corpus::doubt::least_sure_first(&corpus.doubts);
    if doubts.is_empty() {
        return Ok(());
    }
    let left_out = doubts.iter().filter(|d| !d.kept).count();
    outln!();
    outln!(
        "{} speakers read without being sure ({left_out} of them left out of every answer){}",
        doubts.len(),
        if verbose {
            ", least sure first; `emcee correct FILE` fixes a post and teaches emcee the blog:"
        } else {
            ": emcee check --verbose lists them"
        }
    );
    if verbose {
        for doubt in doubts {
            outln!("{doubt}");
        }
    }
    Ok(())
}

/// `check --explain FILE`: every fact read from one post, with its rule and line, and its date
/// and next meetup as the loaded corpus decided them (what `--verbose` and `--json` show).
fn explain_post(data: &Data, file: &str) -> Result<ExitCode, Exit> {
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
    let path = data.dir.join(relative);
    let bytes = std::fs::read(&path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(Exit::from)?;
    let text = String::from_utf8_lossy(&bytes);
    outln!("{file}:");
    let corpus = data.load()?;
    let facts = emcee::corpus::explain_in(&corpus, file, &text);
    if facts.is_empty() {
        outln!("  nothing read from it");
    }
    for fact in facts {
        outln!("  {}", fact.to_string().replace('\n', "\n  "));
    }
    Ok(ExitCode::SUCCESS)
}

/// How `ask` answers: the flags beside the command and the data dir.
struct Asking {
    json: bool,
    now: Option<String>,
    batch: Option<PathBuf>,
    page: Option<u32>,
    as_member: Option<String>,
}

fn ask(
    command: Option<String>,
    data: &Data,
    config: Option<PathBuf>,
    asking: Asking,
) -> Result<ExitCode, Exit> {
    let Asking {
        json,
        now,
        batch,
        page,
        as_member,
    } = asking;
    let now = parse_now(now)?;
    // The state store is the server's when a config or a member is given: counts and RSVPs
    // are then the same as in chat.
    let (settings, store) = match (&config, &as_member) {
        (None, None) => (emcee::commands::Settings::default(), None),
        _ => {
            let config = match &config {
                Some(file) => load_config(Some(file))?,
                None => load_config(None)?,
            };
            let store = open_store(&config)?;
            (config.command_settings(), Some(store))
        }
    };
    let member = match as_member {
        Some(id) if id.trim().is_empty() || id.contains(char::is_whitespace) => {
            return Err(usage("--as takes an id without spaces, e.g. --as ada"));
        }
        Some(id) => Some(emcee::rsvp::Member {
            organiser: true,
            ..emcee::rsvp::Member::new(emcee::rsvp::Source::Cli, id.clone(), id)
        }),
        None => None,
    };
    // (line number in the file, the command); blank lines keep their number.
    let lines: Vec<(usize, String)> = match (&batch, command) {
        (Some(file), _) => std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect(),
        (None, Some(command)) => vec![(1, command)],
        (None, None) => {
            return Err(usage(
                "give a command, e.g. emcee ask \"/talk kapitan\", or --batch FILE",
            ));
        }
    };
    let archive = Archive::new(load_noting_defaults(data)?);
    release_freed_memory();
    let app = App::new(archive, Config::default()).with_clock(Arc::new(move || now));
    let app = match store {
        Some(store) => app.with_store(store),
        None => app,
    };
    let archive = app.archive();
    let book = app.book(&archive);
    let context = emcee::router::Context {
        archive: &archive,
        now,
        settings: &settings,
        rsvps: book.as_ref().map(|b| b as &dyn emcee::rsvp::Book),
        member: member.as_ref(),
    };
    let mut outcomes = Vec::with_capacity(lines.len());
    for (i, (number, line)) in lines.iter().enumerate() {
        let asked = match page {
            Some(page) => format!("{line} --page {page}"),
            None => line.clone(),
        };
        let reply = emcee::router::answer_line(&context, &asked).reply;
        outcomes.push(reply.outcome);
        if json && batch.is_some() {
            let record = serde_json::json!({"line": number, "query": line, "reply": reply});
            outln!("{record}");
        } else if json {
            outln!("{}", reply.to_json());
        } else {
            if i > 0 {
                outln!("---");
            }
            out!("{}", reply.to_text());
        }
    }
    Ok(ExitCode::from(ask_status(&outcomes, batch.is_some())))
}

/// `ask`'s exit status: 0 for an answer, 1 when nothing matched, 2 when the command was asked
/// wrongly (an unknown command or option, a bad value). A batch exits 2 when any line was asked
/// wrongly and 0 otherwise, "no match" being an ordinary answer among many.
fn ask_status(outcomes: &[Outcome], batch: bool) -> u8 {
    if outcomes.contains(&Outcome::Usage) {
        2
    } else if !batch && outcomes.contains(&Outcome::NoMatch) {
        1
    } else {
        0
    }
}

/// Hands the pages the loader freed back to the system (mimalloc keeps them a while).
fn release_freed_memory() {
    // SAFETY: mi_collect only frees memory mimalloc holds and nothing uses.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Loads the data dir, saying once on stderr what falls back to a default when it has no
/// `community.toml` (`check` lists it among its warnings, `serve` logs it).
fn load_noting_defaults(data: &Data) -> anyhow::Result<Corpus> {
    let corpus = data.load()?;
    if let Some(missing) = corpus.missing_community_file() {
        eprintln!("warning: {}", missing.message.trim_start_matches("note: "));
    }
    Ok(corpus)
}

/// Loads the data dir once, remembering each file's good version for the watcher, and logs
/// what it found.
fn load_for_serving(data: &Data) -> anyhow::Result<(Corpus, emcee::corpus::LastGood)> {
    emcee::corpus::community::read(&data.dir)?;
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
    log_format: LogFormat,
) -> Result<ExitCode, Exit> {
    let mut config = load_config(config)?;
    let replica = config
        .server
        .replica
        .clone()
        .unwrap_or_else(emcee::leader::host_name);
    init_logs_as(log_format, Some(&replica));
    if let Some(listen) = listen {
        config.server.listen = listen;
    }
    // Secrets print as [redacted].
    tracing::debug!(?config, "configuration");
    let (corpus, memory) = load_for_serving(data)?;
    let listen = config.server.listen;
    // The state store is open whenever emcee serves: RSVPs need it even without announcements.
    let store = open_store(&config)?;
    tracing::info!(store = %store.describe(), "state store open");
    let lease = emcee::leader::LeaseSettings {
        name: format!("leader/{}", corpus.community.id),
        holder: emcee::leader::holder(&replica),
        period: config.state.lease,
    };
    let app = Arc::new(App::new(Archive::new(corpus), config).with_store(store));
    release_freed_memory();
    let routes = emcee::server::routes(Arc::clone(&app))?;
    let announcer = if app.config.announce.enabled() {
        Some(Arc::new(emcee::server::announcer(Arc::clone(&app))?))
    } else {
        None
    };
    let service = emcee::server::Service {
        watch: Some((data.dir.clone(), memory)),
        load: data.options(),
        announcer,
        lease,
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
    let corpus = load_noting_defaults(data)?;
    // Reminders carry the RSVP count, and the last one mentions the members going.
    let store = open_store(&config)?;
    let app = Arc::new(App::new(Archive::new(corpus), config).with_store(store));
    let announcer = emcee::server::announcer(app)?;
    match mode {
        AnnounceMode::DryRun { all } => {
            let listing = announcer.dry_run(now).map_err(Exit::failed)?;
            let (history, ahead): (Vec<_>, Vec<_>) =
                listing.into_iter().partition(|l| l.is_history());
            if ahead.is_empty() && (history.is_empty() || !all) {
                outln!("nothing due or upcoming");
            }
            for line in &ahead {
                outln!("{line}");
            }
            if all {
                for line in &history {
                    outln!("{line}");
                }
            } else if !history.is_empty() {
                let earlier = match history.len() {
                    1 => "1 earlier announcement is".to_owned(),
                    n => format!("{n} earlier announcements are"),
                };
                outln!("({earlier} history, too late to post; --all lists them)");
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

/// `emcee rsvp list | export | forget`: the state store read and trimmed by an organiser.
fn rsvp(what: RsvpCommand) -> Result<ExitCode, Exit> {
    match what {
        RsvpCommand::Forget { user, config } => {
            let config = load_config(config.file.as_deref())?;
            let Some((source, id)) = emcee::rsvp::parse_user(&user) else {
                return Err(usage(
                    "--user is PLATFORM:ID, e.g. discord:110011001100 or slack:U024BE7LH",
                ));
            };
            let store = open_store(&config)?;
            let gone = store.forget(source, &id).map_err(Exit::failed)?;
            outln!("forgot {source}:{id}: {gone} answer(s) deleted");
        }
        RsvpCommand::List { config, data } => {
            let (archive, store) = rsvp_state(config.file.as_deref(), &data.dir)?;
            let community = &archive.corpus.community;
            let all = store.all_rsvps(&community.id).map_err(Exit::failed)?;
            if all.is_empty() {
                outln!("no RSVPs yet");
            }
            let mut meetups: Vec<&str> = all.iter().map(|r| r.meetup.as_str()).collect();
            meetups.dedup();
            for meetup in meetups {
                let rsvps: Vec<_> = all.iter().filter(|r| r.meetup == meetup).cloned().collect();
                let event = archive.corpus.events.iter().find(|e| e.id == meetup);
                let capacity = event.and_then(|e| emcee::rsvp::capacity(e, community));
                let summary = emcee::rsvp::tally(rsvps, capacity).summary();
                match event {
                    Some(e) => outln!("{}  {}  [{meetup}]  {summary}", e.date, e.title),
                    None => outln!("(no longer announced)  [{meetup}]  {summary}"),
                }
            }
        }
        RsvpCommand::Export {
            meetup,
            format,
            config,
            data,
        } => {
            let (archive, store) = rsvp_state(config.file.as_deref(), &data.dir)?;
            let community = &archive.corpus.community;
            // An id first (a removed meetup keeps its answers), else a date as /meetup takes it.
            let event = archive
                .corpus
                .events
                .iter()
                .find(|e| e.id == meetup)
                .or_else(|| {
                    emcee::commands::find_meetup(&archive, &meetup, Utc::now())
                        .ok()
                        .map(|i| &archive.corpus.events[i])
                });
            let id = event.map_or(meetup.as_str(), |e| e.id.as_str());
            let rsvps = store.rsvps(&community.id, id).map_err(Exit::failed)?;
            if rsvps.is_empty() && event.is_none() {
                return Err(usage(
                    "no such meetup: give a date such as 2019-04-03, a month, or a meetup id from `emcee rsvp list`",
                ));
            }
            let capacity = event.and_then(|e| emcee::rsvp::capacity(e, community));
            let tally = emcee::rsvp::tally(rsvps, capacity);
            let rows: Vec<[String; 7]> = [("going", &tally.going), ("waitlist", &tally.waitlist)]
                .into_iter()
                .flat_map(|(status, list)| {
                    list.iter().enumerate().map(move |(i, r)| {
                        [
                            r.meetup.clone(),
                            r.source.to_string(),
                            r.user_id.clone(),
                            r.name.clone(),
                            status.to_owned(),
                            (i + 1).to_string(),
                            r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        ]
                    })
                })
                .collect();
            const COLUMNS: [&str; 7] = [
                "meetup",
                "platform",
                "user_id",
                "display_name",
                "status",
                "position",
                "time",
            ];
            match format {
                ExportFormat::Csv => {
                    outln!("{}", COLUMNS.join(","));
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                        outln!("{}", cells.join(","));
                    }
                }
                ExportFormat::Json => {
                    let rows: Vec<serde_json::Value> = rows
                        .into_iter()
                        .map(|row| {
                            let mut object = serde_json::Map::new();
                            for (column, cell) in COLUMNS.iter().zip(row) {
                                let value = match *column {
                                    "position" => {
                                        serde_json::json!(cell.parse::<u64>().unwrap_or(0))
                                    }
                                    _ => serde_json::Value::String(cell),
                                };
                                object.insert((*column).to_owned(), value);
                            }
                            serde_json::Value::Object(object)
                        })
                        .collect();
                    let text = serde_json::to_string_pretty(&rows).map_err(Exit::failed)?;
                    outln!("{text}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The data dir's archive and the config's state store, for `emcee rsvp`.
fn rsvp_state(
    config: Option<&Path>,
    data: &Path,
) -> Result<(Archive, Arc<dyn emcee::store::Store>), Exit> {
    let config = load_config(config)?;
    let archive = Archive::new(emcee::corpus::load(data)?);
    let store = open_store(&config)?;
    Ok((archive, store))
}

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. A cell that
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is quoted with a leading `'`.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
