//! emcee: the master of ceremonies of a meetup community. It reads the community's blog into a
//! [`corpus::Corpus`] and answers questions about it in chat.

pub mod corpus;
