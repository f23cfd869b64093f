//! `fmt`: the books rewritten in one canonical form, which never changes what they compute.

mod common;
use common::{Books, fixture};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of a books directory, by path: its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for folder in ["", "contracts", "payments", "ledger", "members", "closes"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for e in entries.flatten().filter(|e| e.path().is_file()) {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Sets every file's modification time to one in 2001, so that a rewrite shows whatever the
/// file system's clock granularity.
fn age(dir: &Path) {
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for rel in files(dir).into_keys() {
        let f = std::fs::File::options()
            .write(true)
            .open(dir.join(rel))
            .unwrap();
        f.set_modified(old).unwrap();
    }
}

fn mtimes(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    (files(dir).into_keys())
        .map(|rel| {
            let t = std::fs::metadata(dir.join(&rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel, t)
        })
        .collect()
}

/// A CSV file written as a careless spreadsheet would: a BOM, CRLF, every cell quoted and
/// padded, the header in capitals, the columns and the rows in reverse order, `800` for
/// 800.00 and `8.0` for 8 hours.
fn untidy_csv(text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().rev().map(str::to_string).collect())
        .collect();
    let header = records.remove(0);
    let hours = header.iter().position(|h| h == "hours");
    records.reverse();
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(header.iter().map(|h| format!(" {} ", h.to_uppercase())))
        .unwrap();
    for r in records {
        let cells = r.iter().enumerate().map(|(i, c)| {
            let c = match c.strip_suffix(".00") {
                Some(whole) if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) => {
                    whole.to_string()
                }
                _ if Some(i) == hours && !c.contains('.') => format!("{c}.0"),
                _ => c.clone(),
            };
            format!("  {c} ")
        });
        out.write_record(cells).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

/// A TOML file with its keys indented, `=` without spaces, bare dates and trailing spaces.
fn untidy_toml(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let is_key = line.split_once(" = ").is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        let line = if is_key {
            let (k, v) = line.split_once(" = ").unwrap();
            let bare = |v: &str| {
                let mut v = v.to_string();
                for date in ["2024-02-01", "2026-02-01", "2027-01-01", "2026-01-01"] {
                    v = v.replace(&format!("\"{date}\""), date);
                }
                v
            };
            let v = if ["joined", "since", "holidays"].contains(&k) {
                bare(v)
            } else {
                v.to_string()
            };
            format!("   {k}={v}")
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push_str("   \n");
    }
    out.push_str("\n\n");
    out
}

/// The example books, every file untidy.
fn untidy_atelier() -> Books {
    let books = Books::copy_of("atelier");
    for (rel, bytes) in files(books.path()) {
        let text = String::from_utf8(bytes).unwrap();
        let messy = if rel.ends_with(".csv") {
            untidy_csv(&text)
        } else {
            untidy_toml(&text)
        };
        assert_ne!(messy, text, "{rel} was made untidy");
        std::fs::write(books.path().join(&rel), messy).unwrap();
    }
    books
}

/// What every report says of the books, as text, JSON and CSV.
fn reports(books: &Path) -> Vec<(String, String)> {
    let commands: &[&[&str]] = &[
        &["check"],
        &["pay", "2026-01"],
        &["pay", "2026-02"],
        &["pay", "2026-03", "--contracts"],
        &["member", "alice"],
        &["member", "greta", "--period", "2026"],
        &["member", "farid"],
        &["funds"],
        &["guarantee"],
        &["patronage", "2026"],
        &["capital"],
    ];
    let mut out = Vec::new();
    for args in commands {
        for format in ["table", "json", "csv"] {
            let mut all = vec!["--format", format];
            all.extend_from_slice(args);
            let r = common::run(books, &all);
            out.push((
                format!("{all:?}"),
                format!("{}\n{}\n{}", r.code, r.stdout, r.stderr),
            ));
        }
    }
    out
}

#[test]
fn the_example_books_are_in_canonical_form() {
    let books = Books::copy_of("atelier");
    let r = books.run(&["fmt", "--check"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // `init` writes the same books.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new");
    let r = common::run_in(dir.path(), &["init", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = common::run(&target, &["fmt", "--check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn untidy_books_become_the_canonical_ones_and_compute_the_same() {
    let books = untidy_atelier();
    let before = reports(books.path());
    // Every report is the same as the tidy books': fmt has nothing to change in meaning.
    assert_eq!(before, reports(&fixture("atelier")));

    // --check lists every file, writes nothing, and exits 1.
    let untidy = files(books.path());
    let r = books.run(&["fmt", "--check"]);
    let every: String = untidy.keys().map(|rel| format!("{rel}\n")).collect();
    assert_eq!((r.code, r.stdout.as_str()), (1, every.as_str()));
    assert_eq!(
        r.stderr,
        format!(
            "coopbooks: {} files are not in canonical form; `coopbooks fmt` rewrites them\n",
            untidy.len()
        )
    );
    assert_eq!(files(books.path()), untidy);

    // fmt rewrites them: byte for byte the example books (no row, cell, column or comment
    // lost), and every figure as before.
    let r = books.run(&["fmt"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, every.as_str(), "")
    );
    assert_eq!(files(books.path()), files(&fixture("atelier")));
    assert_eq!(reports(books.path()), before);

    // Idempotent: nothing more to do, nothing touched.
    age(books.path());
    let times = mtimes(books.path());
    let r = books.run(&["fmt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(mtimes(books.path()), times);
}

#[test]
fn only_the_files_that_change_are_written() {
    let books = Books::copy_of("atelier").replace(
        "contracts/2026-02.csv",
        "2026-02-09,32,2400.00,",
        "2026-02-09,32.0,2400,",
    );
    age(books.path());
    let times = mtimes(books.path());
    let r = books.run(&["fmt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "contracts/2026-02.csv\n"));
    let after = mtimes(books.path());
    for (rel, t) in &times {
        assert_eq!(
            after[rel] == *t,
            rel != "contracts/2026-02.csv",
            "{rel}: written only if it changed"
        );
    }
    assert_eq!(files(books.path()), files(&fixture("atelier")));
}

#[test]
fn named_files_only_and_files_outside_the_books_refused() {
    let books = untidy_atelier();
    let untidy = files(books.path());
    let r = common::run_in(books.path(), &["fmt", "contracts/2026-01.csv", "coop.toml"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "contracts/2026-01.csv\ncoop.toml\n")
    );
    let now = files(books.path());
    for (rel, bytes) in &untidy {
        let formatted = ["contracts/2026-01.csv", "coop.toml"].contains(&rel.as_str());
        assert_eq!(now[rel] != *bytes, formatted, "{rel}");
    }
    std::fs::write(books.path().join("notes.txt"), "x").unwrap();
    let r = common::run_in(books.path(), &["fmt", "notes.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("coopbooks: notes.txt is not a file of the books in "),
        "{}",
        r.stderr
    );
}

#[test]
fn books_that_do_not_load_are_not_formatted() {
    // An amount with a decimal comma: a problem of the books; nothing is written, not even
    // the files without problems.
    let books = untidy_atelier();
    let path = books.path().join("payments/2026.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"  968 \"", "\"12,50\"", 1)).unwrap();
    let untidy = files(books.path());
    let r = books.run(&["fmt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("payments/2026.csv:")
            && r.stderr.contains("amount \"12,50\": ")
            && r.stderr.ends_with(
                "coopbooks: not formatted: the books have 1 problem; nothing was written\n"
            ),
        "{}",
        r.stderr
    );
    assert_eq!(files(books.path()), untidy);
}

#[test]
fn closed_months_still_check_after_fmt() {
    let books = untidy_atelier();
    for m in ["2025-06", "2026-01", "2026-02"] {
        let r = books.run(&["close", m, "--date", "2026-04-01"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let closes = files(books.path());
    let r = books.run(&["fmt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The close files are left as `close` wrote them, and still hold.
    for (rel, bytes) in closes.iter().filter(|(rel, _)| rel.starts_with("closes/")) {
        assert_eq!(&std::fs::read(books.path().join(rel)).unwrap(), bytes);
    }
    let r = books.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn unknown_columns_and_cells_are_kept_in_their_order() {
    let books = Books::minimal(&["alice"]).file(
        "contracts/2026-03.csv",
        "po,id,member,client,date,hours,amount,Note\n\
         PO-9, C-2 ,alice,Acme,2026-03-09,2,200,second\n\
         PO-7,C-1,alice,Acme,2026-03-02,1.50,100,\"first, of two\"\n",
    );
    let r = books.run(&["fmt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(books.path().join("contracts/2026-03.csv")).unwrap();
    assert_eq!(
        text,
        "id,member,client,date,hours,amount,po,note\n\
         C-1,alice,Acme,2026-03-02,1.5,100.00,PO-7,\"first, of two\"\n\
         C-2,alice,Acme,2026-03-09,2,200.00,PO-9,second\n"
    );
}

#[test]
fn diff_shows_the_changes_and_writes_nothing() {
    let books = Books::copy_of("atelier").replace(
        "contracts/2026-03.csv",
        "2026-03-05,6,600.00,45.00",
        "2026-03-05,6.0,600,45",
    );
    let before = files(books.path());
    let r = books.run(&["fmt", "--diff"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "--- a/contracts/2026-03.csv\n+++ b/contracts/2026-03.csv\n@@ -1,5 +1,5 @@\n \
         id,member,client,date,hours,amount,expenses,description,vat\n\
         -C-2026-025,alice,Théâtre du Parc,2026-03-05,6.0,600,45,Stage lighting,\n\
         +C-2026-025,alice,Théâtre du Parc,2026-03-05,6,600.00,45.00,Stage lighting,\n \
         C-2026-026,bruno,Coop IT Services,2026-03-09,28,2100.00,,Website rebuild sprint 3,\n \
         C-2026-027,chloe,Ville de Namur,2026-03-10,10,800.00,28.00,Portraits for the city council,\n \
         C-2026-028,david,Festival Esperanzah,2026-03-12,14,1680.00,110.00,Sound design,\n"
    );
    assert_eq!(files(books.path()), before);
}
