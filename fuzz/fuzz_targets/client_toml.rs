//! Fuzzes the reader of `clients/acme.toml`: any bytes, read alone as the loader reads them, with
//! the reader's promises (a problem names the file and one of its lines, and is shown with no
//! raw control character). Whole books go through every computation in `pipeline`; the
//! inputs kept in `tests/fuzz-corpus/` go through both in `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coopbooks::selftest::read("clients/acme.toml", data);
});
