//! Lines typed at the prompt of a session on the bundled data.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::prompt(data);
});
