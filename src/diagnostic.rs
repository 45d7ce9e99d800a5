//! Located problems in data files: `file:line:column: message`, with the line and column
//! computed from byte offsets once per file.

use std::fmt;
use std::sync::Arc;
use std::sync::OnceLock;

/// Bytes between the checkpoints that count a long line's characters (see
/// [`SourceText::location`]).
const CHECKPOINT_BYTES: usize = 4096;

/// A place in a data file; lines and columns count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as messages name it.
    pub file: Arc<str>,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem found in the data, with where it is when that is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is, when that is known.
    pub location: Option<Location>,
    /// What is wrong, for the user to read.
    pub message: String,
}

impl Diagnostic {
    /// A problem at a place in a file.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Some(location),
            message: message.into(),
        }
    }

    /// A problem with a whole file (unreadable, missing) named in the message.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Some(Location {
                file: file.into(),
                line: 1,
                column: 1,
            }),
            message: message.into(),
        }
    }
}

impl serde::Serialize for Diagnostic {
    /// `{"file", "line", "column", "message"}`, the place's parts null when it is not known:
    /// how `validate --json` and every data error's JSON document list a problem.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Problem<'a> {
            file: Option<&'a str>,
            line: Option<usize>,
            column: Option<usize>,
            message: &'a str,
        }
        let at = self.location.as_ref();
        Problem {
            file: at.map(|l| &*l.file),
            line: at.map(|l| l.line),
            column: at.map(|l| l.column),
            message: &self.message,
        }
        .serialize(serializer)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The text of one file with an index of where its lines start.
pub struct SourceText<'a> {
    /// The file's name, which locations carry.
    pub name: Arc<str>,
    /// The file's text.
    pub text: &'a str,
    line_starts: LineStarts,
    /// The line number of the text's first line in its file (1 unless the text is one line
    /// of a JSON lines file).
    first_line: usize,
    /// `(byte offset, characters before it)` about every [`CHECKPOINT_BYTES`], made the first
    /// time a column is asked for on a long line (a minified file is one line).
    checkpoints: OnceLock<Vec<(usize, usize)>>,
}

/// Where each line of a text starts, the first at 0: as 32-bit offsets in a text under 4 GiB,
/// so that a registry's millions of lines take half the room.
enum LineStarts {
    Short(Vec<u32>),
    Long(Vec<usize>),
}

impl LineStarts {
    /// The starts of the lines of `text`, read a part at a time: a part of a large file's
    /// mapped text is let go once read ([`crate::files::release`]), so that reading the lines
    /// does not hold the whole file in memory.
    fn of(text: &str) -> LineStarts {
        if u32::try_from(text.len()).is_ok() {
            let mut starts = vec![0];
            each_line_after_the_first(text, |start| starts.push(start as u32));
            LineStarts::Short(starts)
        } else {
            let mut starts = vec![0];
            each_line_after_the_first(text, |start| starts.push(start));
            LineStarts::Long(starts)
        }
    }

    /// How many lines start at or before `offset`.
    fn lines_to(&self, offset: usize) -> usize {
        match self {
            LineStarts::Short(starts) => {
                let offset = u32::try_from(offset).unwrap_or(u32::MAX);
                starts.partition_point(|&start| start <= offset)
            }
            LineStarts::Long(starts) => starts.partition_point(|&start| start <= offset),
        }
    }

    /// Where line `i` (from 0) starts.
    fn start(&self, i: usize) -> usize {
        match self {
            LineStarts::Short(starts) => starts[i] as usize,
            LineStarts::Long(starts) => starts[i],
        }
    }
}

/// Calls `found` with where each line but the first of `text` starts, in order, reading a large
/// text a part at a time and letting each part go once read.
fn each_line_after_the_first(text: &str, mut found: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let large = bytes.len() as u64 >= crate::files::MAP_FROM;
    let part = if large {
        RELEASED_PART
    } else {
        bytes.len().max(1)
    };
    for (n, chunk) in bytes.chunks(part).enumerate() {
        for i in memchr::memchr_iter(b'\n', chunk) {
            found(n * part + i + 1);
        }
        if large {
            crate::files::release(chunk);
        }
    }
}

/// How much of a large file's mapped text is read before it is let go, in a pass over all of
/// it: 16 MiB.
pub const RELEASED_PART: usize = 16 << 20;

impl<'a> SourceText<'a> {
    /// The whole text of a file named `name`.
    pub fn new(name: impl Into<Arc<str>>, text: &'a str) -> Self {
        let line_starts = LineStarts::of(text);
        SourceText {
            name: name.into(),
            text,
            line_starts,
            first_line: 1,
            checkpoints: OnceLock::new(),
        }
    }

    /// The text of one line of a file, which is line `line` there.
    pub fn line(name: impl Into<Arc<str>>, text: &'a str, line: usize) -> Self {
        SourceText {
            first_line: line.max(1),
            ..SourceText::new(name, text)
        }
    }

    /// The location of a byte offset (clamped to the text). On a long line the characters
    /// are counted from checkpoints, so that locating every record of a minified file takes
    /// time in proportion to the file, not to its square.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.lines_to(offset);
        let start = self.line_starts.start(line.saturating_sub(1));
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start <= CHECKPOINT_BYTES {
            self.text[start..end].chars().count() + 1
        } else {
            self.chars_before(end) - self.chars_before(start) + 1
        };
        Location {
            file: self.name.clone(),
            line: line + self.first_line - 1,
            column,
        }
    }

    /// How many characters come before a byte offset that is on a character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut checkpoints = vec![(0, 0)];
            let (mut at, mut chars) = (0, 0);
            while at + CHECKPOINT_BYTES < self.text.len() {
                let mut next = at + CHECKPOINT_BYTES;
                while !self.text.is_char_boundary(next) {
                    next += 1;
                }
                chars += self.text[at..next].chars().count();
                at = next;
                checkpoints.push((at, chars));
            }
            checkpoints
        });
        // The first checkpoint is at 0, so one is always at or before the offset.
        let i = checkpoints.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = checkpoints[i];
        chars + self.text[at..offset].chars().count()
    }

    /// The byte offset of a 1-based line and byte column as serde_json reports them, within
    /// the slice that starts at `base`.
    pub fn offset_of_line_column(&self, base: usize, line: usize, column: usize) -> usize {
        let slice = &self.text[base.min(self.text.len())..];
        let mut line_start = 0;
        for _ in 1..line {
            match slice[line_start..].find('\n') {
                Some(i) => line_start += i + 1,
                None => break,
            }
        }
        (base + line_start + column.saturating_sub(1)).min(self.text.len())
    }

    /// The byte offset of `part`, which must be a slice of this text; 0 when it is not.
    pub fn offset_of(&self, part: &str) -> usize {
        let start = self.text.as_ptr() as usize;
        let here = part.as_ptr() as usize;
        if here >= start && here + part.len() <= start + self.text.len() {
            here - start
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        let src = SourceText::new("f.json", "{\n  \"é\": 1,\n  \"x\": 2\n}");
        assert_eq!(src.location(0).to_string(), "f.json:1:1");
        let x = src.text.find("\"x\"").unwrap();
        assert_eq!(src.location(x).to_string(), "f.json:3:3");
        let one = src.text.find('1').unwrap();
        assert_eq!(src.location(one).to_string(), "f.json:2:8");
        assert_eq!(src.location(10_000).line, 4);
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_checkpoints() {
        let text = format!("{}\n{}x", "a".repeat(10), "é".repeat(3 * CHECKPOINT_BYTES));
        let src = SourceText::new("f.json", &text);
        let x = text.find('x').unwrap();
        assert_eq!(
            src.location(x).to_string(),
            format!("f.json:2:{}", 3 * CHECKPOINT_BYTES + 1)
        );
        // Inside the (2 × CHECKPOINT_BYTES + 1)th "é": located at its start.
        let inside = 11 + 2 * 2 * CHECKPOINT_BYTES + 1;
        assert_eq!(src.location(inside).column, 2 * CHECKPOINT_BYTES + 1);
    }
}
