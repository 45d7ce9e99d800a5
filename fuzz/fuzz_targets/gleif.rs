//! A file read as GLEIF API records (`--format gleif`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::exercise(data, Some(dealgraph::load::Format::Gleif));
});
