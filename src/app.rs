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
    match (&cli.command, &cli.global.script) {
        (Some(command), _) => {
            let mut out = io::BufWriter::new(stdout.lock());
            session.run(command, &cli.global, &mut out)?;
            out.flush()?;
        }
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut out = stdout.lock();
            repl::script(
                &mut session,
                io::stdin().lock(),
                "stdin",
                &mut out,
                keep_going,
            )?;
        }
        (None, Some(path)) => {
            let file = std::fs::File::open(path)
                .map_err(|e| Error::io(format!("cannot read the script {}", path.display()), e))?;
            let mut out = stdout.lock();
            let name = path.display().to_string();
            let input = io::BufReader::new(file);
            repl::script(&mut session, input, &name, &mut out, keep_going)?;
        }
        (None, None) if io::stdin().is_terminal() => {
            let options = repl::PromptOptions {
                color,
                history: repl::history::default_path(),
            };
            repl::prompt(&mut session, &options)?;
        }
        (None, None) => {
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
}
