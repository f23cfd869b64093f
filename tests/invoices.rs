//! `invoices PERIOD --out DIR`: a Peppol BIS 3.0 e-invoice and a PDF per contract, every kind
//! of VAT and credit notes, judged by the official validator; the PDF's text and QR code
//! against the XML's figures; refusals; same books, same bytes.

mod common;
use common::Books;
use std::path::{Path, PathBuf};

/// Writes March's documents of `Books::invoicing` into a new folder.
fn written(books: &Books, args: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = vec!["invoices", "2026-03", "--out", out.to_str().unwrap()];
    all.extend(args);
    let r = books.run(&all);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    let files: Vec<PathBuf> = r.stdout.lines().map(PathBuf::from).collect();
    (dir, files)
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A PDF's text, as pdftotext gives it back.
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the one element `tag` (the first), between its tags.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no {tag}"));
    let after = start + open.len();
    let from = after + xml[after..].find('>').unwrap() + 1;
    let end = from + xml[from..].find('<').unwrap();
    &xml[from..end]
}

/// Every kind the books have — S, AE, Z, E, K, G, O, a credit note, a credit note of a
/// fronted invoice — passes the official rules: the UBL 2.1 XSD, CEN EN 16931 (as published
/// and as Peppol bundles it) and OpenPeppol BIS 3.0, with no fatal error.
#[test]
fn every_kind_passes_the_peppol_rules() {
    let books = Books::invoicing();
    let (_dir, files) = written(&books, &["--as", "ubl"]);
    let names: Vec<&str> = (files.iter())
        .map(|f| f.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "C-1.xml", "C-2.xml", "C-3.xml", "C-4.xml", "C-5.xml", "C-6.xml", "C-7.xml", "C-8.xml",
            "C-9.xml"
        ]
    );
    let categories: Vec<String> = (files.iter())
        .map(|f| {
            let x = text(f);
            let root = if x.contains("<CreditNote ") {
                "CN"
            } else {
                "IN"
            };
            format!(
                "{root} {}",
                element(&x[x.find("<cac:TaxCategory>").unwrap()..], "cbc:ID")
            )
        })
        .collect();
    assert_eq!(
        categories,
        [
            "IN S", "IN AE", "IN Z", "IN E", "IN K", "IN G", "IN O", "CN S", "CN AE"
        ]
    );
    let Some(script) = common::einvoice_validator() else {
        return;
    };
    let (ok, report) = common::peppol_validate(&script, &files);
    assert!(ok, "{report}");
    assert!(report.contains("peppol: 9 files, 0 fatal"), "{report}");
}

/// C-1's figures by hand: 600.00 at 21 % is 126.00 of VAT, 726.00 to pay by 2026-03-02 + 30
/// days = 2026-04-01, by SEPA credit transfer (58) to the co-op's IBAN with C-1's reference
/// RF35C1. C-8 is a credit note of 100.00 + 21.00 that names C-1; C-7, outside the scope of
/// VAT, has no percentage and no VAT numbers.
#[test]
fn an_invoices_figures_by_hand() {
    let books = Books::invoicing();
    let (_dir, files) = written(&books, &["--as", "ubl"]);
    let c1 = text(&files[0]);
    let figures = [
        ("cbc:IssueDate", "2026-03-02"),
        ("cbc:DueDate", "2026-04-01"),
        ("cbc:InvoiceTypeCode", "380"),
        ("cbc:LineExtensionAmount", "600.00"),
        ("cbc:TaxAmount", "126.00"),
        ("cbc:Percent", "21"),
        ("cbc:TaxInclusiveAmount", "726.00"),
        ("cbc:PayableAmount", "726.00"),
        ("cbc:PaymentMeansCode", "58"),
        ("cbc:PaymentID", "RF35C1"),
        ("cbc:InvoicedQuantity", "10"),
        ("cbc:Name", "Test Co-op SC"),
    ];
    for (tag, want) in figures {
        assert_eq!(element(&c1, tag), want, "{tag}");
    }
    assert!(c1.contains("<cac:PayeeFinancialAccount>\n      <cbc:ID>BE68539007547034</cbc:ID>"));
    assert!(c1.contains("<cbc:Note>Work by Łukasz Zoë Šárka</cbc:Note>"));
    let c8 = text(&files[7]);
    assert!(c8.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreditNote "));
    for (tag, want) in [
        ("cbc:CreditNoteTypeCode", "381"),
        ("cac:InvoiceDocumentReference><cbc:ID", "C-1"),
        ("cbc:TaxAmount", "21.00"),
        ("cbc:LineExtensionAmount", "100.00"),
        ("cbc:PayableAmount", "121.00"),
    ] {
        let x = c8.replace("\n", "").replace("  ", "");
        assert_eq!(element(&x, tag), want, "{tag}");
    }
    let c7 = text(&files[6]);
    assert!(!c7.contains("<cbc:Percent>"), "{c7}");
    assert!(!c7.contains("<cac:PartyTaxScheme>"), "{c7}");
    assert_eq!(element(&c7, "cbc:TaxExemptionReason"), "Not subject to VAT");
}

/// The PDF says what the XML says: each document's text (pdftotext) has the XML's net, VAT
/// and total, its number and dates, the member's name in full (an embedded font with Latin
/// Extended), and an invoice its printed RF reference and IBAN.
#[test]
fn the_pdf_has_the_xmls_figures() {
    if !common::have("pdftotext", "apt-get install -y poppler-utils") {
        return;
    }
    let books = Books::invoicing();
    let (_dir, files) = written(&books, &[]);
    assert_eq!(files.len(), 18);
    for pair in files.chunks(2) {
        let (pdf, xml) = (&pair[0], text(&pair[1]));
        let shown = pdf_text(pdf);
        for tag in [
            "cbc:ID",
            "cbc:IssueDate",
            "cbc:LineExtensionAmount",
            "cbc:TaxAmount",
            "cbc:PayableAmount",
        ] {
            let want = element(&xml, tag);
            assert!(
                shown.contains(want),
                "{}: {tag} {want} in {shown}",
                pdf.display()
            );
        }
        assert!(shown.contains("Work by Łukasz Zoë Šárka"), "{shown}");
    }
    let c1 = pdf_text(&files[0]);
    for want in [
        "INVOICE",
        "Please pay 726.00 EUR by 2026-04-01",
        "BE68 5390 0754 7034",
        "RF35 C1",
    ] {
        assert!(c1.contains(want), "{want} in {c1}");
    }
    let c8 = pdf_text(&files[14]);
    assert!(c8.contains("CREDIT NOTE"), "{c8}");
    assert!(c8.contains("invoice C-1 of 2026-03-02"), "{c8}");
}

/// The QR code on an invoice is the EPC069-12 text a banking app reads: the co-op's name and
/// IBAN, the total in euro, the RF reference.
#[test]
fn the_qr_code_pays_the_invoice() {
    if !common::have("pdftoppm", "apt-get install -y poppler-utils")
        || !common::have("zbarimg", "apt-get install -y zbar-tools")
    {
        return;
    }
    let books = Books::invoicing();
    let (dir, files) = written(&books, &["--as", "pdf", "--contract", "C-1"]);
    let png = dir.path().join("c1");
    let ok = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "200",
            files[0].to_str().unwrap(),
            png.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = std::process::Command::new("zbarimg")
        .args(["-q", "--raw", dir.path().join("c1-1.png").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "BCD\n002\n1\nSCT\n\nTest Co-op\nBE68539007547034\nEUR726.00\n\nRF35C1\n\n"
    );
}

/// Same books, same bytes; a file there already is kept unless --force.
#[test]
fn same_books_same_bytes_and_no_overwriting() {
    let books = Books::invoicing();
    let (_a, first) = written(&books, &[]);
    let (_b, second) = written(&books, &[]);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{}",
            a.display()
        );
    }
    let out = first[0].parent().unwrap().to_str().unwrap().to_string();
    let r = books.run(&["invoices", "2026-03", "--out", &out, "--contract", "C-1"]);
    assert_eq!(
        (r.code, r.stderr),
        (
            2,
            format!(
                "coopbooks: not overwriting {out}/C-1.pdf, {out}/C-1.xml; use --force to replace\n"
            )
        )
    );
    let r = books.run(&[
        "invoices",
        "2026-03",
        "--out",
        &out,
        "--contract",
        "C-1",
        "--force",
    ]);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 2), "{}", r.stderr);
}

/// A contract that cannot be invoiced is named at its row, and nothing is written (exit 1);
/// books without a [seller] are a usage error (exit 2).
#[test]
fn what_cannot_be_invoiced() {
    let books = Books::invoicing().append(
        "contracts/2026-03.csv",
        "C-10,ann,nobody,2026-03-25,1,10.00,,,,\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = books.run(&["invoices", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "contracts/2026-03.csv:11: contract \"C-10\": client \"nobody\" has no record \
             (clients/nobody.toml); an invoice needs its buyer's name and address\n\
             coopbooks: no invoices written: 1 contract cannot be invoiced\n"
        )
    );
    assert!(!out.exists());
    let books =
        Books::invoicing().replace("clients/us.toml", "endpoint = \"0060:123456789\"\n", "");
    let r = books.run(&[
        "invoices",
        "2026-03",
        "--out",
        out.to_str().unwrap(),
        "--as",
        "ubl",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "contracts/2026-03.csv:7: contract \"C-6\": clients/us.toml has no endpoint; a \
             Peppol e-invoice is sent to the buyer's electronic address\n"
        ),
        "{}",
        r.stderr
    );
    // The PDF alone needs no endpoint.
    let r = books.run(&[
        "invoices",
        "2026-03",
        "--out",
        out.to_str().unwrap(),
        "--as",
        "pdf",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = Books::with_vat().run(&["invoices", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("coopbooks: coop.toml has no [seller] table"),
        "{}",
        r.stderr
    );
}

/// The example books' whole year — 40 invoices at 21 %, exempt and reverse charged, and the
/// April credit note — passes the Peppol rules too.
#[test]
fn the_example_books_invoices_pass() {
    let books = Books::copy_of("atelier");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = books.run(&[
        "invoices",
        "2026",
        "--out",
        out.to_str().unwrap(),
        "--as",
        "ubl",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let files: Vec<PathBuf> = r.stdout.lines().map(PathBuf::from).collect();
    assert_eq!(files.len(), 41);
    let note = text(&files[40]);
    assert!(note.contains("<cac:InvoiceDocumentReference>\n      <cbc:ID>C-2026-024</cbc:ID>"));
    let reverse = text(&files[38]);
    assert_eq!(
        element(
            &reverse[reverse.find("<cac:TaxCategory>").unwrap()..],
            "cbc:ID"
        ),
        "AE"
    );
    let Some(script) = common::einvoice_validator() else {
        return;
    };
    let (ok, report) = common::peppol_validate(&script, &files);
    assert!(ok, "{report}");
    assert!(report.contains("peppol: 41 files, 0 fatal"), "{report}");
}
