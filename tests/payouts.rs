//! `payouts MONTH --out FILE`: the month's payouts as a SEPA credit transfer file
//! (pain.001.001.09), checked figure by figure against `pay` and validated against the
//! official XSD with xmllint.

mod common;
use common::{Books, fixture, run, xmllint, xsd};
use std::os::unix::fs::FileTypeExt;

/// Each transfer of a file: (end-to-end id, amount, creditor name, IBAN), by end-to-end id.
fn transfers(xml: &str) -> Vec<(String, String, String, String)> {
    let field = |block: &str, open: &str, close: &str| {
        let start = block.find(open).unwrap() + open.len();
        let end = start + block[start..].find(close).unwrap();
        block[start..end].to_string()
    };
    let mut all: Vec<_> = xml
        .split("<CdtTrfTxInf>")
        .skip(1)
        .map(|b| {
            (
                field(b, "<EndToEndId>", "</EndToEndId>"),
                field(b, "Ccy=\"EUR\">", "</InstdAmt>"),
                field(b, "<Cdtr><Nm>", "</Nm>"),
                field(b, "<IBAN>", "</IBAN>"),
            )
        })
        .collect();
    // By end-to-end id (`MONTH-member`): in member order, whatever day's block each is in.
    all.sort();
    all
}

fn validate(file: &std::path::Path) {
    if let Some(schema) = xsd("pain.001.001.09") {
        xmllint(&schema, file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// The atelier's March: nine members paid, each their payout in `pay 2026-03` (alice 1681.08 =
/// net 1636.08 + expenses 45.00, …), the control sum 11615.57 (the pay table's total payout),
/// all executed on `--date` 2026-04-10, from the [bank] of coop.toml.
#[test]
fn the_atelier_march_payouts() {
    let books = Books::copy_of("atelier");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&[
        "payouts",
        "2026-03",
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-04-10",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            format!(
                "Wrote {}: 9 transfers, 11615.57 EUR, to be executed on 2026-04-10\n",
                out.display()
            )
            .as_str(),
            ""
        )
    );
    let xml = std::fs::read_to_string(&out).unwrap();
    validate(&out);
    let pay = run(&fixture("atelier"), &["--format", "json", "pay", "2026-03"]).json();
    let expected: Vec<(String, String)> = (pay["members"].as_array().unwrap().iter())
        .map(|m| {
            (
                format!("2026-03-{}", m["member"].as_str().unwrap()),
                m["payout"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let got = transfers(&xml);
    assert_eq!(
        got.iter()
            .map(|t| (t.0.clone(), t.1.clone()))
            .collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        got.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
        [
            "1681.08", "2020.52", "858.21", "1563.14", "641.95", "768.60", "701.46", "2255.53",
            "1125.08"
        ]
    );
    // Accents written without them; IBANs without spaces.
    assert_eq!(got[1].2, "Bruno Lefevre");
    assert_eq!(got[7].2, "Ines Moreau");
    assert_eq!(
        got[8],
        (
            "2026-03-zoe".into(),
            "1125.08".into(),
            "Zoe Claes".into(),
            "BE78363012349876".into()
        )
    );
    for needle in [
        "<NbOfTxs>9</NbOfTxs>",
        "<CtrlSum>11615.57</CtrlSum>",
        "<CreDtTm>2026-04-10T00:00:00</CreDtTm>",
        "<ReqdExctnDt><Dt>2026-04-10</Dt></ReqdExctnDt>",
        "<Dbtr><Nm>Atelier Commun SCRL</Nm></Dbtr>",
        "<DbtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></DbtrAcct>",
        "<BICFI>GEBABEBB</BICFI>",
        "<RmtInf><Ustrd>Pay 2026-03</Ustrd></RmtInf>",
    ] {
        assert_eq!(
            xml.matches(needle).count(),
            if needle.contains("NbOfTxs") || needle.contains("CtrlSum") {
                2
            } else if needle.contains("Ustrd") {
                9
            } else {
                1
            },
            "{needle}"
        );
    }
    // The same books and date give the same bytes; an existing file needs --force.
    let again = dir.path().join("again.xml");
    let args = ["payouts", "2026-03", "--out", again.to_str().unwrap()];
    assert_eq!(
        books
            .run(&[&args[..], &["--date", "2026-04-10"]].concat())
            .code,
        0
    );
    assert_eq!(std::fs::read(&again).unwrap(), xml.as_bytes());
    // Without --date, each member's transfer is executed on their latest pay date of March:
    // one payment instruction a day. Alice's C-2026-025 is due on 2026-03-16 and C-2026-034
    // on 2026-03-31: her 1681.08 on 2026-03-31, alone that day; David's on 2026-04-10.
    let by_day = dir.path().join("by-day.xml");
    let r = books.run(&["payouts", "2026-03", "--out", by_day.to_str().unwrap()]);
    assert_eq!(
        r.stdout,
        format!(
            "Wrote {}: 9 transfers, 11615.57 EUR, to be executed on 2026-03-25 (1), 2026-03-26 \
             (1), 2026-03-31 (1), 2026-04-01 (1), 2026-04-03 (1), 2026-04-07 (1), 2026-04-08 \
             (1), 2026-04-09 (1), 2026-04-10 (1)\n",
            by_day.display()
        )
    );
    let days = std::fs::read_to_string(&by_day).unwrap();
    validate(&by_day);
    assert_eq!(days.matches("<PmtInf>").count(), 9);
    assert!(days.contains(
        "<CtrlSum>1681.08</CtrlSum>\n      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>\n      \
         <ReqdExctnDt><Dt>2026-03-31</Dt></ReqdExctnDt>"
    ));
    assert!(days.contains(
        "<CtrlSum>1563.14</CtrlSum>\n      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>\n      \
         <ReqdExctnDt><Dt>2026-04-10</Dt></ReqdExctnDt>"
    ));
    assert!(days.contains("<NbOfTxs>9</NbOfTxs>\n      <CtrlSum>11615.57</CtrlSum>"));
    assert_eq!(transfers(&days), transfers(&xml));
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr),
        (
            2,
            format!(
                "coopbooks: not overwriting {}; use --force to replace\n",
                out.display()
            )
        )
    );
    let r = books.run(&[
        "payouts",
        "2026-03",
        "--out",
        out.to_str().unwrap(),
        "--force",
        "--date",
        "2026-04-15",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<ReqdExctnDt><Dt>2026-04-15</Dt></ReqdExctnDt>"));
    validate(&out);
}

/// Members owed a payout without an IBAN: refused, every one listed, nothing written.
#[test]
fn members_without_an_iban_refuse_the_file() {
    let books = Books::copy_of("atelier")
        .replace("members/bruno.toml", "iban = \"BE75 0012 3456 7801\"\n", "")
        .replace("members/zoe.toml", "iban = \"BE78 3630 1234 9876\"\n", "");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: no payouts written: members are owed a payout in 2026-03 but without an \
             iban in their member file: bruno, zoe\n"
        )
    );
    assert!(!out.exists());
}

/// A name with accents and quotes, in the SEPA Latin set; a file valid for the XSD.
#[test]
fn a_name_with_accents_and_a_quote() {
    let books = Books::copy_of("atelier").replace(
        "members/chloe.toml",
        "name = \"Chloé Dubois\"",
        "name = \"Chloé \\\"Clo\\\" Dubois-Ørsted & Cie\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(transfers(&xml)[2].2, "Chloe Clo Dubois-Orsted Cie");
    validate(&out);
}

/// Without [bank] in coop.toml: a clear refusal naming the table to add; a wrong IBAN or BIC
/// there is a problem of the books.
#[test]
fn the_bank_table_is_needed_and_checked() {
    let coop = std::fs::read_to_string(fixture("atelier").join("coop.toml")).unwrap();
    // The [bank] table cut out, from its comment to the [seller]'s.
    let (from, to) = (
        coop.find("\n# The account the members are paid from")
            .unwrap()
            + 1,
        coop.find("\n# The co-op as the seller").unwrap() + 1,
    );
    let without = format!("{}{}", &coop[..from], &coop[to..]);
    let books = Books::copy_of("atelier").file("coop.toml", &without);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "coopbooks: no payouts written: coop.toml has no [bank] table; add one with the \
             co-op's account: [bank] name = \"…\", iban = \"…\" (bic = \"…\" optional)\n"
        )
    );
    let books = Books::copy_of("atelier")
        .replace("coop.toml", "BE68 5390 0754 7034", "BE68 5390 0754 7035")
        .replace("coop.toml", "bic = \"GEBABEBB\"", "bic = \"GEB\"");
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "coop.toml:74: bank.iban \"BE68 5390 0754 7035\": the IBAN's check digits do not match: a digit is probably mistyped\n\
             coop.toml:75: bank.bic \"GEB\": expected a BIC of 8 or 11 letters and digits, such \
             as \"GEBABEBB\"\nThe books have 2 problems: 2 errors, 0 warnings.\n"
        )
    );
}

/// Second attack, finding 4: IBANs written in lower case are read in upper case (and the file
/// validates); one without a country code or with letters for check digits is a problem of
/// the member's file, on its line, in words — never a file the bank refuses.
#[test]
fn ibans_are_normalised_and_checked_as_a_bank_checks_them() {
    let books = Books::copy_of("atelier").replace(
        "members/alice.toml",
        "BE71 0961 2345 6769",
        "be71 0961 2345 6769",
    );
    assert_eq!(books.run(&["check"]).code, 0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(transfers(&xml)[0].3, "BE71096123456769");
    validate(&out);

    let books = Books::copy_of("atelier")
        .replace(
            "members/alice.toml",
            "BE71 0961 2345 6769",
            "0059 0961 2345 67",
        )
        .replace(
            "members/bruno.toml",
            "BE75 0012 3456 7801",
            "BERX 0961 2345 6769",
        )
        .replace(
            "members/zoe.toml",
            "BE78 3630 1234 9876",
            "BE78 3630 1234 987",
        );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "members/alice.toml:3: iban \"0059 0961 2345 67\": has no country code: an IBAN \
             starts with two letters, such as BE\n\
             members/bruno.toml:4: iban \"BERX 0961 2345 6769\": has no check digits: the third \
             and fourth characters of an IBAN are digits\n\
             members/zoe.toml:3: iban \"BE78 3630 1234 987\": has 15 letters and digits; an IBAN \
             of BE has 16\n\
             The books have 3 problems: 3 errors, 0 warnings.\n"
        )
    );
    let r = books.run(&[
        "payouts",
        "2026-03",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(r.code, 1, "{r:?}");
}

/// Finding 11: a name in Cyrillic is transliterated (it became "b amp"), one in a script with
/// no Latin spelling is the member's id; the file validates.
#[test]
fn names_in_other_scripts() {
    let books = Books::copy_of("atelier")
        .replace(
            "members/chloe.toml",
            "name = \"Chloé Dubois\"",
            "name = \"Хлоя Дюбуа & <b>\"",
        )
        .replace(
            "members/bruno.toml",
            "name = \"Bruno Lefèvre\"",
            "name = \"布鲁诺\"",
        );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("march.xml");
    let r = books.run(&["payouts", "2026-03", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    let xml = std::fs::read_to_string(&out).unwrap();
    let got = transfers(&xml);
    assert_eq!(
        (got[1].2.as_str(), got[2].2.as_str()),
        ("bruno", "Khloya Dyubua b")
    );
    validate(&out);
}

/// Finding 7: `--out` naming a device (as root, `/dev/full` was replaced by a regular file),
/// a directory or a FIFO is refused, `--force` or not, exit 2; a symbolic link is replaced
/// with `--force`, never written through.
#[test]
fn out_must_be_a_regular_file_or_a_link() {
    let books = Books::copy_of("atelier");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A device of the test's own, as /dev/full is (character device 1,7): only root may make
    // one, and only root could have replaced the real one.
    let device = dir.path().join("full");
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "7"])
        .status()
        .is_ok_and(|s| s.success());
    let not_regular = "not a regular file (a device, a FIFO or a socket)";
    let mut cases = vec![
        (fifo.clone(), not_regular),
        (dir.path().to_path_buf(), "a directory"),
    ];
    if made {
        cases.push((device.clone(), not_regular));
    } else {
        common::skipped("the device case of --out: mknod needs root");
    }
    for (path, what) in cases {
        for force in [false, true] {
            let mut args = vec!["payouts", "2026-03", "--out", path.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let r = books.run(&args);
            assert_eq!(
                (r.code, r.stderr),
                (
                    2,
                    format!(
                        "coopbooks: not writing {}: it is {what}; coopbooks writes only regular \
                         files\n",
                        path.display()
                    )
                ),
                "{args:?}"
            );
        }
    }
    if made {
        let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
        assert!(kind.is_char_device(), "the device is still a device");
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A link is replaced with --force; its target is left alone.
    let target = dir.path().join("target.xml");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let l = link.to_str().unwrap();
    assert_eq!(books.run(&["payouts", "2026-03", "--out", l]).code, 2);
    assert_eq!(
        books
            .run(&["payouts", "2026-03", "--out", l, "--force"])
            .code,
        0
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_file()
    );
    // The same for a payslip's name.
    let slips = dir.path().join("slips");
    std::fs::create_dir(&slips).unwrap();
    std::fs::create_dir(slips.join("2026-03-alice.txt")).unwrap();
    let r = books.run(&[
        "payslips",
        "2026-03",
        "--out",
        slips.to_str().unwrap(),
        "--as",
        "txt",
        "--force",
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("2026-03-alice.txt: it is a directory"),
        "{}",
        r.stderr
    );
}
