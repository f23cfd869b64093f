//! Closing periods: the close files' contents, the check that closed periods stay as
//! they were closed, and the year-end postings and retained allocations the close files carry.

use crate::books::{Books, CloseFile, ContractId, MemberId, PaymentKind};
use crate::engine::capital::Retained;
use crate::engine::computed::Computed;
use crate::engine::funds::YearEnd;
use crate::engine::{patronage, pay};
use crate::money::Money;
use crate::period::Month;
use crate::problem::Problem;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A period that can be closed: a month or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closable {
    Month(Month),
    Year(i32),
}

impl Closable {
    pub fn parse(text: &str) -> Result<Closable, String> {
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().map(Closable::Year).map_err(|e| e.to_string());
        }
        Month::parse(text)
            .map(Closable::Month)
            .map_err(|_| format!("period \"{text}\": expected a month (2026-03) or a year (2026)"))
    }

    pub fn label(&self) -> String {
        match self {
            Closable::Month(m) => m.to_string(),
            Closable::Year(y) => format!("{y:04}"),
        }
    }

    /// The close file, relative to the books directory.
    pub fn rel(&self) -> String {
        format!("closes/{}.toml", self.label())
    }
}

/// Whether a period has a close file.
pub fn is_closed(books: &Books, what: Closable) -> bool {
    books.closes.iter().any(|c| c.period == what.label())
}

/// The months of a year that have contracts but no close file.
pub fn open_months(books: &Books, year: i32) -> Vec<Month> {
    let mut months: Vec<Month> = books
        .contracts
        .iter()
        .filter(|c| chrono::Datelike::year(&c.date) == year)
        .map(|c| Month::of(c.date))
        .collect();
    months.sort_unstable();
    months.dedup();
    months.retain(|m| !is_closed(books, Closable::Month(*m)));
    months
}

/// FNV-1a, 64 bits, over sorted rows: a stable detector of changed rows (not a signature).
fn digest(mut rows: Vec<String>) -> String {
    rows.sort_unstable();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for row in &rows {
        for b in row.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("fnv1a64:{h:016x}")
}

fn contract_row(books: &Books, id: ContractId) -> String {
    let c = books.contract(id);
    format!(
        "contract|{}|{}|{}|{}|{}|{}|{}",
        books.contract_id(c),
        books.member(c.member).id,
        books.client(c),
        c.date,
        c.hours,
        c.amount,
        c.expenses
    )
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The contents of a period's close file, as the books stand; `None` for a year without
/// `[patronage]` in coop.toml.
pub fn render(computed: &Computed, what: Closable, closed_on: Option<NaiveDate>) -> Option<String> {
    let mut out = format!(
        "# Closed with `coopbooks close {0}`: the figures of {0} as they were. Do not edit:\n\
         # `coopbooks check` fails if they would change; corrections go into a later period.\n\
         period = \"{0}\"\n",
        what.label()
    );
    if let Some(d) = closed_on {
        let _ = writeln!(out, "closed_on = \"{d}\"");
    }
    match what {
        Closable::Month(m) => render_month(computed, m, &mut out),
        Closable::Year(y) => render_year(computed, y, &mut out)?,
    }
    Some(out)
}

/// The rows dated in a period, in canonical text: contract and payment rows by member (a
/// payment belongs to its contract's member), and ledger rows.
struct Rows {
    by_member: BTreeMap<MemberId, Vec<String>>,
    ledger: Vec<String>,
}

fn rows_in(books: &Books, within: impl Fn(NaiveDate) -> bool) -> Rows {
    let mut by_member: BTreeMap<MemberId, Vec<String>> = BTreeMap::new();
    for i in 0..books.contracts.len() as u32 {
        let c = books.contract(ContractId(i));
        if within(c.date) {
            by_member
                .entry(c.member)
                .or_default()
                .push(contract_row(books, ContractId(i)));
        }
    }
    for p in books.payments.iter().filter(|p| within(p.date)) {
        let c = books.contract(p.contract);
        let kind = if p.kind == PaymentKind::Writeoff {
            "writeoff"
        } else {
            "payment"
        };
        by_member.entry(c.member).or_default().push(format!(
            "payment|{}|{}|{}|{kind}",
            books.contract_id(c),
            p.date,
            p.amount
        ));
    }
    let fund =
        |f: Option<crate::books::FundId>| f.map(|f| books.coop.fund(f).name.as_str()).unwrap_or("");
    let ledger = books
        .ledger
        .iter()
        .filter(|l| within(l.date))
        .map(|l| {
            let member = l.member.map(|m| books.member(m).id.as_str()).unwrap_or("");
            format!(
                "ledger|{}|{:?}|{}|{}|{}|{member}",
                l.date,
                l.kind,
                l.amount,
                fund(l.fund),
                fund(l.to)
            )
        })
        .collect();
    Rows { by_member, ledger }
}

fn render_month(computed: &Computed, month: Month, out: &mut String) {
    let books = &computed.books;
    let Rows {
        by_member: rows,
        ledger,
    } = rows_in(books, |d| Month::of(d) == month);
    let _ = writeln!(
        out,
        "ledger_rows = {}\nledger = \"{}\"",
        ledger.len(),
        digest(ledger)
    );
    let pay = computed.month(month);
    let figures: BTreeMap<MemberId, &pay::MemberPay> =
        pay.members.iter().map(|m| (m.member, m)).collect();
    for (member, rows) in rows {
        let m = books.member(member);
        let _ = write!(
            out,
            "\n[members.{}]\nrows = \"{}\"\n",
            toml_str(&m.id),
            digest(rows)
        );
        let Some(p) = figures.get(&member) else {
            out.push_str("contracts = 0\n");
            continue;
        };
        let f = &p.figures;
        let _ = writeln!(
            out,
            "model = \"{}\"\ncontracts = {}\nhours = \"{}\"",
            p.model.as_str(),
            f.contracts,
            f.hours
        );
        let levies = [("amount", f.amount), ("levies", f.levies_total())];
        for (k, v) in levies.into_iter().chain(f.named()) {
            let _ = writeln!(out, "{k} = \"{v}\"");
        }
    }
}

fn render_year(computed: &Computed, year: i32, out: &mut String) -> Option<()> {
    let books = &computed.books;
    let p = patronage::compute(computed, year)?;
    let rows = rows_in(books, |d| chrono::Datelike::year(&d) == year);
    let all: Vec<String> = rows.by_member.into_values().flatten().collect();
    let _ = writeln!(
        out,
        "rows = \"{}\"\nledger_rows = {}\nledger = \"{}\"",
        digest(all),
        rows.ledger.len(),
        digest(rows.ledger)
    );
    let allocated = p.total(|s| s.allocation);
    let _ = writeln!(
        out,
        "surplus_fund = {}\nsurplus = \"{}\"\ndistributable = \"{}\"\nallocated = \"{allocated}\"",
        toml_str(&books.coop.fund(p.surplus_fund).name),
        p.surplus,
        p.distributable
    );
    for s in &p.set_asides {
        let _ = write!(
            out,
            "\n[[set_aside]]\nfund = {}\nrate = \"{}\"\namount = \"{}\"\n",
            toml_str(&books.coop.fund(s.fund).name),
            s.rate,
            s.amount
        );
    }
    for s in &p.members {
        let _ = write!(
            out,
            "\n[members.{}]\nhours = \"{}\"\nturnover = \"{}\"\nbudget = \"{}\"\nallocation = \"{}\"\ncash = \"{}\"\nretained = \"{}\"\n",
            toml_str(&books.member(s.member).id),
            s.hours,
            s.turnover,
            s.budget,
            s.allocation,
            s.cash,
            s.retained
        );
    }
    Some(())
}

/// Every closed period whose figures or rows would change, as problems on its close file.
/// A close file is compared as text with what the books give now; only where the two differ
/// are both parsed to say what changed.
pub fn verify(computed: &Computed) -> Vec<Problem> {
    let books = &computed.books;
    let mut problems = Vec::new();
    for file in &books.closes {
        let what = match Closable::parse(&file.period) {
            Ok(w) => w,
            Err(_) => {
                problems.push(Problem::error(
                    file.rel.clone(),
                    1,
                    format!(
                        "\"{}\" is not a period: close files are named YYYY-MM.toml or YYYY.toml",
                        file.period
                    ),
                ));
                continue;
            }
        };
        let Some(now_text) = render(computed, what, None) else {
            problems.push(Problem::error(
                file.rel.clone(),
                1,
                format!(
                    "period {} is closed, but coop.toml no longer has [patronage]",
                    file.period
                ),
            ));
            continue;
        };
        let stored_text: String = file
            .text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("closed_on = "))
            .collect();
        if stored_text == now_text {
            continue;
        }
        let stored = match file.table() {
            Ok(t) => t,
            Err(e) => {
                let line = e.span().map(|s| {
                    file.text[..s.start.min(file.text.len())]
                        .matches('\n')
                        .count() as u32
                        + 1
                });
                problems.push(Problem::error(
                    file.rel.clone(),
                    line.unwrap_or(1),
                    e.message().trim().replace('\n', " "),
                ));
                continue;
            }
        };
        match toml::from_str::<toml::Table>(&now_text) {
            Ok(now) => compare(file, &stored, &now, &mut problems),
            Err(e) => problems.push(Problem::error(
                file.rel.clone(),
                1,
                format!("cannot recompute: {e}"),
            )),
        }
    }
    problems
}

fn show(v: Option<&toml::Value>) -> String {
    match v {
        Some(toml::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "nothing".into(),
    }
}

fn compare(file: &CloseFile, stored: &toml::Table, now: &toml::Table, problems: &mut Vec<Problem>) {
    let period = &file.period;
    if stored == now {
        return;
    }
    let lines = Lines::of(&file.text);
    let skip = ["members", "closed_on", "period", "ledger_rows"];
    let mut keys: Vec<&String> = stored
        .keys()
        .chain(now.keys())
        .filter(|k| !skip.contains(&k.as_str()))
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (old, new) = (stored.get(key), now.get(key));
        if old == new {
            continue;
        }
        let msg = if key == "ledger" {
            format!(
                "period {period} is closed, but its ledger rows changed; corrections go into a later period"
            )
        } else if key == "rows" {
            format!(
                "period {period} is closed, but its contract or payment rows changed; corrections go into a later period"
            )
        } else {
            format!(
                "period {period} is closed, but its {key} would change from {} to {}",
                show(old),
                show(new)
            )
        };
        problems.push(Problem::error(file.rel.clone(), lines.get(key), msg));
    }
    let members = |t: &toml::Table| {
        t.get("members")
            .and_then(|m| m.as_table())
            .cloned()
            .unwrap_or_default()
    };
    let (old, new) = (members(stored), members(now));
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (o, n) = (
            old.get(id).and_then(|v| v.as_table()),
            new.get(id).and_then(|v| v.as_table()),
        );
        let msg = match (o, n) {
            (None, None) => continue,
            (None, Some(_)) => {
                format!("period {period} is closed, but {id} now has rows dated in it")
            }
            (Some(_), None) => {
                format!("period {period} is closed, but {id}'s rows dated in it are gone")
            }
            (Some(o), Some(n)) => {
                let mut fields: Vec<&String> =
                    o.keys().chain(n.keys()).filter(|k| *k != "rows").collect();
                fields.sort();
                fields.dedup();
                let changes: Vec<String> = fields
                    .into_iter()
                    .filter(|k| o.get(*k) != n.get(*k))
                    .map(|k| format!("{k} {} -> {}", show(o.get(k)), show(n.get(k))))
                    .collect();
                let rows_changed = o.get("rows") != n.get("rows");
                match (changes.is_empty(), rows_changed) {
                    (true, false) => continue,
                    (true, true) => format!(
                        "period {period} is closed, but {id}'s rows dated in it changed (the figures are the same)"
                    ),
                    (false, _) => format!(
                        "period {period} is closed, but {id}'s figures would change: {}{}",
                        changes.join(", "),
                        if rows_changed {
                            "; rows dated in it changed"
                        } else {
                            ""
                        }
                    ),
                }
            }
        };
        let line = lines.get(&format!("[members.{}]", toml_str(id)));
        problems.push(Problem::error(
            file.rel.clone(),
            line,
            format!("{msg}; corrections go into a later period"),
        ));
    }
}

/// The line of each table header and top-level key of a close file, found in one pass.
struct Lines(std::collections::HashMap<String, u32>);

impl Lines {
    fn of(text: &str) -> Lines {
        let mut map = std::collections::HashMap::new();
        let mut in_table = false;
        for (i, line) in text.lines().enumerate() {
            let key = if line.starts_with('[') {
                in_table = true;
                line.trim_end().to_string()
            } else if !in_table && let Some((k, _)) = line.split_once(" = ") {
                k.to_string()
            } else {
                continue;
            };
            map.entry(key).or_insert(i as u32 + 1);
        }
        Lines(map)
    }

    /// The line of a header or top-level key, else 1.
    fn get(&self, key: &str) -> u32 {
        self.0.get(key).copied().unwrap_or(1)
    }
}

fn money_at(t: &toml::Table, key: &str, currency: &str) -> Option<Money> {
    t.get(key)
        .and_then(|v| v.as_str())
        .and_then(|s| crate::money::parse_money(s, currency).ok())
}

/// The closed years with their close files parsed (files that do not parse are left out:
/// `check` reports them).
fn closed_years(books: &Books) -> Vec<(i32, toml::Table)> {
    books
        .closes
        .iter()
        .filter_map(|c| match Closable::parse(&c.period) {
            Ok(Closable::Year(y)) => c.table().ok().map(|t| (y, t)),
            _ => None,
        })
        .collect()
}

/// The year-end postings of every closed year, as its close file recorded them.
pub fn year_ends(books: &Books) -> Vec<YearEnd> {
    let cur = &books.coop.currency;
    closed_years(books)
        .into_iter()
        .filter_map(|(year, t)| {
            let surplus_fund = books.coop.fund_by_name(t.get("surplus_fund")?.as_str()?)?;
            let set_asides = t
                .get("set_aside")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|s| {
                            let s = s.as_table()?;
                            Some((
                                books.coop.fund_by_name(s.get("fund")?.as_str()?)?,
                                money_at(s, "amount", cur)?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(YearEnd {
                date: NaiveDate::from_ymd_opt(year, 12, 31)?,
                surplus_fund,
                set_asides,
                allocated: money_at(&t, "allocated", cur).unwrap_or(Money::ZERO),
            })
        })
        .collect()
}

/// The retained allocations of every closed year, by member.
pub fn retained(books: &Books) -> Vec<Retained> {
    let cur = &books.coop.currency;
    let mut out = Vec::new();
    for (year, t) in closed_years(books) {
        let Some(date) = NaiveDate::from_ymd_opt(year, 12, 31) else {
            continue;
        };
        let Some(members) = t.get("members").and_then(|m| m.as_table()) else {
            continue;
        };
        for (id, v) in members {
            let (Some(member), Some(amount)) = (
                books.member_by_id(id),
                v.as_table().and_then(|m| money_at(m, "retained", cur)),
            ) else {
                continue;
            };
            if !amount.is_zero() {
                out.push(Retained {
                    member,
                    year,
                    date,
                    amount,
                });
            }
        }
    }
    out
}
