//! The `dealgraph` binary: everything it does is [`dealgraph::app::main`], which prints its
//! answers and errors and returns the exit status (0, 1 or 2).

use std::process::ExitCode;

/// A registry loads millions of small strings and lists, many of them freed again while
/// merging: mimalloc serves them from per-size pages, faster than the system allocator and
/// without its fragmentation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ExitCode::from(dealgraph::app::main(&words))
}
