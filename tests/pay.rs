//! `pay MONTH`: the manual's worked example (docs/guide.md) in every format, and hand-computed cases.

mod common;
use common::{Books, MINIMAL_COOP, fixture, member, run};
use serde_json::{Value, json};

/// The figures of a member-month, in the order of the identity.
fn figures(m: &Value) -> [&str; 9] {
    [
        "budget",
        "gross",
        "employer_contributions",
        "employee_contributions",
        "taxable",
        "withholding",
        "net",
        "payout",
        "expenses",
    ]
    .map(|k| m[k].as_str().unwrap_or_else(|| panic!("{k} missing")))
}

#[test]
fn worked_example_json() {
    let r = run(&fixture("atelier"), &["--format", "json", "pay", "2026-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    assert_eq!(report["period"], "2026-03");
    assert_eq!(report["currency"], "EUR");
    let alice = member(&report, "alice");
    // The manual's worked example (docs/guide.md), every figure by hand:
    // C-2026-025: 600.00 x 6.5 % = 39.00, x 1.5 % = 9.00, x 0.5 % = 3.00; budget 600 - 51 - 45 = 504.00
    // C-2026-034: 2400.00 x 6.5 % = 156.00, x 1.5 % = 36.00, x 0.5 % = 12.00; budget 2400 - 204 = 2196.00
    assert_eq!(
        alice["contracts"],
        json!([
            {"id": "C-2026-025", "client": "Théâtre du Parc", "date": "2026-03-05", "pay_date": "2026-03-16",
             "hours": "6", "amount": "600.00",
             "levies": {"mutual": "39.00", "guarantee": "9.00", "solidarity": "3.00"},
             "expenses": "45.00", "budget": "504.00"},
            {"id": "C-2026-034", "client": "Ville de Namur", "date": "2026-03-20", "pay_date": "2026-03-31",
             "hours": "20", "amount": "2400.00",
             "levies": {"mutual": "156.00", "guarantee": "36.00", "solidarity": "12.00"},
             "expenses": "0.00", "budget": "2196.00"}
        ])
    );
    assert_eq!(alice["name"], "Alice Martin");
    assert_eq!(alice["model"], "salaried");
    assert_eq!(alice["hours"], "26");
    assert_eq!(alice["amount"], "3000.00");
    assert_eq!(
        alice["levies"],
        json!({"mutual": "195.00", "guarantee": "45.00", "solidarity": "15.00"})
    );
    // gross = round(2700 / 1.27) = 2125.98; employer = 2700 - 2125.98 = 574.02;
    // employee = round(2125.98 x 0.1307) = round(277.865586) = 277.87; taxable = 1848.11;
    // withholding = round((1848.11 - 1000) x 0.25) = round(212.0275) = 212.03;
    // net = 1636.08; payout = 1636.08 + 45.00 = 1681.08.
    assert_eq!(
        figures(alice),
        [
            "2700.00", "2125.98", "574.02", "277.87", "1848.11", "212.03", "1636.08", "1681.08",
            "45.00"
        ]
    );
}

#[test]
fn worked_example_table() {
    let r = run(&fixture("atelier"), &["pay", "2026-03"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "Pay for 2026-03 - Atelier Commun (EUR)");
    // The default columns: contributions = 574.02 + 277.87 = 851.89.
    assert_eq!(
        lines[1..4],
        [
            "member    amount   levies     gross  contributions  withholding       net    payout",
            "───────────────────────────────────────────────────────────────────────────────────",
            "alice    3000.00   255.00   2125.98         851.89       212.03   1636.08   1681.08",
        ]
    );
    // Then what is still owed at the month's end: March's withholding, contributions and
    // payouts, none of them paid before April.
    assert_eq!(
        lines[lines.len() - 7..],
        [
            "───────────────────────────────────────────────────────────────────────────────────",
            "total   17435.00  1417.49  13639.69        3122.61      1279.33  11341.82  11615.57",
            "",
            "Still owed on 2026-03-31 (EUR):",
            "  tax office        1279.33",
            "  social security   3122.61",
            "  members          11615.57",
        ]
    );
    let r = run(&fixture("atelier"), &["--wide", "pay", "2026-03"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "member  model       contracts  hours    amount   levies  expenses    budget     gross  employer contrib.  employee contrib.  withholding       net    payout"
    );
    assert_eq!(
        lines[3],
        "alice   salaried            2     26   3000.00   255.00     45.00   2700.00   2125.98             574.02             277.87       212.03   1636.08   1681.08"
    );
    let r = run(
        &fixture("atelier"),
        &["--wide", "pay", "2026-03", "--contracts"],
    );
    assert!(r.stdout.contains(
        "\nalice   C-2026-025  Théâtre du Parc           2026-03-05  2026-03-16      6   600.00   39.00       9.00        3.00     45.00   504.00\n"
    ), "{}", r.stdout);
    assert!(r.stdout.contains(
        "\nalice   C-2026-034  Ville de Namur            2026-03-20  2026-03-31     20  2400.00  156.00      36.00       12.00      0.00  2196.00\n"
    ));
    // By default a contract shows its levies together: 39.00 + 9.00 + 3.00 = 51.00.
    let r = run(&fixture("atelier"), &["pay", "2026-03", "--contracts"]);
    assert!(
        r.stdout.contains(
            "\nalice   C-2026-025  Théâtre du Parc           2026-03-16   600.00   51.00   504.00\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn worked_example_csv() {
    let r = run(&fixture("atelier"), &["--format", "csv", "pay", "2026-03"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "month,member,name,model,contracts,hours,amount,levy_mutual,levy_guarantee,levy_solidarity,levies,expenses,budget,gross,employer_contributions,employee_contributions,taxable,withholding,net,payout"
    );
    assert_eq!(
        lines[1],
        "2026-03,alice,Alice Martin,salaried,2,26,3000.00,195.00,45.00,15.00,255.00,45.00,2700.00,2125.98,574.02,277.87,1848.11,212.03,1636.08,1681.08"
    );
    assert_eq!(lines.len(), 10, "9 members paid in March, no totals row");
    let r = run(
        &fixture("atelier"),
        &["--format", "csv", "pay", "2026-03", "--contracts"],
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "month,member,contract,client,date,pay_date,hours,amount,levy_mutual,levy_guarantee,levy_solidarity,expenses,budget"
    );
    assert_eq!(
        lines[1],
        "2026-03,alice,C-2026-025,Théâtre du Parc,2026-03-05,2026-03-16,6,600.00,39.00,9.00,3.00,45.00,504.00"
    );
    assert_eq!(lines.len(), 17, "16 contracts in March");
}

#[test]
fn atelier_totals_and_special_members() {
    let report = run(&fixture("atelier"), &["--format", "json", "pay", "2026-03"]).json();
    // The month's totals (sum of the member rows; each row satisfies the identity).
    let t = &report["totals"];
    assert_eq!(t["amount"], "17435.00");
    assert_eq!(t["net"], "11341.82");
    assert_eq!(t["payout"], "11615.57");
    // 17435.00 = 1417.49 + 273.75 + 2104.07 + 1018.54 + 1279.33 + 11341.82
    // Levies are rounded per contract, then summed. mutual: 6.5 % of the 14 other contracts
    // (14855.00 -> 965.58, e.g. 375.00 x 6.5 % = 24.375 -> 24.38) + David's 4 % of 2580.00 = 103.20
    // -> 1068.78; guarantee 1.5 % of 17435.00 contract by contract (375.00 -> 5.625 -> 5.63) = 261.53;
    // solidarity 0.5 % -> 87.18 (375.00 -> 1.875 -> 1.88). 1068.78 + 261.53 + 87.18 = 1417.49.
    assert_eq!(
        [
            &t["levies"]["mutual"],
            &t["levies"]["guarantee"],
            &t["levies"]["solidarity"]
        ],
        ["1068.78", "261.53", "87.18"]
    );
    // David's mutual levy is 4 %: C-2026-028 1680.00 x 4 % = 67.20, C-2026-040 900.00 x 4 % = 36.00.
    let david = member(&report, "david");
    assert_eq!(david["levies"]["mutual"], "103.20");
    // Zoë's C-2026-038, Friday 2026-03-27: 7 working days skip Easter Monday 2026-04-06.
    let zoe = member(&report, "zoe");
    assert_eq!(zoe["contracts"][1]["pay_date"], "2026-04-08");
    // Chloé's flat 11 %: taxable 1073.07 - 140.25 = 932.82; 932.82 x 0.11 = 102.6102 -> 102.61.
    let chloe = member(&report, "chloe");
    assert_eq!(
        [&chloe["taxable"], &chloe["withholding"]],
        ["932.82", "102.61"]
    );
    // Hugo left in February and has no March contracts: not in the report.
    assert!(
        report["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["member"] != "hugo")
    );
}

#[test]
fn empty_month_is_an_empty_report() {
    let r = run(&fixture("atelier"), &["pay", "2026-07"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "Pay for 2026-07 - Atelier Commun (EUR)\nNo contracts in this month.\n"
    );
    let r = run(&fixture("atelier"), &["--format", "json", "pay", "2026-07"]);
    let zero = json!({"hours": "0", "amount": "0.00", "levies": {"mutual": "0.00", "guarantee": "0.00", "solidarity": "0.00"},
        "expenses": "0.00", "budget": "0.00", "gross": "0.00", "employer_contributions": "0.00",
        "employee_contributions": "0.00", "taxable": "0.00", "withholding": "0.00", "net": "0.00", "payout": "0.00"});
    assert_eq!(
        r.json(),
        json!({"period": "2026-07", "currency": "EUR", "members": [], "totals": zero,
            "owed": {"at": "2026-07-31", "tax": "0.00", "social": "0.00", "members": "0.00"}})
    );
    let r = run(&fixture("atelier"), &["--format", "csv", "pay", "2026-07"]);
    assert_eq!(r.stdout.lines().count(), 1);
}

/// Minimal books (levy 10 %, employer 25 %, employee 10 %, no withholding table) plus `extra`
/// coop.toml text, members and contracts; the JSON of `pay MONTH`.
fn pay(coop: &str, members: &[(&str, &str)], contracts: &str, month: &str) -> Value {
    let mut b = Books::empty().file("coop.toml", coop);
    for (id, toml) in members {
        b = b.file(&format!("members/{id}.toml"), toml);
    }
    b = b.file(
        "contracts/c.csv",
        &format!("id,member,client,date,hours,amount,expenses\n{contracts}"),
    );
    let r = b.run(&["--format", "json", "pay", month]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    r.json()
}

#[test]
fn contractor() {
    // 1000.00: levy 100.00; budget 1000 - 100 - 100 expenses = 800.00 = gross; no contributions;
    // no table: withholding 0; net 800.00; payout 900.00.
    let r = pay(
        MINIMAL_COOP,
        &[("bob", "name = \"Bob\"\nmodel = \"contractor\"\n")],
        "C-1,bob,X,2026-03-02,10,1000.00,100.00\n",
        "2026-03",
    );
    let bob = member(&r, "bob");
    assert_eq!(bob["model"], "contractor");
    assert_eq!(
        figures(bob),
        [
            "800.00", "800.00", "0.00", "0.00", "800.00", "0.00", "800.00", "900.00", "100.00"
        ]
    );
}

#[test]
fn flat_withholding_rate_replaces_the_table() {
    let coop = format!(
        "{MINIMAL_COOP}withholding = [{{ above = \"0.00\", rate = \"0%\" }}, {{ above = \"500.00\", rate = \"50%\" }}]\n"
    );
    // 1000.00: levy 100.00; budget 900.00; gross 900 / 1.25 = 720.00; employer 180.00;
    // employee 72.00; taxable 648.00; flat 11 %: 71.28 (the table would take 74.00); net 576.72.
    let r = pay(
        &coop,
        &[
            ("carol", "name = \"Carol\"\nwithholding_rate = \"11%\"\n"),
            ("dan", "name = \"Dan\"\n"),
        ],
        "C-1,carol,X,2026-03-02,5,1000.00,\nC-2,dan,X,2026-03-02,5,1000.00,\n",
        "2026-03",
    );
    assert_eq!(
        figures(member(&r, "carol")),
        [
            "900.00", "720.00", "180.00", "72.00", "648.00", "71.28", "576.72", "576.72", "0.00"
        ]
    );
    // Dan on the table: (648.00 - 500.00) x 50 % = 74.00; net 574.00.
    assert_eq!(member(&r, "dan")["withholding"], "74.00");
}

#[test]
fn levy_override() {
    // mutual 4 % instead of 10 %: levy 40.00; budget 960.00; gross 768.00; employer 192.00;
    // employee 76.80; taxable 691.20.
    let r = pay(
        MINIMAL_COOP,
        &[("dave", "name = \"Dave\"\nlevies = { mutual = \"4%\" }\n")],
        "C-1,dave,X,2026-03-02,5,1000.00,\n",
        "2026-03",
    );
    let dave = member(&r, "dave");
    assert_eq!(dave["levies"]["mutual"], "40.00");
    assert_eq!(
        figures(dave),
        [
            "960.00", "768.00", "192.00", "76.80", "691.20", "0.00", "691.20", "691.20", "0.00"
        ]
    );
}

#[test]
fn levy_on_amount_less_expenses() {
    let coop = MINIMAL_COOP.replace(
        "fund = \"operations\"\n",
        "fund = \"operations\"\nbase = \"amount_less_expenses\"\n",
    );
    // 10 % of (1000.00 - 200.00) = 80.00; budget 1000 - 80 - 200 = 720.00; gross 576.00;
    // employer 144.00; employee 57.60; taxable 518.40; payout 518.40 + 200.00 = 718.40.
    let r = pay(
        &coop,
        &[("eve", "name = \"Eve\"\n")],
        "C-1,eve,X,2026-03-02,5,1000.00,200.00\n",
        "2026-03",
    );
    let eve = member(&r, "eve");
    assert_eq!(eve["levies"]["mutual"], "80.00");
    assert_eq!(
        figures(eve),
        [
            "720.00", "576.00", "144.00", "57.60", "518.40", "0.00", "518.40", "718.40", "200.00"
        ]
    );
}

#[test]
fn dated_levy_and_employer_rate_changes() {
    // The levy changes on the contract's date; payroll from the first pay month starting on
    // or after its `since` (2026-06-15: June keeps 25 %, July has 20 %).
    let coop = format!(
        "{MINIMAL_COOP}\n[[payroll.changes]]\nsince = \"2026-06-15\"\nemployer_rate = \"20%\"\n"
    )
    .replace(
        "[payroll]",
        "[[levies]]\nname = \"mutual\"\nrate = \"12%\"\nfund = \"operations\"\nsince = \"2026-07-01\"\n\n[payroll]",
    );
    let members = [("fay", "name = \"Fay\"\n")];
    let contracts = "C-1,fay,X,2026-06-30,5,1000.00,\nC-2,fay,X,2026-07-01,5,1000.00,\n";
    // June: levy 10 % = 100.00; budget 900.00; gross 900 / 1.25 = 720.00; employer 180.00; employee 72.00.
    let june = pay(&coop, &members, contracts, "2026-06");
    assert_eq!(
        figures(member(&june, "fay")),
        [
            "900.00", "720.00", "180.00", "72.00", "648.00", "0.00", "648.00", "648.00", "0.00"
        ]
    );
    // July: levy 12 % = 120.00; budget 880.00; gross 880 / 1.2 = 733.333.. -> 733.33;
    // employer 146.67; employee 73.333 -> 73.33; taxable 660.00.
    let july = pay(&coop, &members, contracts, "2026-07");
    assert_eq!(
        figures(member(&july, "fay")),
        [
            "880.00", "733.33", "146.67", "73.33", "660.00", "0.00", "660.00", "660.00", "0.00"
        ]
    );
}

#[test]
fn pay_dates_with_holidays_and_n_zero() {
    let coop = MINIMAL_COOP.replace(
        "pay_within_working_days = 7",
        "pay_within_working_days = 7\nholidays = [\"2026-04-06\"]",
    );
    // Friday 2026-03-27 + 7 working days, Easter Monday off: 30, 31, 1, 2, 3, 7, 8 April.
    let r = pay(
        &coop,
        &[("gus", "name = \"Gus\"\n")],
        "C-1,gus,X,2026-03-27,5,1000.00,\n",
        "2026-03",
    );
    assert_eq!(member(&r, "gus")["contracts"][0]["pay_date"], "2026-04-08");
    let r = pay(
        MINIMAL_COOP,
        &[("gus", "name = \"Gus\"\n")],
        "C-1,gus,X,2026-03-27,5,1000.00,\n",
        "2026-03",
    );
    assert_eq!(member(&r, "gus")["contracts"][0]["pay_date"], "2026-04-07");
    // N = 0: the date itself, even a Saturday.
    let coop = MINIMAL_COOP.replace("pay_within_working_days = 7", "pay_within_working_days = 0");
    let r = pay(
        &coop,
        &[("gus", "name = \"Gus\"\n")],
        "C-1,gus,X,2026-03-07,5,1000.00,\n",
        "2026-03",
    );
    assert_eq!(member(&r, "gus")["contracts"][0]["pay_date"], "2026-03-07");
}

#[test]
fn a_contractors_fee_is_withheld_only_when_the_coop_or_the_member_says_so() {
    // The treasurer's 3920.00 fee: levy 10 % = 392.00; budget = gross = taxable = 3528.00.
    let table = "withholding = [{ above = \"0.00\", rate = \"0%\" }, { above = \"1000.00\", rate = \"25%\" }]\n";
    let coop = format!("{MINIMAL_COOP}{table}");
    let members = [
        ("con", "name = \"Con\"\nmodel = \"contractor\"\n"),
        (
            "own",
            "name = \"Own\"\nmodel = \"contractor\"\nwithholding_rate = \"11%\"\n",
        ),
        ("sal", "name = \"Sal\"\nmodel = \"salaried\"\n"),
    ];
    let contracts = "C-1,con,X,2026-03-02,40,3920.00,\nC-2,own,X,2026-03-02,40,3920.00,\nC-3,sal,X,2026-03-02,40,3920.00,\n";
    let withheld = |r: &serde_json::Value| {
        ["con", "own", "sal"].map(|id| member(r, id)["withholding"].as_str().unwrap().to_string())
    };
    // By default: the contractor's fee whole (0.00); the member's own flat 11 % of 3528.00 =
    // 388.08; the salaried member's table: gross 3528.00 / 1.25 = 2822.40, employee 10 % =
    // 282.24, taxable 2540.16, 25 % of 1540.16 = 385.04.
    let r = pay(&coop, &members, contracts, "2026-03");
    assert_eq!(withheld(&r), ["0.00", "388.08", "385.04"]);
    assert_eq!(member(&r, "con")["net"], "3528.00");
    // `withhold_contractors = true`: the table on the contractor too, 25 % of 2528.00 = 632.00;
    // a member's flat rate still wins over the table.
    let coop = format!("{MINIMAL_COOP}withhold_contractors = true\n{table}");
    let r = pay(&coop, &members, contracts, "2026-03");
    assert_eq!(withheld(&r), ["632.00", "388.08", "385.04"]);
}

#[test]
fn withholding_bracket_boundaries() {
    let coop = format!(
        "{MINIMAL_COOP}withhold_contractors = true\nwithholding = [{{ above = \"0.00\", rate = \"0%\" }}, {{ above = \"1000.00\", rate = \"25%\" }}, {{ above = \"2500.00\", rate = \"40%\" }}]\n"
    );
    let c = "name = \"C\"\nmodel = \"contractor\"\n";
    // 1111.11: levy 111.111 -> 111.11; budget = taxable = 1000.00 exactly: withholding 0.00.
    // 2777.78: levy 277.778 -> 277.78; taxable 2500.00: (2500 - 1000) x 25 % = 375.00.
    // 2777.79: levy 277.779 -> 277.78; taxable 2500.01: 375.00 + 0.01 x 40 % = 375.004 -> 375.00.
    // 2777.80: levy 277.78; taxable 2500.02: 375.00 + 0.008 -> 375.01.
    let r = pay(
        &coop,
        &[("a1", c), ("a2", c), ("a3", c), ("a4", c)],
        "C-1,a1,X,2026-03-02,5,1111.11,\nC-2,a2,X,2026-03-02,5,2777.78,\nC-3,a3,X,2026-03-02,5,2777.79,\nC-4,a4,X,2026-03-02,5,2777.80,\n",
        "2026-03",
    );
    let got: Vec<(&str, &str)> = ["a1", "a2", "a3", "a4"]
        .iter()
        .map(|id| {
            (
                member(&r, id)["taxable"].as_str().unwrap(),
                member(&r, id)["withholding"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1000.00", "0.00"),
            ("2500.00", "375.00"),
            ("2500.01", "375.00"),
            ("2500.02", "375.01")
        ]
    );
}

#[test]
fn half_cent_ties_round_away_from_zero() {
    // employer 100 % so that gross = B / 2 can fall on a half cent.
    let coop = MINIMAL_COOP.replace("employer_rate = \"25%\"", "employer_rate = \"100%\"");
    let r = pay(
        &coop,
        &[
            ("bob", "name = \"Bob\"\nmodel = \"contractor\"\n"),
            ("carol", "name = \"Carol\"\n"),
            ("dave", "name = \"Dave\"\nwithholding_rate = \"10%\"\n"),
        ],
        "C-1,bob,X,2026-03-02,5,100.05,\nC-2,carol,X,2026-03-02,5,222.32,\nC-3,dave,X,2026-03-02,5,222.36,\n",
        "2026-03",
    );
    // Levy: 100.05 x 10 % = 10.005 -> 10.01 (banker's rounding would give 10.00); budget 90.04.
    assert_eq!(member(&r, "bob")["levies"]["mutual"], "10.01");
    assert_eq!(member(&r, "bob")["budget"], "90.04");
    // Gross: 222.32 - 22.23 (22.232) = 200.09; / 2 = 100.045 -> 100.05; employer 100.04;
    // employee: 100.05 x 10 % = 10.005 -> 10.01; taxable 90.04.
    assert_eq!(
        figures(member(&r, "carol")),
        [
            "200.09", "100.05", "100.04", "10.01", "90.04", "0.00", "90.04", "90.04", "0.00"
        ]
    );
    // Withholding: 222.36 - 22.24 (22.236) = 200.12; gross 100.06; employee 10.006 -> 10.01;
    // taxable 90.05; flat 10 %: 9.005 -> 9.01; net 81.04.
    // Check: 22.24 + 100.06 + 10.01 + 9.01 + 81.04 = 222.36.
    assert_eq!(
        figures(member(&r, "dave")),
        [
            "200.12", "100.06", "100.06", "10.01", "90.05", "9.01", "81.04", "81.04", "0.00"
        ]
    );
}

#[test]
fn violations_refuse_or_warn() {
    let r = run(&fixture("bad/rules"), &["pay", "2026-03"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "\
contracts/2026-03.csv:2: contract R-1: 2 hours is below the minimum contract length of 3 hours
contracts/2026-03.csv:3: contract R-2: hourly gross 14.40 is below the minimum hourly wage 15.00
contracts/2026-03.csv:4: contract R-3: 0 hours is below the minimum contract length of 3 hours
contracts/2026-03.csv:4: contract R-3: 0 hours, so no hourly gross to meet the minimum hourly wage 15.00
contracts/2026-03.csv:7: contract R-6: hourly gross 14.99 is below the minimum hourly wage 15.00
coopbooks: 2026-03 has 5 rule violations; fix the contracts or set violations = \"warn\" under [rules]
"
    );
    // April has no violation: paid (R-5, 83.33: levy 8.33, budget 75.00 = 15.00 x 1.25 x 4).
    let r = run(
        &fixture("bad/rules"),
        &["--format", "json", "pay", "2026-04"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["totals"]["budget"], "75.00");
    // With "warn": listed on stderr, and the report is printed.
    let b = Books::copy_of("bad/rules").append("coop.toml", "violations = \"warn\"\n");
    let r = b.run(&["--format", "json", "pay", "2026-03"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.starts_with(
        "contracts/2026-03.csv:2: warning: contract R-1: 2 hours is below the minimum contract length of 3 hours\n"
    ));
    assert_eq!(r.stderr.lines().count(), 5);
    assert_eq!(
        r.json()["members"][0]["contracts"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn books_with_errors_are_refused() {
    let r = run(&fixture("bad/budget"), &["pay", "2026-03"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "contracts/2026-03.csv:2: contract B-1: budget -5.00 is negative (amount 100.00 - levies 10.00 - expenses 95.00)\n\
         coopbooks: the books have 1 problem; nothing was computed\n"
    );
}

/// `pay 2026-Q1`: each member's three months added up, and the totals, for the quarter's
/// declarations; a range of days is refused.
#[test]
fn a_quarter_is_its_months_added_up() {
    let atelier = fixture("atelier");
    let json = |period: &str| run(&atelier, &["--format", "json", "pay", period]).json();
    let q1 = json("2026-Q1");
    assert_eq!(q1["period"], "2026-Q1");
    // Alice: 1250.00 in January, 1380.00 in February, 3000.00 in March = 5630.00; her
    // withholding 0.00 + 0.00 + 212.03.
    let alice = member(&q1, "alice");
    assert_eq!(
        [&alice["amount"], &alice["withholding"]],
        ["5630.00", "212.03"]
    );
    // Every total is the months' totals added up, to the cent.
    let months = ["2026-01", "2026-02", "2026-03"].map(json);
    let cents = |v: &Value| -> i64 {
        let s = v.as_str().unwrap();
        let (int, frac) = s.trim_start_matches('-').split_once('.').unwrap();
        let c = int.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
        if s.starts_with('-') { -c } else { c }
    };
    for figure in [
        "amount",
        "gross",
        "employer_contributions",
        "employee_contributions",
        "withholding",
        "net",
        "payout",
    ] {
        let sum: i64 = months.iter().map(|m| cents(&m["totals"][figure])).sum();
        assert_eq!(cents(&q1["totals"][figure]), sum, "{figure}");
    }
    assert_eq!(q1["totals"]["amount"], "44330.00");
    // The contracts of the three months are each member's lines: Alice has two a month.
    assert_eq!(alice["contracts"].as_array().unwrap().len(), 6);
    let r = run(&atelier, &["pay", "2026-01-01..2026-02-01"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid value '2026-01-01..2026-02-01' for '<PERIOD>': period \
             \"2026-01-01..2026-02-01\": pay takes a month (2026-03), a quarter (2026-Q1) or a \
             year (2026); pay is worked out a month at a time\n"
        ),
        "{}",
        r.stderr
    );
}
