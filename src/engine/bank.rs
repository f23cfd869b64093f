//! The bank account as the books have it: the opening balance, every movement at its bank
//! date (client payments, and the ledger rows that move money), the balance at the end of
//! each day, and whether each statement's balances recorded in `bank/statements.csv` are met.

use crate::books::{Books, ContractId, FundId, LedgerKind, Loc, MemberId, PaymentKind};
use crate::money::Money;
use chrono::NaiveDate;

/// Where a movement comes from: a payment or a ledger row, by its index in the books.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Payment(u32),
    Ledger(u32),
}

/// One movement of the account: in (+) or out (−) on its bank date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movement {
    pub date: NaiveDate,
    pub amount: Money,
    pub origin: Origin,
}

/// Each bank movement of the books, in no order, read in one pass over the payments and the
/// ledger: a client's payment (a write-off moves no money), and each ledger row that moves
/// money (all but transfers between funds).
pub fn for_each_movement(books: &Books, mut each: impl FnMut(Movement)) {
    for (i, p) in books.payments.iter().enumerate() {
        if p.kind == PaymentKind::Payment {
            each(Movement {
                date: p.bank_date(),
                amount: p.amount,
                origin: Origin::Payment(i as u32),
            });
        }
    }
    for (i, row) in books.ledger.iter().enumerate() {
        if row.kind != LedgerKind::Transfer {
            each(Movement {
                date: row.bank_date(),
                amount: row.bank_amount(),
                origin: Origin::Ledger(i as u32),
            });
        }
    }
}

/// The balance at the end of each day with a movement, from the opening (or zero).
pub struct Daily {
    pub opening: Money,
    /// Days in order, each with the balance at its end.
    days: Vec<(NaiveDate, Money)>,
}

impl Daily {
    /// One pass over the movements, summed by day (a few hundred days, whatever the number of
    /// movements), then added up in order.
    pub fn of(books: &Books) -> Daily {
        let mut by_day: rustc_hash::FxHashMap<NaiveDate, Money> = Default::default();
        for_each_movement(books, |m| *by_day.entry(m.date).or_default() += m.amount);
        let mut days: Vec<(NaiveDate, Money)> = by_day.into_iter().collect();
        days.sort_unstable_by_key(|&(d, _)| d);
        let opening = opening(books).map_or(Money::ZERO, |(_, b)| b);
        let mut balance = opening;
        for (_, amount) in &mut days {
            balance += *amount;
            *amount = balance;
        }
        let mut daily = Daily { opening, days };
        if let Some((cut, carry)) = books.carried()
            && let Some(carried) = carry.bank
        {
            daily.open_at(cut.end, carried);
        }
        daily
    }

    /// For books read from a cut: the balance at its end is the one its close carries, and
    /// every later day's moves from there (the days before it are not asked about).
    fn open_at(&mut self, end: NaiveDate, carried: Money) {
        let moved = carried - self.at_end_of(end);
        let n = self.days.partition_point(|&(d, _)| d <= end);
        for (_, balance) in &mut self.days[n..] {
            *balance += moved;
        }
        self.days.insert(n, (end, carried));
    }

    /// The balance at the end of `date`.
    pub fn at_end_of(&self, date: NaiveDate) -> Money {
        let n = self.days.partition_point(|&(d, _)| d <= date);
        n.checked_sub(1).map_or(self.opening, |k| self.days[k].1)
    }

    /// The balance at the start of `date` (the end of the day before).
    pub fn at_start_of(&self, date: NaiveDate) -> Money {
        let n = self.days.partition_point(|&(d, _)| d < date);
        n.checked_sub(1).map_or(self.opening, |k| self.days[k].1)
    }
}

/// The account's opening, from coop.toml: its date and balance.
pub fn opening(books: &Books) -> Option<(NaiveDate, Money)> {
    let o = books.coop.bank.as_ref()?.opening.as_ref()?;
    Some((o.date, o.balance))
}

/// A statement's balances against the books'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Its row in `Books::statements`.
    pub statement: usize,
    /// The books' balance at the start of its first day, and at the end of its last.
    pub books_opening: Money,
    pub books_closing: Money,
}

impl Check {
    pub fn opening_met(&self, books: &Books) -> bool {
        self.books_opening == books.statements[self.statement].opening
    }

    pub fn closing_met(&self, books: &Books) -> bool {
        self.books_closing == books.statements[self.statement].closing
    }

    pub fn met(&self, books: &Books) -> bool {
        self.opening_met(books) && self.closing_met(books)
    }

    /// The books' closing less the bank's: above zero, the books hold more than the bank.
    pub fn difference(&self, books: &Books) -> Money {
        self.books_closing - books.statements[self.statement].closing
    }
}

/// Every statement of the co-op's account against the books, in order of their last day
/// (then their first, then their row); none without an opening balance in coop.toml (the
/// books' balance would mean nothing), or for statements of other accounts. Books read from a
/// cut check the statements that start after it (the books know no balance before it; the
/// earlier ones were met when their year was closed).
pub fn checks(books: &Books, daily: &Daily) -> Vec<Check> {
    let Some(bank) = &books.coop.bank else {
        return Vec::new();
    };
    if bank.opening.is_none() {
        return Vec::new();
    }
    let mut out: Vec<Check> = (books.statements.iter().enumerate())
        .filter(|(_, s)| s.account == bank.iban)
        .filter(|(_, s)| books.cut.is_none_or(|c| s.from > c.end))
        .map(|(i, s)| Check {
            statement: i,
            books_opening: daily.at_start_of(s.from),
            books_closing: daily.at_end_of(s.to),
        })
        .collect();
    out.sort_by_key(|c| {
        let s = &books.statements[c.statement];
        (s.to, s.from, c.statement)
    });
    out
}

/// The account over a period: the balance at its start, each movement in order with the
/// balance after it, the balance at its end.
pub struct Over {
    pub opening: Money,
    pub movements: Vec<(Movement, Money)>,
    pub closing: Money,
}

/// The account from `from` to `to`: movements by date; within a day payments, then ledger
/// rows by kind, then by whom (contract, member, fund), amount and place — the same order
/// whatever the order of the files and rows.
pub fn over(books: &Books, from: NaiveDate, to: NaiveDate) -> Over {
    let start = opening(books);
    let mut opening = start.map_or(Money::ZERO, |(_, b)| b);
    let mut movements = Vec::new();
    for_each_movement(books, |m| {
        if m.date < from {
            opening += m.amount;
        } else if m.date <= to {
            movements.push(m);
        }
    });
    movements.sort_by(|a, b| {
        (a.date, rank(books, a.origin))
            .cmp(&(b.date, rank(books, b.origin)))
            .then_with(|| party(books, a.origin).cmp(party(books, b.origin)))
            .then_with(|| a.amount.cmp(&b.amount))
            .then_with(|| place(books, a.origin).cmp(&place(books, b.origin)))
    });
    let mut balance = opening;
    let movements = (movements.into_iter())
        .map(|m| {
            balance += m.amount;
            (m, balance)
        })
        .collect();
    Over {
        opening,
        movements,
        closing: balance,
    }
}

/// A movement's place in its day: payments first, then ledger rows by kind.
fn rank(books: &Books, origin: Origin) -> u8 {
    match origin {
        Origin::Payment(_) => 0,
        Origin::Ledger(i) => 1 + books.ledger[i as usize].kind.code(),
    }
}

/// Whom a movement is with, as the report names them: a payment's or refund's contract, a
/// member's id, a fund's name, or `tax` / `social` for a remittance.
pub fn party(books: &Books, origin: Origin) -> &str {
    match origin {
        Origin::Payment(i) => {
            books.contract_id(books.contract(books.payments[i as usize].contract))
        }
        Origin::Ledger(i) => {
            let row = &books.ledger[i as usize];
            row_party(books, row.kind, row.contract, row.member, row.fund)
        }
    }
}

/// Whom a ledger row (or one `import` is about to write) is with: `tax` / `social` for a
/// remittance, else its contract's id, its member's id, its fund's name.
pub fn row_party(
    books: &Books,
    kind: LedgerKind,
    contract: Option<ContractId>,
    member: Option<MemberId>,
    fund: Option<FundId>,
) -> &str {
    if let LedgerKind::Remit(a) = kind {
        return a.word();
    }
    match (contract, member, fund) {
        (Some(c), ..) => books.contract_id(books.contract(c)),
        (_, Some(m), _) => books.member_id(m),
        (.., Some(f)) => books.coop.fund(f).name.as_str(),
        _ => "",
    }
}

/// A movement's row.
pub fn source(books: &Books, origin: Origin) -> Loc {
    match origin {
        Origin::Payment(i) => books.payments[i as usize].src,
        Origin::Ledger(i) => books.ledger[i as usize].src,
    }
}

/// A movement's bank date.
pub fn bank_date(books: &Books, origin: Origin) -> NaiveDate {
    match origin {
        Origin::Payment(i) => books.payments[i as usize].bank_date(),
        Origin::Ledger(i) => books.ledger[i as usize].bank_date(),
    }
}

/// A movement's row, as (file, line).
pub fn place(books: &Books, origin: Origin) -> (&str, u32) {
    let src = source(books, origin);
    (books.file(src.file), src.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::{self, Memory};

    /// Opening 1000.00 on 1 March; a payment of 121.00 on 3 March, a cost of 50.00 + 10.50
    /// VAT on 3 March and a payout of 300.00 booked on 31 March but recorded on 1 April: the
    /// balance is 1000.00 until 2 March, 1000.00 + 121.00 − 60.50 = 1060.50 from 3 March, and
    /// 760.50 from 31 March.
    #[test]
    fn the_balance_day_by_day_at_bank_dates() {
        let files = vec![
            (
                "coop.toml".to_string(),
                b"name = \"T\"\ncurrency = \"EUR\"\n[payroll]\nmodel = \"contractor\"\n\
                  [funds.ops]\n[bank]\nname = \"T\"\niban = \"BE68539007547034\"\n\
                  opening = { date = \"2026-03-01\", balance = \"1000.00\" }\n\
                  [vat]\ndefault = \"s\"\n[vat.rates.s]\ncategory = \"S\"\nrate = \"21%\"\n"
                    .to_vec(),
            ),
            ("members/ann.toml".to_string(), b"name = \"Ann\"\n".to_vec()),
            (
                "contracts/2026.csv".to_string(),
                b"id,member,client,date,hours,amount\nC-1,ann,Acme,2026-03-02,1,100.00\n".to_vec(),
            ),
            (
                "payments/2026.csv".to_string(),
                b"contract,date,amount\nC-1,2026-03-03,121.00\n".to_vec(),
            ),
            (
                "ledger/2026.csv".to_string(),
                b"date,kind,amount,fund,member,vat,booked\n\
                  2026-03-03,cost,50.00,ops,,10.50,\n\
                  2026-04-01,payout,300.00,,ann,,2026-03-31\n"
                    .to_vec(),
            ),
        ];
        let loaded = books::load(&Memory::new(files)).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let daily = Daily::of(&loaded.books);
        let d = |s: &str| crate::period::parse_date(s).unwrap();
        assert_eq!(daily.at_end_of(d("2026-03-02")), Money::from_cents(100_000));
        assert_eq!(
            daily.at_start_of(d("2026-03-03")),
            Money::from_cents(100_000)
        );
        assert_eq!(daily.at_end_of(d("2026-03-03")), Money::from_cents(106_050));
        assert_eq!(daily.at_end_of(d("2026-03-30")), Money::from_cents(106_050));
        assert_eq!(daily.at_end_of(d("2026-03-31")), Money::from_cents(76_050));
        assert_eq!(daily.at_end_of(d("2026-12-31")), Money::from_cents(76_050));
    }
}
