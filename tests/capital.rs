//! `capital`: members' capital accounts.

mod common;
use common::{fixture, run};

#[test]
fn capital_table() {
    let r = run(&fixture("atelier"), &["capital"]);
    assert_eq!(
        r.stdout,
        "Capital accounts at 2026-04-15 - Atelier Commun (EUR)
member  shares  retained  redeemed  balance   due
─────────────────────────────────────────────────
alice   100.00      0.00      0.00   100.00  0.00
greta   250.00      0.00      0.00   250.00  0.00
hugo    100.00      0.00    100.00     0.00  0.00
─────────────────────────────────────────────────
total   450.00      0.00    100.00   350.00  0.00
"
    );
}
