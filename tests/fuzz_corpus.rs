//! Replays the inputs kept from fuzzing (`tests/fuzz-corpus/<target>/*`, each the bytes of
//! one book file: the target's name says which) through what the fuzz targets run: the
//! file's reader alone, and whole books holding it through load, check, every report, the
//! journal and the closes, with their invariants. An input that
//! once crashed coopbooks is kept here, so stable `cargo test` keeps it fixed.

use std::path::Path;

/// The book file each reader target's input stands for.
const TARGETS: [(&str, &str); 9] = [
    ("coop_toml", "coop.toml"),
    ("member_toml", "members/ann.toml"),
    ("client_toml", "clients/acme.toml"),
    ("contracts_csv", "contracts/2026.csv"),
    ("payments_csv", "payments/2026.csv"),
    ("ledger_csv", "ledger/2026.csv"),
    ("close_toml", "closes/2026-01.toml"),
    ("statements_csv", "bank/statements.csv"),
    ("rules_toml", "bank/rules.toml"),
];

#[test]
fn every_kept_input_runs_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut replayed = 0;
    for (target, rel) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let run = std::panic::catch_unwind(|| {
                coopbooks::selftest::read(rel, &bytes);
                coopbooks::selftest::exercise(&coopbooks::selftest::with_file(rel, &bytes));
            });
            assert!(run.is_ok(), "{} panicked", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no input under {}", root.display());
}

/// The bank statement reader's inputs, through the reader and an import into the base books.
#[test]
fn every_kept_statement_runs_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus/camt053");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let run = std::panic::catch_unwind(|| coopbooks::selftest::statement(&bytes));
        assert!(run.is_ok(), "{} panicked", path.display());
        replayed += 1;
    }
    assert!(replayed >= 3, "no input under {}", dir.display());
}

#[test]
fn the_base_books_of_the_targets_are_valid_and_exercised() {
    let books = coopbooks::books::Memory::new(coopbooks::selftest::base_books());
    let loaded = coopbooks::books::load(&books).unwrap();
    assert!(
        loaded.problems.iter().all(|p| !p.is_error()),
        "{:?}",
        loaded.problems
    );
    coopbooks::selftest::exercise(&books);
}
