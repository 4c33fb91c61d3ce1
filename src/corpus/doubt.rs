//! How sure emcee is of what the model read: each speaker it read (or left out) with its
//! confidence, file and line, so that `emcee check --verbose` can list the least sure first and
//! an organiser knows which posts to correct.
//!
//! `Doubt { source: "_posts/x.md", line: 12, fact: "speaker \"Ada Quill\" of \"Typed pipelines\"",
//! confidence: 0.58, kept: true }` prints as
//! `_posts/x.md:12: 0.58 speaker "Ada Quill" of "Typed pipelines" (read)`.

/// Below this confidence a fact the model read is listed as unsure.
pub const UNSURE: f64 = 0.8;

/// One fact the model was unsure of.
#[derive(Clone, Debug, PartialEq)]
pub struct Doubt {
    pub source: String,
    pub line: usize,
    pub fact: String,
    /// The model's probability, 0 to 1.
    pub confidence: f64,
    /// Read as a fact (at or above the model's threshold), or left out of every answer.
    pub kept: bool,
}

impl std::fmt::Display for Doubt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {:.2} {} ({})",
            self.source,
            self.line,
            self.confidence,
            self.fact,
            if self.kept {
                "read"
            } else {
                "left out: too unsure to tell members"
            }
        )
    }
}

/// The doubts, least sure first (ties in file order).
pub fn least_sure_first(doubts: &[Doubt]) -> Vec<&Doubt> {
    let mut sorted: Vec<&Doubt> = doubts.iter().collect();
    sorted.sort_by(|a, b| {
        a.confidence
            .total_cmp(&b.confidence)
            .then_with(|| a.source.cmp(&b.source))
            .then(a.line.cmp(&b.line))
    });
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubt(source: &str, confidence: f64) -> Doubt {
        Doubt {
            source: source.to_owned(),
            line: 3,
            fact: "speaker \"Ada Quill\"".to_owned(),
            confidence,
            kept: confidence >= 0.5,
        }
    }

    #[test]
    fn the_least_sure_come_first_and_say_whether_members_see_them() {
        let doubts = [doubt("b.md", 0.7), doubt("a.md", 0.4), doubt("c.md", 0.55)];
        let lines: Vec<String> = least_sure_first(&doubts)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "a.md:3: 0.40 speaker \"Ada Quill\" (left out: too unsure to tell members)",
                "c.md:3: 0.55 speaker \"Ada Quill\" (read)",
                "b.md:3: 0.70 speaker \"Ada Quill\" (read)",
            ]
        );
    }
}
