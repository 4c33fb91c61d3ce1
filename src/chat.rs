//! What the chat platforms share: answering within a deadline or deferring and following up,
//! the private apology for a failed answer, and cutting text to a platform's limit at a line or
//! word. Discord and Slack each add only their own message shapes.
//!
//! `cut("Deployments with Kapitan", 16, "…", plain)` → `"Deployments…"`.

use std::future::Future;
use std::sync::Arc;

use crate::app::App;
use crate::reply::Reply;

/// An answer as a transport sends it: now, in its HTTP response, or later, as a follow-up once
/// the platform has been told to wait.
pub enum Answer {
    Now(Reply),
    /// Deferred; the follow-up is on its way.
    Later,
}

/// Answers as a task of its own on the runtime. The reply when it is ready within
/// `app.reply_deadline`; otherwise the still-running answer, for the transport to defer and
/// follow up with it. A panic in a handler becomes an apology.
///
/// An answer is bounded work on the in-memory archive (queries are at most
/// [`crate::commands::MAX_QUERY_CHARS`]), microseconds long, so it runs on the async workers: a
/// hop to the blocking pool would cost more than the answer. The deadline still holds if an
/// answer ever runs long, because the timer fires on another worker; `emcee serve` keeps at
/// least two.
pub async fn within_deadline(
    app: &App,
    answer: impl FnOnce() -> Reply + Send + 'static,
) -> Result<Reply, impl Future<Output = Reply> + Send + 'static> {
    let mut task = tokio::spawn(async move { answer() });
    let deadline = app.reply_deadline;
    if !deadline.is_zero()
        && let Ok(done) = tokio::time::timeout(deadline, &mut task).await
    {
        return Ok(done.unwrap_or_else(|err| apology(&err)));
    }
    Err(async move { task.await.unwrap_or_else(|err| apology(&err)) })
}

/// Defer-then-follow-up, as both platforms do it: the reply when it is ready within the
/// deadline; otherwise [`Answer::Later`], and `follow_up` is run with the app and the reply
/// once it is ready (its failure is logged, as there is nobody left to tell). The app is
/// handed over only when deferring, so the common, prompt answer costs nothing more.
pub async fn answer_or_defer<F>(
    app: &Arc<App>,
    answer: impl FnOnce() -> Reply + Send + 'static,
    follow_up: impl FnOnce(Arc<App>, Reply) -> F + Send + 'static,
) -> Answer
where
    F: Future<Output = anyhow::Result<()>> + Send,
{
    match within_deadline(app, answer).await {
        Ok(reply) => Answer::Now(reply),
        Err(later) => {
            let app = Arc::clone(app);
            tokio::spawn(async move {
                let reply = later.await;
                if let Err(err) = follow_up(app, reply).await {
                    tracing::error!("could not send a late answer: {err:#}");
                }
            });
            Answer::Later
        }
    }
}

/// The reply shown when something inside emcee failed: short, private, with a reference to find
/// the logged error by. Internal error text never reaches a channel.
pub fn apology(error: &dyn std::fmt::Display) -> Reply {
    let reference = format!(
        "{:08x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ d.as_secs() as u32)
    );
    tracing::error!(reference, "reply failed: {error:#}");
    Reply::private(
        "Sorry, that went wrong",
        format!("emcee could not answer. The organisers can look up reference {reference}."),
    )
}

/// Each character as itself: text a platform shows as written (Discord's embeds).
pub fn plain(c: char, out: &mut String) {
    out.push(c);
}

/// `text` within `max` characters as the platform counts them, each character written by
/// `write` (which may escape it: Slack counts `&amp;` as five). When cut, it ends with `tail`,
/// or "…" when `tail` would take more than half, and breaks at a line or word where one is in
/// the last quarter. A character's written form is never split.
pub fn cut(text: &str, max: usize, tail: &str, write: impl Fn(char, &mut String)) -> String {
    let mut whole = String::with_capacity(text.len());
    for c in text.chars() {
        write(c, &mut whole);
    }
    if whole.chars().count() <= max {
        return whole;
    }
    let tail = if tail.chars().count() * 2 <= max {
        tail
    } else {
        "…"
    };
    let budget = max.saturating_sub(tail.chars().count());
    let mut kept = String::new();
    let mut length = 0;
    let mut piece = String::new();
    for c in text.chars() {
        piece.clear();
        write(c, &mut piece);
        let n = piece.chars().count();
        if length + n > budget {
            break;
        }
        kept.push_str(&piece);
        length += n;
    }
    let soft = kept
        .rfind(['\n', ' '])
        .filter(|at| *at >= kept.len() * 3 / 4)
        .map_or(kept.as_str(), |at| &kept[..at]);
    format!("{}{tail}", soft.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged_and_long_text_breaks_at_a_word() {
        assert_eq!(cut("Kapitan", 10, "…", plain), "Kapitan");
        assert_eq!(
            cut("Deployments with Kapitan", 16, "…", plain),
            "Deployments…"
        );
        let words = "word ".repeat(40);
        let cut = cut(&words, 60, " [more](https://x.example)", plain);
        assert!(cut.chars().count() <= 60, "{cut}");
        assert!(cut.ends_with("word [more](https://x.example)"), "{cut}");
    }

    #[test]
    fn a_tail_longer_than_half_becomes_an_ellipsis() {
        let cut = cut(&"x".repeat(30), 10, "… [full roundup](u)", plain);
        assert_eq!(cut, format!("{}…", "x".repeat(9)));
    }

    #[test]
    fn an_escaped_character_is_counted_and_kept_whole() {
        let escape = |c: char, out: &mut String| match c {
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        };
        assert_eq!(cut("&&&&", 12, "…", escape), "&amp;&amp;…");
        assert_eq!(cut("a & b", 20, "…", escape), "a &amp; b");
    }
}
