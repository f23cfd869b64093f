//! A month's payouts as bank transfers: each member paid in the month with a payout above
//! zero, the amount, and the day the transfers are due (the month's last pay date).

use super::computed::Computed;
use crate::books::MemberId;
use crate::figure::Figure;
use crate::money::Money;
use crate::period::Month;
use chrono::NaiveDate;

/// One member's transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub member: MemberId,
    pub amount: Money,
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

/// The payouts of `month`: its pay (which, for a closed month, `check` holds equal to the
/// close's figures).
pub fn of(computed: &Computed, month: Month) -> Payouts {
    let pay = computed.month(month);
    let books = &computed.books;
    let transfers: Vec<Transfer> = (pay.members.iter())
        .filter(|m| m.figures[Figure::Payout] > Money::ZERO)
        .map(|m| Transfer {
            member: m.member,
            amount: m.figures[Figure::Payout],
        })
        .collect();
    let without_iban = (transfers.iter())
        .filter(|t| books.member(t.member).iban.is_none())
        .map(|t| t.member)
        .collect();
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
