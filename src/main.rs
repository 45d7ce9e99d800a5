//! The `dealgraph` binary: everything it does is [`dealgraph::app::main`], which prints its
//! answers and errors and returns the exit status (0, 1 or 2).

use std::process::ExitCode;

fn main() -> ExitCode {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ExitCode::from(dealgraph::app::main(&words))
}
