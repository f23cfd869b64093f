//! The general assembly's report: the year as a plain document — five numbers, then sections
//! of charts, each with the table of its figures and what it shows in words — that `html.rs`
//! renders as one self-contained page and `pdf.rs` as an A4 PDF. Every figure is one the JSON
//! reports give, as text; a chart's values are exact hundredths, made geometry only where it
//! is drawn (`chart.rs`).

pub mod chart;
pub mod html;
pub mod pdf;

use crate::books::Books;
use crate::engine::stress::Outcome;
use crate::engine::year::{MonthRow, Year};
use crate::money::{Hours, Money};
use chart::{Chart, Series};

/// A table: its head, then its rows; cells after the first are figures.
#[derive(Clone, Debug)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A part of the document, in order.
#[derive(Clone, Debug)]
pub enum Block {
    Heading(String),
    /// A chart, the table of its figures, and what it shows in words; `wide` when the table
    /// is too wide to sit beside the chart.
    Figure {
        chart: Chart,
        table: Table,
        words: String,
        wide: bool,
    },
    Table(Table),
}

/// The whole report.
pub struct Document {
    pub title: String,
    pub note: String,
    /// (label, figure): turnover, levies, paid to members, result, members.
    pub five: Vec<(String, String)>,
    pub blocks: Vec<Block>,
}

/// Options of the report.
pub struct Options<'a> {
    /// Members by name in the spread of pay, patronage and capital.
    pub names: bool,
    /// What the guarantee fund can take, from the last day shown.
    pub stress: &'a [Outcome],
}

/// A money figure as a chart's value, in hundredths.
fn value(m: Money) -> i64 {
    m.cents()
}

/// Each month's money figure `f`, as a chart's values.
fn per_month(y: &Year, f: fn(&MonthRow) -> Money) -> Vec<i64> {
    y.months.iter().map(|m| value(f(m))).collect()
}

/// A count as a chart's value, in hundredths.
fn hundredths(n: usize) -> i64 {
    n as i64 * 100
}

fn strings<const N: usize>(a: [&str; N]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

fn series(name: &str, hundredths: Vec<i64>) -> Series {
    Series {
        name: name.to_string(),
        hundredths,
    }
}

fn figure(chart: Chart, head: Vec<String>, rows: Vec<Vec<String>>, words: String) -> Block {
    let wide = head.len() > 5;
    Block::Figure {
        chart,
        table: Table { head, rows },
        words,
        wide,
    }
}

/// The document of a year.
pub fn of(books: &Books, y: &Year, o: &Options) -> Document {
    let mut blocks = Vec::new();
    months(&mut blocks, y);
    funds(&mut blocks, books, y);
    guarantee(&mut blocks, y, o.stress);
    people(&mut blocks, books, y, o.names);
    let state = match y.closed {
        true => "the year is closed",
        false => "the year is not closed: its figures may still change",
    };
    Document {
        title: format!("{}: the year {}", books.coop.name, y.year),
        note: format!(
            "From the books up to {} (amounts in {}); {state}.",
            y.end(),
            books.coop.currency
        ),
        five: vec![
            ("Turnover".into(), y.turnover().to_string()),
            ("Levies".into(), y.levies().to_string()),
            ("Paid to members".into(), y.payout().to_string()),
            ("Result".into(), y.result.result.to_string()),
            ("Members".into(), y.members.to_string()),
        ],
        blocks,
    }
}

fn month_labels(y: &Year) -> Vec<String> {
    y.months.iter().map(|m| m.month.to_string()).collect()
}

fn months(b: &mut Vec<Block>, y: &Year) {
    let labels = month_labels(y);
    b.push(Block::Heading("Month by month".into()));
    b.push(figure(
        Chart {
            title: "Turnover and what members were paid".into(),
            labels: labels.clone(),
            series: vec![
                series("turnover", per_month(y, |m| m.amount)),
                series("paid to members", per_month(y, |m| m.payout)),
            ],
            bars: true,
        },
        strings([
            "month",
            "turnover",
            "levies",
            "salaries and fees",
            "paid",
            "hours",
        ]),
        (y.months.iter())
            .map(|m| {
                let cells = [m.amount, m.levies, m.gross, m.payout].map(|x| x.to_string());
                let mut row = vec![m.month.to_string()];
                row.extend(cells);
                row.push(m.hours.to_string());
                row
            })
            .collect(),
        format!(
            "Bars: what was invoiced each month; line: what members were paid (net pay and \
             expenses repaid). In all {} invoiced, {} paid, {} hours.",
            y.turnover(),
            y.payout(),
            y.months.iter().map(|m| m.hours).sum::<Hours>()
        ),
    ));
    b.push(figure(
        Chart {
            title: "Hours worked".into(),
            labels,
            series: vec![series(
                "hours",
                (y.months.iter()).map(|m| m.hours.units()).collect(),
            )],
            bars: true,
        },
        strings(["month", "hours"]),
        (y.months.iter())
            .map(|m| vec![m.month.to_string(), m.hours.to_string()])
            .collect(),
        "The hours of the contracts dated in each month.".into(),
    ));
}

fn funds(b: &mut Vec<Block>, books: &Books, y: &Year) {
    let names: Vec<String> = books.coop.funds.iter().map(|f| f.name.clone()).collect();
    b.push(Block::Heading("The funds".into()));
    let mut head = vec!["month".to_string()];
    head.extend(names.iter().cloned());
    b.push(figure(
        Chart {
            title: "Each fund at the end of the month".into(),
            labels: month_labels(y),
            series: (names.iter().enumerate())
                .map(|(i, n)| series(n, y.months.iter().map(|m| value(m.funds[i])).collect()))
                .collect(),
            bars: false,
        },
        head,
        (y.months.iter())
            .map(|m| {
                let mut r = vec![m.month.to_string()];
                r.extend(m.funds.iter().map(|b| b.to_string()));
                r
            })
            .collect(),
        "A line per fund: its balance at each month's end, as the funds report gives it.".into(),
    ));
    b.push(figure(
        Chart {
            title: "Each fund's levies, and what it received in the year".into(),
            labels: names.clone(),
            series: vec![
                series("levies", y.levies.iter().map(|m| value(*m)).collect()),
                series(
                    "received",
                    y.result.funds.iter().map(|m| value(*m)).collect(),
                ),
            ],
            bars: true,
        },
        strings(["fund", "levies", "received"]),
        (names.iter().enumerate())
            .map(|(i, n)| {
                vec![
                    n.clone(),
                    y.levies[i].to_string(),
                    y.result.funds[i].to_string(),
                ]
            })
            .collect(),
        format!(
            "Bars: what each fund's levies brought it; line: its share of the year's result \
             ({}), its levies and income less its costs (and, for the guarantee fund, less the \
             bad debts it bears).",
            y.result.result
        ),
    ));
}

fn guarantee(b: &mut Vec<Block>, y: &Year, stress: &[Outcome]) {
    if y.months.iter().all(|m| m.guarantee.is_none()) {
        return;
    }
    b.push(Block::Heading("The salary guarantee fund".into()));
    b.push(figure(
        Chart {
            title: "The guarantee fund: fronted and repaid".into(),
            labels: month_labels(y),
            series: vec![
                series("fronted", per_month(y, |m| m.advances)),
                series("repaid", per_month(y, |m| m.repayments)),
            ],
            bars: true,
        },
        strings([
            "month",
            "fronted",
            "repaid",
            "written off",
            "owed",
            "balance",
            "coverage",
        ]),
        (y.months.iter())
            .filter_map(|m| {
                let g = m.guarantee.as_ref()?;
                Some(vec![
                    m.month.to_string(),
                    m.advances.to_string(),
                    m.repayments.to_string(),
                    g.written_off.to_string(),
                    g.outstanding.to_string(),
                    g.balance.to_string(),
                    g.coverage
                        .map_or_else(|| "n/a".into(), |c| format!("{c:.2}")),
                ])
            })
            .collect(),
        "Bars: what the fund fronted to members whose clients had not paid by the pay date; \
         line: what clients paid back. The table gives, at each month's end, what had been \
         written off, what the fund was still owed, its balance, and its coverage (balance ÷ \
         owed)."
            .into(),
    ));
    let Some(first) = stress.first() else {
        return;
    };
    b.push(figure(
        Chart {
            title: "What the fund can take (week by week)".into(),
            labels: (first.path.iter())
                .map(|(d, _)| d.format("%m-%d").to_string())
                .collect(),
            series: (stress.iter())
                .map(|o| series(&o.scenario, o.path.iter().map(|(_, b)| value(*b)).collect()))
                .collect(),
            bars: false,
        },
        strings(["scenario", "lowest", "at the end", "owed"]),
        (stress.iter())
            .map(|o| {
                let cells = [o.lowest, o.end, o.outstanding].map(|x| x.to_string());
                let mut row = vec![o.scenario.clone()];
                row.extend(cells);
                row
            })
            .collect(),
        "The fund's balance over the next weeks from the last day shown, if clients pay as \
         expected, if the two clients most owed never pay, if a tenth of every open invoice is \
         never paid, and if everyone pays 30 days late (guarantee --stress)."
            .into(),
    ));
}

fn people(b: &mut Vec<Block>, books: &Books, y: &Year, names: bool) {
    b.push(Block::Heading("The members".into()));
    let counts = |f: fn(&MonthRow) -> usize| y.months.iter().map(|m| hundredths(f(m))).collect();
    b.push(figure(
        Chart {
            title: "Members joining and leaving".into(),
            labels: month_labels(y),
            series: vec![
                series("joined", counts(|m| m.joined.len())),
                series("left", counts(|m| m.left.len())),
            ],
            bars: true,
        },
        strings(["month", "joined", "left"]),
        (y.months.iter())
            .map(|m| {
                let (j, l) = (m.joined.len(), m.left.len());
                vec![m.month.to_string(), j.to_string(), l.to_string()]
            })
            .collect(),
        format!(
            "Bars: members who joined in each month; line: members who left. {} are members \
             at the end.",
            y.members
        ),
    ));
    spread(b, books, y, names);
    let all = "all members".to_string();
    if let Some(p) = &y.patronage {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let row = |who: String, f: &crate::books::MemberYear| {
            vec![
                who,
                f.allocation.to_string(),
                f.cash.to_string(),
                f.retained.to_string(),
            ]
        };
        if names {
            rows.extend(
                p.members
                    .iter()
                    .map(|s| row(books.member(s.member).name.clone(), &s.figures)),
            );
        }
        rows.push(row(all.clone(), &p.totals));
        b.push(Block::Heading("Patronage".into()));
        b.push(Block::Table(Table {
            head: strings(["member", "allocation", "cash", "retained"]),
            rows,
        }));
    }
    let c = &y.capital;
    let row = |who: String, f: &crate::engine::capital::Figures| {
        let cells = [f.shares, f.retained, f.redeemed, f.balance].map(|x| x.to_string());
        let mut r = vec![who];
        r.extend(cells);
        r
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    if names {
        rows.extend(
            c.members
                .iter()
                .map(|a| row(books.member(a.member).name.clone(), &a.figures)),
        );
    }
    rows.push(row(all, &c.totals));
    b.push(Block::Heading("Capital".into()));
    b.push(Block::Table(Table {
        head: strings(["member", "shares", "retained", "redeemed", "balance"]),
        rows,
    }));
}

/// The width of the bands of the spread of pay: 1, 2 or 5 times a power of ten, in whole
/// currency units, so that about `bands` of them reach `top`.
fn band_width(top: Money, bands: i64) -> i64 {
    let whole = (top.cents() / 100 / bands).max(1);
    let mut width = 1i64;
    while width < whole {
        width = match width.to_string().as_bytes()[0] {
            b'2' => width * 5 / 2,
            _ => width * 2,
        };
    }
    width
}

/// The spread of the members' yearly salaries and fees: how many in each band (no names
/// unless asked).
fn spread(b: &mut Vec<Block>, books: &Books, y: &Year, names: bool) {
    let top = y
        .yearly_pay
        .iter()
        .map(|p| p.1)
        .max()
        .unwrap_or(Money::ZERO);
    let width = band_width(top, 8);
    let count = ((top.cents() / 100) / width + 1) as usize;
    let mut counts = vec![0usize; count];
    for p in &y.yearly_pay {
        let band = ((p.1.cents().max(0) / 100) / width) as usize;
        counts[band.min(count - 1)] += 1;
    }
    let labels: Vec<String> = (0..count as i64)
        .map(|b| format!("{}–{}", b * width, (b + 1) * width))
        .collect();
    let (head, rows) = match names {
        true => (
            strings(["member", "salaries and fees"]),
            (y.yearly_pay.iter())
                .map(|(m, pay)| vec![books.member(*m).name.clone(), pay.to_string()])
                .collect(),
        ),
        false => (
            strings(["band", "members"]),
            (labels.iter().zip(&counts))
                .map(|(l, c)| vec![l.clone(), c.to_string()])
                .collect(),
        ),
    };
    b.push(figure(
        Chart {
            title: "Members by yearly salary or fee".into(),
            labels,
            series: vec![series(
                "members",
                counts.iter().map(|&c| hundredths(c)).collect(),
            )],
            bars: true,
        },
        head,
        rows,
        format!(
            "How many members were paid how much in the year, in salaries and fees before \
             contributions and tax, in bands of {width} {}.",
            books.coop.currency
        ),
    ));
}

#[cfg(test)]
mod tests {
    #[test]
    fn bands_are_round() {
        let m = |c: i64| crate::money::Money::from_cents(c * 100);
        assert_eq!(super::band_width(m(6500), 8), 1000);
        assert_eq!(super::band_width(m(15000), 8), 2000);
        assert_eq!(super::band_width(m(30000), 8), 5000);
        assert_eq!(super::band_width(m(0), 8), 1);
    }
}
