//! Text made safe for a terminal: data from a stranger's file can hold control characters that
//! a terminal obeys (set the window title, clear the screen, hide text). Every text printed for
//! people passes through [`clean`], which shows such characters as escapes (`\u{1b}`) and keeps
//! only the colour sequences the printer itself writes.

use std::borrow::Cow;
use std::io::{self, Write};

/// The SGR parameters [`super::Paint`] writes: reset, bold, dim, underline, and the colours of
/// statuses. A data file that writes one of these can only make text bold or coloured.
const OWN_PARAMETERS: &[&str] = &["0", "1", "2", "4", "32", "33", "36", "90"];

/// The text with every control character but newline and tab shown as an escape, except the
/// printer's own colour sequences.
pub fn clean(text: &str) -> Cow<'_, str> {
    if plain(text.as_bytes()) || !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(len) = own_sequence(rest)
        {
            clean.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if needs_escape(c) {
            clean.extend(c.escape_default());
        } else {
            clean.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(clean)
}

/// The bytes of text as [`clean`] shows them.
pub fn clean_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    if plain(bytes) {
        return Cow::Borrowed(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => match clean(text) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        },
        Err(_) => Cow::Owned(
            clean(&String::from_utf8_lossy(bytes))
                .into_owned()
                .into_bytes(),
        ),
    }
}

/// A writer that passes text on as [`clean_bytes`] shows it, a run of whole lines at a time:
/// neither a character nor one of the printer's colour sequences spans a newline, so cleaning
/// line by line is cleaning the whole, without holding a long answer in memory.
pub struct Cleaned<'w> {
    out: &'w mut dyn Write,
    pending: Vec<u8>,
}

/// How much text [`Cleaned`] gathers before it cleans and writes its whole lines.
const CLEANED_AT: usize = 1 << 16;

impl<'w> Cleaned<'w> {
    /// Writes to `out`.
    pub fn new(out: &'w mut dyn Write) -> Self {
        Cleaned {
            out,
            pending: Vec::new(),
        }
    }

    /// Writes the text gathered up to its last newline.
    fn write_lines(&mut self) -> io::Result<()> {
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.out.write_all(&clean_bytes(&self.pending[..=end]))?;
            self.pending.drain(..=end);
        }
        Ok(())
    }

    /// Writes what is left, a last line without its newline included.
    pub fn finish(mut self) -> io::Result<()> {
        self.write_lines()?;
        self.out.write_all(&clean_bytes(&self.pending))?;
        self.pending.clear();
        Ok(())
    }
}

impl Write for Cleaned<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CLEANED_AT {
            self.write_lines()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_lines()?;
        self.out.flush()
    }
}

/// Whether the text is only printable ASCII, newlines and tabs, which need no escape: most
/// text is, and a long answer is tens of megabytes.
fn plain(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t')
}

/// Whether a character is one a terminal may obey: C0 controls but newline and tab, DEL, and
/// the C1 controls.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// The length of the printer's own colour sequence at the start of `text`, if there is one:
/// `ESC [ P m` with P one of [`OWN_PARAMETERS`].
fn own_sequence(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let end = body.find('m')?;
    let parameter = &body[..end];
    OWN_PARAMETERS.contains(&parameter).then_some(2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cleaned_a_run_of_lines_at_a_time_is_the_whole_text_cleaned() {
        // Lines with the printer's colours, a stranger's escapes, characters of two to four
        // bytes and a byte that is not UTF-8, written in pieces that cut all of them.
        let line: &[u8] = b"\x1b[1mBold\x1b[0m \x1b]0;title\x07 \xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80 \xff end\r\n";
        let text: Vec<u8> = line.repeat(5000);
        assert!(text.len() > 2 * CLEANED_AT);
        for piece in [1, 7, 4096, text.len()] {
            let mut out = Vec::new();
            let mut cleaned = Cleaned::new(&mut out);
            for chunk in text.chunks(piece) {
                cleaned.write_all(chunk).unwrap();
            }
            cleaned.write_all(b"no newline \x1b[2J").unwrap();
            cleaned.finish().unwrap();
            let mut whole = text.clone();
            whole.extend_from_slice(b"no newline \x1b[2J");
            assert_eq!(out, clean_bytes(&whole).into_owned(), "pieces of {piece}");
        }
    }

    #[test]
    fn a_name_that_sets_the_title_or_clears_the_screen_is_shown_escaped() {
        let name = "Evil\u{1b}]0;owned\u{7}Corp\u{1b}[2J\r";
        assert_eq!(clean(name), "Evil\\u{1b}]0;owned\\u{7}Corp\\u{1b}[2J\\r");
        assert_eq!(clean("C1 \u{9b}31m"), "C1 \\u{9b}31m");
    }

    #[test]
    fn the_printers_own_colours_and_plain_text_stay() {
        let painted = "\u{1b}[1mSenseTime\u{1b}[0m  \u{1b}[32mconfirmed\u{1b}[0m\n\tnote";
        assert_eq!(clean(painted), painted);
        assert!(matches!(clean("plain\ntext"), Cow::Borrowed(_)));
        // Concealed text is not a colour of the printer's.
        assert_eq!(clean("\u{1b}[8mhidden"), "\\u{1b}[8mhidden");
    }
}
