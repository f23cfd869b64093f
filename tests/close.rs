//! Closing periods: close files as written, checked and read, in order.

mod common;
use common::{Books, fixture, member, run};
use serde_json::json;

#[test]
fn close_a_month_then_edit_it() {
    let b = Books::copy_of("atelier");
    b.close_through("2026-02", None);
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Closed 2026-03: wrote closes/2026-03.toml\n"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(b.path().join("closes/2026-03.toml")).unwrap();
    assert!(text.contains("[members.alice]\nrows = \"sha256sum:"));
    assert!(text.contains("net = \"1636.08\"\npayout = \"1681.08\"\n"));
    assert!(
        !text.contains("closed_on"),
        "no wall-clock time without --date"
    );
    assert_eq!(b.run(&["check"]).code, 0);
    // Closing twice is refused.
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: 2026-03 is already closed (closes/2026-03.toml)\n"
        )
    );

    // Edit C-2026-034: 2400.00 -> 2410.00. Levies 156.65 + 36.15 + 12.05 = 204.85 (was 204.00);
    // budget 2710 - ... : B = 504.00 + 2205.15 = 2709.15; gross round(2709.15 / 1.27 = 2133.189) = 2133.19;
    // employer 575.96; employee round(278.8079) = 278.81; taxable 1854.38;
    // withholding round(854.38 x 25 % = 213.595) = 213.60; net 1640.78; payout 1685.78.
    let b = b.replace(
        "contracts/2026-03.csv",
        "C-2026-034,alice,Ville de Namur,2026-03-20,20,2400.00",
        "C-2026-034,alice,Ville de Namur,2026-03-20,20,2410.00",
    );
    // The funds move with it: 0.05 more solidarity levy, 0.15 more guarantee levy, 0.65 more
    // mutual levy; the guarantee fund fronted 10.00 more (the client had not paid by the pay
    // date), so it holds 15999.96 + 0.15 − 10.00 = 15990.11, and is owed 10.00 more.
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "closes/2026-03.toml:11: period 2026-03 is closed, but the guarantee fund at its end \
         would change: outstanding 8945.00 -> 8955.00; corrections go into a later period\n\
         closes/2026-03.toml:15: period 2026-03 is closed, but the figures of fund community \
         would change: closing 3721.66 -> 3721.71, levies 87.18 -> 87.23; corrections go into a \
         later period\n\
         closes/2026-03.toml:21: period 2026-03 is closed, but the figures of fund guarantee \
         would change: advances 12635.00 -> 12645.00, closing 15999.96 -> 15990.11, levies \
         261.53 -> 261.68; corrections go into a later period\n\
         closes/2026-03.toml:28: period 2026-03 is closed, but the figures of fund operations \
         would change: closing 12935.96 -> 12936.61, levies 1068.78 -> 1069.43; corrections go \
         into a later period\n\
         closes/2026-03.toml:42: period 2026-03 is closed, but alice's figures would change: \
         amount 3000.00 -> 3010.00, budget 2700.00 -> 2709.15, employee_contributions 277.87 -> 278.81, \
         employer_contributions 574.02 -> 575.96, gross 2125.98 -> 2133.19, levies 255.00 -> 255.85, \
         net 1636.08 -> 1640.78, payout 1681.08 -> 1685.78, taxable 1848.11 -> 1854.38, \
         withholding 212.03 -> 213.60; rows dated in it changed; corrections go into a later period\n\
         The books have 5 problems: 5 errors, 0 warnings.\n"
    );
    // pay for the month is refused too, like every command on books with problems.
    assert_eq!(b.run(&["pay", "2026-03"]).code, 1);
    // Revert: clean again.
    let b = b.replace(
        "contracts/2026-03.csv",
        "2026-03-20,20,2410.00",
        "2026-03-20,20,2400.00",
    );
    assert_eq!(b.run(&["check"]).code, 0);
    // A changed client name changes no figure but is still a change to a closed row.
    let b = b.replace(
        "contracts/2026-03.csv",
        "C-2026-034,alice,Ville de Namur",
        "C-2026-034,alice,Fablab Liège",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "closes/2026-03.toml:42: period 2026-03 is closed, but alice's rows dated in it changed (the figures are the same); corrections go into a later period\n\
         The books have 1 problem: 1 error, 0 warnings.\n"
    );
}

#[test]
fn added_payment_and_ledger_row_in_a_closed_month() {
    let b = Books::copy_of("atelier").without_statements();
    b.close_through("2026-03", Some("2026-04-20"));
    // Lines 1-2 comments, 3 period, 4 closed_on, 5 ledger_rows, 6 ledger, 7 rows, 8 figures
    // (the month's summary) and 9 follows; the guarantee fund at 11, each fund's table (the
    // guarantee's at 21, operations' at 28); then a block of 16 lines and a blank per member:
    // chloe at 76.
    let text = std::fs::read_to_string(b.path().join("closes/2026-03.toml")).unwrap();
    assert!(text.contains("\nclosed_on = \"2026-04-20\"\n"));
    let b = b
        .append(
            "payments/2026.csv",
            "C-2026-027,2026-03-30,121.00,payment,\n",
        )
        .append(
            "ledger/2026.csv",
            "2026-03-30,cost,10.00,operations,,,bank fees\n",
        );
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "closes/2026-03.toml:6: period 2026-03 is closed, but its ledger rows changed; corrections go into a later period\n\
         closes/2026-03.toml:12: period 2026-03 is closed, but the guarantee fund at its end \
         would change: outstanding 8945.00 -> 8845.00; corrections go into a later period\n\
         closes/2026-03.toml:22: period 2026-03 is closed, but the figures of fund guarantee \
         would change: closing 15999.96 -> 16099.96, repayments 8340.00 -> 8440.00; corrections \
         go into a later period\n\
         closes/2026-03.toml:29: period 2026-03 is closed, but the figures of fund operations \
         would change: closing 12935.96 -> 12925.96, costs 800.00 -> 810.00; corrections go into \
         a later period\n\
         closes/2026-03.toml:77: period 2026-03 is closed, but chloe's rows dated in it changed (the figures are the same); corrections go into a later period\n\
         The books have 5 problems: 5 errors, 0 warnings.\n"
    );
}

#[test]
fn close_is_refused_on_books_with_problems() {
    let b = Books::copy_of("bad/budget");
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "contracts/2026-03.csv:2: contract B-1: budget -5.00 is negative (amount 100.00 - levies 10.00 - expenses 95.00)\n\
         coopbooks: 2026-03 not closed: the books have 1 problem\n"
    );
    assert!(!b.path().join("closes").exists());
    let b = Books::copy_of("atelier");
    let r = b.run(&["close", "2026"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: 2026 not closed: close its months first (2025-06, 2026-01, 2026-02, \
             2026-03, 2026-04); closes go in order\n"
        )
    );
    let r = b.run(&["close", "March"]);
    assert_eq!(r.code, 2);
}

#[test]
fn close_the_year() {
    let b = Books::copy_of("atelier");
    b.close_through("2026-04", None);
    let r = b.run(&["close", "2026"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Closed 2026: wrote closes/2026.toml\n"),
        "{}",
        r.stderr
    );
    assert_eq!(b.run(&["check"]).code, 0);
    let j = b.run(&["--format", "json", "patronage", "2026"]).json();
    assert_eq!(j["closed"], true);
    // Funds for 2026 now carry the year-end postings dated 2026-12-31:
    // operations transfers out 1000.00 + 504.59 + 168.20 = 1672.79 and patronage 1009.17;
    // 12931.96 - 504.59 - 168.20 - 1009.17 = 11250.00 (the whole surplus 1681.96 is gone; the
    // April credit note took 4.00 of levies back).
    let f = b
        .run(&["--format", "json", "funds", "--period", "2026"])
        .json();
    let fund = |name: &str| {
        f["funds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["fund"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        [
            &fund("operations")["transfers_out"],
            &fund("operations")["patronage"],
            &fund("operations")["closing"]
        ],
        ["1672.79", "1009.17", "11250.00"]
    );
    // reserve 1000.00 + 504.59; community 3721.16 (3721.66 less the credit note's 0.50
    // solidarity levy) + 168.20.
    assert_eq!(fund("reserve")["closing"], "1504.59");
    assert_eq!(
        [
            &fund("community")["transfers_in"],
            &fund("community")["closing"]
        ],
        ["168.20", "3889.36"]
    );
    // Capital on 2026-12-31: shares + retained - redeemed.
    let c = b
        .run(&["--format", "json", "capital", "--at", "2026-12-31"])
        .json();
    let alice = member(&c, "alice");
    assert_eq!(
        [
            &alice["shares"],
            &alice["retained"],
            &alice["redeemed"],
            &alice["balance"],
            &alice["due"]
        ],
        ["100.00", "104.16", "0.00", "204.16", "0.00"]
    );
    assert_eq!(alice["retained_by_year"], json!({"2026": "104.16"}));
    // Hugo: share 100.00 redeemed in March, 75.30 retained.
    assert_eq!(
        [
            &member(&c, "hugo")["balance"],
            &member(&c, "hugo")["redeemed"]
        ],
        ["75.30", "100.00"]
    );
    // 450.00 shares + 807.31 retained - 100.00 = 1157.31.
    assert_eq!(c["totals"]["balance"], "1157.31");
    // revolve_years = 5: 2026's allocations fall due on 2032-01-01; Hugo's 2026 redemption came
    // before that and does not count against them.
    let c = b
        .run(&["--format", "json", "capital", "--at", "2031-12-31"])
        .json();
    assert_eq!(c["totals"]["due"], "0.00");
    let c = b
        .run(&["--format", "json", "capital", "--at", "2032-01-01"])
        .json();
    assert_eq!(c["totals"]["due"], "807.31");
    assert_eq!(member(&c, "hugo")["due"], "75.30");
    // A ledger row added in June, a month with no contracts (so not closed by itself), still
    // changes a closed year: the year's close file has a digest of its ledger rows, and the
    // 10.00 cost is 10.00 less in the bank and in the community fund the year carries.
    let b = b.append(
        "ledger/2026.csv",
        "2026-06-15,cost,10.00,community,,,late invoice\n",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "closes/2026.toml:6: period 2026 is closed, but its ledger rows changed; corrections go into a later period\n\
         closes/2026.toml:32: period 2026 is closed, but what it carries into 2027 would change: bank 41259.23 -> 41249.23, funds.community 3889.36 -> 3879.36; corrections go into a later period\n\
         The books have 2 problems: 2 errors, 0 warnings.\n"
    );
    // Before the close, capital has no retained allocations.
    let c = run(
        &fixture("atelier"),
        &["--format", "json", "capital", "--at", "2026-12-31"],
    )
    .json();
    assert_eq!(c["totals"]["retained"], "0.00");
}

#[test]
fn damaged_close_files_are_problems() {
    let b = Books::copy_of("atelier").file("closes/notes.toml", "x = 1\n");
    assert_eq!(
        b.run(&["check"]).stdout,
        "closes/notes.toml:1: \"notes\" is not a period: close files are named YYYY-MM.toml or YYYY.toml\n\
         The books have 1 problem: 1 error, 0 warnings.\n"
    );
    let b = Books::copy_of("atelier");
    b.close_through("2026-02", None);
    let b = b.replace(
        "closes/2026-02.toml",
        "period = \"2026-02\"",
        "period = 2026-02\"",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("closes/2026-02.toml:3: "),
        "{}",
        r.stdout
    );
    // Re-spacing a close file by hand changes no figure: still clean.
    let b = Books::copy_of("atelier");
    b.close_through("2026-02", None);
    let b = b.replace("closes/2026-02.toml", "net = ", "net     = ");
    assert_eq!(b.run(&["check"]).code, 0);
}

/// Close files written by earlier versions of coopbooks are still read: those whose digests
/// say `fnv1a64:` (over row texts) and those that say `rowsum64:` (64-bit sums over parsed
/// values). Clean books pass, and edits are still caught, in each file's own scheme.
#[test]
fn close_files_of_the_earlier_formats_are_still_read() {
    // (folder, scheme, line of alice's table in 2026-03, line of the year's `rows`)
    for (folder, scheme, alice, rows) in [
        ("../tests/legacy-closes", "fnv1a64:", 8, 5),
        ("../tests/legacy-closes/rowsum64", "rowsum64:", 10, 4),
    ] {
        let legacy = fixture(folder);
        // The example books as they were when these closes were made (before VAT).
        let mut b = Books::copy_of("../tests/legacy-closes/atelier");
        for name in ["2026-01.toml", "2026-02.toml", "2026-03.toml", "2026.toml"] {
            let text = std::fs::read_to_string(legacy.join(name)).unwrap();
            assert!(
                text.contains(scheme),
                "{folder}/{name} is of the earlier format"
            );
            b = b.file(&format!("closes/{name}"), &text);
        }
        let r = b.run(&["check"]);
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (
                0,
                "The books are valid: 10 members, 40 contracts, 32 payments, 13 ledger rows.\n"
            ),
            "{folder}"
        );
        // The year's postings come from the file as before.
        let j = b.run(&["--format", "json", "patronage", "2026"]).json();
        assert_eq!(
            (&j["closed"], &j["totals"]["retained"]),
            (&json!(true), &json!("809.23"))
        );
        // Re-quoting a payment row and writing 2400 for 2400.00 is no change of meaning...
        let b = b.replace(
            "payments/2026.csv",
            "C-2026-202,2026-03-20,2400.00,",
            "\"C-2026-202\",2026-03-20,2400,",
        );
        assert_eq!(b.run(&["check"]).code, 0, "{folder}");
        // ...but an edited contract in a closed month is, in the earlier format's digests too.
        let b = b.replace(
            "contracts/2026-03.csv",
            "C-2026-002,alice,Ville de Namur",
            "C-2026-002,alice,City of Namur",
        );
        assert_eq!(
            b.run(&["check"]).stdout,
            format!(
                "closes/2026-03.toml:{alice}: period 2026-03 is closed, but alice's rows dated in it changed (the figures are the same); corrections go into a later period\n\
                 closes/2026.toml:{rows}: period 2026 is closed, but its contract or payment rows changed; corrections go into a later period\n\
                 The books have 2 problems: 2 errors, 0 warnings.\n"
            ),
            "{folder}"
        );
    }
}

/// Digests are over values: the same rows re-quoted, with columns in another order and
/// amounts written another way, in other files, leave a closed month clean.
#[test]
fn digests_do_not_depend_on_how_rows_are_written() {
    let b = Books::copy_of("atelier");
    b.close_through("2026-02", None);
    // Rewrite February's contracts: columns reversed, every cell quoted, 600.00 as 600, in a
    // file of another name.
    let path = b.path().join("contracts/2026-02.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .unwrap();
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    let mut rewritten = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let mut cells: Vec<String> = record
            .iter()
            .map(|c| c.strip_suffix(".00").unwrap_or(c).to_string())
            .collect();
        rewritten += cells.iter().filter(|c| !c.contains('.')).count();
        cells.reverse();
        writer.write_record(&cells).unwrap();
    }
    assert!(rewritten > 0);
    let out = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert!(
        out.starts_with("\"description\",\"expenses\",\"amount\","),
        "{out}"
    );
    std::fs::remove_file(&path).unwrap();
    let b = b.file("contracts/z-february.csv", &out);
    let r = b.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // A changed hour is a change.
    let b = b.replace(
        "contracts/z-february.csv",
        "\"6\",\"2026-02-27\"",
        "\"7\",\"2026-02-27\"",
    );
    assert_eq!(b.run(&["check"]).code, 1);
}

#[test]
fn a_closed_month_is_checked_by_its_summary_and_read_whole_only_when_it_differs() {
    let b = Books::copy_of("atelier").without_statements();
    b.close_through("2026-03", None);
    let rel = "closes/2026-03.toml";
    let text = std::fs::read_to_string(b.path().join(rel)).unwrap();
    // Lines 6 and 7: the digest of all the month's rows and of all its members' figures.
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[5].starts_with("rows = \"sha256sum:"), "{text}");
    assert!(lines[6].starts_with("figures = \"figsha256:"), "{text}");
    // While the summary holds, the members' tables are not read: a table spoiled by hand
    // changes nothing the books say.
    let b = b.replace(rel, "net = \"1636.08\"", "net = \"lots\"");
    assert_eq!(b.run(&["check"]).code, 0);
    // Once the books change, the tables are read, and a spoiled one is a problem of its own.
    let b = b.replace(
        "contracts/2026-03.csv",
        "2026-03-20,20,2400.00",
        "2026-03-20,20,2410.00",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("closes/2026-03.toml:"),
        "the spoiled table is named: {}",
        r.stdout
    );
    assert!(r.stdout.contains("lots"), "{}", r.stdout);
    // A file without the summary (as coopbooks wrote them before) is compared member by
    // member, as it always was: alice's table is then on line 39, two lines up (after the
    // funds' tables, which are compared whatever the summary says).
    let (rows, figures) = (format!("{}\n", lines[5]), format!("{}\n", lines[6]));
    let b = b
        .replace(rel, "net = \"lots\"", "net = \"1636.08\"")
        .replace(rel, &rows, "")
        .replace(rel, &figures, "");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "\ncloses/2026-03.toml:40: period 2026-03 is closed, but alice's figures would \
             change: amount 3000.00 -> 3010.00"
        ),
        "{}",
        r.stdout
    );
    let b = b.replace(
        "contracts/2026-03.csv",
        "2026-03-20,20,2410.00",
        "2026-03-20,20,2400.00",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows.\n"
    );
}

/// Second attack, finding 3: closes go in order. Closing March while January and February
/// (and June 2025, Hugo's share) have movements and are open is refused, exit 2, naming them;
/// so is closing the year while a month with movements is open.
#[test]
fn closes_go_in_order() {
    let b = Books::copy_of("atelier");
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: 2026-03 not closed: closes go in order, and the earlier months 2025-06, \
             2026-01, 2026-02 have movements and are open; close them first\n"
        )
    );
    assert!(!b.path().join("closes").exists());
    b.close_through("2026-01", None);
    let r = b.run(&["close", "2026-03"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: 2026-03 not closed: closes go in order, and the earlier month 2026-02 \
             has movements and is open; close it first\n"
        )
    );
    // The months between June 2025 and January 2026 have no movement: nothing to close.
    assert!(!b.path().join("closes/2025-07.toml").exists());
    assert_eq!(b.run(&["close", "2026-02"]).code, 0);
    assert_eq!(b.run(&["close", "2026-03"]).code, 0);
    // April has client payments and March's pay dates: the year waits for it.
    let r = b.run(&["close", "2026"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: 2026 not closed: close its months first (2026-04); closes go in order\n"
        )
    );
}

/// Finding 3: a close records the funds and the guarantee fund at the month's end, and
/// `check` verifies them. A payment added by hand to February (C-2026-027, 121.00 on
/// 2026-02-20, 100.00 of its amount and 21.00 of VAT, before its pay date in March) lowers March's guarantee advance: 12635.00 →
/// 12535.00, the fund's closing 15999.96 → 16099.96 — figures no member's pay shows.
#[test]
fn a_close_records_the_funds_and_check_verifies_them() {
    let b = Books::copy_of("atelier");
    b.close_through("2026-03", None);
    let march = std::fs::read_to_string(b.path().join("closes/2026-03.toml")).unwrap();
    // The guarantee fund at 2026-03-31 is `guarantee --at 2026-03-31`'s; each fund's month is
    // `funds --period 2026-03`'s.
    let g = b
        .run(&["--format", "json", "guarantee", "--at", "2026-03-31"])
        .json();
    assert!(
        march.contains(&format!(
            "\n[guarantee]\noutstanding = \"{}\"\nwritten_off = \"{}\"\n",
            g["outstanding"].as_str().unwrap(),
            g["written_off"].as_str().unwrap()
        )),
        "{march}"
    );
    assert!(
        march.contains(
            "\n[funds.guarantee]\nopening = \"20033.43\"\nlevies = \"261.53\"\n\
             advances = \"12635.00\"\nrepayments = \"8340.00\"\nclosing = \"15999.96\"\n"
        ),
        "{march}"
    );
    let funds = b
        .run(&["--format", "json", "funds", "--period", "2026-03"])
        .json();
    let guarantee = &funds["funds"][1];
    assert_eq!(
        (
            &guarantee["fund"],
            &guarantee["opening"],
            &guarantee["closing"]
        ),
        (
            &serde_json::json!("guarantee"),
            &serde_json::json!("20033.43"),
            &serde_json::json!("15999.96")
        )
    );
    let b = b.append(
        "payments/2026.csv",
        "C-2026-027,2026-02-20,121.00,payment,by hand\n",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "closes/2026-03.toml:21: period 2026-03 is closed, but the figures of fund guarantee \
             would change: advances 12635.00 -> 12535.00, closing 15999.96 -> 16099.96; \
             corrections go into a later period\n"
        ),
        "{}",
        r.stdout
    );
    // A fund's opening edited in coop.toml moves every closed month's funds, though no
    // member's pay changes (and the books' openings no longer balance: a warning).
    let b = Books::copy_of("atelier");
    b.close_through("2026-01", None);
    let b = b.replace(
        "coop.toml",
        "opening = \"12000.00\"",
        "opening = \"12100.00\"",
    );
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "closes/2025-06.toml:22: period 2025-06 is closed, but the figures of fund \
             operations would change: closing 12100.00 -> 12200.00, opening 12000.00 -> \
             12100.00; corrections go into a later period\n\
             closes/2026-01.toml:26: period 2026-01 is closed, but the figures of fund \
             operations would change: closing 10462.08 -> 10562.08, opening 12100.00 -> \
             12200.00; corrections go into a later period\n\
             coop.toml:72: warning: [bank] opening: the books' openings do not balance: on \
             2025-06-01 the bank's 37000.00 less the 0.00 owed is 37000.00, the funds' openings \
             add up to 37100.00; the 100.00 between them is Equity:Opening-Balances in the \
             exported journal (is a balance mistyped?)\n\
             The books have 3 problems: 2 errors, 1 warning.\n"
        )
    );
}

#[test]
fn every_key_of_a_close_file_is_verified() {
    let books = Books::copy_of("atelier");
    books.close_through("2025-06", None);
    assert_eq!(books.run(&["close", "2026-01"]).code, 0);
    let text = std::fs::read_to_string(books.path().join("closes/2026-01.toml")).unwrap();
    let line_of = |key: &str| {
        1 + text
            .lines()
            .position(|l| l.starts_with(&format!("{key} =")))
            .unwrap()
    };
    let (period_line, rows_line) = (line_of("period"), line_of("ledger_rows"));
    let rows: u64 = text.lines().nth(rows_line - 1).unwrap()["ledger_rows = ".len()..]
        .parse()
        .unwrap();
    let books = books
        .replace(
            "closes/2026-01.toml",
            "period = \"2026-01\"",
            "period = \"1999-01\"",
        )
        .replace(
            "closes/2026-01.toml",
            &format!("ledger_rows = {rows}"),
            "ledger_rows = 999",
        );
    let r = books.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        format!(
            "closes/2026-01.toml:{period_line}: period \"1999-01\": the file is \
             closes/2026-01.toml and closes 2026-01; a close file's period is its name\n\
             closes/2026-01.toml:{rows_line}: period 2026-01 is closed, but its ledger_rows would \
             change from 999 to {rows}\nThe books have 2 problems: 2 errors, 0 warnings.\n"
        )
    );
}

#[test]
fn a_deleted_or_replaced_close_file_is_an_error() {
    let books = Books::copy_of("atelier");
    books.close_through("2026-04", None);
    assert_eq!(books.run(&["close", "2026"]).code, 0);
    let line_of = |rel: &str, key: &str| {
        let text = std::fs::read_to_string(books.path().join(rel)).unwrap();
        1 + text
            .lines()
            .position(|l| l.starts_with(&format!("{key} =")))
            .unwrap()
    };
    let (line, follows) = (
        line_of("closes/2026.toml", "period"),
        line_of("closes/2026-03.toml", "follows"),
    );
    let march = std::fs::read_to_string(books.path().join("closes/2026-03.toml")).unwrap();
    assert!(march.contains("\nfollows = \"2026-02 sha256:"), "{march}");
    let february = books.path().join("closes/2026-02.toml");
    let kept = std::fs::read(&february).unwrap();
    std::fs::remove_file(&february).unwrap();
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            format!(
                "closes/2026-03.toml:{follows}: period 2026-03 follows the close of 2026-02 \
                 (closes/2026-02.toml), which is gone: a closed period's file was deleted or \
                 renamed; restore it (from git)\n\
                 closes/2026.toml:{line}: period 2026 is closed, but 2026-02 has no close file \
                 (closes/2026-02.toml): a closed month's file was deleted or renamed; restore it \
                 (from git)\nThe books have 2 problems: 2 errors, 0 warnings.\n"
            )
            .as_str()
        )
    );
    // Put back, all is well; replaced by another close, the month after says so.
    std::fs::write(&february, &kept).unwrap();
    assert_eq!(books.run(&["check"]).code, 0);
    let other = String::from_utf8(kept)
        .unwrap()
        .replacen("ledger = \"", "ledger = \"x", 1);
    std::fs::write(&february, other).unwrap();
    let r = books.run(&["check"]);
    assert!(
        r.stdout.contains(&format!(
            "closes/2026-03.toml:{follows}: period 2026-03 follows the close of 2026-02 as it was \
             closed, and closes/2026-02.toml has been replaced since; restore it (from git)\n"
        )),
        "{}",
        r.stdout
    );
}
