//! VAT on the invoices (books with `[vat]`): each contract's rate (its own, its client's, the
//! default) and VAT, what its client owes, payments that pay the amount and the VAT in
//! proportion (the guarantee fund fronts the amount only), the VAT of write-offs, input VAT on
//! costs, and `vat PERIOD`. Every figure is worked out by hand in the comments.

mod common;
use common::Books;

/// The member statement shows each invoice's VAT, and what is open is what the client still
/// owes with it: C-1 726.00 − 726.00 = 0.00; C-2 1000.00; C-3 353.33 − 176.67 = 176.66.
#[test]
fn a_client_owes_the_amount_and_its_vat() {
    let books = Books::with_vat();
    let r = books.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    // By default what each client still owes and the reference to pay it with (an open
    // contract's only); --wide shows the VAT and what was paid.
    let r = books.run(&["member", "ann"]);
    assert!(
        r.stdout.contains(
            "\
contract  client  pay date     amount     open  payment reference
─────────────────────────────────────────────────────────────────
C-1       acme    2026-03-11   600.00     0.00
C-2       eu      2026-03-12  1000.00  1000.00  RF08 C2
C-3       acme    2026-03-13   333.33   176.66  RF78 C3
"
        ),
        "{}",
        r.stdout
    );
    let r = books.run(&["--wide", "member", "ann"]);
    assert!(
        r.stdout.contains(
            // Budget 333.33 − the 10 % levy 33.33 = 300.00; paid 176.67, of which 10.00 VAT.
            "C-3       acme    2026-03-04  2026-03-13      5   333.33  300.00   20.00  176.67         0.00   176.66  RF78 C3"
        ),
        "{}",
        r.stdout
    );
    let j = books.run(&["--format", "json", "member", "ann"]).json();
    let c3 = &j["contracts"][2];
    assert_eq!(
        (&c3["id"], &c3["vat"], &c3["open"]),
        (&"C-3".into(), &"20.00".into(), &"176.66".into())
    );
    // The VAT changes no pay: the levy is 10 % of the amounts, 193.33.
    assert_eq!(j["totals"]["amount"], "1933.33");
}

/// A cent more than the client owes is an overpayment, said with the VAT.
#[test]
fn paying_more_than_amount_and_vat_is_an_error() {
    let books = Books::with_vat().append("payments/2026.csv", "C-1,2026-03-20,0.01,\n");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "payments/2026.csv:4: contract \"C-1\": payments and write-offs total 726.01, more \
             than what it owes 726.00 (600.00 + VAT 126.00)\n\
             The books have 1 problem: 1 error, 0 warnings.\n"
        )
    );
}

/// The guarantee fund fronts the amount without VAT. C-2 is unpaid on its pay date: 1000.00
/// fronted. C-3's 176.67 pays its amount and VAT in proportion: 176.67 × 333.33 ÷ 353.33 =
/// 166.6697…, 166.67 of the amount, so 333.33 − 166.67 = 166.66 is fronted. C-1 is paid in
/// full in time (726.00, of which 600.00 is the amount): nothing. The fund: 5000.00 − 1000.00
/// − 166.66 = 3833.34.
#[test]
fn the_guarantee_fund_fronts_the_amount_without_vat() {
    let books = Books::with_vat();
    let j = books
        .run(&["--format", "json", "guarantee", "--at", "2026-03-31"])
        .json();
    assert_eq!(j["balance"], "3833.34");
    assert_eq!(j["outstanding"], "1166.66");
    let advanced: Vec<(&str, &str)> = (j["contracts"].as_array().unwrap().iter())
        .map(|c| (c["id"].as_str().unwrap(), c["advanced"].as_str().unwrap()))
        .collect();
    assert_eq!(advanced, [("C-2", "1000.00"), ("C-3", "166.66")]);

    // C-3's last 176.66 written off on 2026-04-15: all that is paid and given up, 353.33,
    // pays 333.33 of the amount, so the write-off is 333.33 − 166.67 = 166.66 of the amount
    // (what the fund loses) and 176.66 − 166.66 = 10.00 of VAT (no longer owed to the state:
    // C-3's 20.00 of VAT less the 176.67 − 166.67 = 10.00 paid).
    let books = books.append("payments/2026.csv", "C-3,2026-04-15,176.66,writeoff\n");
    let j = books
        .run(&["--format", "json", "guarantee", "--at", "2026-04-30"])
        .json();
    assert_eq!(
        (&j["outstanding"], &j["written_off"]),
        (&"1000.00".into(), &"166.66".into())
    );
    let j = books.run(&["--format", "json", "vat", "2026-Q2"]).json();
    assert_eq!(
        (&j["output_vat"], &j["written_off_vat"], &j["payable"]),
        (&"0.00".into(), &"10.00".into(), &"-10.00".into())
    );
}

/// The quarter's return: per rate the invoices and their VAT (6 % of 333.33 = 20.00, 0.00
/// reverse charged, 21 % of 600.00 = 126.00; 146.00 in all), a cost's 21.00 of deductible
/// VAT, and 146.00 − 21.00 = 125.00 payable.
#[test]
fn a_quarters_vat_return() {
    let books = Books::with_vat().file(
        "ledger/2026.csv",
        "date,kind,amount,fund,to,member,memo,vat\n\
         2026-03-10,cost,100.00,operations,,,Laptop repair,21.00\n",
    );
    let r = books.run(&["vat", "2026-Q1"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "\
VAT 2026-Q1 (2026-01-01 to 2026-03-31) - EUR

rate      kind      category  percent  documents     base     VAT
─────────────────────────────────────────────────────────────────
reduced   invoices  S              6%          1   333.33   20.00
reverse   invoices  AE             0%          1  1000.00    0.00
standard  invoices  S             21%          1   600.00  126.00
─────────────────────────────────────────────────────────────────
total                                          3  1933.33  146.00

output VAT                        146.00
VAT of debts written off            0.00
input VAT (1 cost)                -21.00
VAT payable                       125.00
"
        )
    );
    let r = books.run(&["--format", "csv", "vat", "2026-03"]);
    assert_eq!(
        r.stdout,
        "rate,kind,category,percent,documents,base,vat\n\
         reduced,invoices,S,6%,1,333.33,20.00\n\
         reverse,invoices,AE,0%,1,1000.00,0.00\n\
         standard,invoices,S,21%,1,600.00,126.00\n"
    );
    let j = books.run(&["--format", "json", "vat", "2026"]).json();
    assert_eq!(j["rates"][1]["reason"], "Reverse charge");
    assert_eq!(
        (
            &j["output_vat"],
            &j["input_vat"],
            &j["costs"],
            &j["payable"]
        ),
        (
            &"146.00".into(),
            &"21.00".into(),
            &1.into(),
            &"125.00".into()
        )
    );
    // A quarter without invoices.
    let r = books.run(&["vat", "2026-Q3"]);
    assert!(
        r.stdout.contains(
            "No invoice is dated in the period.\n\noutput VAT                          0.00\n"
        ),
        "{}",
        r.stdout
    );
}

/// A rate takes effect on its date: a contract dated before a change keeps the old rate.
#[test]
fn a_rates_change_applies_from_its_date() {
    let books = Books::with_vat()
        .replace(
            "coop.toml",
            "rate = \"21%\"\n",
            "rate = \"21%\"\nchanges = [{ since = \"2026-03-03\", rate = \"22%\" }]\n",
        )
        .replace("contracts/2026-03.csv", "333.33,reduced", "333.33,");
    // C-1 (2 March) at 21 %: 126.00; C-3 (4 March) at 22 %: 333.33 × 0.22 = 73.3326, 73.33.
    let j = books.run(&["--format", "json", "vat", "2026-03"]).json();
    let lines: Vec<(&str, &str, &str)> = (j["rates"].as_array().unwrap().iter())
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap();
            (s("rate"), s("percent"), s("vat"))
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("reverse", "0%", "0.00"),
            ("standard", "21%", "126.00"),
            ("standard", "22%", "73.33")
        ]
    );
}

/// Each VAT column's mistakes, on their rows.
#[test]
fn vat_columns_name_what_coop_toml_declares() {
    let books = Books::with_vat()
        .append(
            "contracts/2026-03.csv",
            "C-4,ann,acme,2026-03-05,1,10.00,super\n",
        )
        .file(
            "ledger/2026.csv",
            "date,kind,amount,fund,to,member,memo,vat\n\
             2026-03-10,income,100.00,operations,,,Grant,21.00\n\
             2026-03-11,cost,100.00,operations,,,Rent,-1.00\n",
        );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "contracts/2026-03.csv:5: vat \"super\": no such VAT rate; coop.toml's [vat.rates] \
             has reduced, reverse, standard\n\
             ledger/2026.csv:2: vat \"21.00\": only a cost carries deductible VAT\n\
             ledger/2026.csv:3: vat \"-1.00\": must be 0 or more\n\
             The books have 3 problems: 3 errors, 0 warnings.\n"
        )
    );
    // Books without [vat] take no VAT at all.
    let books = Books::minimal(&["ann"])
        .file(
            "contracts/2026.csv",
            "id,member,client,date,hours,amount,vat\nC-1,ann,A,2026-03-02,1,10.00,standard\n",
        )
        .file(
            "ledger/2026.csv",
            "date,kind,amount,fund,vat\n2026-03-10,cost,100.00,operations,21.00\n",
        );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "contracts/2026.csv:2: vat \"standard\": coop.toml declares no VAT rates (a [vat] \
             table)\n\
             ledger/2026.csv:2: vat \"21.00\": coop.toml declares no VAT rates (a [vat] table), \
             so no VAT is deducted\n\
             The books have 2 problems: 2 errors, 0 warnings.\n"
        )
    );
    let r = Books::minimal(&["ann"]).run(&["vat", "2026"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: coop.toml has no [vat] section: the co-op's invoices carry no VAT\n"
        )
    );
}
