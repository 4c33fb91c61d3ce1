//! Entity resolution: one person and one organisation under the names the blog writes for
//! them. Names are grouped by a key that ignores what no reader notices (case, accents,
//! spacing, punctuation, honorifics, middle initials and nicknames for people; legal and
//! product suffixes such as "Labs", "Inc." and "Ltd", and a web domain's ending for
//! organisations), and by the `[aliases]` of `community.toml` for what no rule can know. Each
//! group is shown under its canonical name: the alias's, else the most frequent spelling.
//!
//! `Red Hat`, `Redhat` and `red hat` → one organisation, "Red Hat"; `Grafana` and `Grafana Labs`
//! → one; `[aliases] "Amazon Web Services" = ["AWS", "Amazon"]` joins what no rule could.
//!
//! Cost: one pass over every name in the corpus, O(total name length).

use std::collections::HashMap;

use serde::Serialize;

use super::model::{Event, Warning};

/// Canonical names of the corpus's people and organisations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entities {
    people: HashMap<String, String>,
    organisations: HashMap<String, String>,
}

/// `[aliases]` of `community.toml`: a canonical name and the variants it stands for.
pub type Aliases = Vec<(String, Vec<String>)>;

impl Entities {
    /// The canonical name of a person as written.
    pub fn person<'a>(&'a self, name: &'a str) -> &'a str {
        self.people
            .get(&person_key(name))
            .map_or(name, String::as_str)
    }

    /// The canonical name of an organisation as written.
    pub fn organisation<'a>(&'a self, name: &'a str) -> &'a str {
        self.organisations
            .get(&organisation_key(name))
            .map_or(name, String::as_str)
    }

    /// Groups every name the events use. Returns a note for each group that merged several
    /// spellings, so an organiser can see what was taken for one entity.
    pub fn build(events: &[Event], aliases: &Aliases) -> (Entities, Vec<Warning>) {
        let mut people = Groups::default();
        let mut organisations = Groups::default();
        // The same names come back meetup after meetup: each is keyed once.
        let (mut person, mut organisation) = (Keys::new(person_key), Keys::new(organisation_key));
        for event in events {
            for talk in &event.talks {
                for speaker in &talk.speakers {
                    people.add(person.of(&speaker.name), &speaker.name);
                    if let Some(org) = &speaker.affiliation {
                        organisations.add(organisation.of(org), org);
                    }
                }
            }
            for host in &event.hosts {
                people.add(person.of(host), host);
            }
            for sponsor in &event.sponsors {
                organisations.add(organisation.of(&sponsor.name), &sponsor.name);
            }
            for company in &event.announced_companies {
                organisations.add(organisation.of(company), company);
            }
        }
        let mut short_notes = people.join_short_names();
        for (canonical, variants) in aliases {
            // An alias may name a person or an organisation: it joins whichever groups exist.
            people.alias(canonical, variants, person_key);
            organisations.alias(canonical, variants, organisation_key);
        }
        let (people_names, organisation_names) = (people.canonical(), organisations.canonical());
        // An alias the organiser wrote settles a short name: no note about it.
        short_notes.retain(|(key, _)| {
            people
                .aliased
                .get(key)
                .is_none_or(|(_, name)| !aliases.iter().any(|(a, _)| a == name))
        });
        let mut warnings: Vec<Warning> = short_notes.into_iter().map(|(_, w)| w).collect();
        warnings.extend(people.merge_notes("person", &people_names));
        warnings.extend(organisations.merge_notes("organisation", &organisation_names));
        (
            Entities {
                people: people_names,
                organisations: organisation_names,
            },
            warnings,
        )
    }
}

/// A key function with the key of every name already asked for.
struct Keys<'a> {
    key: fn(&str) -> String,
    known: HashMap<&'a str, String>,
}

impl<'a> Keys<'a> {
    fn new(key: fn(&str) -> String) -> Keys<'a> {
        Keys {
            key,
            known: HashMap::new(),
        }
    }

    fn of(&mut self, name: &'a str) -> String {
        let key = self.key;
        self.known.entry(name).or_insert_with(|| key(name)).clone()
    }
}

/// Spellings seen under each key, with counts, and the keys aliases joined.
#[derive(Default)]
struct Groups {
    spellings: HashMap<String, Vec<(String, usize)>>,
    /// key → (alias target key, canonical name from the alias).
    aliased: HashMap<String, (String, String)>,
}

impl Groups {
    fn add(&mut self, key: String, name: &str) {
        if key.is_empty() {
            return;
        }
        let list = self.spellings.entry(key).or_default();
        match list.iter_mut().find(|(s, _)| s == name) {
            Some((_, n)) => *n += 1,
            None => list.push((name.to_owned(), 1)),
        }
    }

    fn alias(&mut self, canonical: &str, variants: &[String], key: fn(&str) -> String) {
        let target = key(canonical);
        for variant in variants.iter().map(String::as_str).chain([canonical]) {
            let k = key(variant);
            if self.spellings.contains_key(&k) || k == target {
                self.aliased
                    .insert(k, (target.clone(), canonical.to_owned()));
            }
        }
    }

    /// key → canonical name, for every key whose canonical name can differ from the name as
    /// written: a key with one spelling and no alias is left out (a lookup falls back to the
    /// name as written, which is that spelling), which at 100k talks saves megabytes.
    fn canonical(&self) -> HashMap<String, String> {
        let mut out = HashMap::new();
        // Spellings pooled per final group (after aliases).
        let mut pooled: HashMap<&str, Vec<&(String, usize)>> = HashMap::new();
        for (key, list) in &self.spellings {
            let group = self
                .aliased
                .get(key)
                .map_or(key.as_str(), |(t, _)| t.as_str());
            pooled.entry(group).or_default().extend(list.iter());
        }
        let chosen: HashMap<&str, String> = pooled
            .iter()
            .map(|(group, list)| {
                let alias = self
                    .aliased
                    .values()
                    .find(|(t, _)| t == group)
                    .map(|(_, name)| name.clone());
                let frequent = list
                    .iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(s, _)| s.clone())
                    .unwrap_or_default();
                (*group, alias.unwrap_or(frequent))
            })
            .collect();
        for key in self.spellings.keys() {
            let group = self
                .aliased
                .get(key)
                .map_or(key.as_str(), |(t, _)| t.as_str());
            let alone = !self.aliased.contains_key(key)
                && pooled.get(group).is_some_and(|list| list.len() == 1);
            if let Some(name) = chosen.get(group)
                && !alone
            {
                out.insert(key.clone(), name.clone());
            }
        }
        out
    }

    /// Joins a first name or nickname written alone ("Alex", "Sam") to the one full name of the
    /// corpus it fits ("Alex Rivers", "Samantha Okafor"); when several fit, it stays apart.
    /// Either way a note (with the short name's key) says what was decided.
    fn join_short_names(&mut self) -> Vec<(String, Warning)> {
        let mut by_first: HashMap<&str, Vec<&str>> = HashMap::new();
        for key in self.spellings.keys() {
            if let Some((first, _)) = key.split_once(' ') {
                by_first.entry(first).or_default().push(key);
            }
        }
        let mut joins = Vec::new();
        let mut notes = Vec::new();
        let mut shorts: Vec<&String> = self.spellings.keys().filter(|k| !k.contains(' ')).collect();
        shorts.sort();
        for short in shorts {
            let forms = NICKNAMES
                .iter()
                .find(|(nick, _)| nick == short)
                .map_or(&[][..], |(_, forms)| *forms);
            let mut fits: Vec<&str> = std::iter::once(short.as_str())
                .chain(forms.iter().copied())
                .filter_map(|first| by_first.get(first))
                .flatten()
                .copied()
                .collect();
            fits.sort_unstable();
            fits.dedup();
            let written = self.most_frequent(short);
            match fits.as_slice() {
                [] => {}
                [full] => {
                    let name = self.most_frequent(full);
                    notes.push((
                        short.clone(),
                        note(format!(
                            "note: \"{written}\" taken for \"{name}\", the one person of that \
                             first name (add [aliases] to community.toml to change this)"
                        )),
                    ));
                    joins.push((short.clone(), (full.to_string(), name)));
                }
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .map(|k| format!("\"{}\"", self.most_frequent(k)))
                        .collect();
                    notes.push((
                        short.clone(),
                        note(format!(
                            "note: \"{written}\" may be {}: kept apart (add [aliases] to \
                             community.toml to join it to one)",
                            names.join(" or ")
                        )),
                    ));
                }
            }
        }
        self.aliased.extend(joins);
        notes
    }

    /// The spelling written most often under `key`.
    fn most_frequent(&self, key: &str) -> String {
        self.spellings
            .get(key)
            .and_then(|list| {
                list.iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            })
            .map_or_else(|| key.to_owned(), |(s, _)| s.clone())
    }

    /// A note for each canonical name (from [`Groups::canonical`]) several spellings share.
    fn merge_notes(&self, what: &str, canonical: &HashMap<String, String>) -> Vec<Warning> {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for (key, list) in &self.spellings {
            // The organiser settled an aliased group already.
            if self.aliased.contains_key(key) {
                continue;
            }
            if let Some(name) = canonical.get(key) {
                by_name
                    .entry(name.as_str())
                    .or_default()
                    .extend(list.iter().map(|(s, _)| s.as_str()));
            }
        }
        let mut notes: Vec<Warning> = by_name
            .into_iter()
            .filter(|(_, spellings)| spellings.len() > 1)
            .map(|(name, mut spellings)| {
                spellings.sort_unstable();
                spellings.dedup();
                Warning {
                    source: "community.toml".to_owned(),
                    line: None,
                    message: format!(
                        "note: name variants merged as one {what}, \"{name}\": {} (add [aliases] to community.toml to change this)",
                        spellings
                            .iter()
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            })
            .filter(|w| w.message.matches('"').count() > 4)
            .collect();
        notes.sort_by(|a, b| a.message.cmp(&b.message));
        notes
    }
}

fn note(message: String) -> Warning {
    Warning {
        source: "community.toml".to_owned(),
        line: None,
        message,
    }
}

/// Nicknames and the first names they shorten, as keys (lower case, unaccented).
const NICKNAMES: &[(&str, &[&str])] = &[
    (
        "alex",
        &[
            "alexander",
            "alexandra",
            "alexis",
            "alejandro",
            "aleksandar",
        ],
    ),
    ("andy", &["andrew", "andreas"]),
    ("ben", &["benjamin"]),
    ("bill", &["william"]),
    ("bob", &["robert"]),
    (
        "chris",
        &["christopher", "christian", "christine", "christina"],
    ),
    ("dan", &["daniel"]),
    ("dave", &["david"]),
    ("greg", &["gregory"]),
    ("jim", &["james"]),
    ("joe", &["joseph"]),
    ("jon", &["jonathan"]),
    ("josh", &["joshua"]),
    (
        "kate",
        &["katherine", "catherine", "kathryn", "katarina", "katharina"],
    ),
    ("liz", &["elizabeth"]),
    ("matt", &["matthew", "matthias"]),
    ("max", &["maximilian", "maxim"]),
    ("mike", &["michael"]),
    ("nick", &["nicholas", "nikolaus"]),
    ("pat", &["patrick", "patricia"]),
    ("rob", &["robert"]),
    ("sam", &["samuel", "samantha"]),
    ("steve", &["stephen", "steven"]),
    ("tom", &["thomas"]),
    ("tony", &["anthony"]),
    ("will", &["william"]),
];

/// Letters folded to lower-case ASCII where they have a plain form ("Žiga" → "ziga").
fn fold(text: &str) -> String {
    super::extract::fold(text)
}

/// "Dr. Ada B. Lovelace", "ada  lovelace", "Ada \"Countess\" Lovelace" → "ada lovelace".
pub fn person_key(name: &str) -> String {
    const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "sir", "lt", "col"];
    let folded = fold(name);
    let words: Vec<String> = folded
        .split_whitespace()
        .filter(|w| !w.starts_with(['"', '“', '(', '\'']))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let count = words.len();
    words
        .into_iter()
        .enumerate()
        .filter(|(k, w)| {
            // Middle initials: "Ada B. Lovelace".
            let initial = w.chars().count() == 1 && *k > 0 && *k + 1 < count;
            !HONORIFICS.contains(&w.as_str()) && !initial
        })
        .map(|(_, w)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Red Hat", "Redhat", "Grafana Labs", "Acme, Inc.", "acme.io" → "redhat", "grafana", "acme".
pub fn organisation_key(name: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "labs",
        "lab",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "gmbh",
        "plc",
        "corp",
        "corporation",
        "co",
        "ag",
        "sa",
        "bv",
        "oy",
        "ab",
    ];
    const DOMAINS: &[&str] = &[
        ".com", ".io", ".co.uk", ".net", ".org", ".dev", ".ai", ".si", ".dk",
    ];
    let mut folded = fold(name.trim());
    for domain in DOMAINS {
        if let Some(stripped) = folded.strip_suffix(domain)
            && !stripped.contains(' ')
            && !stripped.is_empty()
        {
            folded = stripped.to_owned();
            break;
        }
    }
    let words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && w != "the")
        .collect();
    let mut end = words.len();
    while end > 1 && SUFFIXES.contains(&words[end - 1].as_str()) {
        end -= 1;
    }
    words[..end].concat()
}

/// A speaker as the dump prints it: the name as written and its canonical form.
#[derive(Serialize)]
pub struct ResolvedName<'a> {
    pub name: &'a str,
    pub canonical: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::model::{EventDate, Kind, Speaker, Sponsor, Talk};

    /// Name variants and the key that makes them one entity.
    #[test]
    fn keys_join_variants_by_rule() {
        let same_org: &[(&str, &str)] = &[
            ("Red Hat", "Redhat"),
            ("ControlPlane", "Control Plane"),
            ("Grafana", "Grafana Labs"),
            ("Acme, Inc.", "ACME"),
            ("widgets.io", "Widgets"),
            ("The Guild", "Guild"),
        ];
        for (a, b) in same_org {
            assert_eq!(organisation_key(a), organisation_key(b), "{a} / {b}");
        }
        assert_ne!(
            organisation_key("Amazon"),
            organisation_key("Amazon Web Services")
        );
        let same_person: &[(&str, &str)] = &[
            ("Ada Lovelace", "ada  lovelace"),
            ("Dr. Ada Lovelace", "Ada Lovelace"),
            ("Ada B. Lovelace", "Ada Lovelace"),
            ("Ada \"Countess\" Lovelace", "Ada Lovelace"),
            ("Žiga Novak", "Ziga Novak"),
        ];
        for (a, b) in same_person {
            assert_eq!(person_key(a), person_key(b), "{a} / {b}");
        }
        assert_ne!(person_key("Ada Lovelace"), person_key("Ada Byron"));
    }

    fn event(speakers: &[(&str, &str)], sponsors: &[&str]) -> Event {
        let mut e = Event::new(EventDate::parse("2020-01-01").unwrap(), "x", Kind::Meetup);
        e.talks = speakers
            .iter()
            .map(|(name, org)| Talk {
                title: "t".into(),
                speakers: vec![Speaker {
                    name: (*name).into(),
                    affiliation: Some((*org).into()),
                }],
                ..Talk::default()
            })
            .collect();
        e.sponsors = sponsors
            .iter()
            .map(|s| Sponsor {
                name: (*s).into(),
                url: None,
            })
            .collect();
        e
    }

    #[test]
    fn canonical_is_the_most_frequent_spelling_unless_aliased() {
        let events = vec![
            event(&[("Ada Lovelace", "Red Hat")], &["Redhat", "AWS"]),
            event(&[("ada lovelace", "Red Hat")], &["Amazon"]),
        ];
        let (entities, notes) = Entities::build(&events, &Vec::new());
        assert_eq!(entities.organisation("Redhat"), "Red Hat");
        assert_eq!(entities.person("ada lovelace"), "Ada Lovelace");
        assert_eq!(entities.organisation("AWS"), "AWS");
        assert!(notes.iter().any(|n| n.message.contains("\"Red Hat\"")));
        let aliases = vec![(
            "Amazon Web Services".to_owned(),
            vec!["AWS".to_owned(), "Amazon".to_owned()],
        )];
        let (entities, _) = Entities::build(&events, &aliases);
        assert_eq!(entities.organisation("AWS"), "Amazon Web Services");
        assert_eq!(entities.organisation("Amazon"), "Amazon Web Services");
    }

    /// Regression: a first name or nickname in a later post ("Alex", "Sam") was a person of its
    /// own beside the one full name it fits.
    #[test]
    fn a_first_name_or_nickname_joins_the_one_full_name_it_fits() {
        let speakers = [
            ("Alex Rivers", "Acme"),
            ("Samantha Okafor", "Acme"),
            ("Kate Lind", "Acme"),
            ("Katherine Moss", "Acme"),
            ("Alex", "Acme"),
            ("Sam", "Acme"),
            ("Kate", "Acme"),
            ("Chris", "Acme"),
        ];
        let (entities, notes) = Entities::build(&[event(&speakers, &[])], &Vec::new());
        // (as written, canonical): one fit joins; two fits or none stay apart.
        for (written, canonical) in [
            ("Alex", "Alex Rivers"),
            ("alex", "Alex Rivers"),
            ("Sam", "Samantha Okafor"),
            ("Kate", "Kate"),
            ("Chris", "Chris"),
            ("Alex Rivers", "Alex Rivers"),
        ] {
            assert_eq!(entities.person(written), canonical, "{written}");
        }
        let said: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert!(
            said.iter()
                .any(|n| n
                    .contains("\"Kate\" may be \"Kate Lind\" or \"Katherine Moss\": kept apart")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|n| n.contains("\"Sam\" taken for \"Samantha Okafor\"")),
            "{said:?}"
        );
        // An alias the organiser writes wins, without a note.
        let aliases = vec![("Sam Hale".to_owned(), vec!["Sam".to_owned()])];
        let (entities, notes) = Entities::build(&[event(&speakers, &[])], &aliases);
        assert_eq!(entities.person("Sam"), "Sam Hale");
        assert!(
            !notes.iter().any(|n| n.message.contains("\"Sam\" taken")),
            "{notes:?}"
        );
    }
}
