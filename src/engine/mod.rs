//! Pure computation over the typed books, no I/O: `Computed` is built once per run, and each
//! module's `of(computed, …)` works out one thing from it (a month's payouts, a year's
//! patronage, the funds over a period); every figure a command shows comes from here.

pub mod bank;
pub mod capital;
pub mod carry;
pub mod chart;
pub mod close;
pub mod closed;
pub mod computed;
pub mod diff;
pub mod digest;
#[cfg(test)]
mod fixture;
pub mod funds;
pub mod guarantee;
pub mod import;
pub mod invoice;
pub mod journal;
pub mod month_end;
pub mod owed;
pub mod patronage;
pub mod pay;
pub mod payouts;
pub mod reference;
pub mod refunds;
pub mod result;
pub mod rules;
pub mod sealed;
pub mod sequence;
pub mod statement;
pub mod stress;
pub mod terms;
pub mod vat;
pub mod vat_return;
pub mod year;
