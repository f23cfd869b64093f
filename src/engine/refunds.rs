//! Refunds: what the co-op owes back to a client who had paid an invoice that credit notes
//! then lowered, and the month whose payouts pay it.

use super::computed::Computed;
use crate::books::{ContractId, PaymentKind};
use crate::money::Money;
use crate::period::Month;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

/// One invoice's refund: what its client paid beyond what it owes once corrected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub invoice: ContractId,
    /// The invoice's latest credit note: the refund's payment names it.
    pub note: ContractId,
    /// What the client paid (write-offs aside).
    pub paid: Money,
    /// What the client owes once the credit notes are taken off.
    pub owed: Money,
    pub amount: Money,
    /// The day it became due: the later of the latest credit note and the latest payment.
    pub date: NaiveDate,
}

impl Refund {
    /// The month whose payouts pay it.
    pub fn month(&self) -> Month {
        Month::of(self.date)
    }
}

/// Every refund due, by invoice. A client who paid more than the invoice before any
/// correction has overpaid (`check` says so), and is refunded only what the credit notes
/// made it overpay.
pub fn of(computed: &Computed) -> Vec<Refund> {
    let (books, terms) = (&computed.books, &computed.terms);
    let mut invoices: FxHashMap<ContractId, (Money, Money, NaiveDate)> = terms
        .credits()
        .map(|(i, notes)| {
            let last = notes.iter().map(|&n| books.contract(n).date).max();
            (
                i,
                (Money::ZERO, Money::ZERO, last.unwrap_or(NaiveDate::MIN)),
            )
        })
        .collect();
    if invoices.is_empty() {
        return Vec::new();
    }
    for p in &books.payments {
        if let Some((paid, written_off, date)) = invoices.get_mut(&p.contract) {
            match p.kind {
                PaymentKind::Payment => *paid += p.amount,
                PaymentKind::Writeoff => *written_off += p.amount,
            }
            *date = (*date).max(p.date);
        }
    }
    let mut out: Vec<Refund> = invoices
        .into_iter()
        .filter_map(|(invoice, (paid, written_off, date))| {
            let c = books.contract(invoice);
            let owed = terms.owed(invoice, c);
            let before = c.amount + terms.vat(invoice);
            let amount = (paid + written_off).min(before) - owed;
            let amount = amount.min(paid);
            let notes = terms.credit_notes(invoice);
            (amount.is_positive()).then(|| Refund {
                invoice,
                note: notes[notes.len() - 1],
                paid,
                owed,
                amount,
                date,
            })
        })
        .collect();
    out.sort_unstable_by_key(|r| r.invoice);
    out
}
