//! `import camt053 FILE…`: client payments from the bank's statements. A hand-written
//! statement of every kind of entry, imported into the atelier (the exact rows written, the
//! exact list left for the treasurer), twice (nothing added), dry; a round trip of the
//! atelier's own payments through a statement; files that are not statements. Every
//! statement the tests read is validated against the official camt.053 XSD with xmllint.

mod common;
use common::{Books, xmllint, xsd};
use std::path::{Path, PathBuf};

fn statement(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/camt053")
        .join(name)
}

fn validate(file: &Path, version: &str) {
    if let Some(schema) = xsd(&format!("camt.053.001.{version}")) {
        xmllint(&schema, file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

fn read(books: &Books, rel: &str) -> String {
    std::fs::read_to_string(books.path().join(rel)).unwrap()
}

const APRIL: &str = "atelier-2026-04-15.xml";

/// The payments file of the atelier before: its last row is C-2026-034's of 2026-04-15.
const ADDED: &str = "\
C-2026-027,2026-04-15,968.00,payment,ATL-0415-001
C-2026-029,2026-04-15,453.75,payment,ATL-0415-002
C-2026-030,2026-04-15,1016.40,payment,ATL-0415-003/3
C-2026-036,2026-04-15,871.20,payment,E2E-MUSEE-12
C-2026-037,2026-04-15,786.50,payment,ATL-0415-003-2
";

/// The atelier's payments file once `ADDED` is imported into it: each row in its place, by
/// date then contract (C-2026-034's payment of the same day among them).
fn with_added(before: &str) -> String {
    let last = "C-2026-034,2026-04-15,2400.00,payment,BNK-260415-1\n";
    let (head, tail) = ADDED.split_at(ADDED.find("C-2026-036").unwrap());
    format!("{}{head}{last}{tail}", before.replace(last, ""))
}

/// The statement of 2026-04-15 (tests/camt053/atelier-2026-04-15.xml) has eleven entries:
/// - C-2026-027 by its RF reference (RF51 C202 6027), 968.00 of 968.00 outstanding (800.00 + 21 %);
/// - C-2026-029 by its id in free text (`invoice c-2026-029, thanks`), 453.75 of 453.75;
/// - a batch of three (2674.10 = 871.20 + 786.50 + 1016.40): C-2026-036 by id (its reference is
///   its EndToEndId), C-2026-037 by id in `Facture C-2026-037 mars` (its own AcctSvcrRef),
///   C-2026-030 by RF67C2026030 (no reference of its own: the entry's, `/3`);
/// - a pending credit, a reversal and a return of a transfer that is no payout of the books:
///   skipped;
/// - a debit of the March payouts as one entry, which no end-to-end id ties to a payout and no
///   bank rule matches, RF94C2026999 (a well-formed reference, no such contract), 1452.00 for
///   C-2026-038 which has 1270.50 outstanding (1050.00 + 21 %), 500.00 USD, and a membership
///   fee that names nothing: unmatched.
///
/// Imported: 968.00 + 453.75 + 871.20 + 786.50 + 1016.40 = 4095.85 (each invoice
/// and its 21 % VAT: 800.00, 375.00, 720.00, 650.00 and 840.00 of amount).
#[test]
fn a_statement_of_every_kind_of_entry() {
    let file = statement(APRIL);
    validate(&file, "08");
    let books = Books::copy_of("atelier").without_statements();
    let before = read(&books, "payments/2026.csv");
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: 5 transactions left unmatched, to settle by hand (the others were \
             imported)\n"
        )
    );
    assert_eq!(
        r.stdout,
        "\
Imported 5 rows, 4095.85 EUR, into payments/2026.csv.
Already imported: 0 (0.00 EUR). Skipped: 3. Unmatched: 5.
Recorded the balances of 1 statement in bank/statements.csv.

Unmatched, to settle by hand:
date            amount  counterparty      remittance           reason
──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
2026-04-15    11615.57                    Pay 2026-03          a debit that is no payout and that no bank rule matches
2026-04-15      300.00  Fablab Liège                           unknown reference RF94C2026999
2026-04-15     1452.00  Théâtre National  C-2026-038           overpays C-2026-038: 1270.50 open
2026-04-15  500.00 USD  Fablab Liège      C-2026-039           in USD, not EUR
2026-04-15       50.00  Jean Dupont       Membership fee 2026  names no contract, and no bank rule matches it

Skipped:
date        amount  counterparty          remittance                  reason
───────────────────────────────────────────────────────────────────────────────────────────────
-           580.80  Maison de la Culture  C-2026-035                  not booked (status PDNG)
2026-04-15  100.00                        Reversal of a card payment  a reversal
2026-04-15   95.50                        Pay 2026-03                 a return, not of a payout
"
    );
    assert_eq!(read(&books, "payments/2026.csv"), with_added(&before));
    // Written as by hand: the file is still in canonical form. The statement's balances are
    // recorded, and the books do not meet them: what was left unmatched (and the remittances
    // and C-2026-034's payment of the day, which this statement of eleven entries leaves out)
    // is not in both.
    assert_eq!(books.run(&["fmt", "--check"]).code, 0);
    let check = books.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (
            1,
            "bank/statements.csv:2: statement \"ATL-2026-04-15\": the bank's balance at the end \
             of 2026-04-15 is 34578.58, the books' 45355.08 (10776.50 more than the bank); its \
             opening balance, 40000.00 at the start of 2026-04-15, is not met either (the books \
             43261.17)\nThe books have 1 problem: 1 error, 0 warnings.\n"
        ),
    );

    // Twice: nothing added, the five counted as already there.
    let again = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(
        again.stdout.starts_with(
            "Imported 0 rows, 0.00 EUR.\n\
             Already imported: 5 (4095.85 EUR). Skipped: 3. Unmatched: 5.\n"
        ),
        "{}",
        again.stdout
    );
    assert_eq!(read(&books, "payments/2026.csv"), with_added(&before));
}

#[test]
fn a_dry_run_writes_nothing_and_shows_the_rows() {
    let books = Books::copy_of("atelier");
    let before = read(&books, "payments/2026.csv");
    let file = statement(APRIL);
    let r = books.run(&["import", "camt053", "--dry-run", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "\
Would import 5 rows, 4095.85 EUR, into payments/2026.csv (a dry run: nothing written).
Already imported: 0 (0.00 EUR). Skipped: 3. Unmatched: 5.
Would record the balances of 1 statement in bank/statements.csv.

The rows it would add:
file               kind     for         date         amount  memo
───────────────────────────────────────────────────────────────────────────
payments/2026.csv  payment  C-2026-027  2026-04-15   968.00  ATL-0415-001
payments/2026.csv  payment  C-2026-029  2026-04-15   453.75  ATL-0415-002
payments/2026.csv  payment  C-2026-037  2026-04-15   786.50  ATL-0415-003-2
payments/2026.csv  payment  C-2026-030  2026-04-15  1016.40  ATL-0415-003/3
payments/2026.csv  payment  C-2026-036  2026-04-15   871.20  E2E-MUSEE-12
"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "coopbooks: 5 transactions left unmatched, to settle by hand (the others were not written: \
         a dry run)\n"
    );
    assert_eq!(read(&books, "payments/2026.csv"), before);
}

#[test]
fn json_and_csv_carry_every_transaction() {
    let books = Books::copy_of("atelier");
    let file = statement(APRIL);
    let r = books.run(&[
        "--format",
        "json",
        "import",
        "camt053",
        "--dry-run",
        file.to_str().unwrap(),
    ]);
    let j = r.json();
    assert_eq!(j["summary"]["imported"]["transactions"], 5);
    assert_eq!(j["summary"]["imported"]["amount"], "4095.85");
    assert_eq!(j["summary"]["skipped"], 3);
    assert_eq!(j["summary"]["unmatched"], 5);
    assert_eq!(j["files"], serde_json::json!(["payments/2026.csv"]));
    let txs = j["transactions"].as_array().unwrap();
    assert_eq!(txs.len(), 13, "11 entries, one a batch of 3");
    let unknown = txs
        .iter()
        .find(|t| t["reference"] == "ATL-0415-007")
        .unwrap();
    assert_eq!(
        unknown,
        &serde_json::json!({
            "outcome": "unmatched",
            "statement": file.to_str().unwrap(),
            "line": 346,
            "date": "2026-04-15",
            "amount": "300.00",
            "currency": "EUR",
            "reference": "ATL-0415-007",
            "counterparty": "Fablab Liège",
            "remittance": "",
            "contract": null,
            "kind": null,
            "rule": null,
            "file": null,
            "recorded": null,
            "reason": "unknown reference RF94C2026999"
        })
    );

    let csv = books.run(&[
        "--format",
        "csv",
        "import",
        "camt053",
        "--dry-run",
        file.to_str().unwrap(),
    ]);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "outcome,statement,line,date,amount,currency,reference,counterparty,remittance,contract,file,reason,kind,rule,recorded"
    );
    assert_eq!(lines.len(), 14);
    let at = file.to_str().unwrap();
    assert!(
        lines.contains(&format!(
            "imported,{at},131,2026-04-15,1016.40,EUR,ATL-0415-003/3,Brasserie du Canal,,C-2026-030,payments/2026.csv,,payment,,"
        )
        .as_str()),
        "{}",
        csv.stdout
    );
}

/// A statement built from rows: (booking date, amount, reference, remittance, structured ref).
/// The reference is the bank's `AcctSvcrRef`, or with `e2e:` before it the payer's
/// `EndToEndId` alone (no `AcctSvcrRef`).
fn camt053(entries: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n\
         <BkToCstmrStmt><GrpHdr><MsgId>RT-1</MsgId><CreDtTm>2026-04-30T22:00:00</CreDtTm></GrpHdr>\n\
         <Stmt><Id>RT-1</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>\n\
         <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt>\
         <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-30</Dt></Dt></Bal>\n",
    );
    for (date, amount, reference, ustrd, strd) in entries {
        let (svcr, refs) = match reference.strip_prefix("e2e:") {
            Some(e2e) => (
                String::new(),
                format!("<Refs><EndToEndId>{e2e}</EndToEndId></Refs>"),
            ),
            None => (
                format!("<AcctSvcrRef>{reference}</AcctSvcrRef>"),
                String::new(),
            ),
        };
        x.push_str(&format!(
            "<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>{date}</Dt></BookgDt>{svcr}\
             <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\
             <NtryDtls><TxDtls>{refs}<RmtInf>"
        ));
        if !ustrd.is_empty() {
            x.push_str(&format!("<Ustrd>{ustrd}</Ustrd>"));
        }
        if !strd.is_empty() {
            x.push_str(&format!(
                "<Strd><CdtrRefInf><Ref>{strd}</Ref></CdtrRefInf></Strd>"
            ));
        }
        x.push_str("</RmtInf></TxDtls></NtryDtls></Ntry>\n");
    }
    x.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    x
}

/// The atelier's client payments (not its write-off) taken out of payments/2026.csv, written
/// as a statement — every other one paid by its RF reference, the others by the id in the
/// remittance text — and imported: funds, guarantee and every member's statement are what
/// they were, figure for figure.
#[test]
fn the_atelier_payments_round_trip_through_a_statement() {
    let books = Books::copy_of("atelier");
    let figures = |b: &Books| {
        let mut all = vec![
            b.run(&["--format", "json", "funds"]).stdout,
            b.run(&["--format", "json", "guarantee"]).stdout,
        ];
        for m in [
            "alice", "bruno", "chloe", "david", "emma", "farid", "greta", "hugo", "ines", "zoe",
        ] {
            all.push(
                b.run(&["--format", "json", "member", m, "--period", "2026"])
                    .stdout,
            );
        }
        all
    };
    let before = figures(&books);
    let text = read(&books, "payments/2026.csv");
    let mut kept = String::new();
    let mut entries = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        if k == 0 || cells[3] == "writeoff" {
            kept.push_str(line);
            kept.push('\n');
            continue;
        }
        entries.push((
            cells[0].to_string(),
            cells[1].to_string(),
            cells[2].to_string(),
            k,
        ));
    }
    assert_eq!(entries.len(), 31);
    let refs: Vec<String> = (entries.iter())
        .map(|(id, ..)| {
            let body: String = id.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            let digits: String = format!("{body}RF00")
                .chars()
                .map(|c| c.to_digit(36).unwrap().to_string())
                .collect();
            let rem = digits
                .bytes()
                .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 97);
            format!("RF{:02}{body}", 98 - rem)
        })
        .collect();
    let rows: Vec<(String, String, String, String, String)> = (entries.iter().zip(&refs))
        .map(|((id, date, amount, k), rf)| {
            let (ustrd, strd) = if k % 2 == 0 {
                (String::new(), rf.clone())
            } else {
                (format!("Invoice {id}"), String::new())
            };
            (
                date.clone(),
                amount.clone(),
                format!("RT-{k:03}"),
                ustrd,
                strd,
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str, &str, &str, &str)> = (rows.iter())
        .map(|(a, b, c, d, e)| (a.as_str(), b.as_str(), c.as_str(), d.as_str(), e.as_str()))
        .collect();
    let books = books.file("payments/2026.csv", &kept);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("statement.xml");
    std::fs::write(&file, camt053(&borrowed)).unwrap();
    validate(&file, "08");
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with("Imported 31 rows, 42166.65 EUR, into payments/2026.csv.\n"),
        "{}",
        r.stdout
    );
    assert_eq!(figures(&books), before);
    assert_eq!(books.run(&["check"]).code, 0);
}

/// A statement of the oldest version read (.001.02: the status as text, the debtor's name
/// directly under `Dbtr`, the amount in `AmtDtls/TxAmt`), booked in a year without a payments
/// file: payments/2027.csv is created with the header.
#[test]
fn version_02_into_a_new_years_file() {
    let file = statement("version-02.xml");
    validate(&file, "02");
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "Imported 1 row, 250.00 EUR, into payments/2027.csv.\n\
         Already imported: 0 (0.00 EUR). Skipped: 0. Unmatched: 0.\n"
    );
    assert_eq!(
        read(&books, "payments/2027.csv"),
        "contract,date,amount,kind,memo\nC-2026-040,2027-01-05,250.00,payment,BNK-2027-0001\n"
    );
}

/// What cannot be read is refused whole, nothing written: exit 1 with file:line.
#[test]
fn files_that_are_not_statements() {
    let books = Books::copy_of("atelier");
    let before = read(&books, "payments/2026.csv");
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 6] = [
        (
            "broken.xml",
            "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n</Stmt>\n",
            "broken.xml:4: not well-formed XML: ill-formed document: expected `</BkToCstmrStmt>`, but `</Stmt>` was found",
        ),
        (
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Document>&x;</Document>\n",
            "xxe.xml:2: has a document type declaration (<!DOCTYPE …>), which a bank statement never has; not read",
        ),
        (
            "payouts.xml",
            "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"><CstmrCdtTrfInitn/></Document>\n",
            "payouts.xml:2: is not a camt.053 statement: its root is <Document> in namespace \"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"; expected <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"> (or .02 to .07)",
        ),
        (
            "v09.xml",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.09\"/>",
            "v09.xml:1: is a camt.053.001.09 statement; coopbooks reads versions .001.02 to .001.08",
        ),
        (
            "entity.xml",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>&lol;</BkToCstmrStmt></Document>",
            "entity.xml:1: the entity &lol; is not defined (a statement uses only &amp; &lt; &gt; &quot; &apos; and character references)",
        ),
        (
            "amount.xml",
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><Stmt>\n<Ntry><Amt Ccy=\"EUR\">12,50</Amt></Ntry></Stmt></BkToCstmrStmt></Document>",
            "amount.xml:2: <Amt> \"12,50\": expected an amount such as 1200.00",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let good = statement(APRIL);
        let r = common::run_in(
            dir.path(),
            &[
                "--books",
                books.path().to_str().unwrap(),
                "import",
                "camt053",
                good.to_str().unwrap(),
                name,
            ],
        );
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (
                1,
                "",
                format!(
                    "{message}\ncoopbooks: nothing imported: a file is not a camt.053 statement \
                     that can be read\n"
                )
                .as_str()
            ),
            "{name}"
        );
        assert_eq!(read(&books, "payments/2026.csv"), before, "{name}");
    }
    let missing = books.run(&["import", "camt053", "/no/such/statement.xml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("coopbooks: cannot read /no/such/statement.xml: "),
        "{}",
        missing.stderr
    );
}

/// A credit booked in a closed month, or before the latest close (in a month without
/// movements, left open), is recorded late: on the first day after the close, 2026-04-01,
/// with its booking date in `booked` (a column the canonical payments file takes, every row
/// with it empty). The closed months' figures do not move: `check` passes. Importing again
/// adds nothing. A payments file without a memo column cannot take rows.
#[test]
fn closed_months_and_files_without_a_memo() {
    let books = Books::copy_of("atelier").without_statements();
    books.close_through("2026-03", None);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("march.xml");
    std::fs::write(
        &file,
        camt053(&[
            ("2025-09-10", "10.00", "EARLY-1", "C-2026-027", ""),
            ("2026-02-20", "100.00", "FEB-1", "C-2026-027", ""),
            ("2026-03-31", "100.00", "LATE-1", "C-2026-040", ""),
            ("2026-04-02", "900.00", "APR-1", "C-2026-040", ""),
        ]),
    )
    .unwrap();
    validate(&file, "08");
    let pay_march = books.run(&["--format", "csv", "pay", "2026-03"]).stdout;
    let r = books.run(&[
        "--format",
        "csv",
        "import",
        "camt053",
        file.to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    for line in [
        ",LATE-1,,C-2026-040,C-2026-040,payments/2026.csv,,payment,,2026-04-01\n",
        ",FEB-1,,C-2026-027,C-2026-027,payments/2026.csv,,payment,,2026-04-01\n",
        ",EARLY-1,,C-2026-027,C-2026-027,payments/2026.csv,,payment,,2026-04-01\n",
    ] {
        assert!(r.stdout.contains(line), "{line}: {}", r.stdout);
    }
    let payments = read(&books, "payments/2026.csv");
    assert!(
        payments.starts_with("contract,date,amount,kind,memo,booked\n"),
        "{payments}"
    );
    for row in [
        "C-2026-027,2026-04-01,10.00,payment,EARLY-1,2025-09-10\n",
        "C-2026-027,2026-04-01,100.00,payment,FEB-1,2026-02-20\n",
        "C-2026-040,2026-04-01,100.00,payment,LATE-1,2026-03-31\n",
        "C-2026-040,2026-04-02,900.00,payment,APR-1,\n",
    ] {
        assert!(payments.contains(row), "{row}: {payments}");
    }
    assert_eq!(books.run(&["check"]).code, 0);
    assert_eq!(books.run(&["fmt", "--check"]).code, 0);
    assert_eq!(
        books.run(&["--format", "csv", "pay", "2026-03"]).stdout,
        pay_march
    );
    let again = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert!(
        again
            .stdout
            .starts_with("Imported 0 rows, 0.00 EUR.\nAlready imported: 4 (1110.00 EUR)."),
        "{}",
        again.stdout
    );

    let books = Books::copy_of("atelier").file(
        "payments/2026.csv",
        "contract,date,amount\nC-2026-025,2026-03-12,600.00\n",
    );
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: nothing imported: payments/2026.csv has no memo column, where import \
             records the bank's reference of each row; add \"memo\" to its header\n"
        )
    );
    assert_eq!(
        read(&books, "payments/2026.csv"),
        "contract,date,amount\nC-2026-025,2026-03-12,600.00\n"
    );
}

/// `member` shows each contract's payment reference, and `check` warns of two ids that give
/// the same one.
#[test]
fn references_in_member_and_check() {
    let books = Books::copy_of("atelier");
    let j = books
        .run(&["--format", "json", "member", "alice", "--period", "2026-03"])
        .json();
    let c = &j["contracts"][0];
    assert_eq!(
        (c["id"].as_str(), c["reference"].as_str()),
        (Some("C-2026-025"), Some("RF08C2026025"))
    );
    let wide = books.run(&["--wide", "member", "alice", "--period", "2026-03"]);
    assert!(wide.stdout.contains("RF08 C202 6025"), "{}", wide.stdout);

    let books = books
        .replace("contracts/2026-03.csv", "C-2026-026,", "c2026025,")
        .replace("payments/2026.csv", "C-2026-026,", "c2026025,");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026-03.csv:3: warning: contract \"c2026025\": its payment reference \
             RF08C2026025 is also contract \"C-2026-025\"'s (the ids differ only in case or \
             punctuation); a bank payment by that reference cannot be matched to either\n\
             contracts/2026-03.csv:4: warning: invoice \"C-2026-027\" follows \"C-2026-025\" \
             (contracts/2026-03.csv:2) in series \"C-2026-\": number 26 is missing; invoice \
             numbers run without gaps\n\
             The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows, with 2 \
             warnings.\n"
        )
    );
}

/// A statement of another account than the co-op's `[bank]` is imported, with a warning.
#[test]
fn a_statement_of_another_account_is_said() {
    let books = Books::copy_of("atelier");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("savings.xml");
    let text = camt053(&[("2026-04-20", "100.00", "SAV-1", "C-2026-040", "")])
        .replace("BE68539007547034", "BE71096123456769");
    std::fs::write(&file, text).unwrap();
    validate(&file, "08");
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr),
        (
            0,
            format!(
                "coopbooks: warning: {} is a statement of account BE71096123456769, not of the \
                 co-op's (BE68539007547034 in coop.toml [bank]); imported all the same\n",
                file.display()
            )
        )
    );
    assert!(
        read(&books, "payments/2026.csv").contains("C-2026-040,2026-04-20,100.00,payment,SAV-1\n")
    );
}

/// Two statements in either order on the command line give the same bytes; importing them
/// one after the other gives the same again.
#[test]
fn the_order_of_the_files_does_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xml");
    let b = dir.path().join("b.xml");
    std::fs::write(
        &a,
        camt053(&[("2026-04-20", "363.00", "A-1", "C-2026-040", "")]),
    )
    .unwrap();
    std::fs::write(
        &b,
        camt053(&[
            ("2026-04-18", "302.50", "B-1", "C-2026-040", ""),
            ("2026-04-20", "484.00", "B-2", "C-2026-040", ""),
        ]),
    )
    .unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let after = |runs: &[&[&str]]| {
        let books = Books::copy_of("atelier");
        for files in runs {
            let mut args = vec!["import", "camt053"];
            args.extend_from_slice(files);
            books.run(&args);
        }
        read(&books, "payments/2026.csv")
    };
    // C-2026-040 has 900.00 + 21 % = 1089.00 open: 302.50 (B-1, the 18th) and 363.00 (A-1,
    // the 20th, before B-2 by reference) fit, 484.00 (B-2) would make 1149.50.
    let ab = after(&[&[a, b]]);
    assert!(ab.ends_with(
        "C-2026-040,2026-04-18,302.50,payment,B-1\nC-2026-040,2026-04-20,363.00,payment,A-1\n"
    ));
    assert_eq!(after(&[&[b, a]]), ab);
    assert_eq!(after(&[&[b], &[a]]).lines().count(), ab.lines().count());
}

/// Import writes the books: never at a revision, and never while another coopbooks holds them.
#[test]
fn import_writes_only_the_working_tree_under_its_lock() {
    let books = Books::copy_of("atelier");
    let file = statement(APRIL);
    let r = books.run(&["--rev", "HEAD", "import", "camt053", file.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: import writes to the books; it cannot import into them at a revision \
             (--rev)\n"
        )
    );
    let before = read(&books, "payments/2026.csv");
    let held = std::fs::File::open(books.path()).unwrap();
    held.lock().unwrap();
    let r = books.run(&["--wait", "0", "import", "camt053", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("another coopbooks is reading or writing these books"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&books, "payments/2026.csv"), before);
    held.unlock().unwrap();
}

/// An unmatched credit settled by hand — recorded with the bank's reference as its memo — is
/// counted as already imported from then on, so that the next import exits 0.
#[test]
fn a_credit_settled_by_hand_is_not_listed_again() {
    let books = Books::copy_of("atelier");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("may.xml");
    std::fs::write(
        &file,
        camt053(&[("2026-05-04", "50.00", "MAY-1", "Membership", "")]),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let r = books.run(&["--format", "csv", "import", "camt053", f]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("unmatched,"), "{}", r.stdout);
    let books = books.append(
        "payments/2026.csv",
        "C-2026-040,2026-05-04,50.00,payment,\"MAY-1 membership fee, by hand\"\n",
    );
    let r = books.run(&["import", "camt053", f]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "Imported 0 rows, 0.00 EUR.\nAlready imported: 1 (50.00 EUR). Skipped: 0. Unmatched: 0.\n"
    );
}

/// Writes a statement of `entries` (see `camt053`) to `dir/name`, validated against the XSD.
fn statement_file(dir: &Path, name: &str, entries: &[(&str, &str, &str, &str, &str)]) -> String {
    let file = dir.join(name);
    std::fs::write(&file, camt053(entries)).unwrap();
    validate(&file, "08");
    file.to_str().unwrap().to_string()
}

/// The rows an import added to the atelier's payments file.
fn added(books: &Books) -> String {
    let now = read(books, "payments/2026.csv");
    let before =
        std::fs::read_to_string(common::fixture("atelier").join("payments/2026.csv")).unwrap();
    // Rows go in their place by date and contract: the new ones are those not there before.
    let mut old: Vec<&str> = before.lines().collect();
    let mut out = String::new();
    for line in now.lines() {
        match old.iter().position(|o| *o == line) {
            Some(i) => {
                old.remove(i);
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert!(old.is_empty(), "rows removed: {old:?}");
    out
}

/// Second attack, finding 1: two different credits that share the payer's end-to-end id, and
/// no bank reference, are two payments — in one statement, and across two imports.
#[test]
fn credits_that_share_a_reference_are_each_imported() {
    let dir = tempfile::tempdir().unwrap();
    let both = statement_file(
        dir.path(),
        "both.xml",
        &[
            ("2026-04-15", "100.00", "e2e:INV-42", "C-2026-027", ""),
            ("2026-04-16", "200.00", "e2e:INV-42", "C-2026-029", ""),
        ],
    );
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", &both]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Imported 2 rows, 300.00 EUR, into payments/2026.csv.\n\
             Already imported: 0 (0.00 EUR). Skipped: 0. Unmatched: 0.\n"
        )
    );
    assert_eq!(
        added(&books),
        "C-2026-027,2026-04-15,100.00,payment,INV-42\nC-2026-029,2026-04-16,200.00,payment,INV-42\n"
    );
    // Again: both are the same transactions as the rows, so nothing is added.
    let r = books.run(&["import", "camt053", &both]);
    assert!(
        r.stdout.contains("Already imported: 2 (300.00 EUR)"),
        "{}",
        r.stdout
    );

    // One import after the other: the second is a new credit, not "already imported".
    let books = Books::copy_of("atelier");
    let first = statement_file(
        dir.path(),
        "first.xml",
        &[("2026-04-15", "100.00", "e2e:INV-42", "C-2026-027", "")],
    );
    let second = statement_file(
        dir.path(),
        "second.xml",
        &[("2026-04-16", "200.00", "e2e:INV-42", "C-2026-029", "")],
    );
    assert_eq!(books.run(&["import", "camt053", &first]).code, 0);
    let r = books.run(&["import", "camt053", &second]);
    assert_eq!(
        (r.code, r.stdout.lines().next()),
        (
            0,
            Some("Imported 1 row, 200.00 EUR, into payments/2026.csv.")
        )
    );
    assert_eq!(
        added(&books),
        "C-2026-027,2026-04-15,100.00,payment,INV-42\nC-2026-029,2026-04-16,200.00,payment,INV-42\n"
    );
}

/// Finding 1, across statements: a bank that numbers each statement's entries from 1 gives
/// April's and May's first credit the same reference; May's 250.00 is a payment of its own.
#[test]
fn a_reference_reused_by_the_next_statement_is_a_new_credit() {
    let dir = tempfile::tempdir().unwrap();
    let april = statement_file(
        dir.path(),
        "april.xml",
        &[("2026-04-15", "100.00", "1", "C-2026-027", "")],
    );
    let may = statement_file(
        dir.path(),
        "may.xml",
        &[("2026-05-04", "250.00", "1", "C-2026-038", "")],
    );
    let books = Books::copy_of("atelier");
    assert_eq!(books.run(&["import", "camt053", &april]).code, 0);
    let r = books.run(&["import", "camt053", &may]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        added(&books),
        "C-2026-027,2026-04-15,100.00,payment,1\nC-2026-038,2026-05-04,250.00,payment,1\n"
    );
    // The same two files in one run, in either order: the same two rows.
    for files in [[&april, &may], [&may, &april]] {
        let books = Books::copy_of("atelier");
        let r = books.run(&["import", "camt053", files[0], files[1]]);
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert_eq!(
            added(&books),
            "C-2026-027,2026-04-15,100.00,payment,1\nC-2026-038,2026-05-04,250.00,payment,1\n"
        );
    }
    // A credit whose reference is known but whose facts differ, and which cannot be recorded
    // (it overpays), is left unmatched, exit 1 — never dropped as imported.
    let over = statement_file(
        dir.path(),
        "over.xml",
        &[("2026-05-05", "5000.00", "1", "C-2026-038", "")],
    );
    let r = books.run(&["import", "camt053", &over]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("overpays C-2026-038: 1020.50 open"),
        "{}",
        r.stdout
    );
}

/// Finding 2: a memo written by hand that merely begins with a credit's reference (`first
/// half` and the reference `first`) is not the credit.
#[test]
fn a_memo_that_begins_with_the_reference_is_not_the_credit() {
    let dir = tempfile::tempdir().unwrap();
    let file = statement_file(
        dir.path(),
        "first.xml",
        &[("2026-04-20", "100.00", "first", "C-2026-038", "")],
    );
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", &file]);
    assert_eq!(
        (r.code, r.stdout.lines().next()),
        (
            0,
            Some("Imported 1 row, 100.00 EUR, into payments/2026.csv.")
        )
    );
    assert_eq!(
        added(&books),
        "C-2026-038,2026-04-20,100.00,payment,first\n"
    );
}

/// Second attack, finding 11: what a user would expect of amounts written as XML allows
/// (`5.`, `.5`, `+1.50`, `2.10000`), of a statement in UTF-16, of one given twice, and of a
/// booking date in year 1.
#[test]
fn amounts_as_xml_writes_them_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = statement_file(
        dir.path(),
        "decimals.xml",
        &[
            ("2026-04-15", "5.", "D-1", "C-2026-027", ""),
            ("2026-04-15", ".5", "D-2", "C-2026-027", ""),
            ("2026-04-15", "+1.50", "D-3", "C-2026-027", ""),
            ("2026-04-15", "2.10000", "D-4", "C-2026-027", ""),
            ("2026-04-15", "0.005", "D-5", "C-2026-027", ""),
        ],
    );
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    // 5.00 + 0.50 + 1.50 + 2.10 = 9.10; 0.005 has 3 decimals, which no euro amount has.
    assert!(
        r.stdout.starts_with("Imported 4 rows, 9.10 EUR"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("amount \"0.005\" has 3 decimal places; EUR amounts have at most 2"),
        "{}",
        r.stdout
    );
    assert_eq!(
        added(&books),
        // In canonical order (the file is): by date, contract, kind, then amount.
        "C-2026-027,2026-04-15,0.50,payment,D-2\n\
         C-2026-027,2026-04-15,1.50,payment,D-3\n\
         C-2026-027,2026-04-15,2.10,payment,D-4\n\
         C-2026-027,2026-04-15,5.00,payment,D-1\n"
    );
}

#[test]
fn a_statement_in_utf16_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("utf16.xml");
    let text = camt053(&[("2026-04-15", "5.00", "U-1", "C-2026-027", "")])
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&file, bytes).unwrap();
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "{}:1: is UTF-16 text, not UTF-8; save it as UTF-8, or download the statement again \
             in UTF-8 (coopbooks reads statements in UTF-8)\n\
             coopbooks: nothing imported: a file is not a camt.053 statement that can be read\n",
            file.display()
        )
    );
}

#[test]
fn a_statement_given_twice_is_read_once() {
    let file = statement(APRIL);
    let f = file.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.xml");
    std::fs::copy(&file, &copy).unwrap();
    let books = Books::copy_of("atelier");
    let r = books.run(&[
        "import",
        "camt053",
        "--dry-run",
        f,
        f,
        copy.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "Would import 5 rows, 4095.85 EUR, into payments/2026.csv (a dry run: nothing \
             written).\nAlready imported: 0 (0.00 EUR). Skipped: 3. Unmatched: 5.\n"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        format!(
            "coopbooks: {f} holds the same statement as {f}; read once\n\
             coopbooks: {} holds the same statement as {f}; read once\n\
             coopbooks: 5 transactions left unmatched, to settle by hand (the others were not \
             written: a dry run)\n",
            copy.display()
        )
    );
}

#[test]
fn a_booking_date_before_1900_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = statement_file(
        dir.path(),
        "year1.xml",
        &[("0001-04-15", "5.00", "Y-1", "C-2026-027", "")],
    );
    let books = Books::copy_of("atelier");
    let r = books.run(&["import", "camt053", &file]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "{file}:6: <BookgDt> \"0001-04-15\": is before 1900; a booking date is a date such \
             as 2026-03-15\n\
             coopbooks: nothing imported: a file is not a camt.053 statement that can be read\n"
        )
    );
    assert!(!books.path().join("payments/1.csv").exists());
    assert!(!books.path().join("payments/0001.csv").exists());
}

/// With VAT, a client pays the amount and its VAT: a 600.00 invoice at 21 % is settled
/// exactly by 726.00, and a credit a cent over what an invoice still owes (C-3: 353.33 −
/// 176.67 = 176.66) is an overpayment.
#[test]
fn a_payment_with_vat_settles_its_invoice_exactly() {
    let books = common::Books::with_vat()
        .file(
            "payments/2026.csv",
            "contract,date,amount,kind,memo\nC-1,2026-03-05,726.00,,\nC-3,2026-03-04,176.67,,\n",
        )
        .append(
            "contracts/2026-03.csv",
            "C-4,ann,acme,2026-03-20,6,600.00,\n",
        );
    let dir = tempfile::tempdir().unwrap();
    let file = statement_file(
        dir.path(),
        "april.xml",
        &[
            ("2026-04-02", "726.00", "VAT-1", "Invoice C-4", ""),
            ("2026-04-03", "176.67", "VAT-2", "Invoice C-3", ""),
        ],
    );
    let r = books.run(&["import", "camt053", &file]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with(
            "Imported 1 row, 726.00 EUR, into payments/2026.csv.\n\
             Already imported: 0 (0.00 EUR). Skipped: 0. Unmatched: 1.\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("overpays C-3: 176.66 open"),
        "{}",
        r.stdout
    );
    assert!(
        read(&books, "payments/2026.csv").ends_with("C-4,2026-04-02,726.00,payment,VAT-1\n"),
        "{}",
        read(&books, "payments/2026.csv")
    );
    assert_eq!(books.run(&["check"]).code, 0);
    let j = books.run(&["--format", "json", "member", "ann"]).json();
    let c4 = &j["contracts"][3];
    assert_eq!(
        (&c4["id"], &c4["vat"], &c4["paid"], &c4["open"]),
        (
            &"C-4".into(),
            &"126.00".into(),
            &"726.00".into(),
            &"0.00".into()
        )
    );
}
