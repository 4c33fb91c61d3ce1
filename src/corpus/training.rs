//! Training from labelled blogs: each label names a post and its talks; the post is read
//! through the same path as `emcee check` (front matter, body blocks, the rules' speakers) and
//! its candidates become examples for both classifiers.
//!
//! `training::read_blogs(labels, corpus)` → one [`Blog`] of examples per labelled blog;
//! `training::model(&blogs, Some("x"))` → the model trained on every blog but `x`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::learn::logistic::{Options, Weights};
use super::learn::{Examples, Gold, Model, Post};
use crate::corpus::extract::{body_blocks, read_post_with, rule_others};
use crate::corpus::frontmatter;
use crate::corpus::markdown;

#[derive(Deserialize)]
struct Label {
    file: String,
    #[serde(default)]
    talk: Vec<LabelTalk>,
}

#[derive(Deserialize)]
struct LabelTalk {
    title: String,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    affiliations: Vec<String>,
}

/// One labelled blog's examples.
#[derive(Debug)]
pub struct Blog {
    pub name: String,
    pub examples: Examples,
}

/// The examples of one labelled post; `None` when the post has no front matter to split.
pub fn post_examples(source: &str, text: &str, gold: &[Gold]) -> Option<Examples> {
    let rules = read_post_with(source, text, None);
    let rule_speakers = rules
        .own
        .iter()
        .flat_map(|e| &e.talks)
        .flat_map(|t| &t.speakers)
        .map(|s| s.name.clone())
        .collect();
    let rule_others = rules
        .own
        .as_ref()
        .map(|e| rule_others(e, &e.talks))
        .unwrap_or_default();
    let split = frontmatter::split(text).ok()?;
    let blocks = body_blocks(source, split.body, split.body_line);
    let title = split.front.title.as_deref().map(markdown::plain);
    let post = Post {
        title: title.as_ref(),
        front: &text[..text.len() - split.body.len()],
        blocks: &blocks,
        rule_speakers,
        rule_others,
    };
    Some(super::learn::examples(&post, gold))
}

/// The labelled blogs under `labels` (one folder each, one TOML per post), their posts read
/// from the folder of the same name under `corpus`; sorted by name, posts by label file.
pub fn read_blogs(
    labels: &Path,
    corpus: &Path,
    mut progress: impl FnMut(usize, usize, &str),
) -> Result<Vec<Blog>, String> {
    let mut names: Vec<String> = std::fs::read_dir(labels)
        .map_err(|e| format!("cannot read {}: {e}", labels.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut blogs = Vec::new();
    for (k, name) in names.iter().enumerate() {
        progress(k + 1, names.len(), name);
        blogs.push(Blog {
            name: name.clone(),
            examples: read_blog(&labels.join(name), &corpus.join(name))?,
        });
    }
    Ok(blogs)
}

fn read_blog(labels: &Path, corpus: &Path) -> Result<Examples, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(labels)
        .map_err(|e| format!("cannot read {}: {e}", labels.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut all = Examples::default();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let label: Label = toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let Ok(post) = std::fs::read_to_string(corpus.join(&label.file)) else {
            continue;
        };
        let gold: Vec<Gold> = label
            .talk
            .into_iter()
            .map(|t| Gold {
                title: t.title,
                speakers: t.speakers,
                affiliations: t.affiliations,
            })
            .collect();
        if let Some(ex) = post_examples(&label.file, &post, &gold) {
            all.extend(ex);
        }
    }
    Ok(all)
}

/// One candidate's features and whether it is what is sought.
type Example = (Vec<String>, bool);

/// The model trained on every blog but `leave_out`.
pub fn model(blogs: &[Blog], leave_out: Option<&str>) -> Model {
    let used: Vec<&Blog> = blogs
        .iter()
        .filter(|b| Some(b.name.as_str()) != leave_out)
        .collect();
    // A feature seen in one blog only is that blog's, not how blogs write: it is left out, so
    // the model never learns a word that names one community.
    let mut seen_in: std::collections::HashMap<&str, usize> = Default::default();
    for blog in &used {
        let e = &blog.examples;
        let mut own: std::collections::HashSet<&str> = Default::default();
        for (features, _) in e.speaker.iter().chain(&e.title).chain(&e.affiliation) {
            own.extend(features.iter().map(String::as_str));
        }
        for f in own {
            *seen_in.entry(f).or_default() += 1;
        }
    }
    let pick = |f: fn(&Examples) -> &Vec<Example>| -> Vec<Example> {
        used.iter()
            .flat_map(|b| f(&b.examples).iter())
            .map(|(features, label)| {
                let shared = features
                    .iter()
                    .filter(|f| seen_in.get(f.as_str()).is_some_and(|n| *n >= 2))
                    .cloned()
                    .collect();
                (shared, *label)
            })
            .collect()
    };
    let speaker = pick(|e| &e.speaker);
    let title = pick(|e| &e.title);
    let affiliation = pick(|e| &e.affiliation);
    // Speakers are a few of many capitalised runs: their examples weigh more, within bounds.
    let pos = speaker.iter().filter(|d| d.1).count().max(1) as f64;
    let balance = ((speaker.len() as f64 - pos) / pos).clamp(1.0, 16.0).sqrt();
    Model {
        speaker: Weights::train(
            &speaker,
            &Options {
                positive_weight: balance,
                ..Options::default()
            },
        ),
        title: Weights::train(&title, &Options::default()),
        affiliation: Weights::train(&affiliation, &Options::default()),
        threshold: 0.5,
        base: None,
    }
}
