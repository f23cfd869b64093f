//! Patronage: a year's surplus, set-asides, and the allocation to member-owners in
//! proportion to their work, apportioned to the cent by largest remainder.

use super::computed::Computed;
use super::funds::{self, Kind};
use crate::books::{Books, ContractId, FundId, MemberId, MemberYear, SetAsideClose};
use crate::money::{self, Money, Rate};
use crate::period::Period;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub fund: FundId,
    pub rate: Rate,
    pub amount: Money,
}

/// One member's eligible activity in the year and what it earns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub member: MemberId,
    pub figures: MemberYear,
}

/// Why nothing is allocated, when nothing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unallocated {
    /// The surplus fund's surplus for the year is zero or less (this much).
    NoSurplus(Money),
    /// No member-shareholder had eligible activity in the year.
    NoActivity,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patronage {
    pub year: i32,
    pub surplus_fund: FundId,
    pub surplus: Money,
    pub set_asides: Vec<SetAside>,
    pub distributable: Money,
    /// Members with eligible activity, by id.
    pub members: Vec<Share>,
    /// The members' figures added up.
    pub totals: MemberYear,
    /// Why nothing is allocated, when nothing is.
    pub unallocated: Option<Unallocated>,
}

impl Patronage {
    /// The set-asides with their funds named: as a year's close records them and the report
    /// shows them.
    pub fn named_set_asides(&self, books: &Books) -> Vec<SetAsideClose> {
        (self.set_asides.iter())
            .map(|s| SetAsideClose {
                fund: books.coop.fund(s.fund).name.clone(),
                rate: s.rate,
                amount: s.amount,
            })
            .collect()
    }

    /// With `totals` set: each figure of the members added up.
    fn added_up(mut self) -> Patronage {
        let mut t = MemberYear::default();
        for s in &self.members {
            let s = &s.figures;
            t.hours += s.hours;
            t.turnover += s.turnover;
            t.budget += s.budget;
            t.allocation += s.allocation;
            t.cash += s.cash;
            t.retained += s.retained;
        }
        self.totals = t;
        self
    }
}

/// The year's patronage, or `None` without `[patronage]` in coop.toml.
pub fn of(computed: &Computed, year: i32) -> Option<Patronage> {
    let books = &computed.books;
    let policy = books.coop.patronage.as_ref()?;
    let period = Period::year(year);
    let fund = policy.surplus_fund;

    let surplus = surplus(computed, fund, &period);
    let activity = activity(computed, &period);

    let mut result = Patronage {
        year,
        surplus_fund: fund,
        surplus,
        set_asides: Vec::new(),
        distributable: Money::ZERO,
        members: activity,
        totals: MemberYear::default(),
        unallocated: None,
    };
    if !surplus.is_positive() {
        result.unallocated = Some(Unallocated::NoSurplus(surplus));
        return Some(result.added_up());
    }
    result.set_asides = policy
        .set_aside
        .iter()
        .map(|&(fund, rate)| SetAside {
            fund,
            rate,
            amount: money::round(surplus.times(rate)),
        })
        .collect();
    result.distributable = surplus - result.set_asides.iter().map(|s| s.amount).sum::<Money>();

    let values: Vec<[Decimal; 3]> = result
        .members
        .iter()
        .map(|s| &s.figures)
        .map(|s| [s.hours.value(), s.turnover.value(), s.budget.value()])
        .collect();
    let Some(shares) = exact_shares(result.distributable, policy.basis, &values) else {
        result.unallocated = Some(Unallocated::NoActivity);
        return Some(result.added_up());
    };
    let ids: Vec<&str> = result
        .members
        .iter()
        .map(|s| books.member(s.member).id.as_str())
        .collect();
    let allocations = largest_remainder(result.distributable, &shares, &ids);
    for (s, a) in result.members.iter_mut().zip(allocations) {
        let s = &mut s.figures;
        s.allocation = a;
        s.cash = money::round_up(a.times(policy.cash));
        s.retained = a - s.cash;
    }
    Some(result.added_up())
}

/// The surplus fund's surplus for a period: levies and income credited to it, less costs
/// charged to it (year-end postings are transfers and allocations, none of these).
fn surplus(computed: &Computed, fund: FundId, period: &Period) -> Money {
    let mut surplus = Money::ZERO;
    funds::for_each_movement(computed, |m| {
        if m.fund == fund && period.contains(m.date) {
            match m.kind {
                Kind::Levies | Kind::Income => surplus += m.amount,
                Kind::Costs => surplus -= m.amount,
                _ => {}
            }
        }
    });
    surplus
}

/// Eligible activity, by member id: the contracts of the period while their member was a
/// member-shareholder, their hours, turnover and budget summed.
fn activity(computed: &Computed, period: &Period) -> Vec<Share> {
    let books = &computed.books;
    let mut activity: Vec<Share> = Vec::new();
    let mut index = vec![usize::MAX; books.members.len()];
    for i in 0..books.contracts.len() as u32 {
        let c = books.contract(ContractId(i));
        if !period.contains(c.date) || !books.member(c.member).is_member_on(c.date) {
            continue;
        }
        let slot = &mut index[c.member.0 as usize];
        if *slot == usize::MAX {
            *slot = activity.len();
            activity.push(Share {
                member: c.member,
                figures: MemberYear::default(),
            });
        }
        let s = &mut activity[*slot].figures;
        s.hours += c.hours;
        s.turnover += c.amount;
        s.budget += computed.terms.budget(ContractId(i));
    }
    activity.sort_by_key(|s| s.member);
    activity
}

/// Each member's unrounded share of `total`: Σ_k w_k × x_ik / X_k over the bases whose total
/// X_k is not 0, the weights rescaled to sum to 1. `None` when every basis totals 0.
pub fn exact_shares(
    total: Money,
    weights: [Rate; 3],
    values: &[[Decimal; 3]],
) -> Option<Vec<Decimal>> {
    let totals: Vec<Decimal> = (0..3).map(|k| values.iter().map(|v| v[k]).sum()).collect();
    let live: Vec<usize> = (0..3)
        .filter(|&k| !totals[k].is_zero() && !weights[k].value().is_zero())
        .collect();
    let weight_sum: Decimal = live.iter().map(|&k| weights[k].value()).sum();
    if live.is_empty() || weight_sum.is_zero() {
        return None;
    }
    Some(
        values
            .iter()
            .map(|v| {
                live.iter()
                    .map(|&k| total.value() * weights[k].value() / weight_sum * v[k] / totals[k])
                    .sum()
            })
            .collect(),
    )
}

/// Apportions `total` to the cent in proportion to `shares` (which sum to it): floor each to
/// the cent, then one cent at a time to the largest remainders, ties to the smaller id.
pub fn largest_remainder(total: Money, shares: &[Decimal], ids: &[&str]) -> Vec<Money> {
    let floors: Vec<Decimal> = shares
        .iter()
        .map(|s| (*s).max(Decimal::ZERO).trunc_with_scale(2))
        .collect();
    let mut out: Vec<Money> = floors.iter().map(|f| money::round(*f)).collect();
    if out.is_empty() {
        return out;
    }
    let given: Money = out.iter().sum();
    let cents = ((total - given).value() * Decimal::ONE_HUNDRED).trunc();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (shares[a] - floors[a], shares[b] - floors[b]);
        rb.cmp(&ra).then_with(|| ids[a].cmp(ids[b]))
    });
    let cent = money::round(Decimal::new(1, 2));
    let n = i64::try_from(cents).unwrap_or(0);
    for step in 0..n.max(0) {
        let i = order[(step as usize) % order.len()];
        out[i] += cent;
    }
    // Only if the 28-digit shares overshot a cent boundary: take back from the smallest remainders.
    let mut over = -n;
    for &i in order.iter().rev().cycle().take(order.len() * 2) {
        if over <= 0 {
            break;
        }
        if out[i] >= cent {
            out[i] -= cent;
            over -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        money::parse_money(s, "EUR").unwrap()
    }

    #[test]
    fn three_equal_members_share_100() {
        // 100.00 / 3 = 33.333..: floors 33.33 x 3 = 99.99; the one cent left goes to the
        // smallest id among equal remainders.
        let third = m("100.00").value() / Decimal::from(3);
        let got = largest_remainder(
            m("100.00"),
            &[third, third, third],
            &["carl", "anna", "bea"],
        );
        assert_eq!(got, vec![m("33.33"), m("33.34"), m("33.33")]);
    }

    #[test]
    fn largest_remainder_goes_first() {
        // 10.00 in shares 3.337, 3.331, 3.332: floors 3.33 x 3 = 9.99, one cent to the largest
        // remainder (0.007, "z").
        let shares: Vec<Decimal> = ["3.337", "3.331", "3.332"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let got = largest_remainder(m("10.00"), &shares, &["z", "a", "b"]);
        assert_eq!(got, vec![m("3.34"), m("3.33"), m("3.33")]);
    }

    #[test]
    fn zero_bases_are_dropped() {
        let half = money::parse_rate("50%").unwrap();
        // hours 50 %, turnover 0 %, budget 50 %; nobody has a budget: hours alone decide.
        let values = [
            [Decimal::from(10), Decimal::ZERO, Decimal::ZERO],
            [Decimal::from(30), Decimal::ZERO, Decimal::ZERO],
        ];
        let shares = exact_shares(m("100.00"), [half, Rate::ZERO, half], &values).unwrap();
        assert_eq!(shares, vec![Decimal::from(25), Decimal::from(75)]);
        let none = exact_shares(m("100.00"), [half, Rate::ZERO, half], &[[Decimal::ZERO; 3]]);
        assert_eq!(none, None);
    }
}
