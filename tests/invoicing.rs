//! coop.toml's invoicing tables — `[seller]`, `[invoices]`, `[vat]` — read and checked, each
//! mistake said on its line; books with them compute the same figures as without.

mod common;
use common::{Books, MINIMAL_COOP};

/// A seller, payment terms and one rate of every VAT category, with a dated change.
const INVOICING: &str = r#"
[seller]
name = "Test Co-op SCRL"
vat_number = "BE 0123.456.749"
company_id = "0123.456.749"
street = "Rue de la Coopération 1"
city = "Bruxelles"
postcode = "1000"
country = "BE"
endpoint = "0208:0123456749"
email = "factures@test.coop"

[invoices]
terms_days = 14

[vat]
default = "standard"

[vat.rates.standard]
category = "S"
rate = "21%"
changes = [{ since = "2027-01-01", rate = "22%" }]

[vat.rates.zero]
category = "Z"

[vat.rates.exempt]
category = "E"
reason = "Exempt: article 44 of the Belgian VAT code"

[vat.rates.reverse]
category = "AE"
reason = "Reverse charge: article 196 of Directive 2006/112/EC"

[vat.rates.eu]
category = "K"
reason = "Intra-community supply: article 138 of Directive 2006/112/EC"

[vat.rates.export]
category = "G"
reason = "Export outside the EU"

[vat.rates.outside]
category = "O"
reason = "Outside the scope of VAT"
"#;

fn books(coop: &str) -> Books {
    Books::minimal(&["ann"]).file("coop.toml", coop).file(
        "contracts/2026.csv",
        "id,member,client,date,hours,amount\nC-1,ann,Client,2026-03-02,10,1000.00\n",
    )
}

#[test]
fn invoicing_tables_are_read_and_change_no_figure() {
    let with = books(&format!("{MINIMAL_COOP}{INVOICING}"));
    let without = books(MINIMAL_COOP);
    let r = with.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    for args in [
        &["--format", "json", "pay", "2026-03"][..],
        &["funds"],
        &["check"],
    ] {
        assert_eq!(with.run(args).stdout, without.run(args).stdout, "{args:?}");
    }
    // `fmt` quotes the bare date of a rate's change, as it does every date of coop.toml.
    let bare = format!(
        "{MINIMAL_COOP}{}",
        INVOICING.replace(
            "changes = [{ since = \"2027-01-01\", rate = \"22%\" }]\n",
            "\n[[vat.rates.standard.changes]]\nsince = 2027-01-01\nrate = \"22%\"\n"
        )
    );
    let b = books(&bare);
    assert_eq!(b.run(&["check"]).code, 0);
    assert_eq!(b.run(&["fmt"]).code, 0);
    let written = std::fs::read_to_string(b.path().join("coop.toml")).unwrap();
    assert!(written.contains("since = \"2027-01-01\"\n"), "{written}");
    assert_eq!(with.run(&["fmt", "--check"]).code, 0);
}

#[test]
fn each_mistake_is_said_on_its_line() {
    let base = MINIMAL_COOP.lines().count();
    let coop = format!(
        "{MINIMAL_COOP}{}",
        INVOICING
            .replace("BE 0123.456.749", "BE0123456748")
            .replace(
                "company_id = \"0123.456.749\"",
                "company_id = \"2123456749\""
            )
            .replace("0208:0123456749", "208:0123456749")
            .replace("factures@test.coop", "factures")
            .replace("terms_days = 14", "terms_days = 400")
            .replace("category = \"Z\"", "category = \"Z\"\nrate = \"6%\"")
            .replace(
                "reason = \"Exempt: article 44 of the Belgian VAT code\"\n",
                ""
            )
            .replace("category = \"O\"", "category = \"X\"")
    );
    let r = books(&coop).run(&["check"]);
    // Line n of INVOICING (its first line is blank) is line base + n of coop.toml; the
    // zero rate's added line moves those after it by one, the exempt reason taken out back.
    let at = |n: usize| base + n;
    let want = format!(
        "coop.toml:{}: seller.vat_number \"BE0123456748\": its check digits are wrong (the last \
         two digits are 97 less the first eight modulo 97)\n\
         coop.toml:{}: seller.company_id \"2123456749\": not a valid Belgian enterprise number \
         (its check digits are wrong)\n\
         coop.toml:{}: seller.endpoint \"208:0123456749\": expected a Peppol address SCHEME:ID, \
         a four-digit scheme and the identifier, such as \"0208:0123456749\"\n\
         coop.toml:{}: seller.email \"factures\": expected an e-mail address, such as \
         \"invoices@example.coop\"\n\
         coop.toml:{}: invoices.terms_days \"400\": must be at most 366\n\
         coop.toml:{}: vat.rates.zero.rate \"6%\": category Z takes 0%\n\
         coop.toml:{}: vat.rates.exempt: category E needs a reason, the exemption text printed \
         on the invoice\n\
         coop.toml:{}: vat.rates.outside.category \"X\": expected one of S, Z, E, AE, K, G, O \
         (EN 16931's VAT categories)\n\
         The books have 8 problems: 8 errors, 0 warnings.\n",
        at(4),
        at(5),
        at(10),
        at(11),
        at(14),
        at(26),
        at(29),
        at(44),
    );
    assert_eq!((r.code, r.stdout), (1, want));

    // Rates that break their category's rules, and a default that names no rate.
    let coop = format!(
        "{MINIMAL_COOP}{}",
        INVOICING
            .replace("country = \"BE\"", "country = \"be\"")
            .replace("rate = \"21%\"", "rate = \"0%\"")
            .replace("category = \"E\"", "category = \"S\"\nrate = \"21%\"")
            .replace("default = \"standard\"", "default = \"normal\"")
            .replace(
                "since = \"2027-01-01\", rate = \"22%\"",
                "since = \"2027-01-01\", rate = \"0%\""
            )
    );
    let r = books(&coop).run(&["check"]);
    let want = format!(
        "coop.toml:{}: seller.country \"be\": expected an ISO 3166-1 country code of two capital \
         letters, such as \"BE\"\n\
         coop.toml:{}: vat.default \"normal\": no such rate; declare it under \
         [vat.rates.normal]\n\
         coop.toml:{}: vat.rates.standard.rate \"0%\": category S takes more than 0%\n\
         coop.toml:{}: vat.rates.exempt.reason: category S charges VAT and takes no exemption \
         reason\n\
         The books have 4 problems: 4 errors, 0 warnings.\n",
        at(9),
        at(17),
        at(21),
        at(30),
    );
    assert_eq!((r.code, r.stdout), (1, want));
}

/// Dated changes come in order of date; a change on or before the one before it is an error.
#[test]
fn a_rates_changes_go_in_order() {
    let coop = format!(
        "{MINIMAL_COOP}{}",
        INVOICING.replace(
            "changes = [{ since = \"2027-01-01\", rate = \"22%\" }]",
            "changes = [{ since = \"2027-01-01\", rate = \"22%\" }, { since = \"2026-07-01\", rate = \"20%\" }]"
        )
    );
    let r = books(&coop).run(&["check"]);
    let line = MINIMAL_COOP.lines().count() + 22;
    assert_eq!(
        (r.code, r.stdout),
        (
            1,
            format!(
                "coop.toml:{line}: vat.rates.standard.changes: since 2026-07-01 is not after the \
                 change before it\nThe books have 1 problem: 1 error, 0 warnings.\n"
            )
        )
    );
}

/// With a `[seller]`, contract ids are invoice numbers: a gap, a number used twice and a
/// number dated before the one before it are warnings on the later row, naming both.
#[test]
fn invoice_numbers_run_without_gaps() {
    let contracts = "id,member,client,date,hours,amount\n\
                     RN-2026-001,ann,A,2026-03-02,1,100.00\n\
                     RN-2026-002,ann,A,2026-03-03,1,100.00\n\
                     RN-2026-005,ann,A,2026-03-04,1,100.00\n\
                     RN-2026-006,ann,A,2026-03-01,1,100.00\n\
                     RN-2026-6,ann,A,2026-03-09,1,100.00\n";
    let b = books(&format!("{MINIMAL_COOP}{INVOICING}")).file("contracts/2026.csv", contracts);
    let r = b.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026.csv:4: warning: invoice \"RN-2026-005\" follows \"RN-2026-002\" \
             (contracts/2026.csv:3) in series \"RN-2026-\": numbers 3 to 4 are missing; invoice \
             numbers run without gaps\n\
             contracts/2026.csv:5: warning: invoice \"RN-2026-006\" is dated 2026-03-01, before \
             \"RN-2026-005\" (contracts/2026.csv:4), the number before it, dated 2026-03-04; \
             invoice numbers follow their dates\n\
             contracts/2026.csv:6: warning: invoice \"RN-2026-6\" has the number of \
             \"RN-2026-006\" (contracts/2026.csv:5) in series \"RN-2026-\"; each number is used \
             once\n\
             The books are valid: 1 member, 5 contracts, 0 payments, 0 ledger rows, with 3 \
             warnings.\n"
        )
    );
    // Without a [seller] the ids are the co-op's own, not invoice numbers: nothing is said.
    let r = books(MINIMAL_COOP)
        .file("contracts/2026.csv", contracts)
        .run(&["check"]);
    assert_eq!(
        r.stdout,
        "The books are valid: 1 member, 5 contracts, 0 payments, 0 ledger rows.\n"
    );
}
