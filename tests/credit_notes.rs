//! Credit notes: a contract row with a negative amount that `corrects` an invoice. Its levies
//! and budget are negative in its own month; a member's month below zero pays nothing and
//! carries the shortfall on; the client owes less, and is owed a refund if it had paid; a
//! fronted invoice's advance is repaid. Every figure is worked out by hand in the comments.

mod common;
use common::Books;

/// `Books::with_vat` (C-1 acme 600.00 + 126.00 paid; C-2 eu 1000.00 unpaid, fronted; C-3
/// acme 333.33 + 20.00, half paid), Ann salaried (employer 25 %, employee 10 %), a 10 %
/// levy, with acme's IBAN, and `rows` in April.
fn books(rows: &str) -> Books {
    Books::with_vat()
        .file(
            "clients/acme.toml",
            "name = \"Acme SA\"\niban = \"BE62510007547061\"\n",
        )
        .file(
            "members/ann.toml",
            "name = \"Ann\"\niban = \"BE71096123456769\"\n",
        )
        .file(
            "contracts/2026-04.csv",
            &format!("id,member,client,date,hours,amount,corrects\n{rows}"),
        )
}

/// CN-1 takes 100.00 off C-1 in April. April: amount −100.00, levy 10 % = −10.00, budget
/// −90.00: nothing is paid and −90.00 is left. May: C-4 50.00, levy 5.00, budget 45.00; with
/// the −90.00 brought, −45.00: still nothing paid, −45.00 left (from April still). June: C-5
/// 200.00, levy 20.00, budget 180.00; less 45.00 brought: 135.00, so gross 135.00 ÷ 1.25 =
/// 108.00, employer 27.00, employee 10 % = 10.80, net 97.20.
#[test]
fn a_shortfall_is_carried_until_settled() {
    let books = books("CN-1,ann,acme,2026-04-02,0,-100.00,C-1\n")
        .file(
            "contracts/2026-05.csv",
            "id,member,client,date,hours,amount\nC-4,ann,acme,2026-05-04,5,50.00\n",
        )
        .file(
            "contracts/2026-06.csv",
            "id,member,client,date,hours,amount\nC-5,ann,acme,2026-06-01,5,200.00\n",
        );
    let pay = |month: &str| books.run(&["--format", "json", "pay", month]).json();
    let april = pay("2026-04");
    let ann = &april["members"][0];
    assert_eq!(
        (&ann["amount"], &ann["levies"]["mutual"], &ann["budget"]),
        (&"-100.00".into(), &"-10.00".into(), &"-90.00".into())
    );
    assert_eq!(
        (&ann["gross"], &ann["net"], &ann["payout"]),
        (&"0.00".into(), &"0.00".into(), &"0.00".into())
    );
    assert_eq!(
        ann["carried"],
        serde_json::json!({"from": null, "brought": "0.00", "left": "-90.00"})
    );
    let may = pay("2026-05");
    assert_eq!(
        may["members"][0]["carried"],
        serde_json::json!({"from": "2026-04", "brought": "-90.00", "left": "-45.00"})
    );
    assert_eq!(may["members"][0]["payout"], "0.00");
    let june = pay("2026-06");
    let ann = &june["members"][0];
    assert_eq!(
        ann["carried"],
        serde_json::json!({"from": "2026-04", "brought": "-45.00", "left": "0.00"})
    );
    let figures: Vec<&str> = [
        "budget",
        "gross",
        "employer_contributions",
        "employee_contributions",
        "net",
    ]
    .iter()
    .map(|k| ann[k].as_str().unwrap())
    .collect();
    assert_eq!(figures, ["180.00", "108.00", "27.00", "10.80", "97.20"]);

    let r = books.run(&["pay", "2026-05"]);
    assert!(
        r.stdout.ends_with("ann: -90.00 carried from 2026-04\nann: -45.00 left to be carried to later months (nothing negative is paid)\n"),
        "{}",
        r.stdout
    );
    // The CSV has the carry in three more columns, in a month that has one.
    let csv = books.run(&["--format", "csv", "pay", "2026-05"]).stdout;
    let (head, row) = csv.split_once('\n').unwrap();
    assert!(
        head.ends_with(",payout,carried_from,brought,left"),
        "{head}"
    );
    assert!(row.ends_with(",2026-04,-90.00,-45.00\n"), "{row}");
    // The payslip says it too.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("slips");
    let r = books.run(&[
        "payslips",
        "2026-06",
        "--out",
        out.to_str().unwrap(),
        "--as",
        "txt",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let slip = std::fs::read_to_string(out.join("2026-06-ann.txt")).unwrap();
    assert!(slip.contains("Carried from 2026-04"), "{slip}");
    assert!(slip.contains("-45.00"), "{slip}");
}

/// A credit note on an invoice its client has paid: the client owes 600.00 − 100.00 = 500.00
/// plus 21 % = 605.00, had paid 726.00, so is owed 121.00 back; `check` says so, `member`
/// lists it, and April's payouts pay it to acme's IBAN.
#[test]
fn a_paid_invoice_corrected_is_a_refund() {
    let books = books("CN-1,ann,acme,2026-04-02,0,-100.00,C-1\n");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026-04.csv:2: warning: contract \"CN-1\": corrects \"C-1\", whose client \
             had paid 726.00; the client now owes 605.00 and is owed a refund of 121.00 (payouts \
             2026-04 pays it)\n\
             The books are valid: 1 member, 4 contracts, 2 payments, 0 ledger rows, with 1 \
             warning.\n"
        )
    );
    let j = books.run(&["--format", "json", "member", "ann"]).json();
    assert_eq!(
        j["refunds"],
        serde_json::json!([{"invoice": "C-1", "credit_note": "CN-1", "client": "acme",
            "paid": "726.00", "owed": "605.00", "refund": "121.00", "date": "2026-04-02"}])
    );
    // C-1's line: 605.00 owed − 726.00 paid = −121.00 open; CN-1's own VAT −21.00.
    let lines: Vec<(&str, &str, &str)> = (j["contracts"].as_array().unwrap().iter())
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["vat"].as_str().unwrap(),
                c["open"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines[0], ("C-1", "126.00", "-121.00"));
    assert_eq!(lines[3], ("CN-1", "-21.00", "0.00"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.xml");
    let r = books.run(&["payouts", "2026-04", "--out", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(
        xml.contains("<EndToEndId>2026-04-refund-CN-1</EndToEndId>"),
        "{xml}"
    );
    assert!(
        xml.contains("<InstdAmt Ccy=\"EUR\">121.00</InstdAmt>"),
        "{xml}"
    );
    assert!(xml.contains("<IBAN>BE62510007547061</IBAN>"), "{xml}");
    assert!(xml.contains("<Ustrd>Refund CN-1 (C-1)</Ustrd>"), "{xml}");
}

/// C-2 (1000.00, reverse charged, unpaid) is fronted in full on its pay date, 2026-03-12.
/// CN-2 takes 200.00 off it on 2026-04-10: the client owes 800.00, and the fund is repaid
/// the 200.00 it no longer waits for: 5000.00 − 1000.00 (C-2) − 166.66 (C-3) + 200.00 =
/// 4033.34, with 800.00 + 166.66 = 966.66 outstanding. Dated on or before the pay date, the
/// same credit note lowers the advance itself: 800.00 fronted.
#[test]
fn a_credit_note_on_a_fronted_invoice_repays_the_advance() {
    let books = books("CN-2,ann,eu,2026-04-10,0,-200.00,C-2\n");
    let j = books
        .run(&["--format", "json", "guarantee", "--at", "2026-04-30"])
        .json();
    assert_eq!(
        (&j["balance"], &j["outstanding"]),
        (&"4033.34".into(), &"966.66".into())
    );
    assert_eq!(j["contracts"][0]["outstanding"], "800.00");

    let early = Books::with_vat().file(
        "contracts/2026-03b.csv",
        "id,member,client,date,hours,amount,corrects\nCN-2,ann,eu,2026-03-05,0,-200.00,C-2\n",
    );
    let j = early
        .run(&["--format", "json", "guarantee", "--at", "2026-03-31"])
        .json();
    assert_eq!(j["contracts"][0]["advanced"], "800.00");
    assert_eq!(j["balance"], "4033.34");
}

/// The VAT return shows credit notes apart, negative: April has CN-1's −100.00 and −21.00.
#[test]
fn the_vat_return_shows_credit_notes_apart() {
    let books = books("CN-1,ann,acme,2026-04-02,0,-100.00,C-1\n");
    let r = books.run(&["vat", "2026-Q2"]);
    assert!(
        r.stdout
            .contains("standard  credit notes  S             21%          1  -100.00  -21.00"),
        "{}",
        r.stdout
    );
    let j = books.run(&["--format", "json", "vat", "2026"]).json();
    // The year: C-1 126.00 + C-2 0.00 + C-3 20.00 − CN-1 21.00 = 125.00.
    assert_eq!(j["output_vat"], "125.00");
}

/// What a credit note may not be, each said at its row.
#[test]
fn unsound_credit_notes_are_errors() {
    let cases = [
        (
            "CN-1,ann,acme,2026-04-02,0,-700.00,C-1\n",
            "contracts/2026-04.csv:2: corrects \"C-1\": its credit notes come to 700.00, more than its amount 600.00",
        ),
        (
            "CN-1,ann,eu,2026-04-02,0,-10.00,C-1\n",
            "contracts/2026-04.csv:2: corrects \"C-1\": that invoice is to client \"acme\", not \"eu\"; a credit note goes to the invoice's client",
        ),
        (
            "CN-1,ann,acme,2026-04-02,0,10.00,C-1\n",
            "contracts/2026-04.csv:2: amount \"10.00\": must be less than 0 in a credit note (a row with \"corrects\")",
        ),
        (
            "CN-1,ann,acme,2026-04-02,0,-10.00,C-9\n",
            "contracts/2026-04.csv:2: corrects \"C-9\": no such contract",
        ),
        (
            "CN-1,ann,acme,2026-04-02,0,-10.00,C-1\nCN-2,ann,acme,2026-04-03,0,-5.00,CN-1\n",
            "contracts/2026-04.csv:3: corrects \"CN-1\": is itself a credit note; name the invoice it corrects",
        ),
    ];
    for (rows, want) in cases {
        let r = books(rows).run(&["check"]);
        assert_eq!(r.code, 1, "{rows}");
        assert!(r.stdout.lines().any(|l| l == want), "{rows}: {}", r.stdout);
    }
    // A credit note refused does not count against the next one: CN-2's 10.00 is within
    // C-1's 600.00.
    let r =
        books("CN-1,ann,acme,2026-04-02,0,-700.00,C-1\nCN-2,ann,acme,2026-04-03,0,-10.00,C-1\n")
            .run(&["check"]);
    let errors: Vec<&str> = (r.stdout.lines())
        .filter(|l| l.contains("more than its amount"))
        .collect();
    assert_eq!(
        errors,
        [
            "contracts/2026-04.csv:2: corrects \"C-1\": its credit notes come to 700.00, more than its amount 600.00"
        ]
    );
    let r = books("CN-1,ann,acme,2026-04-02,0,-10.00,C-1\n")
        .append("payments/2026.csv", "CN-1,2026-04-05,5.00,\n")
        .run(&["check"]);
    let want = "payments/2026.csv:4: contract \"CN-1\": is a credit note; a payment or \
                write-off names the invoice it corrects (\"C-1\")";
    assert!(r.stdout.lines().any(|l| l == want), "{}", r.stdout);
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// However invoices and credit notes fall over six months, nothing negative is paid and
    /// no money is lost: for a contractor (gross = what the month leaves), the months' gross
    /// add up to their budgets less the shortfall still left at the end (Σ gross = Σ budget −
    /// left, the carries cancelling from month to month).
    #[test]
    fn shortfalls_carry_without_losing_a_cent(
        months in prop::collection::vec((1u64..200_000, 0u64..=100), 6)
    ) {
        let mut contracts = String::from("id,member,client,date,hours,amount,corrects\n");
        for (i, (cents, credit)) in months.iter().enumerate() {
            let m = i + 1;
            contracts.push_str(&format!(
                "I-{m},ann,acme,2026-0{m}-02,1,{}.{:02},\n",
                cents / 100,
                cents % 100
            ));
            // A credit note in the next month takes `credit` % of this month's invoice off.
            let off = cents * credit / 100;
            if m < 6 && off > 0 {
                contracts.push_str(&format!(
                    "N-{m},ann,acme,2026-0{}-01,0,-{}.{:02},I-{m}\n",
                    m + 1,
                    off / 100,
                    off % 100
                ));
            }
        }
        let books = Books::with_vat()
            .replace("coop.toml", "model = \"salaried\"", "model = \"contractor\"")
            .file("payments/2026.csv", "contract,date,amount,kind\n")
            .file("contracts/2026-03.csv", "id,member,client,date,hours,amount\n")
            .file("contracts/all.csv", &contracts);
        let cents = |v: &serde_json::Value| -> i64 {
            let s = v.as_str().unwrap().replace('.', "");
            s.parse().unwrap()
        };
        let (mut gross, mut budget, mut left) = (0i64, 0i64, 0i64);
        for m in 1..=6 {
            let j = books.run(&["--format", "json", "pay", &format!("2026-0{m}")]).json();
            let ann = &j["members"][0];
            prop_assert!(cents(&ann["payout"]) >= 0);
            gross += cents(&ann["gross"]);
            budget += cents(&ann["budget"]);
            left = ann.get("carried").map_or(0, |c| cents(&c["left"]));
        }
        prop_assert_eq!(gross, budget - left);
    }
}

/// The journal pays the refund when the bank does (a `refund` row of the ledger, here on 8
/// May): C-1's receivable, 726.00 − 121.00 (the credit note with its VAT) − 726.00 paid =
/// −121.00, is settled from the bank. hledger finds what the clients owe at the end of April
/// is C-2's 1000.00, C-3's 353.33 − 176.67 = 176.66 and C-1's −121.00 owed back: 1055.66; at
/// the end of May, with the refund paid, 1176.66.
#[test]
fn the_journal_pays_the_refund() {
    let books = books("CN-1,ann,acme,2026-04-02,0,-100.00,C-1\n").file(
        "ledger/2026.csv",
        "date,kind,amount,contract,memo\n2026-05-08,refund,121.00,CN-1,2026-04-refund-CN-1\n",
    );
    let r = books.run(&["export", "hledger"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "2026-05-08 (CN-1) acme | 2026-04-refund-CN-1  ; source:ledger/2026.csv:2\n    \
             Assets:Receivables:Clients                        121.00 EUR\n    \
             Assets:Bank                                      -121.00 EUR\n"
        ),
        "{}",
        r.stdout
    );
    if !common::have("hledger", "apt-get install -y hledger") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("books.journal");
    std::fs::write(&journal, &r.stdout).unwrap();
    for (end, owed) in [("2026-05-01", "1055.66"), ("2026-06-01", "1176.66")] {
        let out = std::process::Command::new("hledger")
            .args(["-f", journal.to_str().unwrap(), "bal"])
            .args(["Assets:Receivables:Clients", "-e", end, "-N", "--no-elide"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("{owed} EUR  Assets:Receivables:Clients")),
            "{end}: {text}"
        );
    }
}
