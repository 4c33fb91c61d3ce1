//! emcee's structured files: the first byte picks `emcee.toml` (with `EMCEE_*` overrides),
//! `community.toml` or an `events/*.toml` patch; the rest is the file. The data files are
//! loaded beside a short post, so that a patch and the community's settings meet an event.
#![no_main]

use libfuzzer_sys::fuzz_target;

const POST: &str = "---\ntitle: Meetup roundup\n---\nThanks to everyone who came on 3 April 2019.\n\n\
    * Ada Example from Example Corp talked about \"Deploying things\".\n";

fuzz_target!(|data: &[u8]| {
    let Some((&which, file)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 => {
            let text = String::from_utf8_lossy(file);
            let _ = emcee::config::Config::from_parts(
                None,
                Some(&text),
                [("EMCEE_SERVER_LISTEN".to_owned(), "127.0.0.1:0".to_owned())],
            );
        }
        which => {
            let name = if which == 1 {
                "community.toml"
            } else {
                "events/2019-04-03-meetup.toml"
            };
            let files = vec![
                (name.to_owned(), file.to_vec()),
                ("posts/2019-04-03-meetup.md".to_owned(), POST.as_bytes().to_vec()),
            ];
            let corpus = emcee::corpus::load_files(&files, &emcee::corpus::LoadOptions::default());
            let archive = emcee::archive::Archive::new(corpus);
            let _ = emcee::calendar::ics(&archive, chrono::DateTime::UNIX_EPOCH);
        }
    }
});
