//! `patronage`: the atelier's year by hand, and small cases of the basis, membership and surplus.

mod common;
use common::{Books, fixture, member, run};
use serde_json::{Value, json};

#[test]
fn atelier_patronage() {
    let r = run(
        &fixture("atelier"),
        &["--format", "json", "patronage", "2026"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    // Surplus of operations in 2026: levies 2731.96 (2735.96 of the invoices, less the 4.00
    // of David's own 4 % mutual levy that the April credit note C-2026-041 takes back) +
    // income 3000.00 - costs 4050.00 = 1681.96 (the 1000.00 transfer to the reserve does not
    // count). Set-asides: 1681.96 x 30 % = 504.588 -> 504.59; x 10 % = 168.196 -> 168.20.
    // Distributable: 1681.96 - 504.59 - 168.20 = 1009.17.
    assert_eq!(
        [&j["year"], &j["surplus"], &j["distributable"]],
        ["2026", "1681.96", "1009.17"]
    );
    assert_eq!(j["closed"], false);
    assert_eq!(
        j["set_asides"],
        json!([{"fund": "reserve", "rate": "0.30", "amount": "504.59"},
               {"fund": "community", "rate": "0.10", "amount": "168.20"}])
    );
    // Eligible: members while members. Emma and Farid are users; Greta's January contract
    // (before she joined on 02-01) does not count: 18 + 16 = 34 h; Hugo's two contracts before
    // he left on 02-28 count; David's credit note takes 100.00 off his turnover and 94.00 off
    // his budget. Totals: 453 hours, 35248.61 budget.
    // score = 50 % x hours / 453 + 50 % x budget / 35248.61; exact shares of 1009.17:
    //   alice 130.2018, bruno 206.3487, chloe 98.6917, david 129.2674,
    //   greta 68.4730, hugo 94.1329, ines 189.3665, zoe 92.6881.
    // Floors sum to 1009.13; the 4 cents left go to the largest remainders: bruno (.87),
    // zoe (.81), david (.74), ines (.65). Cash is 20 % rounded up: alice 130.20 x 0.2 = 26.04.
    let expected = [
        (
            "alice", "53", "5630.00", "4971.45", "130.20", "26.04", "104.16",
        ),
        (
            "bruno", "98", "7420.00", "6789.30", "206.35", "41.27", "165.08",
        ),
        (
            "chloe", "45", "3830.00", "3392.75", "98.69", "19.74", "78.95",
        ),
        (
            "david", "51", "5720.00", "5061.80", "129.27", "25.86", "103.41",
        ),
        (
            "greta", "34", "2380.00", "2137.70", "68.47", "13.70", "54.77",
        ),
        (
            "hugo", "44", "3740.00", "3152.10", "94.13", "18.83", "75.30",
        ),
        (
            "ines", "83", "7470.00", "6770.15", "189.37", "37.88", "151.49",
        ),
        ("zoe", "45", "3375.00", "2973.36", "92.69", "18.54", "74.15"),
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
        json!({"allocation": "1009.17", "cash": "201.86", "retained": "807.31"})
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
            // Both work as users outside their membership, which their files say.
            (
                "dan",
                "name = \"Dan\"\njoined = \"2026-06-01\"\nworks_as_user = true\n",
            ),
            (
                "eve",
                "name = \"Eve\"\njoined = \"2020-01-01\"\nleft = \"2026-05-31\"\n\
                 works_as_user = true\n",
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
    // The year's result: 100.00 invoiced + 100.00 income − 90.00 of pay (the budget, 100.00
    // less the 10 % levy to `shared`) − 150.00 of costs = −40.00; into operations 100.00 −
    // 150.00 = −50.00 (its surplus), into shared the levy, 10.00.
    assert_eq!(
        j["result"],
        json!({"revenue": "100.00", "other_income": "100.00", "pay": "90.00", "costs": "150.00",
            "bad_debts": "0.00", "result": "-40.00",
            "funds": [{"fund": "operations", "amount": "-50.00"}, {"fund": "shared", "amount": "10.00"}],
            "budgets_less_pay": "0.00", "unborne_bad_debts": "0.00"})
    );
    let r = b.run(&["patronage", "2026"]);
    assert_eq!(
        r.stdout,
        "Patronage 2026 - P (EUR) - provisional: the year is not closed
  revenue (invoiced, without VAT)        100.00
  other income                           100.00
  members' pay                           -90.00
  costs                                 -150.00
  bad debts                                0.00
  result                                 -40.00
    into operations                      -50.00
    into shared                           10.00

  surplus of operations                  -50.00
  distributable                            0.00
Nothing is allocated: the surplus of operations is -50.00: nothing is set aside or allocated.
"
    );
}
