//! `init DIR` writes the example books, identical to fixtures/atelier, and refuses a non-empty directory.

mod common;
use common::{Books, fixture, run, run_in};

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.push(
            entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        );
    }
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn init_writes_the_atelier_books_that_pass_check() {
    let tmp = Books::empty();
    let dir = tmp.path().join("my-coop");
    let r = run_in(tmp.path(), &["init", "my-coop"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Wrote example books to my-coop.\nTry:\n  coopbooks --books my-coop check\n  \
         coopbooks --books my-coop pay 2026-03\n  coopbooks --books my-coop member alice\n"
    );
    // A name the shell would split is quoted in what to try.
    let r = run_in(tmp.path(), &["init", "our coop's books"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("  coopbooks --books 'our coop'\\''s books' check\n"),
        "{}",
        r.stdout
    );
    // Same files, same bytes as the fixture.
    let atelier = fixture("atelier");
    assert_eq!(files_under(&dir), files_under(&atelier));
    for f in files_under(&atelier) {
        assert_eq!(
            std::fs::read(dir.join(&f)).unwrap(),
            std::fs::read(atelier.join(&f)).unwrap(),
            "{f}"
        );
    }
    let r = run(&dir, &["check"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows.\n"
    );
}

#[test]
fn init_into_an_empty_directory() {
    let tmp = Books::empty();
    let r = run_in(tmp.path(), &["init", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(tmp.path().join("coop.toml").is_file());
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let tmp = Books::empty().file("notes.txt", "mine");
    let r = run_in(tmp.path(), &["init", "."]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "coopbooks: . is not empty; init writes only to a new or empty directory\n"
    );
    assert_eq!(files_under(tmp.path()), vec!["notes.txt".to_string()]);
}

/// `init DIR --blank NAME`: a co-op of one's own, a coop.toml alone whose keys are explained,
/// which `check` and `fmt --check` accept as it is; a name with quotes is written as TOML.
#[test]
fn init_blank_writes_a_coop_of_ones_own() {
    let tmp = Books::empty();
    let r = run_in(tmp.path(), &["init", "mine", "--blank", "Les \"Copains\""]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Wrote blank books to mine: coop.toml, with every key explained.\nNext: set your rates \
         in coop.toml, add a members/ID.toml per member and contracts/*.csv, then `coopbooks \
         --books mine check`.\n"
    );
    let books = tmp.path().join("mine");
    assert_eq!(files_under(&books), vec!["coop.toml".to_string()]);
    let coop = std::fs::read_to_string(books.join("coop.toml")).unwrap();
    assert!(
        coop.starts_with("# The books of Les \"Copains\" (coopbooks)."),
        "{coop}"
    );
    assert!(coop.contains("\nname = 'Les \"Copains\"'\n"), "{coop}");
    let check = run(&books, &["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            0,
            "The books are valid: 0 members, 0 contracts, 0 payments, 0 ledger rows.\n"
        )
    );
    assert_eq!(run(&books, &["fmt", "--check"]).code, 0);
    let r = run(&books, &["--format", "json", "pay", "2026-03"]).json();
    assert_eq!(r["members"], serde_json::json!([]));
}
