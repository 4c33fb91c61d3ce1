//! Command specs: `commands/*.toml`, compiled into the binary, the one source for argument
//! parsing, `help`, Discord registration and the Slack manifest.
//!
//! `commands/talk.toml` → `CommandSpec { name: "talk", options: [query (string, required,
//! autocomplete from talks)], .. }`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    pub description: String,
    /// What the option completes from while it is typed; none when absent.
    pub autocomplete: Option<Autocomplete>,
}

/// The lists an option can complete from: `autocomplete = "talks"` in a spec.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Autocomplete {
    /// Talk titles, newest first.
    Talks,
    /// Speakers' names.
    Speakers,
    /// Companies and other organisations.
    Companies,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub options: Vec<OptionSpec>,
    #[serde(default)]
    pub examples: Vec<String>,
    /// Only organisers may use it: Discord registers it for members with Manage Events, and
    /// the handler checks the member asking.
    #[serde(default)]
    pub organisers_only: bool,
}

impl CommandSpec {
    /// "/talk <query>", "/sponsors [when]".
    pub fn usage(&self) -> String {
        let mut out = format!("/{}", self.name);
        for option in &self.options {
            if option.required {
                out.push_str(&format!(" <{}>", option.name));
            } else {
                out.push_str(&format!(" [{}]", option.name));
            }
        }
        out
    }

    /// What is wrong with the spec, by Discord's rules; empty when it is valid.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let valid_name = |name: &str| {
            (1..=32).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        };
        if !valid_name(&self.name) {
            problems.push(format!(
                "command name '{}' is not [-_a-z0-9]{{1,32}}",
                self.name
            ));
        }
        if self.description.is_empty() || self.description.chars().count() > 100 {
            problems.push(format!(
                "/{}: description must be 1 to 100 characters",
                self.name
            ));
        }
        if self.options.len() > 25 {
            problems.push(format!("/{}: more than 25 options", self.name));
        }
        let mut seen_optional = false;
        for option in &self.options {
            if !valid_name(&option.name) {
                problems.push(format!(
                    "/{}: option name '{}' is invalid",
                    self.name, option.name
                ));
            }
            if option.description.is_empty() || option.description.chars().count() > 100 {
                problems.push(format!(
                    "/{} {}: description must be 1 to 100 characters",
                    self.name, option.name
                ));
            }
            if !matches!(
                option.kind.as_str(),
                "string" | "integer" | "boolean" | "number"
            ) {
                problems.push(format!(
                    "/{} {}: unknown type '{}'",
                    self.name, option.name, option.kind
                ));
            }
            if option.autocomplete.is_some() && option.kind != "string" {
                problems.push(format!(
                    "/{} {}: only a string option can autocomplete",
                    self.name, option.name
                ));
            }
            if option.required && seen_optional {
                problems.push(format!(
                    "/{}: required option after an optional one",
                    self.name
                ));
            }
            seen_optional |= !option.required;
        }
        if self.examples.is_empty() {
            problems.push(format!("/{}: no examples", self.name));
        }
        problems
    }
}

/// Parses one spec file; the error names the file.
pub fn parse(file: &str, text: &str) -> Result<CommandSpec, String> {
    toml::from_str(text).map_err(|e| format!("commands/{file}: {}", e.message()))
}
