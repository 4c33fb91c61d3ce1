//! A time budget per post, as a safety net: reading one file may take at most
//! [`super::LoadOptions::post_budget`] (10 s by default), so no single file can stall a load or
//! a reload. The reader checks the deadline cooperatively in its loops ([`check`]: per block,
//! per paragraph, per sentence); past it, the read unwinds to the loader, which skips that post
//! with a warning naming it, and the rest of the corpus loads. Nothing is left running: a thread
//! killed from outside could not be, and one left alone would keep burning a core.
//!
//! Extraction is linear in the input, so the budget is never met by a real post; it guards
//! against a path nobody has found yet.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    /// The deadline of the read in progress on this thread, if any.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Checks since the clock was last read.
    static TICKS: Cell<u32> = const { Cell::new(0) };
}

/// The clock is read on one check in this many, so that a check in a tight loop costs a
/// counter increment.
const EVERY: u32 = 64;

/// The unwind payload of a read past its deadline.
pub struct OverBudget;

/// Runs `read` with `budget` from now as this thread's deadline, restoring the one before.
/// A read past it unwinds with [`OverBudget`], for the caller's `catch_unwind` to find.
pub fn with_deadline<T>(budget: Duration, read: impl FnOnce() -> T) -> T {
    struct Restore(Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let deadline = Instant::now().checked_add(budget);
    let _restore = Restore(DEADLINE.with(|d| d.replace(deadline)));
    read()
}

/// Gives up on the read in progress when its deadline has passed (noticed within [`EVERY`]
/// checks). Unwinds with [`std::panic::resume_unwind`], which runs no panic hook: nothing is printed,
/// and the loader turns it into a warning.
pub fn check() {
    let ticks = TICKS.with(|t| {
        let n = t.get().wrapping_add(1);
        t.set(n);
        n
    });
    if !ticks.is_multiple_of(EVERY) {
        return;
    }
    if let Some(deadline) = DEADLINE.with(Cell::get)
        && Instant::now() >= deadline
    {
        DEADLINE.with(|d| d.set(None));
        std::panic::resume_unwind(Box::new(OverBudget));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_past_its_deadline_unwinds_with_over_budget_and_the_deadline_is_restored() {
        let caught = std::panic::catch_unwind(|| {
            with_deadline(Duration::ZERO, || {
                for _ in 0..EVERY {
                    check();
                }
                "finished"
            })
        });
        let payload = caught.expect_err("the read is stopped");
        assert!(payload.is::<OverBudget>());
        assert_eq!(DEADLINE.with(Cell::get), None);
        // Without a deadline, or within one, a check is nothing.
        check();
        let done = with_deadline(Duration::from_secs(3600), || {
            check();
            "finished"
        });
        assert_eq!(done, "finished");
    }
}
