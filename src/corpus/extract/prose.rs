//! Talks told in free prose by many authors: a person, named as a link, in bold or in full,
//! who presents something. Each rule has its table of example sentences in the tests below.
//!
//! - `name_verb`: "[Ada Lovelace](…), CTO of [Acme](…), talked about counting sheep." → "counting
//!   sheep" by Ada Lovelace (Acme). Also "[Ada], who presented Engines, …" and "**Ada** explained …".
//! - `cue_name`: "The first talk was by [Ada], who …", "Next up was [Ada] with **Engines**",
//!   "We started with [Ada]'s introduction to engines".
//! - `titled_later`: a title given in a later sentence of the paragraph ("Talk titled - Engines",
//!   "a talk named "Engines"") replaces the described one.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::lexicon;
use super::names::{is_name_word, looks_like_full_name};
use crate::corpus::markdown::Plain;
use crate::corpus::model::{Speaker, Talk};

/// One talk found in prose, with where its speaker was named (for `titled_later`).
struct Found {
    talk: Talk,
    sentence: usize,
    /// Whether the title is only the described phrase, open to a title given later.
    described: bool,
}

/// The talks a paragraph's sentences tell, in order.
/// `organisations` are names the post uses for organisations (its title, sponsors, the
/// affiliations other rules read): a plain name among them is no person.
pub fn prose_talks(
    plain: &Plain,
    sentences: &[Range<usize>],
    organisations: &OrgPhrases,
) -> Vec<Talk> {
    let mut found: Vec<Found> = Vec::new();
    let known = Known::new(plain, organisations);
    // Each person is read once per paragraph.
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for (k, sentence) in sentences.iter().enumerate() {
        crate::corpus::budget::check();
        let text = &plain.text[sentence.clone()];
        let lower = text.to_ascii_lowercase();
        if lexicon::NOT_A_TALK.iter().any(|c| lower.contains(c)) {
            continue;
        }
        let named = people(plain, sentence.clone(), &known);
        for (j, (name, org)) in named.iter().cloned().enumerate() {
            crate::corpus::budget::check();
            // The talk's words end where the next person of the sentence is named, and within a
            // bounded window, so that a long sentence costs linear time.
            let end = named
                .get(j + 1)
                .map_or(sentence.end, |(next, _)| next.start);
            let mut end = end.min(name.end + 1000);
            while !plain.text.is_char_boundary(end) {
                end -= 1;
            }
            if seen.contains(&plain.text[name.clone()]) {
                continue;
            }
            let (title, described) = match talk_after(plain, sentence.start..end, name.clone()) {
                Some(Told::Talk(title, described)) => (title, described),
                Some(Told::Speaker) => {
                    let first = plain.text[name.clone()].split(' ').next().unwrap_or("");
                    match sentences[k + 1..]
                        .iter()
                        .take(2)
                        .find_map(|next| told_next(plain, next.clone(), first))
                    {
                        Some(told) => told,
                        None => continue,
                    }
                }
                None => continue,
            };
            seen.insert(plain.text[name.clone()].to_owned());
            found.push(Found {
                talk: Talk {
                    title,
                    speakers: vec![Speaker {
                        name: plain.text[name].to_owned(),
                        affiliation: org,
                    }],
                    ..Talk::default()
                },
                sentence: k,
                described,
            });
        }
    }
    // Rule `titled_later`: "Talk titled - Engines." in a following sentence. Each sentence is
    // read for a title once, however many talks it tells.
    let mut titles: std::collections::HashMap<usize, Option<String>> =
        std::collections::HashMap::new();
    for i in 0..found.len() {
        if !found[i].described {
            continue;
        }
        let until = found.get(i + 1).map_or(sentences.len(), |f| f.sentence + 1);
        let first = found[i].sentence;
        let window = &sentences[first..until.min(first + 4)];
        for (k, sentence) in window.iter().enumerate() {
            let title = titles
                .entry(first + k)
                .or_insert_with(|| titled(plain, sentence.clone()));
            if let Some(title) = title.clone() {
                found[i].talk.title = title;
                break;
            }
        }
    }
    found.into_iter().map(|f| f.talk).collect()
}

/// People named in a sentence who may be speakers: links or bold text that look like names,
/// and plain full names, with the organisation written beside them.
fn people(
    plain: &Plain,
    sentence: Range<usize>,
    known: &Known,
) -> Vec<(Range<usize>, Option<String>)> {
    let text = &plain.text;
    let mut out: Vec<(Range<usize>, Option<String>)> = Vec::new();
    // Links and emphasis are sorted by start: only those of this sentence are visited.
    let first_link = plain.links.partition_point(|l| l.start < sentence.start);
    let first_emphasis = plain.emphasis.partition_point(|e| e.start < sentence.start);
    let marked = plain.links[first_link..]
        .iter()
        .take_while(|l| l.start < sentence.end)
        .filter(|l| !lexicon::is_project_url(&l.url))
        .map(|l| l.range())
        .chain(
            plain.emphasis[first_emphasis..]
                .iter()
                .take_while(|e| e.start < sentence.end)
                .cloned(),
        )
        .filter(|r| sentence.start <= r.start && r.end <= sentence.end);
    // Starts of the names taken, so that a long sentence of names costs linear time.
    let mut taken = FxHashSet::default();
    for range in marked {
        let name = text[range.clone()].trim();
        let word_before = word_before(text, range.start);
        // A one-word link is a person only when it links to a profile ("[Arto](twitter…)").
        let profile = plain
            .link_over(range.clone())
            .is_none_or(|l| lexicon::is_profile_url(&l.url) || name.contains(' '));
        // "**Fix**: the bug was …" defines a term.
        let term = text[range.end..].starts_with(':');
        if is_marked_name(name)
            && profile
            && !term
            && !matches!(word_before.as_str(), "of" | "at" | "in")
            && !known.is_organisation(name)
            && taken.insert(range.start)
        {
            out.push((range.clone(), None));
        }
    }
    // Plain full names: two to four capitalised name words ("Dane Kim, CTO at …").
    let mut run: Vec<Range<usize>> = Vec::new();
    let flush = |run: &mut Vec<Range<usize>>, out: &mut Vec<(Range<usize>, Option<String>)>| {
        if run.len() >= 2 {
            let range = run[0].start..run[run.len() - 1].end;
            let name = &text[range.clone()];
            let word_before = word_before(text, range.start);
            let organisation = known.is_organisation(name)
                || known.after_from.contains(name)
                || matches!(word_before.as_str(), "from" | "at" | "of" | "in" | "by")
                // "the channel's Deep Sea series": what a possessive owns is a thing.
                || word_before.ends_with("'s")
                || word_before.ends_with("’s")
                || lexicon::DESCRIBED_LEAD_IN.contains(&word_before.as_str())
                || lexicon::PRESENTING_VERBS.contains(&word_before.as_str());
            // A name overlapping one already taken is inside a link or emphasis, so this also
            // keeps names apart; runs of plain words never overlap each other.
            let inside_marked = known.marked[range.start..range.end].iter().any(|m| *m);
            if looks_like_full_name(name) && !organisation && !inside_marked {
                out.push((range, None));
            }
        }
        run.clear();
    };
    let mut at = sentence.start;
    for word in text[sentence.clone()].split(' ') {
        // A sentence can be a whole post long: the budget is checked per word too.
        crate::corpus::budget::check();
        let range = at..at + word.len();
        at += word.len() + 1;
        let bare = word.trim_end_matches([',', ';', ':', '.']);
        if is_name_word(bare) && run.len() < 4 {
            run.push(range.start..range.start + bare.len());
            if bare.len() < word.len() {
                flush(&mut run, &mut out);
            }
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out.sort_by_key(|(r, _)| r.start);
    for (range, org) in &mut out {
        *org = affiliation_after(plain, range.end, sentence.end);
    }
    out
}

/// What the post already tells about names, gathered once per paragraph so that each name is
/// looked up in constant time: phrases used for organisations (and words after "from"), and
/// which bytes are inside a link or emphasis.
struct Known<'a> {
    organisations: &'a FxHashSet<String>,
    after_from: FxHashSet<String>,
    marked: Vec<bool>,
}

/// The phrases (runs of one to four words) a post uses for organisations: its title, sponsors,
/// the affiliations and titles other rules read. Built once per post.
/// Phrases are short and many, and nothing outside sees them: FxHash, not SipHash.
pub struct OrgPhrases(FxHashSet<String>);

impl OrgPhrases {
    pub fn new<'s>(organisations: impl IntoIterator<Item = &'s str>) -> OrgPhrases {
        let mut phrases = FxHashSet::default();
        // One buffer for every phrase: a phrase already known costs no allocation.
        let mut phrase = String::new();
        let mut words: Vec<&str> = Vec::new();
        for text in organisations {
            words.clear();
            words.extend(text.split_whitespace());
            for start in 0..words.len() {
                phrase.clear();
                for (k, word) in words[start..words.len().min(start + 4)].iter().enumerate() {
                    if k > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(word);
                    if !phrases.contains(phrase.as_str()) {
                        phrases.insert(phrase.clone());
                    }
                }
            }
        }
        OrgPhrases(phrases)
    }
}

impl<'a> Known<'a> {
    fn new(plain: &Plain, organisations: &'a OrgPhrases) -> Known<'a> {
        let phrases = &organisations.0;
        // "… from Initech Studios": the words after "from" name an organisation or a place.
        let mut after_from = FxHashSet::default();
        for (at, _) in plain.text.match_indices("from ") {
            let after: String = plain.text[at + 5..]
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = after.split(' ').collect();
            for len in 1..=words.len() {
                after_from.insert(words[..len].join(" "));
            }
        }
        let mut marked = vec![false; plain.text.len()];
        for range in plain
            .links
            .iter()
            .map(|l| l.range())
            .chain(plain.emphasis.iter().cloned())
        {
            for m in &mut marked[range.start.min(plain.text.len())..range.end.min(plain.text.len())]
            {
                *m = true;
            }
        }
        Known {
            organisations: phrases,
            after_from,
            marked,
        }
    }

    /// Whether a name (or a run of its words) is one the post uses for an organisation.
    fn is_organisation(&self, name: &str) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        (0..words.len()).any(|start| {
            (1..=words.len() - start).any(|len| {
                len >= 2.min(words.len())
                    && self
                        .organisations
                        .contains(&words[start..start + len].join(" "))
            })
        })
    }
}

/// The word right before byte `at`, lower case: "by" in "… was by [Ada]".
fn word_before(text: &str, at: usize) -> String {
    text[..at]
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A name as a link or bold text writes it: one to four capitalised words ("Arto", "Jan
/// "Brdo" Berdajs", "Miha Rekar").
fn is_marked_name(name: &str) -> bool {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !(w.starts_with('"') || w.starts_with('“')))
        .collect();
    !words.is_empty()
        && words.len() <= 4
        && (words.len() == 1 && is_name_word(words[0]) && words[0].chars().count() >= 3
            || looks_like_full_name(&words.join(" ")))
        && !words
            .iter()
            .any(|w| super::names::listed(lexicon::NOT_NAME_WORDS, &w.to_ascii_lowercase()))
}

/// ", CTO of [Acme]", ", the CTO at [Acme]", " - Ruby developer from Acme -", " from [Acme]",
/// " visiting us from [Acme]": the organisation right after a name.
fn affiliation_after(plain: &Plain, at: usize, end: usize) -> Option<String> {
    // A role and an organisation are a few words: 300 bytes bound each call.
    let mut end = end.min(at + 300);
    while !plain.text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &plain.text[at..end];
    let rest = rest
        .trim_start_matches(' ')
        .strip_prefix('(')
        .and_then(|r| r.split_once(')').map(|(_, after)| after))
        .unwrap_or(rest);
    // ", [@ada], Evangelist at Acme,": a handle before the role.
    let rest = match rest.strip_prefix(", @") {
        Some(after) => after.find(',').map_or(rest, |i| &after[i..]),
        None => rest,
    };
    let lower = rest.to_ascii_lowercase();
    let first_len = lower.chars().next().map_or(0, char::len_utf8);
    let clause_end = lower[first_len..]
        .find([',', ';', '.'])
        .map_or(lower.len(), |e| e + first_len);
    let (opener, rest_lower) = match lower.trim_start().chars().next() {
        Some(',') | Some('-') | Some('–') => (true, &lower[..]),
        _ => (false, &lower[..clause_end.min(lower.len())]),
    };
    let window_end = if opener {
        let after_open = lower
            .trim_start()
            .trim_start_matches([',', '-', '–', ' '])
            .len();
        let skipped = lower.len() - after_open;
        lower[skipped..]
            .find([',', ';', '.', '-', '–'])
            .map_or(lower.len(), |e| skipped + e)
    } else {
        rest_lower.len()
    };
    let mut candidates: Vec<(usize, String, bool)> = Vec::new();
    for cue in [" of ", " at ", "from "] {
        let Some(pos) = lower[..window_end].find(cue) else {
            continue;
        };
        let org_start = pos + cue.len();
        let before_cue = &lower[..pos];
        let right_after = cue == "from " && before_cue.trim().is_empty();
        if !opener && !right_after && !before_cue.contains("visiting") {
            continue;
        }
        let abs = at + (plain.text[at..end].len() - rest.len()) + org_start;
        let Some(org_range) = super::names::org_after(&plain.text, abs) else {
            continue;
        };
        let mut org = plain.text[org_range.clone()].trim().to_owned();
        if org.is_empty() || org.split_whitespace().count() > 5 {
            continue;
        }
        let link_at = |start: usize| plain.link_at(start);
        let linked = link_at(org_range.start).is_some();
        // "from [Acme] and [Globex]": both organisations.
        if let Some(first) = link_at(org_range.start)
            && let Some(more) = plain.text[first.end..end].strip_prefix(" and ")
            && let Some(second) = link_at(first.end + 5)
            && more.starts_with(&plain.text[second.range()])
        {
            org = plain.text[first.start..second.end].to_owned();
        }
        // "from Serbia" names a place only when nothing marks it as an organisation.
        if linked || cue != "from " || opener || !lexicon::is_place_word(&org) {
            candidates.push((pos, org, linked));
        }
    }
    // A linked organisation first, else the last one named ("Head of Software at Acme").
    candidates.sort_by_key(|(pos, _, linked)| (!*linked, std::cmp::Reverse(*pos)));
    if let Some((_, org, _)) = candidates.into_iter().next() {
        return Some(org);
    }
    None
}

/// What a sentence tells about the person at `name`.
enum Told {
    /// A talk: its title, and whether the title is only the described phrase.
    Talk(String, bool),
    /// Named as the evening's speaker ("The first talk was by [Ada]."), the talk told later.
    Speaker,
}

/// The talk a sentence tells about the person at `name`.
fn talk_after(plain: &Plain, sentence: Range<usize>, name: Range<usize>) -> Option<Told> {
    let text = &plain.text;
    // Only the words just before the name matter: a bounded window keeps this O(1) per name.
    let mut window_start = name.start.saturating_sub(120).max(sentence.start);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let lower_before = text[window_start..name.start].to_ascii_lowercase();
    let before = lower_before.as_str();
    // "by [Ada]", "by the legendary [Ada]", "Second presenter, [Ada]": a cue close before.
    let last_words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let cue_before = last_words.iter().enumerate().any(|(k, w)| {
        let w = w.trim_matches([',', ':']);
        lexicon::SPEAKER_CUES_BEFORE.contains(&w) && (k == 0 || !matches!(w, "was" | "to" | "for"))
    }) || lexicon::TALK_NOUNS
        .iter()
        .chain(["presenter", "speaker", "guest"].iter())
        .any(|n| last_words.iter().any(|w| w.trim_matches([',', ':']) == *n));
    // Skip a handle after the name: "[Ada] (@ada) talked …".
    let mut after_abs = name.end;
    let rest = &text[after_abs..sentence.end];
    if let Some(inner) = rest.strip_prefix(" (")
        && let Some(close) = inner.find(')')
        && close < 40
    {
        after_abs += 2 + close + 1;
    }
    let after_lower = text[after_abs..sentence.end].to_ascii_lowercase();
    let Some((verb_start, verb_len)) = find_verb(&after_lower) else {
        if !cue_before {
            return None;
        }
        // "a talk from [Ada] - Engines, Gears and Levers": the topics after a dash.
        if let Some(topics) = text[after_abs..sentence.end]
            .strip_prefix(" - ")
            .or_else(|| text[after_abs..sentence.end].strip_prefix(": "))
            && !topics.contains(" - ")
        {
            let start = sentence.end - topics.len();
            if let Some((title, _)) = described_object(plain, start..sentence.end) {
                return Some(Told::Talk(title, true));
            }
        }
        // "We started with [Ada] - Head of X at Acme - **Engines**": a marked title after.
        let zone = after_abs..sentence.end;
        // Emphasis is sorted by end: only spans ending inside the zone are visited.
        let first = plain.emphasis.partition_point(|e| e.end < zone.start);
        let title = plain.emphasis[first..]
            .iter()
            .take_while(|e| e.end <= zone.end)
            .find(|e| zone.start <= e.start)
            .map(|e| super::talks::clean_title(&text[e.clone()]))
            .filter(|t| t.chars().count() >= 3 && !is_marked_name(t));
        return Some(match title {
            Some(title) => Told::Talk(title, false),
            None => Told::Speaker,
        });
    };
    let between = &after_lower[..verb_start];
    if between.split_whitespace().count() > if cue_before { 16 } else { 12 } {
        return None;
    }
    let object_start = after_abs + verb_start + verb_len;
    described_object(plain, object_start..sentence.end).map(|(t, d)| Told::Talk(t, d))
}

/// The object of a presenting verb: a marked title (quotes, bold, a link) right there, else
/// the described phrase to the end of its clause.
fn described_object(plain: &Plain, zone: Range<usize>) -> Option<(String, bool)> {
    if let Some(marked) = marked_title(plain, zone.clone()) {
        return Some((marked, false));
    }
    let object = &plain.text[zone.clone()];
    // "… Neo4j in his lovely talk "Graphs for all"": a quoted title after a talk noun.
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(q) = object.find(open)
            && object[..q]
                .split_whitespace()
                .rev()
                .take(2)
                .any(|w| lexicon::TALK_NOUNS.contains(&w.to_ascii_lowercase().as_str()))
            && let Some(len) = object[q + open.len_utf8()..].find(close)
        {
            let inner = &object[q + open.len_utf8()..q + open.len_utf8() + len];
            return Some((super::talks::clean_title(inner), false));
        }
    }
    let rest = skip_described_lead_in(object);
    let end = lexicon::CLAUSE_ENDS
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap_or(rest.len());
    let mut phrase = rest[..end].trim_end();
    for tail in [" and", " or", " with", ",", " while"] {
        phrase = phrase.strip_suffix(tail).unwrap_or(phrase).trim_end();
    }
    let title = super::talks::clean_title(phrase);
    (title.chars().count() >= 3).then_some((title, true))
}

/// Rule `told_next`: "He talked about X." or "Ada was talking about X." right after the
/// sentence that named the speaker gives the talk.
fn told_next(plain: &Plain, sentence: Range<usize>, first_name: &str) -> Option<(String, bool)> {
    // The subject opens the sentence and the talk follows it: a bounded window keeps this O(1)
    // per name, however long the sentence.
    let mut end = sentence.end.min(sentence.start + 1000);
    while !plain.text.is_char_boundary(end) {
        end -= 1;
    }
    let sentence = sentence.start..end;
    let text = &plain.text[sentence.clone()];
    let lower = text.to_ascii_lowercase();
    let subject_end = ["he ", "she ", "they ", "his ", "her ", "their "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| p.len() - 1)
        .or_else(|| {
            text.starts_with(first_name)
                .then_some(first_name.len())
                .filter(|&l| text[l..].starts_with(' '))
        })
        // "With enthusiasm, he showcased …"
        .or_else(|| lower.find(", he ").map(|i| i + 4))
        .or_else(|| lower.find(", she ").map(|i| i + 5))?;
    let rest = &lower[subject_end..];
    // "His intriguing talk was about X"
    if let Some(at) = rest.find(" was about ").filter(|&at| {
        rest[..at]
            .split_whitespace()
            .any(|w| lexicon::TALK_NOUNS.contains(&w))
    }) {
        let start = sentence.start + subject_end + at + " was about ".len();
        return described_object(plain, start..sentence.end);
    }
    let (verb_start, verb_len) = find_verb(rest)?;
    if rest[..verb_start].split_whitespace().count() > 2 {
        return None;
    }
    let start = sentence.start + subject_end + verb_start + verb_len;
    described_object(plain, start..sentence.end)
}

/// "a talk about counting sheep" → "counting sheep": drops the words that only announce a
/// described phrase, and keeps the phrase ("his trip to …", "some quick hacks").
fn skip_described_lead_in(object: &str) -> &str {
    let mut rest = object.trim_start();
    loop {
        let word_end = rest.find(' ').unwrap_or(rest.len());
        let word = rest[..word_end]
            .trim_end_matches([',', ':'])
            .to_ascii_lowercase();
        if word_end == rest.len() || !lexicon::DESCRIBED_LEAD_IN.contains(&word.as_str()) {
            return rest;
        }
        rest = rest[word_end..].trim_start();
    }
}

/// The first presenting verb (or "'s" + talk noun) in `lower` and its length.
fn find_verb(lower: &str) -> Option<(usize, usize)> {
    // One pass over the words for every presenting verb: the earliest that says so.
    static VERBS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let verbs: Vec<String> = lexicon::PRESENTING_VERBS
            .iter()
            .map(|v| regex::escape(v))
            .collect();
        regex::Regex::new(&format!(" (?:{}) ", verbs.join("|"))).expect("valid regex")
    });
    let mut best: Option<(usize, usize)> = None;
    for m in VERBS.find_iter(lower) {
        let verb = m.as_str().trim();
        let weak = lexicon::WEAK_PRESENTING_VERBS.contains(&verb);
        let talk_follows = lower[m.end()..]
            .split_whitespace()
            .take(4)
            .any(|w| lexicon::TALK_NOUNS.contains(&w.trim_matches([',', '.', ':'])));
        if !weak || talk_follows {
            best = Some((m.start(), m.len() - 1));
            break;
        }
    }
    // "[Ada]'s gentle introduction to …"
    if lower.starts_with("'s ") || lower.starts_with("’s ") {
        let noun_follows = lower
            .split_whitespace()
            .skip(1)
            .take(3)
            .any(|w| lexicon::TALK_NOUNS.contains(&w.trim_matches([',', '.', ':'])));
        if noun_follows {
            return Some((0, "'s".len() + usize::from(lower.starts_with('’')) * 2));
        }
    }
    // "Next up was [Ada] with **Engines**", "… with his talk about X".
    if lower.starts_with(" with ") {
        return Some((0, " with".len()));
    }
    for (at, cue) in lower
        .match_indices(" with ")
        .chain(lower.match_indices(" and his "))
        .chain(lower.match_indices(" and her "))
        .chain(lower.match_indices(" and their "))
    {
        let words: Vec<&str> = lower[at + cue.len()..].split_whitespace().take(3).collect();
        if let Some(k) = words
            .iter()
            .position(|w| lexicon::TALK_NOUNS.contains(&w.trim_matches([',', '.', ':'])))
            && best.is_none_or(|(b, _)| at < b)
        {
            // The object starts after the noun: "with his talk about X" → "about X".
            let noun_end = lower[at + cue.len()..]
                .match_indices(words[k])
                .next()
                .map_or(cue.len(), |(i, w)| cue.len() + i + w.len());
            best = Some((at, noun_end));
            break;
        }
    }
    best
}

/// A title marked as such right at the start of `zone`: quoted, bold or link text.
fn marked_title(plain: &Plain, zone: Range<usize>) -> Option<String> {
    let text = &plain.text[zone.clone()];
    let mut skipped = super::talks::lead_in_len(&text.to_ascii_lowercase());
    for cue in ["titled ", "named ", "called "] {
        if text[skipped..].to_ascii_lowercase().starts_with(cue) {
            skipped += cue.len();
        }
    }
    let start = zone.start + skipped;
    let rest = &plain.text[start..zone.end];
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = rest.strip_prefix(open)
            && let Some(end) = inner.find(close)
        {
            return Some(super::talks::clean_title(&inner[..end]));
        }
    }
    // Emphasis is sorted by end: only spans ending inside the zone are visited.
    let first = plain.emphasis.partition_point(|e| e.end <= start);
    plain.emphasis[first..]
        .iter()
        .take_while(|e| e.end <= zone.end)
        .find(|e| e.start == start)
        .map(|e| super::talks::clean_title(&plain.text[e.clone()]))
        .filter(|t| t.chars().count() >= 3)
}

/// "Talk titled - Engines.", "a talk named "Engines"", "titled "Engines"" → the title.
fn titled(plain: &Plain, sentence: Range<usize>) -> Option<String> {
    let text = &plain.text[sentence.clone()];
    let lower = text.to_ascii_lowercase();
    for cue in ["titled", "named", "called", "entitled"] {
        let Some(at) = lower.find(cue) else { continue };
        let rest = text[at + cue.len()..].trim_start_matches([' ', '-', '–', ':']);
        let rest = rest.trim();
        for (open, close) in [('"', '"'), ('“', '”')] {
            if let Some(inner) = rest.strip_prefix(open)
                && let Some(end) = inner.find(close)
            {
                return Some(super::talks::clean_title(&inner[..end]));
            }
        }
        let end = [". ", " ("]
            .iter()
            .filter_map(|e| rest.find(e))
            .min()
            .unwrap_or(rest.len());
        let title = super::talks::clean_title(&rest[..end]);
        if title.chars().count() >= 3 && title.split_whitespace().count() <= 12 {
            return Some(title);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::{plain, sentences};

    type Row = (String, String, Option<String>);

    fn read(text: &str) -> Vec<Row> {
        let p = plain(text);
        prose_talks(&p, &sentences(&p), &OrgPhrases::new(["Initech Studios"]))
            .into_iter()
            .map(|t| {
                let s = &t.speakers[0];
                (s.name.clone(), t.title, s.affiliation.clone())
            })
            .collect()
    }

    fn row(name: &str, title: &str, org: Option<&str>) -> Row {
        (name.to_owned(), title.to_owned(), org.map(str::to_owned))
    }

    /// Example sentences of the prose rules, in the shapes community blogs write.
    #[test]
    fn prose_table() {
        let table: &[(&str, Vec<Row>)] = &[
            (
                "[Ada Lovelace](https://twitter.com/ada), CTO of [Acme](https://acme.example) gave a talk about counting engines and some tools around them.",
                vec![row(
                    "Ada Lovelace",
                    "counting engines and some tools around them",
                    Some("Acme"),
                )],
            ),
            (
                "We had two talks: **Grace Hopper** talked about Small Compilers and **Alan Turing** explained why machines think.",
                vec![
                    row("Grace Hopper", "Small Compilers", None),
                    row("Alan Turing", "why machines think", None),
                ],
            ),
            (
                "Next up was [Linus B. Quist](https://github.com/lq), who presented Faster Builds, which saves time.",
                vec![row("Linus B. Quist", "Faster Builds", None)],
            ),
            (
                "First up was [Meena Rao](https://twitter.com/meena) with **Tuning Search with Genetic Algorithms**:",
                vec![row(
                    "Meena Rao",
                    "Tuning Search with Genetic Algorithms",
                    None,
                )],
            ),
            (
                "Ravi Patel - Ruby developer from Initech - reported his experience with a conference. Talk titled - Conference Notes.",
                vec![row("Ravi Patel", "Conference Notes", Some("Initech"))],
            ),
            (
                "We started with [Don Kim](https://twitter.com/don)'s gentle introduction to widgets.",
                vec![row("Don Kim", "gentle introduction to widgets", None)],
            ),
            (
                "Thanks to [Acme](https://acme.example) for the pizza.",
                vec![],
            ),
            (
                "[Ada Lovelace](https://twitter.com/ada) had a great time at the party.",
                vec![],
            ),
            ("Initech Studios presented their new office.", vec![]),
            ("Many thanks to Ada Lovelace from Initech.", vec![]),
            (
                "Then he played a scene from the network's Night Sky series. He also demonstrated a weather station made of spare parts.",
                vec![],
            ),
        ];
        for (text, expected) in table {
            assert_eq!(&read(text), expected, "{text}");
        }
    }
}
