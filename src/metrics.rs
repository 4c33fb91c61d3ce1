//! emcee's Prometheus metrics, served as text at `GET /metrics`; every name starts `emcee_`.
//!
//! `metrics.command("discord", "talk", Outcome::Answered, 0.0004)` →
//! `emcee_commands_total{command="talk",platform="discord",outcome="answered"} 1` and a sample
//! in `emcee_reply_latency_seconds`.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// How a command ended: a public answer, a private one (help, no match, a user's mistake), or
/// an internal failure shown as an apology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Private,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Private => "private",
            Outcome::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandLabels {
    command: String,
    platform: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PlatformLabels {
    platform: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AnnouncementLabels {
    outcome: &'static str,
}

pub struct Metrics {
    registry: Registry,
    commands: Family<CommandLabels, Counter>,
    latency: Family<PlatformLabels, Histogram>,
    rejected: Family<PlatformLabels, Counter>,
    corpus_events: Gauge,
    corpus_talks: Gauge,
    corpus_warnings: Gauge,
    corpus_reloaded: Gauge<f64, AtomicU64>,
    announcements: Family<AnnouncementLabels, Counter>,
    leader: Gauge,
    store_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("emcee");
        let commands = Family::<CommandLabels, Counter>::default();
        registry.register(
            "commands",
            "Commands handled, by command, platform and outcome",
            commands.clone(),
        );
        // 50 µs to about 1.6 s: replies take well under a millisecond; Discord's limit is 3 s.
        let latency = Family::<PlatformLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.000_05, 2.0, 16))) as fn() -> Histogram,
        );
        registry.register(
            "reply_latency_seconds",
            "Time from a command's arrival to its reply, by platform",
            latency.clone(),
        );
        let rejected = Family::<PlatformLabels, Counter>::default();
        registry.register(
            "signatures_rejected",
            "Requests refused for a missing, malformed, wrong or stale signature",
            rejected.clone(),
        );
        let corpus_events = Gauge::default();
        registry.register(
            "corpus_events",
            "Events in the archive",
            corpus_events.clone(),
        );
        let corpus_talks = Gauge::default();
        registry.register("corpus_talks", "Talks in the archive", corpus_talks.clone());
        let corpus_warnings = Gauge::default();
        registry.register(
            "corpus_warnings",
            "Warnings from the last corpus load",
            corpus_warnings.clone(),
        );
        let corpus_reloaded = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "corpus_last_reload_timestamp_seconds",
            "When the corpus was last loaded, as Unix time",
            corpus_reloaded.clone(),
        );
        let announcements = Family::<AnnouncementLabels, Counter>::default();
        registry.register(
            "announcements",
            "Announcements by outcome: sent, retried, failed, skipped",
            announcements.clone(),
        );
        let leader = Gauge::default();
        registry.register(
            "leader",
            "1 on the replica that runs the announcer, gateway and socket mode, 0 elsewhere",
            leader.clone(),
        );
        let store_up = Gauge::default();
        registry.register(
            "store_up",
            "1 while the state store answers, 0 once a check has failed",
            store_up.clone(),
        );
        Metrics {
            leader,
            store_up,
            registry,
            commands,
            latency,
            rejected,
            corpus_events,
            corpus_talks,
            corpus_warnings,
            corpus_reloaded,
            announcements,
        }
    }

    /// Whether this replica leads.
    pub fn set_leader(&self, leading: bool) {
        self.leader.set(i64::from(leading));
    }

    /// Whether the state store answered its last check.
    pub fn set_store_up(&self, up: bool) {
        self.store_up.set(i64::from(up));
    }

    /// Serves the store's own latency histogram as `emcee_store_latency_seconds`.
    pub fn register_store_latency(&mut self, latency: Histogram) {
        self.registry.register(
            "store_latency_seconds",
            "Time each state store operation took",
            latency,
        );
    }

    /// One command handled on `platform` ("discord", "slack"), taking `seconds`.
    pub fn command(&self, platform: &'static str, command: &str, outcome: Outcome, seconds: f64) {
        // Only known command names become labels, so odd input cannot grow the series.
        let command = if crate::commands::specs().iter().any(|s| s.name == command) {
            command.to_owned()
        } else {
            "unknown".to_owned()
        };
        self.commands
            .get_or_create(&CommandLabels {
                command,
                platform,
                outcome: outcome.as_str(),
            })
            .inc();
        self.latency
            .get_or_create(&PlatformLabels { platform })
            .observe(seconds);
    }

    pub fn signature_rejected(&self, platform: &'static str) {
        self.rejected
            .get_or_create(&PlatformLabels { platform })
            .inc();
    }

    /// The archive's size after a load, and when it happened.
    pub fn corpus_loaded(&self, events: usize, talks: usize, warnings: usize) {
        self.corpus_events.set(events as i64);
        self.corpus_talks.set(talks as i64);
        self.corpus_warnings.set(warnings as i64);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        self.corpus_reloaded.set(now);
    }

    /// One announcement outcome: "sent", "retried", "failed" or "skipped".
    pub fn announcement(&self, outcome: &'static str) {
        self.announcements
            .get_or_create(&AnnouncementLabels { outcome })
            .inc();
    }

    /// The metrics as OpenMetrics 1.0 text (`# EOF` at the end, counters described without
    /// their `_total`).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }

    /// The metrics in `format`.
    pub fn render_as(&self, format: Format) -> String {
        match format {
            Format::OpenMetrics => self.render(),
            Format::Prometheus => to_prometheus_text(&self.render()),
        }
    }
}

/// The two text formats scrapers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OpenMetrics 1.0, for `Accept: application/openmetrics-text`.
    OpenMetrics,
    /// The classic Prometheus text format 0.0.4, for everything else.
    Prometheus,
}

impl Format {
    /// The format an `Accept` header asks for: OpenMetrics when it is accepted at least as much
    /// as plain text (by q-value), else the classic format, which every parser reads.
    pub fn negotiate(accept: Option<&str>) -> Format {
        let Some(accept) = accept else {
            return Format::Prometheus;
        };
        let (mut openmetrics, mut plain) = (0.0_f32, 0.0_f32);
        for range in accept.split(',') {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().unwrap_or("").to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            match media.as_str() {
                "application/openmetrics-text" => openmetrics = openmetrics.max(q),
                "text/plain" | "text/*" | "*/*" => plain = plain.max(q),
                _ => {}
            }
        }
        if openmetrics > 0.0 && openmetrics >= plain {
            Format::OpenMetrics
        } else {
            Format::Prometheus
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
            Format::Prometheus => "text/plain; version=0.0.4; charset=utf-8",
        }
    }
}

/// OpenMetrics text → the classic Prometheus text format: a counter's `# HELP` and `# TYPE`
/// name its sample (`emcee_commands_total`, as classic parsers look samples up by that name),
/// `_created` samples, `# UNIT` and `# EOF` go. Everything else is the same in both.
fn to_prometheus_text(openmetrics: &str) -> String {
    let counters: Vec<&str> = openmetrics
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.strip_suffix(" counter"))
        .collect();
    let is_counter = |name: &str| counters.contains(&name);
    let mut out = String::with_capacity(openmetrics.len() + 16 * counters.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let described = ["# HELP ", "# TYPE "].into_iter().find_map(|prefix| {
            let rest = line.strip_prefix(prefix)?;
            let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            is_counter(name).then(|| format!("{prefix}{name}_total {tail}"))
        });
        if let Some(described) = described {
            out.push_str(described.trim_end());
        } else {
            let name = line.split(['{', ' ']).next().unwrap_or("");
            if !line.starts_with('#')
                && let Some(family) = name.strip_suffix("_created")
                && is_counter(family)
            {
                continue;
            }
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_commands_by_label_and_keeps_unknown_names_out() {
        let metrics = Metrics::new();
        metrics.command("discord", "talk", Outcome::Answered, 0.0003);
        metrics.command("discord", "talk", Outcome::Answered, 0.0002);
        metrics.command("slack", "x<script>", Outcome::Private, 0.0001);
        metrics.signature_rejected("slack");
        metrics.corpus_loaded(9, 19, 1);
        let text = metrics.render();
        assert!(
            text.contains(
                "emcee_commands_total{command=\"talk\",platform=\"discord\",outcome=\"answered\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("command=\"unknown\",platform=\"slack\",outcome=\"private\"} 1"));
        assert!(text.contains("emcee_signatures_rejected_total{platform=\"slack\"} 1"));
        assert!(text.contains("emcee_reply_latency_seconds_count{platform=\"discord\"} 2"));
        assert!(text.contains("emcee_corpus_talks 19"));
        assert!(!text.contains("script"));
        assert!(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .all(|l| l.starts_with("emcee_"))
        );
    }
}
