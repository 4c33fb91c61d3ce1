//! Discord's message shapes: a `Reply` as one embed within Discord's limits, and as an
//! interaction response (private replies ephemeral, nobody ever pinged).
//!
//! `Reply { title: "Deployments with Kapitan", .. }` → `{"type":4,"data":{"embeds":[{"title":
//! "Deployments with Kapitan","color":3112341,…}],"allowed_mentions":{"parse":[]}}}`.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
};

use crate::chat;
use crate::reply::{Action, Field, Reply};

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
    /// A message's content, and the user ids one message may ping.
    pub const CONTENT: usize = 2000;
    pub const MENTIONS: usize = 100;
    /// Buttons in one action row, and a button's label.
    pub const BUTTONS: usize = 5;
    pub const LABEL: usize = 80;
}

/// Embed colour of answers (errors and help carry none).
const COLOUR: u32 = 0x2F7D95;

/// Type 4 with the reply's embed; private replies are ephemeral; nobody is ever pinged.
pub fn message(reply: &Reply) -> CreateInteractionResponse {
    let mut message = CreateInteractionResponseMessage::new()
        .embed(embed(reply))
        .allowed_mentions(CreateAllowedMentions::new())
        .ephemeral(reply.ephemeral);
    let rows = components(reply);
    if !rows.is_empty() {
        message = message.components(rows);
    }
    CreateInteractionResponse::Message(message)
}

/// The reply's buttons as one action row (at most five): Going in green, Not going in grey,
/// More in blue, links as link buttons. A button whose id would pass Discord's 100 characters
/// is left out.
pub fn components(reply: &Reply) -> Vec<CreateActionRow> {
    let buttons: Vec<CreateButton> = reply
        .actions
        .iter()
        .filter_map(button)
        .take(limits::BUTTONS)
        .collect();
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

fn button(action: &Action) -> Option<CreateButton> {
    let label = cut(action.label(), limits::LABEL, "…");
    match action {
        Action::Link { url, .. } => {
            let link = Reply {
                link: Some(url.clone()),
                ..Reply::default()
            };
            let url = link.web_link()?;
            Some(CreateButton::new_link(url).label(label))
        }
        Action::Rsvp { going, .. } => {
            let style = if *going {
                ButtonStyle::Success
            } else {
                ButtonStyle::Secondary
            };
            Some(CreateButton::new(action.id()?).label(label).style(style))
        }
        Action::More { .. } => Some(
            CreateButton::new(action.id()?)
                .label(label)
                .style(ButtonStyle::Primary),
        ),
    }
}

/// The mentions of a reply as message contents: `<@id>` each, at most 100 ids and 2,000
/// characters a message, with the ids each may ping. Ids that are not Discord ids (digits) are
/// dropped, so nothing but a user mention can ever be written.
pub fn mention_messages(ids: &[String]) -> Vec<(String, Vec<String>)> {
    let mut messages: Vec<(String, Vec<String>)> = Vec::new();
    for id in ids {
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let mention = format!("<@{id}>");
        let fits = messages.last().is_some_and(|(content, users)| {
            users.len() < limits::MENTIONS
                && content.chars().count() + 1 + mention.len() <= limits::CONTENT
        });
        if fits {
            let (content, users) = messages.last_mut().expect("checked");
            content.push(' ');
            content.push_str(&mention);
            users.push(id.clone());
        } else {
            messages.push((mention, vec![id.clone()]));
        }
    }
    messages
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
pub(super) fn cut(text: &str, max: usize, tail: &str) -> String {
    chat::cut(text, max, tail, chat::plain)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn mentions_split_at_100_users_or_2000_characters_and_only_ids_pass() {
        let ids: Vec<String> = (0..250).map(|i| format!("{}", 100_000 + i)).collect();
        let messages = mention_messages(&ids);
        assert_eq!(
            messages.iter().map(|(_, u)| u.len()).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        let long: Vec<String> = (0..120)
            .map(|i| format!("{}", 110_000_000_000_000_000u64 + i))
            .collect();
        let messages = mention_messages(&long);
        assert!(
            messages
                .iter()
                .all(|(c, _)| c.chars().count() <= limits::CONTENT)
        );
        assert_eq!(messages.iter().map(|(_, u)| u.len()).sum::<usize>(), 120);
        let hostile = ["everyone".to_owned(), "&123".to_owned(), "42".to_owned()];
        assert_eq!(
            mention_messages(&hostile),
            [("<@42>".to_owned(), vec!["42".to_owned()])]
        );
    }

    #[test]
    fn buttons_become_one_row_with_ids_and_a_link() {
        let mut reply = Reply::new("Next meetup");
        reply.actions = vec![
            Action::Rsvp {
                meetup: "m1".into(),
                going: true,
            },
            Action::Rsvp {
                meetup: "m1".into(),
                going: false,
            },
            Action::Link {
                label: "Register on meetup.com".into(),
                url: "https://www.meetup.com/x".into(),
            },
            Action::Link {
                label: "bad".into(),
                url: "javascript:alert(1)".into(),
            },
        ];
        let json = serde_json::to_value(message(&reply)).unwrap();
        let row = &json["data"]["components"][0];
        assert_eq!(row["type"], 1);
        let buttons = row["components"].as_array().unwrap();
        assert_eq!(buttons.len(), 3, "{row}");
        assert_eq!(buttons[0]["custom_id"], "rsvp:going:m1");
        assert_eq!(buttons[0]["style"], 3);
        assert_eq!(buttons[1]["label"], "Not going");
        assert_eq!(buttons[2]["style"], 5);
        assert_eq!(buttons[2]["url"], "https://www.meetup.com/x");
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
