//! Discord over loopback (being written).
