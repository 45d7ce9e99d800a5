//! A file read as OCDS 1.1 packages (`--format ocds`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::exercise(data, Some(dealgraph::load::Format::Ocds));
});
