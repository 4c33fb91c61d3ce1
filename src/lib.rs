//! emcee: the master of ceremonies of a meetup community. It reads the community's blog into a
//! [`corpus::Corpus`], makes it searchable as an [`archive::Archive`], and answers commands
//! through [`router::answer`] with a platform-neutral [`reply::Reply`]. ARCHITECTURE.md draws
//! the layers: the core (corpus … announce) imports nothing above it.

// The core: what the community's blog says, and how a command or an announcement is answered.
pub mod announce;
pub mod archive;
pub mod calendar;
pub mod commands;
pub mod corpus;
pub mod reply;
pub mod router;
pub mod rsvp;
pub mod search;
pub mod synth;

// The service around it: configuration, shared state, the store, the runtime.
pub mod announcer;
pub mod app;
pub mod config;
pub mod metrics;
pub mod store;
pub mod watch;

// The platforms, what they share, and the server that composes everything.
pub mod chat;
pub mod discord;
pub mod http_limits;
pub mod leader;
pub mod logs;
pub mod server;
pub mod slack;
