//! Close files (`closes/<period>.toml`): what `coopbooks close` recorded of a month or a year.
//! One typed structure per kind of period, read and written as the same type.

use super::model::{BookFile, FileId};
use crate::figure::{Figure, PerFigure};
use crate::money::{Hours, Money, Rate};
use crate::period::Closable;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

mod plain;
pub use plain::member_lines;

/// One close file as read. `close` is `None` when the file does not parse (a problem says why);
/// the period still counts as closed.
pub struct CloseFile {
    pub rel: String,
    /// Its text is `Books::files[file]`.
    pub file: FileId,
    pub period: Closable,
    pub close: Option<Close>,
    /// Whether `close` holds the whole file. A month whose head carries its summary (`rows`
    /// and `figures`) is read up to its first member table only; `Books::close_in_full` reads
    /// the rest when the summary no longer matches the books.
    pub complete: bool,
}

/// A close file's content. One per close file, a few hundred at most: a year's larger variant
/// is not worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Close {
    Month(MonthClose),
    Year(YearClose),
}

/// A closed month: per member with rows dated in it, the digest of those rows and the month's
/// pay figures; and the digest of the month's ledger rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthClose {
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    pub ledger_rows: u64,
    pub ledger: String,
    /// The month's summary: the digest of all its members' rows together, and of all their
    /// figures. Absent from files written before coopbooks recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<String>,
    /// The close before this one when it was written — `PERIOD sha256:HEX`, the digest of that
    /// close's head (`engine::close::head_digest`) — so that its file cannot go or be
    /// replaced unnoticed. Absent for the first close, and from files written before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// The digest of the settings closed figures follow (`engine::sealed::settings`) when the
    /// close was written. Absent from files written before coopbooks recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<String>,
    /// The guarantee fund at the month's last day (with a `guarantee_fund`). Absent from
    /// files written before coopbooks recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee: Option<GuaranteeClose>,
    /// Every fund over the month, by name (`funds --period MONTH`, before the year-end
    /// postings of the month's year). Absent from files written before coopbooks recorded it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub funds: BTreeMap<String, FundClose>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub members: BTreeMap<String, MemberMonth>,
    /// In place of `members` for a month of more than `COMPACT_ABOVE` members: each member's
    /// table as a short digest (`MemberMonth::digest`), so that a month of 50,000 members
    /// stays under a megabyte. The figures a digest stands for are the books' at the revision
    /// that wrote the close.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub member_digests: BTreeMap<String, String>,
}

/// A month's close lists its members' figures in clear up to this many members, and as
/// digests above it.
pub const COMPACT_ABOVE: usize = 2000;

/// The guarantee fund at a closed month's last day: what it had fronted and was still owed,
/// and what had been written off (`guarantee --at`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeClose {
    pub outstanding: Money,
    pub written_off: Money,
}

/// The kinds of a fund's movements, as a close file names them, in the order of `funds`'
/// columns.
pub const FUND_MOVEMENTS: [&str; 10] = [
    "levies",
    "income",
    "costs",
    "transfers_in",
    "transfers_out",
    "advances",
    "repayments",
    "patronage",
    "shares",
    "redemptions",
];

/// A fund over a closed month: its opening, each kind of movement that is not 0, its closing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundClose {
    pub opening: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levies: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers_in: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers_out: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advances: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repayments: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronage: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redemptions: Option<Money>,
    pub closing: Money,
}

impl FundClose {
    /// A fund's month from its opening, its movements (in `FUND_MOVEMENTS`' order; a 0 is
    /// left out) and its closing.
    pub fn new(opening: Money, movements: [Money; 10], closing: Money) -> FundClose {
        let m = movements.map(|m| (!m.is_zero()).then_some(m));
        FundClose {
            opening,
            levies: m[0],
            income: m[1],
            costs: m[2],
            transfers_in: m[3],
            transfers_out: m[4],
            advances: m[5],
            repayments: m[6],
            patronage: m[7],
            shares: m[8],
            redemptions: m[9],
            closing,
        }
    }

    /// The movements, in `FUND_MOVEMENTS`' order (`None` for 0).
    pub fn movements(&self) -> [Option<Money>; 10] {
        [
            self.levies,
            self.income,
            self.costs,
            self.transfers_in,
            self.transfers_out,
            self.advances,
            self.repayments,
            self.patronage,
            self.shares,
            self.redemptions,
        ]
    }

    /// The figures as (name, value), in the file's order: what `check` compares (a movement
    /// that is not there is 0.00).
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        let zero = Money::ZERO;
        let mut all = vec![("opening", self.opening.to_string())];
        for (name, m) in FUND_MOVEMENTS.iter().zip(self.movements()) {
            all.push((name, m.unwrap_or(zero).to_string()));
        }
        all.push(("closing", self.closing.to_string()));
        all
    }
}

/// A member's closed month. A member whose only rows in the month are payments has no pay
/// figures (`contracts = 0`). In the file: `rows`, `model`, `contracts`, `hours`, then each
/// figure that has a value, by its name, in `Figure::ALL`'s order.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberMonth {
    pub rows: String,
    pub model: Option<String>,
    pub contracts: u64,
    pub hours: Option<Hours>,
    pub money: PerFigure<Option<Money>>,
}

/// The keys of a member's table, as the file has them.
const MEMBER_KEYS: [&str; 4 + Figure::COUNT] = {
    let mut keys = [""; 4 + Figure::COUNT];
    (keys[0], keys[1], keys[2], keys[3]) = ("rows", "model", "contracts", "hours");
    let mut i = 0;
    while i < Figure::COUNT {
        keys[4 + i] = Figure::ALL[i].name();
        i += 1;
    }
    keys
};

impl Serialize for MemberMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut t = s.serialize_struct("MemberMonth", MEMBER_KEYS.len())?;
        t.serialize_field("rows", &self.rows)?;
        match &self.model {
            Some(model) => t.serialize_field("model", model)?,
            None => t.skip_field("model")?,
        }
        t.serialize_field("contracts", &self.contracts)?;
        match &self.hours {
            Some(hours) => t.serialize_field("hours", hours)?,
            None => t.skip_field("hours")?,
        }
        for (figure, value) in self.money.iter() {
            match value {
                Some(v) => t.serialize_field(figure.name(), v)?,
                None => t.skip_field(figure.name())?,
            }
        }
        t.end()
    }
}

impl<'de> Deserialize<'de> for MemberMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MemberMonth, D::Error> {
        d.deserialize_struct("MemberMonth", &MEMBER_KEYS, MemberMonthVisitor)
    }
}

/// Reads a member's table as serde's derive would: unknown, repeated and missing keys are
/// refused in its words.
struct MemberMonthVisitor;

impl<'de> serde::de::Visitor<'de> for MemberMonthVisitor {
    type Value = MemberMonth;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct MemberMonth")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<MemberMonth, A::Error> {
        use serde::de::Error;
        let (mut rows, mut model, mut contracts, mut hours) = (None, None, None, None);
        let mut money = PerFigure([None; Figure::COUNT]);
        let mut seen = [false; MEMBER_KEYS.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(at) = MEMBER_KEYS.iter().position(|k| *k == key) else {
                return Err(A::Error::unknown_field(&key, &MEMBER_KEYS));
            };
            if std::mem::replace(&mut seen[at], true) {
                return Err(A::Error::duplicate_field(MEMBER_KEYS[at]));
            }
            match at {
                0 => rows = Some(map.next_value()?),
                1 => model = Some(map.next_value()?),
                2 => contracts = Some(map.next_value()?),
                3 => hours = Some(map.next_value()?),
                _ => money.0[at - 4] = Some(map.next_value()?),
            }
        }
        Ok(MemberMonth {
            rows: rows.ok_or_else(|| A::Error::missing_field("rows"))?,
            model,
            contracts: contracts.ok_or_else(|| A::Error::missing_field("contracts"))?,
            hours,
            money,
        })
    }
}

impl MonthClose {
    /// The TOML that the `toml` serializer writes for a month, written directly (a month of
    /// 40,000 members is 600,000 lines); `None` where a text would need quoting or escapes the
    /// plain way does not handle, which the serializer then writes.
    fn plain_toml(&self) -> Option<String> {
        use std::fmt::Write;
        let plain = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._:- ".contains(&b))
        };
        let bare = |t: &str| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-".contains(&b))
        };
        let mut out = String::with_capacity(64 + self.members.len() * 360);
        let text = |out: &mut String, key: &str, value: &str| -> Option<()> {
            plain(value).then(|| writeln!(out, "{key} = \"{value}\"").ok())?
        };
        text(&mut out, "period", &self.period)?;
        if let Some(d) = &self.closed_on {
            text(&mut out, "closed_on", d)?;
        }
        writeln!(out, "ledger_rows = {}", self.ledger_rows).ok()?;
        text(&mut out, "ledger", &self.ledger)?;
        if let Some(rows) = &self.rows {
            text(&mut out, "rows", rows)?;
        }
        if let Some(figures) = &self.figures {
            text(&mut out, "figures", figures)?;
        }
        if let Some(follows) = &self.follows {
            text(&mut out, "follows", follows)?;
        }
        if let Some(settings) = &self.settings {
            text(&mut out, "settings", settings)?;
        }
        if let Some(g) = &self.guarantee {
            writeln!(out, "\n[guarantee]").ok()?;
            writeln!(out, "outstanding = \"{}\"", g.outstanding).ok()?;
            writeln!(out, "written_off = \"{}\"", g.written_off).ok()?;
        }
        for (name, f) in &self.funds {
            if !bare(name) {
                return None;
            }
            writeln!(out, "\n[funds.{name}]").ok()?;
            writeln!(out, "opening = \"{}\"", f.opening).ok()?;
            for (key, m) in FUND_MOVEMENTS.iter().zip(f.movements()) {
                if let Some(m) = m {
                    writeln!(out, "{key} = \"{m}\"").ok()?;
                }
            }
            writeln!(out, "closing = \"{}\"", f.closing).ok()?;
        }
        let key = |id: &str| match (bare(id), plain(id)) {
            (true, _) => Some(id.to_string()),
            (false, true) => Some(format!("\"{id}\"")),
            _ => None,
        };
        for (id, m) in &self.members {
            writeln!(out, "\n[members.{}]", key(id)?).ok()?;
            m.write_plain(&mut out)?;
        }
        if !self.member_digests.is_empty() {
            writeln!(out, "\n[member_digests]").ok()?;
            for (id, digest) in &self.member_digests {
                writeln!(
                    out,
                    "{} = \"{}\"",
                    key(id)?,
                    plain(digest).then_some(digest)?
                )
                .ok()?;
            }
        }
        Some(out)
    }
}

impl MemberMonth {
    /// The lines of the member's table as a close file has them; `None` where a text would
    /// need quoting.
    fn write_plain(&self, out: &mut String) -> Option<()> {
        use std::fmt::Write;
        let plain = |t: &str| {
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._:- ".contains(&b))
        };
        writeln!(
            out,
            "rows = \"{}\"",
            plain(&self.rows).then_some(&self.rows)?
        )
        .ok()?;
        if let Some(model) = &self.model {
            writeln!(out, "model = \"{}\"", plain(model).then_some(model)?).ok()?;
        }
        writeln!(out, "contracts = {}", self.contracts).ok()?;
        if let Some(h) = self.hours {
            writeln!(out, "hours = \"{h}\"").ok()?;
        }
        for (figure, value) in self.money.iter() {
            if let Some(v) = value {
                writeln!(out, "{} = \"{v}\"", figure.name()).ok()?;
            }
        }
        Some(())
    }

    /// The member's table as a short digest: the first 12 hex digits of the SHA-256 of its
    /// lines as written in clear (48 bits: a changed table goes unnoticed once in 280
    /// trillion).
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut text = String::with_capacity(360);
        if self.write_plain(&mut text).is_none() {
            text = format!("{self:?}");
        }
        let hash = Sha256::digest(text.as_bytes());
        let mut out = String::with_capacity(12);
        for b in &hash[..6] {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

impl MemberMonth {
    /// The figures as (name, value), by name: what `check` compares.
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        let mut all: Vec<(&'static str, String)> = (self.money.iter())
            .filter_map(|(figure, v)| Some((figure.name(), v.as_ref()?.to_string())))
            .collect();
        all.push(("contracts", self.contracts.to_string()));
        all.extend(self.hours.map(|h| ("hours", h.to_string())));
        all.extend(self.model.clone().map(|m| ("model", m)));
        all.sort_by_key(|&(name, _)| name);
        all
    }
}

/// A closed year: the patronage as allocated, with digests of the year's rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearClose {
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    pub rows: String,
    pub ledger_rows: u64,
    pub ledger: String,
    pub surplus_fund: String,
    pub surplus: Money,
    pub distributable: Money,
    pub allocated: Money,
    /// As for a month (`MonthClose::follows`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// As for a month (`MonthClose::settings`), worked out with this year closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<String>,
    #[serde(default)]
    pub set_aside: Vec<SetAsideClose>,
    /// Every file of rows whose rows are all dated in the year, with the digest of its bytes
    /// (`engine::sealed`): while they and the settings hold, the year need not be recomputed.
    /// Absent from files written before coopbooks recorded them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
    /// What the year carries into the next (`engine::carry`). Absent from files written before
    /// coopbooks recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carry: Option<CarryClose>,
    #[serde(default)]
    pub members: BTreeMap<String, MemberYear>,
}

/// What a closed year carries into the next, as at its 31 December once closed: the next
/// year's opening balances. Per member and per contract, a line of figures in a fixed order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarryClose {
    /// What clients owe, VAT included.
    pub receivable: Money,
    /// What the guarantee fund had fronted and is still owed, and what it had written off.
    pub outstanding: Money,
    pub written_off: Money,
    /// The bank account's balance (with `[bank]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<Money>,
    /// What is still owed to the tax office, social security and the members (in books that
    /// keep track of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owed_tax: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owed_social: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owed_members: Option<Money>,
    /// Every fund's balance, by name.
    #[serde(default)]
    pub funds: BTreeMap<String, Money>,
    /// Each member's capital account: `SHARES RETAINED REDEEMED DUE`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capital: BTreeMap<String, String>,
    /// Each invoice still owed, or whose advance is still outstanding, by contract id:
    /// `PAY_DATE OWED ADVANCE`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub open: BTreeMap<String, String>,
    /// Each shortfall the year leaves to the member's next month with contracts, by member:
    /// `AMOUNT FROM` (closes written before recorded `MONTH AMOUNT FROM`, the month it was
    /// brought into then; `figures` leaves that month out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shortfalls: BTreeMap<String, String>,
    /// Where the rows of the invoices still open are (each one's own row, its credit notes',
    /// its payments' dated in the year or before), by file: `LINE LINE …`. Not a figure: the
    /// rows a later reading still needs when it opens from this year (`books::cut`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rows: BTreeMap<String, String>,
}

impl CarryClose {
    /// The figures as (name, value), by name: what `check` compares.
    pub fn figures(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = vec![
            ("receivable".into(), self.receivable.to_string()),
            ("outstanding".into(), self.outstanding.to_string()),
            ("written_off".into(), self.written_off.to_string()),
        ];
        for (key, value) in [
            ("bank", self.bank),
            ("owed_tax", self.owed_tax),
            ("owed_social", self.owed_social),
            ("owed_members", self.owed_members),
        ] {
            all.extend(value.map(|v| (key.to_string(), v.to_string())));
        }
        all.extend((self.funds.iter()).map(|(k, v)| (format!("funds.{k}"), v.to_string())));
        for (table, lines) in [("capital", &self.capital), ("open", &self.open)] {
            all.extend((lines.iter()).map(|(k, v)| (format!("{table}.{k}"), v.clone())));
        }
        // A shortfall recorded before as `MONTH AMOUNT FROM` compares by its amount and month
        // of origin: the month it goes into depends on rows added after the close.
        all.extend((self.shortfalls.iter()).map(|(k, v)| {
            let left = shortfall_fields(v).map_or(v.clone(), |(a, from)| format!("{a} {from}"));
            (format!("shortfalls.{k}"), left)
        }));
        all.sort();
        all
    }
}

/// A carried shortfall's line, `AMOUNT FROM` (or `MONTH AMOUNT FROM`, as closes wrote it
/// before): its amount and the month it was first left in, as written.
pub fn shortfall_fields(line: &str) -> Option<(&str, &str)> {
    let mut back = line.rsplitn(3, ' ');
    let from = back.next()?;
    Some((back.next()?, from))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAsideClose {
    pub fund: String,
    pub rate: Rate,
    pub amount: Money,
}

/// A member's year as patronage sees it — eligible activity and what it earns — as the
/// engine computes it, the report shows it and a year's close records it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberYear {
    pub hours: Hours,
    pub turnover: Money,
    pub budget: Money,
    pub allocation: Money,
    pub cash: Money,
    pub retained: Money,
}

impl MemberYear {
    /// The figures as (name, value), by name: what `check` compares.
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        vec![
            ("allocation", self.allocation.to_string()),
            ("budget", self.budget.to_string()),
            ("cash", self.cash.to_string()),
            ("hours", self.hours.to_string()),
            ("retained", self.retained.to_string()),
            ("turnover", self.turnover.to_string()),
        ]
    }
}

impl Close {
    /// The file's text: two lines that say what it is, then the TOML.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let (label, body) = match self {
            Close::Month(m) => (
                &m.period,
                m.plain_toml().map_or_else(|| toml::to_string(m), Ok)?,
            ),
            Close::Year(y) => (&y.period, toml::to_string(y)?),
        };
        Ok(format!(
            "# Closed with `coopbooks close {label}`: the figures of {label} as they were. Do not edit:\n\
             # `coopbooks check` fails if they would change; corrections go into a later period.\n\
             {body}"
        ))
    }
}

/// Where each top-level key and each table (`members.ID`, `funds.NAME`, `guarantee`) starts
/// in a close file's text, found in one pass, for messages (a month can have a message for
/// every member).
pub struct KeyLines<'a> {
    keys: HashMap<&'a str, u32>,
    /// By the table's kind and its key, unquoted (`("members", "a.b")`, `("guarantee", "")`).
    tables: HashMap<(&'a str, &'a str), u32>,
    /// The keys of a year's `[files]` and of a month's `[member_digests]`, unquoted, by table.
    listed: HashMap<(&'a str, &'a str), u32>,
}

impl<'a> KeyLines<'a> {
    pub fn of(text: &'a str) -> KeyLines<'a> {
        let (mut keys, mut tables, mut listed) = (HashMap::new(), HashMap::new(), HashMap::new());
        let (mut in_table, mut list) = (false, None);
        for (i, line) in text.lines().enumerate() {
            let (line, n) = (line.trim_end(), i as u32 + 1);
            if line.starts_with('[') {
                in_table = true;
                list = match line {
                    "[files]" => Some("files"),
                    "[member_digests]" => Some("members"),
                    _ => None,
                };
                let name = (line
                    .strip_prefix('[')
                    .and_then(|rest| rest.strip_suffix(']')))
                .filter(|name| !name.starts_with('['));
                if let Some(name) = name {
                    let (kind, key) = name.split_once('.').unwrap_or((name, ""));
                    let key =
                        (key.strip_prefix('"').and_then(|q| q.strip_suffix('"'))).unwrap_or(key);
                    tables.entry((kind, key)).or_insert(n);
                }
            } else if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if !in_table {
                    keys.entry(key).or_insert(n);
                } else if let Some(list) = list {
                    let key =
                        (key.strip_prefix('"').and_then(|q| q.strip_suffix('"'))).unwrap_or(key);
                    listed.entry((list, key)).or_insert(n);
                }
            }
        }
        KeyLines {
            keys,
            tables,
            listed,
        }
    }

    /// The line of a top-level key (`ledger`), a table (`members.ID`, `funds.NAME`,
    /// `guarantee`), a year's file (`files.REL`) or a member's digest (`members.ID`); else 1.
    pub fn line(&self, key: &str) -> u32 {
        let table = match key.split_once('.') {
            Some(split) => (self.tables.get(&split)).or_else(|| self.listed.get(&split)),
            None => self.tables.get(&(key, "")),
        };
        (table.or_else(|| self.keys.get(key))).copied().unwrap_or(1)
    }
}

/// How much of the year closes up to a cut is read (books read from a cut).
#[derive(Clone, Copy, Debug)]
pub struct Heads {
    /// The closes of the years up to this one are read up to their members' tables...
    pub up_to: i32,
    /// ... and those before this one up to their carry: only the cut's year's carry counts.
    pub carry_from: i32,
}

/// Reads the close files; each that is not named for a period, or does not parse, is a problem.
/// The close of a year up to the cut is read as `heads` says (`complete` is then false:
/// `Books::close_in_full` reads the rest when it is needed).
pub fn read(
    files: &[(FileId, BookFile)],
    heads: Option<Heads>,
    problems: &mut Vec<Problem>,
) -> Vec<CloseFile> {
    let mut out = Vec::new();
    for &(file, ref f) in files {
        let stem = super::model::stem(&f.rel);
        let Ok(period) = Closable::parse(stem) else {
            problems.push(Problem::error(
                f.rel.as_str(),
                1,
                format!(
                    "\"{stem}\" is not a period: close files are named YYYY-MM.toml or YYYY.toml"
                ),
            ));
            continue;
        };
        if let Closable::Month(_) = period
            && let Some(head) = plain::summary(&f.bytes)
        {
            out.push(CloseFile {
                rel: f.rel.clone(),
                file,
                period,
                close: Some(Close::Month(head)),
                complete: false,
            });
            continue;
        }
        let head = match period {
            Closable::Year(y) => heads.filter(|h| y <= h.up_to).map(|h| y >= h.carry_from),
            Closable::Month(_) => None,
        };
        let (read, complete) = match head {
            Some(with_carry) => (read_head(f, period, with_carry), false),
            None => (in_full(f, period), true),
        };
        let close = match read {
            Ok(close) => Some(close),
            Err(problem) => {
                problems.extend(problem);
                None
            }
        };
        out.push(CloseFile {
            rel: f.rel.clone(),
            file,
            period,
            close,
            complete,
        });
    }
    out
}

/// A whole close file, or the problem that stops it (none more for a file that is not UTF-8,
/// which is a problem of its own).
pub fn in_full(f: &BookFile, period: Closable) -> Result<Close, Option<Problem>> {
    let mut problems = Vec::new();
    let Some(text) = super::text_of(f, &mut problems) else {
        return Err(problems.pop());
    };
    parse_text(f, text, period)
}

/// Each member's `retained` figure in a year close file, read from its members' tables alone
/// (`None`: the file is to be read whole for them).
pub fn members_retained(f: &BookFile) -> Option<Vec<(&str, Money)>> {
    let mut problems = Vec::new();
    plain::members_retained(super::text_of(f, &mut problems)?)
}

/// A close file up to its members' tables (all of it, for a file without them), or up to its
/// carry (`with_carry` false).
fn read_head(f: &BookFile, period: Closable, with_carry: bool) -> Result<Close, Option<Problem>> {
    let mut problems = Vec::new();
    let Some(text) = super::text_of(f, &mut problems) else {
        return Err(problems.pop());
    };
    let mut end = text.find("\n[members.").map_or(text.len(), |at| at + 1);
    if !with_carry {
        end = text[..end].find("\n[carry]").map_or(end, |at| at + 1);
    }
    parse_text(f, &text[..end], period)
}

/// `text`, the file `f`'s, parsed as the close of `period`.
fn parse_text(f: &BookFile, text: &str, period: Closable) -> Result<Close, Option<Problem>> {
    parse(text, period).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() as u32 + 1
        });
        let message = e.message().trim().replace('\n', " ");
        Some(Problem::error(f.rel.as_str(), line, message))
    })
}

/// Whether the direct reader of the plain shape gives the TOML parser's close wherever it
/// takes the text, and the summary read ahead of the member tables agrees with the whole
/// close wherever both read (the member tables are read in full when needed): what the close
/// file's fuzz target asserts.
#[doc(hidden)]
pub fn readers_agree(bytes: &[u8], period: Closable) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return true;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match period {
        Closable::Month(_) => toml::from_str(text).map(Close::Month),
        Closable::Year(_) => toml::from_str(text).map(Close::Year),
    };
    let direct = plain::read(text, period).is_none_or(|c| parsed.as_ref().ok() == Some(&c));
    // The summary reads the tables before the first member's; a file edited by hand to put
    // the guarantee's or a fund's after it has them read only when the summary fails.
    let tables_after_members = text.find("\n[members.").is_some_and(|at| {
        let rest = &text[at..];
        rest.contains("\n[guarantee]") || rest.contains("\n[funds.")
    });
    let summary = match (period, plain::summary(bytes), &parsed) {
        (Closable::Month(_), Some(head), Ok(Close::Month(whole))) if tables_after_members => {
            head.period == whole.period && head.rows == whole.rows && head.figures == whole.figures
        }
        (Closable::Month(_), Some(head), Ok(Close::Month(whole))) => {
            MonthClose {
                members: whole.members.clone(),
                member_digests: whole.member_digests.clone(),
                ..head
            } == *whole
        }
        _ => true,
    };
    direct && summary
}

/// Parses a close file: the plain shape coopbooks writes is read directly (`plain`); a file
/// edited by hand into other TOML goes through the TOML parser. Both give the same value.
pub fn parse(text: &str, period: Closable) -> Result<Close, toml::de::Error> {
    if let Some(close) = plain::read(text, period) {
        return Ok(close);
    }
    match period {
        Closable::Month(_) => toml::from_str(text).map(Close::Month),
        Closable::Year(_) => toml::from_str(text).map(Close::Year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Month;

    #[test]
    fn key_lines_finds_top_level_keys_and_member_tables_once() {
        let text = "period = \"2026-03\"\nledger= \"rowsum64:00\"\n\n[members.alice]\nnet = \"1.00\"\n[members.\"b.b\"]\nledger = \"not top-level\"\n";
        let lines = KeyLines::of(text);
        assert_eq!(lines.line("period"), 1);
        assert_eq!(lines.line("ledger"), 2);
        assert_eq!(lines.line("members.alice"), 4);
        assert_eq!(lines.line("members.b.b"), 6);
        // Unknown keys, and keys inside a member's table, are placed on line 1.
        assert_eq!(lines.line("members.carol"), 1);
        assert_eq!(lines.line("net"), 1);
    }

    const MARCH: Closable = Closable::Month(Month {
        year: 2026,
        month: 3,
    });

    fn by_toml(text: &str, period: Closable) -> Close {
        match period {
            Closable::Month(_) => Close::Month(toml::from_str(text).unwrap()),
            Closable::Year(_) => Close::Year(toml::from_str(text).unwrap()),
        }
    }

    #[test]
    fn the_line_reader_reads_what_the_toml_parser_reads() {
        let files = [
            (
                include_str!("../../tests/legacy-closes/2026-03.toml"),
                MARCH,
            ),
            (
                include_str!("../../tests/legacy-closes/2026.toml"),
                Closable::Year(2026),
            ),
        ];
        for (text, period) in files {
            let plain = plain::read(text, period).expect("the plain shape");
            assert_eq!(plain, by_toml(text, period));
            // Written again and read back, by either reader: the same value.
            let again = plain.to_toml().unwrap();
            assert_eq!(plain::read(&again, period).as_ref(), Some(&plain));
            assert_eq!(by_toml(&again, period), plain);
        }
    }

    #[test]
    fn a_year_with_its_files_and_carry_is_read_alike_by_both_readers() {
        let text = include_str!("../../tests/legacy-closes/2026.toml");
        let Some(Close::Year(mut year)) = plain::read(text, Closable::Year(2026)) else {
            panic!("a year")
        };
        year.settings = Some("sha256:00".into());
        year.files = BTreeMap::from([
            ("contracts/2026-01.csv".into(), "sha256:01".into()),
            ("payments/a b.csv".into(), "sha256:02".into()),
        ]);
        let line = |k: &str, v: &str| (k.to_string(), v.to_string());
        year.carry = Some(CarryClose {
            receivable: Money::from_cents(982525),
            outstanding: Money::from_cents(824500),
            written_off: Money::ZERO,
            bank: Some(Money::from_cents(-1)),
            owed_tax: None,
            owed_social: None,
            owed_members: Some(Money::from_cents(20186)),
            funds: BTreeMap::from([("operations".to_string(), Money::from_cents(1125000))]),
            capital: BTreeMap::from([line("alice", "100.00 104.16 0.00 0.00")]),
            open: BTreeMap::from([line("C.1", "2026-03-27 1210.00 1000.00")]),
            shortfalls: BTreeMap::from([line("ines", "-274.50 2026-12")]),
            rows: BTreeMap::from([
                line("contracts/2026-03.csv", "4 9"),
                line("payments/a b.csv", "2"),
            ]),
        });
        let close = Close::Year(year);
        let again = close.to_toml().unwrap();
        assert!(again.contains("\n[files]\n\"contracts/2026-01.csv\" = \"sha256:01\"\n"));
        assert!(again.contains("\n[carry.open]\n\"C.1\" = \"2026-03-27 1210.00 1000.00\"\n"));
        assert!(again.contains(
            "\n[carry.rows]\n\"contracts/2026-03.csv\" = \"4 9\"\n\"payments/a b.csv\" = \"2\"\n"
        ));
        assert_eq!(
            plain::read(&again, Closable::Year(2026)).as_ref(),
            Some(&close)
        );
        assert_eq!(by_toml(&again, Closable::Year(2026)), close);
        // A table of the carry before `[carry]` itself, or twice, is left to the TOML parser.
        let twice = again.replace("[carry.capital]", "[carry.funds]");
        assert_eq!(plain::read(&twice, Closable::Year(2026)), None);
    }

    #[test]
    fn a_years_retained_figures_are_read_alone_as_the_whole_reader_reads_them() {
        let text = include_str!("../../tests/legacy-closes/2026.toml");
        let Some(Close::Year(mut year)) = plain::read(text, Closable::Year(2026)) else {
            panic!("a year")
        };
        let first = year.members.values().next().copied().unwrap();
        year.members.insert("a.b".into(), first);
        let again = Close::Year(year.clone()).to_toml().unwrap();
        let whole: Vec<(&str, Money)> = (year.members.iter())
            .map(|(id, m)| (id.as_str(), m.retained))
            .collect();
        assert!(whole.len() > 2);
        assert_eq!(plain::members_retained(&again), Some(whole));
        // Not as coopbooks writes it: a member without its figure, or one twice, is read whole.
        let cut = again.replacen("retained = ", "kept = ", 1);
        assert_eq!(plain::members_retained(&cut), None);
        let twice = again.replacen("retained = ", "retained = \"1.00\"\nretained = ", 1);
        assert_eq!(plain::members_retained(&twice), None);
        let head = &again[..again.find("\n[members.").unwrap() + 1];
        assert_eq!(plain::members_retained(head), Some(Vec::new()));
    }

    #[test]
    fn a_month_is_written_as_the_toml_serializer_writes_it() {
        let text = include_str!("../../tests/legacy-closes/2026-03.toml");
        let Some(Close::Month(month)) = plain::read(text, MARCH) else {
            panic!("a month")
        };
        assert_eq!(month.plain_toml(), Some(toml::to_string(&month).unwrap()));
        let mut month = month;
        month.closed_on = Some("2026-04-30".into());
        let first = month.members.keys().next().cloned().unwrap();
        let m = month.members.remove(&first).unwrap();
        month.members.insert("a.b".into(), m.clone());
        month.members.insert("zoë".into(), m);
        // An id that needs escapes is left to the serializer.
        assert_eq!(month.plain_toml(), None);
        month.members.remove("zoë");
        assert_eq!(month.plain_toml(), Some(toml::to_string(&month).unwrap()));
    }

    /// A fund's month with a levy of `levy` cents (and an advance of 5.00).
    fn fund(levy: i64) -> FundClose {
        let mut movements = [Money::ZERO; 10];
        movements[0] = Money::from_cents(levy);
        movements[5] = Money::from_cents(500);
        FundClose::new(Money::from_cents(10000), movements, Money::from_cents(9500))
    }

    #[test]
    fn ids_that_need_quotes_and_members_without_pay() {
        let member = |rows: &str, contracts| MemberMonth {
            rows: rows.into(),
            model: (contracts > 0).then(|| "salaried".into()),
            contracts,
            hours: None,
            money: {
                let mut money = PerFigure::default();
                money[Figure::Net] = Some(crate::money::parse_money("-0.50", "EUR").unwrap());
                money
            },
        };
        let close = Close::Month(MonthClose {
            period: "2026-03".into(),
            closed_on: Some("2026-04-30".into()),
            ledger_rows: 0,
            ledger: "rowsum64:0000000000000000".into(),
            rows: Some("rowsum64:0000000000000003".into()),
            figures: Some("figsum64:0000000000000001".into()),
            follows: Some("2026-02 sha256:00ff".into()),
            settings: Some("sha256:0a1b".into()),
            guarantee: Some(GuaranteeClose {
                outstanding: Money::from_cents(1074500),
                written_off: Money::from_cents(72000),
            }),
            funds: [
                ("guarantee".to_string(), fund(-1)),
                ("ops".to_string(), fund(250)),
            ]
            .into(),
            members: [
                ("a.b".to_string(), member("rowsum64:1", 0)),
                ("zoe".to_string(), member("rowsum64:2", 3)),
            ]
            .into(),
            member_digests: BTreeMap::new(),
        });
        let text = close.to_toml().unwrap();
        let Close::Month(month) = &close else {
            unreachable!()
        };
        assert_eq!(month.plain_toml(), Some(toml::to_string(month).unwrap()));
        assert!(
            text.contains(
                "\n[guarantee]\noutstanding = \"10745.00\"\nwritten_off = \"720.00\"\n\n\
                 [funds.guarantee]\nopening = \"100.00\"\nlevies = \"-0.01\"\nadvances = \"5.00\"\n\
                 closing = \"95.00\"\n"
            ),
            "{text}"
        );
        // The summary reads the head and these tables, not the members'.
        let head = plain::summary(text.as_bytes()).unwrap();
        assert_eq!(
            (head.guarantee.as_ref(), head.funds.len()),
            (month.guarantee.as_ref(), 2)
        );
        assert!(text.contains("\n[members.\"a.b\"]\n"), "{text}");
        assert_eq!(plain::read(&text, MARCH), Some(close.clone()));
        assert_eq!(parse(&text, MARCH).unwrap(), close);
    }

    #[test]
    fn a_month_kept_as_digests_reads_back_the_same_by_both_readers() {
        let head = "period = \"2026-03\"\nledger_rows = 0\nledger = \"rowsum64:0\"\n\
                    rows = \"rowsum64:1\"\nfigures = \"figsum64:2\"\n";
        let text = format!(
            "{head}\n[funds.ops]\nopening = \"1.00\"\nclosing = \"1.00\"\n\n\
             [member_digests]\n\"a.b\" = \"0123456789ab\"\nzoe = \"ba9876543210\"\n"
        );
        let Some(Close::Month(month)) = plain::read(&text, MARCH) else {
            panic!("the plain reader reads it")
        };
        assert!(month.members.is_empty());
        assert_eq!(
            month.member_digests,
            BTreeMap::from([
                ("a.b".to_string(), "0123456789ab".to_string()),
                ("zoe".to_string(), "ba9876543210".to_string()),
            ])
        );
        assert_eq!(parse(&text, MARCH).unwrap(), Close::Month(month.clone()));
        // Written back, the same text (the head and the funds, then the digests).
        assert_eq!(month.plain_toml().as_deref(), Some(text.as_str()));
        assert_eq!(month.plain_toml(), Some(toml::to_string(&month).unwrap()));
        // The summary stops before the digests.
        let summary = plain::summary(text.as_bytes()).unwrap();
        assert!(summary.member_digests.is_empty() && summary.funds.len() == 1);
        // A table after the digests is left to the TOML parser.
        let after = format!("{text}[funds.more]\nopening = \"0.00\"\nclosing = \"0.00\"\n");
        assert_eq!(plain::read(&after, MARCH), None);
        assert!(parse(&after, MARCH).is_ok());
    }

    #[test]
    fn a_key_or_a_member_written_twice_is_left_to_the_parser_which_refuses_it() {
        let head = "period = \"2026-03\"\nledger_rows = 0\nledger = \"rowsum64:0\"\n";
        let twice = format!("{head}[members.zoe]\nrows = \"r\"\ncontracts = 0\nrows = \"s\"\n");
        assert_eq!(plain::read(&twice, MARCH), None);
        assert!(parse(&twice, MARCH).is_err());
        let table = "[members.zoe]\nrows = \"r\"\ncontracts = 0\n";
        let twice = format!("{head}{table}{table}");
        assert_eq!(plain::read(&twice, MARCH), None);
        assert!(parse(&twice, MARCH).is_err());
        // Without its rows, or with a money figure that is not one, neither reader takes it.
        let bad = format!("{head}[members.zoe]\ncontracts = 0\n");
        assert_eq!(plain::read(&bad, MARCH), None);
        assert!(parse(&bad, MARCH).is_err());
        let bad = format!("{head}[members.zoe]\nrows = \"r\"\ncontracts = 0\nnet = \"1,5\"\n");
        assert_eq!(plain::read(&bad, MARCH), None);
        assert!(parse(&bad, MARCH).is_err());
    }

    #[test]
    fn other_toml_goes_through_the_parser() {
        let text = "period = \"2026-03\"\nledger_rows = 0\nledger = 'rowsum64:0'\n\
                    members = { zoe = { rows = \"r\", contracts = 0 } }\n";
        assert_eq!(plain::read(text, MARCH), None);
        let Close::Month(m) = parse(text, MARCH).unwrap() else {
            panic!("a month")
        };
        assert_eq!(
            (m.ledger.as_str(), m.members["zoe"].rows.as_str()),
            ("rowsum64:0", "r")
        );
        // Unknown keys are errors in both readers.
        let text = "period = \"2026-03\"\nledger_rows = 0\nledger = \"x\"\ncolour = \"red\"\n";
        assert_eq!(plain::read(text, MARCH), None);
        assert!(parse(text, MARCH).is_err());
    }
}
