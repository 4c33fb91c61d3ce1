//! emcee's integration tests, one binary. They read the real posts in ../shared.
//!
//! - `seeds`: exact expectations for the five seed posts, and `data/` agreeing with them.
//! - `dev_corpus`: exact talks of roundups from the development corpus, and the whole folder.
//! - `bad_input`: every kind of broken file is a warning with file and line; the rest loads.
//! - `proptest_loader`: mutated seed posts never make the loader panic.
//! - `ask`: ranking tables, command specs, reply snapshots and bad input for the router.
//! - `cli`: `emcee check` and `emcee ask` as a user runs them.

mod ask;
mod bad_input;
mod cli;
mod dev_corpus;
mod proptest_loader;
mod seeds;
