//! A file read as BODS 0.4 statements (`--format bods`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::exercise(data, Some(dealgraph::load::Format::Bods));
});
