//! `funds`: hand-computed balances on the atelier books, and small cases of the guarantee
//! fund's advances, repayments and write-offs as fund movements.

mod common;
use common::{Books, MINIMAL_COOP, fixture, run};
use serde_json::{Value, json};

fn fund<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["funds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fund"] == name)
        .unwrap()
}

/// opening, levies, income, costs, transfers_in, transfers_out, advances, repayments,
/// patronage, shares, redemptions, closing.
fn columns(f: &Value) -> Vec<&str> {
    [
        "opening",
        "levies",
        "income",
        "costs",
        "transfers_in",
        "transfers_out",
        "advances",
        "repayments",
        "patronage",
        "shares",
        "redemptions",
        "closing",
    ]
    .iter()
    .map(|k| f[*k].as_str().unwrap())
    .collect()
}

#[test]
fn atelier_first_quarter() {
    let r = run(
        &fixture("atelier"),
        &["--format", "json", "funds", "--period", "2026-Q1"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(
        [&j["from"], &j["to"], &j["currency"]],
        ["2026-01-01", "2026-03-31", "EUR"]
    );
    // Levies are the 40 contracts' levies, rounded per contract: 6.5 % (David 4 %) to operations
    // = 2735.96, 1.5 % to guarantee = 664.96, 0.5 % to community = 221.66.
    // operations: 12000.00 + Hugo's 2025 share 100.00 = 12100.00 at the start of 2026;
    // costs 3 x 800.00 rent + 450.00 + 1200.00 = 4050.00; 1000.00 to the reserve; Greta's
    // shares 250.00 (Alice's share names no fund); Hugo's redemption 100.00; a 3000.00 subsidy;
    // 12100.00 + 2735.96 + 3000.00 - 4050.00 - 1000.00 + 250.00 - 100.00 = 12935.96.
    assert_eq!(
        columns(fund(&j, "operations")),
        [
            "12100.00", "2735.96", "3000.00", "4050.00", "0.00", "1000.00", "0.00", "0.00", "0.00",
            "250.00", "100.00", "12935.96"
        ]
    );
    // guarantee: advances on pay dates to 2026-03-31, amount less payments by the pay date:
    // 1800 + 600 + 420 + 1120 + 2700 (January) + 2400 + 1440 + 210 + 1040 + 1800 + 600 (February)
    // + 2400 + 2100 + 800 + 1680 + 375 + 840 + 1000 (March) = 23325.00;
    // repayments, payments after the pay date: 1800 + 600 + 420 + 400 + 2700 + 2400 + 1440 + 1800 + 2100 = 13660.00;
    // 25000.00 + 664.96 - 23325.00 + 13660.00 = 15999.96.
    assert_eq!(
        columns(fund(&j, "guarantee")),
        [
            "25000.00", "664.96", "0.00", "0.00", "0.00", "0.00", "23325.00", "13660.00", "0.00",
            "0.00", "0.00", "15999.96"
        ]
    );
    // community: 221.66 + the 5000.00 grant - 1500.00 support = 3721.66.
    assert_eq!(
        columns(fund(&j, "community")),
        [
            "0.00", "221.66", "5000.00", "1500.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00",
            "0.00", "3721.66"
        ]
    );
    assert_eq!(
        columns(fund(&j, "reserve")),
        [
            "0.00", "0.00", "0.00", "0.00", "1000.00", "0.00", "0.00", "0.00", "0.00", "0.00",
            "0.00", "1000.00"
        ]
    );
    // Totals: 37100.00 opening -> 12935.96 + 15999.96 + 3721.66 + 1000.00 = 33657.58.
    assert_eq!(j["totals"]["closing"], "33657.58");
    assert_eq!(j["totals"]["opening"], "37100.00");
}

#[test]
fn atelier_february() {
    let j = run(
        &fixture("atelier"),
        &["--format", "json", "funds", "--period", "2026-02"],
    )
    .json();
    // Openings carry January: operations 12100.00 + 812.08 levies - 800 - 450 - 1200 = 10462.08;
    // guarantee 25000.00 + 194.33 - advances 1800 + 600 + 420 = 22374.33; community 64.78.
    // February guarantee: advances (pay dates in February) 1120 + 2700 + 2400 + 1440 + 210 = 7870.00;
    // repayments 1800 (02-10) + 420 (02-02) + 400 (02-05) + 2700 (02-20) = 5320.00;
    // 22374.33 + 209.10 - 7870.00 + 5320.00 = 20033.43.
    assert_eq!(
        columns(fund(&j, "guarantee")),
        [
            "22374.33", "209.10", "0.00", "0.00", "0.00", "0.00", "7870.00", "5320.00", "0.00",
            "0.00", "0.00", "20033.43"
        ]
    );
    // 10462.08 + 855.10 - 800.00 rent + 250.00 shares = 10767.18.
    assert_eq!(
        columns(fund(&j, "operations")),
        [
            "10462.08", "855.10", "0.00", "800.00", "0.00", "0.00", "0.00", "0.00", "0.00",
            "250.00", "0.00", "10767.18"
        ]
    );
    // 64.78 + 69.70 + 5000.00 = 5134.48.
    assert_eq!(fund(&j, "community")["closing"], "5134.48");
}

#[test]
fn funds_table_and_csv() {
    let r = run(&fixture("atelier"), &["funds", "--period", "2026-Q1"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Funds from 2026-01-01 to 2026-03-31 - Atelier Commun (EUR)"
    );
    // In: levies 664.96 + repayments 13660.00 = 14324.96; out: advances 23325.00;
    // 25000.00 + 14324.96 - 23325.00 = 15999.96.
    assert_eq!(
        lines[1..3],
        [
            "fund         opening        in       out   closing",
            "──────────────────────────────────────────────────"
        ]
    );
    assert!(
        r.stdout
            .contains("\nguarantee   25000.00  14324.96  23325.00  15999.96\n")
    );
    // With --wide, every kind of movement apart.
    let r = run(
        &fixture("atelier"),
        &["--wide", "funds", "--period", "2026-Q1"],
    );
    assert!(r.stdout.contains(
        "\nguarantee   25000.00   664.96     0.00     0.00          0.00           0.00  23325.00    13660.00       0.00    0.00         0.00  15999.96\n"
    ), "{}", r.stdout);
    let r = run(
        &fixture("atelier"),
        &["--format", "csv", "funds", "--period", "2026-Q1"],
    );
    assert_eq!(
        r.stdout.lines().next().unwrap(),
        "fund,opening,levies,income,costs,transfers_in,transfers_out,advances,repayments,patronage,shares,redemptions,closing"
    );
    assert!(
        r.stdout.contains(
            "reserve,0.00,0.00,0.00,0.00,1000.00,0.00,0.00,0.00,0.00,0.00,0.00,1000.00\n"
        )
    );
    // Default period: the year of the latest dated row (a payment of 2026-04-15).
    let j = run(&fixture("atelier"), &["--format", "json", "funds"]).json();
    assert_eq!([&j["from"], &j["to"]], ["2026-01-01", "2026-12-31"]);
}

/// Minimal books with a guarantee fund and one member; contracts and payments as given.
fn small(contracts: &str, payments: &str) -> Books {
    let coop = MINIMAL_COOP.replace(
        "[funds.operations]",
        "guarantee_fund = \"guarantee\"\n\n[funds.guarantee]\nopening = \"1000.00\"\n[funds.reserve]\nopening = \"0.00\"\n[funds.operations]",
    );
    Books::empty()
        .file("coop.toml", &coop)
        .file("members/ann.toml", "name = \"Ann\"\n")
        .file(
            "contracts/c.csv",
            &format!("id,member,client,date,hours,amount\n{contracts}"),
        )
        .file(
            "payments/p.csv",
            &format!("contract,date,amount,kind\n{payments}"),
        )
}

fn guarantee(b: &Books, at: &str) -> Value {
    let r = b.run(&["--format", "json", "guarantee", "--at", at]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

fn funds(b: &Books, period: &str) -> Value {
    let r = b.run(&["--format", "json", "funds", "--period", period]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn payment_before_the_pay_date_means_no_advance() {
    // Thursday 2026-03-05, pay date Monday 2026-03-16; paid in full on 03-10.
    let b = small(
        "C-1,ann,X,2026-03-05,4,500.00\n",
        "C-1,2026-03-10,500.00,payment\n",
    );
    let g = funds(&b, "2026-03");
    // Guarantee: opening 1000.00, no levy (the levy goes to operations), no advance.
    assert_eq!(
        columns(fund(&g, "guarantee")),
        [
            "1000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00",
            "0.00", "1000.00"
        ]
    );
    assert_eq!(guarantee(&b, "2026-03-31")["contracts"], json!([]));
}

#[test]
fn partial_payment_then_the_rest_late() {
    // 500.00: 200.00 paid on 03-10 (before the 03-16 pay date), 300.00 on 04-20.
    let b = small(
        "C-1,ann,X,2026-03-05,4,500.00\n",
        "C-1,2026-03-10,200.00,payment\nC-1,2026-04-20,300.00,payment\n",
    );
    // March: advance 500.00 - 200.00 = 300.00 on 03-16: 1000.00 - 300.00 = 700.00.
    assert_eq!(
        fund(&funds(&b, "2026-03"), "guarantee")["advances"],
        "300.00"
    );
    assert_eq!(
        fund(&funds(&b, "2026-03"), "guarantee")["closing"],
        "700.00"
    );
    // April: repayment 300.00: 700.00 + 300.00 = 1000.00.
    assert_eq!(
        columns(fund(&funds(&b, "2026-04"), "guarantee")),
        [
            "700.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "300.00", "0.00", "0.00",
            "0.00", "1000.00"
        ]
    );
    // On 04-15: 300.00 outstanding, 30 days after the pay date; coverage 700.00 / 300.00 = 2.333 -> 2.33.
    let g = guarantee(&b, "2026-04-15");
    assert_eq!(
        [&g["balance"], &g["outstanding"], &g["coverage"]],
        ["700.00", "300.00", "2.33"]
    );
    assert_eq!(
        [
            g["contracts"][0]["advanced"].clone(),
            g["contracts"][0]["days_overdue"].clone()
        ],
        [json!("300.00"), json!(30)]
    );
    assert_eq!(g["aging"]["0-30"], "300.00");
    // On 04-20 it is repaid: nothing outstanding, coverage n/a (null).
    let g = guarantee(&b, "2026-04-20");
    assert_eq!(
        [g["outstanding"].clone(), g["coverage"].clone()],
        [json!("0.00"), Value::Null]
    );
    let r = b.run(&["guarantee", "--at", "2026-04-20"]);
    assert!(
        r.stdout.contains("  coverage             n/a\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("No advance is outstanding.\n"));
}

#[test]
fn write_off_after_the_pay_date() {
    // 500.00 never paid; written off on 05-29. The fund fronted 500.00 on 03-16 and does not
    // move on the write-off; outstanding drops to 0 and the loss shows as written off.
    let b = small(
        "C-1,ann,X,2026-03-05,4,500.00\n",
        "C-1,2026-05-29,500.00,writeoff\n",
    );
    let g = guarantee(&b, "2026-05-28");
    // 2026-03-16 to 2026-05-28 is 73 days: 61-90.
    assert_eq!(
        [&g["balance"], &g["outstanding"], &g["written_off"]],
        ["500.00", "500.00", "0.00"]
    );
    assert_eq!(g["aging"]["61-90"], "500.00");
    let g = guarantee(&b, "2026-05-29");
    assert_eq!(
        [&g["balance"], &g["outstanding"], &g["written_off"]],
        ["500.00", "0.00", "500.00"]
    );
    assert_eq!(
        columns(fund(&funds(&b, "2026-05"), "guarantee")),
        [
            "500.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00",
            "0.00", "500.00"
        ]
    );
}

#[test]
fn pay_date_in_the_next_period() {
    // Tuesday 2026-03-31: the levy is March's, the advance (pay date 2026-04-09) April's.
    let b = small("C-1,ann,X,2026-03-31,4,500.00\n", "");
    let march = funds(&b, "2026-03");
    assert_eq!(fund(&march, "operations")["levies"], "50.00");
    assert_eq!(fund(&march, "guarantee")["advances"], "0.00");
    assert_eq!(
        fund(&funds(&b, "2026-04"), "guarantee")["advances"],
        "500.00"
    );
    assert_eq!(guarantee(&b, "2026-04-08")["outstanding"], "0.00");
    assert_eq!(guarantee(&b, "2026-04-09")["outstanding"], "500.00");
}

#[test]
fn transfers_and_shares() {
    let b = small("", "").file(
        "ledger/l.csv",
        "date,kind,amount,fund,to,member\n\
         2026-02-01,transfer,250.00,guarantee,reserve,\n\
         2026-02-02,share,100.00,operations,,ann\n\
         2026-02-03,share,50.00,,,ann\n\
         2026-02-04,redeem,120.00,operations,,ann\n",
    );
    let j = funds(&b, "2026");
    // guarantee 1000.00 - 250.00 = 750.00; reserve + 250.00.
    assert_eq!(fund(&j, "guarantee")["transfers_out"], "250.00");
    assert_eq!(fund(&j, "guarantee")["closing"], "750.00");
    assert_eq!(fund(&j, "reserve")["transfers_in"], "250.00");
    // operations: + 100.00 share with a fund; the 50.00 share without one moves no fund;
    // - 120.00 redemption (Ann's capital is 150.00): 0 + 100 - 120 = -20.00.
    assert_eq!(
        columns(fund(&j, "operations")),
        [
            "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "100.00",
            "120.00", "-20.00"
        ]
    );
    // Total of all funds moves only by the share and the redemption: 1000 + 100 - 120 = 980.00.
    assert_eq!(j["totals"]["closing"], "980.00");
}

#[test]
fn redemption_larger_than_capital_is_a_problem() {
    let b = small("", "").file(
        "ledger/l.csv",
        "date,kind,amount,fund,to,member\n\
         2026-02-02,share,100.00,operations,,ann\n\
         2026-02-04,redeem,120.00,operations,,ann\n\
         2026-02-05,share,100.00,operations,,ann\n",
    );
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1);
    // The redemption also takes the fund 20.00 below zero: a warning.
    assert_eq!(
        r.stdout,
        "coop.toml:11: warning: [funds.operations]: the fund is below zero from 2026-02-04 (by \
         20.00) and at its lowest -20.00 on 2026-02-04; `coopbooks funds --period` shows its \
         movements, and a minimum under [funds.operations] makes this an error\n\
         ledger/l.csv:3: member \"ann\": redeems 120.00 but has 100.00 of capital on 2026-02-04\n\
         The books have 2 problems: 1 error, 1 warning.\n"
    );
}
