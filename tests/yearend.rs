//! Year end: patronage, capital accounts, and closing periods.

mod common;
use common::{Books, fixture, run};
use serde_json::{Value, json};

fn member<'a>(j: &'a Value, id: &str) -> &'a Value {
    j["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn atelier_patronage() {
    let r = run(
        &fixture("atelier"),
        &["--format", "json", "patronage", "2026"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    // Surplus of operations in 2026: levies 2735.96 + income 3000.00 - costs 4050.00 = 1685.96
    // (the 1000.00 transfer to the reserve does not count).
    // Set-asides: 1685.96 x 30 % = 505.788 -> 505.79; x 10 % = 168.596 -> 168.60.
    // Distributable: 1685.96 - 505.79 - 168.60 = 1011.57.
    assert_eq!(
        [&j["year"], &j["surplus"], &j["distributable"]],
        ["2026", "1685.96", "1011.57"]
    );
    assert_eq!(j["closed"], false);
    assert_eq!(
        j["set_asides"],
        json!([{"fund": "reserve", "rate": "0.30", "amount": "505.79"},
               {"fund": "community", "rate": "0.10", "amount": "168.60"}])
    );
    // Eligible: members while members. Emma and Farid are users; Greta's January contract
    // (before she joined on 02-01) does not count: 18 + 16 = 34 h; Hugo's two contracts before
    // he left on 02-28 count. Totals: 453 hours, 35342.61 budget.
    // score = 50 % x hours / 453 + 50 % x budget / 35342.61; exact shares of 1011.57:
    //   alice 130.3217, bruno 206.5803, chloe 98.7969, david 130.7269,
    //   greta 68.5542, hugo 94.2364, ines 189.5584, zoe 92.7950.
    // Floors sum to 1011.53; the 4 cents left go to the largest remainders: ines (.84),
    // chloe (.69), david (.68), hugo (.64). Cash is 20 % rounded up: alice 130.32 x 0.2 = 26.064 -> 26.07.
    let expected = [
        (
            "alice", "53", "5630.00", "4971.45", "130.32", "26.07", "104.25",
        ),
        (
            "bruno", "98", "7420.00", "6789.30", "206.58", "41.32", "165.26",
        ),
        (
            "chloe", "45", "3830.00", "3392.75", "98.80", "19.76", "79.04",
        ),
        (
            "david", "51", "5820.00", "5155.80", "130.73", "26.15", "104.58",
        ),
        (
            "greta", "34", "2380.00", "2137.70", "68.55", "13.71", "54.84",
        ),
        (
            "hugo", "44", "3740.00", "3152.10", "94.24", "18.85", "75.39",
        ),
        (
            "ines", "83", "7470.00", "6770.15", "189.56", "37.92", "151.64",
        ),
        ("zoe", "45", "3375.00", "2973.36", "92.79", "18.56", "74.23"),
    ];
    let got: Vec<(&str, &str, &str, &str, &str, &str, &str)> = j["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap();
            (
                s("member"),
                s("hours"),
                s("turnover"),
                s("budget"),
                s("allocation"),
                s("cash"),
                s("retained"),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        j["totals"],
        json!({"allocation": "1011.57", "cash": "202.34", "retained": "809.23"})
    );
}

/// Books with a patronage policy on hours (or the given basis), members as given, contracts
/// and ledger rows; the surplus comes from ledger rows on `operations` (levies go elsewhere).
fn patronage_books(basis: &str, members: &[(&str, &str)], contracts: &str, ledger: &str) -> Books {
    let coop = format!(
        "name = \"P\"\ncurrency = \"EUR\"\n[funds.operations]\nopening = \"0.00\"\n[funds.shared]\nopening = \"0.00\"\n\
         [funds.reserve]\nopening = \"0.00\"\n\
         [[levies]]\nname = \"mutual\"\nrate = \"10%\"\nfund = \"shared\"\n\
         [payroll]\nmodel = \"contractor\"\n\
         [patronage]\nsurplus_fund = \"operations\"\nbasis = {basis}\ncash = \"20%\"\n\
         [capital]\nrevolve_years = 2\n"
    );
    let mut b = Books::empty().file("coop.toml", &coop);
    for (id, toml) in members {
        b = b.file(&format!("members/{id}.toml"), toml);
    }
    b.file(
        "contracts/c.csv",
        &format!("id,member,client,date,hours,amount\n{contracts}"),
    )
    .file(
        "ledger/l.csv",
        &format!("date,kind,amount,fund,to,member\n{ledger}"),
    )
}

const JOINED: &str = "name = \"M\"\njoined = \"2024-01-01\"\n";

fn patronage(b: &Books) -> Value {
    let r = b.run(&["--format", "json", "patronage", "2026"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn three_members_share_100_equally() {
    let b = patronage_books(
        "{ hours = \"100%\" }",
        &[("cid", JOINED), ("ann", JOINED), ("bob", JOINED)],
        "C-1,cid,X,2026-03-02,10,100.00\nC-2,ann,X,2026-03-02,10,100.00\nC-3,bob,X,2026-03-02,10,100.00\n",
        "2026-06-30,income,100.00,operations,,\n",
    );
    let j = patronage(&b);
    // 100.00 / 3 = 33.333.. each: floors 33.33 x 3 = 99.99; the last cent goes to the smallest
    // id among equal remainders, ann. Cash: 33.34 x 20 % = 6.668 -> 6.67; 33.33 x 20 % = 6.666 -> 6.67.
    let got: Vec<(&str, &str, &str, &str)> = j["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["member"].as_str().unwrap(),
                m["allocation"].as_str().unwrap(),
                m["cash"].as_str().unwrap(),
                m["retained"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("ann", "33.34", "6.67", "26.67"),
            ("bob", "33.33", "6.67", "26.66"),
            ("cid", "33.33", "6.67", "26.66")
        ]
    );
    assert_eq!(j["totals"]["allocation"], "100.00");
}

#[test]
fn joining_and_leaving_mid_year() {
    let b = patronage_books(
        "{ hours = \"100%\" }",
        &[
            ("dan", "name = \"Dan\"\njoined = \"2026-06-01\"\n"),
            (
                "eve",
                "name = \"Eve\"\njoined = \"2020-01-01\"\nleft = \"2026-05-31\"\n",
            ),
            ("fay", "name = \"Fay\"\n"),
        ],
        // dan: 03-01 before joining (no), 07-01 (10 h); eve: 05-31 her last day (30 h), 06-01 after (no); fay a user.
        "C-1,dan,X,2026-03-01,50,100.00\nC-2,dan,X,2026-07-01,10,100.00\n\
         C-3,eve,X,2026-05-31,30,100.00\nC-4,eve,X,2026-06-01,40,100.00\nC-5,fay,X,2026-04-01,99,100.00\n",
        "2026-06-30,income,100.00,operations,,\n",
    );
    let j = patronage(&b);
    // 100.00 x 10 / 40 = 25.00 and x 30 / 40 = 75.00.
    assert_eq!(j["members"].as_array().unwrap().len(), 2);
    assert_eq!(
        [
            &member(&j, "dan")["hours"],
            &member(&j, "dan")["allocation"]
        ],
        ["10", "25.00"]
    );
    assert_eq!(
        [
            &member(&j, "eve")["hours"],
            &member(&j, "eve")["allocation"]
        ],
        ["30", "75.00"]
    );
}

#[test]
fn a_basis_totalling_zero_is_dropped() {
    let b = patronage_books(
        "{ hours = \"50%\", budget = \"50%\" }",
        &[("ann", JOINED), ("bob", JOINED)],
        // Nobody records hours: only the budget counts. ann 1000.00 - 10 % = 900.00; bob 333.33 - 33.33 = 300.00.
        "C-1,ann,X,2026-03-02,0,1000.00\nC-2,bob,X,2026-03-02,0,333.33\n",
        "2026-06-30,income,100.00,operations,,\n",
    );
    let j = patronage(&b);
    // 100.00 x 900 / 1200 = 75.00; x 300 / 1200 = 25.00.
    assert_eq!(
        [
            &member(&j, "ann")["allocation"],
            &member(&j, "bob")["allocation"]
        ],
        ["75.00", "25.00"]
    );
}

#[test]
fn negative_surplus_allocates_nothing() {
    let b = patronage_books(
        "{ hours = \"100%\" }",
        &[("ann", JOINED)],
        "C-1,ann,X,2026-03-02,10,100.00\n",
        "2026-06-30,income,100.00,operations,,\n2026-07-30,cost,150.00,operations,,\n",
    );
    let j = patronage(&b);
    // 100.00 - 150.00 = -50.00.
    assert_eq!([&j["surplus"], &j["distributable"]], ["-50.00", "0.00"]);
    assert_eq!(j["set_asides"], json!([]));
    assert_eq!(
        j["totals"],
        json!({"allocation": "0.00", "cash": "0.00", "retained": "0.00"})
    );
    assert_eq!(
        j["note"],
        "the surplus of operations is -50.00: nothing is set aside or allocated"
    );
    let r = b.run(&["patronage", "2026"]);
    assert_eq!(
        r.stdout,
        "Patronage 2026 - P (EUR) - provisional: the year is not closed\n  surplus of operations        -50.00\n  distributable                  0.00\n\
         Nothing is allocated: the surplus of operations is -50.00: nothing is set aside or allocated.\n"
    );
}

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

    // Edit C-2026-002: 2400.00 -> 2410.00. Levies 156.65 + 36.15 + 12.05 = 204.85 (was 204.00);
    // budget 2710 - ... : B = 504.00 + 2205.15 = 2709.15; gross round(2709.15 / 1.27 = 2133.189) = 2133.19;
    // employer 575.96; employee round(278.8079) = 278.81; taxable 1854.38;
    // withholding round(854.38 x 25 % = 213.595) = 213.60; net 1640.78; payout 1685.78.
    let b = b.replace(
        "contracts/2026-03.csv",
        "C-2026-002,alice,Ville de Namur,2026-03-20,20,2400.00",
        "C-2026-002,alice,Ville de Namur,2026-03-20,20,2410.00",
    );
    // The funds move with it: 0.05 more solidarity levy, 0.15 more guarantee levy, 0.65 more
    // mutual levy; the guarantee fund fronted 10.00 more (the client had not paid by the pay
    // date), so it holds 15999.96 + 0.15 − 10.00 = 15990.11, and is owed 10.00 more.
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "closes/2026-03.toml:10: period 2026-03 is closed, but the guarantee fund at its end \
         would change: outstanding 8945.00 -> 8955.00; corrections go into a later period\n\
         closes/2026-03.toml:14: period 2026-03 is closed, but the figures of fund community \
         would change: closing 3721.66 -> 3721.71, levies 87.18 -> 87.23; corrections go into a \
         later period\n\
         closes/2026-03.toml:20: period 2026-03 is closed, but the figures of fund guarantee \
         would change: advances 12635.00 -> 12645.00, closing 15999.96 -> 15990.11, levies \
         261.53 -> 261.68; corrections go into a later period\n\
         closes/2026-03.toml:27: period 2026-03 is closed, but the figures of fund operations \
         would change: closing 12935.96 -> 12936.61, levies 1068.78 -> 1069.43; corrections go \
         into a later period\n\
         closes/2026-03.toml:41: period 2026-03 is closed, but alice's figures would change: \
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
        "C-2026-002,alice,Ville de Namur",
        "C-2026-002,alice,City of Namur",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "closes/2026-03.toml:41: period 2026-03 is closed, but alice's rows dated in it changed (the figures are the same); corrections go into a later period\n\
         The books have 1 problem: 1 error, 0 warnings.\n"
    );
}

#[test]
fn added_payment_and_ledger_row_in_a_closed_month() {
    let b = Books::copy_of("atelier");
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
            "C-2026-004,2026-03-30,100.00,payment,\n",
        )
        .append(
            "ledger/2026.csv",
            "2026-03-30,cost,10.00,operations,,,bank fees\n",
        );
    let r = b.run(&["check"]);
    assert_eq!(
        r.stdout,
        "closes/2026-03.toml:6: period 2026-03 is closed, but its ledger rows changed; corrections go into a later period\n\
         closes/2026-03.toml:11: period 2026-03 is closed, but the guarantee fund at its end \
         would change: outstanding 8945.00 -> 8845.00; corrections go into a later period\n\
         closes/2026-03.toml:21: period 2026-03 is closed, but the figures of fund guarantee \
         would change: closing 15999.96 -> 16099.96, repayments 8340.00 -> 8440.00; corrections \
         go into a later period\n\
         closes/2026-03.toml:28: period 2026-03 is closed, but the figures of fund operations \
         would change: closing 12935.96 -> 12925.96, costs 800.00 -> 810.00; corrections go into \
         a later period\n\
         closes/2026-03.toml:76: period 2026-03 is closed, but chloe's rows dated in it changed (the figures are the same); corrections go into a later period\n\
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
    // operations transfers out 1000.00 + 505.79 + 168.60 = 1674.39 and patronage 1011.57;
    // 12935.96 - 505.79 - 168.60 - 1011.57 = 11250.00 (the whole surplus 1685.96 is gone).
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
        ["1674.39", "1011.57", "11250.00"]
    );
    // reserve 1000.00 + 505.79; community 3721.66 + 168.60.
    assert_eq!(fund("reserve")["closing"], "1505.79");
    assert_eq!(
        [
            &fund("community")["transfers_in"],
            &fund("community")["closing"]
        ],
        ["168.60", "3890.26"]
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
        ["100.00", "104.25", "0.00", "204.25", "0.00"]
    );
    assert_eq!(alice["retained_by_year"], json!({"2026": "104.25"}));
    // Hugo: share 100.00 redeemed in March, 75.39 retained.
    assert_eq!(
        [
            &member(&c, "hugo")["balance"],
            &member(&c, "hugo")["redeemed"]
        ],
        ["75.39", "100.00"]
    );
    // 450.00 shares + 809.23 retained - 100.00 = 1159.23.
    assert_eq!(c["totals"]["balance"], "1159.23");
    // revolve_years = 5: 2026's allocations fall due on 2032-01-01; Hugo's 2026 redemption came
    // before that and does not count against them.
    let c = b
        .run(&["--format", "json", "capital", "--at", "2031-12-31"])
        .json();
    assert_eq!(c["totals"]["due"], "0.00");
    let c = b
        .run(&["--format", "json", "capital", "--at", "2032-01-01"])
        .json();
    assert_eq!(c["totals"]["due"], "809.23");
    assert_eq!(member(&c, "hugo")["due"], "75.39");
    // A ledger row added in June, a month with no contracts (so not closed by itself), still
    // changes a closed year: the year's close file has a digest of its ledger rows.
    let b = b.append(
        "ledger/2026.csv",
        "2026-06-15,cost,10.00,community,,,late invoice\n",
    );
    assert_eq!(
        b.run(&["check"]).stdout,
        "closes/2026.toml:6: period 2026 is closed, but its ledger rows changed; corrections go into a later period\n\
         The books have 1 problem: 1 error, 0 warnings.\n"
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
fn capital_table() {
    let r = run(&fixture("atelier"), &["capital"]);
    assert_eq!(
        r.stdout,
        "Capital accounts at 2026-04-15 - Atelier Commun (EUR)
member  shares  retained  redeemed  balance   due
─────────────────────────────────────────────────
alice   100.00      0.00      0.00   100.00  0.00
greta   250.00      0.00      0.00   250.00  0.00
hugo    100.00      0.00    100.00     0.00  0.00
─────────────────────────────────────────────────
total   450.00      0.00    100.00   350.00  0.00
"
    );
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
        let mut b = Books::copy_of("atelier");
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
    let b = Books::copy_of("atelier");
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
            "\ncloses/2026-03.toml:39: period 2026-03 is closed, but alice's figures would \
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
        "The books are valid: 10 members, 40 contracts, 32 payments, 13 ledger rows.\n"
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
/// `check` verifies them. A payment added by hand to February (C-2026-004, 100.00 on
/// 2026-02-20, before its pay date in March) lowers March's guarantee advance: 12635.00 →
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
        "C-2026-004,2026-02-20,100.00,payment,by hand\n",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "closes/2026-03.toml:20: period 2026-03 is closed, but the figures of fund guarantee \
             would change: advances 12635.00 -> 12535.00, closing 15999.96 -> 16099.96; \
             corrections go into a later period\n"
        ),
        "{}",
        r.stdout
    );
    // A fund's opening edited in coop.toml moves every closed month's funds, though no
    // member's pay changes.
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
            "closes/2025-06.toml:21: period 2025-06 is closed, but the figures of fund \
             operations would change: closing 12100.00 -> 12200.00, opening 12000.00 -> \
             12100.00; corrections go into a later period\n\
             closes/2026-01.toml:25: period 2026-01 is closed, but the figures of fund \
             operations would change: closing 10462.08 -> 10562.08, opening 12100.00 -> \
             12200.00; corrections go into a later period\n\
             The books have 2 problems: 2 errors, 0 warnings.\n"
        )
    );
}
