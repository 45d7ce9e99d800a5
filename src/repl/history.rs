//! The prompt's history file: where it lives, loading it at start and saving each line as it
//! is entered. A file that cannot be read or written costs one warning, then the session goes
//! on without it.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use rustyline::error::ReadlineError;
use rustyline::history::History;
use rustyline::{Editor, Helper};

/// The history file: `$DEALGRAPH_HISTORY` (empty: no history file), else
/// `$XDG_STATE_HOME/dealgraph/history`, else `~/.local/state/dealgraph/history`.
pub fn default_path() -> Option<PathBuf> {
    path_from(|name| std::env::var_os(name), std::env::home_dir())
}

/// [`default_path`] with the environment and the home folder given.
pub fn path_from(var: impl Fn(&str) -> Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(path) = var("DEALGRAPH_HISTORY") {
        return (!path.is_empty()).then(|| PathBuf::from(path));
    }
    // The XDG specification ignores a relative XDG_STATE_HOME.
    let state = var("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.map(|h| h.join(".local").join("state")))?;
    Some(state.join("dealgraph").join("history"))
}

/// The largest history file read: 16 MiB.
pub const HISTORY_LIMIT: u64 = 16 << 20;

/// The history file of one session.
#[derive(Debug)]
pub struct HistoryFile {
    /// `None` without a file, or once it has failed.
    path: Option<PathBuf>,
}

impl HistoryFile {
    /// The history kept in the file at `path`, or nowhere when it is `None`.
    pub fn new(path: Option<PathBuf>) -> Self {
        HistoryFile { path }
    }

    /// Loads the file into the editor's history; a missing file is a first session.
    pub fn load<H: Helper, I: History>(&mut self, editor: &mut Editor<H, I>, warn: &mut dyn Write) {
        let Some(path) = &self.path else { return };
        if let Err(why) = crate::files::readable(path) {
            return self.give_up("read", &why, warn);
        }
        if let Ok(meta) = std::fs::metadata(path)
            && meta.len() > HISTORY_LIMIT
        {
            let why = format!(
                "it is larger than {}, which no history of {} lines is",
                crate::files::size(HISTORY_LIMIT),
                super::HISTORY_SIZE
            );
            return self.give_up("read", &why, warn);
        }
        match editor.load_history(path) {
            Ok(()) => {}
            Err(ReadlineError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => self.give_up("read", &e.to_string(), warn),
        }
    }

    /// Adds what was entered to the file.
    pub fn save<H: Helper, I: History>(&mut self, editor: &mut Editor<H, I>, warn: &mut dyn Write) {
        let Some(path) = &self.path else { return };
        let result = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
            _ => Ok(()),
        }
        .map_err(|e| e.to_string())
        .and_then(|()| editor.append_history(path).map_err(|e| e.to_string()));
        if let Err(e) = result {
            self.give_up("write", &e, warn);
        }
    }

    fn give_up(&mut self, what: &str, error: &str, warn: &mut dyn Write) {
        if let Some(path) = self.path.take() {
            let _ = writeln!(
                warn,
                "warning: cannot {what} the history file {}: {error}; this session's lines will not be \
                 saved (set DEALGRAPH_HISTORY to another file, or to nothing for no history)",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_history_file_that_is_a_device_is_not_read() {
        let mut editor: Editor<(), rustyline::history::DefaultHistory> =
            Editor::new().expect("an editor without a terminal");
        let mut history = HistoryFile::new(Some(PathBuf::from("/dev/zero")));
        let mut warning = Vec::new();
        history.load(&mut editor, &mut warning);
        let warning = String::from_utf8(warning).unwrap();
        assert!(warning.contains("/dev/zero is a device"), "{warning}");
        assert_eq!(editor.history().len(), 0);
    }

    #[test]
    fn the_history_lives_in_the_state_folder() {
        let home = Some(PathBuf::from("/home/ana"));
        assert_eq!(
            path_from(env(&[]), home.clone()),
            Some(PathBuf::from("/home/ana/.local/state/dealgraph/history"))
        );
        assert_eq!(
            path_from(env(&[("XDG_STATE_HOME", "/state")]), home.clone()),
            Some(PathBuf::from("/state/dealgraph/history"))
        );
        assert_eq!(
            path_from(env(&[("XDG_STATE_HOME", "relative")]), home.clone()),
            Some(PathBuf::from("/home/ana/.local/state/dealgraph/history"))
        );
        assert_eq!(
            path_from(
                env(&[
                    ("XDG_STATE_HOME", "/state"),
                    ("DEALGRAPH_HISTORY", "/tmp/h")
                ]),
                home.clone()
            ),
            Some(PathBuf::from("/tmp/h"))
        );
        assert_eq!(path_from(env(&[("DEALGRAPH_HISTORY", "")]), home), None);
        assert_eq!(path_from(env(&[]), None), None);
    }
}
