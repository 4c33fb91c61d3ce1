//! Top-k retrieval whose cost does not grow with the number of matching documents.
//!
//! Each vocabulary word's postings are split by field weight and kept in rank tie-break order
//! (newest first), so every document of one (match kind, field weight) group ranks the same for
//! that query word and a group's best documents are simply its first ones. A query visits
//! combinations of its words' groups best first and stops once `k` documents are found; the
//! lists of one level are intersected by leapfrogging (galloping search), cut off at `k`.
//! `"guide"` at any archive size reads the first five postings of "guide" in titles.

use std::cmp::Reverse;

use super::{Hit, Index, MatchKind};

/// Combinations of groups tried best first before a query falls back to one scan of the
/// documents matching every word (queries of three or more words with many typo candidates).
const MAX_COMBOS: usize = 256;
/// Word subsets tried per number of matched words when no document matches them all; past
/// this, words are dropped from the end of the query, as Meilisearch does.
const MAX_SUBSETS: usize = 64;

/// What ranks a document for one query word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Tag {
    kind: MatchKind,
    weight: Reverse<u8>,
}

/// The lists of one query word that rank the same: one match kind, one field weight.
struct Group<'a> {
    tag: Tag,
    lists: Vec<&'a [u32]>,
    /// Each list's bitset, when it is dense.
    bits: Vec<Option<&'a [u64]>>,
}

impl Group<'_> {
    fn size(&self) -> usize {
        self.lists.iter().map(|l| l.len()).sum()
    }
}

/// Groups are intersected as bitsets when every one holds at least 1/DENSE_GROUP of the
/// documents: then a pass over the bitsets (n/64 words) costs less than walking the lists.
const DENSE_GROUP: usize = 64;
/// Seeks a walk over dense groups may take before they are intersected as bitsets instead.
const WALK_BUDGET: usize = 2_048;

/// A query word's groups, best first, with its position in the query.
struct Word<'a> {
    position: usize,
    groups: Vec<Group<'a>>,
}

fn groups<'a>(index: &'a Index, found: &[(u32, MatchKind)]) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for &(term, kind) in found {
        let postings = &index.postings[term as usize];
        for ((weight, list), bits) in postings.lists.iter().zip(&postings.bits) {
            let tag = Tag {
                kind,
                weight: Reverse(*weight),
            };
            let bits = bits.as_deref();
            match out.iter_mut().find(|g| g.tag == tag) {
                Some(group) => {
                    group.lists.push(list);
                    group.bits.push(bits);
                }
                None => out.push(Group {
                    tag,
                    lists: vec![list],
                    bits: vec![bits],
                }),
            }
        }
    }
    out.sort_by_key(|g| g.tag);
    out
}

/// The best `limit` hits for the query words' candidate terms (`found[i]` for word i).
pub(super) fn search(index: &Index, found: &[Vec<(u32, MatchKind)>], limit: usize) -> Vec<Hit> {
    let words: Vec<Word<'_>> = found
        .iter()
        .enumerate()
        .map(|(position, f)| Word {
            position,
            groups: groups(index, f),
        })
        .filter(|w| !w.groups.is_empty())
        .collect();
    let mut out: Vec<Hit> = Vec::new();
    for size in (1..=words.len()).rev() {
        let need = limit - out.len();
        let mut level: Vec<Hit> = Vec::new();
        for subset in subsets(words.len(), size) {
            let chosen: Vec<&Word<'_>> = subset.iter().map(|&i| &words[i]).collect();
            level.extend(conjunctive(index, &chosen, need, &out));
        }
        level.sort_by_key(rank);
        for hit in level {
            if out.len() == limit {
                break;
            }
            if !out.iter().any(|h| h.doc == hit.doc) {
                out.push(hit);
            }
        }
        if out.len() == limit {
            break;
        }
    }
    for hit in &mut out {
        hit.doc = index.docs[hit.doc as usize];
    }
    out
}

/// Subsets of `n` words of `size` words, in query order; only the first `size` words when
/// there would be more than [`MAX_SUBSETS`].
fn subsets(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut count: usize = 1;
    for i in 0..size {
        count = count.saturating_mul(n - i) / (i + 1);
    }
    if count > MAX_SUBSETS {
        return vec![(0..size).collect()];
    }
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..size).collect();
    loop {
        out.push(current.clone());
        // Next combination in lexicographic order.
        let Some(i) = (0..size).rev().find(|&i| current[i] < n - size + i) else {
            return out;
        };
        current[i] += 1;
        for j in i + 1..size {
            current[j] = current[j - 1] + 1;
        }
    }
}

/// Matched words first, then match kinds, then field weight, then rank order (recency, then
/// document id), which internal ids already are.
fn rank(h: &Hit) -> (Reverse<usize>, usize, Reverse<usize>, u32) {
    (Reverse(h.matched), h.kinds, Reverse(h.weight), h.doc)
}

fn hit(index: &Index, internal: u32, words: &[&Word<'_>], tags: &[Tag]) -> Hit {
    let (mut matched, mut loose) = (0, 0);
    for (word, tag) in words.iter().zip(tags) {
        matched |= 1 << word.position;
        if tag.kind == MatchKind::Loose {
            loose |= 1 << word.position;
        }
    }
    Hit {
        doc: internal,
        matched: words.len(),
        kinds: tags.iter().map(|t| t.kind as usize).sum(),
        weight: tags.iter().map(|t| usize::from(t.weight.0)).sum(),
        recency: index.recency[index.docs[internal as usize] as usize],
        words: matched,
        loose,
    }
}

/// The best `need` documents matching every one of `words`, leaving out those in `skip`.
fn conjunctive(index: &Index, words: &[&Word<'_>], need: usize, skip: &[Hit]) -> Vec<Hit> {
    let combos = words
        .iter()
        .try_fold(1usize, |n, w| n.checked_mul(w.groups.len()))
        .filter(|&n| n <= MAX_COMBOS);
    match combos {
        Some(_) => by_levels(index, words, need, skip),
        None => by_scan(index, words, need, skip),
    }
}

/// Combinations of one group per word, best first; each level (combinations that rank the
/// same) is intersected up to `need` documents, and the walk stops as soon as `need` are found.
fn by_levels(index: &Index, words: &[&Word<'_>], need: usize, skip: &[Hit]) -> Vec<Hit> {
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for word in words {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                (0..word.groups.len()).map(move |g| {
                    let mut c = c.clone();
                    c.push(g);
                    c
                })
            })
            .collect();
    }
    let key = |combo: &Vec<usize>| -> (usize, Reverse<usize>) {
        let tags = words.iter().zip(combo).map(|(w, &g)| w.groups[g].tag);
        tags.fold((0, Reverse(0)), |(k, Reverse(w)), t| {
            (k + t.kind as usize, Reverse(w + usize::from(t.weight.0)))
        })
    };
    combos.sort_by_key(key);
    let mut hits: Vec<Hit> = Vec::new();
    let mut start = 0;
    while start < combos.len() && hits.len() < need {
        let level = key(&combos[start]);
        let end = start + combos[start..].partition_point(|c| key(c) == level);
        let cap = need + skip.len() + hits.len();
        let mut ids: Vec<(u32, usize)> = Vec::new();
        for (c, combo) in combos[start..end].iter().enumerate() {
            let lists: Vec<Vec<(&[u32], Tag)>> = words
                .iter()
                .zip(combo)
                .map(|(w, &g)| {
                    let group = &w.groups[g];
                    group.lists.iter().map(|l| (*l, group.tag)).collect()
                })
                .collect();
            let accept = |id: u32, got: &mut Vec<u32>| {
                if !skip.iter().any(|h| h.doc == id) && !hits.iter().any(|h| h.doc == id) {
                    got.push(id);
                }
                got.len() < cap
            };
            let groups: Vec<&Group<'_>> = words
                .iter()
                .zip(combo)
                .map(|(w, &g)| &w.groups[g])
                .collect();
            let n = index.len();
            let dense = groups.len() > 1 && groups.iter().all(|g| g.size() * DENSE_GROUP >= n);
            // Walking the lists stops early when the words often meet; dense groups get a
            // bounded walk first, then the bitsets if the walk has not found enough.
            let budget = if dense { WALK_BUDGET } else { usize::MAX };
            let mut got: Vec<u32> = Vec::new();
            if !leapfrog(lists, budget, |id, _| accept(id, &mut got)) {
                got.clear();
                intersect_bits(n, &groups, &mut |id| accept(id, &mut got));
            }
            ids.extend(got.into_iter().map(|id| (id, start + c)));
        }
        ids.sort_unstable();
        ids.dedup_by_key(|(id, _)| *id);
        for (id, c) in ids.into_iter().take(need - hits.len()) {
            let tags: Vec<Tag> = words
                .iter()
                .zip(&combos[c])
                .map(|(w, &g)| w.groups[g].tag)
                .collect();
            hits.push(hit(index, id, words, &tags));
        }
        start = end;
    }
    hits
}

/// One leapfrog over every list of every word, scoring each document matching them all; stops
/// early once `need` documents have the best score possible. For queries whose groups are too
/// many to combine; its cost is that of the intersection.
fn by_scan(index: &Index, words: &[&Word<'_>], need: usize, skip: &[Hit]) -> Vec<Hit> {
    let best: (usize, usize) = words.iter().fold((0, 0), |(k, w), word| {
        let tag = word.groups[0].tag;
        (k + tag.kind as usize, w + usize::from(tag.weight.0))
    });
    let lists: Vec<Vec<(&[u32], Tag)>> = words
        .iter()
        .map(|w| {
            w.groups
                .iter()
                .flat_map(|g| g.lists.iter().map(|l| (*l, g.tag)))
                .collect()
        })
        .collect();
    let mut hits: Vec<Hit> = Vec::new();
    let mut at_best = 0;
    leapfrog(lists, usize::MAX, |id, tags| {
        if skip.iter().any(|h| h.doc == id) {
            return true;
        }
        let h = hit(index, id, words, tags);
        if (h.kinds, h.weight) == best {
            at_best += 1;
        }
        hits.push(h);
        if hits.len() > need * 4 {
            hits.sort_by_key(rank);
            hits.truncate(need);
        }
        at_best < need
    });
    hits.sort_by_key(rank);
    hits.truncate(need);
    hits
}

/// Documents in every group, in order, passed to `emit` until it returns false: each group's
/// lists ORed into a bitset (a dense list's own bitset, a sparse one bit by bit), the groups
/// ANDed, the bits read in order. O(n/64 + sparse postings) whatever the intersection.
fn intersect_bits(n: usize, groups: &[&Group<'_>], emit: &mut impl FnMut(u32) -> bool) {
    let union = |group: &Group<'_>| -> Vec<u64> {
        let mut bits = vec![0u64; n.div_ceil(64)];
        for (list, dense) in group.lists.iter().zip(&group.bits) {
            match dense {
                Some(dense) => bits.iter_mut().zip(dense.iter()).for_each(|(b, d)| *b |= d),
                None => list
                    .iter()
                    .for_each(|&d| bits[d as usize / 64] |= 1 << (d % 64)),
            }
        }
        bits
    };
    let mut all = union(groups[0]);
    for group in &groups[1..] {
        let other = union(group);
        all.iter_mut().zip(other).for_each(|(a, o)| *a &= o);
    }
    for (i, mut word) in all.into_iter().enumerate() {
        while word != 0 {
            let bit = word.trailing_zeros();
            if !emit(i as u32 * 64 + bit) {
                return;
            }
            word &= word - 1;
        }
    }
}

/// A union of sorted lists, each tagged, read in order with a cursor per list.
struct Union<'a> {
    lists: Vec<(&'a [u32], Tag)>,
    pos: Vec<usize>,
}

impl Union<'_> {
    /// The first document at or after `target`, moving the cursors there.
    fn seek(&mut self, target: u32) -> Option<u32> {
        let mut best = None;
        for ((list, _), pos) in self.lists.iter().zip(self.pos.iter_mut()) {
            *pos += gallop(&list[*pos..], target);
            if let Some(&d) = list.get(*pos) {
                best = Some(best.map_or(d, |b: u32| b.min(d)));
            }
        }
        best
    }

    /// The best tag of the lists whose cursor is on `doc`.
    fn tag(&self, doc: u32) -> Option<Tag> {
        self.lists
            .iter()
            .zip(&self.pos)
            .filter(|((list, _), pos)| list.get(**pos) == Some(&doc))
            .map(|((_, tag), _)| *tag)
            .min()
    }
}

/// Documents in every union, in order, each with its best tag per union, passed to `emit`
/// until it returns false. The smallest union leads; the others gallop to it.
/// Returns false when it stopped because `budget` seeks were spent, true otherwise.
fn leapfrog(
    lists: Vec<Vec<(&[u32], Tag)>>,
    budget: usize,
    mut emit: impl FnMut(u32, &[Tag]) -> bool,
) -> bool {
    let mut unions: Vec<(usize, Union<'_>)> = lists
        .into_iter()
        .enumerate()
        .map(|(i, lists)| {
            let pos = vec![0; lists.len()];
            (i, Union { lists, pos })
        })
        .collect();
    let size = |u: &Union<'_>| u.lists.iter().map(|(l, _)| l.len()).sum::<usize>();
    unions.sort_by_key(|(_, u)| size(u));
    let n = unions.len();
    if n == 0 {
        return true;
    }
    let mut seeks = 0usize;
    let mut tags = vec![
        Tag {
            kind: MatchKind::Exact,
            weight: Reverse(0)
        };
        n
    ];
    let mut target = 0u32;
    loop {
        let Some(mut t) = unions[0].1.seek(target) else {
            return true;
        };
        let (mut agree, mut i) = (1, 1);
        while agree < n {
            seeks += 1;
            if seeks > budget {
                return false;
            }
            let Some(d) = unions[i % n].1.seek(t) else {
                return true;
            };
            if d == t {
                agree += 1;
            } else {
                t = d;
                agree = 1;
            }
            i += 1;
        }
        for (original, union) in &unions {
            if let Some(tag) = union.tag(t) {
                tags[*original] = tag;
            }
        }
        if !emit(t, &tags) || t == u32::MAX {
            return true;
        }
        target = t + 1;
    }
}

/// How many items at the start of `list` come before `target`: exponential then binary
/// search, so walking a list in order costs O(log gap) per step.
fn gallop(list: &[u32], target: u32) -> usize {
    if list.first().is_none_or(|&d| d >= target) {
        return 0;
    }
    let mut bound = 1;
    while bound < list.len() && list[bound] < target {
        bound *= 2;
    }
    let end = bound.min(list.len());
    let start = bound / 2;
    start + list[start..end].partition_point(|&d| d < target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_in_order_and_bounded() {
        assert_eq!(subsets(3, 2), [vec![0, 1], vec![0, 2], vec![1, 2]]);
        assert_eq!(subsets(2, 2), [vec![0, 1]]);
        assert_eq!(subsets(16, 8), [(0..8).collect::<Vec<_>>()]);
    }

    #[test]
    fn gallop_counts_smaller_items() {
        let list = [1, 3, 5, 7, 9, 11, 13];
        assert_eq!(gallop(&list, 0), 0);
        assert_eq!(gallop(&list, 8), 4);
        assert_eq!(gallop(&list, 99), 7);
    }

    #[test]
    fn leapfrog_intersects_unions() {
        let tag = |w| Tag {
            kind: MatchKind::Exact,
            weight: Reverse(w),
        };
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 6, 9], &[2, 4], &[6, 9, 12]);
        let mut seen = Vec::new();
        let lists = || vec![vec![(a, tag(4))], vec![(b, tag(1)), (c, tag(3))]];
        let finished = leapfrog(lists(), usize::MAX, |d, t| {
            seen.push((d, t[1].weight.0));
            true
        });
        assert!(finished);
        assert_eq!(seen, [(4, 1), (6, 3), (9, 3)]);
        assert!(!leapfrog(lists(), 1, |_, _| true), "one seek is not enough");
    }

    #[test]
    fn bitsets_intersect_as_lists_do() {
        let tag = Tag {
            kind: MatchKind::Exact,
            weight: Reverse(4),
        };
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 6, 9, 70], &[2, 4, 70], &[6, 9, 12]);
        let mut dense = vec![0u64; 2];
        for &d in a {
            dense[d as usize / 64] |= 1 << (d % 64);
        }
        let first = Group {
            tag,
            lists: vec![a],
            bits: vec![Some(&dense)],
        };
        let second = Group {
            tag,
            lists: vec![b, c],
            bits: vec![None, None],
        };
        let mut seen = Vec::new();
        intersect_bits(80, &[&first, &second], &mut |d| {
            seen.push(d);
            seen.len() < 3
        });
        assert_eq!(seen, [4, 6, 9], "in order, stopping when told");
    }
}
