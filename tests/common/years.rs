//! Helpers of the tests of years of history over random books: money as the books write it,
//! rows appended to files by date, the problems of a check, the closing of whole years.

use super::Books;

/// The members of the random books: bob works as a contractor.
pub const MEMBERS: [&str; 3] = ["ann", "bob", "cy"];

/// Books of the random kind, without rows: a co-op with a guarantee fund, an operations fund
/// and a reserve, two levies, a salaried payroll (`payroll` added to it), patronage with a
/// set-aside, then `more`; the three members, joined on `joined`; the folders of rows.
pub fn books_of(payroll: &str, more: &str, joined: &str) -> Books {
    let b = Books::empty().file(
        "coop.toml",
        &format!(
            "name = \"P\"\ncurrency = \"EUR\"\npay_within_working_days = 7\n\
             guarantee_fund = \"guarantee\"\n\
             [funds.guarantee]\nopening = \"500.00\"\n[funds.operations]\nopening = \"100.00\"\n\
             [funds.reserve]\nopening = \"0.00\"\n\
             [[levies]]\nname = \"a\"\nrate = \"6.5%\"\nfund = \"operations\"\n\
             [[levies]]\nname = \"b\"\nrate = \"1.5%\"\nfund = \"guarantee\"\n\
             [payroll]\nmodel = \"salaried\"\nemployer_rate = \"27%\"\nemployee_rate = \"13.07%\"\n\
             {payroll}\
             [patronage]\nsurplus_fund = \"operations\"\nbasis = {{ hours = \"50%\", budget = \"50%\" }}\n\
             cash = \"20%\"\nset_aside = [{{ fund = \"reserve\", rate = \"30%\" }}]\n{more}"
        ),
    );
    let p = b.path();
    std::fs::create_dir_all(p.join("members")).unwrap();
    for (i, m) in MEMBERS.iter().enumerate() {
        let model = if i == 1 {
            "model = \"contractor\"\n"
        } else {
            ""
        };
        let text = format!("name = \"{m}\"\njoined = \"{joined}\"\n{model}");
        std::fs::write(p.join(format!("members/{m}.toml")), text).unwrap();
    }
    for dir in ["contracts", "payments", "ledger"] {
        std::fs::create_dir_all(p.join(dir)).unwrap();
    }
    b
}
use std::fmt::Write;
use std::path::Path;

/// Cents as a book file writes them: `1234` as `12.34`.
pub fn money(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// Appends a line to a file of the books, with its header if the file is new.
pub fn add(p: &Path, rel: &str, header: &str, line: &str) {
    let path = p.join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| format!("{header}\n"));
    writeln!(text, "{line}").unwrap();
    std::fs::write(path, text).unwrap();
}

/// Closes every month of `year` with movements (a month without needs no close), then the
/// year: whatever `close` needs, asserted.
pub fn close_year(b: &Books, year: i32) {
    for month in 1..=12 {
        close_month(b, &format!("{year}-{month:02}"));
    }
    let r = b.run(&["close", &year.to_string()]);
    assert_eq!(r.code, 0, "close {year}: {}", r.stderr);
}

/// Closes a month, unless it has no movement.
pub fn close_month(b: &Books, month: &str) {
    let r = b.run(&["close", month]);
    assert!(
        r.code == 0 || r.stderr.contains("nothing"),
        "close {month}: {}{}",
        r.stdout,
        r.stderr
    );
}

/// A check's problems, but for the funds' lows, without the summary line: what `check` and
/// `check --all` agree on when `check` reads from a cut.
pub fn problems_but_lows(out: &str) -> Vec<&str> {
    (out.lines())
        .filter(|l| !l.contains("the fund is below") && !l.starts_with("The books "))
        .collect()
}
