//! A Slack slash-command form, signed as Slack signs it, through `POST /slack/commands`:
//! form decoding, the router, every handler and Block Kit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_answer(harness::slack_post("/slack/commands", data));
});
