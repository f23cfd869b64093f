//! A month's payouts as bank transfers: each member paid in the month with a payout above
//! zero, and each refund due in the month to a client with an IBAN; the amount, and the day
//! each is due (a member's latest pay date of the month; a refund the month's last).

use super::computed::Computed;
use super::refunds;
use crate::books::{ContractId, MemberId};
use crate::figure::Figure;
use crate::money::Money;
use crate::period::Month;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Who a transfer pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payee {
    /// A member's payout.
    Member(MemberId),
    /// A client's refund, named by the credit note that made it due.
    Refund(ContractId),
}

/// One transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub payee: Payee,
    pub amount: Money,
    /// The day it is due: a member's latest pay date of the month's contracts (a member is
    /// paid once all of the month's work is due); `None` for a refund, due with the last.
    pub due: Option<NaiveDate>,
}

/// The month's transfers, by member id, with their sum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payouts {
    pub month: Month,
    pub transfers: Vec<Transfer>,
    /// The sum of the transfers: the file's control sum.
    pub total: Money,
    /// The latest pay date of the month's contracts (`None` without contracts).
    pub last_pay_date: Option<NaiveDate>,
    /// Members owed a payout whose file has no `iban`.
    pub without_iban: Vec<MemberId>,
}

/// The longest end-to-end id SEPA allows.
const ID: usize = 35;

/// `<MONTH>-<member id>`, the transfer's end-to-end id; an id too long for 35 characters is
/// cut to its first 18 and followed by 8 hex digits of its SHA-256, so that two long ids
/// never share one (member ids are ASCII).
pub fn end_to_end_id(month: &str, member: &str) -> String {
    let whole = format!("{month}-{member}");
    if whole.len() <= ID {
        return whole;
    }
    let digest = Sha256::digest(member.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{month}-{}-{hex}", &member[..18.min(member.len())])
}

/// The id a transfer's end-to-end id is made of: the member's id, or `refund-NOTE`.
pub fn payee_id(books: &crate::books::Books, payee: Payee) -> String {
    match payee {
        Payee::Member(m) => books.member_id(m).to_string(),
        Payee::Refund(note) => format!("refund-{}", books.contract_id(books.contract(note))),
    }
}

/// Whether the payouts pay a refund: its client has a record with an IBAN (the others are
/// paid by hand, as `check` says).
pub fn pays_refund(books: &crate::books::Books, r: &refunds::Refund) -> bool {
    let client = books.client_record(books.contract(r.invoice));
    client.is_some_and(|c| c.iban.is_some())
}

/// The payouts of `month`: its pay (which, for a closed month, `check` holds equal to the
/// close's figures).
pub fn of(computed: &Computed, month: Month) -> Payouts {
    let pay = computed.month(month);
    let books = &computed.books;
    let mut transfers: Vec<Transfer> = (pay.members.iter())
        .filter(|m| m.figures[Figure::Payout] > Money::ZERO)
        .map(|m| Transfer {
            payee: Payee::Member(m.member),
            amount: m.figures[Figure::Payout],
            due: m.contracts.iter().map(|c| c.pay_date).max(),
        })
        .collect();
    let without_iban = (transfers.iter())
        .filter_map(|t| match t.payee {
            Payee::Member(m) => books.member(m).iban.is_none().then_some(m),
            Payee::Refund(_) => None,
        })
        .collect();
    // Refunds to clients whose record has an IBAN (`check` names the others).
    for r in refunds::of(computed) {
        if r.month() == month && pays_refund(books, &r) {
            transfers.push(Transfer {
                payee: Payee::Refund(r.note),
                amount: r.amount,
                due: None,
            });
        }
    }
    Payouts {
        month,
        total: transfers.iter().map(|t| t.amount).sum(),
        transfers,
        last_pay_date: (pay.members.iter())
            .flat_map(|m| m.contracts.iter().map(|c| c.pay_date))
            .max(),
        without_iban,
    }
}

impl Payouts {
    /// The transfers by the day they are to be executed — each on the day it is due, or all
    /// on `date` — in order of the day, then as listed.
    pub fn by_day(&self, date: Option<NaiveDate>) -> Vec<(NaiveDate, Vec<&Transfer>)> {
        let mut days: Vec<(NaiveDate, Vec<&Transfer>)> = Vec::new();
        for t in &self.transfers {
            let Some(day) = date.or(t.due).or(self.last_pay_date) else {
                continue;
            };
            match days.iter_mut().find(|(d, _)| *d == day) {
                Some((_, ts)) => ts.push(t),
                None => days.push((day, vec![t])),
            }
        }
        days.sort_by_key(|(d, _)| *d);
        days
    }
}
