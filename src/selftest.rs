//! Every computation coopbooks makes, run over some books, with the invariants that must hold
//! whatever they hold: what the fuzz targets (`fuzz/`) run, and the test that replays their
//! corpus (`tests/fuzz_corpus.rs`). A broken invariant panics, which is what a fuzzer looks for.

use crate::books::{self, MemberId, Source};
use crate::engine::computed::Computed;
use crate::engine::pay::Figures;
use crate::engine::{capital, close, funds, guarantee, journal, patronage, payouts, statement};
use crate::figure::Figure;
use crate::money::Money;
use crate::period::{Closable, Period};
use crate::report::Format;

/// Loads the books and, where they load without errors, computes every report, the journal
/// and the closes of every month and year, checking that parts add up to the whole. Long as
/// a checklist is: one assertion after another, in the order a month-end runs.
pub fn exercise(source: &dyn Source) {
    let Ok(loaded) = books::load(source) else {
        return;
    };
    let computed = Computed::new(loaded.books);
    let problems = crate::check::all(&computed, &loaded.problems, crate::check::Depth::Sealed);
    if problems.iter().any(|p| p.is_error()) {
        return;
    }
    let books = &computed.books;
    let months: Vec<_> = computed.months().collect();
    for &m in &months {
        let pay = computed.month(m);
        let mut sum = Figures::zero(books.coop.levies.len());
        for member in &pay.members {
            adds_up(&member.figures);
            sum.add(&member.figures);
        }
        adds_up(&pay.totals);
        assert_eq!(
            sum, pay.totals,
            "{m}: the members' figures add up to the totals"
        );
    }
    let (Some(first), Some(last)) = (months.first().map(|m| m.first_day()), books.latest_date())
    else {
        return;
    };
    let everything = Period {
        from: first.min(last),
        to: last.max(first),
        label: "everything".into(),
    };
    for row in funds::of(&computed, &everything).funds {
        let moved: Money = (funds::Kind::ALL.iter())
            .map(|&k| {
                if k.is_credit() {
                    row.get(k)
                } else {
                    -row.get(k)
                }
            })
            .sum();
        assert_eq!(
            row.opening + moved,
            row.closing,
            "a fund's closing is its opening moved"
        );
    }
    let _ = guarantee::of(&computed, last);
    let _ = capital::of(&computed, last);
    for i in 0..books.members.len().min(3) {
        let _ = statement::of(&computed, MemberId(i as u32), &everything, last);
    }
    let mut years: Vec<i32> = months.iter().map(|m| m.year).collect();
    years.dedup();
    for &year in &years {
        if let Some(p) = patronage::of(&computed, year) {
            let allocated: Money = p.members.iter().map(|s| s.figures.allocation).sum();
            assert_eq!(
                allocated, p.totals.allocation,
                "{year}: the total is the members' sum"
            );
            if !p.members.is_empty() && p.unallocated.is_none() {
                assert_eq!(allocated, p.distributable, "{year}: allocations add up");
            }
            for s in p.members.iter().map(|s| &s.figures) {
                assert_eq!(
                    s.cash + s.retained,
                    s.allocation,
                    "cash + retained = allocation"
                );
            }
        }
    }
    if let Ok(j) = journal::Journal::new(&computed, None) {
        let _ = j.entries(0..j.len(), |entry| {
            if let journal::Entry::Txn(txn) = entry {
                let total: Money = txn.postings.iter().map(|p| p.amount).sum();
                assert_eq!(total, Money::ZERO, "every transaction balances");
            }
            Ok::<(), ()>(())
        });
    }
    for &m in &months {
        let p = payouts::of(&computed, m);
        let total: Money = p.transfers.iter().map(|t| t.amount).sum();
        assert_eq!(total, p.total, "{m}: the control sum is the transfers' sum");
        assert!(p.transfers.iter().all(|t| t.amount > Money::ZERO));
        if let Some(bank) = &books.coop.bank
            && let Some(date) = p.last_pay_date
            && p.without_iban.is_empty()
        {
            let xml = crate::report::pain001::render(books, bank, &p, Some(date));
            let count = format!("<NbOfTxs>{}</NbOfTxs>", p.transfers.len());
            assert_eq!(
                xml.matches(&count).count(),
                2,
                "{m}: the number of transfers"
            );
        }
    }
    for &m in &months {
        if let Some(c) = close::of(&computed, Closable::Month(m), None) {
            let text = c.to_toml().expect("a close file is written");
            assert!(!text.is_empty());
        }
    }
}

/// Reads a bank statement (camt.053) and imports it into the base books as `import` does,
/// checking what the reader and the import promise: an error names a line of the file; every
/// transaction is decided once; a contract is never paid more than its amount; the rows
/// written leave books that load and pass `check` without a new error; the report renders.
/// Long as a checklist is, like `exercise`.
pub fn statement(bytes: &[u8]) {
    use crate::engine::import;
    let statement = match crate::bank::camt053::parse(bytes) {
        Ok(s) => s,
        Err(e) => {
            let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            assert!((1..=lines).contains(&e.line), "line {} of {lines}", e.line);
            assert!(
                !e.message.chars().any(crate::text::is_unsafe),
                "{}",
                e.message
            );
            return;
        }
    };
    let base = books::Memory::new(base_books());
    let loaded = books::load(&base).expect("the base books load");
    let computed = Computed::new(loaded.books);
    let statements = [statement];
    let decisions = import::of(&computed, &statements);
    let mut seen = vec![false; statements[0].transactions.len()];
    for d in &decisions {
        assert!(!std::mem::replace(&mut seen[d.index], true), "decided once");
    }
    assert!(seen.iter().all(|&s| s), "every transaction decided");
    let books = &computed.books;
    let names = ["statement.xml".to_string()];
    let report = crate::report::import::Report::of(books, &statements, &names, &decisions, true);
    for format in [Format::Table, Format::Csv, Format::Json] {
        let mut out = Vec::new();
        report
            .write(&crate::report::Style::of(format), &mut out)
            .expect("a report is written into memory");
        if format == Format::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("the JSON is JSON");
        }
    }
    let written = crate::report::import::files(books, &statements, &decisions)
        .expect("the base books' files take the imported rows");
    if written.is_empty() {
        return;
    }
    let mut files = base_books();
    for (rel, bytes) in written {
        files.retain(|(r, _)| *r != rel);
        files.push((rel, bytes));
    }
    let after = books::load(&books::Memory::new(files)).expect("the books load after import");
    let computed = Computed::new(after.books);
    let errors: Vec<String> = (crate::check::books(&computed, &after.problems).iter())
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the books pass check after import: {errors:?}"
    );
    again_with_one_credit_changed(&computed, &statements[0], &decisions);
}

/// The same statement imported again into the books it was imported into, with the amount of
/// one imported credit a cent higher: every other imported credit is already there, and the
/// changed one is a credit of its own — imported, or left unmatched — never taken for the
/// payment recorded before (a reference is not an identity).
fn again_with_one_credit_changed(
    computed: &Computed,
    statement: &crate::bank::camt053::Statement,
    before: &[crate::engine::import::Decision],
) {
    use crate::engine::import::{self, Outcome};
    let imported =
        |d: &&crate::engine::import::Decision| matches!(d.outcome, Outcome::Imported { .. });
    let Some(changed) = before.iter().find(imported) else {
        return;
    };
    let Outcome::Imported {
        contract,
        date,
        amount,
    } = changed.outcome
    else {
        return;
    };
    let higher = amount + Money::from_cents(1);
    let reference = statement.text(statement.transactions[changed.index].reference);
    // Unless the statement holds that very credit too (the same reference, contract, date and
    // the higher amount): then it is already there, rightly.
    let twin = before.iter().any(|d| {
        let t = &statement.transactions[d.index];
        matches!(d.outcome, Outcome::Imported { contract: c, date: b, amount: a }
            if (c, b, a) == (contract, date, higher) && statement.text(t.reference) == reference)
    });
    let statements = [statement.with_amount(changed.index, &higher.to_string())];
    for d in import::of(computed, &statements) {
        let was = &before
            .iter()
            .find(|b| b.index == d.index)
            .expect("decided before")
            .outcome;
        if d.index == changed.index {
            if !twin {
                assert!(
                    matches!(d.outcome, Outcome::Imported { .. } | Outcome::Unmatched(_)),
                    "a credit changed after its import is new: {:?}",
                    d.outcome
                );
            }
        } else if matches!(was, Outcome::Imported { .. }) {
            assert_eq!(
                d.outcome,
                Outcome::Already,
                "imported before, already there"
            );
        }
    }
}

/// Reads one file alone with the reader for its folder (`rel`: `coop.toml`,
/// `members/ann.toml`, `contracts/2026.csv`, …) in the base books' co-op, and checks what
/// every reader promises: a problem names the file and a line of it, and is shown with no
/// raw control character. A close file's two readers agree. Whether it read without
/// errors.
pub fn read(rel: &str, bytes: &[u8]) -> bool {
    static COOP: std::sync::OnceLock<books::Coop> = std::sync::OnceLock::new();
    let coop = COOP.get_or_init(|| {
        let base = base_books();
        let text = std::str::from_utf8(&base[0].1).expect("the base coop.toml is UTF-8");
        books::parse_coop(text).0
    });
    let problems = books::read_alone(rel, bytes, coop, &["ann", "bob"]);
    // Lines as a file has them: ended by LF, CRLF or a lone CR.
    let lines = books::csvfile::Lines::new(bytes).at(bytes.len());
    for p in &problems {
        assert_eq!(p.file, rel, "{p}: names the file read");
        assert!(
            (1..=lines).contains(&p.line),
            "{p}: line {} of {lines}",
            p.line
        );
        assert!(
            !p.to_string().chars().any(crate::text::is_unsafe),
            "{p}: shown with no raw control character"
        );
    }
    if let Some(period) = rel
        .strip_prefix("closes/")
        .and_then(|r| r.strip_suffix(".toml"))
        .and_then(|stem| Closable::parse(stem).ok())
    {
        assert!(
            books::readers_agree(bytes, period),
            "the close readers agree"
        );
    }
    !problems.iter().any(|p| p.is_error())
}

/// `amount = levies + expenses + employer + employee contributions + withholding + net`.
fn adds_up(f: &Figures) {
    let parts = f[Figure::Levies]
        + f[Figure::Expenses]
        + f[Figure::EmployerContributions]
        + f[Figure::EmployeeContributions]
        + f[Figure::Withholding]
        + f[Figure::Net];
    assert_eq!(
        f[Figure::Amount],
        parts,
        "amount = levies + expenses + contributions + withholding + net"
    );
}

/// Small valid books: two members, a contract each in January and March, payments, ledger
/// rows of each kind. A reader's fuzz target replaces one of these files with its input.
pub fn base_books() -> Vec<(String, Vec<u8>)> {
    let files: [(&str, &str); 8] = [
        (
            "coop.toml",
            "name = \"Fuzz\"\ncurrency = \"EUR\"\nguarantee_fund = \"guarantee\"\n\
             [funds.operations]\nopening = \"100.00\"\n[funds.guarantee]\nopening = \"50.00\"\n\
             [funds.reserve]\nopening = \"0.00\"\n\
             [[levies]]\nname = \"mutual\"\nrate = \"6.5%\"\nfund = \"operations\"\n\
             [[levies]]\nname = \"guarantee\"\nrate = \"1.5%\"\nfund = \"guarantee\"\n\
             [payroll]\nmodel = \"salaried\"\nemployer_rate = \"27%\"\nemployee_rate = \"13.07%\"\n\
             withholding = [{ above = \"0.00\", rate = \"0%\" }, { above = \"1000.00\", rate = \"25%\" }]\n\
             [patronage]\nsurplus_fund = \"operations\"\nbasis = { hours = \"50%\", budget = \"50%\" }\n\
             cash = \"20%\"\nset_aside = [{ fund = \"reserve\", rate = \"30%\" }]\n\
             [bank]\nname = \"Fuzz\"\niban = \"BE68 5390 0754 7034\"\n\
             opening = { date = \"2025-01-01\", balance = \"1000.00\" }\n",
        ),
        (
            "members/ann.toml",
            "name = \"Ann\"\njoined = \"2024-01-01\"\niban = \"BE71 0961 2345 6769\"\n",
        ),
        (
            "members/bob.toml",
            "name = \"Bob\"\nmodel = \"contractor\"\n",
        ),
        (
            "contracts/2026.csv",
            "id,member,client,date,hours,amount,expenses,description\n\
             C-1,ann,Théâtre,2026-01-09,8,800.00,60.00,\"Rig, week 1\"\n\
             C-2,bob,Ville,2026-03-10,12,960.00,,Workshop\n\
             C-3,ann,Ville,2026-05-04,5,500.00,,Prints\n",
        ),
        (
            "payments/2026.csv",
            "contract,date,amount,kind,memo\nC-1,2026-01-15,800.00,payment,\n\
             C-2,2026-04-20,500.00,payment,late\nC-2,2026-05-01,460.00,writeoff,gone\n",
        ),
        (
            "ledger/2026.csv",
            "date,kind,amount,fund,to,member,memo\n2026-01-05,cost,80.00,operations,,,Rent\n\
             2026-02-01,income,500.00,operations,,,Grant\n\
             2026-02-02,transfer,10.00,operations,reserve,,\n2026-02-03,share,50.00,operations,,ann,\n\
             2026-06-01,redeem,20.00,operations,,ann,\n",
        ),
        (
            "bank/rules.toml",
            "[[rule]]\nname = \"Rent\"\nkind = \"cost\"\ntext = \"rent\"\nfund = \"operations\"\n\
             [[rule]]\nname = \"Capital\"\nkind = \"share\"\ntext = \"capital\"\n\
             member_by_iban = true\nfund = \"operations\"\n\
             [[rule]]\nname = \"Tax\"\nkind = \"remit\"\nto = \"tax\"\ncounterparty = \"finances\"\n\
             [[rule]]\nname = \"Grant\"\nkind = \"income\"\niban = \"BE62 5100 0754 7061\"\n\
             fund = \"operations\"\n",
        ),
        ("closes/.keep", ""),
    ];
    files
        .iter()
        .map(|(rel, text)| (rel.to_string(), text.as_bytes().to_vec()))
        .collect()
}

/// The base books with one file's bytes replaced (or added).
pub fn with_file(rel: &str, bytes: &[u8]) -> books::Memory {
    let mut files = base_books();
    files.retain(|(r, _)| r != rel);
    files.push((rel.to_string(), bytes.to_vec()));
    books::Memory::new(files)
}
