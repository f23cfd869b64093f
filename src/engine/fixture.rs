//! Books for the engine's unit tests: one member's month, small enough to compute by hand.

use super::computed::Computed;
use crate::books::{self, Memory};
use crate::period::Month;

/// The fixture's month: March 2026.
pub const MARCH: Month = Month {
    year: 2026,
    month: 3,
};

/// A co-op of two levies (8 % of the amount, 1 % of the amount less expenses, both to
/// `ops`), paying 2 working days after a contract's date, with `model`'s payroll: employer
/// 25 %, employee 13.07 %, withholding 10 % up to 500.00 and 20 % above.
pub fn coop(model: &str) -> String {
    format!(
        "name = \"T\"\ncurrency = \"EUR\"\npay_within_working_days = 2\n\
         [funds.ops]\n\
         [[levies]]\nname = \"service\"\nrate = \"8%\"\nfund = \"ops\"\n\
         [[levies]]\nname = \"fund\"\nrate = \"1%\"\nfund = \"ops\"\nbase = \"amount_less_expenses\"\n\
         [payroll]\nmodel = \"{model}\"\nemployer_rate = \"25%\"\nemployee_rate = \"13.07%\"\n\
         [[payroll.withholding]]\nabove = \"0.00\"\nrate = \"10%\"\n\
         [[payroll.withholding]]\nabove = \"500.00\"\nrate = \"20%\"\n"
    )
}

/// Ann's contract C-1 of Friday 2026-03-06 (10 hours, 1,000.00, 100.00 of expenses), paid
/// 400.00 on 2026-03-09 and 600.00 on 2026-03-20; Ann's and Bob's shares (100.00, 50.00) and
/// Ann's redemption of 30.00 out of `ops` on 2026-02-01.
pub fn computed(model: &str) -> Computed {
    computed_with(coop(model))
}

/// The fixture's books with another `coop.toml`.
pub fn computed_with(coop: String) -> Computed {
    let files = [
        ("coop.toml", coop),
        ("members/ann.toml", "name = \"Ann\"\n".into()),
        ("members/bob.toml", "name = \"Bob\"\n".into()),
        (
            "contracts/2026.csv",
            "id,member,client,date,hours,amount,expenses\n\
             C-1,ann,A,2026-03-06,10,1000.00,100.00\n"
                .into(),
        ),
        (
            "payments/2026.csv",
            "contract,date,amount\nC-1,2026-03-09,400.00\nC-1,2026-03-20,600.00\n".into(),
        ),
        (
            "ledger/2026.csv",
            "date,kind,amount,fund,to,member\n\
             2026-01-10,share,100.00,,,ann\n\
             2026-01-12,share,50.00,,,bob\n\
             2026-02-01,redeem,30.00,ops,,ann\n"
                .into(),
        ),
    ];
    let files: Vec<(String, Vec<u8>)> = (files.into_iter())
        .map(|(rel, text)| (rel.to_string(), text.into_bytes()))
        .collect();
    let loaded = books::load(&Memory::new(files)).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Computed::new(loaded.books)
}
