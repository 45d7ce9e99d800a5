//! What the binary does with a parsed command line: load the data, then run one command, the
//! prompt, or a script from standard input.

use std::io::{self, IsTerminal, Write};

use crate::cli::Cli;
use crate::error::Error;
use crate::repl;
use crate::session::Session;

/// Runs the program; with `--json` an error is also written to standard output as one JSON
/// document, so that a program reading it always gets one.
pub fn run(cli: &Cli) -> Result<(), Error> {
    let result = run_inner(cli);
    if let Err(err) = &result
        && cli.global.json
        && !err.is_broken_pipe()
        && !matches!(err, Error::Data(_) if is_validate(cli))
    {
        let mut out = io::stdout().lock();
        let _ = crate::commands::write_json(&mut out, &err.to_json());
    }
    result
}

fn is_validate(cli: &Cli) -> bool {
    matches!(cli.command, Some(crate::cli::Command::Validate(_)))
}

fn run_inner(cli: &Cli) -> Result<(), Error> {
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
    session.set_color(anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never);
    match &cli.command {
        Some(command) => {
            let mut out = io::BufWriter::new(stdout.lock());
            session.run(command, &cli.global, &mut out)?;
            out.flush()?;
        }
        None if io::stdin().is_terminal() => repl::prompt(&mut session)?,
        None => {
            let mut out = stdout.lock();
            repl::script(&mut session, io::stdin().lock(), "stdin", &mut out, false)?;
        }
    }
    Ok(())
}
