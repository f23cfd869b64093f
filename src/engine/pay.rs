//! Pay: per member and month, from its contracts' levies and budgets (`Terms`), the salary
//! or fee, contributions, withholding, net and payout. The only code that settles pay.

use super::terms::Terms;
use crate::books::{Books, ContractId, MemberId, PayModel, Payroll};
use crate::figure::{Figure, PerFigure};
use crate::money::{self, Hours, Money, Rate};
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::ops::{Index, IndexMut, Range};

/// One contract's levies and budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractPay {
    pub contract: ContractId,
    pub pay_date: NaiveDate,
    /// Indexed like `Coop::levies`; 0.00 for a levy not in force on the contract's date.
    pub levies: Vec<Money>,
    pub budget: Money,
}

/// The figures that add up: one member-month's, or the sum of many. The money figures are
/// indexed by `Figure` (`figures[Figure::Net]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub contracts: usize,
    pub hours: Hours,
    /// Each levy apart, indexed like `Coop::levies`; together they are `[Figure::Levies]`.
    pub levies: Vec<Money>,
    pub money: PerFigure<Money>,
    /// A shortfall brought from earlier months (0.00 or less): pay is worked out on the
    /// budget plus this.
    pub brought: Money,
    /// The shortfall left for later months (0.00 or less) when budget and `brought` come to
    /// less than zero: nothing negative is paid. So `amount - brought + left = levies +
    /// expenses + contributions + withholding + net`.
    pub left: Money,
}

impl Index<Figure> for Figures {
    type Output = Money;
    fn index(&self, f: Figure) -> &Money {
        &self.money[f]
    }
}

impl IndexMut<Figure> for Figures {
    fn index_mut(&mut self, f: Figure) -> &mut Money {
        &mut self.money[f]
    }
}

/// One member's pay for one month, with its contract lines (`MemberFigures` and them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPay {
    pub member: MemberId,
    pub month: Month,
    pub model: PayModel,
    /// Sorted by date, then id.
    pub contracts: Vec<ContractPay>,
    pub figures: Figures,
    /// The month the shortfall `figures.brought` was first left in.
    pub carried_from: Option<Month>,
}

/// A month's pay: every member with contracts in it, by id, and the totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthPay {
    pub month: Month,
    pub members: Vec<MemberPay>,
    pub totals: Figures,
}

impl Figures {
    pub fn zero(levies: usize) -> Figures {
        Figures {
            levies: vec![Money::ZERO; levies],
            ..Figures::default()
        }
    }

    /// Employer and employee contributions together: what the month's pay owes to social
    /// security (`amount = levies + expenses + contributions + withholding + net`).
    pub fn contributions(&self) -> Money {
        self[Figure::EmployerContributions] + self[Figure::EmployeeContributions]
    }

    pub fn add(&mut self, o: &Figures) {
        self.contracts += o.contracts;
        self.hours += o.hours;
        self.brought += o.brought;
        self.left += o.left;
        if self.levies.len() < o.levies.len() {
            self.levies.resize(o.levies.len(), Money::ZERO);
        }
        for (a, b) in self.levies.iter_mut().zip(&o.levies) {
            *a += *b;
        }
        for (a, b) in self.money.0.iter_mut().zip(o.money.0) {
            *a += b;
        }
    }
}

/// The pay model of a member in a month: their own, else the co-op's in force.
pub fn model_of(books: &Books, member: MemberId, month: Month) -> PayModel {
    books
        .member(member)
        .model
        .unwrap_or(books.coop.payroll_for(month).model)
}

/// Withholding on taxable pay: a flat rate, else the progressive table, else nothing.
pub fn withholding(taxable: Money, flat: Option<Rate>, table: &[crate::books::Bracket]) -> Money {
    if let Some(rate) = flat {
        return money::round(taxable.times(rate));
    }
    let mut sum = Decimal::ZERO;
    for (i, bracket) in table.iter().enumerate() {
        let top = match table.get(i + 1) {
            Some(next) => taxable.min(next.above),
            None => taxable,
        };
        let slice = top - bracket.above;
        if slice.is_positive() {
            sum += slice.times(bracket.rate);
        }
    }
    money::round(sum)
}

/// One member's month, settled: its model and figures — `MemberPay` without the contract
/// lines, as `MonthFigures` is `MonthPay` without them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberFigures {
    pub member: MemberId,
    pub model: PayModel,
    pub figures: Figures,
    /// The month the shortfall `figures.brought` was first left in.
    pub carried_from: Option<Month>,
}

/// A shortfall a member's month brings from earlier months: how much (below 0.00) and the
/// month it was first left in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Carry {
    pub brought: Money,
    pub from: Month,
}

/// The shortfalls brought into member-months. Only a credit note can leave one (an
/// invoice's budget is never negative), so books without credit notes have none and this
/// is empty.
#[derive(Default)]
pub struct Carries {
    brought: FxHashMap<(MemberId, Month), Carry>,
    /// Every member-month walked, in order, with the shortfall it leaves (`left_at`).
    walked: Vec<(MemberId, Month, Option<Carry>)>,
    /// For books read from a cut, the shortfalls its close carries.
    seeds: FxHashMap<MemberId, Carry>,
}

impl Carries {
    /// Walks the months of each member who has a credit note, in order: a month whose budget
    /// and brought shortfall come to less than zero leaves it all to the member's next month
    /// with contracts. Books read from a cut walk the months after it, each member starting
    /// from the shortfall its close carries.
    pub fn of(books: &Books, terms: &Terms) -> Carries {
        let seeds = seeds(books);
        if terms.credits().next().is_none() && seeds.is_empty() {
            return Carries::default();
        }
        let after = |d| books.cut.is_none_or(|c| d > c.end);
        let mut who = vec![false; books.members.len()];
        for c in books.contracts.iter().filter(|c| c.amount.is_negative()) {
            who[c.member.0 as usize] = true;
        }
        for m in seeds.keys() {
            who[m.0 as usize] = true;
        }
        let mut budgets: BTreeMap<(MemberId, Month), Money> = BTreeMap::new();
        for (i, c) in books.contracts.iter().enumerate() {
            if who[c.member.0 as usize] && after(c.date) {
                let at = budgets.entry((c.member, Month::of(c.date))).or_default();
                *at += terms.budget(ContractId(i as u32));
            }
        }
        let mut carries = Carries {
            seeds,
            ..Carries::default()
        };
        let seeds = &carries.seeds;
        let (mut current, mut pending): (Option<MemberId>, Option<Carry>) = (None, None);
        for (&(member, month), &budget) in &budgets {
            if current != Some(member) {
                (current, pending) = (Some(member), seeds.get(&member).copied());
            }
            let brought = pending.take();
            if let Some(carry) = brought {
                carries.brought.insert((member, month), carry);
            }
            let base = budget + brought.map_or(Money::ZERO, |c| c.brought);
            if base.is_negative() {
                let from = brought.map_or(month, |c| c.from);
                pending = Some(Carry {
                    brought: base,
                    from,
                });
            }
            carries.walked.push((member, month, pending));
        }
        carries
    }

    /// The shortfall each member's last month in `year` or before leaves to their next month
    /// with contracts (for books read from a cut, the one carried to a member with no month
    /// since): what closing `year` carries, by member.
    pub fn left_at(&self, year: i32) -> Vec<(MemberId, Carry)> {
        let mut left: BTreeMap<MemberId, Option<Carry>> =
            self.seeds.iter().map(|(&m, &c)| (m, Some(c))).collect();
        for &(member, _, carry) in self.walked.iter().filter(|w| w.1.year <= year) {
            left.insert(member, carry);
        }
        (left.into_iter())
            .filter_map(|(m, c)| Some((m, c?)))
            .collect()
    }

    fn of_member(&self, member: MemberId, month: Month) -> Option<Carry> {
        if self.brought.is_empty() {
            return None;
        }
        self.brought.get(&(member, month)).copied()
    }
}

/// For books read from a cut, the shortfall each member's last month before it left, as its
/// close carries it (`AMOUNT FROM`, or `MONTH AMOUNT FROM` as closes wrote it before).
fn seeds(books: &Books) -> FxHashMap<MemberId, Carry> {
    let Some((_, carry)) = books.carried() else {
        return FxHashMap::default();
    };
    (carry.shortfalls.iter())
        .filter_map(|(id, line)| {
            let (amount, from) = crate::books::shortfall_fields(line)?;
            let carry = Carry {
                brought: crate::money::parse_figure(amount).ok()?,
                from: Month::parse(from).ok()?,
            };
            Some((books.member_by_id(id)?, carry))
        })
        .collect()
}

impl ContractPay {
    /// One contract's line, as the reports show it.
    fn of(terms: &Terms, id: ContractId) -> ContractPay {
        ContractPay {
            contract: id,
            pay_date: terms.pay_date(id),
            levies: terms.levies(id).to_vec(),
            budget: terms.budget(id),
        }
    }
}

/// A month's figures: every member with contracts in it, by id, and the totals. What
/// `Computed` keeps of a settled month; `MonthPay` adds the contract lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: Month,
    pub members: Vec<MemberFigures>,
    pub totals: Figures,
}

/// Settles one member's month from its contracts' figures.
pub fn settle(
    books: &Books,
    (terms, carries): (&Terms, &Carries),
    member: MemberId,
    month: Month,
    contracts: &[ContractId],
) -> MemberFigures {
    let mut settled = MemberFigures {
        member,
        model: PayModel::Contractor,
        figures: Figures::zero(books.coop.levies.len()),
        carried_from: None,
    };
    for &id in contracts {
        settled.figures.add_contract(books, terms, id);
    }
    settle_sums(books, month, &mut settled, carries.of_member(member, month));
    settled
}

impl Figures {
    /// Adds one contract: its hours, amount, levies, expenses and budget.
    fn add_contract(&mut self, books: &Books, terms: &Terms, id: ContractId) {
        let c = books.contract(id);
        self.contracts += 1;
        self.hours += c.hours;
        self[Figure::Amount] += c.amount;
        for (a, b) in self.levies.iter_mut().zip(terms.levies(id)) {
            *a += *b;
            self.money[Figure::Levies] += *b;
        }
        self[Figure::Expenses] += c.expenses;
        self[Figure::Budget] += terms.budget(id);
    }
}

/// A member's month from the sums of its contracts (in `settled.figures`) and the shortfall
/// it brings, if any: the pay model in force, then gross, contributions, withholding, net and
/// payout, on the budget plus the shortfall; below zero, nothing is paid and it is all left.
fn settle_sums(books: &Books, month: Month, settled: &mut MemberFigures, carry: Option<Carry>) {
    let payroll: &Payroll = books.coop.payroll_for(month);
    let model = model_of(books, settled.member, month);
    let f = &mut settled.figures;
    use Figure::*;
    let mut base = f[Budget];
    if let Some(carry) = carry {
        f.brought = carry.brought;
        settled.carried_from = Some(carry.from);
        base += carry.brought;
    }
    if base.is_negative() {
        f.left = base;
        base = Money::ZERO;
    }
    match model {
        PayModel::Salaried => {
            let divisor = Decimal::ONE + payroll.employer_rate.value();
            f[Gross] = money::round_quotient(base, divisor);
            f[EmployerContributions] = base - f[Gross];
            f[EmployeeContributions] = money::round_product(f[Gross], payroll.employee_rate);
        }
        PayModel::Contractor => {
            f[Gross] = base;
        }
    }
    f[Taxable] = f[Gross] - f[EmployeeContributions];
    let table: &[crate::books::Bracket] = match model {
        PayModel::Contractor if !payroll.withhold_contractors => &[],
        _ => &payroll.withholding,
    };
    f[Withholding] = withholding(
        f[Taxable],
        books.member(settled.member).withholding_rate,
        table,
    );
    f[Net] = f[Taxable] - f[Withholding];
    f[Payout] = f[Net] + f[Expenses];
    settled.model = model;
}

/// Sorts a member's contracts for display: by date, then id.
fn by_date_then_id(books: &Books, ids: &mut [ContractId]) {
    ids.sort_by(|&a, &b| {
        let (ca, cb) = (books.contract(a), books.contract(b));
        (ca.date, books.contract_id(ca)).cmp(&(cb.date, books.contract_id(cb)))
    });
}

/// A settled member-month with its contract lines, by date then id.
fn with_lines(
    books: &Books,
    terms: &Terms,
    settled: MemberFigures,
    month: Month,
    ids: &mut [ContractId],
) -> MemberPay {
    by_date_then_id(books, ids);
    MemberPay {
        member: settled.member,
        month,
        model: settled.model,
        contracts: ids.iter().map(|&id| ContractPay::of(terms, id)).collect(),
        figures: settled.figures,
        carried_from: settled.carried_from,
    }
}

/// A month's contracts grouped by member: the contracts, by member, and each member's run of
/// them. Each contract's member is looked up once (sorting by a looked-up key would look it
/// up at every comparison).
fn by_member(
    books: &Books,
    ids: &[ContractId],
) -> (Vec<ContractId>, Vec<(MemberId, Range<usize>)>) {
    let mut pairs: Vec<(MemberId, ContractId)> = (ids.iter())
        .map(|&id| (books.contract(id).member, id))
        .collect();
    pairs.sort_unstable();
    let mut runs = Vec::new();
    let mut start = 0;
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        runs.push((group[0].0, start..start + group.len()));
        start += group.len();
    }
    (pairs.into_iter().map(|(_, id)| id).collect(), runs)
}

/// Every member's figures for a month from its contracts, and the totals (`Computed` keeps
/// the result). The contracts are summed in the order they are stored, each into its
/// member's figures, so that the contracts (the larger data) are read front to back.
pub(super) fn settle_month(
    books: &Books,
    (terms, carries): (&Terms, &Carries),
    month: Month,
    ids: &[ContractId],
) -> MonthFigures {
    let levies = books.coop.levies.len();
    // The month's members, in id order, each with its place; then each contract summed into
    // its member's figures.
    const NONE: u32 = u32::MAX;
    let mut place = vec![NONE; books.members.len()];
    let mut ids_of_members: Vec<MemberId> = Vec::new();
    for &id in ids {
        let member = books.contract(id).member;
        if let Some(at @ &mut NONE) = place.get_mut(member.0 as usize) {
            *at = 0;
            ids_of_members.push(member);
        }
    }
    ids_of_members.sort_unstable();
    let mut members: Vec<MemberFigures> = (ids_of_members.iter().enumerate())
        .map(|(i, &member)| {
            place[member.0 as usize] = i as u32;
            MemberFigures {
                member,
                model: PayModel::Contractor,
                figures: Figures::zero(levies),
                carried_from: None,
            }
        })
        .collect();
    for &id in ids {
        let at = place[books.contract(id).member.0 as usize] as usize;
        members[at].figures.add_contract(books, terms, id);
    }
    for settled in &mut members {
        let carry = carries.of_member(settled.member, month);
        settle_sums(books, month, settled, carry);
    }
    let mut totals = Figures::zero(levies);
    for m in &members {
        totals.add(&m.figures);
    }
    MonthFigures {
        month,
        members,
        totals,
    }
}

/// Several months' pay added up: each member's figures (by member, in the order of their
/// first month) and the totals — a quarter's or a year's declarations. A member's shortfall is
/// the one brought into their first month of the months and the one left after their last;
/// their model and the month it was first left in are their first month's.
pub fn added_up<'a>(months: impl IntoIterator<Item = &'a MonthFigures>) -> MonthsFigures {
    let mut members: Vec<MemberFigures> = Vec::new();
    let mut place: rustc_hash::FxHashMap<MemberId, usize> = Default::default();
    let mut totals = Figures::default();
    for month in months {
        for m in &month.members {
            match place.get(&m.member) {
                Some(&at) => {
                    let sum = &mut members[at].figures;
                    let brought = sum.brought;
                    sum.add(&m.figures);
                    sum.brought = brought;
                    sum.left = m.figures.left;
                }
                None => {
                    place.insert(m.member, members.len());
                    members.push(m.clone());
                }
            }
        }
    }
    members.sort_by_key(|m| m.member);
    for m in &members {
        totals.add(&m.figures);
    }
    MonthsFigures { members, totals }
}

/// Several months' pay added up (`added_up`).
#[derive(Clone, Debug, Default)]
pub struct MonthsFigures {
    pub members: Vec<MemberFigures>,
    pub totals: Figures,
}

/// A month's pay with every contract line, from its settled figures.
pub(super) fn month_pay(
    books: &Books,
    terms: &Terms,
    figures: &MonthFigures,
    ids: &[ContractId],
) -> MonthPay {
    let (mut ids, runs) = by_member(books, ids);
    let mut members = Vec::with_capacity(runs.len());
    for (settled, (_, run)) in figures.members.iter().cloned().zip(runs) {
        members.push(with_lines(
            books,
            terms,
            settled,
            figures.month,
            &mut ids[run],
        ));
    }
    MonthPay {
        month: figures.month,
        members,
        totals: figures.totals.clone(),
    }
}

/// One member's pay for each month of a range that has contracts.
pub(super) fn member_months(
    books: &Books,
    (terms, carries): (&Terms, &Carries),
    member: MemberId,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<MemberPay> {
    let mut ids: Vec<ContractId> = (0..books.contracts.len() as u32)
        .map(ContractId)
        .filter(|&id| {
            let c = books.contract(id);
            c.member == member && from <= c.date && c.date <= to
        })
        .collect();
    ids.sort_by_key(|&id| Month::of(books.contract(id).date));
    let month_of = |id: ContractId| Month::of(books.contract(id).date);
    ids.chunk_by_mut(|&a, &b| month_of(a) == month_of(b))
        .map(|group| {
            let month = month_of(group[0]);
            let settled = settle(books, (terms, carries), member, month, group);
            with_lines(books, terms, settled, month, group)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::engine::fixture;
    use crate::figure::Figure::{self, *};
    use crate::money::Money;
    use fixture::MARCH;

    fn figures(model: &str) -> Vec<(Figure, i64)> {
        let c = fixture::computed(model);
        let month = c.month(MARCH);
        assert_eq!(month.members.len(), 1);
        let f = &month.members[0].figures;
        assert_eq!(f, &month.totals, "one member: the totals are hers");
        Figure::ALL.iter().map(|&k| (k, f[k].cents())).collect()
    }

    #[test]
    fn a_salaried_month_by_hand() {
        // Budget 811.00 (terms); gross 811.00 / 1.25 = 648.80, employer 162.20; employee
        // 13.07 % of 648.80 = 84.79816 → 84.80; taxable 564.00; withholding 10 % of 500.00
        // + 20 % of 64.00 = 62.80; net 501.20; payout 501.20 + 100.00 expenses = 601.20.
        let want = [
            (Amount, 100000),
            (Levies, 8900),
            (Expenses, 10000),
            (Budget, 81100),
            (Gross, 64880),
            (EmployerContributions, 16220),
            (EmployeeContributions, 8480),
            (Taxable, 56400),
            (Withholding, 6280),
            (Net, 50120),
            (Payout, 60120),
        ];
        assert_eq!(figures("salaried"), want);
        // 1,000.00 = 89.00 + 100.00 + 162.20 + 84.80 + 62.80 + 501.20.
        let parts: i64 = [8900, 10000, 16220, 8480, 6280, 50120].iter().sum();
        assert_eq!(parts, 100000);
    }

    #[test]
    fn a_contractors_month_by_hand() {
        // Gross = budget 811.00, no contributions, and no withholding: the table is for
        // salaries unless `withhold_contractors` says otherwise; net 811.00; payout 911.00.
        let want = [
            (Amount, 100000),
            (Levies, 8900),
            (Expenses, 10000),
            (Budget, 81100),
            (Gross, 81100),
            (EmployerContributions, 0),
            (EmployeeContributions, 0),
            (Taxable, 81100),
            (Withholding, 0),
            (Net, 81100),
            (Payout, 91100),
        ];
        assert_eq!(figures("contractor"), want);
    }

    #[test]
    fn a_contractors_month_withheld_when_the_coop_says_so() {
        // With `withhold_contractors = true`: withholding 10 % of 500.00 + 20 % of 311.00 =
        // 50.00 + 62.20 = 112.20; net 811.00 − 112.20 = 698.80; payout 798.80.
        let c = fixture::computed_with(fixture::coop("contractor").replacen(
            "[[payroll.withholding]]",
            "withhold_contractors = true\n[[payroll.withholding]]",
            1,
        ));
        let f = &c.month(MARCH).members[0].figures;
        assert_eq!(
            [f[Withholding], f[Net], f[Payout]].map(|m| m.cents()),
            [11220, 69880, 79880]
        );
    }

    #[test]
    fn withholding_by_brackets_or_a_flat_rate() {
        use crate::books::Bracket;
        let rate = |s: &str| crate::money::parse_rate(s).unwrap();
        let table = [
            Bracket {
                above: Money::ZERO,
                rate: rate("10%"),
            },
            Bracket {
                above: Money::from_cents(50000),
                rate: rate("20%"),
            },
        ];
        let w = |cents, flat| super::withholding(Money::from_cents(cents), flat, &table).cents();
        // 10 % of 400.00; 50.00 + 20 % of 100.00; a member's own 15 % of 600.00.
        assert_eq!(w(40000, None), 4000);
        assert_eq!(w(60000, None), 7000);
        assert_eq!(w(60000, Some(rate("15%"))), 9000);
        assert_eq!(w(0, None), 0);
    }
}
