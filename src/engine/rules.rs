//! The co-op's rules per contract: minimum contract length and minimum hourly wage.

use super::computed::Computed;
use crate::books::{ContractId, MemberId, PayModel};
use crate::money::{Hours, Money};
use crate::period::Month;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// A broken rule, with the figure and the minimum it falls below.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    TooShort {
        hours: Hours,
        min: Hours,
    },
    /// `hourly` is the contract's hourly gross, unrounded; `None` for a contract of 0 hours.
    BelowMinimumWage {
        hourly: Option<Decimal>,
        min: Money,
    },
}

/// The co-op's rules, ready for every contract: each member's own pay model and, per pay
/// month, the payroll in force (worked out once, not per contract).
pub struct Rules<'a> {
    computed: &'a Computed,
    models: Vec<Option<PayModel>>,
    months: FxHashMap<Month, (PayModel, Decimal)>,
}

impl<'a> Rules<'a> {
    pub fn new(computed: &'a Computed) -> Rules<'a> {
        let books = &computed.books;
        let months = (computed.months())
            .map(|m| {
                let payroll = books.coop.payroll_for(m);
                (
                    m,
                    (payroll.model, Decimal::ONE + payroll.employer_rate.value()),
                )
            })
            .collect();
        Rules {
            computed,
            models: books.members.iter().map(|m| m.model).collect(),
            months,
        }
    }

    pub fn computed(&self) -> &'a Computed {
        self.computed
    }

    /// What a contract's gross is divided by to give its hourly gross: 1 + the employer rate
    /// for a salaried member, 1 for a contractor.
    fn divisor(&self, member: MemberId, month: Month) -> Decimal {
        let (coop_model, salaried) = match self.months.get(&month) {
            Some(&terms) => terms,
            None => {
                let payroll = self.computed.books.coop.payroll_for(month);
                (payroll.model, Decimal::ONE + payroll.employer_rate.value())
            }
        };
        let own = self.models.get(member.0 as usize).copied().flatten();
        match own.unwrap_or(coop_model) {
            PayModel::Salaried => salaried,
            PayModel::Contractor => Decimal::ONE,
        }
    }

    /// The rules a contract breaks.
    pub fn violations(&self, id: ContractId) -> Vec<Violation> {
        let books = &self.computed.books;
        let rules = &books.coop.rules;
        let c = books.contract(id);
        let budget = self.computed.terms.budget(id);
        let mut out = Vec::new();
        // A credit note is no work: it corrects an invoice's amount.
        if c.amount.is_negative() {
            return out;
        }
        if let Some(min) = rules.min_contract_hours
            && c.hours < min
        {
            out.push(Violation::TooShort {
                hours: c.hours,
                min,
            });
        }
        if let Some(min) = rules.min_hourly_wage {
            let divisor = self.divisor(c.member, Month::of(c.date));
            if c.hours.units() == 0 {
                out.push(Violation::BelowMinimumWage { hourly: None, min });
            } else if below(budget, min, divisor, c.hours) {
                let hourly = budget.value() / divisor / c.hours.value();
                out.push(Violation::BelowMinimumWage {
                    hourly: Some(hourly),
                    min,
                });
            }
        }
        out
    }
}

/// `budget / divisor / hours < min`, exactly: with budget and min in cents, hours in
/// ten-thousandths and divisor = m / 10^s, it is `budget × 10^(s+4) < min × m × hours`, which
/// fits in 128 bits for any value the books can hold (the decimal division is the fallback).
fn below(budget: Money, min: Money, divisor: Decimal, hours: Hours) -> bool {
    let exact = (|| {
        let left =
            i128::from(budget.cents()).checked_mul(10i128.checked_pow(divisor.scale() + 4)?)?;
        let right = (i128::from(min.cents()).checked_mul(divisor.mantissa()))?
            .checked_mul(i128::from(hours.units()))?;
        Some(left < right)
    })();
    exact.unwrap_or_else(|| budget.value() / divisor / hours.value() < min.value())
}
