//! A file read as FollowTheMoney entities (`--format ftm`): JSON lines, or one JSON document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::exercise(data, Some(dealgraph::load::Format::Ftm));
});
