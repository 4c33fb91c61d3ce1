//! emcee: the master of ceremonies of a meetup community. It reads the community's blog into a
//! [`corpus::Corpus`], makes it searchable as an [`archive::Archive`], and answers commands
//! through [`router::answer`] with a platform-neutral [`reply::Reply`].

pub mod announce;
pub mod archive;
pub mod calendar;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod discord;
pub mod metrics;
pub mod reply;
pub mod router;
pub mod search;
pub mod server;
pub mod slack;
pub mod synth;
pub mod watch;
