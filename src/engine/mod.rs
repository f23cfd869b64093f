//! Pure computation over the typed books: no I/O.

pub mod pay;
pub mod rules;
pub mod statement;
