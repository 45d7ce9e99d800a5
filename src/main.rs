//! The `dealgraph` binary: everything it does is [`dealgraph::app::main`], which prints its
//! answers and errors and returns the exit status (0, 1 or 2).

use std::process::ExitCode;

/// A registry loads millions of small strings and lists, many of them freed again while
/// merging: mimalloc serves them from per-size pages, faster than the system allocator and
/// without its fragmentation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `purge_delay` (`mi_option_purge_delay`, the 16th of its options in
/// mimalloc 2): how many milliseconds freed memory is kept before it is given back.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A load frees its records step by step while it packs them: memory freed is given back
    // at once, so that the next step does not add to what the last one kept (a million
    // entities' load peaked 57 to 80 MB lower). Set before anything large is allocated.
    // SAFETY: `mi_option_set` only stores a number in mimalloc's option table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ExitCode::from(dealgraph::app::main(&words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_mimalloc_gives_ten_milliseconds() {
        // mimalloc 2's default purge delay is 10 ms, which no neighbouring option has: a
        // mimalloc whose options were renumbered fails here rather than set another option.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 10);
    }
}
