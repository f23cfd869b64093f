//! The co-op's rules per contract: minimum contract length and minimum hourly wage.

use super::computed::Computed;
use super::pay::model_of;
use crate::books::{ContractId, PayModel};
use crate::money::{Hours, Money};
use crate::period::Month;
use rust_decimal::Decimal;

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

impl Violation {
    /// What is wrong, for a message that names the contract first.
    pub fn describe(&self) -> String {
        match self {
            Violation::TooShort { hours, min } => {
                format!("{hours} hours is below the minimum contract length of {min} hours")
            }
            Violation::BelowMinimumWage {
                hourly: Some(h),
                min,
            } => format!(
                "hourly gross {} is below the minimum hourly wage {min}",
                Money::from_cents_decimal(h.trunc_with_scale(2))
            ),
            Violation::BelowMinimumWage { hourly: None, min } => {
                format!("0 hours, so no hourly gross to meet the minimum hourly wage {min}")
            }
        }
    }
}

/// The rules a contract breaks.
pub fn violations(computed: &Computed, id: ContractId) -> Vec<Violation> {
    let books = &computed.books;
    let rules = &books.coop.rules;
    let c = books.contract(id);
    let budget = computed.budget(id);
    let mut out = Vec::new();
    if let Some(min) = rules.min_contract_hours
        && c.hours < min
    {
        out.push(Violation::TooShort {
            hours: c.hours,
            min,
        });
    }
    if let Some(min) = rules.min_hourly_wage {
        let month = Month::of(c.date);
        let divisor = match model_of(books, c.member, month) {
            PayModel::Salaried => {
                Decimal::ONE + books.coop.payroll_for(month).employer_rate.value()
            }
            PayModel::Contractor => Decimal::ONE,
        };
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
