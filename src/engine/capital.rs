//! Members' capital accounts (SPEC §13): shares bought, retained patronage, redemptions.

use crate::books::{Books, LedgerKind, MemberId};
use crate::money::Money;
use chrono::NaiveDate;

/// A retained patronage allocation credited to a member's capital by a year close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retained {
    pub member: MemberId,
    pub year: i32,
    pub date: NaiveDate,
    pub amount: Money,
}

/// A redemption larger than the member's capital on its date: the ledger row (index into
/// `Books::ledger`) and the capital there was.
pub struct Shortfall {
    pub row: usize,
    pub capital: Money,
}

/// Redemptions that exceed the member's capital on their date. Movements of one day are taken
/// credits first, so a share bought and redeemed the same day is allowed.
pub fn shortfalls(books: &Books, retained: &[Retained]) -> Vec<Shortfall> {
    // (member, date, debit?, order, amount, ledger row)
    let mut moves: Vec<(MemberId, NaiveDate, bool, usize, Money, Option<usize>)> = Vec::new();
    for (i, row) in books.ledger.iter().enumerate() {
        let Some(member) = row.member else { continue };
        match row.kind {
            LedgerKind::Share => moves.push((member, row.date, false, i, row.amount, None)),
            LedgerKind::Redeem => moves.push((member, row.date, true, i, row.amount, Some(i))),
            _ => {}
        }
    }
    for r in retained {
        moves.push((r.member, r.date, false, 0, r.amount, None));
    }
    moves.sort_by_key(|m| (m.0, m.1, m.2, m.3));
    let mut out = Vec::new();
    let mut balance = Money::ZERO;
    let mut current = None;
    for (member, _, debit, _, amount, row) in moves {
        if current != Some(member) {
            current = Some(member);
            balance = Money::ZERO;
        }
        if debit {
            if amount > balance
                && let Some(row) = row
            {
                out.push(Shortfall {
                    row,
                    capital: balance,
                });
            }
            balance -= amount;
        } else {
            balance += amount;
        }
    }
    out
}
