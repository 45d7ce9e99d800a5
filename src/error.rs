//! The library's errors: each says what went wrong and what to do next.

use std::fmt::Write as _;
use std::io;

use crate::diagnostic::Diagnostic;

/// The most characters of a name a message repeats.
const NAME_MAX: usize = 100;

/// What can go wrong in loading data or answering a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A name that matches no entity.
    #[error(
        "unknown entity \"{}\"{}",
        crate::text::clip(text, NAME_MAX),
        did_you_mean(suggestions)
    )]
    UnknownEntity {
        /// The name as given.
        text: String,
        /// The names of the closest entities, best first; empty when none is close.
        suggestions: Vec<String>,
    },

    /// A name that matches several entities.
    #[error(
        "\"{}\" names {} entities: {}; name one by its id",
        crate::text::clip(text, NAME_MAX),
        candidates.len(),
        candidates.join("; ")
    )]
    AmbiguousEntity {
        /// The name as given.
        text: String,
        /// Each matching entity as "name (id …, kind)", sorted.
        candidates: Vec<String>,
    },

    /// Problems in data files; nothing from them was loaded.
    #[error("{}", data_problems(.0))]
    Data(Vec<Diagnostic>),

    /// A command's words or values are wrong (the message says which and what to type).
    #[error("{0}")]
    Usage(String),

    /// An error on a line of a script.
    #[error("{name}:{line}: {source}")]
    AtLine {
        /// The script's name.
        name: String,
        /// The line the failing command starts on, from 1.
        line: usize,
        /// The error on that line.
        source: Box<Error>,
    },

    /// The command was stopped (Ctrl-C at the prompt) before it answered.
    #[error("interrupted: the command stopped before it answered; the graph is as it was")]
    Interrupted,

    /// Writing a file or the output failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

impl Error {
    /// Whether the error is a closed pipe on the output (`dealgraph ... | head`), which counts as
    /// success.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io { source, .. } => source.kind() == io::ErrorKind::BrokenPipe,
            Error::AtLine { source, .. } => source.is_broken_pipe(),
            _ => false,
        }
    }

    /// The error as a JSON value, for `--json` callers.
    pub fn to_json(&self) -> serde_json::Value {
        let kind = match self {
            Error::UnknownEntity { .. } => "unknown_entity",
            Error::AmbiguousEntity { .. } => "ambiguous_entity",
            Error::Data(_) => "data",
            Error::Usage(_) => "usage",
            Error::AtLine { .. } => "script",
            Error::Interrupted => "interrupted",
            Error::Io { .. } => "io",
        };
        let mut value =
            serde_json::json!({ "error": { "kind": kind, "message": self.to_string() } });
        match self {
            Error::UnknownEntity { suggestions, .. } => {
                value["error"]["suggestions"] = serde_json::json!(suggestions);
            }
            Error::AmbiguousEntity { candidates, .. } => {
                value["error"]["candidates"] = serde_json::json!(candidates);
            }
            Error::Data(problems) => {
                value["error"]["problems"] = serde_json::json!(problems);
            }
            _ => {}
        }
        value
    }
}

impl From<io::Error> for Error {
    fn from(source: io::Error) -> Self {
        Error::io("cannot write the output", source)
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => "; try `find` with part of the name".to_string(),
        [one] => format!(" — did you mean \"{one}\"?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
            format!(" — did you mean one of {}?", quoted.join(", "))
        }
    }
}

fn data_problems(problems: &[Diagnostic]) -> String {
    let mut text = String::new();
    for problem in problems {
        let _ = writeln!(text, "{problem}");
    }
    let _ = write!(
        text,
        "{} in the data; nothing was loaded",
        crate::text::count(problems.len(), "problem", "problems")
    );
    text
}
