//! The platform-neutral reply every command returns, and its terminal and JSON renderings.
//! Discord embeds and Slack blocks are rendered from the same value by their transports.
//!
//! `Reply { title: "Deployments with Kapitan", fields: [Field { name: "Speakers", .. }], .. }` →
//! "Deployments with Kapitan\nSpeakers: Alessandro De Maria (DeepMind Health)\n…".

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    /// Whether the field may sit beside others (Discord inline fields).
    pub inline: bool,
}

/// A button under a reply, as neutral as the reply: each platform renders it its own way
/// (Discord message components, Slack Block Kit buttons) and sends its clicks back.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Action {
    /// "Going" or "Not going" for a meetup, by its stable id.
    Rsvp { meetup: String, going: bool },
    /// A link out, e.g. "Register on meetup.com".
    Link { label: String, url: String },
    /// "More": the command line that answers with the next page.
    More { line: String },
}

/// Longest id a button may carry back: Discord's `custom_id` limit.
pub const MAX_ACTION_ID: usize = 100;

impl Action {
    /// The button's text.
    pub fn label(&self) -> &str {
        match self {
            Action::Rsvp { going: true, .. } => "Going",
            Action::Rsvp { going: false, .. } => "Not going",
            Action::Link { label, .. } => label,
            Action::More { .. } => "More",
        }
    }

    /// What a click sends back: `rsvp:going:ID`, `rsvp:not:ID` or `more:LINE`; `None` for a
    /// link, or when the id would be longer than [`MAX_ACTION_ID`].
    pub fn id(&self) -> Option<String> {
        let id = match self {
            Action::Rsvp { meetup, going } => {
                format!("rsvp:{}:{meetup}", if *going { "going" } else { "not" })
            }
            Action::More { line } => format!("more:{line}"),
            Action::Link { .. } => return None,
        };
        (id.len() <= MAX_ACTION_ID).then_some(id)
    }

    /// The action a click's id names; `None` for ids emcee did not make.
    pub fn parse(id: &str) -> Option<Action> {
        if let Some(line) = id.strip_prefix("more:") {
            return (!line.trim().is_empty()).then(|| Action::More {
                line: line.to_owned(),
            });
        }
        let rest = id.strip_prefix("rsvp:")?;
        let (answer, meetup) = rest.split_once(':')?;
        let going = match answer {
            "going" => true,
            "not" => false,
            _ => return None,
        };
        (!meetup.is_empty()).then(|| Action::Rsvp {
            meetup: meetup.to_owned(),
            going,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reply {
    pub title: String,
    pub link: Option<String>,
    pub description: String,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    /// "Did you mean" candidates, or commands to try next.
    pub suggestions: Vec<String>,
    /// Errors, help and "no match" are shown only to the person who asked.
    pub ephemeral: bool,
    /// Buttons under the reply.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Members to notify, by their id on the platform the reply goes to (the last reminder
    /// mentions those going). Only these can ever be pinged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// Whether this answers the question, says nothing matched, or says the command was asked
    /// wrongly; `emcee ask` turns it into its exit status. Not shown on any platform.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// What a reply is, for scripts: `emcee ask` exits 0, 1 or 2 by it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outcome {
    /// An answer, help included.
    #[default]
    Answer,
    /// Nothing in the archive matched the query (perhaps with "did you mean").
    NoMatch,
    /// The command was asked wrongly: unknown command or option, a missing or bad value.
    Usage,
}

impl Reply {
    pub fn new(title: impl Into<String>) -> Reply {
        Reply {
            title: title.into(),
            ..Reply::default()
        }
    }

    /// A reply only the asker sees: errors, help, no match.
    pub fn private(title: impl Into<String>, description: impl Into<String>) -> Reply {
        Reply {
            title: title.into(),
            description: description.into(),
            ephemeral: true,
            ..Reply::default()
        }
    }

    /// A private "nothing matched" reply.
    pub fn no_match(title: impl Into<String>, description: impl Into<String>) -> Reply {
        Reply {
            outcome: Outcome::NoMatch,
            ..Reply::private(title, description)
        }
    }

    /// A private "asked wrongly" reply: an unknown command, a missing or malformed option.
    pub fn usage(title: impl Into<String>, description: impl Into<String>) -> Reply {
        Reply {
            outcome: Outcome::Usage,
            ..Reply::private(title, description)
        }
    }

    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        let value = value.into();
        if !value.trim().is_empty() {
            self.fields.push(Field {
                name: name.into(),
                value,
                inline: false,
            });
        }
        self
    }

    /// The reply's link when it is an http(s) URL safe to put in a Discord embed or a Slack
    /// `<url|text>`: no whitespace and none of `<`, `>`, `|`.
    pub fn web_link(&self) -> Option<&str> {
        self.link.as_deref().filter(|l| {
            (l.starts_with("https://") || l.starts_with("http://"))
                && !l.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|'))
        })
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        if let Some(link) = &self.link {
            out.push_str(link);
            out.push('\n');
        }
        if !self.description.is_empty() {
            out.push('\n');
            out.push_str(&self.description);
            out.push('\n');
        }
        for field in &self.fields {
            out.push('\n');
            out.push_str(&field.name);
            out.push_str(":\n");
            for line in field.value.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        if !self.suggestions.is_empty() {
            out.push_str("\nDid you mean: ");
            out.push_str(&self.suggestions.join(", "));
            out.push('\n');
        }
        if let Some(footer) = &self.footer {
            out.push('\n');
            out.push_str(footer);
            out.push('\n');
        }
        let buttons: Vec<String> = self
            .actions
            .iter()
            .filter(|a| !matches!(a, Action::More { .. }))
            .map(|a| match a {
                Action::Link { label, url } => format!("[{label}: {url}]"),
                other => format!("[{}]", other.label()),
            })
            .collect();
        if !buttons.is_empty() {
            out.push('\n');
            out.push_str(&buttons.join(" "));
            out.push('\n');
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_ids_go_and_come_back() {
        for action in [
            Action::Rsvp {
                meetup: "posts-2019-03-next".to_owned(),
                going: true,
            },
            Action::Rsvp {
                meetup: "m".to_owned(),
                going: false,
            },
            Action::More {
                line: "/company contino --page 2".to_owned(),
            },
        ] {
            let id = action.id().expect("an id");
            assert_eq!(Action::parse(&id), Some(action), "{id}");
        }
        assert_eq!(
            Action::More {
                line: "x".repeat(96)
            }
            .id(),
            None
        );
        for bad in [
            "",
            "rsvp:maybe:m",
            "rsvp:going:",
            "more: ",
            "emcee_open_link",
        ] {
            assert_eq!(Action::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_safe_web_links_are_links() {
        let with = |link: &str| Reply {
            link: Some(link.to_owned()),
            ..Reply::new("t")
        };
        assert_eq!(
            with("https://youtu.be/x?t=61").web_link(),
            Some("https://youtu.be/x?t=61")
        );
        for bad in [
            "posts/x.md",
            "javascript:alert(1)",
            "https://a b",
            "https://x|<!channel>",
        ] {
            assert_eq!(with(bad).web_link(), None, "{bad}");
        }
        assert_eq!(Reply::new("t").web_link(), None);
    }
}
