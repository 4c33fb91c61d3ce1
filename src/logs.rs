//! Log lines that name the replica: with several replicas writing to one log store, each line
//! says which one wrote it. Wraps tracing-subscriber's text or JSON formatter.
//!
//! Text: `replica=emcee-0 2026-12-01T10:00:00Z  INFO emcee::server: listening …`;
//! JSON: `{"replica":"emcee-0","timestamp":…}`.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// A formatter `F` whose every line names `replica`.
pub struct Named<F> {
    replica: String,
    json: bool,
    inner: F,
}

impl<F> Named<F> {
    /// For the text format: the name leads the line.
    pub fn text(replica: String, inner: F) -> Named<F> {
        Named {
            replica,
            json: false,
            inner,
        }
    }

    /// For the JSON format: the name is the object's first field.
    pub fn json(replica: String, inner: F) -> Named<F> {
        Named {
            replica,
            json: true,
            inner,
        }
    }
}

impl<S, N, F> FormatEvent<S, N> for Named<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        if !self.json {
            write!(writer, "replica={} ", self.replica)?;
            return self.inner.format_event(ctx, writer, event);
        }
        let mut line = String::new();
        self.inner
            .format_event(ctx, Writer::new(&mut line), event)?;
        let name = serde_json::Value::String(self.replica.clone());
        match line.strip_prefix('{') {
            Some(rest) if rest.trim_start().starts_with('}') => {
                write!(writer, "{{\"replica\":{name}{rest}")
            }
            Some(rest) => write!(writer, "{{\"replica\":{name},{rest}"),
            None => writer.write_str(&line),
        }
    }
}
