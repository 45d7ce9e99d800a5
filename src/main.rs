//! The `dealgraph` binary: parse the command line, run it (see [`dealgraph::app`]), print an
//! error and exit 0, 1 or 2.

use std::process::ExitCode;

use clap::Parser;
use dealgraph::cli::Cli;

fn main() -> ExitCode {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&words) {
        Ok(cli) => cli,
        Err(err) => return ExitCode::from(dealgraph::app::parse_failed(&err, &words)),
    };
    match dealgraph::app::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
