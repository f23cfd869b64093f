//! Closed periods stay as they were closed: each close file compared with what the books give
//! now, figure by figure and digest by digest, each change a problem on the file's line.

use super::Recall;
use crate::books::{
    Books, Close, CloseFile, FundClose, GuaranteeClose, KeyLines, MemberMonth, MemberYear,
    MonthClose, YearClose,
};
use crate::engine::close;
use crate::engine::computed::Computed;
use crate::engine::digest::{self, Legacy, Sum};
use crate::engine::month_end::MonthEnd;
use crate::engine::sealed::{Depth, Seals};
use crate::money::Money;
use crate::period::{Closable, Month};
use crate::problem::Problem;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

/// Every closed period whose figures or rows would change. Closed years that still hold by
/// their seals (`engine::sealed`) are not recomputed unless `depth` asks for all: only their
/// close files' chain and names are looked at.
pub fn verify(computed: &Computed, depth: Depth, recall: Option<&Recall>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let seals = computed.seals(depth);
    let months: Vec<Month> = (computed.books.closes.iter())
        .filter(|f| !seals.holds(f.period))
        .filter_map(|f| match f.period {
            Closable::Month(m) => Some(m),
            Closable::Year(_) => None,
        })
        .collect();
    if !months.is_empty() {
        computed.settle(&months);
    }
    let ends = close::recorded_month_ends(computed, |p| !seals.holds(p));
    for file in &computed.books.closes {
        let Some(stored) = &file.close else {
            continue; // reading it was already a problem
        };
        if let Some(cut) = computed.books.cut
            && !cut.sealed
            && file.period.order() <= (cut.year, 13)
        {
            continue; // read from the cut for a report: taken as closed, its months not read
        }
        let mut report = Report::new(&computed.books, file, &mut problems);
        if seals.holds(file.period) {
            named(&mut report, stored);
            // Up to the cut's year, the closes' heads are read without their carry (only the
            // cut's counts): the links between them are left to `check --all`, as their
            // figures are; the first close after the cut is still checked against the cut's.
            let linked = computed
                .books
                .cut
                .is_none_or(|c| file.period.order() > (c.year, 13));
            if let Some(follows) = follows(stored).filter(|_| linked) {
                chained(computed, &mut report, follows);
            }
            if let Closable::Year(y) = file.period {
                months_closed(computed, &mut report, y);
            }
            continue;
        }
        keys(computed, &mut report, stored);
        let legacy = OnceCell::new();
        let scheme = match stored {
            Close::Month(m) => m.ledger.as_str(),
            Close::Year(y) => y.ledger.as_str(),
        };
        let legacy = || legacy.get_or_init(|| digest::legacy(&computed.books, file.period, scheme));
        match (stored, file.period) {
            (Close::Month(old), Closable::Month(m)) => {
                if let Some(end) = ends.iter().find(|e| e.month == m) {
                    month_end(computed, &mut report, old, end);
                }
                month(computed, &mut report, old, m, legacy, recall);
            }
            (Close::Year(old), Closable::Year(y)) => {
                months_closed(computed, &mut report, y);
                carry(computed, &mut report, old, y);
                match crate::engine::close::of(computed, file.period, None) {
                    Some(Close::Year(new)) => year(&mut report, old, &new, legacy),
                    _ => report.at(
                        "",
                        format!(
                            "period {} is closed, but coop.toml no longer has [patronage]",
                            file.period.label()
                        ),
                    ),
                }
            }
            _ => {}
        }
    }
    sealed_files(computed, seals, &mut problems);
    problems
}

/// A closed month's funds and guarantee fund, as recorded and as the books give them now: a
/// fund declared since, or gone, counts as all zeros on the side it is missing from.
fn month_end(computed: &Computed, report: &mut Report, old: &MonthClose, end: &MonthEnd) {
    let period = report.period();
    let (guarantee, funds) = close::recorded(&computed.books, end);
    let zero = |g: Option<&GuaranteeClose>| {
        g.cloned().unwrap_or(GuaranteeClose {
            outstanding: Money::ZERO,
            written_off: Money::ZERO,
        })
    };
    if let Some(was) = &old.guarantee {
        let now = zero(guarantee.as_ref());
        if *was != now {
            let shown = |g: &GuaranteeClose| {
                vec![
                    ("outstanding", g.outstanding.to_string()),
                    ("written_off", g.written_off.to_string()),
                ]
            };
            let msg = format!(
                "period {period} is closed, but the guarantee fund at its end would change: {}; \
                 corrections go into a later period",
                changes(&shown(was), &shown(&now)).join(", ")
            );
            report.at("guarantee", msg);
        }
    }
    if old.funds.is_empty() {
        return;
    }
    let none = FundClose::new(Money::ZERO, [Money::ZERO; 10], Money::ZERO);
    let names: BTreeSet<&String> = old.funds.keys().chain(funds.keys()).collect();
    for name in names {
        let (was, now) = (
            old.funds.get(name).unwrap_or(&none),
            funds.get(name).unwrap_or(&none),
        );
        if was == now {
            continue;
        }
        let msg = format!(
            "period {period} is closed, but the figures of fund {name} would change: {}; \
             corrections go into a later period",
            changes(&was.figures(), &now.figures()).join(", ")
        );
        report.at(&format!("funds.{name}"), msg);
    }
}

struct Report<'a> {
    file: &'a CloseFile,
    /// The file's bytes, read only to place a message (a close file is large, and mapped: its
    /// pages are not touched unless there is a message), and where its keys are (found once).
    bytes: &'a [u8],
    lines: OnceCell<KeyLines<'a>>,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Report<'a> {
    fn new(books: &'a Books, file: &'a CloseFile, problems: &'a mut Vec<Problem>) -> Report<'a> {
        let bytes = books.files.get(file.file.0 as usize);
        Report {
            file,
            bytes: bytes.map_or(&[], |f| &f.bytes[..]),
            lines: OnceCell::new(),
            problems,
        }
    }

    fn period(&self) -> String {
        self.file.period.label()
    }

    /// A problem on the line of `key` (a top-level key, or `members.ID`).
    fn at(&mut self, key: &str, message: String) {
        let line = self.line(key);
        self.problems
            .push(Problem::error(self.file.rel.as_str(), line, message));
    }

    /// The line of `key` in the file.
    fn line(&self, key: &str) -> u32 {
        let bytes = self.bytes;
        let lines = self
            .lines
            .get_or_init(|| KeyLines::of(std::str::from_utf8(bytes).unwrap_or("")));
        lines.line(key)
    }

    fn ledger_changed(&mut self) {
        let msg = format!(
            "period {} is closed, but its ledger rows changed; corrections go into a later period",
            self.period()
        );
        self.at("ledger", msg);
    }

    /// A top-level figure that would change.
    fn figure(&mut self, key: &str, old: String, new: String) {
        if old != new {
            let msg = format!(
                "period {} is closed, but its {key} would change from {old} to {new}",
                self.period()
            );
            self.at(key, msg);
        }
    }

    /// Each member's figures, old and new, as stored and as now: a member with rows in the
    /// period on one side only, or whose figures or rows (`rows_same`) differ, is a problem.
    fn members<T>(
        &mut self,
        old: &BTreeMap<String, T>,
        new: &BTreeMap<String, T>,
        same_figures: impl Fn(&T, &T) -> bool,
        figures: impl Fn(&T) -> Vec<(&'static str, String)>,
        rows_same: impl Fn(&str, &T, &T) -> bool,
    ) {
        let period = self.period();
        let ids: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for id in ids {
            let msg = match (old.get(id), new.get(id)) {
                (None, None) => continue,
                (None, Some(_)) => {
                    format!("period {period} is closed, but {id} now has rows dated in it")
                }
                (Some(_), None) => {
                    format!("period {period} is closed, but {id}'s rows dated in it are gone")
                }
                (Some(o), Some(n)) => {
                    let rows_changed = !rows_same(id, o, n);
                    if same_figures(o, n) {
                        if !rows_changed {
                            continue;
                        }
                        format!(
                            "period {period} is closed, but {id}'s rows dated in it changed (the figures are the same)"
                        )
                    } else {
                        format!(
                            "period {period} is closed, but {id}'s figures would change: {}{}",
                            changes(&figures(o), &figures(n)).join(", "),
                            if rows_changed {
                                "; rows dated in it changed"
                            } else {
                                ""
                            }
                        )
                    }
                }
            };
            self.at(
                &format!("members.{id}"),
                format!("{msg}; corrections go into a later period"),
            );
        }
    }
}

/// `name old -> new` for each figure that differs, by name.
fn changes<K: AsRef<str>>(old: &[(K, String)], new: &[(K, String)]) -> Vec<String> {
    let by_name = |all: &[(K, String)]| -> BTreeMap<String, String> {
        (all.iter())
            .map(|(k, v)| (k.as_ref().to_string(), v.clone()))
            .collect()
    };
    let (was, now) = (by_name(old), by_name(new));
    let names: BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "nothing".into());
    names
        .into_iter()
        .filter(|k| was.get(*k) != now.get(*k))
        .map(|k| format!("{k} {} -> {}", show(was.get(k)), show(now.get(k))))
        .collect()
}

/// A closed month: its ledger digest, then each member, merged by id with the members that
/// have rows in it now; only the members that differ are built for the messages.
fn month<'a>(
    computed: &Computed,
    report: &mut Report,
    old: &MonthClose,
    month: Month,
    legacy: impl Fn() -> &'a Legacy,
    recall: Option<&Recall>,
) {
    let books = &computed.books;
    let totals = computed.totals(Closable::Month(month));
    let ledger = totals.ledger(Closable::Month(month)).text();
    if !same(&old.ledger, &ledger, || legacy().ledger.clone()) {
        report.ledger_changed();
    }
    let figures = computed.month_figures(month);
    // A month whose summary still holds is unchanged: its members' tables need no reading,
    // nor its rows digesting member by member.
    if close::summary_holds(computed, month, old) {
        return;
    }
    let digests = computed.digests(Closable::Month(month));
    let whole;
    let old = if report.file.complete {
        old
    } else {
        match books.close_in_full(report.file) {
            Ok(Close::Month(m)) => {
                whole = m;
                &whole
            }
            Ok(Close::Year(_)) => return,
            Err(problem) => {
                report.problems.extend(problem);
                return;
            }
        }
    };
    if !old.member_digests.is_empty() {
        return compact_month(computed, report, old, &digests, month, recall);
    }
    let rows_same = |id: &str, stored: &str, now: Sum| match digest::is_legacy(stored) {
        true => legacy().members.get(id).is_some_and(|l| l == stored),
        false => now.is(stored),
    };
    let (mut was, mut now) = (BTreeMap::new(), BTreeMap::new());
    let mut stored = old.members.iter().peekable();
    for (member, rows, settled) in close::month_members(&digests, &figures, month) {
        let id = books.member(member).id.as_str();
        while let Some((gone, m)) = stored.next_if(|(s, _)| s.as_str() < id) {
            was.insert(gone.clone(), m.clone());
        }
        match stored.next_if(|(s, _)| s.as_str() == id) {
            Some((_, m))
                if close::key_in(m) == close::key_of(settled) && rows_same(id, &m.rows, rows) => {}
            Some((_, m)) => {
                was.insert(id.to_string(), m.clone());
                now.insert(id.to_string(), close::member_month(rows, settled));
            }
            None => drop(now.insert(id.to_string(), close::member_month(rows, settled))),
        }
    }
    for (gone, m) in stored {
        was.insert(gone.clone(), m.clone());
    }
    report.members(
        &was,
        &now,
        |a, b| close::key_in(a) == close::key_in(b),
        MemberMonth::figures,
        |id, o, n| {
            same(&o.rows, &n.rows, || {
                legacy().members.get(id).cloned().unwrap_or_default()
            })
        },
    );
}

/// A closed month whose close keeps its members' tables as digests: each member whose table
/// now has another digest is named, with the figures the revision that wrote the close gave
/// (`recall`) where they can be had and match the digest, else with the figures now.
fn compact_month(
    computed: &Computed,
    report: &mut Report,
    old: &MonthClose,
    digests: &crate::engine::digest::Digests,
    month: Month,
    recall: Option<&Recall>,
) {
    let books = &computed.books;
    let figures = computed.month_figures(month);
    let mut now: BTreeMap<String, MemberMonth> = BTreeMap::new();
    let mut unchanged: BTreeSet<String> = BTreeSet::new();
    for (member, rows, settled) in close::month_members(digests, &figures, month) {
        let id = books.member(member).id.as_str();
        let m = close::member_month(rows, settled);
        match old.member_digests.get(id) {
            Some(d) if *d == m.digest() => drop(unchanged.insert(id.to_string())),
            _ => drop(now.insert(id.to_string(), m)),
        }
    }
    let changed = |id: &&String| !unchanged.contains(*id);
    let stored: Vec<&String> = old.member_digests.keys().filter(changed).collect();
    if now.is_empty() && stored.is_empty() {
        return;
    }
    let recalled = recall.and_then(|r| r(report.file)).unwrap_or_default();
    let mut was = BTreeMap::new();
    let mut unknown = BTreeSet::new();
    for id in stored {
        match recalled.get(id) {
            Some(m) if Some(&m.digest()) == old.member_digests.get(id) => {
                was.insert(id.clone(), m.clone());
            }
            _ => drop(unknown.insert(id.clone())),
        }
    }
    // Of a member whose figures as closed cannot be had, the figures now are named.
    let period = report.period();
    for id in &unknown {
        let msg = match now.remove(id) {
            Some(m) => {
                let shown: Vec<String> = (m.figures().into_iter())
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect();
                format!(
                    "period {period} is closed, but {id}'s figures or rows dated in it changed \
                     (the close keeps their digest; now: {}); corrections go into a later \
                     period",
                    shown.join(", ")
                )
            }
            None => format!(
                "period {period} is closed, but {id}'s rows dated in it are gone; corrections \
                 go into a later period"
            ),
        };
        report.at(&format!("members.{id}"), msg);
    }
    report.members(
        &was,
        &now,
        |a, b| close::key_in(a) == close::key_in(b),
        MemberMonth::figures,
        |_, o, n| o.rows == n.rows,
    );
}

fn year<'a>(
    report: &mut Report,
    old: &YearClose,
    new: &YearClose,
    legacy: impl Fn() -> &'a Legacy,
) {
    report.figure(
        "allocated",
        old.allocated.to_string(),
        new.allocated.to_string(),
    );
    report.figure(
        "distributable",
        old.distributable.to_string(),
        new.distributable.to_string(),
    );
    if !same(&old.ledger, &new.ledger, || legacy().ledger.clone()) {
        report.ledger_changed();
    }
    if !same(&old.rows, &new.rows, || legacy().rows.clone()) {
        let msg = format!(
            "period {} is closed, but its contract or payment rows changed; corrections go into a later period",
            report.period()
        );
        report.at("rows", msg);
    }
    let set_asides = |y: &YearClose| {
        let all: Vec<String> = (y.set_aside.iter())
            .map(|s| format!("{} {} {}", s.fund, s.rate.percent(), s.amount))
            .collect();
        if all.is_empty() {
            "none".into()
        } else {
            all.join(", ")
        }
    };
    report.figure("set_aside", set_asides(old), set_asides(new));
    report.figure("surplus", old.surplus.to_string(), new.surplus.to_string());
    report.figure(
        "surplus_fund",
        old.surplus_fund.clone(),
        new.surplus_fund.clone(),
    );
    report.members(
        &old.members,
        &new.members,
        |a, b| a == b,
        MemberYear::figures,
        |_, _, _| true,
    );
}

/// The keys of a close file that are neither figures nor digests: its `period` must be the
/// one its name says, and `ledger_rows` the number of ledger rows dated in it (while its
/// ledger digest holds). (`closed_on` is
/// a note of the day it was closed, and may say anything.)
fn keys(computed: &Computed, report: &mut Report, stored: &Close) {
    let period = report.file.period;
    let (ledger_rows, ledger) = match stored {
        Close::Month(m) => (m.ledger_rows, &m.ledger),
        Close::Year(y) => (y.ledger_rows, &y.ledger),
    };
    if let Some(follows) = follows(stored) {
        chained(computed, report, follows);
    }
    named(report, stored);
    // Rows added or removed are already the ledger's digest changing: one message, not two.
    let now = computed.totals(period).ledger(period);
    let rows = now.rows;
    if ledger_rows != rows && *ledger == now.text() {
        let msg = format!(
            "period {} is closed, but its ledger_rows would change from {ledger_rows} to {rows}",
            period.label()
        );
        report.at("ledger_rows", msg);
    }
}

/// What a closed year carries into the next, as recorded and as the books give it now (a
/// close written before coopbooks recorded it has nothing to compare).
fn carry(computed: &Computed, report: &mut Report, old: &YearClose, year: i32) {
    let Some(was) = &old.carry else { return };
    let now = crate::engine::carry::of(computed, year)
        .map(|c| crate::engine::carry::record(&computed.books, &c))
        .unwrap_or_default();
    let changed = changes(&was.figures(), &now.figures());
    if !changed.is_empty() {
        let msg = format!(
            "period {year} is closed, but what it carries into {} would change: {}; \
             corrections go into a later period",
            year + 1,
            changed.join(", ")
        );
        report.at("carry", msg);
    }
}

/// A closed year's months stay closed: their files are never deleted.
fn months_closed(computed: &Computed, report: &mut Report, year: i32) {
    for m in close::open_months(computed, year) {
        let msg = format!(
            "period {year} is closed, but {m} has no close file (closes/{m}.toml): a closed \
             month's file was deleted or renamed; restore it (from git)"
        );
        report.at("period", msg);
    }
}

/// The close before this one, as the close records it.
fn follows(stored: &Close) -> Option<&str> {
    match stored {
        Close::Month(m) => m.follows.as_deref(),
        Close::Year(y) => y.follows.as_deref(),
    }
}

/// A close file's period is the one its name says.
fn named(report: &mut Report, stored: &Close) {
    let named = match stored {
        Close::Month(m) => &m.period,
        Close::Year(y) => &y.period,
    };
    let period = report.file.period;
    if *named != period.label() {
        let msg = format!(
            "period \"{}\": the file is {} and closes {}; a close file's period is its name",
            crate::text::shown(named),
            report.file.rel,
            period.label()
        );
        report.at("period", msg);
    }
}

/// The files a closed year's close recorded that are gone (an error: the year's rows cannot
/// be checked without them) or whose bytes changed (a warning when the year's closes hold,
/// from `problems` so far: `check` recomputes the year each time until the file is restored).
fn sealed_files(computed: &Computed, seals: &Seals, problems: &mut Vec<Problem>) {
    let books = &computed.books;
    let year_file = |year: i32| {
        (books.closes.iter()).find(|f| f.period == Closable::Year(year) && f.close.is_some())
    };
    for (year, rel, gone) in (seals.gone.iter().map(|(y, r)| (y, r, true)))
        .chain(seals.changed.iter().map(|(y, r)| (y, r, false)))
    {
        let Some(file) = year_file(*year) else {
            continue;
        };
        let of_year = |p: &Problem| {
            let closes = format!("closes/{year}");
            p.is_error() && p.file.starts_with(&closes)
        };
        if !gone && problems.iter().any(of_year) {
            continue;
        }
        let mut report = Report::new(books, file, problems);
        let key = format!("files.{rel}");
        let rel = crate::text::shown(rel);
        if gone {
            let msg = format!(
                "period {year} is closed, and {rel}, a file of its rows, is gone (deleted or \
                 renamed); restore it (from git): the closed year cannot be checked without it"
            );
            report.at(&key, msg);
        } else {
            let line = report.line(&key);
            problems.push(Problem::warning(
                file.rel.as_str(),
                line,
                format!(
                    "period {year} is closed, and the bytes of {rel} are not those it was closed \
                     with: its rows are checked against the close each time until the file is \
                     restored (from git)"
                ),
            ));
        }
    }
}

/// The close a close file follows is still there, as it was: a close file deleted, renamed
/// or replaced after a later period was closed is an error on the later one.
fn chained(computed: &Computed, report: &mut Report, follows: &str) {
    let period = report.file.period.label();
    let (before, digest) = follows.split_once(' ').unwrap_or((follows, ""));
    let file = (computed.books.closes.iter()).find(|f| f.period.label() == before);
    let msg = match file.map(|f| f.close.as_ref()) {
        None => format!(
            "period {period} follows the close of {} (closes/{}.toml), which is gone: a closed \
             period's file was deleted or renamed; restore it (from git)",
            crate::text::shown(before),
            crate::text::shown(before)
        ),
        // A close file that cannot be read is a problem of its own.
        Some(None) => return,
        Some(Some(close)) if close::head_digest(close) == digest => return,
        Some(Some(_)) => format!(
            "period {period} follows the close of {before} as it was closed, and \
             closes/{before}.toml has been replaced since; restore it (from git)"
        ),
    };
    report.at("follows", msg);
}

/// Whether a stored digest still holds: compared with the digest now, or for a file written in
/// the earlier scheme, with that scheme's digest.
fn same(stored: &str, now: &str, legacy: impl FnOnce() -> String) -> bool {
    if digest::is_legacy(stored) {
        stored == legacy()
    } else {
        stored == now
    }
}
