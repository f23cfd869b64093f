//! The files the co-op's bank gives: account statements (ISO 20022 camt.053), read as they
//! stream in. (What the bank takes, the payouts file, is written in `report::pain001`.)

pub mod camt053;
mod input;
