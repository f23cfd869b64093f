//! `guarantee`: the guarantee fund's balance, exposure and aging, by hand on the atelier books.

mod common;
use common::{fixture, run};
use serde_json::json;

#[test]
fn guarantee_before_and_after_a_late_payment() {
    // 2026-04-09, before Hugo's client pays the last 1040.00 of C-2026-020 (1258.40 with its
    // VAT) on 2026-04-10. Balance: 15999.96 at 03-31, - April advances 480 + 720 + 650 + 1050
    // + 720 (pay dates 04-01..04-09) + 1680.00 repaid for C-2026-028 on 04-02 (its amount's
    // share of 2032.80) + 100.00 repaid by the credit note C-2026-041 on 04-07 (it takes 100.00
    // off C-2026-024, which the fund fronted) - that credit note's guarantee levy -1.50 =
    // 14158.46. Outstanding: 8945.00 at 03-31 - 1680.00 + 3620.00 - 100.00 = 10785.00;
    // coverage 14158.46 / 10785.00 = 1.3128 -> 1.31. Aging: C-2026-018 (pay date 02-27, 41
    // days, 210.00) and C-2026-020 (03-03, 37 days, 1040.00) are 31-60; C-2026-024 (03-10, 30
    // days) is 500.00 of the 0-30.
    let j = run(
        &fixture("atelier"),
        &["--format", "json", "guarantee", "--at", "2026-04-09"],
    )
    .json();
    assert_eq!(
        [
            &j["at"],
            &j["fund"],
            &j["balance"],
            &j["outstanding"],
            &j["written_off"],
            &j["coverage"]
        ],
        [
            "2026-04-09",
            "guarantee",
            "14158.46",
            "10785.00",
            "720.00",
            "1.31"
        ]
    );
    assert_eq!(
        j["aging"],
        json!({"0-30": "9535.00", "31-60": "1250.00", "61-90": "0.00", "90+": "0.00"})
    );
    assert_eq!(
        j["contracts"][1],
        json!({"id": "C-2026-020", "member": "hugo", "client": "Théâtre National", "pay_date": "2026-03-03",
               "advanced": "1040.00", "repaid": "0.00", "written_off": "0.00", "outstanding": "1040.00", "days_overdue": 37})
    );
    assert_eq!(j["contracts"].as_array().unwrap().len(), 13);
    // 2026-04-10: + 1040.00 repaid - 900.00 advanced for C-2026-040 = 14298.46; outstanding
    // 10785.00 - 1040.00 + 900.00 = 10645.00; coverage 1.3432 -> 1.34; C-2026-024 (pay date
    // 03-10) turns 31 days: 31-60 = 210.00 + 500.00.
    let j = run(
        &fixture("atelier"),
        &["--format", "json", "guarantee", "--at", "2026-04-10"],
    )
    .json();
    assert_eq!(
        [
            &j["balance"],
            &j["outstanding"],
            &j["written_off"],
            &j["coverage"]
        ],
        ["14298.46", "10645.00", "720.00", "1.34"]
    );
    assert_eq!(
        j["aging"],
        json!({"0-30": "9935.00", "31-60": "710.00", "61-90": "0.00", "90+": "0.00"})
    );
    assert!(
        j["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != "C-2026-020")
    );
}

#[test]
fn guarantee_table() {
    let r = run(&fixture("atelier"), &["guarantee", "--at", "2026-04-10"]);
    let head: Vec<&str> = r.stdout.lines().take(7).collect();
    // What clients owe, VAT included: 9825.25 at the end of April (the balance sheet's
    // receivables), and C-2026-034's 2400.00 paid on 2026-04-15 was still owed on the 10th.
    assert_eq!(
        head,
        [
            "Guarantee fund \"guarantee\" at 2026-04-10 (EUR)",
            "  balance         14298.46",
            "  outstanding     10645.00",
            "  written off       720.00",
            "  clients owe     12225.25",
            "  coverage            1.34",
            "  aging       0-30 days 9935.00, 31-60 days 710.00, 61-90 days 0.00, 90+ days 0.00",
        ]
    );
}
