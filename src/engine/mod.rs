//! Pure computation over the typed books: no I/O.

pub mod capital;
pub mod funds;
pub mod guarantee;
pub mod patronage;
pub mod pay;
pub mod rules;
pub mod statement;
