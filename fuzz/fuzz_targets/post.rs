//! A post's bytes through the whole loader: the text checks, front matter, Markdown, every
//! extraction rule, merging, entities, the archive's indexes, and `check --explain`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = vec![("posts/2019-04-03-meetup.md".to_owned(), data.to_vec())];
    let corpus = emcee::corpus::load_files(&files, &emcee::corpus::LoadOptions::default());
    let _ = emcee::corpus::explain("posts/2019-04-03-meetup.md", &String::from_utf8_lossy(data));
    let archive = emcee::archive::Archive::new(corpus);
    let _ = archive.corpus.dump();
});
