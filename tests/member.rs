//! `member ID [--period P]`: one member's statement.

mod common;
use common::{fixture, run};

#[test]
fn alice_first_quarter() {
    let r = run(
        &fixture("atelier"),
        &["--format", "json", "member", "alice", "--period", "2026-Q1"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = r.json();
    assert_eq!(s["member"], "alice");
    assert_eq!(s["iban"], "**** **** **** 6769");
    assert_eq!(s["joined"], "2024-02-01");
    assert_eq!([&s["from"], &s["to"]], ["2026-01-01", "2026-03-31"]);
    let months: Vec<(&str, &str, &str)> = s["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["gross"].as_str().unwrap(),
                m["payout"].as_str().unwrap(),
            )
        })
        .collect();
    // January: C-2026-001 800.00 - 68.00 levies - 60.00 = 672.00; C-2026-011 450.00 - 38.25 = 411.75;
    // B 1083.75; gross round(1083.75 / 1.27 = 853.346..) = 853.35; employee round(111.5328) = 111.53;
    // taxable 741.82 (below 1000: no withholding); payout 741.82 + 60.00 = 801.82.
    // February: C-2026-013 1000.00 - 85.00 - 75.00 = 840.00; C-2026-023 380.00 - 32.30 = 347.70;
    // B 1187.70; gross round(935.196..) = 935.20; employee round(122.230640) = 122.23;
    // taxable 812.97; payout 812.97 + 75.00 = 887.97.
    // March: the worked example.
    assert_eq!(
        months,
        [
            ("2026-01", "853.35", "801.82"),
            ("2026-02", "935.20", "887.97"),
            ("2026-03", "2125.98", "1681.08")
        ]
    );
    // Totals are the sums of the months: 853.35 + 935.20 + 2125.98 = 3914.53.
    assert_eq!(s["totals"]["gross"], "3914.53");
    assert_eq!(s["totals"]["payout"], "3370.87");
    // Contracts with what the client paid: C-2026-034's 2400.00 arrived 2026-04-15.
    let c = &s["contracts"];
    assert_eq!(c.as_array().unwrap().len(), 6);
    assert_eq!(
        [&c[5]["id"], &c[5]["paid"], &c[5]["open"]],
        ["C-2026-034", "2400.00", "0.00"]
    );
}

#[test]
fn write_offs_and_open_amounts() {
    // Farid: C-2026-007 1120.00 + 21 % VAT = 1355.20, paid 484.00 (400.00 of the amount),
    // written off 871.20 (720.00); C-2026-018 210.00 + 44.10 unpaid.
    let s = run(
        &fixture("atelier"),
        &[
            "--format",
            "json",
            "member",
            "farid",
            "--period",
            "2026-01-10..2026-02-20",
        ],
    )
    .json();
    let c = &s["contracts"];
    assert_eq!(
        [&c[0]["paid"], &c[0]["written_off"], &c[0]["open"]],
        ["484.00", "871.20", "0.00"]
    );
    assert_eq!(
        [&c[1]["paid"], &c[1]["written_off"], &c[1]["open"]],
        ["0.00", "0.00", "254.10"]
    );
    assert_eq!(s["joined"], serde_json::Value::Null);
}

#[test]
fn table_statement() {
    let r = run(
        &fixture("atelier"),
        &["member", "alice", "--period", "2026-03"],
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Alice Martin (alice) - 2026-03-01 to 2026-03-31 - EUR"
    );
    assert_eq!(lines[1], "  email: alice@example.org");
    assert_eq!(lines[2], "  iban: **** **** **** 6769");
    // Contributions 574.02 + 277.87 = 851.89.
    assert!(
        r.stdout.contains(
            "\n2026-03  3000.00  255.00  2125.98         851.89       212.03  1636.08  1681.08\n"
        ),
        "{}",
        r.stdout
    );
    let r = run(
        &fixture("atelier"),
        &["--wide", "member", "alice", "--period", "2026-03"],
    );
    assert!(r.stdout.contains(
        "\n2026-03          2     26  3000.00  255.00     45.00  2700.00  2125.98             574.02             277.87       212.03  1636.08  1681.08\n"
    ), "{}", r.stdout);
    // A user, not a member-shareholder, is said to be one.
    let r = run(&fixture("atelier"), &["member", "emma"]);
    assert!(
        r.stdout
            .contains("  (a user of the co-op, not a member-shareholder)\n")
    );
    // Default period: the year of the latest contract.
    assert!(
        r.stdout
            .starts_with("Emma Janssens (emma) - 2026-01-01 to 2026-12-31 - EUR\n")
    );
}

#[test]
fn no_contracts_in_period() {
    let r = run(
        &fixture("atelier"),
        &["member", "hugo", "--period", "2026-03"],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.ends_with(
            "No contracts in this period.\n\nNo guarantee advance open at 2026-04-15.\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn unknown_member_and_bad_period_are_usage_errors() {
    let r = run(&fixture("atelier"), &["member", "nobody"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "coopbooks: no member \"nobody\" (no members/nobody.toml)\n"
    );
    // A slip of the keyboard: the nearest id is suggested (two letters swapped, one missing).
    for typo in ["alcie", "brno"] {
        let r = run(&fixture("atelier"), &["member", typo]);
        let near = if typo == "alcie" { "alice" } else { "bruno" };
        assert_eq!(
            (r.code, r.stderr),
            (
                2,
                format!(
                    "coopbooks: no member \"{typo}\" (no members/{typo}.toml); did you mean \"{near}\"?\n"
                )
            )
        );
    }
    let r = run(&fixture("atelier"), &["member", "alice", "--period", "Q1"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: invalid value 'Q1' for '--period <P>': expected a month (2026-03), a quarter (2026-Q1), a year (2026) or a range (2026-01-15..2026-02-14)\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn member_statement_shows_open_advances() {
    let j = run(
        &fixture("atelier"),
        &["--format", "json", "member", "david"],
    )
    .json();
    // At the latest dated row, 2026-04-15: C-2026-024 (600.00, pay date 03-10, 36 days, less
    // the 100.00 its credit note C-2026-041 took off on 04-07) and C-2026-040 (900.00, pay
    // date 04-10, 5 days) are unpaid.
    assert_eq!(j["advances_at"], "2026-04-15");
    let open: Vec<(&str, &str, i64)> = j["advances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["outstanding"].as_str().unwrap(),
                a["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        open,
        [("C-2026-024", "500.00", 36), ("C-2026-040", "900.00", 5)]
    );
}
