//! The faces' printers: an answer or an error as text for people, or as exactly one JSON
//! document for programs. The command line, the prompt and scripts all print through a
//! [`Printer`], chosen once per request.

mod paint;
pub mod terminal;
pub mod text;
pub mod trail;

use std::io::{self, Write};

pub use paint::Paint;

use crate::error::Error;
use crate::session::Answer;

/// How answers and errors are printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Printer {
    /// One JSON document per answer or error, on the output.
    pub json: bool,
    /// Colour for the text.
    pub paint: Paint,
    /// Whether the output is a terminal (pictures are not written to one).
    pub terminal: bool,
}

impl Printer {
    /// A printer of text, coloured or not.
    pub fn text(color: bool) -> Self {
        Printer {
            json: false,
            paint: Paint { color },
            terminal: false,
        }
    }

    /// A printer of JSON documents.
    pub fn json() -> Self {
        Printer {
            json: true,
            ..Printer::default()
        }
    }

    /// Prints an answer to `out`, and to `notes` what people should see but a program reading
    /// `out` should not (the report of an import to standard output, Graphviz's warnings, what
    /// a drawing of a large selection left out).
    pub fn answer(
        &self,
        answer: &Answer<'_>,
        out: &mut dyn Write,
        notes: &mut dyn Write,
    ) -> Result<(), Error> {
        let printed = match answer {
            Answer::Exported(e) if e.file.is_none() => {
                let format = e.format.as_str();
                if e.format.is_image() && self.terminal {
                    return Err(Error::Usage(format!(
                        "{format} is a picture, not text for the terminal: write it to a file \
                         with -o FILE (e.g. `export {format} -o graph.{format}`), or redirect \
                         standard output"
                    )));
                }
                if self.json && e.format != crate::export::Format::Json {
                    return Err(Error::Usage(format!(
                        "--json prints one JSON document, and {format} is not JSON: write it to \
                         a file with -o FILE"
                    )));
                }
                out.write_all(&e.bytes)?;
                if !e.warnings.is_empty() {
                    let warned = format!("Graphviz warned: {}", e.warnings);
                    writeln!(notes, "{}", terminal::clean(&warned))?;
                }
                Ok(())
            }
            Answer::Imported(i) if i.file.is_none() => {
                write!(notes, "{}", terminal::clean(&i.read.to_string()))?;
                out.write_all(&i.bytes)?;
                Ok(())
            }
            Answer::Validated(v) if !v.ok && !self.json => Ok(()),
            _ if self.json => write_json(out, answer),
            _ => {
                let mut cleaned = terminal::Cleaned::new(out);
                text::write(&mut cleaned, &self.paint, answer)?;
                cleaned.finish()?;
                Ok(())
            }
        };
        printed?;
        if let Answer::Exported(e) = answer
            && let Some(left_out) = &e.left_out
        {
            writeln!(notes, "{}", left_out.note())?;
        }
        Ok(())
    }

    /// Prints an error: `error: MESSAGE` on `notes`, and with JSON one document on `out` too,
    /// so that a program reading it always gets one.
    pub fn error(&self, err: &Error, out: &mut dyn Write, notes: &mut dyn Write) {
        if err.is_broken_pipe() {
            return;
        }
        if self.json {
            let _ = write_json(out, &err.to_json());
            let _ = out.flush();
        }
        let message = format!("error: {err:#}");
        let _ = writeln!(notes, "{}", terminal::clean(&clip_lines(&message)));
    }
}

/// The longest line of an error message printed for people, in characters.
const LINE_MAX: usize = 1000;

/// Each line of a message cut to [`LINE_MAX`] characters, saying how many were left out: a
/// data file's one-megabyte name makes a readable message.
fn clip_lines(message: &str) -> std::borrow::Cow<'_, str> {
    if message.lines().all(|line| line.len() <= LINE_MAX) {
        return message.into();
    }
    let lines: Vec<String> = message
        .lines()
        .map(|line| crate::text::clip(line, LINE_MAX))
        .collect();
    lines.join("\n").into()
}

/// Writes one pretty JSON document and a newline.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> Result<(), Error> {
    crate::export::json::write_pretty(out, value)
}

/// Whether an answer reports a failure (data files with problems): the face exits with
/// status 1 after printing it.
pub fn failure(answer: &Answer<'_>) -> Option<Error> {
    match answer {
        Answer::Validated(v) if !v.ok => Some(Error::Data(v.problems.clone())),
        _ => None,
    }
}

/// Writes `text` to `out`, for answers that are plain text (help).
pub fn write_text(out: &mut dyn Write, text: &str) -> io::Result<()> {
    write!(out, "{text}")
}
