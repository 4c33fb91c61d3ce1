//! The RSVP store's test suite, written against the trait: every backend runs each of these
//! functions on a fresh, empty store (SQLite in `sqlite_tests.rs`; PostgreSQL the same way).

use chrono::{DateTime, TimeDelta, Utc};

use super::RsvpStore;
use crate::rsvp::{Member, Source};

fn t(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_554_000_000, 0).unwrap() + TimeDelta::seconds(seconds)
}

fn ada() -> Member {
    Member::new(Source::Discord, "1100", "Ada")
}

fn bo() -> Member {
    Member::new(Source::Slack, "U02", "Bo")
}

/// Going twice keeps one row and the first place; not going removes it; the order is the
/// order of the clicks, across platforms.
pub fn going_is_idempotent_and_in_click_order(store: &dyn RsvpStore) {
    assert!(store.set_going("cnl", "m1", &ada(), t(0)).unwrap());
    assert!(store.set_going("cnl", "m1", &bo(), t(1)).unwrap());
    let mut renamed = ada();
    renamed.name = "Ada L.".to_owned();
    assert!(!store.set_going("cnl", "m1", &renamed, t(5)).unwrap());
    let rows = store.rsvps("cnl", "m1").unwrap();
    let who: Vec<(&str, &str, DateTime<Utc>)> = rows
        .iter()
        .map(|r| (r.user_id.as_str(), r.name.as_str(), r.at))
        .collect();
    assert_eq!(who, [("1100", "Ada", t(0)), ("U02", "Bo", t(1))]);
    assert_eq!(rows[0].source, Source::Discord);
    assert!(rows.iter().all(|r| r.notify && r.meetup == "m1"));
    assert!(
        store
            .set_not_going("cnl", "m1", Source::Discord, "1100")
            .unwrap()
    );
    assert!(
        !store
            .set_not_going("cnl", "m1", Source::Discord, "1100")
            .unwrap()
    );
    let left: Vec<String> = store
        .rsvps("cnl", "m1")
        .unwrap()
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    assert_eq!(left, ["U02"]);
}

/// The same user id on two platforms, two meetups and two communities are six answers.
pub fn keys_are_community_meetup_platform_and_user(store: &dyn RsvpStore) {
    let slack_twin = Member::new(Source::Slack, "1100", "Ada on Slack");
    for community in ["cnl", "other"] {
        for meetup in ["m1", "m2"] {
            store.set_going(community, meetup, &ada(), t(0)).unwrap();
            store
                .set_going(community, meetup, &slack_twin, t(1))
                .unwrap();
        }
    }
    assert_eq!(store.rsvps("cnl", "m1").unwrap().len(), 2);
    assert_eq!(store.all_rsvps("cnl").unwrap().len(), 4);
    let metups: Vec<String> = store
        .all_rsvps("cnl")
        .unwrap()
        .into_iter()
        .map(|r| r.meetup)
        .collect();
    assert_eq!(metups, ["m1", "m1", "m2", "m2"]);
    // Forgetting one platform's user leaves the other platform's namesake.
    assert_eq!(store.forget(Source::Discord, "1100").unwrap(), 4);
    assert!(
        store
            .all_rsvps("other")
            .unwrap()
            .iter()
            .all(|r| r.source == Source::Slack)
    );
    assert_eq!(store.forget(Source::Discord, "1100").unwrap(), 0);
}

/// `notify off` is kept on the member's row and only there.
pub fn notify_is_per_member_and_meetup(store: &dyn RsvpStore) {
    store.set_going("cnl", "m1", &ada(), t(0)).unwrap();
    store.set_going("cnl", "m1", &bo(), t(1)).unwrap();
    assert!(
        store
            .set_notify("cnl", "m1", Source::Discord, "1100", false)
            .unwrap()
    );
    assert!(
        !store
            .set_notify("cnl", "m2", Source::Discord, "1100", false)
            .unwrap(),
        "no row for m2"
    );
    let notify: Vec<bool> = store
        .rsvps("cnl", "m1")
        .unwrap()
        .iter()
        .map(|r| r.notify)
        .collect();
    assert_eq!(notify, [false, true]);
}

/// Runs every function of the suite, each on a store `fresh` makes.
pub fn run_all(fresh: impl Fn(&str) -> Box<dyn RsvpStore>) {
    going_is_idempotent_and_in_click_order(fresh("order").as_ref());
    keys_are_community_meetup_platform_and_user(fresh("keys").as_ref());
    notify_is_per_member_and_meetup(fresh("notify").as_ref());
}
