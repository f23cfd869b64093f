//! `clients/<id>.toml`: the clients contracts name, read and checked; with `clients/`, a client
//! without a record is a warning on its first contract. No figure changes.

mod common;
use common::{Books, MINIMAL_COOP};

const CONTRACTS: &str = "id,member,client,date,hours,amount\n\
                         C-1,ann,acme,2026-03-02,10,1000.00\n\
                         C-2,ann,Other Client,2026-03-05,5,500.00\n\
                         C-3,ann,Other Client,2026-03-09,5,500.00\n";

const VAT: &str = "\n[vat]\ndefault = \"standard\"\n\
                   [vat.rates.standard]\ncategory = \"S\"\nrate = \"21%\"\n\
                   [vat.rates.reverse]\ncategory = \"AE\"\nreason = \"Reverse charge\"\n";

fn books(client: &str) -> Books {
    Books::minimal(&["ann"])
        .file("coop.toml", &format!("{MINIMAL_COOP}{VAT}"))
        .file("contracts/2026.csv", CONTRACTS)
        .file("clients/acme.toml", client)
}

#[test]
fn a_client_without_a_record_is_a_warning_once() {
    let client = "name = \"ACME SA\"\nvat_number = \"BE0123456749\"\ncompany_id = \
                  \"0123.456.749\"\ncountry = \"BE\"\nendpoint = \"0208:0123456749\"\n\
                  iban = \"BE71 0961 2345 6769\"\nterms_days = 45\nvat = \"reverse\"\n";
    let b = books(client);
    let r = b.run(&["check"]);
    // C-2 is Other Client's first contract (line 3 of the file); C-3 is not warned again.
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026.csv:3: warning: client \"Other Client\": no clients/Other \
             Client.toml; its invoices cannot be made without the client's record\n\
             The books are valid: 1 member, 3 contracts, 0 payments, 0 ledger rows, with 1 \
             warning.\n"
        )
    );
    // Records change no figure.
    let without = Books::minimal(&["ann"])
        .file("coop.toml", &format!("{MINIMAL_COOP}{VAT}"))
        .file("contracts/2026.csv", CONTRACTS);
    for args in [&["--format", "json", "pay", "2026-03"][..], &["funds"]] {
        assert_eq!(b.run(args).stdout, without.run(args).stdout, "{args:?}");
    }
    // Without clients/, no warning: clients are free names.
    assert_eq!(
        without.run(&["check"]).stdout,
        "The books are valid: 1 member, 3 contracts, 0 payments, 0 ledger rows.\n"
    );
}

#[test]
fn each_mistake_in_a_client_file_is_said_on_its_line() {
    let client = "name = \"ACME SA\"\nvat_number = \"NL123456789\"\ncountry = \"BE\"\n\
                  company_id = \"0123456748\"\nendpoint = \"0208\"\niban = \"BE71 0961 2345 6760\"\n\
                  terms_days = 400\nvat = \"reduced\"\nemail = \"x@\"\n";
    let r = books(client).run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "clients/acme.toml:2: vat_number \"NL123456789\": not the format of a VAT number of NL\n\
             clients/acme.toml:4: company_id \"0123456748\": not a valid Belgian enterprise number \
             (its check digits are wrong)\n\
             clients/acme.toml:5: endpoint \"0208\": expected a Peppol address SCHEME:ID, a \
             four-digit scheme and the identifier, such as \"0208:0123456749\"\n\
             clients/acme.toml:6: iban \"BE71 0961 2345 6760\": the IBAN's check digits do not \
             match: a digit is probably mistyped\n\
             clients/acme.toml:7: terms_days \"400\": must be at most 366\n\
             clients/acme.toml:8: vat \"reduced\": no such rate; declare it in coop.toml under \
             [vat.rates.reduced]\n\
             clients/acme.toml:9: email \"x@\": expected an e-mail address, such as \
             \"invoices@example.coop\"\n\
             contracts/2026.csv:3: warning: client \"Other Client\": no clients/Other \
             Client.toml; its invoices cannot be made without the client's record\n\
             The books have 8 problems: 7 errors, 1 warning.\n"
        )
    );
    let r = books("name = \"ACME\"\nphone = \"1\"\n").run(&["check"]);
    assert!(
        r.stdout
            .starts_with("clients/acme.toml:2: unknown field `phone`, expected one of `name`"),
        "{}",
        r.stdout
    );
}

#[test]
fn fmt_writes_a_client_file_in_its_canonical_form() {
    let b = books("name=\"ACME SA\"   \ncountry =   \"BE\"\n");
    assert_eq!(b.run(&["fmt", "--check"]).code, 1);
    assert_eq!(b.run(&["fmt"]).code, 0);
    let text = std::fs::read_to_string(b.path().join("clients/acme.toml")).unwrap();
    assert_eq!(text, "name = \"ACME SA\"\ncountry = \"BE\"\n");
}
