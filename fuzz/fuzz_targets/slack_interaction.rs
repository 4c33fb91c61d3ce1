//! A Slack interaction payload (a button click: `block_actions` with an RSVP or "More"
//! action), signed as Slack signs it, through `POST /slack/interactions`: form and JSON
//! decoding, the action id, the RSVP and paging answers, and Block Kit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_answer(harness::slack_post("/slack/interactions", data));
});
