//! Validation beyond what reading finds: levy totals, negative budgets, overpaid contracts and
//! the co-op's rules. Every problem is collected, sorted by file and line.

mod closed;

use crate::books::{Books, CloseFile, Contract, ContractId, MemberMonth, ViolationPolicy};
use crate::engine::computed::Computed;
use crate::engine::rules;
pub use crate::engine::sealed::Depth;
use crate::money::{Money, Rate};
use crate::period::Month;
use crate::problem::{self, Problem, Severity};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Everything `check` reports: the problems found reading the books, book problems and rule
/// violations.
pub fn all(computed: &Computed, reading: &[Problem], depth: Depth) -> Vec<Problem> {
    all_recalling(computed, reading, depth, None)
}

/// The members of a closed month as the revision that wrote its close gave them, by id: how
/// `check` names the old figures of a month whose close keeps only their digests. `None`
/// where they cannot be had (books not in git, say).
pub type Recall<'a> = dyn Fn(&CloseFile) -> Option<BTreeMap<String, MemberMonth>> + 'a;

/// As `all`, with a way to recall what a close keeps only as digests.
pub fn all_recalling(
    computed: &Computed,
    reading: &[Problem],
    depth: Depth,
    recall: Option<&Recall>,
) -> Vec<Problem> {
    // Books that did not read whole are missing movements: their balances would be wrong for
    // no reason of the bank's or the funds', so those checks wait until they read whole. The
    // funds' lows are worked out on the other core.
    let whole = !reading.iter().any(Problem::is_error);
    let (mut problems, lows) = crate::par::join(
        || scan(computed, reading, (depth, recall), |_| true),
        || {
            let mut lows = Vec::new();
            if whole {
                fund_lows(computed, &mut lows);
            }
            lows
        },
    );
    if whole {
        statements(&computed.books, &mut problems);
        problems.extend(lows);
    }
    problem::sort(&mut problems);
    problems
}

/// Reading problems and book problems, without the co-op's rules or the bank statements'
/// balances (a report is made from the books whether or not the bank agrees with them).
pub fn books(computed: &Computed, reading: &[Problem]) -> Vec<Problem> {
    scan(computed, reading, (Depth::Sealed, None), |_| false)
}

/// Every closed period whose figures or rows would change, as `check` says it.
pub fn closes(computed: &Computed) -> Vec<Problem> {
    closed::verify(computed, Depth::Sealed, None)
}

/// The rule violations of one pay month.
pub fn month_rule_problems(computed: &Computed, month: Month) -> Vec<Problem> {
    let mut out = Vec::new();
    let rules = rules::Rules::new(computed);
    for &id in computed.contracts_in(month) {
        rule_problems(&rules, id, &mut out);
    }
    problem::sort(&mut out);
    out
}

/// One pass over the contracts' computed figures plus the book-wide checks; rules are checked
/// on the contracts `rules_for` picks.
fn scan(
    computed: &Computed,
    reading: &[Problem],
    (depth, recall): (Depth, Option<&Recall>),
    rules_for: impl Fn(&Contract) -> bool + Sync,
) -> Vec<Problem> {
    let books = &computed.books;
    let mut problems = reading.to_vec();
    levy_totals(books, &mut problems);
    // The contracts in two halves, one on each core.
    let rules = rules::Rules::new(computed);
    let contracts = |range: std::ops::Range<usize>| {
        let mut out = Vec::new();
        for i in range {
            contract_problems(&rules, ContractId(i as u32), &rules_for, &mut out);
        }
        out
    };
    let (n, half) = (books.contracts.len(), books.contracts.len() / 2);
    let (first, second) = crate::par::join(|| contracts(0..half), || contracts(half..n));
    problems.extend(first);
    problems.extend(second);
    overpaid(computed, &mut problems);
    refunds(computed, &mut problems);
    reference_clashes(books, &mut problems);
    text_problems(books, &mut problems);
    clients_without_a_record(books, &mut problems);
    // A contracts row that could not be read leaves a gap that is not one: the sequence is
    // looked at once the contracts read whole.
    let unread = |p: &Problem| p.severity == Severity::Error && p.file.starts_with("contracts/");
    if !reading.iter().any(unread) {
        invoice_sequences(books, &mut problems);
    }
    bank(books, &mut problems);
    openings(books, &mut problems);
    problems.extend(closed::verify(computed, depth, recall));
    for s in crate::engine::capital::shortfalls(computed) {
        let row = &books.ledger[s.row];
        let member = row
            .member
            .map(|m| books.member(m).id.as_str())
            .unwrap_or("?");
        problems.push(books.problem_at(
            row.src,
            format!(
                "member \"{member}\": redeems {} but has {} of capital on {}",
                row.amount, s.capital, row.date
            ),
        ));
    }
    problem::sort(&mut problems);
    problems
}

/// The bank account: no movement before its opening (coop.toml `[bank] opening`).
fn bank(books: &Books, problems: &mut Vec<Problem>) {
    use crate::engine::bank;
    let Some((opening, _)) = bank::opening(books) else {
        return;
    };
    let mut early = Vec::new();
    bank::for_each_movement(books, |m| {
        if m.date < opening {
            early.push(m);
        }
    });
    for m in early {
        problems.push(books.problem_at(
            bank::source(books, m.origin),
            format!(
                "date \"{}\": before the bank account's opening on {opening} (coop.toml [bank] \
                 opening); the opening balance is the account's before every movement of the books",
                m.date
            ),
        ));
    }
}

/// Each fund that ends a day below zero (a warning) or below its `minimum` (an error), on the
/// line that declares it: the first such day, by how much, and its lowest balance.
fn fund_lows(computed: &Computed, problems: &mut Vec<Problem>) {
    let coop = &computed.books.coop;
    for low in crate::engine::funds::lows(computed) {
        let fund = coop.fund(low.fund);
        let name = &fund.name;
        let line = coop.fund_line(low.fund);
        let when = format!(
            "from {} (by {}) and at its lowest {} on {}",
            low.first_below, low.below_by, low.lowest, low.lowest_on
        );
        problems.push(match fund.minimum {
            Some(minimum) => Problem::error(
                "coop.toml",
                line,
                format!("[funds.{name}] minimum {minimum}: the fund is below it {when}"),
            ),
            None => Problem::warning(
                "coop.toml",
                line,
                format!(
                    "[funds.{name}]: the fund is below zero {when}; `coopbooks funds --period` \
                     shows its movements, and a minimum under [funds.{name}] makes this an error"
                ),
            ),
        });
    }
}

/// The books' own openings balance: on the bank's opening day, what the co-op held (the bank)
/// less what it owed (to the tax office and social security) is what the funds held. A warning
/// when they do not: the exported journal's opening balance sheet needs
/// `Equity:Opening-Balances` for the difference.
fn openings(books: &Books, problems: &mut Vec<Problem>) {
    let Some(o) = books.coop.bank.as_ref().and_then(|b| b.opening.as_ref()) else {
        return;
    };
    let funds: Money = books.coop.funds.iter().map(|f| f.opening).sum();
    let net = o.balance - o.owed_tax - o.owed_social;
    if net == funds {
        return;
    }
    let owed = o.owed_tax + o.owed_social;
    problems.push(Problem::warning(
        "coop.toml",
        books.coop.line_of("bank"),
        format!(
            "[bank] opening: the books' openings do not balance: on {} the bank's {} less the \
             {owed} owed is {net}, the funds' openings add up to {funds}; the {} between them \
             is Equity:Opening-Balances in the exported journal (is a balance mistyped?)",
            o.date,
            o.balance,
            (net - funds).abs()
        ),
    ));
}

/// Each statement's balances met by the books' (an error on the statement's row saying by how
/// much, and between which days the books and the bank part). Without an opening balance
/// they are not checked: a warning says so.
fn statements(books: &Books, problems: &mut Vec<Problem>) {
    use crate::engine::bank;
    if books.statements.is_empty() {
        return;
    }
    if bank::opening(books).is_none() {
        problems.push(Problem::warning(
            crate::books::STATEMENTS,
            1,
            "the statements' balances are not checked: coop.toml's [bank] has no opening = \
             { date = \"YYYY-MM-DD\", balance = \"...\" }, the account's balance before the \
             first movement of the books",
        ));
        return;
    }
    let daily = bank::Daily::of(books);
    let checks = bank::checks(books, &daily);
    let mut last_met: Option<&crate::books::StatementBalance> = None;
    for c in &checks {
        let s = &books.statements[c.statement];
        if c.met(books) {
            last_met = Some(s);
            continue;
        }
        let part = if !c.opening_met(books) {
            format!(
                "its opening balance, {} at the start of {}, is not met either (the books {})",
                s.opening, s.from, c.books_opening
            )
        } else {
            format!(
                "its opening balance, {} at the start of {}, is met: they part between {} and {}",
                s.opening, s.from, s.from, s.to
            )
        };
        let since = match last_met {
            Some(m) => format!(
                "; the statement before, \"{}\" to {}, is met",
                m.statement, m.to
            ),
            None => String::new(),
        };
        let what = if c.closing_met(books) {
            format!(
                "statement \"{}\": the bank's opening balance at the start of {} is {}, the books' {} ({} {} the bank)",
                s.statement,
                s.from,
                s.opening,
                c.books_opening,
                (c.books_opening - s.opening).abs(),
                if c.books_opening > s.opening {
                    "more than"
                } else {
                    "less than"
                },
            )
        } else {
            let d = c.difference(books);
            format!(
                "statement \"{}\": the bank's balance at the end of {} is {}, the books' {} ({} {} the bank); {part}{since}",
                s.statement,
                s.to,
                s.closing,
                c.books_closing,
                d.abs(),
                if d.is_positive() {
                    "more than"
                } else {
                    "less than"
                },
            )
        };
        problems.push(books.problem_at(s.src, what));
    }
}

/// Warnings about refunds due: a credit note lowered an invoice its client had paid.
fn refunds(computed: &Computed, problems: &mut Vec<Problem>) {
    let books = &computed.books;
    for r in crate::engine::refunds::of(computed) {
        let note = books.contract(r.note);
        let how = match books.client_record(note) {
            Some(c) if c.iban.is_some() => format!("payouts {} pays it", r.month()),
            Some(c) => format!(
                "clients/{}.toml has no iban, so payouts cannot pay it: add one, or pay it by hand",
                c.id
            ),
            None => "the client has no record with an iban: pay it by hand".to_string(),
        };
        let mut p = books.problem_at(
            note.src,
            format!(
                "contract \"{}\": corrects \"{}\", whose client had paid {}; the client now owes \
                 {} and is owed a refund of {} ({how})",
                books.contract_id(note),
                books.contract_id(books.contract(r.invoice)),
                r.paid,
                r.owed,
                r.amount
            ),
        );
        p.severity = Severity::Warning;
        problems.push(p);
    }
}

/// Warnings about two contracts whose ids give the same payment reference (they differ only
/// in case or punctuation, `C-2026-025` and `c2026025`): a payment by that reference could
/// be either's (as could one naming an id that differs only in case), and `import` leaves it
/// unmatched.
fn reference_clashes(books: &Books, problems: &mut Vec<Problem>) {
    for (first, later) in crate::engine::reference::clashes(books) {
        let id = |c| books.contract_id(books.contract(c));
        let reference = crate::engine::reference::of_id(id(later)).unwrap_or_default();
        let mut p = books.problem_at(
            books.contract(later).src,
            format!(
                "contract \"{}\": its payment reference {reference} is also contract \"{}\"'s \
                 (the ids differ only in case or punctuation); a bank payment by that reference \
                 cannot be matched to either",
                id(later),
                id(first)
            ),
        );
        p.severity = Severity::Warning;
        problems.push(p);
    }
}

/// Warnings about text that is shown escaped, or that a spreadsheet would run
/// (`text::hazard`): the co-op's, members' and clients' names (each client once, on its
/// first contract). Descriptions and memos are looked at as their rows are read.
fn text_problems(books: &Books, problems: &mut Vec<Problem>) {
    let why = crate::text::hazard;
    if let Some(message) = why("name", &books.coop.name) {
        problems.push(Problem::warning(
            "coop.toml",
            books.coop.line_of("name"),
            message,
        ));
    }
    for m in &books.members {
        if let Some(message) = why("name", &m.name) {
            problems.push(Problem::warning(books.file(m.file), 1, message));
        }
    }
    let mut seen = vec![false; books.clients.len()];
    for c in &books.contracts {
        let Some(first) = seen.get_mut(c.client as usize).filter(|s| !**s) else {
            continue;
        };
        *first = true;
        if let Some(message) = why("client", books.client(c)) {
            let mut p = books.problem_at(c.src, message);
            p.severity = Severity::Warning;
            problems.push(p);
        }
    }
}

/// With `clients/`, every client a contract names has a record there: a warning for each
/// that has none, on its first contract (its invoices cannot be made without one).
fn clients_without_a_record(books: &Books, problems: &mut Vec<Problem>) {
    if books.client_records.is_empty() {
        return;
    }
    let mut seen = vec![false; books.clients.len()];
    for c in &books.contracts {
        let Some(first) = seen.get_mut(c.client as usize).filter(|s| !**s) else {
            continue;
        };
        *first = true;
        if books.client_record(c).is_none() {
            let client = books.client(c);
            let mut p = books.problem_at(
                c.src,
                format!(
                    "client \"{client}\": no clients/{client}.toml; its invoices cannot be made \
                     without the client's record"
                ),
            );
            p.severity = Severity::Warning;
            problems.push(p);
        }
    }
}

/// With a `[seller]`, contract ids are the co-op's invoice numbers, which the law wants in one
/// unbroken sequence per series: a warning on the later of two contracts for a gap between
/// them, a number used twice, or a number dated before the one before it.
fn invoice_sequences(books: &Books, problems: &mut Vec<Problem>) {
    use crate::engine::sequence::{self, BreakKind};
    if books.coop.seller.is_none() {
        return;
    }
    for b in sequence::of(books) {
        let (earlier, later) = (books.contract(b.earlier), books.contract(b.later));
        let (e, l) = (books.contract_id(earlier), books.contract_id(later));
        let series = sequence::split(l).map_or("", |(before, _, _)| before);
        let at = format!("{}:{}", books.file(earlier.src.file), earlier.src.line);
        let why = match b.kind {
            BreakKind::Gap { first, last } => {
                let missing = match first == last {
                    true => format!("number {first} is missing"),
                    false => format!("numbers {first} to {last} are missing"),
                };
                format!(
                    "invoice \"{l}\" follows \"{e}\" ({at}) in series \"{series}\": {missing}; \
                     invoice numbers run without gaps"
                )
            }
            BreakKind::Repeated => format!(
                "invoice \"{l}\" has the number of \"{e}\" ({at}) in series \"{series}\"; each \
                 number is used once"
            ),
            BreakKind::Backdated => format!(
                "invoice \"{l}\" is dated {}, before \"{e}\" ({at}), the number before it, dated \
                 {}; invoice numbers follow their dates",
                later.date, earlier.date
            ),
        };
        let mut p = books.problem_at(later.src, why);
        p.severity = Severity::Warning;
        problems.push(p);
    }
}

/// A contract's own problems: a negative budget, and the rules where `rules_for` picks it.
fn contract_problems(
    rules: &rules::Rules,
    id: ContractId,
    rules_for: &impl Fn(&Contract) -> bool,
    out: &mut Vec<Problem>,
) {
    let computed = rules.computed();
    let books = &computed.books;
    let c = books.contract(id);
    let budget = computed.terms.budget(id);
    // A credit note's budget is negative by nature: it takes back part of its invoice's.
    let credit_note = c.amount.is_negative();
    if budget.is_negative() && !credit_note {
        out.push(books.problem_at(
            c.src,
            format!(
                "contract {}: budget {} is negative (amount {} - levies {} - expenses {})",
                books.contract_id(c),
                budget,
                c.amount,
                computed.terms.levies(id).iter().sum::<Money>(),
                c.expenses
            ),
        ));
    }
    if !credit_note {
        membership(books, c, out);
    }
    if rules_for(c) {
        rule_problems(rules, id, out);
    }
}

/// An error on a contract dated before its member `joined` or after they `left`: more often a
/// mistyped date or member than work done as a user, which the member file says with
/// `works_as_user = true` (the example co-op's Greta worked as a user before joining); such
/// work is paid and counts for no patronage. A credit note may correct earlier work at any
/// date.
fn membership(books: &Books, c: &Contract, out: &mut Vec<Problem>) {
    let m = books.member(c.member);
    if m.works_as_user {
        return;
    }
    let (id, date) = (&m.id, c.date);
    let (key, on, gap, fix) = match (m.joined, m.left) {
        (Some(joined), _) if date < joined => (
            "joined",
            joined,
            format!("{} after", days((joined - date).num_days())),
            format!("if {id} worked as a user before joining,"),
        ),
        (_, Some(left)) if date > left => (
            "left",
            left,
            format!("{} before", days((date - left).num_days())),
            format!("if {id} works on as a user,"),
        ),
        _ => return,
    };
    out.push(Problem::error(
        books.file(c.src.file),
        c.src.line,
        format!(
            "member \"{id}\": {key} on {on} (members/{id}.toml), {gap} this contract of {date}; {fix} \
             add works_as_user = true to members/{id}.toml (the work is paid and counts for no \
             patronage); if \"{key}\" is mistyped, correct it; if the work is someone else's, \
             correct \"member\""
        ),
    ));
}

/// "1 day", "3 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// A contract's rule violations, as errors or warnings per the co-op's `violations` setting.
fn rule_problems(rules: &rules::Rules, id: ContractId, out: &mut Vec<Problem>) {
    let books = &rules.computed().books;
    let severity = match books.coop.rules.violations {
        ViolationPolicy::Error => Severity::Error,
        ViolationPolicy::Warn => Severity::Warning,
    };
    let c = books.contract(id);
    for v in rules.violations(id) {
        let mut problem = books.problem_at(
            c.src,
            format!("contract {}: {}", books.contract_id(c), violation(&v)),
        );
        problem.severity = severity;
        out.push(problem);
    }
}

/// What is wrong with a contract, for a message that names the contract first.
fn violation(v: &rules::Violation) -> String {
    use rules::Violation;
    match v {
        Violation::TooShort { hours, min } => {
            format!("{hours} hours is below the minimum contract length of {min} hours")
        }
        Violation::BelowMinimumWage {
            hourly: Some(h),
            min,
        } => format!(
            "hourly gross {} is below the minimum hourly wage {min}",
            Money::from_cents_decimal(h.trunc_with_scale(2))
        ),
        Violation::BelowMinimumWage { hourly: None, min } => {
            format!("0 hours, so no hourly gross to meet the minimum hourly wage {min}")
        }
    }
}

/// The levies in force on any date must total less than 100 %, for the co-op and for each
/// member with their own rates.
fn levy_totals(books: &Books, problems: &mut Vec<Problem>) {
    let levies = &books.coop.levies;
    let mut points: Vec<Option<NaiveDate>> = vec![None];
    points.extend(
        levies
            .iter()
            .flat_map(|l| l.entries.iter().map(|e| e.since)),
    );
    points.sort();
    points.dedup();
    let overrides_of = |i: usize, m: Option<&crate::books::Member>| {
        m.and_then(|m| m.levy_overrides.get(i).copied().flatten())
    };
    let check = |member: Option<&crate::books::Member>, problems: &mut Vec<Problem>| {
        for &point in &points {
            let date = point.unwrap_or(NaiveDate::MIN);
            let mut total = Decimal::ZERO;
            let mut parts = Vec::new();
            let mut line = 1;
            for (i, levy) in levies.iter().enumerate() {
                let Some(entry) = levy.in_force(date) else {
                    continue;
                };
                let rate = overrides_of(i, member).unwrap_or(entry.rate);
                total += rate.value();
                parts.push(format!("{} {}", levy.name, rate.percent()));
                line = line.max(entry.line);
            }
            if total >= Decimal::ONE {
                let when = point
                    .map(|d| format!("from {d}"))
                    .unwrap_or_else(|| "from the start".into());
                let msg = format!(
                    "levies in force {when} total {} ({}); they must total less than 100%",
                    Rate::from_fraction(total).percent(),
                    parts.join(", ")
                );
                match member {
                    None => problems.push(Problem::error("coop.toml", line, msg)),
                    Some(m) => problems.push(Problem::error(
                        books.file(m.file),
                        1,
                        format!("with this member's levies, {msg}"),
                    )),
                }
            }
        }
    };
    check(None, problems);
    for m in &books.members {
        if m.levy_overrides.iter().any(Option::is_some) {
            check(Some(m), problems);
        }
    }
}

/// Payments and write-offs of a contract must not exceed what its client owes (its amount and
/// VAT); reported on the row that takes the total over.
fn overpaid(computed: &Computed, problems: &mut Vec<Problem>) {
    let (books, terms) = (&computed.books, &computed.terms);
    // Paying more than a credit note left owed is a refund due (`refunds`), not this.
    let owed = |i: usize| books.contracts[i].amount + terms.vat(ContractId(i as u32));
    let mut paid = vec![Money::ZERO; books.contracts.len()];
    for p in &books.payments {
        paid[p.contract.0 as usize] += p.amount;
    }
    let over: std::collections::HashSet<u32> = (0..books.contracts.len())
        .filter(|&i| paid[i] > owed(i))
        .map(|i| i as u32)
        .collect();
    if over.is_empty() {
        return;
    }
    let mut rows: Vec<_> = books
        .payments
        .iter()
        .filter(|p| over.contains(&p.contract.0))
        .collect();
    rows.sort_by_key(|p| (p.contract, p.date, p.src));
    for group in rows.chunk_by(|a, b| a.contract == b.contract) {
        let (id, c) = (group[0].contract, books.contract(group[0].contract));
        let mut running = Money::ZERO;
        for p in group {
            running += p.amount;
            if running > owed(id.0 as usize) {
                let total = paid[p.contract.0 as usize];
                let what = match terms.vat(id) {
                    vat if vat.is_zero() => format!("its amount {}", c.amount),
                    vat => format!("what it owes {} ({} + VAT {vat})", c.amount + vat, c.amount),
                };
                problems.push(books.problem_at(
                    p.src,
                    format!(
                        "contract \"{}\": payments and write-offs total {total}, more than {what}",
                        books.contract_id(c),
                    ),
                ));
                break;
            }
        }
    }
}
