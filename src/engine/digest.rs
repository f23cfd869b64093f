//! Digests of the rows dated in a period, which close files record so that `check` can tell
//! when a closed period's rows change. A row's hash is the SHA-256 of its parsed values (so
//! re-quoting, re-ordering columns or writing `600` for `600.00` changes nothing), written
//! as bytes of fixed layout. A group's digest is the sum of its rows' hashes as 256-bit
//! numbers (modulo 2²⁵⁶), so it does not depend on row or file order and all groups are
//! found in one pass. A change detector for the books' own history, not a signature.
//!
//! Close files written before this scheme carry `rowsum64:` digests (the same row bytes,
//! each hashed to 64 bits by xor-multiply and MurmurHash3's `fmix64`, summed) or `fnv1a64:`
//! digests over sorted row texts; `legacy` computes those, for such files only.

use crate::books::{
    Books, Contract, FundId, LedgerKind, LedgerRow, MemberId, Payment, PaymentKind,
};
use crate::figure::PerFigure;
use crate::money::{Hours, Money};
use crate::par;
use crate::period::{Closable, Month};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ops::Range;

/// The prefix of digests in this scheme.
const PREFIX: &str = "sha256sum:";
/// The prefix of the 64-bit row sums of earlier close files.
const ROWSUM: &str = "rowsum64:";
/// The prefix of the digests of the earliest close files.
const FNV: &str = "fnv1a64:";

/// FNV-1a, 64 bits: the earliest scheme's hash.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// One row's values, written into a buffer that is reused from row to row, then hashed.
struct Row(Vec<u8>);

impl Row {
    fn new() -> Row {
        Row(Vec::with_capacity(128))
    }

    /// Starts a row of a kind (`c`ontract, `p`ayment, `l`edger, `f`igures).
    fn start(&mut self, tag: u8) -> &mut Row {
        self.0.clear();
        self.0.push(tag);
        self
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, s: &str) {
        self.bytes(&(s.len() as u32).to_le_bytes());
        self.bytes(s.as_bytes());
    }

    fn date(&mut self, d: NaiveDate) {
        self.bytes(&d.num_days_from_ce().to_le_bytes());
    }

    /// A number by its value at a fixed scale (cents for money, ten-thousandths for hours, the
    /// most either has), as 16 bytes: `600` and `600.00` hash alike.
    fn units(&mut self, units: i64) {
        self.bytes(&i128::from(units).to_le_bytes());
    }

    /// The row's SHA-256, as a 256-bit number (four 64-bit limbs, least significant first).
    fn hash(&self) -> [u64; 4] {
        let digest = Sha256::digest(&self.0);
        let mut limbs = [0u64; 4];
        for (limb, bytes) in limbs.iter_mut().zip(digest.rchunks_exact(8)) {
            *limb = u64::from_be_bytes(bytes.try_into().unwrap_or_default());
        }
        limbs
    }

    /// The earlier scheme's 64-bit hash of the same bytes.
    fn hash64(&self) -> u64 {
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ self.0.len() as u64;
        let mut words = self.0.chunks_exact(8);
        for w in &mut words {
            h = (h ^ u64::from_le_bytes(w.try_into().unwrap_or_default()))
                .wrapping_mul(0xff51_afd7_ed55_8ccd)
                .rotate_left(31);
        }
        let mut tail = [0u8; 8];
        tail[..words.remainder().len()].copy_from_slice(words.remainder());
        h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        // fmix64
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A group of rows: the sum of their hashes (modulo 2²⁵⁶) and how many there are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    pub hash: [u64; 4],
    pub rows: u64,
}

impl Sum {
    fn add(&mut self, hash: [u64; 4]) {
        let mut carry = false;
        for (limb, h) in self.hash.iter_mut().zip(hash) {
            let (s, c1) = limb.overflowing_add(h);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            *limb = s;
            carry = c1 || c2;
        }
        self.rows += 1;
    }

    pub fn merge(&mut self, o: Sum) {
        let rows = self.rows + o.rows;
        self.add(o.hash);
        self.rows = rows;
    }

    fn hex(&self) -> String {
        let [a, b, c, d] = self.hash;
        format!("{d:016x}{c:016x}{b:016x}{a:016x}")
    }

    /// As written in a close file.
    pub fn text(&self) -> String {
        format!("{PREFIX}{}", self.hex())
    }

    /// Whether a digest read from a close file (in this scheme) is this one.
    pub fn is(&self, text: &str) -> bool {
        text.strip_prefix(PREFIX) == Some(self.hex().as_str())
    }
}

/// The prefix of a month's figures digest.
const FIGURES: &str = "figsha256:";

/// A member-month's figures, rows aside, in one comparable value: model, contracts, hours,
/// then each money figure (what `FiguresSum` hashes, and what a close compares).
pub type FiguresKey<'a> = (
    Option<&'a str>,
    u64,
    Option<Hours>,
    PerFigure<Option<Money>>,
);

/// The digest of a month's figures, member by member: each member's id and figures hashed,
/// the hashes summed.
pub struct FiguresSum {
    row: Row,
    sum: Sum,
}

impl Default for FiguresSum {
    fn default() -> FiguresSum {
        FiguresSum {
            row: Row::new(),
            sum: Sum::default(),
        }
    }
}

impl FiguresSum {
    pub fn add(&mut self, id: &str, (model, contracts, hours, money): &FiguresKey) {
        let h = self.row.start(b'f');
        h.text(id);
        h.text(model.unwrap_or(""));
        h.bytes(&contracts.to_le_bytes());
        let units = money.0.iter().map(|m| m.map(Money::cents));
        for value in std::iter::once(hours.map(Hours::units)).chain(units) {
            match value {
                Some(v) => {
                    h.bytes(&[1]);
                    h.units(v);
                }
                None => h.bytes(&[0]),
            }
        }
        self.sum.add(h.hash());
    }

    /// As written in a close file.
    pub fn text(&self) -> String {
        format!("{FIGURES}{}", self.sum.hex())
    }
}

/// The digests of every month: per member, the contract and payment rows dated in the month (a
/// payment counts for its contract's member); and the month's ledger rows.
#[derive(Clone, Default)]
pub struct Digests {
    /// Per month, the members with rows dated in it, by id (empty for `Digests::totals`).
    members: BTreeMap<Month, Vec<(MemberId, Sum)>>,
    /// Per month, all its contract and payment rows.
    rows: BTreeMap<Month, Sum>,
    ledger: BTreeMap<Month, Sum>,
}

impl Digests {
    /// The digests of some months, member by member: one pass over the contracts and payments
    /// (half on each core) and the ledger, hashing only the rows dated in those months.
    pub fn of(books: &Books, months: &[Month]) -> Digests {
        let (all, ledger) = halves(books, months, || Slots::new(books.members.len(), months));
        let all = all.done();
        // Members are numbered in id order, so each month's list is by id.
        let members: BTreeMap<Month, Vec<(MemberId, Sum)>> = (all.into_iter())
            .map(|(month, sums)| {
                let rows = (sums.into_iter().enumerate())
                    .filter(|(_, s)| s.rows > 0)
                    .map(|(m, s)| (MemberId(m as u32), s))
                    .collect();
                (month, rows)
            })
            .collect();
        let rows = (members.iter())
            .map(|(&m, list)| {
                let mut sum = Sum::default();
                list.iter().for_each(|(_, s)| sum.merge(*s));
                (m, sum)
            })
            .collect();
        Digests {
            members,
            rows,
            ledger,
        }
    }

    /// The digests of some months as wholes, without the member by member ones (`members` is
    /// empty): what a month's summary needs, with one sum per month instead of one per member.
    pub fn totals(books: &Books, months: &[Month]) -> Digests {
        let (totals, ledger) = halves(books, months, || {
            Totals(months.iter().map(|&m| (m, Sum::default())).collect())
        });
        let rows: BTreeMap<Month, Sum> =
            (totals.0.into_iter()).filter(|(_, s)| s.rows > 0).collect();
        Digests {
            members: BTreeMap::new(),
            rows,
            ledger,
        }
    }

    /// All the contract and payment rows dated in a month.
    pub fn month_rows(&self, month: Month) -> Sum {
        self.rows.get(&month).copied().unwrap_or_default()
    }

    /// The members with rows dated in a month, by id, with their digests.
    pub fn members(&self, month: Month) -> &[(MemberId, Sum)] {
        self.members.get(&month).map_or(&[], Vec::as_slice)
    }

    /// The ledger rows dated in a period.
    pub fn ledger(&self, period: Closable) -> Sum {
        let mut sum = Sum::default();
        for (m, s) in &self.ledger {
            if period.contains(m.first_day()) {
                sum.merge(*s);
            }
        }
        sum
    }

    /// All contract and payment rows dated in a year.
    pub fn year_rows(&self, year: i32) -> Sum {
        let mut sum = Sum::default();
        for (_, s) in self
            .rows
            .range(Month { year, month: 1 }..=Month { year, month: 12 })
        {
            sum.merge(*s);
        }
        sum
    }
}

/// Every contract and payment row dated in the months, hashed into a sink made by `sink`: the
/// first half of each on this core, the second half and the ledger on the other, the two
/// sinks then merged (a digest is a sum, so the order does not matter).
fn halves<S: Sink + Send>(
    books: &Books,
    months: &[Month],
    sink: impl Fn() -> S + Sync,
) -> (S, BTreeMap<Month, Sum>) {
    let (c, p) = (books.contracts.len(), books.payments.len());
    let half = |contracts: Range<usize>, payments: Range<usize>| {
        let rows = contract_rows(books, contracts, sink());
        payment_rows(books, payments, rows)
    };
    let second = || {
        let rows = half(c / 2..c, p / 2..p);
        (rows, ledger_sums(books, months))
    };
    let (mut rows, (theirs, ledger)) = par::join(|| half(0..c / 2, 0..p / 2), second);
    rows.merge(theirs);
    (rows, ledger)
}

/// Where row hashes go: per member and month, or per month.
trait Sink {
    /// Whether rows dated in a month are wanted.
    fn wants(&self, month: Month) -> bool;
    fn add(&mut self, month: Month, member: MemberId, hash: [u64; 4]);
    /// Adds another sink's sums to this one's.
    fn merge(&mut self, other: Self);
}

/// One sum per month.
struct Totals(FxHashMap<Month, Sum>);

impl Sink for Totals {
    fn wants(&self, month: Month) -> bool {
        self.0.contains_key(&month)
    }

    fn add(&mut self, month: Month, _: MemberId, hash: [u64; 4]) {
        if let Some(sum) = self.0.get_mut(&month) {
            sum.add(hash);
        }
    }

    fn merge(&mut self, other: Totals) {
        for (month, sum) in other.0 {
            self.0.entry(month).or_default().merge(sum);
        }
    }
}

/// Per month, a sum per member (indexed by `MemberId`).
type Sums = BTreeMap<Month, Vec<Sum>>;

/// Per-member sums of every month, each month's list found through a small hash map (rows
/// come in any order of months: a payments file follows its contracts, not the calendar).
struct Slots {
    index: FxHashMap<Month, usize>,
    lists: Vec<(Month, Vec<Sum>)>,
    members: usize,
}

impl Slots {
    /// Sums for the given months (a month's list made on first use).
    fn new(members: usize, months: &[Month]) -> Slots {
        Slots {
            index: months.iter().map(|&m| (m, usize::MAX)).collect(),
            lists: Vec::new(),
            members,
        }
    }

    fn done(self) -> Sums {
        self.lists.into_iter().collect()
    }
}

impl Sink for Slots {
    fn wants(&self, month: Month) -> bool {
        self.index.contains_key(&month)
    }

    /// Adds a row's hash to its member's sum in its month.
    fn add(&mut self, month: Month, member: MemberId, hash: [u64; 4]) {
        if let Some(sum) = (self.list(month)).and_then(|l| l.get_mut(member.0 as usize)) {
            sum.add(hash);
        }
    }

    fn merge(&mut self, other: Slots) {
        for (month, sums) in other.lists {
            if let Some(into) = self.list(month) {
                into.iter_mut().zip(sums).for_each(|(a, b)| a.merge(b));
            }
        }
    }
}

impl Slots {
    /// The sums of a wanted month, made on first use.
    fn list(&mut self, month: Month) -> Option<&mut Vec<Sum>> {
        let i = self.index.get_mut(&month)?;
        if *i == usize::MAX {
            self.lists.push((month, vec![Sum::default(); self.members]));
            *i = self.lists.len() - 1;
        }
        self.lists.get_mut(*i).map(|(_, l)| l)
    }
}

/// Every contract row of a range dated in a month the sink wants, hashed into it.
fn contract_rows<S: Sink>(books: &Books, range: Range<usize>, mut out: S) -> S {
    let mut h = Row::new();
    for c in &books.contracts[range] {
        let month = Month::of(c.date);
        if !out.wants(month) {
            continue;
        }
        contract_row(&mut h, books, c);
        out.add(month, c.member, h.hash());
    }
    out
}

/// Every payment row of a range dated in a month the sink wants, hashed into it (under its
/// contract's member).
fn payment_rows<S: Sink>(books: &Books, range: Range<usize>, mut out: S) -> S {
    let mut h = Row::new();
    for p in &books.payments[range] {
        let month = Month::of(p.date);
        if !out.wants(month) {
            continue;
        }
        payment_row(&mut h, books, p);
        out.add(month, books.contract(p.contract).member, h.hash());
    }
    out
}

fn ledger_sums(books: &Books, months: &[Month]) -> BTreeMap<Month, Sum> {
    let mut out: BTreeMap<Month, Sum> = BTreeMap::new();
    let mut h = Row::new();
    for l in books
        .ledger
        .iter()
        .filter(|l| months.contains(&Month::of(l.date)))
    {
        ledger_row(&mut h, books, l);
        out.entry(Month::of(l.date)).or_default().add(h.hash());
    }
    out
}

/// A contract row's values, in the layout that is hashed.
fn contract_row(h: &mut Row, books: &Books, c: &Contract) {
    h.start(b'c');
    h.text(books.contract_id(c));
    h.text(books.member_id(c.member));
    h.text(books.client(c));
    h.date(c.date);
    h.units(c.hours.units());
    h.units(c.amount.cents());
    h.units(c.expenses.cents());
    // A row's own VAT rate, hashed only where it has one: a close made before the column
    // existed keeps its digest.
    if let (Some(rate), Some(vat)) = (c.vat, &books.coop.vat) {
        h.text(&vat.rates[usize::from(rate)].name);
    }
    // A credit note's invoice, likewise only where there is one, after a mark no text's
    // length can be.
    if let Some(invoice) = c.corrects() {
        h.bytes(&[0xFF; 4]);
        h.text(books.contract_id(books.contract(invoice)));
    }
}

/// A payment row's values (its contract by id), in the layout that is hashed.
fn payment_row(h: &mut Row, books: &Books, p: &Payment) {
    h.start(b'p');
    h.text(books.contract_id(books.contract(p.contract)));
    h.date(p.date);
    h.units(p.amount.cents());
    h.bytes(&[p.kind as u8]);
    // A late payment's bank date only where it has one.
    if let Some(b) = p.booked() {
        h.bytes(&[0xFD; 4]);
        h.date(b);
    }
}

/// A ledger row's values (funds and member by name), in the layout that is hashed.
fn ledger_row(h: &mut Row, books: &Books, l: &LedgerRow) {
    let fund = |f: Option<FundId>| f.map_or("", |f| books.coop.fund(f).name.as_str());
    h.start(b'l');
    h.date(l.date);
    h.bytes(&[l.kind.code()]);
    h.units(l.amount.cents());
    h.text(fund(l.fund));
    h.text(fund(l.to));
    h.text(l.member.map_or("", |m| books.member(m).id.as_str()));
    // A cost's VAT only where it has one, as a contract's rate.
    if !l.vat.is_zero() {
        h.units(l.vat.cents());
    }
    // A refund's credit note and a late row's bank date likewise, each after a mark.
    if let Some(c) = l.contract {
        h.bytes(&[0xFE; 4]);
        h.text(books.contract_id(books.contract(c)));
    }
    if let Some(b) = l.booked {
        h.bytes(&[0xFD; 4]);
        h.date(b);
    }
}

/// Whether a digest read from a close file is in an earlier scheme.
pub fn is_legacy(stored: &str) -> bool {
    stored.starts_with(FNV) || stored.starts_with(ROWSUM)
}

/// The digests of an earlier scheme for one period, as that scheme wrote them.
pub struct Legacy {
    /// By member id.
    pub members: BTreeMap<String, String>,
    /// All members' rows together (a year's `rows`).
    pub rows: String,
    pub ledger: String,
}

/// The digests of a period in the earlier scheme that `stored` (a digest of its close file)
/// is in: `rowsum64:`, or else `fnv1a64:`.
pub fn legacy(books: &Books, period: Closable, stored: &str) -> Legacy {
    if stored.starts_with(ROWSUM) {
        rowsums(books, period)
    } else {
        fnv(books, period)
    }
}

/// The `rowsum64:` digests of a period: the row bytes of this scheme, hashed to 64 bits
/// (`Row::hash64`), summed with wrapping.
fn rowsums(books: &Books, period: Closable) -> Legacy {
    let text = |sum: u64| format!("{ROWSUM}{sum:016x}");
    let mut h = Row::new();
    let mut by_member: BTreeMap<MemberId, u64> = BTreeMap::new();
    let mut add = |member: MemberId, hash: u64| {
        let sum = by_member.entry(member).or_default();
        *sum = sum.wrapping_add(hash);
    };
    for c in books.contracts.iter().filter(|c| period.contains(c.date)) {
        contract_row(&mut h, books, c);
        add(c.member, h.hash64());
    }
    for p in books.payments.iter().filter(|p| period.contains(p.date)) {
        payment_row(&mut h, books, p);
        add(books.contract(p.contract).member, h.hash64());
    }
    let mut ledger = 0u64;
    for l in books.ledger.iter().filter(|l| period.contains(l.date)) {
        ledger_row(&mut h, books, l);
        ledger = ledger.wrapping_add(h.hash64());
    }
    let rows = by_member.values().fold(0u64, |a, &b| a.wrapping_add(b));
    Legacy {
        members: (by_member.into_iter())
            .map(|(m, sum)| (books.member(m).id.clone(), text(sum)))
            .collect(),
        rows: text(rows),
        ledger: text(ledger),
    }
}

fn legacy_digest(mut rows: Vec<String>) -> String {
    rows.sort_unstable();
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for row in &rows {
        h.bytes(row.as_bytes());
        h.bytes(b"\n");
    }
    format!("{FNV}{:016x}", h.0)
}

/// The `fnv1a64:` digests of a period.
fn fnv(books: &Books, period: Closable) -> Legacy {
    let mut by_member: BTreeMap<MemberId, Vec<String>> = BTreeMap::new();
    for c in books.contracts.iter().filter(|c| period.contains(c.date)) {
        by_member.entry(c.member).or_default().push(format!(
            "contract|{}|{}|{}|{}|{}|{}|{}",
            books.contract_id(c),
            books.member(c.member).id,
            books.client(c),
            c.date,
            c.hours,
            c.amount,
            c.expenses
        ));
    }
    for p in books.payments.iter().filter(|p| period.contains(p.date)) {
        let c = books.contract(p.contract);
        let kind = match p.kind {
            PaymentKind::Payment => "payment",
            PaymentKind::Writeoff => "writeoff",
        };
        by_member.entry(c.member).or_default().push(format!(
            "payment|{}|{}|{}|{kind}",
            books.contract_id(c),
            p.date,
            p.amount
        ));
    }
    let fund = |f: Option<FundId>| f.map_or("", |f| books.coop.fund(f).name.as_str());
    let ledger = books
        .ledger
        .iter()
        .filter(|l| period.contains(l.date))
        .map(|l| {
            // The earlier scheme named kinds as these words.
            let kind = match l.kind {
                LedgerKind::Income => "Income",
                LedgerKind::Cost => "Cost",
                LedgerKind::Transfer => "Transfer",
                LedgerKind::Share => "Share",
                LedgerKind::Redeem => "Redeem",
                // Kinds the earlier scheme did not know: by their words.
                other => other.word(),
            };
            let member = l.member.map_or("", |m| books.member(m).id.as_str());
            format!(
                "ledger|{}|{kind}|{}|{}|{}|{member}",
                l.date,
                l.amount,
                fund(l.fund),
                fund(l.to)
            )
        })
        .collect();
    let rows = legacy_digest(by_member.values().flatten().cloned().collect());
    Legacy {
        members: by_member
            .into_iter()
            .map(|(m, rows)| (books.member(m).id.clone(), legacy_digest(rows)))
            .collect(),
        rows,
        ledger: legacy_digest(ledger),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row's digest is its SHA-256, written as the 256-bit number the bytes spell
    /// (SHA-256 of "abc", FIPS 180-2's first example).
    #[test]
    fn one_row_is_its_sha256() {
        let mut row = Row::new();
        row.0.extend_from_slice(b"abc");
        let mut sum = Sum::default();
        sum.add(row.hash());
        assert_eq!(
            sum.text(),
            "sha256sum:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(sum.is(&sum.text()));
        assert!(!sum.is("rowsum64:ba7816bf8f01cfea"));
    }

    /// Sums carry from limb to limb and wrap at 2²⁵⁶; merging is adding, in any order.
    #[test]
    fn sums_carry_and_wrap() {
        let mut sum = Sum::default();
        sum.add([u64::MAX, 0, 0, 0]);
        sum.add([1, 0, 0, 0]);
        assert_eq!((sum.hash, sum.rows), ([0, 1, 0, 0], 2));
        let mut top = Sum::default();
        top.add([u64::MAX; 4]);
        let mut one = Sum::default();
        one.add([1, 0, 0, 0]);
        let (mut a, mut b) = (top, one);
        a.merge(one);
        b.merge(top);
        assert_eq!((a.hash, a.rows), ([0; 4], 2));
        assert_eq!(a, b);
    }
}
