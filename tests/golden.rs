//! Every command's exact output on the atelier books, in every format, kept in
//! `tests/golden/`: a refactor that changes one byte of any report fails here.
//! Regenerate on purpose with `UPDATE_GOLDEN=1 cargo test --test golden`.

mod common;
use common::{Books, Run};
use std::path::Path;

/// (file name, arguments) of every run, on a copy of the atelier books.
const RUNS: &[(&str, &[&str])] = &[
    ("check", &["check"]),
    ("pay-2026-01", &["pay", "2026-01"]),
    ("pay-2026-03-contracts", &["pay", "2026-03", "--contracts"]),
    ("pay-2026-04-credit-note", &["pay", "2026-04"]),
    ("pay-2026-05-empty", &["pay", "2026-05"]),
    ("member-alice", &["member", "alice"]),
    (
        "member-greta-q1",
        &["member", "greta", "--period", "2026-Q1"],
    ),
    (
        "member-emma-feb",
        &["member", "emma", "--period", "2026-02"],
    ),
    ("funds", &["funds"]),
    ("funds-q1", &["funds", "--period", "2026-Q1"]),
    (
        "funds-range",
        &["funds", "--period", "2026-01-15..2026-02-14"],
    ),
    ("guarantee", &["guarantee"]),
    ("guarantee-march", &["guarantee", "--at", "2026-03-20"]),
    ("patronage-2026", &["patronage", "2026"]),
    ("capital", &["capital"]),
    ("capital-end", &["capital", "--at", "2026-12-31"]),
];

/// The same after closing January to March and the year 2026.
const CLOSED_RUNS: &[(&str, &[&str])] = &[
    ("closed-check", &["check"]),
    ("closed-funds", &["funds"]),
    ("closed-patronage", &["patronage", "2026"]),
    ("closed-capital", &["capital", "--at", "2032-01-01"]),
    ("closed-member-hugo", &["member", "hugo"]),
];

const FORMATS: [&str; 3] = ["table", "csv", "json"];

fn record(r: &Run) -> String {
    format!("{}--- stderr\n{}--- exit {}\n", r.stdout, r.stderr, r.code)
}

fn compare(name: &str, got: &str, failures: &mut Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.out"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if want != got {
        failures.push(format!("{name}:\n--- want\n{want}--- got\n{got}"));
    }
}

fn run_all(b: &Books, runs: &[(&str, &[&str])], failures: &mut Vec<String>) {
    for (name, args) in runs {
        for format in FORMATS {
            let mut all = vec!["--format", format];
            all.extend_from_slice(args);
            compare(&format!("{name}.{format}"), &record(&b.run(&all)), failures);
        }
    }
}

#[test]
fn every_report_is_byte_for_byte_as_recorded() {
    let mut failures = Vec::new();
    let b = Books::copy_of("atelier");
    run_all(&b, RUNS, &mut failures);
    for period in [
        "2025-06", "2026-01", "2026-02", "2026-03", "2026-04", "2026",
    ] {
        let r = b.run(&["close", period, "--date", "2026-04-30"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    run_all(&b, CLOSED_RUNS, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn payslips_are_byte_for_byte_as_recorded() {
    let mut failures = Vec::new();
    let b = Books::copy_of("atelier");
    for format in ["txt", "html"] {
        let out = b.path().join(format!("slips-{format}"));
        let r = b.run(&[
            "payslips",
            "2026-03",
            "--as",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for id in ["alice", "greta", "zoe"] {
            let name = format!("2026-03-{id}.{format}");
            compare(
                &format!("payslip-{name}"),
                &std::fs::read_to_string(out.join(&name)).unwrap(),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
