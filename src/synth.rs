//! Synthetic meetup roundups in the blog's own format, deterministic for a seed: the input of
//! the search and loading benchmarks at sizes no real community has yet.
//!
//! `posts(2, 7)` → two `YYYY-MM-DD-synth-meetup-N.md` posts of three talks each, each announcing
//! the next day's meetup at its end.

use chrono::{Datelike, Duration, NaiveDate};

/// splitmix64: small, fast, and the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Aisha", "Alex", "Amara", "Ana", "Andrei", "Anja", "Ben", "Bruno", "Carla", "Chen", "Chloé",
    "Dara", "David", "Dmitri", "Elena", "Emeka", "Erik", "Fatima", "Felix", "Grace", "Hana",
    "Hugo", "Ines", "Ivan", "Jai", "James", "Javier", "Jin", "José", "Julia", "Kai", "Kate",
    "Kenji", "Lara", "Leon", "Lina", "Luca", "Maya", "Mehmet", "Mia", "Nadia", "Nikhil", "Noor",
    "Olga", "Omar", "Pablo", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tom",
    "Uma", "Viktor", "Wei", "Yara", "Yusuf", "Zoë",
];

const LAST: &[&str] = &[
    "Abbott",
    "Adeyemi",
    "Almeida",
    "Bauer",
    "Becker",
    "Brown",
    "Chandra",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Müller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Petrov",
    "Quinn",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Sørensen",
    "Tanaka",
    "Torres",
    "Varga",
    "Wagner",
    "Walker",
    "Wang",
    "Weber",
    "Wilson",
    "Yilmaz",
    "Young",
    "Zhang",
];

const COMPANY_A: &[&str] = &[
    "Blue", "Cloud", "Data", "Edge", "Green", "Iron", "Kube", "Light", "Nimbus", "North", "Open",
    "Pixel", "Quantum", "Red", "River", "Silver", "Stack", "Stream", "Vector", "Zen",
];

const COMPANY_B: &[&str] = &[
    "Labs",
    "Systems",
    "Works",
    "Analytics",
    "Networks",
    "Bank",
    "Health",
    "Logistics",
    "Media",
    "Security",
];

const TOOLS: &[&str] = &[
    "Kubernetes",
    "Prometheus",
    "Envoy",
    "Kapitan",
    "Cortex",
    "Flux",
    "Argo",
    "Istio",
    "Linkerd",
    "Terraform",
    "Helm",
    "Falco",
    "Jaeger",
    "Vault",
    "Cilium",
    "eBPF",
    "etcd",
    "Knative",
    "OPA",
    "Crossplane",
    "Backstage",
    "Grafana",
    "Kafka",
    "Postgres",
    "WebAssembly",
    "gRPC",
    "Tekton",
];

const PLATFORMS: &[&str] = &[
    "bare metal",
    "the edge",
    "multiple clouds",
    "a service mesh",
    "serverless",
    "GPUs",
    "a bank",
    "a hospital",
    "retail",
    "a startup",
    "regulated industries",
];

const TEMPLATES: &[&str] = &[
    "Scaling {tool} on {platform}",
    "Lessons from running {tool} in production",
    "{tool} and {tool2}: a practical guide",
    "Securing {tool} for {platform}",
    "Observability for {platform} with {tool}",
    "Migrating to {tool}: what we learned",
    "Testing {tool} controllers",
    "Cost control with {tool} on {platform}",
    "GitOps with {tool} at scale",
    "Debugging {tool} under load",
];

struct Person {
    name: String,
    company: String,
}

/// `events` roundups (three talks each) and their file names, the same for the same seed.
/// Meetups fall on successive days from 1 January 1990, so even 100,000 talks (33,334 meetups)
/// stay within the years emcee accepts (up to 2100).
pub fn posts(events: usize, seed: u64) -> Vec<(String, String)> {
    posts_of(events, 3, seed)
}

/// Most roundups that fit before 2100, one a day from 1 January 1990.
pub const MAX_EVENTS: usize = 40_000;

/// Roundups holding `talks` talks in all: three each up to 120,000 talks (the same posts as
/// [`posts`]), beyond that [`MAX_EVENTS`] roundups of more talks each, since two meetups on one
/// day would be read as one and a year past 2100 as a mistake. `posts_for_talks(1_000_000, 1)`
/// → 40,000 roundups of 25 talks.
pub fn posts_for_talks(talks: usize, seed: u64) -> Vec<(String, String)> {
    let events = talks.div_ceil(3);
    if events <= MAX_EVENTS {
        return posts_of(events, 3, seed);
    }
    posts_of(MAX_EVENTS, talks.div_ceil(MAX_EVENTS), seed)
}

/// `events` roundups of `per_event` talks each.
pub fn posts_of(events: usize, per_event: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let companies: Vec<String> = (0..150)
        .map(|i| {
            format!(
                "{} {}",
                COMPANY_A[i % COMPANY_A.len()],
                COMPANY_B[(i * 7 + i / 20) % COMPANY_B.len()]
            )
        })
        .collect();
    let pool = (events * per_event / 4).max(10);
    let people: Vec<Person> = (0..pool)
        .map(|i| Person {
            name: format!(
                "{} {}",
                FIRST[(i + i / FIRST.len()) % FIRST.len()],
                LAST[(i / FIRST.len() + i * 3) % LAST.len()]
            ),
            company: companies[i * 13 % companies.len()].clone(),
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
    let dates: Vec<NaiveDate> = (0..=events as i64)
        .map(|d| start + Duration::days(d))
        .collect();
    let mut out = Vec::with_capacity(events);
    for n in 0..events {
        let date = dates[n];
        let video = format!("v{:010x}", rng.next() & 0xff_ffff_ffff);
        let speakers: Vec<&Person> = (0..per_event)
            .map(|_| &people[rng.below(people.len())])
            .collect();
        let mut offset = 1500 + rng.below(600) as u32;
        let mut body = String::new();
        let month = crate::corpus::month_label(date.month());
        body.push_str(&format!(
            "---\nlayout: post\ntitle: \"Synth Meetup {month} {}: {}, {}, and {}\"\nlocation: London, UK\nvideo: https://www.youtube.com/embed/{video}\ntags:\n  - Meetup\n  - \"{}\"\n---\n\n",
            date.year(), speakers[0].company, speakers[1].company, speakers[per_event - 1].company, date.year()
        ));
        if per_event == 3 {
            body.push_str("Three speakers joined us for this week's synthetic meetup.\n\n");
        } else {
            body.push_str(&format!(
                "{per_event} speakers joined us for this week's synthetic meetup.\n\n"
            ));
        }
        body.push_str(&format!(
            "We are immensely grateful to [{a}](https://example.org/{i}/) and [{b}](https://example.org/{j}/) for your support.\n\n### Overview\n\n",
            a = companies[n % companies.len()],
            b = companies[(n * 5 + 1) % companies.len()],
            i = n % companies.len(),
            j = (n * 5 + 1) % companies.len(),
        ));
        let leads = [
            "First up was {who} from {org}, kicking off our evening with a discussion on",
            "Next up was {who} from {org} discussing",
            "Finally, after our break we returned with {who} from {org} who talked about",
        ];
        for (k, speaker) in speakers.iter().enumerate() {
            let title = rng
                .pick(TEMPLATES)
                .replace("{tool}", rng.pick(TOOLS))
                .replace("{tool2}", rng.pick(TOOLS))
                .replace("{platform}", rng.pick(PLATFORMS));
            let lead = leads[if k == 0 {
                0
            } else if k + 1 == per_event {
                2
            } else {
                1
            }]
            .replace("{who}", &speaker.name)
            .replace("{org}", &speaker.company);
            body.push_str(&format!(
                "{lead} {title} (starting at [{}](https://youtu.be/{video}?t={offset})). The takeaways were:\n\n",
                crate::commands::clock(offset)
            ));
            for point in [
                "Start small and measure.",
                "Automate the boring parts.",
                "Share what you learn.",
            ] {
                body.push_str(&format!("* {point}\n"));
            }
            body.push('\n');
            offset += 1700 + rng.below(900) as u32;
        }
        let next = dates[n + 1];
        body.push_str(&format!(
            "## Synth Meetup {}\n\nOur next meetup will be {} {} {}, when we'll be joined by speakers from {}, {}, and {}. [RSVP and save the date now!](https://www.meetup.com/synth/events/{}/)\n",
            crate::corpus::month_label(next.month()),
            crate::corpus::weekday_name(next.weekday()),
            next.day(),
            crate::corpus::month_label(next.month()),
            companies[rng.below(companies.len())],
            companies[rng.below(companies.len())],
            companies[rng.below(companies.len())],
            n + 1
        ));
        out.push((
            format!("{}-synth-meetup-{n}.md", date.format("%Y-%m-%d")),
            body,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_every_talk_extracted() {
        let a = posts(40, 7);
        assert_eq!(a, posts(40, 7));
        assert_ne!(a, posts(40, 8));
        let mut talks = 0;
        for (name, text) in &a {
            let (events, warnings) = crate::corpus::read_post(name, text);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            let roundup = &events[0];
            assert_eq!(roundup.talks.len(), 3, "{name}");
            assert!(
                roundup
                    .talks
                    .iter()
                    .all(|t| t.video_start.is_some() && t.speakers[0].affiliation.is_some())
            );
            talks += roundup.talks.len();
            assert_eq!(events.len(), 2, "{name}: the next meetup is announced");
        }
        assert_eq!(talks, 120);
    }

    #[test]
    fn past_forty_thousand_roundups_they_hold_more_talks() {
        assert_eq!(posts_for_talks(120, 7), posts(40, 7));
        let (name, text) = &posts_of(2, 25, 7)[1];
        let (events, warnings) = crate::corpus::read_post(name, text);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert_eq!(events[0].talks.len(), 25);
    }
}
