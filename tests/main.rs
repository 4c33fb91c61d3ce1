//! emcee's integration tests, one binary. They read the real posts in ../shared.
//!
//! - `seeds`: exact expectations for the five seed posts, and `data/` agreeing with them.
//! - `dev_corpus`: exact talks of roundups from the development corpus, and the whole folder.
//! - `bad_input`: every kind of broken file is a warning with file and line; the rest loads.
//! - `proptest_loader`: mutated seed posts never make the loader panic.
//! - `ask`: ranking tables, command specs, reply snapshots and bad input for the router.
//! - `quality`: the first answer (or "no match") for names and words over the development
//!   corpus, paging and honest counts.
//! - `cli`: `emcee check` and `emcee ask` as a user runs them.
//! - `first_hour`: `init` over every real blog, community.toml problems, folders with no posts.
//! - `discord`: the interactions endpoint with real Ed25519 signatures, and the gateway against
//!   local fakes of Discord's REST API and gateway.
//! - `slack`: slash commands with real v0 signatures, Block Kit replies, and Socket Mode against
//!   local fakes of Slack's Web API and socket.
//! - `fuzz_regressions`: the inputs the fuzzers found crashes with, each run as its target runs it.
//! - `http_limits`: body caps, header and body timeouts and the cap on answers in flight.
//! - `service`: readiness, metrics, the calendar feed and logs without secrets.
//! - `announce`: reminders and roundup notes posted once to fake Discord and Slack APIs,
//!   through retries, restarts, a killed process, clock changes and a live data dir.
//! - `rsvp`: Going / Not going on Discord and Slack over loopback, one count, restarts, the
//!   waitlist and the reminder that mentions those going.
//! - `replicas`: two and three `emcee serve` on one PostgreSQL database: one leader, each
//!   reminder once, a killed leader replaced within 30 s, 1,000 clicks kept as 1,000 RSVPs.
//! - `learned`: the learned extraction on the labelled blogs: the shipped model is what training
//!   writes, two corrected posts teach a blog, `emcee correct` writes a correction that reads back.
//! - `replay`: the data dir as it stood on a day, `/next-meetup` asked that day: every
//!   labelled next meetup, no twin of a labelled meetup, synthetic blogs.
//! - `layers`: the import graph of `src/` has no cycle and the core imports nothing above it.
//! - `fakes`: local fakes of Discord's REST API and Slack's Web API.
//! - `watch_symlink`: a data dir that is a symlink swapped as git-sync swaps it reloads once
//!   per swap and follows each new target.
//! - `support`: the app over `data/` and the server on loopback, for the transport tests.

mod announce;
mod ask;
mod bad_input;
mod cli;
mod dev_corpus;
mod discord;
mod fakes;
mod first_hour;
mod fuzz_regressions;
mod http_limits;
mod layers;
mod learned;
mod proptest_loader;
mod quality;
mod replay;
mod replicas;
mod rsvp;
mod seeds;
mod service;
mod slack;
mod support;
mod watch_symlink;
