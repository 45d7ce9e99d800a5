//! The prompt's pager: an answer longer than the screen is shown through `$PAGER`, or
//! `less -FRXK` (as psql does, and `K` so that Ctrl-C leaves it), when the output is a terminal
//! and `set pager` is on. Never on a pipe, never in a script.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use unicode_width::UnicodeWidthStr;

/// The pager when `$PAGER` is not set: quit at once when the text fits (`F`), keep colours
/// (`R`), leave the text on the screen (`X`), and quit on Ctrl-C (`K`).
pub const DEFAULT_PAGER: &[&str] = &["less", "-FRXK"];

/// The screen's size in rows and columns: the terminal's, else `LINES` and `COLUMNS`, else
/// unknown.
pub fn screen() -> Option<(usize, usize)> {
    if let Some((terminal_size::Width(cols), terminal_size::Height(rows))) =
        terminal_size::terminal_size_of(io::stdout())
    {
        return Some((usize::from(rows), usize::from(cols)));
    }
    let number = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    Some((number("LINES")?, number("COLUMNS")?))
}

/// How many rows of a screen `cols` wide the text takes, its long lines wrapped (colour codes
/// take none).
pub fn rows(text: &str, cols: usize) -> usize {
    let cols = cols.max(1);
    text.lines()
        .map(|line| {
            let width = anstream::adapter::strip_str(line).to_string().width();
            width.div_ceil(cols).max(1)
        })
        .sum()
}

/// Whether a text is longer than a screen of `rows` rows and `cols` columns, leaving a row for
/// the prompt that follows it.
pub fn too_long(text: &str, (rows_on_screen, cols): (usize, usize)) -> bool {
    rows(text, cols) >= rows_on_screen
}

/// The pager to run: the words of `$PAGER` if it is set and not blank, else
/// [`DEFAULT_PAGER`]; `None` when `$PAGER` cannot be split into words.
pub fn command() -> Option<Vec<String>> {
    match std::env::var("PAGER") {
        Ok(pager) if !pager.trim().is_empty() => shlex::split(&pager).filter(|w| !w.is_empty()),
        _ => Some(DEFAULT_PAGER.iter().map(|w| w.to_string()).collect()),
    }
}

/// Where an answer of the prompt goes.
pub struct Output {
    /// The answer, kept until it is known whether it fits the screen.
    pub buffer: Vec<u8>,
    screen: Option<(usize, usize)>,
}

impl Output {
    /// An output for the prompt: paged when `paging` is on, standard output is a terminal and
    /// the screen's size is known; `width` (`set width`) replaces the screen's columns.
    pub fn new(paging: bool, width: Option<usize>) -> Self {
        let screen = if paging && io::stdout().is_terminal() {
            screen().map(|(rows, cols)| (rows, width.unwrap_or(cols)))
        } else {
            None
        };
        Output {
            buffer: Vec::new(),
            screen,
        }
    }

    /// Whether the answer is kept to be paged rather than written at once.
    pub fn pages(&self) -> bool {
        self.screen.is_some()
    }

    /// Shows the kept answer: through the pager when it is longer than the screen, else (or
    /// when the pager cannot start) straight to standard output.
    pub fn show(self) -> io::Result<()> {
        let Some(screen) = self.screen else {
            return Ok(());
        };
        let text = String::from_utf8_lossy(&self.buffer);
        if too_long(&text, screen)
            && let Some(words) = command()
            && page(&words, &self.buffer)
        {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        out.write_all(&self.buffer)?;
        out.flush()
    }
}

/// Runs the pager on `text` and waits for it; false when it cannot start. The pager may stop
/// reading (`q`, or Ctrl-C): what it did not read is dropped.
pub fn page(words: &[String], text: &[u8]) -> bool {
    let Some((program, args)) = words.split_first() else {
        return false;
    };
    let Ok(mut child) = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager that quits early closes the pipe: not an error of the answer.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_count_wrapped_lines_and_not_colour_codes() {
        assert_eq!(rows("a\nb\n", 80), 2);
        assert_eq!(rows(&"x".repeat(81), 80), 2);
        assert_eq!(rows("\u{1b}[1mbold\u{1b}[0m", 4), 1);
        assert_eq!(rows("\n\n", 80), 2);
        // A wide character takes two columns.
        assert_eq!(rows("商汤科技", 4), 2);
    }

    #[test]
    fn a_text_is_too_long_when_it_leaves_no_row_for_the_prompt() {
        let text = "line\n".repeat(23);
        assert!(!too_long(&text, (24, 80)));
        assert!(too_long(&text, (23, 80)));
    }

    #[test]
    fn a_pager_that_cannot_start_is_reported() {
        assert!(!page(&["/nonexistent/pager".to_string()], b"text"));
        assert!(!page(&[], b"text"));
    }
}
