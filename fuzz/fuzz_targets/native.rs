//! A data file as `--data FILE` reads it, its format detected from its content (a dealgraph dataset for the seeds).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::exercise(data, None);
});
