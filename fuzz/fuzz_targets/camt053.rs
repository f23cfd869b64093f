//! Fuzzes the bank statement reader (camt.053) and the import behind it: any bytes, read as
//! `import camt053` reads a file, then imported into the base books with the import's
//! promises (`selftest::statement`). The inputs kept in `tests/fuzz-corpus/camt053/` are
//! replayed in `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coopbooks::selftest::statement(data);
});
