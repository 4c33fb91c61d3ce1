//! Named features of a candidate: what the model weighs. Each is a short string ("place=h3",
//! "prev=by", "link_host=profile"); the model learns one weight per string, so a cue word is a
//! feature with a weight, never a rule.
//!
//! `"#### Ada Quill - Typed pipelines"`, candidate "Ada Quill" → `["place=h3", "words=2",
//! "block_start", "next=-", "short_block", …]`.

use rustc_hash::FxHashSet;

use super::candidates::{
    NameCandidate, OrgCandidate, Place, Span, TitleCandidate, cue, link_class, words,
};
use crate::corpus::fold::fold;

/// What the whole post tells about its candidates, computed once per post.
#[derive(Debug, Default)]
pub struct PostFacts {
    /// Words the post writes in lower case somewhere ("thanks", "python").
    pub lower_words: FxHashSet<String>,
    /// Folded text of the front matter.
    pub front: String,
    /// Folded names the rules read as speakers.
    pub rule_speakers: FxHashSet<String>,
    /// Folded hosts, sponsors, affiliations and titles the rules read.
    pub rule_others: Vec<String>,
    /// How many name candidates the post has, and how often each folded one occurs.
    pub counts: rustc_hash::FxHashMap<String, usize>,
}

impl PostFacts {
    pub fn new(
        spans: &[Span<'_>],
        front: &str,
        rule_speakers: &[String],
        rule_others: &[String],
    ) -> PostFacts {
        let mut lower_words = FxHashSet::default();
        for s in spans {
            let text = &s.text.text;
            for w in words(text) {
                let w = &text[w];
                if w.chars().next().is_some_and(char::is_lowercase) {
                    lower_words.insert(w.to_owned());
                }
            }
        }
        PostFacts {
            lower_words,
            front: fold(front),
            rule_speakers: rule_speakers.iter().map(|n| fold(n)).collect(),
            rule_others: rule_others.iter().map(|n| fold(n)).collect(),
            counts: Default::default(),
        }
    }

    /// Counts each candidate's folded text, for the "repeats" feature.
    pub fn count(&mut self, candidates: &[NameCandidate]) {
        for c in candidates {
            *self.counts.entry(fold(&c.text)).or_default() += 1;
        }
    }
}

/// The token before `at` in `text`: a cue word (see [`cue`]), or a punctuation mark.
fn token_before(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end();
    let last = before.chars().next_back()?;
    if last.is_alphanumeric() {
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        Some(cue(&before[start..]))
    } else {
        Some(last.to_string())
    }
}

fn token_after(text: &str, at: usize) -> Option<String> {
    let after = text[at..].trim_start();
    let first = after.chars().next()?;
    if first.is_alphanumeric() {
        let end = after
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(after.len(), |(i, _)| i);
        Some(cue(&after[..end]))
    } else {
        Some(first.to_string())
    }
}

fn bucket(n: usize, edges: &[usize]) -> usize {
    edges.iter().take_while(|e| n > **e).count()
}

/// The features of a possible speaker.
pub fn name_features(spans: &[Span<'_>], c: &NameCandidate, post: &PostFacts) -> Vec<String> {
    let span = &spans[c.span];
    let text = &span.text.text;
    let place = span.place.tag();
    let mut f = Vec::with_capacity(24);
    f.push(format!("place={place}"));
    let toks = words(&c.text);
    f.push(format!("words={}", toks.len().min(4)));
    let link = span.text.link_over(c.range.clone());
    let in_link = span.text.link_at(c.range.start);
    match (link, in_link) {
        (Some(l), _) => {
            f.push("link".into());
            f.push(format!("link_host={}", link_class(&l.url)));
            f.push(format!("link_host={}&place={place}", link_class(&l.url)));
        }
        (None, Some(_)) => f.push("in_link".into()),
        _ => {}
    }
    if span
        .text
        .emphasis
        .iter()
        .any(|e| e.start <= c.range.start && c.range.end <= e.end)
    {
        f.push("emphasis".into());
    }
    let before = text[..c.range.start].trim();
    let after = text[c.range.end..].trim();
    let lead = before.chars().all(|ch| !ch.is_alphabetic());
    if lead {
        f.push("block_start".into());
        f.push(format!("block_start&place={place}"));
    }
    if after.chars().all(|ch| !ch.is_alphabetic()) {
        f.push("block_end".into());
    }
    let prev = token_before(text, c.range.start);
    let next = token_after(text, c.range.end);
    let sentence_start = prev.as_deref().is_none_or(|p| matches!(p, "." | "!" | "?"));
    if sentence_start && !lead {
        f.push("sentence_start".into());
    }
    if let Some(p) = &prev {
        f.push(format!("prev={p}"));
    }
    if let Some(n) = &next {
        f.push(format!("next={n}"));
        f.push(format!("next={n}&place={place}"));
    }
    let block_words = words(text).len();
    f.push(format!("block_words={}", bucket(block_words, &[4, 12, 30])));
    let lower_share = toks
        .iter()
        .filter(|r| {
            post.lower_words
                .contains(&c.text[(*r).clone()].to_lowercase())
        })
        .count();
    if lower_share > 0 {
        f.push(if lower_share == toks.len() {
            "all_words_lower_elsewhere".into()
        } else {
            "some_word_lower_elsewhere".into()
        });
    }
    if c.text.chars().any(|ch| ch.is_ascii_digit()) {
        f.push("digit".into());
    }
    if c.text
        .chars()
        .filter(|ch| ch.is_alphabetic())
        .all(char::is_uppercase)
    {
        f.push("all_caps".into());
    }
    let folded = fold(&c.text);
    if folded.len() > 2 && post.front.contains(&folded) {
        f.push("in_front_matter".into());
    }
    if post.rule_speakers.contains(&folded) {
        f.push("rule_speaker".into());
    } else if post.rule_speakers.iter().any(|r| r.contains(&folded)) {
        f.push("part_of_rule_speaker".into());
    }
    if post.rule_others.iter().any(|o| o == &folded) {
        f.push("rule_other".into());
    } else if post
        .rule_others
        .iter()
        .any(|o| o.split(' ').any(|w| w == folded) || o.contains(&format!("{folded} ")))
    {
        f.push("part_of_rule_other".into());
    }
    if !post.rule_speakers.is_empty() {
        f.push("rules_read_talks".into());
    }
    let repeats = post.counts.get(&folded).copied().unwrap_or(1);
    f.push(format!("repeats={}", bucket(repeats, &[1, 2])));
    if span.place != Place::Title
        && spans
            .first()
            .is_some_and(|t| t.place == Place::Title && fold(&t.text.text).contains(&folded))
    {
        f.push("in_post_title".into());
    }
    f
}

/// The features of a possible title for a speaker.
pub fn title_features(
    spans: &[Span<'_>],
    name: &NameCandidate,
    t: &TitleCandidate,
    speakers_in_post: usize,
) -> Vec<String> {
    let place = spans[name.span].place.tag();
    let n = words(&t.text).len();
    let mut f = vec![
        format!("src={}", t.source),
        format!("src={}&place={place}", t.source),
        format!("words={}", bucket(n, &[1, 3, 8, 15])),
        format!("src={}&words={}", t.source, bucket(n, &[1, 3, 8, 15])),
        format!("distance={}", bucket(t.distance, &[0, 1, 3])),
        format!(
            "src={}&speakers={}",
            t.source,
            bucket(speakers_in_post, &[1, 3])
        ),
    ];
    if t.text.chars().next().is_some_and(char::is_uppercase) {
        f.push("starts_upper".into());
    }
    if t.text.ends_with('?') {
        f.push("question".into());
    }
    if fold(&t.text).contains(&fold(&name.text)) {
        f.push("holds_name".into());
    }
    if let Some(first) = words(&t.text).first() {
        let w = cue(&t.text[first.clone()]);
        if w.len() <= 4 {
            f.push(format!("first_short={w}"));
        }
    }
    f
}

/// The features of a possible organisation for a speaker.
pub fn org_features(c: &OrgCandidate, post: &PostFacts) -> Vec<String> {
    let gap = bucket(c.gap, &[0, 2, 6, 15]);
    let mut f = vec![
        format!("prev={}", c.prev),
        format!("gap={gap}"),
        format!("prev={}&gap={gap}", c.prev),
        format!("words={}", words(&c.text).len().min(4)),
    ];
    if c.next_block {
        f.push("next_block".into());
    }
    if let Some(link) = c.link {
        f.push(format!("link={link}"));
    }
    let folded = fold(&c.text);
    if post.rule_others.iter().any(|o| o == &folded) {
        f.push("rule_other".into());
    }
    if post.rule_speakers.contains(&folded)
        || post.counts.contains_key(&folded) && post.counts[&folded] > 1
    {
        f.push("repeated".into());
    }
    if c.text.contains('.') {
        f.push("dotted".into());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_tokens_are_words_or_marks() {
        let text = "talk by Ada Quill - typed";
        assert_eq!(token_before(text, 8).as_deref(), Some("by"));
        assert_eq!(token_before("met Ada Quill", 8).as_deref(), Some("Cap"));
        assert_eq!(token_after(text, 17).as_deref(), Some("-"));
        assert_eq!(token_before("Ada", 0), None);
    }
}
