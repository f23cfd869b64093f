//! Fuzzes the reading of `coop.toml`: any bytes, in otherwise valid books, through load,
//! check, every report, the journal and the closes, with their invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coopbooks::selftest::exercise(&coopbooks::selftest::with_file("coop.toml", data));
});
