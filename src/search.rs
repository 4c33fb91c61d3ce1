//! Typo-tolerant search over normalised words, as Meilisearch ranks: every query word accounted
//! for, exact before prefix before typo, then field weight, then recency.
//!
//! `Index::build(docs)` once per corpus load (O(total words)); `index.search("kaptain")` → the
//! Kapitan talk first. Typos are counted with optimal string alignment (a swap of neighbours is
//! one typo): none under 5 letters, 1 from 5, 2 from 9; the first letter must be right, which is
//! also what keeps the candidate set small: a query word is compared only with the words of its
//! first letter and a nearby length, never with the whole vocabulary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for document ids: they are small dense integers, not attacker-chosen keys
/// (queries choose words, never ids), so a multiplicative hash is enough.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

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

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    weight: u8,
}

/// A document to index: its fields as (text, weight), and a recency key (larger is newer).
pub struct Doc<'a> {
    pub fields: Vec<(&'a str, u8)>,
    pub recency: i64,
}

/// An inverted index of normalised words.
#[derive(Default)]
pub struct Index {
    /// Sorted, distinct.
    vocab: Vec<String>,
    postings: Vec<Vec<Posting>>,
    /// (first letter, length) → vocabulary ids, for typo candidates.
    buckets: HashMap<(char, usize), Vec<u32>>,
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
}

impl Index {
    /// Builds the index: O(total words).
    pub fn build<'a>(docs: impl IntoIterator<Item = Doc<'a>>) -> Index {
        let mut by_word: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut recency = Vec::new();
        for (doc, d) in docs.into_iter().enumerate() {
            recency.push(d.recency);
            for (text, weight) in d.fields {
                for word in normalise(text).split_whitespace() {
                    let list = by_word.entry(word.to_owned()).or_default();
                    match list.last_mut() {
                        Some(last) if last.doc == doc as u32 => {
                            last.weight = last.weight.max(weight)
                        }
                        _ => list.push(Posting {
                            doc: doc as u32,
                            weight,
                        }),
                    }
                }
            }
        }
        let mut entries: Vec<(String, Vec<Posting>)> = by_word.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut buckets: HashMap<(char, usize), Vec<u32>> = HashMap::new();
        for (id, (word, _)) in entries.iter().enumerate() {
            if let Some(first) = word.chars().next() {
                buckets
                    .entry((first, word.chars().count()))
                    .or_default()
                    .push(id as u32);
            }
        }
        let (vocab, postings) = entries.into_iter().unzip();
        Index {
            vocab,
            postings,
            buckets,
            recency,
        }
    }

    /// Vocabulary words matching one query word, with how they match.
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
            prefixed.sort_by_key(|&i| self.vocab[i as usize].len());
            prefixed.truncate(64);
            out.extend(prefixed.into_iter().map(|i| (i, MatchKind::Prefix)));
        }
        let typos = allowed_typos(len) + usize::from(loose && len >= 5);
        let Some(first) = word.chars().next() else {
            return out;
        };
        if typos == 0 {
            return out;
        }
        for l in len.saturating_sub(typos)..=len + typos {
            let Some(ids) = self.buckets.get(&(first, l)) else {
                continue;
            };
            for &id in ids {
                let candidate = &self.vocab[id as usize];
                if candidate == word {
                    continue;
                }
                let distance = strsim::osa_distance(word, candidate);
                if distance <= typos {
                    let kind = if distance > allowed_typos(len) {
                        MatchKind::Loose
                    } else {
                        MatchKind::Typo
                    };
                    out.push((id, kind));
                }
            }
        }
        // A word found both as a prefix and as a typo counts once, at its best.
        out.sort_by_key(|&(id, kind)| (id, kind));
        out.dedup_by_key(|&mut (id, _)| id);
        out
    }

    /// The `limit` newest documents, newest first: what autocomplete offers before anything is
    /// typed. O(n log limit).
    pub fn newest(&self, limit: usize) -> Vec<u32> {
        let mut heap = std::collections::BinaryHeap::new();
        for (doc, recency) in self.recency.iter().enumerate() {
            heap.push(std::cmp::Reverse((*recency, std::cmp::Reverse(doc as u32))));
            if heap.len() > limit {
                heap.pop();
            }
        }
        let mut out: Vec<(i64, u32)> = heap
            .into_iter()
            .map(|std::cmp::Reverse((r, std::cmp::Reverse(d)))| (r, d))
            .collect();
        out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        out.into_iter().map(|(_, d)| d).collect()
    }

    /// Ranks documents for a query. Documents matching every query word come first; when none
    /// does, those matching the most words. Loose typos are tried only when a word matches
    /// nothing at all.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = words(query).into_iter().take(16).collect();
        if words.is_empty() {
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
        if let Some(hits) = self.intersect(&found, limit) {
            return hits;
        }
        // One word matching one vocabulary word: its postings are the hits, no merging needed.
        if let [only] = found.as_slice()
            && let [(id, kind)] = only.as_slice()
        {
            let hits = self.postings[*id as usize].iter().map(|p| Hit {
                doc: p.doc,
                matched: 1,
                kinds: *kind as usize,
                weight: p.weight as usize,
                recency: self.recency[p.doc as usize],
            });
            return top(hits.collect(), limit);
        }
        // doc → (matched bitmask, kinds, weight)
        let mut scores: IdMap<(u32, usize, usize)> = IdMap::default();
        for (i, found) in found.into_iter().enumerate() {
            // Best (kind, weight) per document for this word.
            let mut best: IdMap<(MatchKind, u8)> = IdMap::default();
            for (id, kind) in found {
                for posting in &self.postings[id as usize] {
                    let entry = best.entry(posting.doc).or_insert((kind, posting.weight));
                    if (kind, std::cmp::Reverse(posting.weight))
                        < (entry.0, std::cmp::Reverse(entry.1))
                    {
                        *entry = (kind, posting.weight);
                    }
                }
            }
            for (doc, (kind, weight)) in best {
                let score = scores.entry(doc).or_insert((0, 0, 0));
                score.0 |= 1 << i;
                score.1 += kind as usize;
                score.2 += weight as usize;
            }
        }
        let hits: Vec<Hit> = scores
            .into_iter()
            .map(|(doc, (mask, kinds, weight))| Hit {
                doc,
                matched: mask.count_ones() as usize,
                kinds,
                weight,
                recency: self.recency[doc as usize],
            })
            .collect();
        top(hits, limit)
    }

    /// Documents matching every query word, found from the rarest word's postings by binary
    /// search in the others' (postings are in document order): O(rare × lists × log n) instead
    /// of touching every posting of common words. `None` when that would cost more than the
    /// union, or when no document matches every word (the caller then ranks the union).
    fn intersect(&self, found: &[Vec<(u32, MatchKind)>], limit: usize) -> Option<Vec<Hit>> {
        if found.len() < 2 || found.iter().any(Vec::is_empty) {
            return None;
        }
        let size = |f: &Vec<(u32, MatchKind)>| -> usize {
            f.iter()
                .map(|(id, _)| self.postings[*id as usize].len())
                .sum()
        };
        let rarest = (0..found.len()).min_by_key(|&i| size(&found[i]))?;
        let rare_size = size(&found[rarest]);
        let other_lists: usize = (0..found.len())
            .filter(|&i| i != rarest)
            .map(|i| found[i].len())
            .sum();
        let union_cost: usize = found.iter().map(size).sum();
        if rare_size * other_lists > union_cost {
            return None;
        }
        // The rarest word's best match per document (its one postings list, when it has one).
        let candidates: Vec<(u32, (MatchKind, u8))> = match found[rarest].as_slice() {
            [(id, kind)] => self.postings[*id as usize]
                .iter()
                .map(|p| (p.doc, (*kind, p.weight)))
                .collect(),
            lists => {
                let mut best: IdMap<(MatchKind, u8)> = IdMap::default();
                for (id, kind) in lists {
                    for posting in &self.postings[*id as usize] {
                        let entry = best.entry(posting.doc).or_insert((*kind, posting.weight));
                        if (*kind, std::cmp::Reverse(posting.weight))
                            < (entry.0, std::cmp::Reverse(entry.1))
                        {
                            *entry = (*kind, posting.weight);
                        }
                    }
                }
                best.into_iter().collect()
            }
        };
        // Candidates in document order, so each other list is walked once with a cursor that
        // only moves forward (galloping), never searched from its start.
        let mut candidates = candidates;
        if found[rarest].len() > 1 {
            candidates.sort_unstable_by_key(|(doc, _)| *doc);
        }
        let others: Vec<(usize, &[(u32, MatchKind)])> = found
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != rarest)
            .map(|(i, f)| (i, f.as_slice()))
            .collect();
        let mut cursors: Vec<Vec<usize>> = others.iter().map(|(_, l)| vec![0; l.len()]).collect();
        let mut hits = Vec::new();
        'docs: for (doc, (kind, weight)) in candidates {
            let (mut kinds, mut weights) = (kind as usize, weight as usize);
            for ((_, lists), cursors) in others.iter().zip(cursors.iter_mut()) {
                let mut best: Option<(MatchKind, u8)> = None;
                for ((id, kind), cursor) in lists.iter().zip(cursors.iter_mut()) {
                    let postings = &self.postings[*id as usize];
                    *cursor += gallop(&postings[*cursor..], doc);
                    if let Some(p) = postings.get(*cursor).filter(|p| p.doc == doc) {
                        let w = p.weight;
                        if best.is_none_or(|(k, bw)| {
                            (*kind, std::cmp::Reverse(w)) < (k, std::cmp::Reverse(bw))
                        }) {
                            best = Some((*kind, w));
                        }
                    }
                }
                let Some((k, w)) = best else { continue 'docs };
                kinds += k as usize;
                weights += w as usize;
            }
            hits.push(Hit {
                doc,
                matched: found.len(),
                kinds,
                weight: weights,
                recency: self.recency[doc as usize],
            });
        }
        (!hits.is_empty()).then(|| top(hits, limit))
    }
}

/// How many postings at the start of `postings` come before `doc`: exponential then binary
/// search, so walking a list in order costs O(log gap) per step.
fn gallop(postings: &[Posting], doc: u32) -> usize {
    let mut bound = 1;
    while bound < postings.len() && postings[bound].doc < doc {
        bound *= 2;
    }
    let end = bound.min(postings.len());
    let start = bound / 2;
    start + postings[start..end].partition_point(|p| p.doc < doc)
}

type Rank = (
    std::cmp::Reverse<usize>,
    usize,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<i64>,
    u32,
);

/// Matched words, then match kinds, then field weight, then recency; the id breaks ties.
fn rank(h: &Hit) -> Rank {
    (
        std::cmp::Reverse(h.matched),
        h.kinds,
        std::cmp::Reverse(h.weight),
        std::cmp::Reverse(h.recency),
        h.doc,
    )
}

/// The best `limit` hits, in rank order.
fn top(mut hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
    if hits.len() > limit {
        hits.select_nth_unstable_by_key(limit, rank);
        hits.truncate(limit);
    }
    hits.sort_by_key(rank);
    hits
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
}
