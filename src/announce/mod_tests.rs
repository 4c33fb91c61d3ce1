//! Unit tests of the announcement types: channels parsed from config text.

use super::*;

#[test]
fn channels_parse_from_config_text() {
    assert_eq!("discord:123".parse(), Ok(Channel::discord("123")));
    assert_eq!(" Slack:C024BE91L ".parse(), Ok(Channel::slack("C024BE91L")));
    assert_eq!(Channel::slack("C1").to_string(), "slack:C1");
    for bad in ["123", "irc:#x", "discord:", "slack:a/b"] {
        let err = bad.parse::<Channel>().unwrap_err();
        assert!(err.contains(bad), "{err}");
    }
}
