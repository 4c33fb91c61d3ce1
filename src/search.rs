//! Typo-tolerant search over normalised words, as Meilisearch ranks: every query word accounted
//! for, exact before prefix before typo, then field weight, then recency.
//!
//! `Index::build(docs)` once per corpus load (O(total words)); `index.search("kaptain")` → the
//! Kapitan talk first. Typos are counted with optimal string alignment (a swap of neighbours is
//! one typo): none under 5 letters, 1 from 5, 2 from 9; the first letter must be right, which is
//! also what keeps the candidate set small: a query word is compared only with the words of its
//! first letter and a nearby length, never with the whole vocabulary.

mod topk;

use std::collections::HashMap;

/// Lowercases, folds accents ("Coté" → "cote") and keeps letters and digits; everything else
/// separates words.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        for lower in ch.to_lowercase() {
            match fold(lower) {
                Some(folded) => out.push_str(folded),
                None if lower.is_alphanumeric() => out.push(lower),
                None => out.push(' '),
            }
        }
    }
    out
}

/// The words of a text, normalised.
pub fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn fold(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '\'' | '’' => "",
        _ => return None,
    })
}

/// Typos a word of this many letters may carry.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// How a query word matched a document word; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Exact = 0,
    Prefix = 1,
    Typo = 2,
    /// One typo more than the length allows: used only when nothing else matches.
    Loose = 3,
}

/// Words too common to carry a query on their own ("the", "on", "a"): still searched, but a
/// query's match quality is judged on its other words (see [`significant`]).
const STOPWORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from",
    "how", "i", "in", "into", "is", "it", "its", "my", "of", "on", "or", "our", "the", "their",
    "this", "to", "up", "us", "we", "what", "when", "where", "which", "who", "why", "with", "you",
    "your",
];

/// Whether a normalised word is a stopword.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The query words a match is judged on: three letters or more and not a stopword.
/// `significant("a guide to kafka")` → `[false, true, false, true]`, by position in `words`.
pub fn significant(query: &str) -> Vec<bool> {
    words(query)
        .iter()
        .take(MAX_WORDS)
        .map(|w| w.chars().count() >= 3 && !is_stopword(w))
        .collect()
}

/// Query words past this many are ignored.
pub const MAX_WORDS: usize = 16;

/// A document to index: its fields as (text, weight), and a recency key (larger is newer).
pub struct Doc<'a> {
    pub fields: Vec<(&'a str, u8)>,
    pub recency: i64,
}

/// One vocabulary word's postings, split by field weight (heaviest first), each list in rank
/// order: internal ids, which number documents newest first. A document sits in one list per
/// word, the one of the heaviest field holding it.
#[derive(Default)]
struct Postings {
    lists: Vec<(u8, Box<[u32]>)>,
    /// Beside each list holding at least 1/[`DENSE`] of the documents, the same as a bitset
    /// over internal ids, so two common words that rarely meet are intersected a machine word
    /// at a time instead of by walking both lists. It costs no more than the list it mirrors.
    bits: Vec<Option<Box<[u64]>>>,
}

/// A list is dense, and mirrored as a bitset, from 1/DENSE of the documents.
const DENSE: usize = 32;

/// An inverted index of normalised words whose postings are kept in the final tie-break order,
/// so the best `k` documents for a word are the first `k` of its lists.
#[derive(Default)]
pub struct Index {
    /// Sorted, distinct.
    vocab: Vec<String>,
    postings: Vec<Postings>,
    /// (first letter, length) → vocabulary ids, for typo candidates.
    buckets: HashMap<(char, usize), Vec<u32>>,
    /// Internal id → document id. Internal ids run newest first, then by document id.
    docs: Vec<u32>,
    /// By document id.
    recency: Vec<i64>,
}

/// One result: the document and why it ranks where it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub doc: u32,
    /// How many query words it matched.
    pub matched: usize,
    /// Sum of match kinds over matched words (lower is better).
    pub kinds: usize,
    /// Sum of the best field weight per matched word (higher is better).
    pub weight: usize,
    pub recency: i64,
    /// The query words it matched: bit i for the i-th word of `words(query)`.
    pub words: u32,
    /// Of those, the ones matched only loosely (one typo beyond what the word's length allows).
    pub loose: u32,
}

/// Typo candidates kept per query word, closest first: bounds the lists a word unions.
const MAX_TYPO_TERMS: usize = 32;
/// Prefix candidates kept for the last word, shortest first.
const MAX_PREFIX_TERMS: usize = 64;

impl Index {
    /// Builds the index: O(total words), plus sorting documents by recency once and each
    /// postings list into that order.
    pub fn build<'a>(docs: impl IntoIterator<Item = Doc<'a>>) -> Index {
        // word → (weight, document id), in document order
        let mut by_word: HashMap<String, Vec<(u8, u32)>> = HashMap::new();
        let mut recency = Vec::new();
        for (doc, d) in docs.into_iter().enumerate() {
            let doc = doc as u32;
            recency.push(d.recency);
            for (text, weight) in d.fields {
                for word in normalise(text).split_whitespace() {
                    let list = by_word.entry(word.to_owned()).or_default();
                    match list.last_mut() {
                        Some(last) if last.1 == doc => last.0 = last.0.max(weight),
                        _ => list.push((weight, doc)),
                    }
                }
            }
        }
        let mut order: Vec<u32> = (0..recency.len() as u32).collect();
        order.sort_by_key(|&d| (std::cmp::Reverse(recency[d as usize]), d));
        let mut internal = vec![0u32; order.len()];
        for (i, &doc) in order.iter().enumerate() {
            internal[doc as usize] = i as u32;
        }
        let mut entries: Vec<(String, Vec<(u8, u32)>)> = by_word.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut buckets: HashMap<(char, usize), Vec<u32>> = HashMap::new();
        let mut vocab = Vec::with_capacity(entries.len());
        let mut postings = Vec::with_capacity(entries.len());
        for (id, (word, mut list)) in entries.into_iter().enumerate() {
            if let Some(first) = word.chars().next() {
                buckets
                    .entry((first, word.chars().count()))
                    .or_default()
                    .push(id as u32);
            }
            for posting in &mut list {
                posting.1 = internal[posting.1 as usize];
            }
            list.sort_unstable_by_key(|(_, d)| *d);
            let mut weights: Vec<u8> = Vec::new();
            for (w, _) in &list {
                if !weights.contains(w) {
                    weights.push(*w);
                }
            }
            weights.sort_unstable_by(|a, b| b.cmp(a));
            let lists: Vec<(u8, Box<[u32]>)> = weights
                .into_iter()
                .map(|w| {
                    let ids: Box<[u32]> = list
                        .iter()
                        .filter(|(x, _)| *x == w)
                        .map(|(_, d)| *d)
                        .collect();
                    (w, ids)
                })
                .collect();
            let bits = lists
                .iter()
                .map(|(_, ids)| {
                    (ids.len() * DENSE >= order.len()).then(|| {
                        let mut bits = vec![0u64; order.len().div_ceil(64)];
                        for &d in ids.iter() {
                            bits[d as usize / 64] |= 1 << (d % 64);
                        }
                        bits.into_boxed_slice()
                    })
                })
                .collect();
            vocab.push(word);
            postings.push(Postings { lists, bits });
        }
        Index {
            vocab,
            postings,
            buckets,
            docs: order,
            recency,
        }
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Vocabulary words matching one query word, with how they match. Bounded: the exact word,
    /// at most 64 prefixes (last word only) and at most 32 typo candidates, closest first.
    fn matches(&self, word: &str, last: bool, loose: bool) -> Vec<(u32, MatchKind)> {
        let mut out = Vec::new();
        let start = self.vocab.partition_point(|v| v.as_str() < word);
        if self.vocab.get(start).is_some_and(|v| v == word) {
            out.push((start as u32, MatchKind::Exact));
        }
        let len = word.chars().count();
        if last && len >= 2 {
            // Prefix matches for the word being typed, shortest (closest) first, bounded.
            let mut prefixed: Vec<u32> = (start..self.vocab.len())
                .take_while(|&i| self.vocab[i].starts_with(word))
                .filter(|&i| self.vocab[i] != word)
                .map(|i| i as u32)
                .collect();
            prefixed.sort_by_key(|&i| (self.vocab[i as usize].len(), i));
            prefixed.truncate(MAX_PREFIX_TERMS);
            out.extend(prefixed.into_iter().map(|i| (i, MatchKind::Prefix)));
        }
        let typos = allowed_typos(len) + usize::from(loose && len >= 5);
        let Some(first) = word.chars().next() else {
            return out;
        };
        if typos > 0 {
            let mut typo: Vec<(usize, u32)> = Vec::new();
            for l in len.saturating_sub(typos)..=len + typos {
                for &id in self.buckets.get(&(first, l)).into_iter().flatten() {
                    let candidate = &self.vocab[id as usize];
                    if candidate != word {
                        let distance = strsim::osa_distance(word, candidate);
                        if distance <= typos {
                            typo.push((distance, id));
                        }
                    }
                }
            }
            typo.sort_unstable();
            typo.truncate(MAX_TYPO_TERMS);
            out.extend(typo.into_iter().map(|(distance, id)| {
                let kind = if distance > allowed_typos(len) {
                    MatchKind::Loose
                } else {
                    MatchKind::Typo
                };
                (id, kind)
            }));
        }
        // A word found both as a prefix and as a typo counts once, at its best.
        out.sort_by_key(|&(id, kind)| (id, kind));
        out.dedup_by_key(|&mut (id, _)| id);
        out
    }

    /// The `limit` newest documents, newest first: what autocomplete offers before anything is
    /// typed. O(limit): documents are numbered newest first.
    pub fn newest(&self, limit: usize) -> Vec<u32> {
        self.docs.iter().take(limit).copied().collect()
    }

    /// The best `limit` documents for a query, best first: those matching every query word
    /// first, then those matching fewer. Loose typos are tried only for a word that matches
    /// nothing at all. The cost grows with `limit` and the words' candidate lists, not with how
    /// many documents match: see `topk`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = words(query).into_iter().take(MAX_WORDS).collect();
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let found: Vec<Vec<(u32, MatchKind)>> = words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                let last = i == words.len() - 1;
                let found = self.matches(word, last, false);
                if found.is_empty() {
                    self.matches(word, last, true)
                } else {
                    found
                }
            })
            .collect();
        topk::search(self, &found, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(titles: &[&str]) -> Index {
        Index::build(titles.iter().enumerate().map(|(i, t)| Doc {
            fields: vec![(t, 3)],
            recency: i as i64,
        }))
    }

    #[test]
    fn normalises_case_accents_and_punctuation() {
        assert_eq!(
            words("Michael Coté, KAPITAN!"),
            ["michael", "cote", "kapitan"]
        );
        assert_eq!(words("O'Brien"), ["obrien"]);
    }

    #[test]
    fn typos_by_length() {
        let idx = index(&["Deployments with Kapitan", "Cortex monitoring", "Go tips"]);
        assert_eq!(idx.search("kapitan", 5)[0].doc, 0);
        assert_eq!(
            idx.search("kapitna", 5)[0].doc,
            0,
            "a swap of neighbours is one typo"
        );
        assert_eq!(idx.search("cortez", 5)[0].doc, 1);
        assert!(idx.search("gp", 5).is_empty(), "no typo under 5 letters");
        assert_eq!(idx.search("kap", 5)[0].doc, 0, "prefix of the last word");
    }

    #[test]
    fn exact_beats_prefix_beats_typo_then_recency() {
        let idx = index(&["Flux", "Fluxcd in depth", "Flex layouts", "Flux again"]);
        let hits = idx.search("flux", 5);
        let docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [3, 0, 1]);
    }

    #[test]
    fn every_word_counts_with_a_fallback() {
        let idx = index(&[
            "Runtime security for Kubernetes",
            "Runtime tuning",
            "Security basics",
        ]);
        assert_eq!(idx.search("runtime security", 5)[0].doc, 0);
        let hits = idx.search("runtime zebra", 5);
        assert_eq!(hits[0].matched, 1);
    }

    #[test]
    fn stopwords_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the") && !is_stopword("kafka"));
        assert_eq!(significant("a guide to kafka"), [false, true, false, true]);
    }

    /// The ranking the top-k retrieval must reproduce, computed the slow way: every document
    /// scored against every candidate word.
    fn brute_force(idx: &Index, query: &str, limit: usize) -> Vec<(u32, usize, usize, usize)> {
        let words: Vec<String> = words(query);
        let found: Vec<Vec<(u32, MatchKind)>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let last = i == words.len() - 1;
                let f = idx.matches(w, last, false);
                if f.is_empty() {
                    idx.matches(w, last, true)
                } else {
                    f
                }
            })
            .collect();
        let mut scored = Vec::new();
        for (internal, &doc) in idx.docs.iter().enumerate() {
            let (mut matched, mut kinds, mut weight) = (0, 0, 0);
            for f in &found {
                let best = f
                    .iter()
                    .flat_map(|(term, kind)| {
                        idx.postings[*term as usize]
                            .lists
                            .iter()
                            .filter(|(_, l)| l.contains(&(internal as u32)))
                            .map(move |(w, _)| (*kind, std::cmp::Reverse(*w)))
                    })
                    .min();
                if let Some((k, w)) = best {
                    matched += 1;
                    kinds += k as usize;
                    weight += w.0 as usize;
                }
            }
            if matched > 0 {
                scored.push((internal, doc, matched, kinds, weight));
            }
        }
        scored.sort_by_key(|&(i, _, m, k, w)| (std::cmp::Reverse(m), k, std::cmp::Reverse(w), i));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, d, m, k, w)| (d, m, k, w))
            .collect()
    }

    #[test]
    fn top_k_ranks_as_scoring_every_document_would() {
        let posts = crate::synth::posts(300, 3);
        let mut corpus = crate::corpus::Corpus::default();
        for (name, text) in &posts {
            corpus.events.extend(crate::corpus::read_post(name, text).0);
        }
        let archive = crate::archive::Archive::new(corpus);
        for query in [
            "guide",
            "guid",
            "gude",
            "a",
            "on",
            "the edge",
            "kub",
            "practcal guide",
            "sofia",
            "patel",
            "sofia patel",
            "scaling guide",
            "kafka zzzz",
            "lessons from running",
            "nimbus labs",
            "start small",
            "o",
            "promethues",
            "cost control with kafka on",
        ] {
            let got: Vec<(u32, usize, usize, usize)> = archive
                .talk_index
                .search(query, 7)
                .iter()
                .map(|h| (h.doc, h.matched, h.kinds, h.weight))
                .collect();
            assert_eq!(got, brute_force(&archive.talk_index, query, 7), "{query}");
        }
    }
}
