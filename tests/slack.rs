//! Slack over loopback (being written).
