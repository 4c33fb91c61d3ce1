//! Lists longer than one reply: the page asked for (`--page 2`, `page:2`) and the honest count
//! shown beside a cut list.
//!
//! `Window::new(19, 10, 1).count("meetup")` → "10 of 19 meetups"; page 2 → "11–19 of 19
//! meetups"; a list that fits shows only its count, "4 meetups".

use std::ops::Range;

use super::{Call, quote};
use crate::reply::{Action, Reply};

/// Items per page in the lists of /company and /speaker.
pub const PER_PAGE: usize = 10;

/// The page asked for, from 1; a private reply when the option is not a page number.
pub fn page(call: &Call<'_>) -> Result<usize, Box<Reply>> {
    match call.option("page") {
        None => Ok(1),
        Some(value) => value
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| {
                Box::new(Reply::usage(
                    "Not a page number",
                    format!("The page is a number from 1, not '{}'.", quote(value)),
                ))
            }),
    }
}

/// One page of a list of `total` items.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    pub total: usize,
    pub range: Range<usize>,
    pub page: usize,
}

impl Window {
    pub fn new(total: usize, per_page: usize, page: usize) -> Window {
        let start = (page - 1).saturating_mul(per_page).min(total);
        Window {
            total,
            range: start..(start + per_page).min(total),
            page,
        }
    }

    /// Whether a later page holds more.
    pub fn more(&self) -> bool {
        self.range.end < self.total
    }

    /// "4 meetups" when the whole list is shown, "10 of 19 meetups" on the first page of a
    /// longer one, "11–19 of 19 meetups" after it.
    pub fn count(&self, noun: &str) -> String {
        let plural = if self.total == 1 { "" } else { "s" };
        let shown = self.range.len();
        if shown == self.total {
            format!("{} {noun}{plural}", self.total)
        } else if shown == 0 {
            format!(
                "none of {} {noun}{plural} on page {}",
                self.total, self.page
            )
        } else if self.range.start == 0 {
            format!("{shown} of {} {noun}{plural}", self.total)
        } else {
            format!(
                "{}–{} of {} {noun}{plural}",
                self.range.start + 1,
                self.range.end,
                self.total
            )
        }
    }

    /// A list's heading: "Talks" when it is whole, "Talks (10 of 23 talks)" when cut.
    pub fn heading(&self, name: &str, noun: &str) -> String {
        if self.range.len() == self.total {
            name.to_owned()
        } else {
            format!("{name} ({})", self.count(noun))
        }
    }
}

/// The footer of a page past the end of every list on it.
pub fn past_end(page: usize) -> String {
    format!("Page {page} is past the end of the list; try a lower page.")
}

/// Points a cut list at its next page: the footer "More: /company contino --page 2" and a
/// More button that answers with that page (left out by a platform when the command line is
/// too long for a button's id).
pub fn more(reply: &mut Reply, command: &str, query: Option<&str>, page: usize) {
    reply.footer = Some(next_page(command, query, page));
    let line = match query {
        Some(q) => format!("/{command} {q} --page {}", page + 1),
        None => format!("/{command} --page {}", page + 1),
    };
    reply.actions.push(Action::More { line });
}

/// The footer pointing at the next page: "More: /company contino --page 2".
pub fn next_page(command: &str, query: Option<&str>, page: usize) -> String {
    match query {
        Some(q) => format!("More: /{command} {} --page {}", quote(q), page + 1),
        None => format!("More: /{command} --page {}", page + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_is_a_footer_and_a_button_for_the_next_page() {
        let mut reply = Reply::new("Contino");
        more(&mut reply, "company", Some("contino"), 1);
        assert_eq!(
            reply.footer.as_deref(),
            Some("More: /company contino --page 2")
        );
        assert_eq!(
            reply.actions,
            [Action::More {
                line: "/company contino --page 2".to_owned()
            }]
        );
    }

    #[test]
    fn counts_say_when_the_list_is_cut() {
        let table = [
            ((19, 10, 1), "10 of 19 meetups", true),
            ((19, 10, 2), "11–19 of 19 meetups", false),
            ((4, 10, 1), "4 meetups", false),
            ((1, 10, 1), "1 meetup", false),
            ((19, 10, 3), "none of 19 meetups on page 3", false),
        ];
        for ((total, per, page), text, more) in table {
            let window = Window::new(total, per, page);
            assert_eq!(window.count("meetup"), text);
            assert_eq!(window.more(), more, "{text}");
        }
    }
}
