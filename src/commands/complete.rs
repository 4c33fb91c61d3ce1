//! Autocomplete: the choices offered while someone types an option, from the same typo-tolerant
//! indexes the commands search (prefix on the last word, so "wilk" offers Tom Wilkie). Which
//! index an option completes from is declared in its spec (`autocomplete = "speakers"`).
//!
//! `complete(&archive, "speaker", "name", "wilk", 25)` → `["Tom Wilkie"]`; an empty value offers
//! the newest talks, speakers or companies.

use super::{Autocomplete, MAX_QUERY_CHARS};
use crate::archive::Archive;
use crate::search::Index;

/// At most `limit` distinct choices for `command`'s `option` given what is typed so far; none
/// for options without autocomplete.
pub fn complete(
    archive: &Archive,
    command: &str,
    option: &str,
    typed: &str,
    limit: usize,
) -> Vec<String> {
    let source = super::specs()
        .iter()
        .filter(|s| s.name == command)
        .flat_map(|s| &s.options)
        .find(|o| o.name == option)
        .and_then(|o| o.autocomplete);
    let Some(source) = source else {
        return Vec::new();
    };
    let index: &Index = match source {
        Autocomplete::Talks => &archive.talk_index,
        Autocomplete::Speakers => &archive.people_index,
        Autocomplete::Companies => &archive.org_index,
    };
    let name = |doc: u32| -> &str {
        match source {
            Autocomplete::Talks => archive.talk(archive.talks[doc as usize]).title.as_str(),
            Autocomplete::Speakers => archive.people[doc as usize].name.as_str(),
            Autocomplete::Companies => archive.orgs[doc as usize].name.as_str(),
        }
    };
    let typed: String = typed.chars().take(MAX_QUERY_CHARS).collect();
    // Ask for more than needed: several talks can share a title.
    let docs: Vec<u32> = if typed.trim().is_empty() {
        index.newest(limit * 2)
    } else {
        index
            .search(&typed, limit * 2)
            .iter()
            .map(|h| h.doc)
            .collect()
    };
    let mut out: Vec<String> = Vec::with_capacity(limit);
    for doc in docs {
        let choice = name(doc);
        if !choice.trim().is_empty() && !out.iter().any(|c| c == choice) {
            out.push(choice.to_owned());
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Archive {
        Archive::new(crate::corpus::load(std::path::Path::new("data")).unwrap())
    }

    /// The spec alone decides: every option declaring a source offers its newest entries, and
    /// no other option offers anything.
    #[test]
    fn the_spec_declares_what_completes() {
        let archive = bundled();
        let mut declared = 0;
        for spec in super::super::specs() {
            for option in &spec.options {
                let offered = complete(&archive, &spec.name, &option.name, "", 5);
                match option.autocomplete {
                    Some(_) => {
                        declared += 1;
                        assert!(!offered.is_empty(), "/{} {}", spec.name, option.name);
                    }
                    None => assert!(offered.is_empty(), "/{} {}", spec.name, option.name),
                }
            }
        }
        assert_eq!(declared, 3, "talk, speaker and company complete");
        assert_eq!(
            complete(&archive, "speaker", "name", "wilk", 5),
            ["Tom Wilkie"]
        );
        assert!(complete(&archive, "talk", "nope", "k", 5).is_empty());
    }
}
