//! The `diff` report: what changed in the files and in the figures between two revisions.

use super::Format;
use crate::engine::diff::{Change as Computed, Diff, FileChange, Value};
use serde::Serialize;

/// What `to` says when the newer side is the working tree.
pub const WORKING_TREE: &str = "working tree";

#[derive(Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub files: Vec<File>,
    pub pay: Vec<Figure<MonthMember>>,
    pub funds: Vec<Figure<YearFund>>,
    pub patronage: Vec<Figure<YearMember>>,
    pub closed: Vec<Figure<PeriodMember>>,
    /// Periods closed on the newer side only (`closed`), or no longer closed there
    /// (`reopened`: its close file removed).
    pub periods: Vec<PeriodChange>,
    /// Whether the table lists each member's patronage figure (`--patronage`), rather than a
    /// line a year; CSV and JSON always carry every figure.
    #[serde(skip)]
    pub patronage_detail: bool,
}

#[derive(Serialize)]
pub struct PeriodChange {
    pub period: String,
    pub change: &'static str,
}

#[derive(Serialize)]
pub struct File {
    pub file: String,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// One figure that differs, under the keys that say whose it is.
#[derive(Serialize)]
pub struct Figure<K> {
    #[serde(flatten)]
    pub at: K,
    pub figure: String,
    pub from: String,
    pub to: String,
    pub change: Option<String>,
}

#[derive(Serialize)]
pub struct MonthMember {
    pub month: String,
    pub member: String,
}

#[derive(Serialize)]
pub struct YearFund {
    pub year: String,
    pub fund: String,
}

#[derive(Serialize)]
pub struct YearMember {
    pub year: String,
    pub member: String,
}

#[derive(Serialize)]
pub struct PeriodMember {
    pub period: String,
    pub member: String,
}

/// Where a figure is (a month, year or period) and whose it is (a member or fund).
trait Whose {
    fn period(&self) -> &str;
    fn name(&self) -> &str;
}

macro_rules! whose {
    ($($t:ty => $period:ident, $name:ident);*) => {$(
        impl Whose for $t {
            fn period(&self) -> &str {
                &self.$period
            }
            fn name(&self) -> &str {
                &self.$name
            }
        }
    )*};
}

whose!(
    MonthMember => month, member;
    YearFund => year, fund;
    YearMember => year, member;
    PeriodMember => period, member
);

/// A change as the table shows it: `+66.03` for an increase, `-5.00` for a decrease.
fn signed(change: &str) -> String {
    match change.starts_with('-') || change.is_empty() {
        true => change.to_string(),
        false => format!("+{change}"),
    }
}

fn figures<K>(changes: &[Computed], at: impl Fn(&Computed) -> K) -> Vec<Figure<K>> {
    (changes.iter())
        .map(|c| Figure {
            at: at(c),
            figure: c.figure.clone(),
            from: c.from.to_string(),
            to: c.to.to_string(),
            change: c.change.as_ref().map(Value::to_string),
        })
        .collect()
}

impl Report {
    pub fn of(from: &str, to: &str, d: &Diff) -> Report {
        Report {
            from: from.to_string(),
            to: to.to_string(),
            files: (d.files.iter())
                .map(|f: &FileChange| File {
                    file: f.file.clone(),
                    added: f.added,
                    removed: f.removed,
                    changed: f.changed,
                })
                .collect(),
            pay: figures(&d.pay, |c| MonthMember {
                month: c.period.clone(),
                member: c.name.clone(),
            }),
            funds: figures(&d.funds, |c| YearFund {
                year: c.period.clone(),
                fund: c.name.clone(),
            }),
            patronage: figures(&d.patronage, |c| YearMember {
                year: c.period.clone(),
                member: c.name.clone(),
            }),
            closed: figures(&d.closed, |c| PeriodMember {
                period: c.period.clone(),
                member: c.name.clone(),
            }),
            periods: (d.closes.iter())
                .map(|&(p, closed)| PeriodChange {
                    period: p.label(),
                    change: if closed { "closed" } else { "reopened" },
                })
                .collect(),
            patronage_detail: false,
        }
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => super::json(self),
            Format::Csv => self.csv(),
            Format::Table => self.text(),
        }
    }

    /// Every figure as (section, period, name, figure, from, to, change).
    fn lines(&self) -> Vec<[String; 7]> {
        let mut out = Vec::new();
        for f in &self.files {
            let counts = [
                ("added", f.added),
                ("removed", f.removed),
                ("changed", f.changed),
            ];
            for (what, n) in counts.into_iter().filter(|(_, n)| *n > 0) {
                let cells = ["files", "", &f.file, what, "", "", &n.to_string()];
                out.push(cells.map(str::to_string));
            }
        }
        fn figures<K: Whose>(out: &mut Vec<[String; 7]>, section: &str, all: &[Figure<K>]) {
            for f in all {
                out.push([
                    section.to_string(),
                    f.at.period().to_string(),
                    f.at.name().to_string(),
                    f.figure.clone(),
                    f.from.clone(),
                    f.to.clone(),
                    f.change.clone().unwrap_or_default(),
                ]);
            }
        }
        figures(&mut out, "pay", &self.pay);
        figures(&mut out, "funds", &self.funds);
        figures(&mut out, "patronage", &self.patronage);
        figures(&mut out, "closed", &self.closed);
        for p in &self.periods {
            let cells = ["periods", &p.period, "", p.change, "", "", ""];
            out.push(cells.map(str::to_string));
        }
        out
    }

    fn csv(&self) -> String {
        let headers = super::strings([
            "section", "period", "name", "figure", "from", "to", "change",
        ]);
        let rows: Vec<Vec<String>> = self.lines().into_iter().map(Vec::from).collect();
        super::csv(&headers, &rows)
    }

    /// For people: each section under its heading, one line per figure, columns aligned.
    fn text(&self) -> String {
        let to = match self.to.as_str() {
            WORKING_TREE => "the working tree",
            rev => rev,
        };
        let mut out = format!("Changes from {} to {to}\n", self.from);
        if self.files.is_empty() && !self.figures_changed() && self.periods.is_empty() {
            out.push_str("\nNo change in the files or the figures.\n");
            return out;
        }
        if !self.files.is_empty() {
            out.push_str("\nFiles\n");
            let rows: Vec<Vec<String>> = (self.files.iter())
                .map(|f| {
                    let counts = [
                        ("added", f.added),
                        ("removed", f.removed),
                        ("changed", f.changed),
                    ];
                    let said: Vec<String> = (counts.iter())
                        .filter(|(_, n)| *n > 0)
                        .map(|(what, n)| format!("{n} {}", row_word(*n, what)))
                        .collect();
                    vec![f.file.clone(), said.join(", ")]
                })
                .collect();
            out.push_str(&aligned(&rows, &[]));
        }
        let sections = [
            ("Pay", "pay"),
            ("Funds", "funds"),
            ("Patronage", "patronage"),
            (
                "Closed periods whose figures would change (`check` fails on these books; corrections go into a later period)",
                "closed",
            ),
        ];
        let lines = self.lines();
        for (title, key) in sections {
            if key == "patronage" && !self.patronage_detail && !self.patronage.is_empty() {
                out.push_str(&format!("\n{title}\n"));
                out.push_str(&aligned(&self.patronage_summary(), &[]));
                continue;
            }
            let rows: Vec<Vec<String>> = (lines.iter())
                .filter(|l| l[0] == key)
                .map(|l| {
                    let [_, period, name, figure, from, to, change] = l.clone();
                    vec![period, name, figure, from, "→".into(), to, signed(&change)]
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{title}\n"));
            out.push_str(&aligned(&rows, &[3, 5, 6]));
        }
        if !self.periods.is_empty() {
            out.push_str("\nPeriods\n");
            let rows: Vec<Vec<String>> = (self.periods.iter())
                .map(|p| {
                    let what = match p.change {
                        "reopened" => format!(
                            "reopened: its close file was removed, and its figures may change \
                             again (closes/{}.toml)",
                            p.period
                        ),
                        _ => "closed".to_string(),
                    };
                    vec![p.period.clone(), what]
                })
                .collect();
            out.push_str(&aligned(&rows, &[]));
        }
        if !self.figures_changed() {
            out.push_str("\nNo figure changes.\n");
        }
        out
    }

    /// A line a year for the patronage: how many members' figures change, and how to see
    /// them. A correction of one contract moves every member's provisional allocation by a
    /// cent or two; the detail is asked for.
    fn patronage_summary(&self) -> Vec<Vec<String>> {
        let mut years: Vec<(&str, Vec<&str>, usize)> = Vec::new();
        for f in &self.patronage {
            let (year, member) = (f.at.year.as_str(), f.at.member.as_str());
            match years.last_mut() {
                Some((y, members, n)) if *y == year => {
                    if !members.contains(&member) {
                        members.push(member);
                    }
                    *n += 1;
                }
                _ => years.push((year, vec![member], 1)),
            }
        }
        (years.into_iter())
            .map(|(year, members, n)| {
                let m = members.len();
                vec![
                    year.to_string(),
                    format!(
                        "{n} figure{} of {m} member{} (`diff --patronage` lists them)",
                        if n == 1 { "" } else { "s" },
                        if m == 1 { "" } else { "s" }
                    ),
                ]
            })
            .collect()
    }

    pub fn figures_changed(&self) -> bool {
        !(self.pay.is_empty()
            && self.funds.is_empty()
            && self.patronage.is_empty()
            && self.closed.is_empty())
    }
}

/// "1 row added", "2 rows changed".
fn row_word(n: usize, what: &str) -> String {
    let rows = if n == 1 { "row" } else { "rows" };
    format!("{rows} {what}")
}

/// Rows of cells in columns two spaces apart, indented by two; the columns in `right`
/// aligned to the right.
fn aligned(rows: &[Vec<String>], right: &[usize]) -> String {
    use unicode_width::UnicodeWidthStr;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = (row.iter().enumerate())
            .map(|(i, cell)| {
                let pad = " ".repeat(widths[i] - cell.width());
                match right.contains(&i) {
                    true => format!("{pad}{cell}"),
                    false => format!("{cell}{pad}"),
                }
            })
            .collect();
        out.push_str(format!("  {}", cells.join("  ")).trim_end());
        out.push('\n');
    }
    out
}
