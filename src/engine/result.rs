//! A period's result as its income statement gives it — revenue and other income less the
//! members' pay, costs and bad debts — and how much of it the funds received.
//!
//! The exported journal posts the same figures (revenue at the contract's date, the pay at
//! its month's end, costs and income at their rows' dates, a bad debt at its write-off), so
//! the income statement of any period in hledger or beancount nets to `result`.

use super::computed::Computed;
use crate::books::{FundId, LedgerKind, PaymentKind};
use crate::figure::Figure;
use crate::money::Money;
use crate::period::Period;

/// A period's income statement, and the result's way into the funds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodResult {
    /// The invoiced amounts without VAT (credit notes take theirs off).
    pub revenue: Money,
    /// The ledger's income: grants, subsidies, donations.
    pub other_income: Money,
    /// The members' pay: salaries and fees, employer contributions, expenses repaid.
    pub pay: Money,
    /// The ledger's costs, without their deductible VAT.
    pub costs: Money,
    /// What was written off, without its VAT.
    pub bad_debts: Money,
    /// Revenue and other income less pay, costs and bad debts.
    pub result: Money,
    /// What each fund received out of the result (by `FundId`): its levies and income less
    /// its costs, and for the guarantee fund less the bad debts it bears.
    pub funds: Vec<Money>,
    /// The part of the revenue that is the members' (after the levies) less their pay in the
    /// period: not zero when a month's pay is not the month's budgets (a shortfall carried
    /// to a later month, or made up from an earlier one).
    pub budgets_less_pay: Money,
    /// Bad debts no guarantee fund bears (books without one): a loss no fund shows.
    pub unborne_bad_debts: Money,
}

impl PeriodResult {
    /// What the funds received in all.
    pub fn allocated(&self) -> Money {
        self.funds.iter().copied().sum()
    }
}

/// The result of `period`.
pub fn of(computed: &Computed, period: &Period) -> PeriodResult {
    let books = &computed.books;
    let mut r = PeriodResult {
        funds: vec![Money::ZERO; books.coop.funds.len()],
        ..PeriodResult::default()
    };
    let mut levied = Money::ZERO;
    for (i, c) in books.contracts.iter().enumerate() {
        if !period.contains(c.date) {
            continue;
        }
        r.revenue += c.amount;
        let id = crate::books::ContractId(i as u32);
        for (levy, &amount) in books.coop.levies.iter().zip(computed.terms.levies(id)) {
            if let Some(entry) = levy.in_force(c.date)
                && let Some(f) = fund(&mut r.funds, entry.fund)
            {
                *f += amount;
                levied += amount;
            }
        }
    }
    for (i, p) in books.payments.iter().enumerate() {
        if p.kind == PaymentKind::Writeoff && period.contains(p.date) {
            let share = computed.terms.amount_share(i, p);
            r.bad_debts += share;
            match books
                .coop
                .guarantee_fund
                .and_then(|g| fund(&mut r.funds, g))
            {
                Some(f) => *f -= share,
                None => r.unborne_bad_debts += share,
            }
        }
    }
    for row in books.ledger.iter().filter(|row| period.contains(row.date)) {
        let (Some(f), kind) = (row.fund, row.kind) else {
            continue;
        };
        match kind {
            LedgerKind::Income => {
                r.other_income += row.amount;
                if let Some(f) = fund(&mut r.funds, f) {
                    *f += row.amount;
                }
            }
            LedgerKind::Cost => {
                r.costs += row.amount;
                if let Some(f) = fund(&mut r.funds, f) {
                    *f -= row.amount;
                }
            }
            _ => {}
        }
    }
    let months: Vec<_> = (computed.months())
        .filter(|m| period.contains(m.last_day()))
        .collect();
    computed.settle(&months);
    for m in months {
        for member in &computed.month_figures(m).members {
            let f = &member.figures;
            r.pay += f[Figure::Gross] + f[Figure::EmployerContributions] + f[Figure::Expenses];
        }
    }
    r.result = r.revenue + r.other_income - r.pay - r.costs - r.bad_debts;
    r.budgets_less_pay = r.revenue - levied - r.pay;
    r
}

/// A fund's figure.
fn fund(funds: &mut [Money], f: FundId) -> Option<&mut Money> {
    funds.get_mut(f.0 as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_months_result_is_its_levies_when_the_pay_is_the_budget() {
        // C-1: 1000.00 invoiced, 100.00 of it expenses. Levies: 8 % of 1000.00 = 80.00 and
        // 1 % of 900.00 = 9.00, 89.00 to `ops`. Budget 1000.00 − 89.00 − 100.00 = 811.00:
        // gross 811.00 / 1.25 = 648.80, employer 162.20; pay 648.80 + 162.20 + 100.00 = 911.00.
        // Result 1000.00 − 911.00 = 89.00, all of it in `ops`.
        let computed = crate::engine::fixture::computed("salaried");
        let r = of(&computed, &Period::parse("2026-03").unwrap());
        let m = |s: &str| crate::money::parse_figure(s).unwrap();
        assert_eq!(
            (
                r.revenue,
                r.pay,
                r.result,
                r.funds.clone(),
                r.budgets_less_pay
            ),
            (
                m("1000.00"),
                m("911.00"),
                m("89.00"),
                vec![m("89.00")],
                m("0.00")
            )
        );
        // February: only Ann's redemption, which is no income or expense.
        let r = of(&computed, &Period::parse("2026-02").unwrap());
        assert_eq!((r.result, r.allocated()), (Money::ZERO, Money::ZERO));
    }
}
