//! Scripts: the commands of a file or of standard input, one a line (a line that ends with `\`
//! goes on on the next), run one after another without a prompt.

use std::io::{self, BufRead};

use super::line::{continues, join_lines};
use super::{Ended, Flow, run_line};
use crate::error::Error;
use crate::files::read_line_capped;
use crate::session::Session;
use crate::text::count;

/// Runs the commands of a script, printing each answer on standard output. The first error
/// stops it, named by its line number, unless `keep_going`, which reports each error and runs
/// on (and still fails at the end). Every error is printed as it happens. `color` is whether
/// to colour under `set colour auto`.
pub fn script(
    session: &mut Session,
    input: impl BufRead,
    name: &str,
    color: bool,
    keep_going: bool,
) -> Result<(), Ended> {
    let mut failures = 0;
    let mut commands = Commands::new(input, name);
    let stdout = io::stdout();
    loop {
        let (number, command) = match commands.next_command() {
            Ok(Some(next)) => next,
            Ok(None) => break,
            Err(err) => return Err(Ended::Error(err)),
        };
        let mut out = stdout.lock();
        let (printer, result) = match command {
            Ok(text) => run_line(session, &join_lines(&text), color, &mut out),
            Err(err) => (super::printer(session, color, false), Err(err)),
        };
        match result {
            // A script has no screen to clear.
            Ok(Flow::Continue | Flow::Clear) => {}
            Ok(Flow::Quit) => break,
            Err(err) => {
                if err.is_broken_pipe() {
                    return Err(Ended::Error(err));
                }
                let err = Error::AtLine {
                    name: name.to_string(),
                    line: number,
                    source: Box::new(err),
                };
                printer.error(&err, &mut out, &mut io::stderr());
                if !keep_going {
                    return Err(Ended::Failed);
                }
                failures += 1;
            }
        }
    }
    if failures > 0 {
        // Each failure was answered already (in JSON too); the summary is for people.
        eprintln!(
            "error: {} of {name} failed",
            count(failures, "command", "commands")
        );
        return Err(Ended::Failed);
    }
    Ok(())
}

/// The longest line of a script: 1 MiB.
pub const LINE_LIMIT: u64 = 1 << 20;

/// A command of a script: the number of its first line, and its text (or why it has none).
pub type NumberedCommand = (usize, Result<String, Error>);

/// The commands of a script with the number of the line each starts on.
pub struct Commands<R> {
    input: R,
    name: String,
    /// Lines read so far.
    read: usize,
}

impl<R: BufRead> Commands<R> {
    /// Reads the commands of the script `input`, which messages call `name`.
    pub fn new(input: R, name: &str) -> Self {
        Commands {
            input,
            name: name.to_string(),
            read: 0,
        }
    }

    /// The next command and its first line's number, or `None` at the end. A line that is not
    /// UTF-8 text is that command's error; failing to read ends the script.
    pub fn next_command(&mut self) -> Result<Option<NumberedCommand>, Error> {
        let first = self.read + 1;
        let mut command = String::new();
        let mut broken = false;
        loop {
            let mut bytes = Vec::new();
            let (n, cut) = read_line_capped(&mut self.input, &mut bytes, LINE_LIMIT)
                .map_err(|e| Error::io(format!("cannot read {}", self.name), e))?;
            if cut {
                // What follows is no command either: the script ends here.
                return Err(Error::Usage(format!(
                    "{}:{}: the line is longer than {}; is {} a script?",
                    self.name,
                    self.read + 1,
                    crate::files::size(LINE_LIMIT),
                    self.name
                )));
            }
            if n == 0 {
                if self.read + 1 == first {
                    return Ok(None);
                }
                break;
            }
            self.read += 1;
            if bytes.ends_with(b"\n") {
                bytes.pop();
                if bytes.ends_with(b"\r") {
                    bytes.pop();
                }
            }
            match String::from_utf8(bytes) {
                Ok(line) => {
                    let line = if self.read == 1 {
                        line.trim_start_matches('\u{feff}').to_string()
                    } else {
                        line
                    };
                    if !command.is_empty() {
                        command.push('\n');
                    }
                    command.push_str(&line);
                }
                Err(_) => broken = true,
            }
            if broken || !continues(&command) {
                break;
            }
        }
        let command = if broken {
            Err(Error::Usage(
                "the line is not UTF-8 text; save the script as UTF-8".into(),
            ))
        } else {
            Ok(command)
        };
        Ok(Some((first, command)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &[u8]) -> Vec<(usize, Result<String, String>)> {
        let mut commands = Commands::new(text, "test.dg");
        let mut all = Vec::new();
        while let Some((n, c)) = commands.next_command().unwrap() {
            all.push((n, c.map_err(|e| e.to_string())));
        }
        all
    }

    #[test]
    fn a_backslash_joins_lines_and_errors_name_the_first() {
        let found = commands(b"show SenseTime\nfind \\\n  police\r\n\n# done\n");
        assert_eq!(
            found,
            [
                (1, Ok("show SenseTime".to_string())),
                (2, Ok("find \\\n  police".to_string())),
                (4, Ok(String::new())),
                (5, Ok("# done".to_string())),
            ]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_an_error_of_its_own() {
        let found = commands(b"stats\nshow \xff\nstats");
        assert_eq!(found[0], (1, Ok("stats".to_string())));
        assert_eq!(found[1].0, 2);
        assert!(found[1].1.as_ref().unwrap_err().contains("not UTF-8"));
        assert_eq!(found[2], (3, Ok("stats".to_string())));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_command() {
        assert_eq!(
            commands("\u{feff}stats\n".as_bytes()),
            [(1, Ok("stats".to_string()))]
        );
    }

    #[test]
    fn a_script_of_zero_bytes_ends_at_the_first_line_too_long() {
        let zeros = std::io::Read::take(std::io::repeat(0), 10 * LINE_LIMIT);
        let mut commands = Commands::new(std::io::BufReader::new(zeros), "/dev/zero");
        let err = commands.next_command().unwrap_err().to_string();
        assert!(
            err.contains("/dev/zero:1: the line is longer than 1 MiB"),
            "{err}"
        );
    }

    #[test]
    fn a_backslash_on_the_last_line_ends_the_command() {
        assert_eq!(commands(b"stats \\"), [(1, Ok("stats \\".to_string()))]);
    }
}
