//! `/help [command]`: every command with its description, or one command's usage, options and
//! examples — all from the specs in `commands/`.
//!
//! `/help talk` → "/talk <query>", the option's description, "/talk kapitan".

use super::{Call, quote, specs};
use crate::reply::Reply;

pub fn run(call: &Call<'_>) -> Reply {
    let specs = specs();
    if let Some(name) = call.option("command") {
        let name = name.trim_start_matches('/').to_lowercase();
        return match specs.iter().find(|s| s.name == name) {
            Some(spec) => usage(spec),
            None => {
                let mut reply = Reply::private(
                    "Unknown command",
                    format!("There is no /{} command.", quote(&name)),
                );
                reply.suggestions = super::closest(&name, specs.iter().map(|s| s.name.as_str()), 2)
                    .into_iter()
                    .map(|s| format!("/{s}"))
                    .collect();
                reply
            }
        };
    }
    let mut reply = Reply::private("emcee commands", "Ask about the community's meetups:");
    let lines: Vec<String> = specs
        .iter()
        .map(|s| format!("{} — {}", s.usage(), s.description))
        .collect();
    reply = reply.field("Commands", lines.join("\n"));
    reply.footer = Some("/help <command> shows one command's options and examples".to_owned());
    reply
}

/// One command's usage, options and examples.
pub fn usage(spec: &super::CommandSpec) -> Reply {
    let mut reply = Reply::private(spec.usage(), spec.description.clone());
    let options: Vec<String> = spec
        .options
        .iter()
        .map(|o| {
            let need = if o.required { "required" } else { "optional" };
            format!("{} ({need}) — {}", o.name, o.description)
        })
        .collect();
    reply = reply.field("Options", options.join("\n"));
    reply.field("Examples", spec.examples.join("\n"))
}
