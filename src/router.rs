//! The one entry point every transport calls: a command line as a person typed it → a `Reply`,
//! with the name of the command it parsed (for the metrics). Parsing follows the specs in
//! `commands/`; no command logic lives in a transport.
//!
//! `answer(&archive, "/talk kapitan", now)` → the Kapitan card; `"/tlak x"` → "did you mean
//! /talk"; `"/talk"` → the usage of /talk.

use chrono::{DateTime, Utc};

use crate::archive::Archive;
use crate::commands::{self, Call, CommandSpec, Settings, quote};
use crate::reply::Reply;

pub use crate::commands::MAX_QUERY_CHARS;

/// What a command is answered against: the archive, the instant, and the deployment's settings.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub archive: &'a Archive,
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    /// The RSVPs, when the deployment keeps them.
    pub rsvps: Option<&'a dyn crate::rsvp::Book>,
    /// Who is asking, when known.
    pub member: Option<&'a crate::rsvp::Member>,
}

impl<'a> Context<'a> {
    /// A context with no RSVPs and nobody known asking.
    pub fn new(archive: &'a Archive, now: DateTime<Utc>, settings: &'a Settings) -> Context<'a> {
        Context {
            archive,
            now,
            settings,
            rsvps: None,
            member: None,
        }
    }
}

/// A reply and the command it answers, when the line named one (`None` for an unknown or
/// empty command).
#[derive(Debug)]
pub struct Answered {
    pub command: Option<String>,
    pub reply: Reply,
}

/// A parsed command: which one and its option values.
#[derive(Debug, PartialEq)]
pub struct Invocation {
    pub command: String,
    pub options: Vec<(String, String)>,
}

/// Why a line is not a command emcee can run; each becomes a private reply.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum UserError {
    #[error("Type a command such as /talk kapitan, or /help.")]
    Empty,
    #[error("There is no /{name} command.")]
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
    },
    #[error("/{command} has no option '{option}'.")]
    UnknownOption { command: String, option: String },
    #[error("/{command} needs its {option}.")]
    Missing { command: String, option: String },
    #[error("That {option} is {length} characters long; ask with at most {MAX_QUERY_CHARS}.")]
    TooLong {
        command: String,
        option: String,
        length: usize,
    },
}

impl UserError {
    /// The command the line named, when emcee has it.
    fn command(&self) -> Option<&str> {
        match self {
            UserError::Missing { command, .. }
            | UserError::UnknownOption { command, .. }
            | UserError::TooLong { command, .. } => Some(command),
            UserError::Empty | UserError::UnknownCommand { .. } => None,
        }
    }
}

/// Parses "/talk kapitan", "talk kapitan", "/talk query:kapitan", "/sponsors --when nov 2018"
/// or "/company contino --page 2".
pub fn parse(line: &str, specs: &[CommandSpec]) -> Result<Invocation, UserError> {
    let line = line.trim();
    let line = line.strip_prefix('/').unwrap_or(line).trim_start();
    let (name, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(n, r)| (n, r.trim()));
    if name.is_empty() {
        return Err(UserError::Empty);
    }
    let spec = find_spec(name, specs)?;
    let mut options = Vec::new();
    let mut rest = rest;
    // "/company contino --page 2", "/rsvp going --meetup may 2026": trailing flags naming an
    // option of the command, each to the next flag.
    while let Some((head, flag)) = rest.rsplit_once(" --") {
        let (option, value) = flag.split_once([' ', '=']).unwrap_or((flag, ""));
        if !spec.options.iter().any(|o| o.name == option) {
            break;
        }
        options.insert(0, (option.to_owned(), value.trim().to_owned()));
        rest = head.trim_end();
    }
    // "--when nov 2018" or "when: nov 2018" name an option explicitly.
    if let Some(flag) = rest.strip_prefix("--") {
        let (option, value) = flag.split_once([' ', '=']).unwrap_or((flag, ""));
        options.push((option.to_owned(), value.trim().to_owned()));
        rest = "";
    } else if let Some((option, value)) = rest.split_once(':')
        && spec.options.iter().any(|o| o.name == option.trim())
    {
        options.push((option.trim().to_owned(), value.trim().to_owned()));
        rest = "";
    }
    // Commands without options ignore trailing words rather than failing.
    if !rest.is_empty()
        && let Some(first) = spec.options.first()
    {
        options.push((first.name.clone(), rest.to_owned()));
    }
    validate(spec, options)
}

/// The spec of a command by name (any case), or the closest name as a suggestion.
fn find_spec<'a>(name: &str, specs: &'a [CommandSpec]) -> Result<&'a CommandSpec, UserError> {
    let name = name.to_lowercase();
    if name.is_empty() {
        return Err(UserError::Empty);
    }
    specs.iter().find(|s| s.name == name).ok_or_else(|| {
        let suggestion = specs
            .iter()
            .map(|s| (strsim::damerau_levenshtein(&name, &s.name), &s.name))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, n)| n.clone());
        UserError::UnknownCommand {
            name: name.chars().take(32).collect(),
            suggestion,
        }
    })
}

/// Checks option names, lengths and required options against the spec; empty values count as
/// not given.
fn validate(
    spec: &CommandSpec,
    mut options: Vec<(String, String)>,
) -> Result<Invocation, UserError> {
    for (option, value) in &mut options {
        if !spec.options.iter().any(|o| o.name == *option) {
            return Err(UserError::UnknownOption {
                command: spec.name.clone(),
                option: option.chars().take(32).collect(),
            });
        }
        *value = value.trim().to_owned();
    }
    options.retain(|(_, v)| !v.is_empty());
    for (option, value) in &options {
        let length = value.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(UserError::TooLong {
                command: spec.name.clone(),
                option: option.clone(),
                length,
            });
        }
    }
    if let Some(missing) = spec
        .options
        .iter()
        .find(|o| o.required && !options.iter().any(|(n, _)| *n == o.name))
    {
        return Err(UserError::Missing {
            command: spec.name.clone(),
            option: missing.name.clone(),
        });
    }
    Ok(Invocation {
        command: spec.name.clone(),
        options,
    })
}

/// Answers one line with no deployment settings (the CLI without `--config`, benchmarks).
/// Never panics on input and never returns an empty reply.
pub fn answer(archive: &Archive, line: &str, now: DateTime<Utc>) -> Reply {
    let settings = Settings::default();
    answer_line(&Context::new(archive, now, &settings), line).reply
}

/// Answers one line, saying which command it was.
pub fn answer_line(context: &Context<'_>, line: &str) -> Answered {
    let specs = commands::specs();
    match parse(line, specs) {
        Ok(invocation) => run(context, invocation),
        Err(err) => failed(&err, specs),
    }
}

/// Answers a command whose options arrive already named (a Discord interaction), with the same
/// checks and replies as a typed line.
pub fn invoke(context: &Context<'_>, command: &str, options: Vec<(String, String)>) -> Answered {
    let specs = commands::specs();
    match find_spec(command, specs).and_then(|spec| validate(spec, options)) {
        Ok(invocation) => run(context, invocation),
        Err(err) => failed(&err, specs),
    }
}

fn run(context: &Context<'_>, invocation: Invocation) -> Answered {
    let Some(handler) = commands::handler(&invocation.command) else {
        let reply = Reply::usage(
            "Unknown command",
            format!("There is no /{} command.", quote(&invocation.command)),
        );
        return Answered {
            command: None,
            reply,
        };
    };
    let call = Call {
        archive: context.archive,
        now: context.now,
        settings: context.settings,
        options: invocation.options,
        rsvps: context.rsvps,
        member: context.member,
    };
    let mut reply = handler(&call);
    if reply.title.is_empty() {
        reply = Reply::no_match("Nothing to show", "emcee has nothing to say to that yet.");
    }
    Answered {
        command: Some(invocation.command),
        reply,
    }
}

fn failed(err: &UserError, specs: &[CommandSpec]) -> Answered {
    Answered {
        command: err.command().map(str::to_owned),
        reply: error_reply(err, specs),
    }
}

fn error_reply(err: &UserError, specs: &[CommandSpec]) -> Reply {
    let mut reply = Reply::usage("That did not work", err.to_string());
    match err {
        UserError::UnknownCommand { suggestion, .. } => {
            reply.title = "Unknown command".to_owned();
            reply.description = quote(&reply.description);
            reply.suggestions = suggestion.iter().map(|s| format!("/{s}")).collect();
            reply.footer = Some("/help lists every command".to_owned());
        }
        UserError::Missing { command, .. } | UserError::UnknownOption { command, .. } => {
            if let Some(spec) = specs.iter().find(|s| s.name == *command) {
                let usage = commands::usage(spec);
                reply.title = usage.title;
                reply.fields = usage.fields;
                reply.description = quote(&err.to_string());
            }
        }
        UserError::Empty | UserError::TooLong { .. } => {}
    }
    reply
}
