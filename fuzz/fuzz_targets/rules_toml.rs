//! Fuzzes the reader of `bank/rules.toml`: any bytes, read alone as the loader reads them, with the
//! reader's promises (a problem names the file and one of its lines, and is shown with no raw
//! control character). The inputs kept in `tests/fuzz-corpus/rules_toml/` are replayed in
//! `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coopbooks::selftest::read("bank/rules.toml", data);
});
