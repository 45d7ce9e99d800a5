//! A FollowTheMoney mapping and the CSV table it reads, parted by a line `%%`, read as
//! `--data MAPPING.yml` reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dealgraph_fuzz::mapping(data);
});
