//! What the guarantee fund can take: from the books as they stand on a date, the fund's
//! balance week by week over a horizon if clients pay as they have — or do not (the largest
//! never pay, a share of every invoice is never paid, everyone pays late, each client
//! defaults at its own rate in a Monte-Carlo run).
//!
//! The model, in plain words: no new work comes in; every invoice open on the date is paid in
//! full on its expected day (its date plus its client's average delay, or the day after the
//! date if that has passed) unless the scenario says otherwise; the fund fronts on the pay
//! date whatever is unpaid then, and is repaid when the client pays. Money stays in cents;
//! the random draws are integers from a seeded generator, so a seed gives the same result on
//! any machine and any number of cores.

use super::computed::Computed;
use super::funds;
use super::guarantee::Received;
use crate::books::{ContractId, PaymentKind};
use crate::money::{Money, Rate};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// How the clients behave in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Everyone pays on the expected day.
    Expected,
    /// The N clients with the most open never pay.
    Largest(usize),
    /// This share of every open invoice is never paid; the rest is paid on time.
    Unpaid(Rate),
    /// Every client pays this many days later than it has on average.
    Late(u32),
}

impl Scenario {
    /// The scenario as `--scenario` takes it: `expected`, `largest:2`, `unpaid:10%`, `late:30`.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let expected =
            "expected expected, largest:N, unpaid:RATE (such as unpaid:10%) or late:DAYS";
        let (kind, value) = text.split_once(':').unwrap_or((text, ""));
        let number = |v: &str| {
            v.parse::<u32>()
                .map_err(|_| format!("scenario \"{text}\": {expected}"))
        };
        match kind {
            "expected" if value.is_empty() => Ok(Scenario::Expected),
            "largest" => Ok(Scenario::Largest(number(value)? as usize)),
            "late" => Ok(Scenario::Late(number(value)?)),
            "unpaid" => crate::money::parse_rate(value)
                .map(Scenario::Unpaid)
                .map_err(|why| format!("scenario \"{text}\": {why}")),
            _ => Err(format!("scenario \"{text}\": {expected}")),
        }
    }

    /// The scenarios asked when none is named: as expected, the two clients most owed never
    /// pay, a tenth of every open invoice is lost, everyone pays 30 days late.
    pub fn defaults() -> Vec<Scenario> {
        vec![
            Scenario::Expected,
            Scenario::Largest(2),
            Scenario::Unpaid(Rate::from_fraction(Decimal::new(1, 1))),
            Scenario::Late(30),
        ]
    }

    pub fn label(&self) -> String {
        match self {
            Scenario::Expected => "expected".into(),
            Scenario::Largest(n) => format!("largest:{n}"),
            Scenario::Unpaid(r) => format!("unpaid:{}", r.percent()),
            Scenario::Late(d) => format!("late:{d}"),
        }
    }
}

/// The default rate of a client without history, when none is given (`--floor`).
pub const FLOOR: &str = "2%";

/// An invoice open on the date: what is still owed of its amount (without VAT, as the fund
/// fronts it), its pay date, the day it is expected to be paid, and its client.
#[derive(Clone, Debug)]
struct Open {
    client: usize,
    owed: i64,
    pay_date: NaiveDate,
    expected: NaiveDate,
}

/// One client with invoices open on the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRisk {
    pub name: String,
    /// What its open invoices still owe.
    pub open: Money,
    /// Its average days from an invoice's date to a payment, from its own payments (the
    /// co-op's average for a client that has paid nothing yet).
    pub delay: i64,
    /// Write-offs ÷ invoiced, up to the date; the floor for a client without payments or
    /// write-offs.
    pub default_rate: Rate,
    pub history: bool,
}

/// The books as they stand on the date, ready for scenarios.
pub struct Stress {
    pub at: NaiveDate,
    pub weeks: u32,
    /// The guarantee fund's balance on the date.
    pub balance: Money,
    /// What has been invoiced up to the date (without VAT), and what of it the guarantee
    /// fund's levies took: the levy rate it averaged is their quotient.
    pub invoiced: Money,
    pub levied: Money,
    /// By open amount, largest first (then by name).
    pub clients: Vec<ClientRisk>,
    open: Vec<Open>,
}

/// A scenario's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub scenario: String,
    /// The balance at the date and at the end of each week after it.
    pub path: Vec<(NaiveDate, Money)>,
    pub lowest: Money,
    pub lowest_on: NaiveDate,
    /// The first week's end at which the balance is below zero.
    pub runs_out: Option<NaiveDate>,
    /// The balance at the horizon; what the fund has fronted and is still owed then, and the
    /// balance over it.
    pub end: Money,
    pub outstanding: Money,
    pub coverage: Option<Decimal>,
    /// The levy rate, on every amount invoiced up to the date, that would have kept the
    /// lowest balance at zero or above (when it goes below).
    pub levy_needed: Option<Decimal>,
}

/// The Monte-Carlo run: the fund's lowest balance that `runs` draws stay above, 50, 95 and 99
/// times in 100.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonteCarlo {
    pub runs: u32,
    pub seed: u64,
    pub p50: Money,
    pub p95: Money,
    pub p99: Money,
    /// In how many runs the fund went below zero.
    pub ran_out: u32,
}

/// The day `n` weeks after `at`.
fn week(at: NaiveDate, n: u32) -> NaiveDate {
    at.checked_add_days(Days::new(7 * u64::from(n)))
        .unwrap_or(NaiveDate::MAX)
}

/// The week whose end a day falls in (its end on or after the day), if within the horizon.
fn bucket(at: NaiveDate, weeks: u32, day: NaiveDate) -> Option<usize> {
    let days = (day - at).num_days();
    let k = (days + 6).div_euclid(7);
    (days > 0 && k <= i64::from(weeks)).then_some(k as usize)
}

/// Each client's history up to the date: what it was invoiced and what was written off, the
/// days from its invoices to its payments and how many payments.
struct History {
    invoiced: Vec<Money>,
    written_off: Vec<Money>,
    delays: Vec<(i64, i64)>,
    /// The co-op's average delay (30 days in books without payments).
    delay: i64,
}

/// Days on average, rounded half up; none without any.
fn average((days, count): (i64, i64)) -> Option<i64> {
    (days + count / 2).checked_div(count)
}

impl History {
    fn of(computed: &Computed, at: NaiveDate, received: &Received) -> History {
        let books = &computed.books;
        let clients = books.clients.len();
        let mut h = History {
            invoiced: vec![Money::ZERO; clients],
            written_off: vec![Money::ZERO; clients],
            delays: vec![(0, 0); clients],
            delay: 30,
        };
        for (i, c) in books
            .contracts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.date <= at)
        {
            h.invoiced[c.client as usize] += c.amount;
            h.written_off[c.client as usize] += received.written_off[i];
        }
        let paid =
            (books.payments.iter()).filter(|p| p.date <= at && p.kind == PaymentKind::Payment);
        for p in paid {
            let c = books.contract(p.contract);
            let d = &mut h.delays[c.client as usize];
            *d = (d.0 + (p.date - c.date).num_days(), d.1 + 1);
        }
        let all = h.delays.iter().fold((0, 0), |a, d| (a.0 + d.0, a.1 + d.1));
        h.delay = average(all).unwrap_or(30);
        h
    }

    /// Whether the client has paid or had a write-off yet.
    fn has(&self, client: usize) -> bool {
        self.delays[client].1 > 0 || !self.written_off[client].is_zero()
    }

    fn delay(&self, client: usize) -> i64 {
        average(self.delays[client]).unwrap_or(self.delay)
    }

    /// Write-offs ÷ invoiced; `floor` for a client without history.
    fn rate(&self, client: usize, floor: Rate) -> Rate {
        match self.has(client) && self.invoiced[client].is_positive() {
            true => Rate::from_fraction(
                self.written_off[client].value() / self.invoiced[client].value(),
            ),
            false => floor,
        }
    }
}

/// What the guarantee fund's levies took, up to the date.
fn levied(computed: &Computed, at: NaiveDate, fund: crate::books::FundId) -> Money {
    let books = &computed.books;
    let mut levied = Money::ZERO;
    for (i, c) in books
        .contracts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.date <= at)
    {
        let levies = computed.terms.levies(ContractId(i as u32));
        for (levy, amount) in books.coop.levies.iter().zip(levies) {
            if levy.in_force(c.date).is_some_and(|e| e.fund == fund) {
                levied += *amount;
            }
        }
    }
    levied
}

impl Stress {
    /// The books on `at`, over `weeks` weeks; `floor` is the default rate of a client without
    /// history.
    pub fn of(computed: &Computed, at: NaiveDate, weeks: u32, floor: Rate) -> Option<Stress> {
        let books = &computed.books;
        let fund = books.coop.guarantee_fund?;
        let received = Received::up_to(computed, at, books.contracts.len(), |c| Some(c.0 as usize));
        let h = History::of(computed, at, &received);
        let mut stress = Stress {
            at,
            weeks,
            balance: funds::balance_at(computed, fund, at),
            invoiced: h.invoiced.iter().copied().sum(),
            levied: levied(computed, at, fund),
            clients: Vec::new(),
            open: Vec::new(),
        };
        let clients = books.clients.len();
        let mut risks: Vec<Option<ClientRisk>> = vec![None; clients];
        let dated = (books.contracts.iter().enumerate()).filter(|(_, c)| c.date <= at);
        for (i, c) in dated {
            let owed = c.amount - received.credited[i] - received.paid[i] - received.written_off[i];
            if !owed.is_positive() || c.corrects().is_some() {
                continue;
            }
            let client = c.client as usize;
            let risk = risks[client].get_or_insert_with(|| ClientRisk {
                name: books.clients.get(c.client).to_string(),
                open: Money::ZERO,
                delay: h.delay(client),
                default_rate: h.rate(client, floor),
                history: h.has(client),
            });
            risk.open += owed;
            let due = c.date.checked_add_days(Days::new(risk.delay.max(0) as u64));
            let tomorrow = at.succ_opt().unwrap_or(at);
            stress.open.push(Open {
                client,
                owed: owed.cents(),
                pay_date: computed.terms.pay_date(ContractId(i as u32)),
                expected: due.map_or(tomorrow, |d| d.max(tomorrow)),
            });
        }
        // The clients, largest first; the open invoices point into that order.
        let mut order: Vec<usize> = (0..clients).filter(|&c| risks[c].is_some()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (risks[a].as_ref(), risks[b].as_ref());
            let key =
                |r: Option<&ClientRisk>| r.map(|r| (std::cmp::Reverse(r.open), r.name.clone()));
            key(ra).cmp(&key(rb))
        });
        let mut place = vec![usize::MAX; clients];
        for (rank, &c) in order.iter().enumerate() {
            place[c] = rank;
        }
        for o in &mut stress.open {
            o.client = place[o.client];
        }
        stress.clients = order.into_iter().filter_map(|c| risks[c].take()).collect();
        Some(stress)
    }

    /// What an open invoice moves in the fund, week by week, if `unpaid` of it is never paid
    /// and the rest is paid on `paid_on`: the advance on the pay date of what is unpaid then,
    /// and the repayment when it is paid; `each` takes the week and the amount.
    fn moves(&self, o: &Open, unpaid: i64, paid_on: NaiveDate, mut each: impl FnMut(usize, i64)) {
        let paid = o.owed - unpaid;
        let fronted_already = o.pay_date <= self.at;
        // Fronted on the pay date: all of it, unless the paid part comes first.
        let fronted = match paid_on <= o.pay_date {
            true => unpaid,
            false => o.owed,
        };
        if !fronted_already && let Some(k) = bucket(self.at, self.weeks, o.pay_date) {
            each(k, -fronted);
        }
        if (fronted_already || paid_on > o.pay_date)
            && let Some(k) = bucket(self.at, self.weeks, paid_on)
        {
            each(k, paid);
        }
    }

    /// What the fund has fronted and is still owed at the horizon's end.
    fn outstanding(&self, o: &Open, unpaid: i64, paid_on: NaiveDate) -> i64 {
        let end = week(self.at, self.weeks);
        match (o.pay_date <= end, paid_on <= end) {
            (false, _) => 0,
            (true, true) => unpaid,
            (true, false) => o.owed,
        }
    }

    /// How an invoice fares in a scenario: what is never paid, and the day the rest is.
    fn fate(&self, o: &Open, scenario: &Scenario) -> (i64, NaiveDate) {
        match scenario {
            Scenario::Expected => (0, o.expected),
            Scenario::Largest(n) => (if o.client < *n { o.owed } else { 0 }, o.expected),
            Scenario::Unpaid(rate) => {
                let unpaid = crate::money::round_product(Money::from_cents(o.owed), *rate);
                (unpaid.cents(), o.expected)
            }
            Scenario::Late(days) => {
                let late = o.expected.checked_add_days(Days::new(u64::from(*days)));
                (0, late.unwrap_or(NaiveDate::MAX))
            }
        }
    }

    /// The fund's path in a scenario.
    pub fn run(&self, scenario: &Scenario) -> Outcome {
        let mut weeks = vec![0i64; self.weeks as usize + 1];
        let mut outstanding = 0i64;
        for o in &self.open {
            let (unpaid, paid_on) = self.fate(o, scenario);
            self.moves(o, unpaid, paid_on, |k, d| weeks[k] += d);
            outstanding += self.outstanding(o, unpaid, paid_on);
        }
        self.outcome(scenario.label(), &weeks, Money::from_cents(outstanding))
    }

    fn outcome(&self, scenario: String, weeks: &[i64], outstanding: Money) -> Outcome {
        let mut balance = self.balance;
        let mut path = Vec::with_capacity(weeks.len());
        for (k, moved) in weeks.iter().enumerate() {
            balance += Money::from_cents(*moved);
            path.push((week(self.at, k as u32), balance));
        }
        let &(lowest_on, lowest) = (path.iter())
            .min_by_key(|(_, b)| *b)
            .unwrap_or(&(self.at, self.balance));
        let runs_out = path.iter().find(|(_, b)| b.is_negative()).map(|(d, _)| *d);
        let coverage = super::guarantee::coverage(balance, outstanding);
        let levy_needed = (lowest.is_negative() && self.invoiced.is_positive()).then(|| {
            let needed =
                (self.levied - lowest).value() / self.invoiced.value() * Decimal::ONE_HUNDRED;
            needed.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero)
        });
        Outcome {
            scenario,
            path,
            lowest,
            lowest_on,
            runs_out,
            end: balance,
            outstanding,
            coverage,
            levy_needed,
        }
    }

    /// `runs` draws in which each client defaults — never pays any of its open invoices — with
    /// its own rate, the others paying as expected; the lowest balance of each run, ranked.
    pub fn monte_carlo(&self, runs: u32, seed: u64) -> MonteCarlo {
        let w = self.weeks as usize + 1;
        let mut expected = vec![0i64; w];
        // What each client's default changes: (week, amount), a few per open invoice, so that
        // memory follows the open invoices, not clients × weeks.
        let mut change: Vec<Vec<(usize, i64)>> = vec![Vec::new(); self.clients.len()];
        for o in &self.open {
            self.moves(o, 0, o.expected, |k, d| expected[k] += d);
            let c = &mut change[o.client];
            self.moves(o, o.owed, o.expected, |k, d| c.push((k, d)));
            self.moves(o, 0, o.expected, |k, d| c.push((k, -d)));
        }
        // A client defaults when a draw falls below its threshold: its rate of 2^64.
        let thresholds: Vec<u64> = (self.clients.iter())
            .map(|c| threshold(c.default_rate.value()))
            .collect();
        let start = self.balance.cents();
        let lowest_of = |run: u32| {
            let mut rng = SplitMix(seed ^ u64::from(run).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let mut weeks = expected.clone();
            for (c, &t) in thresholds.iter().enumerate() {
                if rng.next() < t {
                    for &(k, d) in &change[c] {
                        weeks[k] += d;
                    }
                }
            }
            let mut balance = start;
            let mut lowest = start;
            for moved in weeks {
                balance += moved;
                lowest = lowest.min(balance);
            }
            lowest
        };
        let half = runs / 2;
        let (mut lowest, second) = crate::par::join(
            || (0..half).map(lowest_of).collect::<Vec<i64>>(),
            || (half..runs).map(lowest_of).collect::<Vec<i64>>(),
        );
        lowest.extend(second);
        lowest.sort_unstable();
        // The balance that the runs stay above `p` times in 100: the (100 − p) % worst.
        let at = |p: u64| {
            let n = lowest.len() as u64;
            let rank = ((100 - p) * n).div_ceil(100).max(1) - 1;
            Money::from_cents(lowest.get(rank as usize).copied().unwrap_or(start))
        };
        MonteCarlo {
            runs,
            seed,
            p50: at(50),
            p95: at(95),
            p99: at(99),
            ran_out: lowest.iter().filter(|&&l| l < 0).count() as u32,
        }
    }
}

/// A probability as a threshold on 64-bit draws: `p × 2^64`, exactly, at most `u64::MAX`.
fn threshold(p: Decimal) -> u64 {
    let scaled = p * Decimal::from(1u64 << 32) * Decimal::from(1u64 << 32);
    u64::try_from(scaled.trunc()).unwrap_or(if p.is_sign_negative() { 0 } else { u64::MAX })
}

/// SplitMix64: a small generator whose sequence is fixed by its seed.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_end_on_or_after_the_day() {
        let at = NaiveDate::from_ymd_opt(2026, 4, 15).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 4, d).unwrap();
        assert_eq!(bucket(at, 26, day(15)), None);
        assert_eq!(bucket(at, 26, day(16)), Some(1));
        assert_eq!(bucket(at, 26, day(22)), Some(1));
        assert_eq!(bucket(at, 26, day(23)), Some(2));
        assert_eq!(bucket(at, 1, day(23)), None);
    }

    #[test]
    fn thresholds_are_exact_shares_of_the_draws() {
        assert_eq!(threshold(Decimal::ZERO), 0);
        assert_eq!(threshold(Decimal::new(5, 1)), 1 << 63);
        assert_eq!(threshold(Decimal::ONE), u64::MAX);
        assert_eq!(SplitMix(1).next(), SplitMix(1).next());
        assert_ne!(SplitMix(1).next(), SplitMix(2).next());
    }

    #[test]
    fn scenarios_parse() {
        assert_eq!(Scenario::parse("largest:2"), Ok(Scenario::Largest(2)));
        assert_eq!(Scenario::parse("late:30"), Ok(Scenario::Late(30)));
        assert_eq!(Scenario::parse("expected"), Ok(Scenario::Expected));
        assert_eq!(
            Scenario::parse("unpaid:10%").map(|s| s.label()),
            Ok("unpaid:10%".into())
        );
        assert!(Scenario::parse("largest").is_err() && Scenario::parse("bust:3").is_err());
    }
}
