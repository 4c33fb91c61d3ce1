//! A Discord interaction body, signed as Discord signs it, through `POST
//! /discord/interactions`: decoding, the router, every handler and the embed render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_answer(harness::discord_post(data));
});
