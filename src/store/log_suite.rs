//! The delivery log's test suite, written against the trait: every backend runs each of these
//! functions on a fresh, empty store (SQLite in `sqlite_tests.rs`, PostgreSQL in
//! `postgres_tests.rs`). `open` may be called more than once: each call opens the same store
//! again, as a restart or a second replica would.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};

use super::{DeliveryLog, RetryPolicy, State, StoreError};

/// Opens the suite's store (again) with a retry policy.
pub type Opener<'a> = dyn Fn(RetryPolicy) -> Box<dyn DeliveryLog> + 'a;

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_553_700_000, 0).unwrap() + TimeDelta::minutes(minutes)
}

const ID: &str = "2019-04-03/reminder/7d/discord:123";

pub fn a_claim_is_granted_once_even_to_two_processes(open: &Opener) {
    let (a, b) = (open(RetryPolicy::default()), open(RetryPolicy::default()));
    assert!(a.claim(ID, t(0)).unwrap());
    assert!(!a.claim(ID, t(0)).unwrap());
    assert!(!b.claim(ID, t(0)).unwrap());
    b.mark_sent(ID, t(1), None).unwrap();
    assert_eq!(a.state(ID).unwrap().unwrap().state, State::Sent);
    assert!(!b.claim(ID, t(600)).unwrap());
}

pub fn permanent_failure_is_never_retried(open: &Opener) {
    let log = open(RetryPolicy::default());
    assert!(log.claim(ID, t(0)).unwrap());
    log.mark_failed(ID, t(0), "403 Missing Access", true)
        .unwrap();
    for later in [1, 60, 60 * 24 * 30] {
        assert!(
            !log.claim(ID, t(later)).unwrap(),
            "claimed {later} min later"
        );
    }
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!(record.state, State::FailedPermanently);
    assert_eq!(record.attempts, 1);
    assert_eq!(record.last_error.as_deref(), Some("403 Missing Access"));
    // Too late now: a final row stays as it is.
    assert!(
        !log.mark_skipped(ID, t(2), "the meetup had already started")
            .unwrap()
    );
}

pub fn transient_failures_are_retried_with_growing_delays_until_attempts_run_out(open: &Opener) {
    let retry = RetryPolicy {
        max_attempts: 3,
        first_delay: TimeDelta::minutes(1),
    };
    let log = open(retry);
    // (minute, claim granted?, then fail): 1 min after the first failure, 2 after the second.
    let steps = [
        (0, true),
        (0, false),
        (1, true),
        (2, false),
        (3, true),
        (100, false),
    ];
    let mut attempts = 0;
    for (minute, granted) in steps {
        assert_eq!(
            log.claim(ID, t(minute)).unwrap(),
            granted,
            "claim at minute {minute}"
        );
        if granted {
            attempts += 1;
            log.mark_failed(ID, t(minute), "502 Bad Gateway", false)
                .unwrap();
        }
        assert_eq!(log.state(ID).unwrap().unwrap().attempts, attempts);
    }
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!(
        (record.state, record.attempts),
        (State::FailedPermanently, 3)
    );
    assert_eq!(record.last_error.as_deref(), Some("502 Bad Gateway"));
}

pub fn a_send_left_in_sending_by_a_crash_becomes_unknown_and_is_not_resent(open: &Opener) {
    {
        let log = open(RetryPolicy::default());
        assert!(log.claim(ID, t(0)).unwrap());
        // The process dies here, during the HTTP call.
    }
    let log = open(RetryPolicy::default());
    let lease = TimeDelta::minutes(5);
    assert!(
        log.in_doubt(t(1), lease).unwrap().is_empty(),
        "may still be sending"
    );
    let doubtful: Vec<String> = log
        .in_doubt(t(10), lease)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(doubtful, [ID]);
    assert!(log.mark_unknown(ID, t(10)).unwrap());
    assert!(!log.mark_unknown(ID, t(10)).unwrap());
    assert!(log.in_doubt(t(20), lease).unwrap().is_empty());
    assert!(
        !log.claim(ID, t(20)).unwrap(),
        "at most once: an unknown send is not repeated"
    );
    assert_eq!(log.state(ID).unwrap().unwrap().state, State::Unknown);
    // A send that was only slow still reports its message.
    log.mark_sent(ID, t(21), Some("42")).unwrap();
    assert_eq!(log.state(ID).unwrap().unwrap().state, State::Sent);
}

pub fn skipped_is_recorded_once_and_never_over_a_send(open: &Opener) {
    let log = open(RetryPolicy::default());
    assert!(log.mark_skipped(ID, t(0), "7h late").unwrap());
    assert!(!log.mark_skipped(ID, t(1), "again").unwrap());
    let record = log.state(ID).unwrap().unwrap();
    assert_eq!((record.state, record.attempts), (State::Skipped, 0));
    assert_eq!(record.reason.as_deref(), Some("7h late"));
    assert!(!log.claim(ID, t(2)).unwrap());
    // A transient failure that runs out of time ends as skipped.
    let other = "2019-04-03/reminder/1d/discord:123";
    assert!(log.claim(other, t(0)).unwrap());
    log.mark_failed(other, t(0), "timeout", false).unwrap();
    assert!(
        log.mark_skipped(other, t(600), "the meetup had already started")
            .unwrap()
    );
    let record = log.state(other).unwrap().unwrap();
    assert_eq!((record.state, record.attempts), (State::Skipped, 1));
    assert_eq!(record.last_error.as_deref(), Some("timeout"));
}

pub fn marking_an_unclaimed_announcement_is_an_error_naming_it(open: &Opener) {
    let log = open(RetryPolicy::default());
    let err = log.mark_sent(ID, t(0), None).unwrap_err();
    assert!(matches!(err, StoreError::NotClaimed { .. }), "{err:?}");
    assert!(
        err.to_string().contains(ID) && err.to_string().contains("not in the log"),
        "{err}"
    );
    log.mark_skipped(ID, t(0), "late").unwrap();
    let err = log.mark_failed(ID, t(0), "x", false).unwrap_err();
    assert!(err.to_string().contains("it is skipped"), "{err}");
}

pub fn known_roundups_are_the_baseline_and_every_noted_roundup(open: &Opener) {
    let log = open(RetryPolicy::default());
    log.ensure_baseline(
        &BTreeSet::from(["2018-11".to_owned(), "2019-03".to_owned()]),
        t(0),
    )
    .unwrap();
    assert!(log.claim("2019-04-03/roundup/discord:1", t(1)).unwrap());
    log.mark_skipped("2019-05-01/roundup/slack:C1", t(1), "too old")
        .unwrap();
    assert!(log.claim(ID, t(1)).unwrap());
    let known = log.known_roundups().unwrap();
    assert_eq!(
        known.baseline,
        BTreeSet::from(["2018-11".to_owned(), "2019-03".to_owned()])
    );
    assert_eq!(
        known.noted,
        BTreeSet::from(["2019-04-03".to_owned(), "2019-05-01".to_owned()])
    );
}

/// Runs every function of the suite, each on a store `fresh(name)` makes; the opener it
/// returns opens that same store each time it is called.
pub fn run_all<'a>(fresh: impl Fn(&str) -> Box<Opener<'a>>) {
    a_claim_is_granted_once_even_to_two_processes(&fresh("claim"));
    permanent_failure_is_never_retried(&fresh("permanent"));
    transient_failures_are_retried_with_growing_delays_until_attempts_run_out(&fresh("transient"));
    a_send_left_in_sending_by_a_crash_becomes_unknown_and_is_not_resent(&fresh("in-doubt"));
    skipped_is_recorded_once_and_never_over_a_send(&fresh("skip"));
    marking_an_unclaimed_announcement_is_an_error_naming_it(&fresh("unclaimed"));
    known_roundups_are_the_baseline_and_every_noted_roundup(&fresh("known"));
    the_baseline_is_taken_once(&fresh("baseline"));
}

/// The first start records the roundups present; every later start, or a second replica, finds
/// it taken and changes nothing.
pub fn the_baseline_is_taken_once(open: &Opener) {
    let (a, b) = (open(RetryPolicy::default()), open(RetryPolicy::default()));
    assert!(
        a.ensure_baseline(&BTreeSet::from(["2019-03".to_owned()]), t(0))
            .unwrap()
    );
    assert!(
        !b.ensure_baseline(&BTreeSet::from(["2019-04".to_owned()]), t(1))
            .unwrap()
    );
    let known = b.known_roundups().unwrap();
    assert!(known.baseline_taken);
    assert_eq!(known.baseline, BTreeSet::from(["2019-03".to_owned()]));
}
