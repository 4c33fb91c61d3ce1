//! Discord scheduled events: with `[discord] scheduled_events = true` and `guild_id`, each
//! upcoming meetup becomes an external guild scheduled event (venue, start, end, the RSVP link
//! in its description), updated when the meetup changes or moves and deleted when it is
//! removed, each change exactly once through the announcements' delivery log. The members who
//! marked "Interested" there without answering with the buttons are counted for the app.
//!
//! Log ids: `scheduled/{meetup id}/{fingerprint}` for a create or an update (the fingerprint is
//! of what was sent, so the same content is never sent twice), `scheduled/{meetup id}/delete`;
//! the created event's id is the row's `platform_message_id`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serenity::all::{
    CreateScheduledEvent, EditScheduledEvent, GuildId, Http, ScheduledEventId, ScheduledEventType,
    Timestamp,
};

use crate::announce::State;
use crate::announce::schedule::start_of;
use crate::announcer::PostError;
use crate::app::App;
use crate::archive::Archive;
use crate::corpus::Kind;
use crate::store::{DeliveryLog, Record};

/// One meetup as a scheduled event should show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Desired {
    pub meetup: String,
    pub name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub location: String,
    pub description: String,
}

impl Desired {
    /// A short digest of every field sent, FNV-1a: the same content has the same id.
    fn fingerprint(&self) -> String {
        let text = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            self.name, self.start, self.end, self.location, self.description
        );
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("{hash:016x}")
    }
}

/// The upcoming meetups (with a day, not started at `now`) as scheduled events. Names are cut
/// to Discord's 100 characters, descriptions to 1,000.
pub fn desired(archive: &Archive, now: DateTime<Utc>) -> Vec<Desired> {
    let community = &archive.corpus.community;
    archive
        .corpus
        .events
        .iter()
        .filter(|e| e.kind == Kind::Meetup && !e.id.is_empty())
        .filter_map(|event| {
            let (_, start) = start_of(event, community)?;
            (start > now).then(|| {
                let mut description = Vec::new();
                if !event.announced_companies.is_empty() {
                    description.push(format!(
                        "Speakers from {}",
                        event.announced_companies.join(", ")
                    ));
                }
                if let Some(url) = &event.rsvp_url {
                    description.push(format!("RSVP: {url}"));
                }
                let name = if event.title.trim().is_empty() {
                    community.name.clone()
                } else {
                    event.title.clone()
                };
                Desired {
                    meetup: event.id.clone(),
                    name: super::render::cut(&name, 100, "…"),
                    start,
                    end: start + community.duration,
                    location: super::render::cut(
                        event
                            .venue
                            .as_deref()
                            .or(community.venue.as_deref())
                            .unwrap_or("To be announced"),
                        100,
                        "…",
                    ),
                    description: super::render::cut(&description.join("\n"), 1000, "…"),
                }
            })
        })
        .collect()
}

/// One change to make in Discord.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Create {
        id: String,
        event: Desired,
    },
    Update {
        id: String,
        event_id: u64,
        event: Desired,
    },
    Delete {
        id: String,
        event_id: u64,
    },
}

/// The changes due, from what should exist, every meetup id the corpus still has, and the
/// log's rows. A meetup whose create is in doubt (emcee died mid-send) is left alone: at most
/// once. A past meetup is left as it is; only a removed one is deleted.
pub fn plan(desired: &[Desired], known: &HashSet<&str>, records: &[Record]) -> Vec<Op> {
    let mut by_meetup: HashMap<&str, Vec<&Record>> = HashMap::new();
    for record in records {
        if let Some(rest) = record.id.strip_prefix("scheduled/")
            && let Some((meetup, _)) = rest.rsplit_once('/')
        {
            by_meetup.entry(meetup).or_default().push(record);
        }
    }
    let event_id = |rows: &[&Record]| -> Option<u64> {
        rows.iter()
            .filter(|r| r.state == State::Sent && !r.id.ends_with("/delete"))
            .min_by_key(|r| r.created_at)
            .and_then(|r| r.platform_message_id.as_deref()?.parse().ok())
    };
    let mut ops = Vec::new();
    for event in desired {
        let rows = by_meetup
            .get(event.meetup.as_str())
            .cloned()
            .unwrap_or_default();
        let id = format!("scheduled/{}/{}", event.meetup, event.fingerprint());
        if rows.iter().any(|r| r.id.ends_with("/delete")) {
            continue;
        }
        match event_id(&rows) {
            Some(event_id) => {
                if !rows.iter().any(|r| r.id == id && r.state == State::Sent) {
                    ops.push(Op::Update {
                        id,
                        event_id,
                        event: event.clone(),
                    });
                }
            }
            None => {
                let in_doubt = rows
                    .iter()
                    .any(|r| matches!(r.state, State::Sending | State::Unknown));
                if !in_doubt {
                    ops.push(Op::Create {
                        id,
                        event: event.clone(),
                    });
                }
            }
        }
    }
    for (meetup, rows) in &by_meetup {
        if known.contains(meetup) {
            continue;
        }
        if let Some(event_id) = event_id(rows) {
            ops.push(Op::Delete {
                id: format!("scheduled/{meetup}/delete"),
                event_id,
            });
        }
    }
    ops.sort_by(|a, b| op_id(a).cmp(op_id(b)));
    ops
}

fn op_id(op: &Op) -> &str {
    match op {
        Op::Create { id, .. } | Op::Update { id, .. } | Op::Delete { id, .. } => id,
    }
}

fn timestamp(t: DateTime<Utc>) -> Result<Timestamp, PostError> {
    Timestamp::from_unix_timestamp(t.timestamp())
        .map_err(|_| PostError::Permanent(format!("{t} is not a time Discord takes")))
}

/// Makes one change; the scheduled event's id.
async fn apply(http: &Http, guild: GuildId, op: &Op) -> Result<Option<String>, PostError> {
    let result = match op {
        Op::Create { event, .. } => {
            let builder = CreateScheduledEvent::new(
                ScheduledEventType::External,
                &event.name,
                timestamp(event.start)?,
            )
            .end_time(timestamp(event.end)?)
            .location(&event.location)
            .description(&event.description);
            guild
                .create_scheduled_event(http, builder)
                .await
                .map(|e| Some(e.id.to_string()))
        }
        Op::Update {
            event_id, event, ..
        } => {
            let builder = EditScheduledEvent::new()
                .name(&event.name)
                .start_time(timestamp(event.start)?)
                .end_time(timestamp(event.end)?)
                .location(&event.location)
                .description(&event.description);
            guild
                .edit_scheduled_event(http, ScheduledEventId::new(*event_id), builder)
                .await
                .map(|e| Some(e.id.to_string()))
        }
        Op::Delete { event_id, .. } => guild
            .delete_scheduled_event(http, ScheduledEventId::new(*event_id))
            .await
            .map(|()| Some(event_id.to_string())),
    };
    result.map_err(super::post::discord_error)
}

/// One sync: the changes due, each claimed in the log before it is made, then the
/// "Interested" counts of the meetups' events for the app. Returns the ids of what was done.
pub async fn sync(
    app: &App,
    http: &Http,
    guild: GuildId,
    log: &dyn DeliveryLog,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let archive = app.archive();
    let desired = desired(&archive, now);
    let known: HashSet<&str> = archive
        .corpus
        .events
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    let records = log.status()?;
    let mut done = Vec::new();
    for op in plan(&desired, &known, &records) {
        let id = op_id(&op).to_owned();
        if !log.claim(&id, now)? {
            continue;
        }
        match apply(http, guild, &op).await {
            Ok(event_id) => {
                log.mark_sent(&id, now, event_id.as_deref())?;
                tracing::info!(id, "Discord scheduled event synced");
                done.push(id);
            }
            Err(err) => {
                tracing::error!(id, "could not sync a Discord scheduled event: {err}");
                log.mark_failed(&id, now, &err.to_string(), err.is_permanent())?;
            }
        }
    }
    interested(app, &archive, http, guild, log, &desired).await?;
    Ok(done)
}

/// Counts, for each upcoming meetup's event, the members interested there who did not answer
/// with the buttons (the first 100 Discord lists), and hands them to the app.
async fn interested(
    app: &App,
    archive: &Archive,
    http: &Http,
    guild: GuildId,
    log: &dyn DeliveryLog,
    desired: &[Desired],
) -> anyhow::Result<()> {
    let records = log.status()?;
    let mut counts = HashMap::new();
    for event in desired {
        let event_id = records
            .iter()
            .filter(|r| {
                r.state == State::Sent
                    && r.id.starts_with(&format!("scheduled/{}/", event.meetup))
                    && !r.id.ends_with("/delete")
            })
            .min_by_key(|r| r.created_at)
            .and_then(|r| r.platform_message_id.as_deref()?.parse::<u64>().ok());
        let Some(event_id) = event_id else {
            continue;
        };
        let users = match http
            .get_scheduled_event_users(
                guild,
                ScheduledEventId::new(event_id),
                Some(100),
                None,
                None,
            )
            .await
        {
            Ok(users) => users,
            Err(err) => {
                tracing::warn!("could not read who is interested in a scheduled event: {err}");
                continue;
            }
        };
        let answered: HashSet<String> = app
            .book(archive)
            .and_then(|book| crate::rsvp::Book::rsvps(&book, &event.meetup).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.source == crate::rsvp::Source::Discord)
            .map(|r| r.user_id)
            .collect();
        let others = users
            .iter()
            .filter(|u| !answered.contains(&u.user.id.to_string()))
            .count();
        counts.insert(event.meetup.clone(), others as u32);
    }
    app.set_interested(counts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desired(meetup: &str, name: &str) -> Desired {
        let start = DateTime::from_timestamp(4_080_000_000, 0).unwrap();
        Desired {
            meetup: meetup.to_owned(),
            name: name.to_owned(),
            start,
            end: start + chrono::TimeDelta::hours(3),
            location: "Hall".to_owned(),
            description: String::new(),
        }
    }

    fn record(id: &str, state: State, event: Option<&str>) -> Record {
        let at = DateTime::from_timestamp(1_554_000_000, 0).unwrap();
        Record {
            id: id.to_owned(),
            state,
            attempts: 1,
            created_at: at,
            updated_at: at,
            last_error: None,
            platform_message_id: event.map(str::to_owned),
            reason: None,
        }
    }

    #[test]
    fn create_once_then_update_on_change_and_delete_when_removed() {
        let first = desired("m1", "April");
        let known = HashSet::from(["m1"]);
        let ops = plan(std::slice::from_ref(&first), &known, &[]);
        let [Op::Create { id, .. }] = &ops[..] else {
            panic!("{ops:?}")
        };
        let created = record(id, State::Sent, Some("8001"));
        assert_eq!(
            plan(
                std::slice::from_ref(&first),
                &known,
                std::slice::from_ref(&created)
            ),
            []
        );
        let moved = desired("m1", "April, moved");
        let ops = plan(
            std::slice::from_ref(&moved),
            &known,
            std::slice::from_ref(&created),
        );
        assert!(
            matches!(&ops[..], [Op::Update { event_id: 8001, .. }]),
            "{ops:?}"
        );
        let ops = plan(&[], &HashSet::new(), std::slice::from_ref(&created));
        assert_eq!(
            ops,
            [Op::Delete {
                id: "scheduled/m1/delete".to_owned(),
                event_id: 8001
            }]
        );
        // A past meetup still in the corpus keeps its event.
        assert_eq!(plan(&[], &known, &[created]), []);
    }

    #[test]
    fn a_create_in_doubt_is_never_made_again() {
        let event = desired("m1", "April");
        let known = HashSet::from(["m1"]);
        let doubt = record("scheduled/m1/0000000000000000", State::Unknown, None);
        assert_eq!(plan(&[event], &known, &[doubt]), []);
    }
}
