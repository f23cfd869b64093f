//! Closed years kept as they were closed without recomputing them: a year's close records the
//! digest of each file whose rows all lie in it (`[files]`) and of the settings; `check` takes
//! a closed year from those digests while they hold, recomputes it when they do not, and
//! `check --all` recomputes every closed period.

mod common;
use common::*;

/// The atelier with 2026 closed (its months, then the year) and January 2027 closed after it
/// (one contract of Alice's), so that a later close follows the year's.
fn closed_2026() -> Books {
    let b = Books::copy_of("atelier");
    b.close_through("2026-04", None);
    assert_eq!(b.run(&["close", "2026"]).code, 0);
    let b = b.file(
        "contracts/2027-01.csv",
        "id,member,client,date,hours,amount,expenses,description\n\
         C-2027-001,alice,Ville de Namur,2027-01-12,10,800.00,,Workshop\n",
    );
    let r = b.run(&["close", "2027-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    b
}

/// `closed_2026`, committed to a new git repository; `None` without git (see `have_git`).
fn closed_2026_in_git() -> Option<Books> {
    if !have_git() {
        return None;
    }
    let b = closed_2026();
    git(b.path(), &["init", "-q"]);
    git(b.path(), &["add", "-A"]);
    git(b.path(), &["commit", "-qm", "2026 closed"]);
    Some(b)
}

/// Farid's March contract (C-2026-030) typed 940.00 for 840.00.
fn farids_slip(b: Books) -> Books {
    b.replace(
        "contracts/2026-03.csv",
        "2026-03-16,12,840.00",
        "2026-03-16,12,940.00",
    )
}

const VALID: &str = "The books are valid: 10 members, 42 contracts, 32 payments, 48 ledger rows.\n";
const SEALED: &str = "Closed year 2026: as closed (files and settings unchanged), not recomputed; \
                      `check --all` recomputes it.\n";

#[test]
fn a_year_close_records_the_files_wholly_inside_it() {
    let b = closed_2026();
    let year = std::fs::read_to_string(b.path().join("closes/2026.toml")).unwrap();
    // Every file whose rows are all dated in 2026; ledger/2025.csv (dated 2025) is not one.
    let files: Vec<&str> = (year.lines())
        .skip_while(|l| *l != "[files]")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split(" = ").next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "\"contracts/2026-01.csv\"",
            "\"contracts/2026-02.csv\"",
            "\"contracts/2026-03.csv\"",
            "\"contracts/2026-04.csv\"",
            "\"ledger/2026.csv\"",
            "\"payments/2026.csv\"",
        ]
    );
    // The digest is the file's bytes' BLAKE3.
    let ledger = std::fs::read(b.path().join("ledger/2026.csv")).unwrap();
    let digest = blake3::hash(&ledger).to_hex();
    assert!(year.contains(&format!("\"ledger/2026.csv\" = \"blake3:{digest}\"\n")));
    assert!(year.contains("\nsettings = \"sha256:"));
}

#[test]
fn check_takes_a_sealed_year_as_closed_and_check_all_recomputes_it() {
    let b = closed_2026();
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, VALID, SEALED)
    );
    let r = b.run(&["check", "--all"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, VALID, "")
    );
    // Reports read the same figures as before the close (tests/pay.rs:
    // 17435.00 = 1417.49 + 273.75 + 2104.07 + 1018.54 + 1279.33 + 11341.82).
    let pay = b.run(&["--format", "json", "pay", "2026-03"]).json();
    assert_eq!(pay["totals"]["net"], "11341.82");
}

#[test]
fn the_year_is_recomputed_until_a_close_records_changed_settings() {
    let b = closed_2026().append("coop.toml", "# a note\n");
    // coop.toml is not what the latest close recorded: 2026 is recomputed (and holds).
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, VALID, "")
    );
    // The next close is made from books that check passes in full: it records the settings
    // as they are, and the year is taken from its seals again.
    let b = b.append(
        "contracts/2027-01.csv",
        "C-2027-002,bruno,Ville de Namur,2027-01-20,8,640.00,,Workshop\n",
    );
    let b = b.file(
        "contracts/2027-02.csv",
        "id,member,client,date,hours,amount,expenses,description\n\
         C-2027-003,alice,Ville de Namur,2027-02-03,10,800.00,,Workshop\n",
    );
    // (January 2027 changed: a correction would go into February; here January's close is
    // simply taken back, as a treasurer would before anything depends on it.)
    let b = b.remove("closes/2027-01.toml");
    assert_eq!(b.run(&["close", "2027-01"]).code, 0);
    let r = b.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, SEALED));
    // A member's pay model is a setting closed figures follow: changing it recomputes 2026,
    // which names what it would change.
    let b = b.replace(
        "members/farid.toml",
        "model = \"contractor\"",
        "model = \"salaried\"",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "");
    assert!(
        r.stdout
            .contains("period 2026-03 is closed, but farid's figures would change: "),
        "{}",
        r.stdout
    );
}

#[test]
fn an_edited_cell_in_a_closed_years_file_is_named_with_old_and_new() {
    // Farid's March contract from 840.00 to 940.00.
    let b = farids_slip(closed_2026());
    let r = b.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    // Contractor, levies 8.5 % of the amount: 100.00 more is 8.50 more levies (71.40 -> 79.90)
    // and 91.50 more budget, gross, taxable, net and payout (768.60 -> 860.10).
    assert!(r.stdout.contains(
        "closes/2026-03.toml:127: period 2026-03 is closed, but farid's figures would change: \
         amount 840.00 -> 940.00, budget 768.60 -> 860.10, gross 768.60 -> 860.10, \
         levies 71.40 -> 79.90, net 768.60 -> 860.10, payout 768.60 -> 860.10, \
         taxable 768.60 -> 860.10; rows dated in it changed; corrections go into a later period\n"
    ));
    assert!(r.stdout.contains(
        "closes/2026.toml:4: period 2026 is closed, but its contract or payment rows changed; \
         corrections go into a later period\n"
    ));
    // The file's changed bytes are said once: by the figures, not again by a warning.
    assert!(!r.stdout.contains(": warning:"), "{}", r.stdout);
}

#[test]
fn a_closed_years_file_deleted_or_renamed_is_an_error() {
    let gone = "closes/2026.toml:26: period 2026 is closed, and contracts/2026-02.csv, a file \
                of its rows, is gone (deleted or renamed); restore it (from git): the closed \
                year cannot be checked without it\n";
    // Renamed: the rows are all still there, so no figure changes; the file is gone all the
    // same.
    let b = closed_2026();
    std::fs::rename(
        b.path().join("contracts/2026-02.csv"),
        b.path().join("contracts/2026-02-old.csv"),
    )
    .unwrap();
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            format!("{gone}The books have 1 problem: 1 error, 0 warnings.\n").as_str()
        )
    );
    // Also with --all, and whatever command reads the books.
    assert_eq!(b.run(&["check", "--all"]).code, 1);
    let r = b.run(&["pay", "2027-01"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(gone.trim_end()), "{}", r.stderr);
    // Deleted: the same error, and February's figures are gone with its rows.
    let b = b.remove("contracts/2026-02-old.csv");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains(gone), "{}", r.stdout);
    assert!(r.stdout.contains(
        "closes/2026-02.toml:39: period 2026-02 is closed, but alice's figures would change: \
         amount 1380.00 -> nothing,"
    ));
}

#[test]
fn a_file_rewritten_with_the_same_rows_is_a_warning_and_recomputed() {
    // The same value quoted: other bytes, the same rows.
    let b = closed_2026().replace(
        "contracts/2026-02.csv",
        "\nC-2026-013,",
        "\n\"C-2026-013\",",
    );
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            "closes/2026.toml:26: warning: period 2026 is closed, and the bytes of \
             contracts/2026-02.csv are not those it was closed with: its rows are checked \
             against the close each time until the file is restored (from git)\n\
             The books are valid: 10 members, 42 contracts, 32 payments, 48 ledger rows, with \
             1 warning.\n",
            ""
        )
    );
}

#[test]
fn a_row_dated_in_a_closed_year_in_an_open_years_file_is_caught() {
    let b = closed_2026().append(
        "contracts/2027-01.csv",
        "C-2027-002,zoe,Ville de Namur,2026-03-20,5,400.00,,Back-dated workshop\n",
    );
    let r = b.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    // Zoe's March: 1800.00 + 400.00 = 2200.00, two contracts and a third.
    assert!(
        r.stdout.contains(
            "closes/2026-03.toml:178: period 2026-03 is closed, but zoe's figures would change: \
             amount 1800.00 -> 2200.00, budget 1586.25 -> 1952.25, contracts 2 -> 3,"
        ),
        "{}",
        r.stdout
    );
}

/// Books of `n` members (m0000 …) each with one 100.00 contract in March 2026.
fn many_members(n: usize) -> Books {
    let mut b = Books::minimal(&[]);
    let mut contracts = String::from("id,member,client,date,hours,amount,expenses,description\n");
    for i in 0..n {
        b = b.file(
            &format!("members/m{i:04}.toml"),
            &format!("name = \"M {i}\"\n"),
        );
        contracts.push_str(&format!(
            "C-2026-{:04},m{i:04},Acme,2026-03-10,2,100.00,,Work\n",
            i + 1
        ));
    }
    b.file("contracts/2026-03.csv", &contracts)
}

#[test]
fn a_large_months_close_keeps_its_members_as_digests() {
    let b = many_members(2001);
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(b.path().join("closes/2026-03.toml")).unwrap();
    // Above 2,000 members: no member tables, one line of digest each, sorted by id.
    assert!(!text.contains("[members."));
    let digests: Vec<&str> = (text.lines())
        .skip_while(|l| *l != "[member_digests]")
        .skip(1)
        .collect();
    assert_eq!(digests.len(), 2001);
    let hex = |d: &str| d.len() == 12 && d.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(digests[7].starts_with("m0007 = \"") && hex(&digests[7][9..21]));
    // A line of 22 bytes and its end a member, and the head: under 24 bytes a member.
    assert!(text.len() < 2001 * 24 + 2000, "{} bytes", text.len());
    assert_eq!(b.run(&["check"]).code, 0);
    // 2,000 members are still written in clear.
    let clear = many_members(2000);
    assert_eq!(clear.run(&["close", "2026-03"]).code, 0);
    let text = std::fs::read_to_string(clear.path().join("closes/2026-03.toml")).unwrap();
    assert!(text.contains("\n[members.m1999]\n") && !text.contains("[member_digests]"));
}

#[test]
fn an_edited_cell_under_a_digest_is_named_with_the_figures_git_kept() {
    if !have_git() {
        return;
    }
    let b = many_members(2001);
    git(b.path(), &["init", "-q"]);
    assert_eq!(b.run(&["close", "2026-03"]).code, 0);
    git(b.path(), &["add", "-A"]);
    git(b.path(), &["commit", "-qm", "March closed"]);
    // m0007's contract from 100.00 to 120.00. Salaried, levy 10 %, employer 25 %, employee
    // 10 %: levies 10.00 -> 12.00, budget 90.00 -> 108.00, gross 90.00 / 1.25 = 72.00 ->
    // 108.00 / 1.25 = 86.40, employer 18.00 -> 21.60, employee 7.20 -> 8.64, taxable = net =
    // payout 64.80 -> 77.76.
    let b = b.replace(
        "contracts/2026-03.csv",
        "m0007,Acme,2026-03-10,2,100.00",
        "m0007,Acme,2026-03-10,2,120.00",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    let text = std::fs::read_to_string(b.path().join("closes/2026-03.toml")).unwrap();
    let at = 1 + text
        .lines()
        .position(|l| l.starts_with("m0007 = "))
        .unwrap();
    assert!(
        r.stdout.contains(&format!(
            "closes/2026-03.toml:{at}: period 2026-03 is closed, but m0007's figures would \
             change: amount 100.00 -> 120.00, budget 90.00 -> 108.00, employee_contributions \
             7.20 -> 8.64, employer_contributions 18.00 -> 21.60, gross 72.00 -> 86.40, \
             levies 10.00 -> 12.00, net 64.80 -> 77.76, payout 64.80 -> 77.76, taxable 64.80 \
             -> 77.76; rows dated in it changed; corrections go into a later period\n"
        )),
        "{}",
        r.stdout
    );
    // Outside git the figures as closed cannot be had: those of now are named.
    std::fs::remove_dir_all(b.path().join(".git")).unwrap();
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(&format!(
            "closes/2026-03.toml:{at}: period 2026-03 is closed, but m0007's figures or rows \
             dated in it changed (the close keeps their digest; now: amount 120.00, budget \
             108.00, contracts 1, employee_contributions 8.64, employer_contributions 21.60, \
             expenses 0.00, gross 86.40, hours 2, levies 12.00, model salaried, net 77.76, \
             payout 77.76, taxable 77.76, withholding 0.00); corrections go into a later \
             period\n"
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn a_revisions_closed_years_are_taken_from_their_seals_too() {
    let Some(b) = closed_2026_in_git() else {
        return;
    };
    // The books at a revision: their files come from git, their seals hold the same.
    let r = b.run(&["--rev", "HEAD", "check"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, VALID, SEALED)
    );
    // A closed year's file edited and committed: the revision's 2026 is recomputed, and
    // names the change.
    let b = farids_slip(b);
    git(b.path(), &["commit", "-qam", "a slip"]);
    let r = b.run(&["--rev", "HEAD", "check"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""));
    assert!(
        r.stdout
            .contains("farid's figures would change: amount 840.00 -> 940.00")
    );
    let r = b.run(&["--rev", "HEAD~1", "check"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, SEALED));
}

#[test]
fn a_sealed_years_month_close_deleted_is_an_error() {
    let b = closed_2026().remove("closes/2026-02.toml");
    let r = b.run(&["check"]);
    // The month after it names it, and so does the year (its months stay closed); the year
    // is still taken from its seals (its files are as they were), and the month's rows are
    // not checked against a close that is gone.
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            1,
            "closes/2026-03.toml:8: period 2026-03 follows the close of 2026-02 \
             (closes/2026-02.toml), which is gone: a closed period's file was deleted or \
             renamed; restore it (from git)\n\
             closes/2026.toml:3: period 2026 is closed, but 2026-02 has no close file \
             (closes/2026-02.toml): a closed month's file was deleted or renamed; restore it \
             (from git)\n\
             The books have 2 problems: 2 errors, 0 warnings.\n",
            SEALED
        )
    );
}

#[test]
fn diff_names_what_an_edit_in_a_sealed_year_would_change() {
    let Some(b) = closed_2026_in_git() else {
        return;
    };
    let r = b.run(&["diff", "HEAD"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Changes from HEAD to the working tree\n\nNo change in the files or the figures.\n"
        )
    );
    // The slip unseals 2026 in the working tree: its closed figures are recomputed and each
    // change named, as check would (farid's March, the funds at March's end and after, the
    // year's patronage, January 2027's funds).
    let b = farids_slip(b);
    let r = b.run(&["diff", "HEAD"]);
    assert!(
        r.stdout
            .contains("2027-01  guarantee fund   outstanding   9045.00  →   9145.00  +100.00\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "coopbooks: 53 figures of closed periods would change in the working tree; \
         `coopbooks check` fails there\n"
    );
}

/// The block of a close file from `[carry]` to the first member table, blank lines left out.
fn carry_block(b: &Books, year: i32) -> String {
    let text = std::fs::read_to_string(b.path().join(format!("closes/{year}.toml"))).unwrap();
    (text.lines())
        .skip_while(|l| *l != "[carry]")
        .take_while(|l| !l.starts_with("[members."))
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn a_year_close_carries_open_invoices_advances_and_shortfalls_into_the_next() {
    // The atelier, and in December a credit note of 300.00 on Ines's March invoice C-2026-032
    // (2250.00, 1250.00 of it paid; Coop IT Services, 21 % VAT), her only row that month;
    // in January 2027 a contract of hers for 1000.00.
    let b = Books::copy_of("atelier")
        .file(
            "contracts/2026-12.csv",
            "id,member,client,date,hours,amount,expenses,description,vat,corrects\n\
             C-2026-042,ines,Coop IT Services,2026-12-10,0,-300.00,,Phase 2 cut short,,C-2026-032\n",
        )
        .file(
            "contracts/2027-01.csv",
            "id,member,client,date,hours,amount,expenses,description\n\
             C-2027-001,ines,Coop IT Services,2027-01-12,10,1000.00,,Phase 3\n",
        );
    b.close_through("2026-04", None);
    assert_eq!(b.run(&["close", "2026-12"]).code, 0);
    assert_eq!(b.run(&["close", "2026"]).code, 0);
    assert_eq!(
        carry_block(&b, 2026),
        // Open invoices, VAT included, and the advance still outstanding on each: the
        // atelier's twelve unpaid at the year's end. C-2026-032 owed 1210.00 (1000.00 and
        // 210.00 VAT) and its advance was 1000.00; the credit note takes 300.00 + 63.00 off
        // what is owed (847.00) and 300.00 off the advance (700.00).
        // receivable = the sum of what is owed: 254.10 + 605.00 + 968.00 + 453.75 + 1016.40
        //   + 847.00 + 580.80 + 871.20 + 786.50 + 1270.50 + 720.00 + 1089.00 = 9462.25.
        // outstanding = the sum of the advances: 210 + 500 + 800 + 375 + 840 + 700 + 480 + 720
        //   + 650 + 1050 + 720 + 900 = 7945.00.
        // The bank: the last statement's closing balance, 41259.23.
        // Funds: the credit note gives back 8.5 % of levies (operations 6.5 % = 19.50,
        // guarantee 1.5 % = 4.50, community 0.5 % = 1.50) and repays the guarantee fund the
        // 300.00 of the advance it no longer needs: guarantee 16698.46 - 4.50 + 300.00 =
        // 16993.96. The surplus is 1681.96 - 19.50 = 1662.46, all of it posted at the year's
        // end: operations back to 11250.00, reserve 1000.00 + 30 % = 1498.74, community
        // 3721.16 - 1.50 + 10 % (166.25) = 3885.91.
        // Ines's December budget is -300.00 + 25.50 of levies = -274.50, a shortfall left to
        // her next month with contracts (January 2027); David's April, a credit note of
        // -100.00 on C-2026-024 with 6 % of levies given back (mutual 4 % by his own rate,
        // guarantee 1.5 %, solidarity 0.5 %), leaves -94.00, with no month of his after it.
        // The rows of the open invoices, read with 2027's when the books open from 2026: the
        // twelve invoices' own (two in February, ten in March), the two credit notes on them
        // (April's and December's) and the one payment on them (1250.00 on C-2026-032).
        "[carry]\n\
         receivable = \"9462.25\"\n\
         outstanding = \"7945.00\"\n\
         written_off = \"720.00\"\n\
         bank = \"41259.23\"\n\
         owed_tax = \"0.00\"\n\
         owed_social = \"0.00\"\n\
         owed_members = \"199.53\"\n\
         [carry.funds]\n\
         community = \"3885.91\"\n\
         guarantee = \"16993.96\"\n\
         operations = \"11250.00\"\n\
         reserve = \"1498.74\"\n\
         [carry.capital]\n\
         alice = \"100.00 103.40 0.00 0.00\"\n\
         bruno = \"0.00 163.76 0.00 0.00\"\n\
         chloe = \"0.00 78.33 0.00 0.00\"\n\
         david = \"0.00 102.66 0.00 0.00\"\n\
         greta = \"250.00 54.33 0.00 0.00\"\n\
         hugo = \"100.00 74.71 100.00 0.00\"\n\
         ines = \"0.00 147.20 0.00 0.00\"\n\
         zoe = \"0.00 73.55 0.00 0.00\"\n\
         [carry.open]\n\
         C-2026-018 = \"2026-02-27 254.10 210.00\"\n\
         C-2026-024 = \"2026-03-10 605.00 500.00\"\n\
         C-2026-027 = \"2026-03-19 968.00 800.00\"\n\
         C-2026-029 = \"2026-03-24 453.75 375.00\"\n\
         C-2026-030 = \"2026-03-25 1016.40 840.00\"\n\
         C-2026-032 = \"2026-03-27 847.00 700.00\"\n\
         C-2026-035 = \"2026-04-01 580.80 480.00\"\n\
         C-2026-036 = \"2026-04-03 871.20 720.00\"\n\
         C-2026-037 = \"2026-04-07 786.50 650.00\"\n\
         C-2026-038 = \"2026-04-08 1270.50 1050.00\"\n\
         C-2026-039 = \"2026-04-09 720.00 720.00\"\n\
         C-2026-040 = \"2026-04-10 1089.00 900.00\"\n\
         [carry.shortfalls]\n\
         david = \"-94.00 2026-04\"\n\
         ines = \"-274.50 2026-12\"\n\
         [carry.rows]\n\
         \"contracts/2026-02.csv\" = \"7 13\"\n\
         \"contracts/2026-03.csv\" = \"4 6 7 9 12 13 14 15 16 17\"\n\
         \"contracts/2026-04.csv\" = \"2\"\n\
         \"contracts/2026-12.csv\" = \"2\"\n\
         \"payments/2026.csv\" = \"28\"\n"
    );
    // What the patronage allocated is carried as the reports give it: the cash owed to the
    // members, each member's retained allocation in their capital (shares, retained,
    // redeemed, due).
    let p = b.run(&["--format", "json", "patronage", "2026"]).json();
    assert_eq!(p["totals"]["cash"], "199.53");
    let c = b
        .run(&["--format", "json", "capital", "--at", "2026-12-31"])
        .json();
    assert_eq!(
        [
            &member(&c, "ines")["retained"],
            &member(&c, "hugo")["redeemed"]
        ],
        ["147.20", "100.00"]
    );
    // January 2027 opens from it: Ines's 1000.00 less 9 % of levies (7 % from 2027 on) is
    // 910.00, less the 274.50 brought: 635.50.
    let pay = b.run(&["--format", "json", "pay", "2027-01"]).json();
    assert_eq!(member(&pay, "ines")["net"], "635.50");
    // Read from the carry, with those rows and 2027's alone, every report is as read whole:
    // the advances still outstanding, what clients owe, the shortfall brought.
    let loaded = coopbooks::books::load_with(
        &coopbooks::books::Dir::new(b.path().to_path_buf()),
        coopbooks::books::History::After(None),
    )
    .unwrap();
    assert_eq!(loaded.books.contracts.len(), 12 + 2 + 1);
    assert_eq!(loaded.books.payments.len(), 1);
    assert!(
        loaded
            .books
            .cut
            .is_some_and(|c| c.year == 2026 && c.carried)
    );
    for args in [
        &["pay", "2027-01"][..],
        &["guarantee"],
        &["guarantee", "--at", "2027-01-31"],
        &["funds"],
        &["member", "ines"],
        &["member", "david"],
    ] {
        for format in ["table", "json"] {
            let args = [&["--format", format][..], args].concat();
            let open = b.run(&args);
            let whole = b.run(&[&["--all-years"][..], &args].concat());
            assert_eq!(open.stdout, whole.stdout, "{args:?}");
            assert_eq!(open.code, 0, "{args:?}: {}", open.stderr);
        }
    }
    // At the end of January 2027: the carry's 7945.00 outstanding and the 1000.00 fronted on
    // Ines's January invoice (unpaid on its pay date) make 8945.00; clients owe the carry's
    // 9462.25 and that invoice, 1000.00 and 210.00 of VAT: 10672.25.
    let g = (b.run(&["--format", "json", "guarantee", "--at", "2027-01-31"])).json();
    assert_eq!(
        [&g["outstanding"], &g["receivable"]],
        ["8945.00", "10672.25"]
    );
    // `check` reads every year here: the atelier closed months of 2025 but not the year, and
    // a closed month's figures are checked from the rows before it.
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "The books are valid: 10 members, 43 contracts, 32 payments, 48 ledger rows.\n"
    );
    // The carry is checked as every closed figure is: edited, check names it.
    let b = b.replace("closes/2026.toml", "ines = \"-274.50", "ines = \"-270.00");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "closes/2026.toml:33: period 2026 is closed, but what it carries into 2027 would \
             change: shortfalls.ines -270.00 2026-12 -> -274.50 2026-12; corrections go into a \
             later period\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_close_naming_a_file_outside_the_books_reads_nothing_and_says_so_escaped() {
    // A hand-edited year close naming a file outside the books (with an escape in its name):
    // only the books' own files are ever looked up, so it is a file gone, shown escaped; the
    // edited close no longer has the head January 2027 follows. (A name written with a TOML
    // escape is not found on its line: the message is on the file's first.)
    let b = closed_2026().replace(
        "closes/2026.toml",
        "[files]\n",
        "[files]\n\"../secret\\u001b[31m.csv\" = \"sha256:00\"\n",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "closes/2026.toml:1: period 2026 is closed, and ../secret\\e[31m.csv, a file of \
             its rows, is gone (deleted or renamed); restore it (from git): the closed year \
             cannot be checked without it\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(
        "closes/2027-01.toml:8: period 2027-01 follows the close of 2026 as it was closed, and \
         closes/2026.toml has been replaced since; restore it (from git)\n"
    ));
    assert!(!r.stdout.contains('\u{1b}'));
}
