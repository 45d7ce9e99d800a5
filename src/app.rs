//! What the binary does with a parsed command line: load the data, then run one command, the
//! prompt, or a script (`--script FILE`, or standard input when it is not a terminal).

use std::io::{self, IsTerminal, Write};

use crate::cli::{Cli, ColorWhen};
use crate::error::Error;
use crate::repl;
use crate::session::Session;

/// Runs the program; with `--json` an error is also written to standard output as one JSON
/// document, so that a program reading it always gets one.
pub fn run(cli: &Cli) -> Result<(), Error> {
    let mut reported = Reported::No;
    let result = run_inner(cli, &mut reported);
    if let Err(err) = &result
        && cli.global.json
        && !err.is_broken_pipe()
    {
        let already = match reported {
            Reported::No => false,
            Reported::Problems => matches!(err, Error::Data(_)),
            Reported::Each => true,
        };
        if !already {
            let mut out = io::stdout().lock();
            let _ = crate::commands::write_json(&mut out, &err.to_json());
        }
    }
    result
}

/// Which errors what ran wrote as JSON itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reported {
    No,
    /// `validate` writes the problems it found in the files it checks.
    Problems,
    /// A script writes the error of each command.
    Each,
}

/// Prints what clap says about the command line (help, or a usage error) and returns the
/// exit code (0 for help, 2 for an error). With `--json` among the words, standard output
/// gets one JSON document too: the help text, or the error.
pub fn parse_failed(err: &clap::Error, words: &[std::ffi::OsString]) -> u8 {
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
    let mut out = io::stdout().lock();
    let _ = crate::commands::write_json(&mut out, &value);
    code
}

fn run_inner(cli: &Cli, reported: &mut Reported) -> Result<(), Error> {
    if cli.command.is_some() && cli.global.script.is_some() {
        return Err(Error::Usage(
            "--script runs the commands of a file: give either a command or --script, not both"
                .into(),
        ));
    }
    let mut session = Session::start(&cli.global)?;
    if !cli.global.data.is_empty() {
        // What --data added, on standard error so that standard output stays the command's.
        let report = crate::load::LoadReport {
            files: session
                .startup_report()
                .files
                .iter()
                .filter(|f| !crate::load::BUNDLED.iter().any(|(name, _)| *name == f.file))
                .cloned()
                .collect(),
        };
        eprint!("{report}");
    }
    let stdout = io::stdout();
    let color = match cli.global.color {
        ColorWhen::Auto => anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
        ColorWhen::Always => true,
        ColorWhen::Never => false,
    };
    session.set_color(color);
    if cli.command.is_none() {
        // The prompt and scripts start with the command line's filter and format as settings.
        let settings = session.settings_mut();
        settings.json = cli.global.json;
        settings.filter.statuses = cli.global.status.iter().copied().collect();
        settings.filter.as_of = cli.global.as_of;
    }
    let keep_going = cli.global.keep_going;
    if matches!(cli.command, Some(crate::cli::Command::Validate(_))) {
        *reported = Reported::Problems;
    }
    let mut answer = || -> Result<(), Error> {
        match (&cli.command, &cli.global.script) {
            (Some(command), _) => {
                let mut out = io::BufWriter::new(stdout.lock());
                session.run(command, &cli.global, &mut out)?;
                out.flush()?;
            }
            (None, Some(path)) if path.as_os_str() != "-" => {
                let file = std::fs::File::open(path).map_err(|e| {
                    Error::io(format!("cannot read the script {}", path.display()), e)
                })?;
                *reported = Reported::Each;
                let mut out = stdout.lock();
                let name = path.display().to_string();
                let input = io::BufReader::new(file);
                repl::script(&mut session, input, &name, &mut out, keep_going)?;
            }
            (None, None) if io::stdin().is_terminal() => {
                *reported = Reported::Each;
                let options = repl::PromptOptions {
                    color,
                    history: repl::history::default_path(),
                };
                repl::prompt(&mut session, &options)?;
            }
            // `--script -`, or standard input that is not a terminal.
            (None, _) => {
                *reported = Reported::Each;
                let mut out = stdout.lock();
                repl::script(
                    &mut session,
                    io::stdin().lock(),
                    "stdin",
                    &mut out,
                    keep_going,
                )?;
            }
        }
        Ok(())
    };
    let outcome = answer();
    // The process ends next: freeing a large graph piece by piece would only delay the exit.
    std::mem::forget(session);
    outcome
}
