//! coopbooks: the books of a worker or freelancer cooperative, kept in plain files.

pub mod bank;
pub mod books;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod complete;
pub mod engine;
pub mod figure;
pub mod lock;
pub mod manual;
pub mod money;
pub mod par;
pub mod period;
pub mod problem;
pub mod progress;
pub mod report;
#[doc(hidden)]
pub mod selftest;
pub mod text;
pub mod write;
