//! How `emcee init` shows what it inferred: the commented `community.toml` (a sure value as a
//! key, an unsure one commented out under its question and marked "(check)", an unknown one as
//! a question with an empty key) and the terminal's lines, which mark the same values.
//!
//! An unsure time zone → `# Time zone: … (check)` / `# … Is it "Europe/Berlin"?` /
//! `# timezone = "Europe/Berlin"`, and `  time zone   Europe/Berlin (check)  (…)`.

use super::Inferred;

impl Inferred {
    /// A commented `community.toml`: each sure value with where it came from; each unsure one
    /// as a question, its value commented out and marked "(check)"; each unknown one as a
    /// question with an empty key. Nothing emcee acts on is a guess the organiser has not seen.
    pub fn community_toml(&self, source: &str) -> String {
        let mut out = format!(
            "# community.toml, written by `emcee init` from {} files in {source} ({} meetups).\n\
             # Each value says where it came from. Lines marked \"(check)\" are emcee's guesses,\n\
             # left commented out: remove the \"# \" before a key when the guess is right, or write\n\
             # yours; then run `emcee check` again. Keys: name, timezone, location, venue,\n\
             # start_time, events_url, and [aliases] for names no rule can merge.\n\n",
            self.files, self.meetups
        );
        for row in self.rows() {
            let Some(key) = row.key else { continue };
            let quoted = |s: &str| toml::Value::String(s.to_owned()).to_string();
            match (&row.value, row.unsure) {
                (Some(value), false) => {
                    out.push_str(&format!(
                        "# {}: {}\n{key} = {}\n\n",
                        row.what,
                        row.why,
                        quoted(value)
                    ));
                }
                (Some(value), true) => out.push_str(&format!(
                    "# {}: {} (check)\n# {} Is it {}?\n# {key} = {}\n\n",
                    row.what,
                    row.why,
                    row.question,
                    quoted(value),
                    quoted(value)
                )),
                (None, _) => out.push_str(&format!(
                    "# {}: {}.\n# {}\n# {key} = \n\n",
                    row.what, row.why, row.question
                )),
            }
        }
        match self.weekday.value {
            Some(day) => out.push_str(&format!(
                "# Meets on {}s: {}{}. emcee reads this from the posts (no key to set); it \
                 settles dates whose weekday and day disagree.\n",
                crate::corpus::dates::weekday_name(day),
                self.weekday.why,
                if self.weekday.unsure {
                    ", not a clear habit (check)"
                } else {
                    ""
                }
            )),
            None => out.push_str(&format!("# Usual weekday: {}.\n", self.weekday.why)),
        }
        out
    }

    /// What `emcee init` prints, one line per value, with "(check)" where the file asks:
    /// `  time zone   Europe/Berlin (check)  (its city is named in 3 of the 45 locations …)`.
    pub fn summary(&self) -> Vec<String> {
        self.rows()
            .into_iter()
            .map(|row| {
                let value = match (&row.value, row.unsure) {
                    (Some(value), false) => value.clone(),
                    (Some(value), true) => format!("{value} (check)"),
                    (None, _) => "? (check)".to_owned(),
                };
                format!("  {:<11} {value}  ({})", row.label, row.why)
            })
            .collect()
    }

    /// Each inferred value as the file and the terminal show it.
    fn rows(&self) -> Vec<Row> {
        let row = |label, key, what, question, value: Option<String>, why: &str, unsure| Row {
            label,
            key,
            what,
            question,
            unsure: unsure || value.is_none(),
            value,
            why: why.to_owned(),
        };
        vec![
            row(
                "name",
                Some("name"),
                "Name",
                "What is your community called (until it is set, \"the community\")?",
                self.name.value.clone(),
                &self.name.why,
                self.name.unsure,
            ),
            row(
                "time zone",
                Some("timezone"),
                "Time zone",
                "Which time zone do you meet in (an IANA name such as \"Europe/London\"; until \
                 it is set, times are in UTC)?",
                self.timezone.value.map(|tz| tz.name().to_owned()),
                &self.timezone.why,
                self.timezone.unsure,
            ),
            row(
                "location",
                Some("location"),
                "Location",
                "Where do you meet (a city)?",
                self.location.value.clone(),
                &self.location.why,
                self.location.unsure,
            ),
            row(
                "venue",
                Some("venue"),
                "Usual venue",
                "Where do most meetups take place (a default venue)?",
                self.venue.value.clone(),
                &self.venue.why,
                self.venue.unsure,
            ),
            row(
                "start time",
                Some("start_time"),
                "Usual start time",
                "When do meetups start (such as \"18:30\" or \"6.30pm\")?",
                self.start_time.value.map(|t| t.format("%H:%M").to_string()),
                &self.start_time.why,
                self.start_time.unsure,
            ),
            row(
                "weekday",
                None,
                "Usual weekday",
                "",
                self.weekday
                    .value
                    .map(|d| crate::corpus::dates::weekday_name(d).to_owned()),
                &self.weekday.why,
                self.weekday.unsure,
            ),
        ]
    }
}

/// One inferred value: its label on the terminal, its key in the file (none for the weekday,
/// which is read from the posts), and the question asked when it is unsure or unknown.
struct Row {
    label: &'static str,
    key: Option<&'static str>,
    what: &'static str,
    question: &'static str,
    value: Option<String>,
    why: String,
    unsure: bool,
}
