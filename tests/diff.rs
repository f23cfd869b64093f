//! `diff REV [REV2]`: what a change to the books does to the figures, on repositories built
//! in the test.

mod common;
use common::{Books, git, have_git};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A repository with the example books committed (tagged `v1`) in `sub` (or at the root).
fn repo(sub: &str) -> (Books, PathBuf) {
    let repo = Books::empty();
    let books = repo.path().join(sub);
    common::copy_dir(&common::fixture("atelier"), &books);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "the example books"]);
    git(repo.path(), &["tag", "v1"]);
    (repo, books)
}

fn edit(books: &Path, rel: &str, from: &str, to: &str) {
    let p = books.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn json_diff(books: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json", "diff"];
    all.extend_from_slice(args);
    let r = common::run(books, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

/// The rows of a section for one name (member or fund), as (period, figure, from, to, change).
fn rows(diff: &Value, section: &str, key: &str, name: &str) -> Vec<[String; 5]> {
    let period = ["month", "year", "period"];
    (diff[section].as_array().unwrap().iter())
        .filter(|r| r[key] == name)
        .map(|r| {
            let p = period.iter().find_map(|k| r[*k].as_str()).unwrap();
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            [p.to_string(), s("figure"), s("from"), s("to"), s("change")]
        })
        .collect()
}

fn row(p: &str, f: &str, from: &str, to: &str, change: &str) -> [String; 5] {
    [p, f, from, to, change].map(str::to_string)
}

#[test]
fn an_amount_changed_shows_every_figure_it_moves() {
    if !have_git() {
        return;
    }
    let (_repo, books) = repo("");
    // C-2026-034 (alice, March) re-invoiced: 2400.00 -> 2410.00.
    edit(
        &books,
        "contracts/2026-03.csv",
        "2026-03-20,20,2400.00",
        "2026-03-20,20,2410.00",
    );
    let d = json_diff(&books, &["v1"]);
    assert_eq!(
        (&d["from"], &d["to"]),
        (&json!("v1"), &json!("working tree"))
    );
    assert_eq!(
        d["files"],
        json!([{"file": "contracts/2026-03.csv", "added": 0, "removed": 0, "changed": 1}])
    );
    // Alice's March, salaried (employer 27%, employee 13.07%, withholding 25% above 1000):
    //   amount 600 + 2400 = 3000.00 -> 3010.00; levies 6.5%, 1.5%, 0.5% of the amount:
    //   195.00 -> 195.65, 45.00 -> 45.15, 15.00 -> 15.05;
    //   budget = amount - levies - expenses 45.00: 2700.00 -> 2709.15;
    //   gross = budget / 1.27: 2125.984 -> 2125.98, 2133.188 -> 2133.19; employer = the rest:
    //   574.02 -> 575.96; employee = gross x 13.07%: 277.866 -> 277.87, 278.808 -> 278.81;
    //   taxable = gross - employee: 1848.11 -> 1854.38; withholding = (taxable - 1000) x 25%:
    //   212.0275 -> 212.03, 213.595 -> 213.60; net: 1636.08 -> 1640.78; payout = net +
    //   expenses: 1681.08 -> 1685.78.
    let m = "2026-03";
    assert_eq!(
        rows(&d, "pay", "member", "alice"),
        vec![
            row(m, "amount", "3000.00", "3010.00", "10.00"),
            row(m, "levies.mutual", "195.00", "195.65", "0.65"),
            row(m, "levies.guarantee", "45.00", "45.15", "0.15"),
            row(m, "levies.solidarity", "15.00", "15.05", "0.05"),
            row(m, "budget", "2700.00", "2709.15", "9.15"),
            row(m, "gross", "2125.98", "2133.19", "7.21"),
            row(m, "employer_contributions", "574.02", "575.96", "1.94"),
            row(m, "employee_contributions", "277.87", "278.81", "0.94"),
            row(m, "taxable", "1848.11", "1854.38", "6.27"),
            row(m, "withholding", "212.03", "213.60", "1.57"),
            row(m, "net", "1636.08", "1640.78", "4.70"),
            row(m, "payout", "1681.08", "1685.78", "4.70"),
        ]
    );
    assert_eq!(
        d["pay"].as_array().unwrap().len(),
        12,
        "alice alone changed"
    );
    // Each levy reaches its fund: the guarantee fund's levies 663.46 (664.96 of the invoices,
    // less the April credit note's 1.50) + 0.15.
    let g = rows(&d, "funds", "fund", "guarantee");
    assert_eq!(g[0], row("2026", "levies", "663.46", "663.61", "0.15"));
    assert_eq!(g.last().unwrap()[1], "closing");
    // The table for people.
    let r = common::run(&books, &["diff", "v1"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(
            "Changes from v1 to the working tree\n\nFiles\n  contracts/2026-03.csv  1 row changed\n\nPay\n  2026-03  alice  amount                  3000.00  →  3010.00  +10.00\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn contracts_added_and_removed_a_payment_added_and_a_rate_changed() {
    if !have_git() {
        return;
    }
    let (_repo, books) = repo("");
    // A new contract for bruno (contractor) in March, C-2026-037 (emma, 650.00) removed, a
    // payment added, and from 2026-03-01 the guarantee levy at 2% instead of 1.5%.
    let path = books.join("contracts/2026-03.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "C-2026-037,emma,Théâtre National,2026-03-26,10,650.00,,Poster design,\n",
        "",
    ) + "C-2026-099,bruno,Acme,2026-03-30,10,1000.00,,New site\n";
    std::fs::write(&path, text).unwrap();
    let payments = books.join("payments/2026.csv");
    let text = std::fs::read_to_string(&payments).unwrap() + "C-2026-099,2026-04-02,1000.00,,\n";
    std::fs::write(&payments, text).unwrap();
    let coop = books.join("coop.toml");
    let text = std::fs::read_to_string(&coop).unwrap()
        + "\n[[levies]]\nname = \"guarantee\"\nrate = \"2%\"\nfund = \"guarantee\"\nsince = \"2026-03-01\"\n";
    std::fs::write(&coop, text).unwrap();

    let d = json_diff(&books, &["v1"]);
    assert_eq!(
        d["files"],
        json!([
            {"file": "contracts/2026-03.csv", "added": 1, "removed": 1, "changed": 0},
            {"file": "coop.toml", "added": 0, "removed": 0, "changed": 1},
            {"file": "payments/2026.csv", "added": 1, "removed": 0, "changed": 0},
        ])
    );
    let figure = |member: &str, f: &str| {
        rows(&d, "pay", "member", member)
            .into_iter()
            .find(|r| r[1] == f)
            .map(|r| [r[2].clone(), r[3].clone(), r[4].clone()])
    };
    let s = |a: &str, b: &str, c: &str| Some([a, b, c].map(str::to_string));
    // Bruno's March: 2100.00 + 480.00 = 2580.00, then + 1000.00 = 3580.00; the guarantee
    // levy 1.5% of 2580.00 = 38.70, then 2% of 3580.00 = 71.60.
    assert_eq!(
        figure("bruno", "amount"),
        s("2580.00", "3580.00", "1000.00")
    );
    assert_eq!(
        figure("bruno", "levies.guarantee"),
        s("38.70", "71.60", "32.90")
    );
    // Emma's March: 375.00 + 650.00 = 1025.00, then 375.00; guarantee 15.38 (1.5% of
    // 1025.00 = 15.375, rounded half away from zero), then 2% of 375.00 = 7.50.
    assert_eq!(figure("emma", "amount"), s("1025.00", "375.00", "-650.00"));
    assert_eq!(
        figure("emma", "levies.guarantee"),
        s("15.38", "7.50", "-7.88")
    );
    // Alice's March amount is the same; her guarantee levy 1.5% -> 2% of 3000.00: 45 -> 60.
    assert_eq!(figure("alice", "amount"), None);
    assert_eq!(
        figure("alice", "levies.guarantee"),
        s("45.00", "60.00", "15.00")
    );
    // January and February are as they were.
    let months: Vec<String> = rows(&d, "pay", "member", "alice")
        .into_iter()
        .chain(rows(&d, "pay", "member", "bruno"))
        .map(|r| r[0].clone())
        .collect();
    assert!(months.iter().all(|m| m == "2026-03"), "{months:?}");
}

#[test]
fn books_in_a_subfolder_and_two_revisions_as_with_the_second_checked_out() {
    if !have_git() {
        return;
    }
    let (repo, books) = repo("books");
    edit(
        &books,
        "contracts/2026-02.csv",
        "2026-02-09,32,2400.00",
        "2026-02-09,32,2500.00",
    );
    git(repo.path(), &["commit", "-qam", "re-invoiced"]);
    git(repo.path(), &["tag", "v2"]);
    // From inside the books folder, without --books.
    let r = common::run_in(&books, &["--format", "json", "diff", "v1", "v2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let two = r.json();
    assert_eq!(two["to"], "v2");
    // The working tree is v2: diff v1 says the same, but for what it compares with.
    let mut one = json_diff(&books, &["v1"]);
    one["to"] = json!("v2");
    assert_eq!(one, two);
    assert_eq!(
        rows(&two, "pay", "member", "bruno")[0],
        row("2026-02", "amount", "2400.00", "2500.00", "100.00")
    );
    // v2 against itself: nothing.
    let r = common::run(&books, &["diff", "v2", "v2", "--exit-code"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Changes from v2 to v2\n\nNo change in the files or the figures.\n"
        )
    );
}

#[test]
fn exit_code_only_when_a_figure_changed() {
    if !have_git() {
        return;
    }
    let (_repo, books) = repo("");
    // A row re-spelled (600.00 as 600) is no change of the files' rows nor of a figure.
    edit(&books, "contracts/2026-03.csv", ",6,600.00,", ",6,600,");
    let r = common::run(&books, &["diff", "v1", "--exit-code"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Changes from v1 to the working tree\n\nNo change in the files or the figures.\n"
        )
    );
    // A description changed: the file's row changed, no figure did.
    edit(
        &books,
        "contracts/2026-03.csv",
        "Stage lighting",
        "Stage lights",
    );
    let r = common::run(&books, &["diff", "v1", "--exit-code"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.ends_with("1 row changed\n\nNo figure changes.\n"),
        "{}",
        r.stdout
    );
    edit(&books, "contracts/2026-03.csv", ",6,600,", ",6,610,");
    let r = common::run(&books, &["--format", "csv", "diff", "v1", "--exit-code"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(
        "section,period,name,figure,from,to,change\nfiles,,contracts/2026-03.csv,changed,,,1\npay,2026-03,alice,amount,3000.00,3010.00,10.00\n"
    ), "{}", r.stdout);
}

#[test]
fn a_closed_month_that_would_change_is_said_loudly() {
    if !have_git() {
        return;
    }
    let (repo, books) = repo("");
    // Closes go in order: June 2025 (Hugo's share) first.
    for m in ["2025-06", "2026-01"] {
        let r = common::run(&books, &["close", m, "--date", "2026-02-10"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "January closed"]);
    // Then alice's January contract, C-2026-001, edited: 800.00 -> 900.00 (her month: with
    // C-2026-011's 450.00, 1250.00 -> 1350.00).
    edit(
        &books,
        "contracts/2026-01.csv",
        "2026-01-09,8,800.00",
        "2026-01-09,8,900.00",
    );
    let r = common::run(&books, &["--format", "json", "diff", "HEAD"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        format!(
            "coopbooks: {} figures of closed periods would change in the working tree; `coopbooks check` fails there\n",
            r.json()["closed"].as_array().unwrap().len()
        )
    );
    let d = r.json();
    assert_eq!(
        rows(&d, "closed", "member", "alice")[0],
        row("2026-01", "amount", "1250.00", "1350.00", "100.00")
    );
    // The same change in January's pay.
    assert_eq!(
        rows(&d, "pay", "member", "alice")[0],
        row("2026-01", "amount", "1250.00", "1350.00", "100.00")
    );
    // And in the funds January's close recorded: 6.50 more mutual levy for operations.
    let operations = rows(&d, "closed", "member", "fund operations");
    assert!(
        operations.contains(&row("2026-01", "levies", "812.08", "818.58", "6.50")),
        "{operations:?}"
    );
}

#[test]
fn no_repository_no_revision_and_books_that_do_not_load() {
    if !have_git() {
        return;
    }
    let plain = Books::copy_of("atelier");
    let r = plain.run(&["diff", "HEAD"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not inside a git repository"),
        "{}",
        r.stderr
    );

    let (repo, books) = repo("");
    let r = common::run(&books, &["diff", "nope"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "coopbooks: no revision \"nope\" in the git repository\n")
    );

    // A commit whose books have a problem: named with its revision, exit 1.
    edit(
        &books,
        "payments/2026.csv",
        "C-2026-001,2026-01-15,968.00",
        "C-2026-001,2026-01-15,9,68",
    );
    git(repo.path(), &["commit", "-qam", "a typo"]);
    let r = common::run(&books, &["diff", "HEAD", "v1"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("HEAD:payments/2026.csv:")
            && r.stderr
                .ends_with("coopbooks: the books at HEAD have 1 problem; nothing was compared\n"),
        "{}",
        r.stderr
    );
}

/// The working tree is read under a shared lock, as every reader reads: while a writer holds
/// the books, `diff` waits, then gives up with exit 2; the revisions need no lock.
#[test]
fn the_working_tree_side_waits_for_a_writer() {
    if !have_git() {
        return;
    }
    let (_repo, books) = repo("");
    let held = std::fs::File::open(&books).unwrap();
    held.lock().unwrap();
    let r = common::run(&books, &["--wait", "0", "diff", "v1"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            format!(
                "coopbooks: another coopbooks is writing these books ({}); gave up after 0 s \
                 (--wait SECONDS waits longer)\n",
                books.display()
            )
            .as_str()
        )
    );
    let r = common::run(&books, &["--wait", "0", "diff", "v1", "v1"]);
    assert_eq!(r.code, 0, "{r:?}");
    held.unlock().unwrap();
    assert_eq!(common::run(&books, &["diff", "v1"]).code, 0);
}

/// Reopening a period is never silent: removing the latest close file (which no later close
/// follows, so `check` cannot miss it) is said in its own section, and closing one too.
#[test]
fn a_removed_close_file_is_said_to_reopen_its_period() {
    if !have_git() {
        return;
    }
    let (repo, books) = repo("");
    for m in ["2025-06", "2026-01", "2026-02"] {
        assert_eq!(common::run(&books, &["close", m]).code, 0);
    }
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "closed"]);
    std::fs::remove_file(books.join("closes/2026-02.toml")).unwrap();
    let r = common::run(&books, &["diff", "HEAD"]);
    assert!(
        r.stdout.contains(
            "\nPeriods\n  2026-02  reopened: its close file was removed, and its figures may \
             change again (closes/2026-02.toml)\n"
        ),
        "{}",
        r.stdout
    );
    let j = json_diff(&books, &["HEAD"]);
    assert_eq!(
        j["periods"],
        json!([{"period": "2026-02", "change": "reopened"}])
    );
    // From v1 (nothing closed) both closes are new.
    let j = json_diff(&books, &["v1", "HEAD"]);
    assert_eq!(
        j["periods"],
        json!([
            {"period": "2025-06", "change": "closed"},
            {"period": "2026-01", "change": "closed"},
            {"period": "2026-02", "change": "closed"}
        ])
    );
}

/// A correction moves every member's provisional patronage by a cent or two: the table says
/// so in a line a year, `--patronage` lists each figure, and JSON always does.
#[test]
fn provisional_patronage_is_a_line_unless_asked_for() {
    if !have_git() {
        return;
    }
    let (_repo, books) = repo("");
    edit(
        &books,
        "contracts/2026-03.csv",
        "2026-03-20,20,2400.00",
        "2026-03-20,20,2500.00",
    );
    let d = json_diff(&books, &["v1"]);
    let figures = d["patronage"].as_array().unwrap();
    let mut members: Vec<&str> = figures
        .iter()
        .map(|f| f["member"].as_str().unwrap())
        .collect();
    members.dedup();
    let (n, m) = (figures.len(), members.len());
    assert!(n > m && m > 1, "{n} figures of {m} members");
    let r = common::run(&books, &["diff", "v1"]);
    let table = r.stdout.split("\nPatronage\n").nth(1).unwrap();
    assert_eq!(
        table.lines().collect::<Vec<_>>(),
        [format!(
            "  2026  {n} figures of {m} members (`diff --patronage` lists them)"
        )]
    );
    let r = common::run(&books, &["diff", "v1", "--patronage"]);
    let table = r.stdout.split("\nPatronage\n").nth(1).unwrap();
    assert_eq!(table.lines().count(), n);
    assert!(table.starts_with("  2026  alice  "), "{table}");
}
