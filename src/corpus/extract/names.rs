//! People and organisations inside a sentence: the name before "from", the organisation after it.
//!
//! In `"Next up was Joel Speed from Red Hat, discussing …"`, `name_before(text, 21)` finds
//! "Joel Speed" and `org_after(text, 26)` finds "Red Hat".

pub use crate::corpus::fold::fold;
use std::ops::Range;

pub use super::lexicon::listed;
use super::lexicon::{HONORIFICS, NOT_NAMES, ORG_STOPS, PARTICLES};

pub fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && word.chars().count() <= 24
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && !listed(NOT_NAMES, word)
        && word.chars().any(char::is_lowercase)
        && !word.ends_with("'s")
        && !word.ends_with("’s")
}

/// Word spans of `text`, split on spaces.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        if ch == ' ' {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The person's name that ends right before `end` (which should be just before a space and
/// "from", or a verb), looking no further back than `floor`. Returns its byte range.
pub fn name_before(text: &str, end: usize, floor: usize) -> Option<Range<usize>> {
    // A name is at most five words: 200 bytes back is plenty, and keeps each call O(1).
    let floor = if end > floor + 200 {
        let mut cut = end - 200;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        // Skip the word the cut may have split.
        text[cut..end].find(' ').map_or(end, |i| cut + i + 1)
    } else {
        floor
    };
    let region = &text[floor..end];
    let spans = words(region);
    let mut taken: Vec<Range<usize>> = Vec::new();
    for (k, span) in spans.iter().enumerate().rev() {
        let raw = &region[span.clone()];
        let is_last = k == spans.len() - 1;
        // A comma after the word closest to the verb is fine ("Dario Simonetti, explained"),
        // anywhere else it ends the name.
        let word = if is_last {
            raw.trim_end_matches(',')
        } else if raw.ends_with(',') || raw.ends_with(':') || raw.ends_with(';') {
            break;
        } else {
            raw
        };
        let particle = listed(PARTICLES, word)
            && !taken.is_empty()
            && k > 0
            && is_name_word(&region[spans[k - 1].clone()]);
        if !is_name_word(word) && !particle {
            break;
        }
        taken.push(span.start..span.start + word.len());
        if taken.len() == 5 {
            break;
        }
    }
    let first = taken.last()?.start;
    let last = taken.first()?.end;
    Some(floor + first..floor + last)
}

/// Drops honorifics and collapses spaces: "Dr Christoper Woods" → "Christoper Woods".
pub fn clean_name(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && HONORIFICS.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

/// `text.to_lowercase()`, with runs of ASCII lowered in bulk: the same string, without the
/// per-character cost std pays for the rest of a text after its first non-ASCII character
/// (often an early curly quote).
pub fn lowercase(text: &str) -> String {
    if text.contains('Σ') {
        // Its lower case depends on its neighbours: std knows how.
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            out.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether two written names are one person: the same first and last word, accents, case,
/// nicknames in quotes and middle parts aside ("Andraz Brodnik" = "Andraž "Brodul" Brodnik").
pub fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        fold(s)
            .split_whitespace()
            .filter(|w| !w.starts_with(['"', '“', '(']))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (words(a), words(b));
    match (a.first(), a.last(), b.first(), b.last()) {
        // "Jeff Burtoft" = "Jeffrey Burtoft": a short form of the first name.
        (Some(af), Some(al), Some(bf), Some(bl)) => {
            al == bl
                && (af == bf
                    || a.len() > 1
                        && b.len() > 1
                        && af.len().min(bf.len()) >= 3
                        && (af.starts_with(bf.as_str()) || bf.starts_with(af.as_str())))
        }
        _ => false,
    }
}

/// A middle initial: "B." or "B".
fn is_initial(word: &str) -> bool {
    let bare = word.strip_suffix('.').unwrap_or(word);
    bare.chars().count() == 1 && bare.chars().all(char::is_uppercase)
}

/// Whether the words look like one person: two to five name words, middle initials allowed
/// ("Ada B. Lovelace").
pub fn looks_like_full_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && is_name_word(words[0])
        && words[words.len() - 1..].iter().all(|w| is_name_word(w))
        && words.iter().enumerate().all(|(k, w)| {
            is_name_word(w)
                || listed(PARTICLES, w)
                || HONORIFICS.contains(w)
                || (k > 0 && k + 1 < words.len() && is_initial(w))
        })
}

/// The organisation that starts at `start` (just after "from "): its byte range, without a
/// leading "the" and stopping at punctuation, a parenthesis or a verb.
pub fn org_after(text: &str, start: usize) -> Option<Range<usize>> {
    // An organisation's name is a few words: 200 bytes ahead bound each call.
    let mut end = (start + 200).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let region = &text[start..end];
    let spans = words(region);
    let mut first = None;
    let mut end = None;
    let mut k = 0;
    while k < spans.len() {
        let raw = &region[spans[k].clone()];
        if raw.starts_with('(') || raw.starts_with('[') {
            break;
        }
        let word = raw.trim_end_matches([',', '.', ':', ';', '!', '?', ')', '"', '”']);
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        let ends_here = word.len() < raw.len();
        if first.is_none() {
            if matches!(word, "the" | "The") && !ends_here {
                k += 1;
                continue;
            }
            if word.is_empty() || listed(ORG_STOPS, word) || !word.chars().next()?.is_alphanumeric()
            {
                return None;
            }
            first = Some(spans[k].start);
            end = Some(spans[k].start + word.len());
        } else {
            let capitalised = word
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || word.chars().any(char::is_uppercase);
            let connector = matches!(word, "by" | "of" | "&" | "de" | "for" | "und")
                && !ends_here
                && spans.get(k + 1).is_some_and(|next| {
                    region[next.clone()]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                });
            if capitalised && !word.is_empty() && !listed(NOT_NAMES, word) {
                end = Some(spans[k].start + word.len());
            } else if connector {
                k += 1;
                continue;
            } else {
                break;
            }
        }
        if ends_here {
            break;
        }
        k += 1;
        if k >= 8 {
            break;
        }
    }
    Some(start + first?..start + end?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<&str> {
        let end = text.find(" from").unwrap_or(text.len());
        name_before(text, end, 0).map(|r| &text[r])
    }

    fn org(text: &str) -> Option<&str> {
        let start = text.find("from ").map(|i| i + 5)?;
        org_after(text, start).map(|r| &text[r])
    }

    #[test]
    fn lowercase_is_std_to_lowercase() {
        for text in [
            "",
            "Plain ASCII, Mixed CASE 42.",
            "\u{201c}Quoted\u{201d} ÄÖÜ straße İstanbul \u{212a}elvin ÉCOLE",
            "ΟΔΥΣΣΕΥΣ and ΣΑΣ",
            "ǅ ǈ ﬀ 🙂 Ω",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn names_before_from() {
        assert_eq!(
            name("Next up was Joel Speed from Red Hat"),
            Some("Joel Speed")
        );
        assert_eq!(
            name("Finally Kenneth Tan from Sardina"),
            Some("Kenneth Tan")
        );
        assert_eq!(
            name("Following that, Tom Wilkie from Grafana"),
            Some("Tom Wilkie")
        );
        assert_eq!(
            name("Next up was Rob de Canha-Knight from SUSE"),
            Some("Rob de Canha-Knight")
        );
        assert_eq!(
            name("Following that, Dr Christoper Woods from Bristol"),
            Some("Dr Christoper Woods")
        );
        assert_eq!(name("musical entertainment from Khusro"), None);
        assert_eq!(
            name("Next up was Rafał Leszko from Hazelcast"),
            Some("Rafał Leszko")
        );
    }

    #[test]
    fn orgs_after_from() {
        assert_eq!(org("from Red Hat, kicking off"), Some("Red Hat"));
        assert_eq!(
            org("from the Financial Times gave"),
            Some("Financial Times")
        );
        assert_eq!(
            org("from Kasten by Veeam kicking us"),
            Some("Kasten by Veeam")
        );
        assert_eq!(
            org("from DNEG (formerly known as Double Negative) described"),
            Some("DNEG")
        );
        assert_eq!(org("from driftctl discussing Why"), Some("driftctl"));
        assert_eq!(org("from mnemonic, discussing"), Some("mnemonic"));
        assert_eq!(
            org("from LINBIT HA-Solutions GmbH who talked"),
            Some("LINBIT HA-Solutions GmbH")
        );
        assert_eq!(org("from who asked about"), None);
        assert_eq!(org("from Solo.io stepped in"), Some("Solo.io"));
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [NOT_NAMES, PARTICLES, ORG_STOPS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn full_names() {
        assert!(looks_like_full_name("Cheryl Hung"));
        assert!(looks_like_full_name("Rob de Canha-Knight"));
        assert!(!looks_like_full_name("Cloud Native London November"));
        assert!(!looks_like_full_name("Tom"));
    }
}
