//! The two faces that run many commands in one session: the `dealgraph>` prompt on a terminal,
//! and scripts (standard input or a file) with one command a line.

use std::io::{self, BufRead, Write};

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::error::Error;
use crate::session::{Flow, Session};

/// The prompt's text.
pub const PROMPT: &str = "dealgraph> ";

/// Runs the interactive prompt until `quit` or end of input. An error is printed and the
/// session carries on.
pub fn prompt(session: &mut Session) -> Result<(), Error> {
    let mut editor = DefaultEditor::new()
        .map_err(|e| Error::io("cannot open the prompt", io::Error::other(e)))?;
    let stdout = io::stdout();
    loop {
        match editor.readline(PROMPT) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                let mut out = stdout.lock();
                let flow = session.run_line(&line, &mut out);
                let _ = out.flush();
                match flow {
                    Ok(Flow::Quit) => break,
                    Ok(Flow::Continue) => {}
                    Err(err) => eprintln!("error: {err}"),
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(err) => return Err(Error::io("cannot read the prompt", io::Error::other(err))),
        }
    }
    Ok(())
}

/// Runs the lines of a script. The first error stops it, named by its line number, unless
/// `keep_going`, which reports each error and runs on (and still fails at the end).
pub fn script(
    session: &mut Session,
    input: impl BufRead,
    name: &str,
    out: &mut dyn Write,
    keep_going: bool,
) -> Result<(), Error> {
    let mut failures = 0;
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::io(format!("cannot read {name}"), e))?;
        let result = session.run_line(&line, out);
        out.flush()?;
        match result {
            Ok(Flow::Continue) => {}
            Ok(Flow::Quit) => break,
            Err(err) => {
                let err = Error::AtLine {
                    name: name.to_string(),
                    line: number + 1,
                    source: Box::new(err),
                };
                if !keep_going {
                    return Err(err);
                }
                eprintln!("error: {err}");
                failures += 1;
            }
        }
    }
    if failures > 0 {
        return Err(Error::Usage(format!(
            "{failures} line{} of {name} failed",
            if failures == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}
