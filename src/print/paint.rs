//! Colour for people: names, headings, dimmed detail and statuses, styled only when colour is
//! on (a terminal, no `NO_COLOR`, no `--color never`).

use anstyle::{AnsiColor, Style};

use crate::model::Status;

/// Applies styles when colour is on, and nothing otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paint {
    /// Whether colour is on.
    pub color: bool,
}

impl Paint {
    fn apply(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// An entity's name.
    pub fn name(&self, text: &str) -> String {
        self.apply(Style::new().bold(), text)
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        self.apply(Style::new().bold().underline(), text)
    }

    /// Secondary detail: ids, sources.
    pub fn dim(&self, text: &str) -> String {
        self.apply(Style::new().dimmed(), text)
    }

    /// A relation's status, coloured by how sure it is.
    pub fn status(&self, status: Status) -> String {
        let color = match status {
            Status::Confirmed => AnsiColor::Green,
            Status::Reported => AnsiColor::Yellow,
            Status::Expected => AnsiColor::Cyan,
            Status::Ended => AnsiColor::BrightBlack,
        };
        self.apply(Style::new().fg_color(Some(color.into())), status.as_str())
    }
}
