//! Stopping a command that runs too long: the prompt turns Ctrl-C into a request to stop
//! ([`request`]), long searches look at it ([`requested`]) and end early, and the session then
//! answers that the command was interrupted, with the graph as it was.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks the running command to stop (from a signal handler: it only sets a flag).
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Whether the running command was asked to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Forgets a request to stop, before the next command starts.
pub fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}
