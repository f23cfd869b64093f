//! Closed periods stay as they were closed: each close file compared with what the books give
//! now, figure by figure and digest by digest, each change a problem on the file's line.

use crate::books::{Close, CloseFile, MonthClose, YearClose};
use crate::engine::computed::Computed;
use crate::engine::digest::{self, Legacy};
use crate::problem::Problem;
use std::cell::OnceCell;
use std::collections::BTreeMap;

/// Every closed period whose figures or rows would change.
pub fn verify(computed: &Computed) -> Vec<Problem> {
    let mut problems = Vec::new();
    for file in &computed.books.closes {
        let Some(stored) = &file.close else {
            continue; // reading it was already a problem
        };
        let mut report = Report {
            file,
            problems: &mut problems,
        };
        let Some(now) = crate::engine::close::close(computed, file.period, None) else {
            report.at(
                "",
                format!(
                    "period {} is closed, but coop.toml no longer has [patronage]",
                    file.period.label()
                ),
            );
            continue;
        };
        let legacy = OnceCell::new();
        let legacy = || legacy.get_or_init(|| digest::legacy(computed, file.period));
        match (stored, &now) {
            (Close::Month(old), Close::Month(new)) => month(&mut report, old, new, legacy),
            (Close::Year(old), Close::Year(new)) => year(&mut report, old, new, legacy),
            _ => {}
        }
    }
    problems
}

struct Report<'a> {
    file: &'a CloseFile,
    problems: &'a mut Vec<Problem>,
}

impl Report<'_> {
    fn period(&self) -> String {
        self.file.period.label()
    }

    /// A problem on the line of `key` (a top-level key, or `members.ID`).
    fn at(&mut self, key: &str, message: String) {
        let line = self.file.line_of(key);
        self.problems
            .push(Problem::error(self.file.rel.as_str(), line, message));
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

    /// Each member's figures, old and new, and whether its rows changed.
    fn members(&mut self, old: &Members, new: &Members) {
        let period = self.period();
        let ids: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for id in ids {
            let msg = match (old.get(id), new.get(id)) {
                (None, None) => continue,
                (None, Some(_)) => {
                    format!("period {period} is closed, but {id} now has rows dated in it")
                }
                (Some(_), None) => {
                    format!("period {period} is closed, but {id}'s rows dated in it are gone")
                }
                (Some((o, o_rows)), Some((n, _))) => {
                    let rows_changed = !o_rows.unwrap_or(true);
                    let now: BTreeMap<_, _> = n.iter().cloned().collect();
                    let was: BTreeMap<_, _> = o.iter().cloned().collect();
                    let names: std::collections::BTreeSet<&str> =
                        was.keys().chain(now.keys()).copied().collect();
                    let changes: Vec<String> = names
                        .into_iter()
                        .filter(|k| was.get(k) != now.get(k))
                        .map(|k| {
                            let show = |v: Option<&String>| v.cloned().unwrap_or("nothing".into());
                            format!("{k} {} -> {}", show(was.get(k)), show(now.get(k)))
                        })
                        .collect();
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
            self.at(
                &format!("members.{id}"),
                format!("{msg}; corrections go into a later period"),
            );
        }
    }
}

/// Per member id: the figures, and (old side only) whether its rows digest still matches.
type Members = BTreeMap<String, (Vec<(&'static str, String)>, Option<bool>)>;

fn month<'a>(
    report: &mut Report,
    old: &MonthClose,
    new: &MonthClose,
    legacy: impl Fn() -> &'a Legacy,
) {
    if !same(&old.ledger, &new.ledger, || legacy().ledger.clone()) {
        report.ledger_changed();
    }
    let now: Members = (new.members.iter())
        .map(|(id, m)| (id.clone(), (m.figures(), None)))
        .collect();
    let was: Members = (old.members.iter())
        .map(|(id, m)| {
            let same_rows = new.members.get(id).map(|n| {
                same(&m.rows, &n.rows, || {
                    legacy().members.get(id).cloned().unwrap_or_default()
                })
            });
            (id.clone(), (m.figures(), same_rows))
        })
        .collect();
    report.members(&was, &now);
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
    let members = |y: &YearClose| -> Members {
        (y.members.iter())
            .map(|(id, m)| (id.clone(), (m.figures(), Some(true))))
            .collect()
    };
    report.members(&members(old), &members(new));
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
