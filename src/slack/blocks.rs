//! Block Kit from the neutral `Reply`, within Slack's limits: the title as a header, the
//! description and each field as sections (inline fields side by side), "did you mean" as a
//! section, the footer as context and the link as a button. Every piece of text is escaped, so
//! `<!channel>` typed into a query reaches the channel as text and notifies nobody.
//!
//! `Reply { title: "Deployments with Kapitan", fields: [Speakers: "Alessandro De Maria (…)"] }` →
//! `{"text":"Deployments with Kapitan","blocks":[{"type":"header",…},{"type":"section","text":
//! {"type":"mrkdwn","text":"*Speakers*\nAlessandro De Maria (…)"}}],"response_type":"in_channel"}`.

use slack_morphism::prelude::*;

use crate::chat;
use crate::reply::{Action, Field, Reply};
use crate::rsvp::COUNT_FIELD;

/// The block that carries the RSVP count, found by this id to update a clicked message.
pub const COUNT_BLOCK: &str = "emcee_rsvp_count";

/// Slack's limits on one message's blocks [Block Kit reference; python-slack-sdk blocks.py].
pub mod limits {
    pub const BLOCKS: usize = 50;
    pub const HEADER: usize = 150;
    pub const SECTION_TEXT: usize = 3000;
    pub const SECTION_FIELDS: usize = 10;
    pub const FIELD: usize = 2000;
    /// A context block's mrkdwn element (a text object).
    pub const CONTEXT_TEXT: usize = 3000;
    pub const BUTTON_TEXT: usize = 75;
    pub const BUTTON_URL: usize = 3000;
    /// Elements of one actions block.
    pub const ACTIONS: usize = 25;
    /// The message's `text` fallback, used in notifications; Slack advises at most 4,000.
    pub const TEXT: usize = 3000;
}

/// Slack's three control characters as entities, and nothing else: `<!here>` → `&lt;!here&gt;`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        escape_char(c, &mut out);
    }
    out
}

fn escape_char(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        c => out.push(c),
    }
}

/// The answer to a slash command: blocks and a plain fallback; shown to the channel unless the
/// reply is private (errors, help, no match).
pub fn response(reply: &Reply) -> SlackCommandEventResponse {
    let content = SlackMessageContent::new()
        .with_text(fallback(reply))
        .with_blocks(blocks(reply));
    let visibility = if reply.ephemeral {
        SlackMessageResponseType::Ephemeral
    } else {
        SlackMessageResponseType::InChannel
    };
    SlackCommandEventResponse::new(content).with_response_type(visibility)
}

/// The reply's blocks, at most 50. Fields that do not fit are dropped from the end, and a last
/// section says so (with the link when there is one).
pub fn blocks(reply: &Reply) -> Vec<SlackBlock> {
    let link = reply.web_link();
    let more = match link {
        Some(link) => format!("… <{}|more>", escape(link)),
        None => "…".to_owned(),
    };
    let title = if reply.title.trim().is_empty() {
        "emcee"
    } else {
        &reply.title
    };
    let mut head = vec![SlackBlock::from(SlackHeaderBlock::new(
        SlackBlockPlainText::new(cut(title, limits::HEADER, "…")).into(),
    ))];
    if let Some(mentions) = mentions(&reply.mentions) {
        head.push(section(mentions));
    }
    if !reply.description.trim().is_empty() {
        head.push(section(cut(
            &reply.description,
            limits::SECTION_TEXT,
            &more,
        )));
    }
    let mut tail = Vec::new();
    if !reply.suggestions.is_empty() {
        let suggestions = cut(
            &reply.suggestions.join(", "),
            limits::SECTION_TEXT - "*Did you mean* ".len(),
            "…",
        );
        tail.push(section(format!("*Did you mean* {suggestions}")));
    }
    if let Some(footer) = reply.footer.as_deref().filter(|f| !f.trim().is_empty()) {
        let text = cut(footer, limits::CONTEXT_TEXT, "…");
        tail.push(SlackContextBlock::new(vec![SlackBlockMarkDownText::new(text).into()]).into());
    }
    let mut buttons: Vec<SlackActionBlockElement> = reply
        .actions
        .iter()
        .filter_map(action_button)
        .take(limits::ACTIONS)
        .collect();
    let linked = reply
        .actions
        .iter()
        .any(|a| matches!(a, Action::Link { .. }));
    if !linked && let Some(button) = link.and_then(|l| button(l, None)) {
        buttons.push(button);
    }
    if !buttons.is_empty() {
        tail.push(SlackActionsBlock::new(buttons).into());
    }
    let room = limits::BLOCKS - head.len() - tail.len();
    let mut body = field_blocks(&reply.fields);
    if body.len() > room {
        body.truncate(room - 1);
        body.push(section(more));
    }
    head.extend(body);
    head.extend(tail);
    head
}

/// Sections for the fields: each field on its own full-width section, and runs of inline fields
/// side by side, ten to a section.
fn field_blocks(fields: &[Field]) -> Vec<SlackBlock> {
    let fields: Vec<&Field> = fields
        .iter()
        .filter(|f| !(f.name.trim().is_empty() && f.value.trim().is_empty()))
        .collect();
    let mut blocks = Vec::new();
    let mut at = 0;
    while at < fields.len() {
        if fields[at].inline {
            let run = fields[at..]
                .iter()
                .take_while(|f| f.inline)
                .take(limits::SECTION_FIELDS)
                .map(|f| SlackBlockMarkDownText::new(field_text(f, limits::FIELD)).into())
                .collect::<Vec<SlackBlockText>>();
            at += run.len();
            blocks.push(SlackSectionBlock::new().with_fields(run).into());
        } else {
            let mut block = SlackSectionBlock::new().with_text(
                SlackBlockMarkDownText::new(field_text(fields[at], limits::SECTION_TEXT)).into(),
            );
            if fields[at].name == COUNT_FIELD {
                block = block.with_block_id(COUNT_BLOCK.to_owned().into());
            }
            blocks.push(block.into());
            at += 1;
        }
    }
    blocks
}

/// "*Speakers*\nAlessandro De Maria (DeepMind Health)", escaped and within `max`.
fn field_text(field: &Field, max: usize) -> String {
    let name = cut(field.name.trim(), max / 4, "…");
    if name.is_empty() {
        return cut(&field.value, max, "…");
    }
    let room = max - name.chars().count() - "**\n".len();
    format!("*{name}*\n{}", cut(&field.value, room, "…"))
}

fn section(mrkdwn: String) -> SlackBlock {
    SlackSectionBlock::new()
        .with_text(SlackBlockMarkDownText::new(mrkdwn).into())
        .into()
}

/// `<@U…>` for each Slack user id (capitals and digits only, so nothing else can be written),
/// or `None` when there is none.
pub fn mentions(ids: &[String]) -> Option<String> {
    let mentions: Vec<String> = ids
        .iter()
        .filter(|id| {
            (2..=20).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
        .map(|id| format!("<@{id}>"))
        .collect();
    (!mentions.is_empty()).then(|| cut_mentions(&mentions))
}

/// Whole mentions within a section's text.
fn cut_mentions(mentions: &[String]) -> String {
    let mut text = String::new();
    for mention in mentions {
        if text.len() + mention.len() + 1 > limits::SECTION_TEXT {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(mention);
    }
    text
}

/// A button for one of the reply's actions: Going (primary), Not going, More, or a link. Its
/// `action_id` is the action's id, which a click sends back.
fn action_button(action: &Action) -> Option<SlackActionBlockElement> {
    let text = SlackBlockPlainText::new(cut(action.label(), limits::BUTTON_TEXT, "…"));
    match action {
        Action::Link { label, url } => button(url, Some(label)),
        Action::Rsvp { going, .. } => {
            let id = action.id()?;
            let mut button = SlackBlockButtonElement::new(text.into())
                .with_action_id(id.clone().into())
                .with_value(id);
            if *going {
                button = button.with_style(SlackBlockButtonStyle::Primary);
            }
            Some(button.into())
        }
        Action::More { .. } => {
            let id = action.id()?;
            let button = SlackBlockButtonElement::new(text.into())
                .with_action_id(id.clone().into())
                .with_value(id);
            Some(button.into())
        }
    }
}

/// A link button ("Open meetup.com", or `label`) when the link is a URL Slack accepts.
fn button(link: &str, label: Option<&str>) -> Option<SlackActionBlockElement> {
    if link.chars().count() > limits::BUTTON_URL
        || link.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|'))
    {
        return None;
    }
    // `SlackResponseUrl` wraps the `url` crate's `Url`, which names the type to parse into
    // without a direct dependency on `url`.
    let SlackResponseUrl(url) = SlackResponseUrl(link.parse().ok()?);
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str().unwrap_or("link");
    let label = label.map_or_else(
        || format!("Open {}", host.strip_prefix("www.").unwrap_or(host)),
        str::to_owned,
    );
    let button = SlackBlockButtonElement::new(
        SlackBlockPlainText::new(cut(&label, limits::BUTTON_TEXT, "…")).into(),
    )
    .with_action_id("emcee_open_link".into())
    .with_url(url);
    Some(button.into())
}

/// The plain `text` of the message: title and description, for notifications and clients that
/// show no blocks.
fn fallback(reply: &Reply) -> String {
    let mut text = mentions(&reply.mentions)
        .map(|m| format!("{m}\n"))
        .unwrap_or_default();
    text.push_str(reply.title.trim());
    if !reply.description.trim().is_empty() {
        text.push('\n');
        text.push_str(reply.description.trim());
    }
    if text.is_empty() {
        text.push_str("emcee");
    }
    cut(&text, limits::TEXT, "…")
}

/// `text` escaped and within `max` characters (counted after escaping, as Slack counts them).
/// When cut, it ends with `tail` (already mrkdwn), or "…" when `tail` would take more than
/// half, and breaks at a line or word when one is near. Entities are never split.
pub fn cut(text: &str, max: usize, tail: &str) -> String {
    chat::cut(text, max, tail, escape_char)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn json(reply: &Reply) -> Value {
        serde_json::to_value(response(reply)).unwrap()
    }

    fn chars(value: &Value) -> usize {
        value.as_str().unwrap().chars().count()
    }

    /// Fails unless every block is within Slack's limits.
    fn assert_within_limits(message: &Value) {
        let blocks = message["blocks"].as_array().unwrap();
        assert!(blocks.len() <= limits::BLOCKS, "{} blocks", blocks.len());
        assert!(chars(&message["text"]) <= limits::TEXT);
        for block in blocks {
            match block["type"].as_str().unwrap() {
                "header" => {
                    assert_eq!(block["text"]["type"], "plain_text");
                    assert!(chars(&block["text"]["text"]) <= limits::HEADER, "{block}");
                }
                "section" => {
                    if let Some(text) = block.get("text") {
                        assert!(chars(&text["text"]) <= limits::SECTION_TEXT);
                    }
                    if let Some(fields) = block.get("fields") {
                        let fields = fields.as_array().unwrap();
                        assert!(fields.len() <= limits::SECTION_FIELDS);
                        for field in fields {
                            assert!(chars(&field["text"]) <= limits::FIELD);
                        }
                    }
                }
                "context" => {
                    for element in block["elements"].as_array().unwrap() {
                        assert!(chars(&element["text"]) <= limits::CONTEXT_TEXT);
                    }
                }
                "actions" => {
                    for element in block["elements"].as_array().unwrap() {
                        assert!(chars(&element["text"]["text"]) <= limits::BUTTON_TEXT);
                        assert!(chars(&element["url"]) <= limits::BUTTON_URL);
                    }
                }
                other => panic!("unexpected block {other}"),
            }
        }
    }

    fn field(name: &str, value: &str, inline: bool) -> Field {
        Field {
            name: name.to_owned(),
            value: value.to_owned(),
            inline,
        }
    }

    #[test]
    fn escapes_only_the_three_control_characters() {
        assert_eq!(
            escape("<!channel> & <@U123> *bold* \"q\" 'a'"),
            "&lt;!channel&gt; &amp; &lt;@U123&gt; *bold* \"q\" 'a'"
        );
    }

    #[test]
    fn cut_counts_escaped_characters_and_never_splits_an_entity() {
        let text = "&".repeat(100);
        let cut = cut(&text, 12, "…");
        assert_eq!(cut, "&amp;&amp;…");
        assert_eq!(super::cut("short & sweet", 20, "…"), "short &amp; sweet");
        let words = "word ".repeat(100);
        let cut = super::cut(&words, 60, "… <https://x.example|more>");
        assert!(cut.chars().count() <= 60, "{cut}");
        assert!(cut.ends_with("word… <https://x.example|more>"), "{cut}");
    }

    #[test]
    fn mentions_in_any_part_of_a_reply_are_escaped() {
        let hostile = "<!channel> <!here> <!everyone> <@U123> <#C1> <!subteam^S1>";
        let reply = Reply {
            title: hostile.to_owned(),
            link: Some("https://example.org/?a=1&b=<!channel>".to_owned()),
            description: hostile.to_owned(),
            fields: vec![
                field(hostile, hostile, false),
                field(hostile, hostile, true),
            ],
            footer: Some(hostile.to_owned()),
            suggestions: vec![hostile.to_owned()],
            // Only well-formed user ids become mentions; these are not.
            mentions: vec![
                "!channel".to_owned(),
                "U1> <!here".to_owned(),
                "#C1".to_owned(),
            ],
            actions: vec![Action::Link {
                label: hostile.to_owned(),
                url: "https://example.org/".to_owned(),
            }],
            ..Reply::default()
        };
        let text = serde_json::to_string(&response(&reply)).unwrap();
        for mention in [
            "<!channel>",
            "<!here>",
            "<!everyone>",
            "<@U123>",
            "<#C1>",
            "<!subteam",
        ] {
            assert!(!text.contains(mention), "{mention} in {text}");
        }
        assert!(text.contains("&lt;!channel&gt;"));
        assert!(!text.contains("link_names") && !text.contains("\"parse\""));
        // A link with control characters in it is neither a button nor a `<url|text>`; the
        // one button is the action's, its hostile label escaped.
        assert!(!text.contains("example.org/?a=1"), "{text}");
        assert_eq!(text.matches("\"type\":\"button\"").count(), 1, "{text}");
    }

    #[test]
    fn a_huge_reply_fits_slacks_limits() {
        let long = "Alessandro De Maria & friends <x> ".repeat(400);
        let mut reply = Reply {
            title: long.clone(),
            link: Some("https://cloudnative.london/roundup?a=1&b=2".to_owned()),
            description: long.clone(),
            footer: Some(long.clone()),
            suggestions: vec![long.clone(); 3],
            ..Reply::default()
        };
        for i in 0..120 {
            reply
                .fields
                .push(field(&format!("{i} {long}"), &long, i % 3 != 0));
        }
        let message = json(&reply);
        assert_within_limits(&message);
        let blocks = message["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), limits::BLOCKS);
        assert!(chars(&blocks[0]["text"]["text"]) > limits::HEADER * 3 / 4);
        assert!(blocks[0]["text"]["text"].as_str().unwrap().ends_with('…'));
        // The dropped fields are announced with the link, before the footer and the button.
        let more = &blocks[blocks.len() - 4]["text"]["text"];
        assert_eq!(
            more,
            "… <https://cloudnative.london/roundup?a=1&amp;b=2|more>"
        );
        assert_eq!(blocks[blocks.len() - 1]["type"], "actions");
    }

    #[test]
    fn inline_fields_sit_side_by_side_ten_to_a_section() {
        let mut reply = Reply::new("Sponsors");
        reply.fields.push(field("Venue", "CodeNode", false));
        for i in 0..13 {
            reply
                .fields
                .push(field(&format!("Sponsor {i}"), "1 meetup", true));
        }
        let message = json(&reply);
        assert_within_limits(&message);
        let blocks = message["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 4, "{message}");
        assert_eq!(blocks[1]["text"]["text"], "*Venue*\nCodeNode");
        assert_eq!(blocks[2]["fields"].as_array().unwrap().len(), 10);
        assert_eq!(blocks[3]["fields"].as_array().unwrap().len(), 3);
        assert_eq!(blocks[3]["fields"][2]["text"], "*Sponsor 12*\n1 meetup");
    }

    #[test]
    fn visibility_suggestions_and_link_button() {
        let mut reply = Reply::private("Unknown command", "There is no /tlak command.");
        reply.suggestions = vec!["/talk".to_owned()];
        reply.footer = Some("/help lists every command".to_owned());
        let message = json(&reply);
        assert_eq!(message["response_type"], "ephemeral");
        assert_eq!(message["blocks"][2]["text"]["text"], "*Did you mean* /talk");
        assert_eq!(message["blocks"][3]["type"], "context");

        let mut reply = Reply::new("Next meetup");
        reply.link = Some("https://www.meetup.com/Cloud-Native-London/events/1/".to_owned());
        let message = json(&reply);
        assert_eq!(message["response_type"], "in_channel");
        let button = &message["blocks"][1]["elements"][0];
        assert_eq!(button["type"], "button");
        assert_eq!(button["text"]["text"], "Open meetup.com");
        assert_eq!(
            button["url"],
            "https://www.meetup.com/Cloud-Native-London/events/1/"
        );
    }

    #[test]
    fn an_empty_reply_still_has_a_header_and_text() {
        let message = json(&Reply::default());
        assert_eq!(message["blocks"][0]["text"]["text"], "emcee");
        assert_eq!(message["text"], "emcee");
    }
}
