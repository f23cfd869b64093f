//! Pay: per member and month, from its contracts' levies and budgets (`Computed`), the salary
//! or fee, contributions, withholding, net and payout. The only code that settles pay.

use super::computed::Computed;
use crate::books::{Books, ContractId, MemberId, PayModel, Payroll};
use crate::money::{self, Hours, Money, Rate};
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One contract's levies and budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractPay {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    /// Indexed like `Coop::levies`; 0.00 for a levy not in force on the contract's date.
    pub levies: Vec<Money>,
    pub budget: Money,
}

/// The figures that add up: one member-month's, or the sum of many.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub contracts: usize,
    pub hours: Hours,
    pub amount: Money,
    pub levies: Vec<Money>,
    pub expenses: Money,
    pub budget: Money,
    pub gross: Money,
    pub employer_contributions: Money,
    pub employee_contributions: Money,
    pub taxable: Money,
    pub withholding: Money,
    pub net: Money,
    pub payout: Money,
}

/// One member's pay for one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPay {
    pub member: MemberId,
    pub month: Month,
    pub model: PayModel,
    /// Sorted by date, then id.
    pub contracts: Vec<ContractPay>,
    pub figures: Figures,
}

/// A month's pay: every member with contracts in it, by id, and the totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthPay {
    pub month: Month,
    pub members: Vec<MemberPay>,
    pub totals: Figures,
}

impl Figures {
    pub fn zero(levies: usize) -> Figures {
        Figures {
            levies: vec![Money::ZERO; levies],
            ..Figures::default()
        }
    }

    /// The money figures after the levies, named as in every report: expenses, budget, gross,
    /// both contributions, taxable, withholding, net, payout.
    pub fn named(&self) -> [(&'static str, Money); 9] {
        [
            ("expenses", self.expenses),
            ("budget", self.budget),
            ("gross", self.gross),
            ("employer_contributions", self.employer_contributions),
            ("employee_contributions", self.employee_contributions),
            ("taxable", self.taxable),
            ("withholding", self.withholding),
            ("net", self.net),
            ("payout", self.payout),
        ]
    }

    pub fn levies_total(&self) -> Money {
        self.levies.iter().sum()
    }

    pub fn add(&mut self, o: &Figures) {
        self.contracts += o.contracts;
        self.hours += o.hours;
        self.amount += o.amount;
        if self.levies.len() < o.levies.len() {
            self.levies.resize(o.levies.len(), Money::ZERO);
        }
        for (a, b) in self.levies.iter_mut().zip(&o.levies) {
            *a += *b;
        }
        self.expenses += o.expenses;
        self.budget += o.budget;
        self.gross += o.gross;
        self.employer_contributions += o.employer_contributions;
        self.employee_contributions += o.employee_contributions;
        self.taxable += o.taxable;
        self.withholding += o.withholding;
        self.net += o.net;
        self.payout += o.payout;
    }
}

/// The pay model of a member in a month: their own, else the co-op's in force.
pub fn model_of(books: &Books, member: MemberId, month: Month) -> PayModel {
    books
        .member(member)
        .model
        .unwrap_or(books.coop.payroll_for(month).model)
}

/// Withholding on taxable pay: a flat rate, else the progressive table, else nothing.
pub fn withholding(taxable: Money, flat: Option<Rate>, table: &[crate::books::Bracket]) -> Money {
    if let Some(rate) = flat {
        return money::round(taxable.times(rate));
    }
    let mut sum = Decimal::ZERO;
    for (i, bracket) in table.iter().enumerate() {
        let top = match table.get(i + 1) {
            Some(next) => taxable.min(next.above),
            None => taxable,
        };
        let slice = top - bracket.above;
        if slice.is_positive() {
            sum += slice.times(bracket.rate);
        }
    }
    money::round(sum)
}

/// Settles one member's month from its contracts' figures.
pub fn settle(
    computed: &Computed,
    member: MemberId,
    month: Month,
    mut contracts: Vec<ContractPay>,
) -> MemberPay {
    let books = &computed.books;
    contracts.sort_by(|a, b| {
        let (ca, cb) = (books.contract(a.contract), books.contract(b.contract));
        (ca.date, books.contract_id(ca)).cmp(&(cb.date, books.contract_id(cb)))
    });
    let payroll: &Payroll = books.coop.payroll_for(month);
    let model = model_of(books, member, month);
    let mut f = Figures::zero(books.coop.levies.len());
    for cp in &contracts {
        let c = books.contract(cp.contract);
        f.contracts += 1;
        f.hours += c.hours;
        f.amount += c.amount;
        for (a, b) in f.levies.iter_mut().zip(&cp.levies) {
            *a += *b;
        }
        f.expenses += c.expenses;
        f.budget += cp.budget;
    }
    match model {
        PayModel::Salaried => {
            let divisor = Decimal::ONE + payroll.employer_rate.value();
            f.gross = money::round_quotient(f.budget, divisor);
            f.employer_contributions = f.budget - f.gross;
            f.employee_contributions = money::round_product(f.gross, payroll.employee_rate);
        }
        PayModel::Contractor => {
            f.gross = f.budget;
        }
    }
    f.taxable = f.gross - f.employee_contributions;
    f.withholding = withholding(
        f.taxable,
        books.member(member).withholding_rate,
        &payroll.withholding,
    );
    f.net = f.taxable - f.withholding;
    f.payout = f.net + f.expenses;
    MemberPay {
        member,
        month,
        model,
        contracts,
        figures: f,
    }
}

/// Every member's pay for a month from its contracts, and the totals (`Computed::month`
/// keeps the result).
pub(super) fn settle_month(computed: &Computed, month: Month, ids: &[ContractId]) -> MonthPay {
    let books = &computed.books;
    let mut ids = ids.to_vec();
    ids.sort_by_key(|&id| books.contract(id).member);
    let mut members = Vec::new();
    for group in ids.chunk_by(|&a, &b| books.contract(a).member == books.contract(b).member) {
        let member = books.contract(group[0]).member;
        let pays = group.iter().map(|&id| computed.contract_pay(id)).collect();
        members.push(settle(computed, member, month, pays));
    }
    let mut totals = Figures::zero(books.coop.levies.len());
    for m in &members {
        totals.add(&m.figures);
    }
    MonthPay {
        month,
        members,
        totals,
    }
}

/// One member's pay for each month of a range that has contracts.
pub fn member_months(
    computed: &Computed,
    member: MemberId,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<MemberPay> {
    let books = &computed.books;
    let mut pays: Vec<ContractPay> = (0..books.contracts.len() as u32)
        .map(ContractId)
        .filter(|&id| {
            let c = books.contract(id);
            c.member == member && from <= c.date && c.date <= to
        })
        .map(|id| computed.contract_pay(id))
        .collect();
    pays.sort_by_key(|p| Month::of(books.contract(p.contract).date));
    let mut out = Vec::new();
    for group in pays.chunk_by(|a, b| {
        Month::of(books.contract(a.contract).date) == Month::of(books.contract(b.contract).date)
    }) {
        let month = Month::of(books.contract(group[0].contract).date);
        out.push(settle(computed, member, month, group.to_vec()));
    }
    out
}

/// Every member's year-to-date figures, indexed by member: every month from January up to
/// and including `month`.
pub fn year_to_date(computed: &Computed, month: Month) -> Vec<Figures> {
    let books = &computed.books;
    let mut ytd = vec![Figures::zero(books.coop.levies.len()); books.members.len()];
    let first = Month {
        year: month.year,
        month: 1,
    };
    for m in computed.months().filter(|m| first <= *m && *m <= month) {
        for p in &computed.month(m).members {
            if let Some(total) = ytd.get_mut(p.member.0 as usize) {
                total.add(&p.figures);
            }
        }
    }
    ytd
}
