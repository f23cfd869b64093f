//! Where the funds and the guarantee fund stand at the end of months: what a month's close
//! records of them, worked out for any number of months in one pass over the movements and
//! one over the contracts and payments.
//!
//! A month's fund figures are those of `funds --period MONTH` before the year-end postings
//! of its own year (dated 31 December, they are made by closing the year, after its
//! December is closed); a later month opens with them. The guarantee fund's figures are
//! those of `guarantee --at` on the month's last day: what it had fronted and was still
//! owed, and what had been written off.

use super::computed::Computed;
use super::funds::{self, FundRow, Origin};
use crate::books::{ContractId, FundId, PaymentKind};
use crate::money::Money;
use crate::par;
use crate::period::Month;
use chrono::NaiveDate;

/// The funds and the guarantee fund at the end of one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthEnd {
    pub month: Month,
    /// Every fund over the month, by `FundId`.
    pub funds: Vec<FundRow>,
    /// Without a `guarantee_fund`, `None`.
    pub guarantee: Option<Guarantee>,
}

/// The guarantee fund at a month's last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guarantee {
    /// Advances not yet repaid: the amount of every contract the fund fronted by then, less
    /// its payments and write-offs by then.
    pub outstanding: Money,
    /// Write-offs by then on contracts the fund fronted.
    pub written_off: Money,
}

/// The months from the first asked for to the last, as places in one array.
struct Span {
    first: i64,
    len: usize,
}

impl Span {
    fn of(months: &[Month]) -> Option<Span> {
        let key = |m: &Month| i64::from(m.year) * 12 + i64::from(m.month) - 1;
        let (first, last) = (key(months.iter().min()?), key(months.iter().max()?));
        Some(Span {
            first,
            len: usize::try_from(last - first + 1).ok()?,
        })
    }

    /// The place of a date's month: `Err(true)` before the first, `Err(false)` after the last.
    fn place(&self, date: NaiveDate) -> Result<usize, bool> {
        let m = Month::of(date);
        let at = i64::from(m.year) * 12 + i64::from(m.month) - 1 - self.first;
        match usize::try_from(at) {
            Err(_) => Err(true),
            Ok(at) if at >= self.len => Err(false),
            Ok(at) => Ok(at),
        }
    }

    fn place_of(&self, month: Month) -> Option<usize> {
        self.place(month.first_day()).ok()
    }
}

/// The funds and the guarantee fund at the end of each of `months` (in the order given),
/// with the year-end postings of the closed years (`year_ends`). The funds on one core, the
/// guarantee fund on the other.
pub fn of(computed: &Computed, months: &[Month]) -> Vec<MonthEnd> {
    let Some(span) = Span::of(months) else {
        return Vec::new();
    };
    let (funds, guarantee) = par::join(
        || funds_by_month(computed, &span),
        || guarantee_by_month(computed, &span),
    );
    (months.iter())
        .filter_map(|&month| {
            let at = span.place_of(month)?;
            Some(MonthEnd {
                month,
                funds: funds[at].clone(),
                guarantee: guarantee.as_ref().map(|g| g[at]),
            })
        })
        .collect()
}

/// Every fund over each month of the span.
fn funds_by_month(computed: &Computed, span: &Span) -> Vec<Vec<FundRow>> {
    let coop = &computed.books.coop;
    let n = coop.funds.len();
    // Per month and fund: each kind of movement, and the year-end postings (after its close).
    let mut moved = vec![[Money::ZERO; 10]; span.len * n];
    let mut after = vec![Money::ZERO; span.len * n];
    let mut before = funds::openings(computed);
    // Movements come in runs of one date (a contract's levies, rows in date order): the place
    // of the last date is kept.
    let mut last: Option<(NaiveDate, Result<usize, bool>)> = None;
    funds::for_each_movement(computed, |m| {
        let f = m.fund.0 as usize;
        if f >= n {
            return;
        }
        let place = match last {
            Some((date, place)) if date == m.date => place,
            _ => {
                let place = span.place(m.date);
                last = Some((m.date, place));
                place
            }
        };
        match place {
            Err(true) => before[f] += m.signed(),
            Err(false) => {}
            Ok(at) if matches!(m.origin, Origin::YearEnd(_)) => after[at * n + f] += m.signed(),
            Ok(at) => moved[at * n + f][m.kind as usize] += m.amount,
        }
    });
    let mut balance = before;
    (0..span.len)
        .map(|at| {
            (0..n)
                .map(|f| {
                    let movements = moved[at * n + f];
                    let (added, taken) = funds::Kind::in_and_out(&movements);
                    let opening = balance[f];
                    let closing = opening + added - taken;
                    balance[f] = closing + after[at * n + f];
                    FundRow {
                        fund: FundId(f as u32),
                        opening,
                        movements,
                        closing,
                    }
                })
                .collect()
        })
        .collect()
}

/// The guarantee fund at the end of each month of the span, `None` without one. A contract
/// the fund fronted counts from its pay date, for its amount less its payments and write-offs
/// up to the day; each payment or write-off counts from its date, or from the pay date if it
/// came before (it is then part of what the fund did not front). So each is added to the
/// month it starts counting in, and the months summed in order.
fn guarantee_by_month(computed: &Computed, span: &Span) -> Option<Vec<Guarantee>> {
    let books = &computed.books;
    books.coop.guarantee_fund?;
    let zero = Guarantee {
        outstanding: Money::ZERO,
        written_off: Money::ZERO,
    };
    let mut start = zero;
    let mut by_month = vec![zero; span.len];
    let mut add = |date: NaiveDate, outstanding: Money, written_off: Money| {
        let slot = match span.place(date) {
            Err(true) => &mut start,
            Err(false) => return,
            Ok(at) => &mut by_month[at],
        };
        slot.outstanding += outstanding;
        slot.written_off += written_off;
    };
    let fronted = |c: ContractId| computed.terms.advance(c).is_positive();
    for (i, c) in books.contracts.iter().enumerate() {
        let id = ContractId(i as u32);
        if fronted(id) {
            add(computed.terms.pay_date(id), c.amount, Money::ZERO);
        }
    }
    // Credit notes lower what is outstanding from their date (or the pay date).
    for (invoice, notes) in computed.terms.credits() {
        if fronted(invoice) {
            for &n in notes {
                let note = books.contract(n);
                add(
                    note.date.max(computed.terms.pay_date(invoice)),
                    note.amount,
                    Money::ZERO,
                );
            }
        }
    }
    for (i, p) in books.payments.iter().enumerate() {
        if !fronted(p.contract) {
            continue;
        }
        let from = p.date.max(computed.terms.pay_date(p.contract));
        let share = computed.terms.amount_share(i, p);
        match p.kind {
            PaymentKind::Payment => add(from, -share, Money::ZERO),
            PaymentKind::Writeoff => add(from, -share, share),
        }
    }
    // Books read from a cut (the span is after it): what the closed years' unread rows wrote
    // off.
    start.written_off += super::guarantee::written_off_opening(computed);
    let mut running = start;
    for g in &mut by_month {
        running.outstanding += g.outstanding;
        running.written_off += g.written_off;
        *g = running;
    }
    Some(by_month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::{self, Memory};

    /// Books of one salaried member, a guarantee fund, and contracts paid late, in part, or
    /// written off, with a ledger row: each month's figures are those of `funds --period` and
    /// `guarantee --at` of its last day.
    fn books() -> Computed {
        let coop = "name = \"T\"\ncurrency = \"EUR\"\npay_within_working_days = 0\n\
                    guarantee_fund = \"g\"\n[funds.ops]\nopening = \"100.00\"\n\
                    [funds.g]\nopening = \"1000.00\"\n\
                    [[levies]]\nname = \"m\"\nrate = \"10%\"\nfund = \"ops\"\n\
                    [[levies]]\nname = \"gl\"\nrate = \"1%\"\nfund = \"g\"\n\
                    [payroll]\nmodel = \"contractor\"\n";
        let contracts = "id,member,client,date,hours,amount\n\
                         C-1,ann,A,2026-01-15,1,100.00\n\
                         C-2,ann,A,2026-02-10,1,200.00\n\
                         C-3,ann,A,2026-03-05,1,300.00\n";
        let payments = "contract,date,amount,kind\n\
                        C-1,2026-01-10,40.00,payment\n\
                        C-1,2026-03-02,60.00,payment\n\
                        C-2,2026-02-20,50.00,writeoff\n\
                        C-2,2026-04-01,150.00,payment\n";
        let ledger = "date,kind,amount,fund\n2026-02-01,cost,30.00,ops\n";
        let files = vec![
            ("coop.toml".to_string(), coop.as_bytes().to_vec()),
            ("members/ann.toml".to_string(), b"name = \"Ann\"\n".to_vec()),
            (
                "contracts/2026.csv".to_string(),
                contracts.as_bytes().to_vec(),
            ),
            (
                "payments/2026.csv".to_string(),
                payments.as_bytes().to_vec(),
            ),
            ("ledger/2026.csv".to_string(), ledger.as_bytes().to_vec()),
        ];
        let loaded = books::load(&Memory::new(files)).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        Computed::new(loaded.books)
    }

    fn m(month: u32) -> Month {
        Month { year: 2026, month }
    }

    #[test]
    fn the_guarantee_fund_at_each_months_end() {
        let c = books();
        let ends = of(&c, &[m(1), m(2), m(3), m(4)]);
        // January: C-1 fronted on the 15th, 100.00 less 40.00 paid before: 60.00 owed.
        // February: C-2 fronted 200.00, 50.00 written off: 60.00 + 150.00 owed, 50.00 off.
        // March: C-1's 60.00 repaid; C-3 fronted 300.00: 150.00 + 300.00.
        // April: C-2's 150.00 repaid: 300.00.
        let got: Vec<(i64, i64)> = (ends.iter())
            .map(|e| {
                let g = e.guarantee.unwrap();
                (g.outstanding.cents(), g.written_off.cents())
            })
            .collect();
        assert_eq!(
            got,
            [(6000, 0), (21000, 5000), (45000, 5000), (30000, 5000)]
        );
        for e in &ends {
            let at = super::super::guarantee::of(&c, e.month.last_day());
            let g = e.guarantee.unwrap();
            assert_eq!(
                (g.outstanding, g.written_off),
                (at.outstanding, at.written_off)
            );
        }
    }

    #[test]
    fn each_fund_over_each_month_is_its_funds_report() {
        let c = books();
        let ends = of(&c, &[m(3), m(1)]);
        assert_eq!(
            ends.iter().map(|e| e.month).collect::<Vec<_>>(),
            [m(3), m(1)]
        );
        for e in &ends {
            let period = crate::period::Period {
                from: e.month.first_day(),
                to: e.month.last_day(),
                label: e.month.to_string(),
            };
            assert_eq!(e.funds, funds::of(&c, &period).funds, "{}", e.month);
        }
        // ops in March: 100.00 + 10.00 + 20.00 − 30.00 = 100.00 open, levy 30.00.
        let ops = &ends[0].funds[1];
        assert_eq!(
            (
                ops.opening.cents(),
                ops.get(funds::Kind::Levies).cents(),
                ops.closing.cents()
            ),
            (10000, 3000, 13000)
        );
    }

    /// A closed year's postings, dated 31 December, come after December's figures and before
    /// January's opening.
    #[test]
    fn year_end_postings_open_the_next_year() {
        let mut c = books();
        let ops = FundId(1);
        let year_end = super::super::closed::YearEnd {
            date: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            surplus_fund: ops,
            set_asides: vec![],
            allocated: Money::from_cents(2500),
        };
        let dec = Month {
            year: 2025,
            month: 12,
        };
        c.closed.year_ends = vec![year_end];
        let ends = of(&c, &[dec, m(1)]);
        let (d, j) = (&ends[0].funds[1], &ends[1].funds[1]);
        assert_eq!(
            (d.opening.cents(), d.get(funds::Kind::Patronage).cents()),
            (10000, 0)
        );
        assert_eq!((d.closing.cents(), j.opening.cents()), (10000, 7500));
    }
}
