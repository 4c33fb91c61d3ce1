//! Logistic regression over named features: the weights a model ships, the training that makes
//! them, and the probability it gives.
//!
//! `Weights::train(&[(["place=h3", "next=-"], true), (["sentence_start"], false)], &Options::default())`
//! → weights under which `probability(["place=h3", "next=-"])` is above one half.
//!
//! Training is deterministic (examples in the order given, no randomness), so the same labels
//! give the same weights byte for byte.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A bias and one weight per feature string.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Weights {
    pub bias: f64,
    /// Sorted by feature, so a written model reads the same every time.
    pub weights: BTreeMap<String, f64>,
    #[serde(skip)]
    fast: FxHashMap<String, f64>,
}

/// How to train: passes over the examples, step size, L2 penalty, weight of a positive example.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub epochs: usize,
    pub rate: f64,
    pub l2: f64,
    pub positive_weight: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 40,
            rate: 0.2,
            l2: 1e-4,
            positive_weight: 1.0,
        }
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

impl Weights {
    /// Prepares the lookup table; call once after deserialising.
    pub fn ready(mut self) -> Weights {
        self.fast = self.weights.iter().map(|(k, v)| (k.clone(), *v)).collect();
        self
    }

    /// The probability that a candidate with these features is the thing sought.
    pub fn probability<S: AsRef<str>>(&self, features: &[S]) -> f64 {
        let z = self.bias
            + features
                .iter()
                .filter_map(|f| self.fast.get(f.as_ref()))
                .sum::<f64>();
        sigmoid(z)
    }

    /// AdaGrad over the examples in order, `epochs` times; weights smaller than 1e-4 are
    /// dropped, and each is rounded to 4 decimals so the file is small and stable.
    pub fn train(examples: &[(Vec<String>, bool)], options: &Options) -> Weights {
        Weights::default().refine(examples, options)
    }

    /// These weights, trained further on `examples` (from zero weights, `train`).
    pub fn refine(&self, examples: &[(Vec<String>, bool)], options: &Options) -> Weights {
        let mut w: FxHashMap<&str, f64> =
            self.weights.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let mut g2: FxHashMap<&str, f64> = FxHashMap::default();
        let (mut bias, mut bias_g2) = (self.bias, 0.0f64);
        for _ in 0..options.epochs {
            for (features, label) in examples {
                let z = bias
                    + features
                        .iter()
                        .map(|f| w.get(f.as_str()).unwrap_or(&0.0))
                        .sum::<f64>();
                let y = if *label { 1.0 } else { 0.0 };
                let weight = if *label { options.positive_weight } else { 1.0 };
                let grad = (sigmoid(z) - y) * weight;
                bias_g2 += grad * grad;
                bias -= options.rate * grad / (bias_g2.sqrt() + 1e-8);
                for f in features {
                    let wi = w.entry(f.as_str()).or_default();
                    let g = grad + options.l2 * *wi;
                    let acc = g2.entry(f.as_str()).or_default();
                    *acc += g * g;
                    *wi -= options.rate * g / (acc.sqrt() + 1e-8);
                }
            }
        }
        let round = |x: f64| (x * 1e4).round() / 1e4;
        Weights {
            bias: round(bias),
            weights: w
                .into_iter()
                .filter(|(_, v)| v.abs() >= 1e-4)
                .map(|(k, v)| (k.to_owned(), round(v)))
                .collect(),
            fast: FxHashMap::default(),
        }
        .ready()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(features: &[&str], label: bool) -> (Vec<String>, bool) {
        (features.iter().map(|s| s.to_string()).collect(), label)
    }

    #[test]
    fn training_separates_what_the_features_separate() {
        let data = vec![
            ex(&["place=h3", "next=-"], true),
            ex(&["place=para", "prev=by"], true),
            ex(&["sentence_start", "all_words_lower_elsewhere"], false),
            ex(&["place=para", "sentence_start"], false),
        ];
        let w = Weights::train(&data, &Options::default());
        assert!(w.probability(&["place=h3", "next=-"]) > 0.8);
        assert!(w.probability(&["sentence_start", "all_words_lower_elsewhere"]) < 0.2);
    }

    #[test]
    fn training_twice_gives_the_same_weights() {
        let data = vec![
            ex(&["a", "b"], true),
            ex(&["b", "c"], false),
            ex(&["a"], true),
        ];
        let one = serde_json::to_string(&Weights::train(&data, &Options::default())).unwrap();
        let two = serde_json::to_string(&Weights::train(&data, &Options::default())).unwrap();
        assert_eq!(one, two);
    }
}
