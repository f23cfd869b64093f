//! `payslips`: one file per member paid in the month, in text, HTML or PDF, with the `pay` figures.

mod common;
use common::{Books, fixture, run};

fn slips(books: &std::path::Path, args: &[&str]) -> (common::Run, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut all = vec!["payslips", "2026-03", "--out", out.path().to_str().unwrap()];
    all.extend_from_slice(args);
    (run(books, &all), out)
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn alice_text_payslip() {
    let (r, out) = slips(&fixture("atelier"), &["--as", "txt", "--member", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("{}\n", out.path().join("2026-03-alice.txt").display())
    );
    let text = std::fs::read_to_string(out.path().join("2026-03-alice.txt")).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    // The employer as [seller] names it (legal name, address, company number); the manual's
    // worked example; each contract's id, its levies together (39.00 + 9.00 +
    // 3.00 = 51.00) and its client, date and description, within 80 columns; year to date:
    // gross 853.35 + 935.20 + 2125.98 = 3914.53, net 741.82 + 812.97 + 1636.08 = 3190.87,
    // hours 13 + 14 + 26 = 53.
    assert_eq!(
        text,
        "Atelier Commun
Atelier Commun SCRL, Rue des Tanneurs 58, 1000 Bruxelles, BE
Company number 0123456749
Payslip 2026-03

Member:   Alice Martin (alice)
IBAN:     **** **** **** 6769
Model:    salaried
Currency: EUR

Contracts
  Contract    Pay date    Hours   Amount  Levies  Expenses   Budget
  C-2026-025  2026-03-16      6   600.00   51.00     45.00   504.00
    Théâtre du Parc, 2026-03-05: Stage lighting
  C-2026-034  2026-03-31     20  2400.00  204.00      0.00  2196.00
    Ville de Namur, 2026-03-20: Workshop series
  -----------------------------------------------------------------
  Total                      26  3000.00  255.00     45.00  2700.00
    levies: mutual 195.00, guarantee 45.00, solidarity 15.00

Pay
  Budget                  2700.00
  Employer contributions   574.02
  Gross salary            2125.98
  Employee contributions   277.87
  Taxable                 1848.11
  Withholding              212.03
  Net                     1636.08
  Expenses repaid           45.00
  Payout                  1681.08

Year to date (2026-01 to 2026-03)
  Gross                   3914.53
  Net                     3190.87
  Hours                        53
"
    );
    assert_eq!(names(out.path()), ["2026-03-alice.txt"]);
}

#[test]
fn pdf_payslip_has_the_figures_as_text() {
    let (r, out) = slips(&fixture("atelier"), &["--member", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(out.path().join("2026-03-alice.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    for needle in [
        "Atelier Commun",
        "Payslip 2026-03",
        "Alice Martin",
        "Théâtre du Parc",
        "**** **** **** 6769",
        "1636.08",
        "1681.08",
        "3914.53",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    // Each contract's id, its client and what the work was.
    for needle in [
        "C-2026-025",
        "Théâtre du Parc: Stage lighting",
        "C-2026-034",
        "Ville de Namur: Workshop series",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    // Names in full, Latin Extended too, in the embedded font.
    let b = Books::copy_of("atelier").replace(
        "members/zoe.toml",
        "Zoë Claes",
        "Zoë Łukasz-Šárka Ørsted",
    );
    let (_, out) = slips(b.path(), &["--member", "zoe"]);
    let zoe = std::fs::read(out.path().join("2026-03-zoe.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem(&zoe).unwrap();
    assert!(
        text.contains("Zoë Łukasz-Šárka Ørsted (zoe)") && text.contains("École de Cirque"),
        "{text}"
    );
    assert!(contains(&zoe, b"+DejaVuSans\n") && !contains(&zoe, b"Helvetica"));
    // The same books give the same bytes.
    let (_, again) = slips(&fixture("atelier"), &["--member", "alice"]);
    assert_eq!(
        bytes,
        std::fs::read(again.path().join("2026-03-alice.pdf")).unwrap()
    );
}

#[test]
fn html_payslip_is_escaped_and_self_contained() {
    let b = Books::copy_of("atelier").replace(
        "contracts/2026-03.csv",
        "C-2026-025,alice,Théâtre du Parc,",
        "C-2026-025,alice,<script>alert(1)</script>,",
    );
    let (r, out) = slips(b.path(), &["--as", "html", "--member", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.path().join("2026-03-alice.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    // The client escaped, the contract's id and description beside it.
    assert!(html.contains(
        "<td>C-2026-025</td><td>&lt;script&gt;alert(1)&lt;/script&gt;<br><small>Stage \
         lighting</small></td>"
    ));
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("http") && !html.contains("<link"),
        "no external assets"
    );
    for needle in [
        "Alice Martin (alice)",
        "<td class=\"n\">1636.08</td>",
        "<td class=\"n\">1681.08</td>",
        "Ville de Namur",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[test]
fn one_file_per_paid_member() {
    let (r, out) = slips(&fixture("atelier"), &["--as", "txt"]);
    assert_eq!(r.code, 0);
    // Hugo left in February: no March contract, no payslip.
    assert_eq!(
        names(out.path()),
        [
            "alice", "bruno", "chloe", "david", "emma", "farid", "greta", "ines", "zoe"
        ]
        .map(|m| format!("2026-03-{m}.txt"))
    );
    assert_eq!(r.stdout.lines().count(), 9);
}

#[test]
fn member_without_contracts_and_unknown_member() {
    let (r, out) = slips(&fixture("atelier"), &["--member", "hugo"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: hugo has no contracts in 2026-03: no payslip written\n"
        )
    );
    assert!(names(out.path()).is_empty());
    let (r, _) = slips(&fixture("atelier"), &["--member", "nobody"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: no member \"nobody\" (no members/nobody.toml)\n"
        )
    );
}

/// A run that writes nothing makes no folder: `--out` is created only once there are
/// payslips to write (not for an unknown member, a member without contracts, books with
/// errors).
#[test]
fn a_refused_run_creates_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("slips");
    let o = out.to_str().unwrap();
    for (books, member, code) in [
        (fixture("atelier"), "nobody", 2),
        (fixture("atelier"), "hugo", 1),
        (fixture("bad/values"), "alice", 1),
    ] {
        let r = run(
            &books,
            &["payslips", "2026-03", "--out", o, "--member", member],
        );
        assert_eq!(r.code, code, "{member}: {r:?}");
        assert!(!out.exists(), "{member}: {} was made", out.display());
    }
}

#[test]
fn existing_files_need_force() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("slips/march");
    let d = dir.to_str().unwrap();
    let first = run(
        &fixture("atelier"),
        &[
            "payslips", "2026-03", "--out", d, "--as", "txt", "--member", "alice",
        ],
    );
    assert_eq!(first.code, 0, "created with its parents: {}", first.stderr);
    std::fs::write(dir.join("2026-03-alice.txt"), "mine").unwrap();
    let r = run(
        &fixture("atelier"),
        &[
            "payslips", "2026-03", "--out", d, "--as", "txt", "--member", "alice",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "coopbooks: not overwriting {}; use --force to replace\n",
            dir.join("2026-03-alice.txt").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("2026-03-alice.txt")).unwrap(),
        "mine"
    );
    let r = run(
        &fixture("atelier"),
        &[
            "payslips", "2026-03", "--out", d, "--as", "txt", "--member", "alice", "--force",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(
        std::fs::read_to_string(dir.join("2026-03-alice.txt"))
            .unwrap()
            .starts_with("Atelier Commun\n")
    );
    // Nothing but the payslip in the directory: no temporary file left behind.
    assert_eq!(names(&dir), ["2026-03-alice.txt"]);
}

#[test]
fn violations_refuse_payslips() {
    let (r, out) = slips(&fixture("bad/rules"), &["--as", "txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.ends_with("coopbooks: 2026-03 has 5 rule violations; fix the contracts or set violations = \"warn\" under [rules]\n"));
    assert!(names(out.path()).is_empty());
}

#[test]
fn payslip_figures_equal_the_pay_report() {
    // Every member's net and payout in the text payslips equal `pay`'s JSON.
    let pay = run(&fixture("atelier"), &["--format", "json", "pay", "2026-03"]).json();
    let (_, out) = slips(&fixture("atelier"), &["--as", "txt"]);
    for m in pay["members"].as_array().unwrap() {
        let id = m["member"].as_str().unwrap();
        let text = std::fs::read_to_string(out.path().join(format!("2026-03-{id}.txt"))).unwrap();
        let value = |label: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label))
                .and_then(|l| l.split_whitespace().last())
                .unwrap()
                .to_string()
        };
        assert_eq!(value("Net "), m["net"].as_str().unwrap(), "{id}");
        assert_eq!(value("Payout"), m["payout"].as_str().unwrap(), "{id}");
        // A fee statement without withholding has no such line.
        let withheld = m["withholding"].as_str().unwrap();
        if m["model"] == "contractor" && withheld == "0.00" {
            assert!(!text.contains("Withholding"), "{id}");
        } else {
            assert_eq!(value("Withholding"), withheld, "{id}");
        }
    }
}

#[test]
fn a_contractor_gets_a_fee_statement_without_salary_lines() {
    // The example co-op without `withhold_contractors`: Bruno's fee is paid whole. His March
    // budgets 1921.50 + 439.20 = 2360.70 are his fee, his net and (no expenses) his payout;
    // fees this year 2232.60 + 2196.00 + 2360.70 = 6789.30.
    let books = Books::copy_of("atelier").replace(
        "coop.toml",
        "withhold_contractors = true",
        "withhold_contractors = false",
    );
    let (r, out) = slips(books.path(), &["--as", "txt", "--member", "bruno"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(out.path().join("2026-03-bruno.txt")).unwrap();
    assert!(text.contains("\nFee statement 2026-03\n"), "{text}");
    assert!(!text.contains("Payslip"), "{text}");
    let pay = &text[text.find("\nPay\n").unwrap()..];
    assert_eq!(
        pay,
        "
Pay
  Budget           2360.70
  Contractor fee   2360.70
  Net              2360.70
  Expenses repaid     0.00
  Payout           2360.70

Year to date (2026-01 to 2026-03)
  Fees             6789.30
  Net              6789.30
  Hours                 98
"
    );
    // The HTML's title and heading say the same.
    let (r, out) = slips(books.path(), &["--as", "html", "--member", "bruno"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.path().join("2026-03-bruno.html")).unwrap();
    assert!(html.contains("<title>Fee statement 2026-03 - Bruno Lefèvre</title>"));
    assert!(html.contains("<h1>Fee statement 2026-03</h1>"));
    assert!(!html.contains("Employer contributions"));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
