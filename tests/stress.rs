//! `guarantee --stress`: the fund's path week by week in each scenario, by hand; the
//! Monte-Carlo percentiles against the closed form of one client with a known rate, and the
//! same result for the same seed.

mod common;
use common::{Books, fixture, run};

/// A co-op whose guarantee fund takes 2 % of every contract, opening at `opening`.
fn coop(opening: &str) -> String {
    format!(
        "name = \"Stress\"\ncurrency = \"EUR\"\npay_within_working_days = 7\n\
         guarantee_fund = \"guarantee\"\n[funds.guarantee]\nopening = \"{opening}\"\n\
         [[levies]]\nname = \"guarantee\"\nrate = \"2%\"\nfund = \"guarantee\"\n\
         [payroll]\nmodel = \"contractor\"\n"
    )
}

#[test]
fn the_two_largest_clients_default_on_the_example_books() {
    let books = fixture("atelier");
    let r = run(
        &books,
        &[
            "guarantee",
            "--stress",
            "--runs",
            "0",
            "--scenario",
            "largest:2",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // On 2026-04-15 the fund holds 16698.46 and has fronted all 12 open invoices (8245.00).
    // The two clients most owed never pay: Ville de Namur 2200.00 (500.00 + 800.00 + 900.00)
    // and Théâtre National 1700.00 (650.00 + 1050.00), 3900.00. Every other client's expected
    // day (its invoice's date and its average delay) has passed, so each pays the day after:
    // 8245.00 - 3900.00 = 4345.00 back in the first week, 16698.46 + 4345.00 = 21043.46 to the
    // end. The lowest is today's balance; coverage 21043.46 / 3900.00 = 5.3957 -> 5.40.
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("largest:2"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "largest:2",
            "16698.46",
            "2026-04-15",
            "-",
            "21043.46",
            "3900.00",
            "5.40",
            "-"
        ]
    );
    let j = run(
        &books,
        &[
            "--format",
            "json",
            "guarantee",
            "--stress",
            "--runs",
            "0",
            "--scenario",
            "largest:2",
        ],
    )
    .json();
    let s = &j["scenarios"][0];
    assert_eq!(s["path"].as_array().unwrap().len(), 27);
    assert_eq!(
        s["path"][1],
        serde_json::json!({"date": "2026-04-22", "balance": "21043.46"})
    );
    assert_eq!(s["path"][26]["date"], "2026-10-14");
    assert_eq!(j["clients"][0]["client"], "Ville de Namur");
    assert_eq!(j["clients"][0]["open"], "2200.00");
    assert_eq!(j["clients"][1]["open"], "1700.00");
}

#[test]
fn a_fund_that_runs_out_says_when_and_the_levy_it_needed() {
    // One contract of 1000.00 on Monday 2 March, paid 7 working days later (11 March). On
    // 5 March the fund holds 100.00 + 2 % of 1000.00 = 120.00. No payment yet anywhere: the
    // client is expected after 30 days (1 April), so the fund fronts 1000.00 on 11 March
    // (week 1, to 12 March: -880.00) and is repaid on 1 April (week 4, to 2 April: 120.00).
    let books = Books::empty()
        .file("coop.toml", &coop("100.00"))
        .file("members/m.toml", "name = \"M\"\n")
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount\nC-1,m,Big,2026-03-02,10,1000.00\n",
        );
    let j = books
        .run(&[
            "--format",
            "json",
            "guarantee",
            "--stress",
            "--at",
            "2026-03-05",
            "--weeks",
            "6",
            "--runs",
            "0",
            "--scenario",
            "expected",
            "--scenario",
            "largest:1",
        ])
        .json();
    let path = |s: usize| -> Vec<String> {
        (j["scenarios"][s]["path"].as_array().unwrap().iter())
            .map(|p| {
                format!(
                    "{} {}",
                    p["date"].as_str().unwrap(),
                    p["balance"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        path(0),
        [
            "2026-03-05 120.00",
            "2026-03-12 -880.00",
            "2026-03-19 -880.00",
            "2026-03-26 -880.00",
            "2026-04-02 120.00",
            "2026-04-09 120.00",
            "2026-04-16 120.00"
        ]
    );
    let expected = &j["scenarios"][0];
    assert_eq!(expected["lowest"], "-880.00");
    assert_eq!(expected["lowest_on"], "2026-03-12");
    assert_eq!(expected["runs_out"], "2026-03-12");
    // Had the levy been (20.00 + 880.00) / 1000.00 = 90.00 % of what was invoiced, the fund
    // would have stayed at zero at its lowest.
    assert_eq!(expected["levy_needed"], "90.00%");
    assert_eq!(j["levy_rate"], "2.00%");
    // The client never pays: -880.00 to the end, 1000.00 fronted and owed, coverage -0.88.
    let never = &j["scenarios"][1];
    assert_eq!(
        (
            never["end"].as_str(),
            never["outstanding"].as_str(),
            never["coverage"].as_str()
        ),
        (Some("-880.00"), Some("1000.00"), Some("-0.88"))
    );
}

/// One client whose history gives it a default rate of exactly 10 %: 800.00 paid 5 days after
/// its invoice, 200.00 written off, and 1000.00 open — 200.00 / 2000.00 invoiced.
fn one_risky_client() -> Books {
    Books::empty()
        .file("coop.toml", &coop("500.00"))
        .file("members/m.toml", "name = \"M\"\n")
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount\n\
             H-1,m,Risky,2026-01-05,10,800.00\nH-2,m,Risky,2026-01-06,10,200.00\n\
             O-1,m,Risky,2026-03-02,10,1000.00\n",
        )
        .file(
            "payments/2026.csv",
            "contract,date,amount,kind\nH-1,2026-01-10,800.00,payment\n\
             H-2,2026-02-01,200.00,writeoff\n",
        )
}

#[test]
fn monte_carlo_percentiles_match_the_closed_form_of_one_client() {
    // On 5 March the fund holds 500.00 + 2 % of 2000.00 - the 200.00 it fronted for H-2 and
    // never got back = 340.00. O-1 is expected on 7 March (5 days after it), before its pay
    // date (11 March): paid, the fund never moves; in default (probability 0.10), it fronts
    // 1000.00 on 11 March: -660.00. The lowest balance is 340.00 in 9 runs of 10 and -660.00
    // in 1: its median is 340.00; the balances it stays above 95 and 99 times in 100 are
    // -660.00. The runs that run out are Binomial(10000, 0.1): 1000, sd 30.
    let books = one_risky_client();
    let args = |seed: &str| {
        [
            "--format",
            "json",
            "guarantee",
            "--stress",
            "--at",
            "2026-03-05",
            "--runs",
            "10000",
            "--seed",
            seed,
            "--scenario",
            "expected",
        ]
        .map(String::from)
    };
    let go = |seed: &str| {
        let a = args(seed);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        books.run(&a)
    };
    let first = go("1");
    let j = first.json();
    assert_eq!(j["clients"][0]["default_rate"], "10.00%");
    assert_eq!(j["balance"], "340.00");
    let mc = &j["monte_carlo"];
    assert_eq!(
        (mc["p50"].as_str(), mc["p95"].as_str(), mc["p99"].as_str()),
        (Some("340.00"), Some("-660.00"), Some("-660.00"))
    );
    let ran_out = mc["ran_out"].as_u64().unwrap();
    assert!((900..=1100).contains(&ran_out), "{ran_out}");
    // The same seed, the same bytes; another seed, other draws.
    assert_eq!(go("1").stdout, first.stdout);
    let other = go("2").json();
    assert_ne!(other["monte_carlo"]["ran_out"], mc["ran_out"]);
}

#[test]
fn stress_options_are_checked() {
    let books = fixture("atelier");
    let r = run(&books, &["guarantee", "--stress", "--scenario", "largest"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "scenario \"largest\": expected expected, largest:N, unpaid:RATE (such as \
             unpaid:10%) or late:DAYS"
        ),
        "{}",
        r.stderr
    );
    let r = run(&books, &["guarantee", "--weeks", "4"]);
    assert_eq!(r.code, 2, "--weeks without --stress");
    // Books without a guarantee fund have none to stress.
    let b = Books::minimal(&["m"]);
    let r = b.run(&["guarantee", "--stress"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: coop.toml names no guarantee_fund: there is no fund to stress\n"
        )
    );
}
