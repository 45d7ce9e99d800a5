//! What the binary does: parse the command line, load the data, then run one command, the
//! prompt, or a script (`--script FILE`, or standard input when it is not a terminal), printing
//! every answer and error through one [`Printer`]. Returns the exit status.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};

use clap::Parser;

use crate::cli::{Cli, Startup};
use crate::error::Error;
use crate::print::{self, Paint, Printer};
use crate::repl;
use crate::session::Session;

/// Runs the program on its words and returns the exit status: 0 for success (a closed pipe on
/// the output counts as success), 1 for a failure, 2 for words the grammar does not take.
pub fn main(words: &[OsString]) -> u8 {
    let cli = match Cli::try_parse_from(words) {
        Ok(cli) => cli,
        Err(err) => return parse_failed(&err, words),
    };
    let stdout = io::stdout();
    if let Some(generated) = cli.generated() {
        let mut out = stdout.lock();
        return match out.write_all(&generated).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => 0,
            Err(err) => {
                eprintln!("error: cannot write the output: {err}");
                1
            }
        };
    }
    let json = cli.global.json;
    // Whether to colour when nothing says: on a terminal, without NO_COLOR.
    let auto = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let color = cli.global.color().unwrap_or(auto);
    let printer = Printer {
        json,
        paint: Paint {
            color: color && !json,
        },
        terminal: stdout.is_terminal(),
    };
    match run(&cli, printer, auto) {
        Ok(()) => 0,
        Err(err) if err.is_broken_pipe() => 0,
        Err(Failed::Printed) => 1,
        Err(Failed::Error(err)) => {
            printer.error(&err, &mut stdout.lock(), &mut io::stderr());
            1
        }
    }
}

/// Why the program failed: an error to print, or one printed already.
enum Failed {
    Error(Error),
    Printed,
}

impl Failed {
    fn is_broken_pipe(&self) -> bool {
        matches!(self, Failed::Error(err) if err.is_broken_pipe())
    }
}

impl From<Error> for Failed {
    fn from(err: Error) -> Self {
        Failed::Error(err)
    }
}

/// Runs the command line's command, or the prompt or a script; `auto` is whether to colour
/// when neither `--color` nor `set colour` says.
fn run(cli: &Cli, printer: Printer, auto: bool) -> Result<(), Failed> {
    let startup: Startup = cli.startup()?;
    let mut session = Session::start(&startup.inputs, &startup.reading)?;
    if !cli.global.data.is_empty() {
        // What --data added, on standard error so that standard output stays the command's.
        let startup_report = session.startup_report();
        let report = crate::load::LoadReport {
            likely_duplicates: startup_report.likely_duplicates.clone(),
            files: startup_report
                .files
                .iter()
                .filter(|f| !crate::load::BUNDLED.iter().any(|(name, _)| *name == f.file))
                .cloned()
                .collect(),
        };
        if cli.global.verbose {
            eprint!("{}", print::terminal::clean(&report.to_string()));
        } else if !cli.global.quiet {
            eprintln!("{}", print::terminal::clean(&report.summary()));
        }
    }
    let stdout = io::stdout();
    let outcome = match cli.request()? {
        Some(request) => {
            let mut out = io::BufWriter::new(stdout.lock());
            let answer = session.run(&request)?;
            printer.answer(&answer, &mut out, &mut io::stderr())?;
            out.flush().map_err(Error::from)?;
            let failure = print::failure(&answer);
            // Printing may have read a record of a snapshot that could not be read.
            if let Some(err) = session.graph().damage() {
                return Err(err.into());
            }
            match failure {
                Some(err) if printer.json => {
                    eprintln!("error: {err:#}");
                    Err(Failed::Printed)
                }
                Some(err) => Err(Failed::Error(err)),
                None => Ok(()),
            }
        }
        None => {
            // The prompt and scripts start with the command line's filter and format as
            // settings.
            let settings = session.settings_mut();
            settings.json = startup.json;
            settings.filter = settings.filter.with(&startup.filter);
            settings.colour = cli.global.color.into();
            let script = match &startup.script {
                Some(path) if path.as_os_str() != "-" => Some(path),
                _ => None,
            };
            let ran = match script {
                Some(path) => {
                    crate::files::readable(path).map_err(Error::Usage)?;
                    let file = std::fs::File::open(path).map_err(|e| {
                        Error::io(format!("cannot read the script {}", path.display()), e)
                    })?;
                    let name = path.display().to_string();
                    let input = io::BufReader::new(file);
                    repl::script(&mut session, input, &name, auto, startup.keep_going)
                }
                None if startup.script.is_none() && io::stdin().is_terminal() => {
                    let options = repl::PromptOptions {
                        color: auto,
                        history: repl::history::default_path(),
                    };
                    repl::prompt(&mut session, &options).map_err(repl::Ended::Error)
                }
                // `--script -`, or standard input that is not a terminal.
                None => repl::script(
                    &mut session,
                    io::stdin().lock(),
                    "stdin",
                    auto,
                    startup.keep_going,
                ),
            };
            match ran {
                Ok(()) => Ok(()),
                Err(repl::Ended::Error(err)) => Err(Failed::Error(err)),
                Err(repl::Ended::Failed) => Err(Failed::Printed),
            }
        }
    };
    // The process ends next: freeing a large graph piece by piece would only delay the exit.
    std::mem::forget(session);
    outcome
}

/// Prints what clap says about the command line (help, or a usage error) and returns the
/// exit code (0 for help, 2 for an error). With `--json` among the words, standard output
/// gets one JSON document too: the help text, or the error.
fn parse_failed(err: &clap::Error, words: &[OsString]) -> u8 {
    let json = words
        .iter()
        .skip(1)
        .take_while(|w| *w != "--")
        .any(|w| w == "--json");
    let code = err.exit_code().clamp(0, 255) as u8;
    if !json {
        let _ = err.print();
        return code;
    }
    let text = err.render().to_string();
    let value = if code == 0 {
        serde_json::json!({ "help": text })
    } else {
        let _ = err.print();
        let text = text.trim_end();
        Error::Usage(text.strip_prefix("error: ").unwrap_or(text).to_string()).to_json()
    };
    let _ = print::write_json(&mut io::stdout().lock(), &value);
    code
}
