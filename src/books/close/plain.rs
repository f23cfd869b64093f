//! The TOML that `Close::to_toml` writes, read line by line: comments, `[members.ID]`,
//! `[[set_aside]]`, and `key = "text"` or `key = 123`. `None` for anything else (escapes,
//! inline tables, repeated or unknown keys, a value that does not parse), which the TOML
//! parser then reads or explains.

use super::*;
use crate::money::{parse_hours, parse_money, parse_rate};
use std::collections::BTreeSet;

#[derive(Clone, Copy)]
enum Value<'a> {
    Text(&'a str),
    Whole(u64),
}

/// The key-value pairs of one table, each taken once.
struct Fields<'a>(Vec<(&'a str, Option<Value<'a>>)>, usize);

impl<'a> Fields<'a> {
    fn new() -> Fields<'a> {
        Fields(Vec::new(), 0)
    }

    /// Keys are taken in the order they are written, so the search starts after the last.
    fn take(&mut self, key: &str) -> Option<Value<'a>> {
        let n = self.0.len();
        let i = (0..n)
            .map(|k| (self.1 + k) % n)
            .find(|&i| self.0[i].0 == key)?;
        self.1 = i + 1;
        self.0[i].1.take()
    }
    fn text(&mut self, key: &str) -> Option<Option<&'a str>> {
        match self.take(key) {
            None => Some(None),
            Some(Value::Text(t)) => Some(Some(t)),
            Some(Value::Whole(_)) => None,
        }
    }
    fn string(&mut self, key: &str) -> Option<String> {
        self.text(key)?.map(str::to_string)
    }
    fn whole(&mut self, key: &str) -> Option<u64> {
        match self.take(key)? {
            Value::Whole(n) => Some(n),
            Value::Text(_) => None,
        }
    }
    fn money(&mut self, key: &str) -> Option<Option<Money>> {
        match self.text(key)? {
            None => Some(None),
            Some(t) => parse_money(t, "money").ok().map(Some),
        }
    }
    fn hours(&mut self, key: &str) -> Option<Option<Hours>> {
        match self.text(key)? {
            None => Some(None),
            Some(t) => parse_hours(t).ok().map(Some),
        }
    }
    /// Every pair was taken, none twice.
    fn done(self) -> Option<()> {
        self.0.iter().all(|(_, v)| v.is_none()).then_some(())
    }
}

enum Header<'a> {
    /// A year's `[files]`: file names (quoted) and the digests of their bytes.
    Files,
    /// A large month's `[member_digests]`: member ids and the digests of their tables.
    Digests,
    /// A year's `[carry]` (`""`) or one of its tables (`[carry.funds]`, …).
    Carry(&'a str),
    Member(&'a str),
    SetAside,
    Guarantee,
    Fund(&'a str),
}

fn bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn value(text: &str) -> Option<Value<'_>> {
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return (!inner.contains(['"', '\\']) && !inner.contains(char::is_control))
            .then_some(Value::Text(inner));
    }
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() < 19)
        .then(|| text.parse().ok().map(Value::Whole))
        .flatten()
}

/// The top-level pairs, and each table with its pairs, in order.
#[allow(clippy::type_complexity)]
fn sections(text: &str) -> Option<(Fields<'_>, Vec<(Header<'_>, Fields<'_>)>)> {
    let mut top = Fields::new();
    let mut tables: Vec<(Header, Fields)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            tables.push((header(line)?, Fields::new()));
        } else {
            let (key, v) = line.split_once('=')?;
            let key = key.trim();
            // A file name, in `[files]`, and an id, in `[carry.…]`, may be quoted.
            let listed = matches!(tables.last(), Some((Header::Files | Header::Carry(_), _)));
            let key = match key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
                Some(quoted) if listed => (!quoted.is_empty()
                    && !quoted.contains(['"', '\\'])
                    && !quoted.contains(char::is_control))
                .then_some(quoted)?,
                _ if bare(key) => key,
                _ => return None,
            };
            let fields = match tables.last_mut() {
                Some((_, f)) => f,
                None => &mut top,
            };
            // A key written twice is left over when the table's keys are taken, so
            // `Fields::done` finds it.
            fields.0.push((key, Some(value(v.trim())?)));
        }
    }
    Some((top, tables))
}

/// What a `[members.ID]` table of a month has said so far, each key at most once.
#[derive(Default)]
struct Member {
    seen: u16,
    rows: Option<String>,
    model: Option<String>,
    contracts: Option<u64>,
    hours: Option<Hours>,
    money: PerFigure<Option<Money>>,
}

impl Member {
    /// One `key = value` line; `None` for a key that is unknown, written twice, or whose
    /// value is not of its kind.
    fn set(&mut self, key: &str, v: Value) -> Option<()> {
        let text = || match v {
            Value::Text(t) => Some(t),
            Value::Whole(_) => None,
        };
        let bit = MEMBER_KEYS.iter().position(|k| *k == key)?;
        if self.seen & (1 << bit) != 0 {
            return None;
        }
        self.seen |= 1 << bit;
        match bit {
            0 => self.rows = Some(text()?.to_string()),
            1 => self.model = Some(text()?.to_string()),
            2 => match v {
                Value::Whole(n) => self.contracts = Some(n),
                Value::Text(_) => return None,
            },
            3 => self.hours = Some(parse_hours(text()?).ok()?),
            _ => self.money.0[bit - 4] = Some(parse_money(text()?, "money").ok()?),
        }
        Some(())
    }

    /// The member's month; `None` without its `rows` or `contracts`.
    fn done(self) -> Option<MemberMonth> {
        Some(MemberMonth {
            rows: self.rows?,
            model: self.model,
            contracts: self.contracts?,
            hours: self.hours,
            money: self.money,
        })
    }
}

/// A month's close in one pass over its lines: each member's table read into its figures
/// as it comes (a month of 40,000 members is 600,000 lines).
fn month(text: &str) -> Option<Close> {
    let mut top = Fields::new();
    let mut tables = Tables::default();
    let mut members: Vec<(String, MemberMonth)> = Vec::with_capacity(text.len() / 320);
    let mut current: Option<(&str, Member)> = None;
    // Once `[member_digests]` is open: its `ID = "DIGEST"` lines.
    let mut digests: Option<Vec<(String, String)>> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            if let Some((id, m)) = current.take() {
                members.push((id.to_string(), m.done()?));
            }
            match header(line)? {
                Header::Member(id) if digests.is_none() => current = Some((id, Member::default())),
                Header::Digests if digests.is_none() => digests = Some(Vec::new()),
                Header::Member(_) | Header::Digests | Header::Files => return None,
                // The digests come last, as coopbooks writes them.
                _ if digests.is_some() => return None,
                other => tables.open(&other)?,
            }
            continue;
        }
        let (key, v) = line.split_once('=')?;
        let (key, v) = (key.trim_end(), value(v.trim_start())?);
        if let Some(digests) = &mut digests {
            let id = (key.strip_prefix('"').and_then(|k| k.strip_suffix('"')))
                .filter(|k| !k.is_empty() && !k.contains(['"', '\\']))
                .or(bare(key).then_some(key))?;
            let Value::Text(d) = v else { return None };
            digests.push((id.to_string(), d.to_string()));
            continue;
        }
        match &mut current {
            Some((_, m)) => m.set(key, v)?,
            None if !bare(key) => return None,
            None => tables.last().unwrap_or(&mut top).0.push((key, Some(v))),
        }
    }
    if let Some((id, m)) = current.take() {
        members.push((id.to_string(), m.done()?));
    }
    let mut close = head_of(top, tables)?;
    close.members = sorted_map(members)?;
    close.member_digests = sorted_map(digests.unwrap_or_default())?;
    Some(Close::Month(close))
}

/// A month's top-level keys and its tables but its members', every key taken.
fn head_of(mut top: Fields, tables: Tables) -> Option<MonthClose> {
    let (guarantee, funds) = tables.done()?;
    let close = MonthClose {
        period: top.string("period")?,
        closed_on: top.text("closed_on")?.map(str::to_string),
        ledger_rows: top.whole("ledger_rows")?,
        ledger: top.string("ledger")?,
        rows: top.text("rows")?.map(str::to_string),
        figures: top.text("figures")?.map(str::to_string),
        follows: top.text("follows")?.map(str::to_string),
        settings: top.text("settings")?.map(str::to_string),
        guarantee,
        funds,
        members: BTreeMap::new(),
        member_digests: BTreeMap::new(),
    };
    top.done()?;
    Some(close)
}

/// A month's close up to its first member table, if it carries its summary: its head, and
/// the guarantee's and the funds' tables that come before the first `[members.` line.
pub(super) fn summary(bytes: &[u8]) -> Option<MonthClose> {
    let end = memchr::memmem::find(bytes, b"\n[members.")
        .into_iter()
        .chain(memchr::memmem::find(bytes, b"\n[member_digests]"))
        .min()
        .map_or(bytes.len(), |i| i + 1);
    let text = std::str::from_utf8(bytes.get(..end)?).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top = Fields::new();
    let mut tables = Tables::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            tables.open(&header(line)?)?;
            continue;
        }
        let (key, v) = line.split_once('=')?;
        let key = key.trim_end();
        if !bare(key) {
            return None;
        }
        let fields = tables.last().unwrap_or(&mut top);
        fields.0.push((key, Some(value(v.trim_start())?)));
    }
    let close = head_of(top, tables)?;
    (close.rows.is_some() && close.figures.is_some()).then_some(close)
}

/// The `retained` figure of each member's table of a year close's text, in file order: what
/// members' capital needs of a closed year, read without the rest of the tables. `None` when
/// the tables are not as coopbooks writes them (the close is then read whole).
pub fn members_retained(text: &str) -> Option<Vec<(&str, Money)>> {
    let Some(start) = text.find("\n[members.") else {
        return Some(Vec::new());
    };
    let mut out: Vec<(&str, Money)> = Vec::new();
    let mut current: Option<&str> = None;
    for line in text[start + 1..].lines().map(str::trim) {
        if line.starts_with('[') {
            let Header::Member(id) = header(line)? else {
                return None;
            };
            current.is_none().then_some(())?;
            current = Some(id);
        } else if let Some(v) = line.strip_prefix("retained") {
            let Value::Text(t) = value(v.trim_start().strip_prefix('=')?.trim_start())? else {
                return None;
            };
            out.push((current.take()?, parse_money(t, "money").ok()?));
        }
    }
    current.is_none().then_some(out)
}

/// The line of each `[members.ID]` table of a close file's text: where a member's figures
/// are, for what names its source.
pub fn member_lines(text: &str) -> Vec<(&str, u32)> {
    (text.lines().enumerate())
        .filter_map(|(i, line)| match header(line.trim()) {
            Some(Header::Member(id)) => Some((id, i as u32 + 1)),
            _ => None,
        })
        .collect()
}

/// A table's header: `[[set_aside]]`, `[guarantee]`, `[funds.NAME]` or `[members.ID]`
/// (the name or id bare or quoted).
fn header(line: &str) -> Option<Header<'_>> {
    match line {
        "[[set_aside]]" => return Some(Header::SetAside),
        "[guarantee]" => return Some(Header::Guarantee),
        "[files]" => return Some(Header::Files),
        "[member_digests]" => return Some(Header::Digests),
        "[carry]" => return Some(Header::Carry("")),
        _ => {}
    }
    let key = |prefix: &str| {
        let key = line.strip_prefix(prefix)?.strip_suffix(']')?;
        match key.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
            Some(quoted) if !quoted.contains(['"', '\\']) => Some(quoted),
            None if bare(key) => Some(key),
            _ => None,
        }
    };
    if let Some(name) = key("[funds.") {
        return Some(Header::Fund(name));
    }
    if let Some(part) = key("[carry.") {
        return Some(Header::Carry(part));
    }
    key("[members.").map(Header::Member)
}

/// A month's tables other than its members': the guarantee fund and each fund, and which
/// was opened last (where the lines that follow it go).
#[derive(Default)]
struct Tables<'a> {
    guarantee: Option<Fields<'a>>,
    funds: Vec<(&'a str, Fields<'a>)>,
    /// `Some(None)` the guarantee's, `Some(Some(i))` the i-th fund's.
    last: Option<Option<usize>>,
}

impl<'a> Tables<'a> {
    /// Opens a table; `None` for one written twice or of another kind.
    fn open(&mut self, header: &Header<'a>) -> Option<()> {
        match *header {
            Header::Guarantee if self.guarantee.is_none() => {
                self.guarantee = Some(Fields::new());
                self.last = Some(None);
            }
            Header::Fund(name) if self.funds.iter().all(|(n, _)| *n != name) => {
                self.funds.push((name, Fields::new()));
                self.last = Some(Some(self.funds.len() - 1));
            }
            _ => return None,
        }
        Some(())
    }

    /// The fields of the table opened last, if any.
    fn last(&mut self) -> Option<&mut Fields<'a>> {
        match self.last? {
            None => self.guarantee.as_mut(),
            Some(i) => self.funds.get_mut(i).map(|(_, f)| f),
        }
    }

    /// Their values, every key taken.
    #[allow(clippy::type_complexity)]
    fn done(self) -> Option<(Option<GuaranteeClose>, BTreeMap<String, FundClose>)> {
        let guarantee = match self.guarantee {
            None => None,
            Some(mut f) => {
                let g = GuaranteeClose {
                    outstanding: f.money("outstanding")??,
                    written_off: f.money("written_off")??,
                };
                f.done()?;
                Some(g)
            }
        };
        let mut funds = BTreeMap::new();
        for (name, mut f) in self.funds {
            let opening = f.money("opening")??;
            let mut movements = [None; 10];
            for (m, key) in movements.iter_mut().zip(FUND_MOVEMENTS) {
                *m = f.money(key)?;
            }
            let [
                levies,
                income,
                costs,
                t_in,
                t_out,
                advances,
                repaid,
                patronage,
                shares,
                out,
            ] = movements;
            let fund = FundClose {
                opening,
                levies,
                income,
                costs,
                transfers_in: t_in,
                transfers_out: t_out,
                advances,
                repayments: repaid,
                patronage,
                shares,
                redemptions: out,
                closing: f.money("closing")??,
            };
            f.done()?;
            funds.insert(name.to_string(), fund);
        }
        Some((guarantee, funds))
    }
}

/// The members as a map, built at once from their order in the file (coopbooks writes
/// them sorted); an id written twice is `None`.
fn sorted_map<T>(mut members: Vec<(String, T)>) -> Option<BTreeMap<String, T>> {
    members.sort_by(|a, b| a.0.cmp(&b.0));
    if members.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(members.into_iter().collect())
}

pub(super) fn read(text: &str, period: Closable) -> Option<Close> {
    match period {
        Closable::Month(_) => month(text),
        Closable::Year(_) => year(text),
    }
}

/// A year's close (small: one table per member-shareholder and the set-asides).
fn year(text: &str) -> Option<Close> {
    let (mut top, tables) = sections(text)?;
    let mut set_aside = Vec::new();
    let mut members = Vec::new();
    let mut files = BTreeMap::new();
    let (mut carry, mut carried): (Option<CarryClose>, BTreeSet<&str>) = (None, BTreeSet::new());
    for (header, mut f) in tables {
        match header {
            Header::Carry(part) if carried.insert(part) => {
                if part.is_empty() {
                    let top = CarryClose {
                        receivable: f.money("receivable")??,
                        outstanding: f.money("outstanding")??,
                        written_off: f.money("written_off")??,
                        bank: f.money("bank")?,
                        owed_tax: f.money("owed_tax")?,
                        owed_social: f.money("owed_social")?,
                        owed_members: f.money("owed_members")?,
                        ..CarryClose::default()
                    };
                    carry = Some(top);
                    f.done()?;
                    continue;
                }
                let c = carry.as_mut()?;
                let mut lines = BTreeMap::new();
                for (key, v) in f.0.drain(..) {
                    let Value::Text(t) = v? else { return None };
                    lines
                        .insert(key.to_string(), t.to_string())
                        .is_none()
                        .then_some(())?;
                }
                match part {
                    "funds" => {
                        for (name, t) in lines {
                            c.funds.insert(name, parse_money(&t, "money").ok()?);
                        }
                    }
                    "capital" => c.capital = lines,
                    "open" => c.open = lines,
                    "shortfalls" => c.shortfalls = lines,
                    "rows" => c.rows = lines,
                    _ => return None,
                }
            }
            Header::Carry(_) => return None,
            Header::Files if files.is_empty() => {
                for (rel, v) in f.0.drain(..) {
                    match v? {
                        Value::Text(d) => (files.insert(rel.to_string(), d.to_string()))
                            .is_none()
                            .then_some(())?,
                        Value::Whole(_) => return None,
                    }
                }
            }
            Header::Files => return None,
            Header::SetAside => set_aside.push(SetAsideClose {
                fund: f.string("fund")?,
                rate: parse_rate(f.text("rate")??).ok()?,
                amount: f.money("amount")??,
            }),
            Header::Guarantee | Header::Fund(_) | Header::Digests => return None,
            Header::Member(id) => members.push((
                id.to_string(),
                MemberYear {
                    hours: f.hours("hours")??,
                    turnover: f.money("turnover")??,
                    budget: f.money("budget")??,
                    allocation: f.money("allocation")??,
                    cash: f.money("cash")??,
                    retained: f.money("retained")??,
                },
            )),
        }
        f.done()?;
    }
    let close = YearClose {
        period: top.string("period")?,
        closed_on: top.text("closed_on")?.map(str::to_string),
        rows: top.string("rows")?,
        ledger_rows: top.whole("ledger_rows")?,
        ledger: top.string("ledger")?,
        surplus_fund: top.string("surplus_fund")?,
        surplus: top.money("surplus")??,
        distributable: top.money("distributable")??,
        allocated: top.money("allocated")??,
        follows: top.text("follows")?.map(str::to_string),
        settings: top.text("settings")?.map(str::to_string),
        set_aside,
        files,
        carry,
        members: sorted_map(members)?,
    };
    top.done()?;
    Some(Close::Year(close))
}
