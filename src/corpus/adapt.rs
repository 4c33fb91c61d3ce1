//! Learning a blog from its organiser's corrections: each `events/*.toml` with `sources` is a
//! labelled post of this blog; the shipped model is trained a little further on them, and the
//! blog's posts are read again with it.
//!
//! Two corrected posts whose talks sit under `#### Name - Title` headings → a model that reads
//! that heading shape in the blog's other posts, where the shipped one was unsure.

use super::learn::logistic::Options;
use super::learn::{Examples, Gold, Model};
use super::training::post_examples;

/// A corrected post: its path, its text and the talks the organiser wrote for it.
pub struct Corrected {
    pub source: String,
    pub text: String,
    pub gold: Vec<Gold>,
}

/// How much further the model is trained on corrections: a few passes, so that two posts move
/// it towards the blog's template without forgetting what the labelled blogs taught.
const REFINE: Options = Options {
    epochs: 12,
    rate: 0.3,
    l2: 1e-4,
    positive_weight: 2.0,
};

/// The model refined on the corrected posts; `None` when they give no example.
pub fn refined(base: &Model, corrected: &[Corrected]) -> Option<Model> {
    let mut all = Examples::default();
    for post in corrected {
        if let Some(ex) = post_examples(&post.source, &post.text, &post.gold) {
            all.extend(ex);
        }
    }
    if all.speaker.is_empty() {
        return None;
    }
    Some(Model {
        speaker: base.speaker.refine(&all.speaker, &REFINE),
        title: base.title.refine(&all.title, &REFINE),
        affiliation: base.affiliation.refine(&all.affiliation, &REFINE),
        threshold: base.threshold,
        base: Some(std::sync::Arc::new(base.clone())),
    })
}
