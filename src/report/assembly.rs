//! The general assembly's report: the year in one self-contained HTML page a member who is not
//! an accountant can read and print on A4 — five numbers, then each chart (inline SVG drawn by
//! plotters) beside the table of its figures, with a text alternative. Every figure is one the
//! JSON reports give; floating point appears only as the charts' geometry, never as money.

use super::markup as esc;
use crate::books::Books;
use crate::engine::stress::Outcome;
use crate::engine::year::Year;
use crate::money::Money;
use plotters::prelude::*;
use std::fmt::Write as _;

const STYLE: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em auto;\
padding:0 1em;max-width:60em;color:#111}h1{font-size:1.5em;margin:0}h2{font-size:1.15em;\
margin:1.6em 0 .4em;break-after:avoid}.five{display:grid;grid-template-columns:repeat(5,1fr);\
gap:.6em;margin:1em 0}.five div{border:1px solid #ccc;padding:.5em;font-size:.9em}\
.five b{display:block;font-size:1.2em}figure{margin:0 0 1em;display:grid;\
grid-template-columns:repeat(auto-fit,minmax(22em,1fr));gap:.5em 1em;align-items:start;\
break-inside:avoid}figure svg{display:block;width:100%;height:auto;max-width:100%}\
figcaption{grid-column:1/-1;color:#444;font-size:.85em}table{border-collapse:collapse;\
font-size:.78em;width:100%}th,td{padding:.15em .35em;border-bottom:1px solid #ddd;\
text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
p.note{color:#555;font-size:.9em}td:first-child{white-space:nowrap}\
figure.wide{grid-template-columns:minmax(0,1fr)}figure.wide svg{max-width:40em}@page{size:A4;margin:15mm}\
@media print{body{margin:0;padding:0;max-width:none}}";

const WIDTH: u32 = 640;
const HEIGHT: u32 = 280;
const COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// The charts' font: the bundled DejaVu Sans, registered once.
fn font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            super::pdf_font::REGULAR,
        );
    });
}

/// A money figure as a chart's coordinate.
fn y(m: Money) -> f64 {
    m.cents() as f64 / 100.0
}

/// The range of a chart's values, with room above (and below, if any is negative).
fn span(values: impl IntoIterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values
        .into_iter()
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(1.0);
    (if lo < 0.0 { lo - pad } else { 0.0 })..hi + pad
}

/// One series of a chart: its name and a value per label.
struct Series<'a> {
    name: &'a str,
    values: Vec<f64>,
}

/// A chart as SVG: bars for the first series when `bars`, lines for the others (all lines
/// otherwise), over the labels.
fn chart(title: &str, labels: &[String], series: &[Series], bars: bool) -> String {
    font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let all: Vec<f64> = series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .collect();
        let n = labels.len().max(1);
        // Small counts (members) get a mark per unit, not repeated rounded marks.
        let top = all.iter().copied().fold(0.0f64, f64::max);
        let marks = if top < 10.0 {
            top.ceil() as usize + 2
        } else {
            10
        };
        let built = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 15))
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(64)
            .build_cartesian_2d((0..n).into_segmented(), span(all.iter().copied()));
        let Ok(mut c) = built else {
            return svg_fallback(title);
        };
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                labels.get(*i).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        };
        let _ = c
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(13))
            .x_label_formatter(&label)
            .y_labels(marks)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw();
        for (k, s) in series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let drawn = if bars && k == 0 {
                // Each bar a rectangle of its own, in order (plotters' histogram keeps its
                // bars in a hash map: their order, and so the bytes, would vary by run).
                c.draw_series(s.values.iter().enumerate().map(|(i, v)| {
                    let corners = [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ];
                    let mut bar = Rectangle::new(corners, colour.filled());
                    bar.set_margin(0, 0, 6, 6);
                    bar
                }))
            } else {
                let points = s.values.iter().enumerate();
                c.draw_series(LineSeries::new(
                    points.map(|(i, v)| (SegmentValue::CenterOf(i), *v)),
                    colour.stroke_width(2),
                ))
            };
            if let Ok(drawn) = drawn {
                drawn.label(s.name).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 4), (x + 12, y + 4)], colour.filled())
                });
            }
        }
        if series.len() > 1 || !bars {
            let _ = c
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .label_font(("sans-serif", 11))
                .draw();
        }
        let _ = root.present();
    }
    svg
}

fn svg_fallback(title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\"><text x=\"10\" \
         y=\"20\">{}</text></svg>",
        esc(title)
    )
}

/// A table: its head, then its rows; cells after the first are figures, right-aligned.
fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if i > 0 { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (i, cell) in r.iter().enumerate() {
            let class = if i > 0 { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A chart with its table beside it and what it shows in words (the SVG's label for a
/// screen reader, and the caption under both).
fn figure(svg: &str, table: &str, words: &str) -> String {
    figure_as("", svg, table, words)
}

/// A figure whose table is too wide to sit beside its chart: under it.
fn wide_figure(svg: &str, table: &str, words: &str) -> String {
    figure_as(" class=\"wide\"", svg, table, words)
}

fn figure_as(class: &str, svg: &str, table: &str, words: &str) -> String {
    // The SVG as an image with a name: plotters writes `<svg width=… viewBox=…>`.
    let svg = svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", esc(words)),
        1,
    );
    format!(
        "<figure{class}><div>{svg}</div><div>{table}</div><figcaption>{}</figcaption></figure>\n",
        esc(words)
    )
}

/// Options of the report.
pub struct Options<'a> {
    /// Members by name in the spread of pay, patronage and capital.
    pub names: bool,
    /// What the guarantee fund can take, on the last day shown.
    pub stress: &'a [Outcome],
}

/// The page.
pub fn render(books: &Books, y: &Year, o: &Options) -> String {
    let coop = esc(&books.coop.name);
    let currency = esc(&books.coop.currency);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{coop} — the \
         year {}</title><style>{STYLE}</style></head><body>\n<h1>{coop}: the year {}</h1>\n\
         <p class=\"note\">From the books up to {} (amounts in {currency}){}.</p>\n",
        y.year,
        y.year,
        y.end(),
        if y.closed {
            "; the year is closed"
        } else {
            "; the year is not closed: its figures may still change"
        }
    );
    five(&mut h, y);
    months(&mut h, y);
    funds(&mut h, books, y);
    guarantee(&mut h, y, o.stress);
    people(&mut h, books, y, o.names);
    h.push_str("</body></html>\n");
    h
}

fn five(h: &mut String, y: &Year) {
    let five = [
        ("Turnover", y.turnover().to_string()),
        ("Levies", y.levies().to_string()),
        ("Paid to members", y.payout().to_string()),
        ("Result", y.result.result.to_string()),
        ("Members", y.members.to_string()),
    ];
    h.push_str("<div class=\"five\">");
    for (k, v) in five {
        let _ = write!(h, "<div>{k}<b>{}</b></div>", esc(&v));
    }
    h.push_str("</div>\n");
}

fn months(h: &mut String, y: &Year) {
    let labels: Vec<String> = y.months.iter().map(|m| m.month.to_string()).collect();
    let svg = chart(
        "Turnover and what members were paid",
        &labels,
        &[
            Series {
                name: "turnover",
                values: y.months.iter().map(|m| self::y(m.amount)).collect(),
            },
            Series {
                name: "paid to members",
                values: y.months.iter().map(|m| self::y(m.payout)).collect(),
            },
        ],
        true,
    );
    let rows: Vec<Vec<String>> = (y.months.iter())
        .map(|m| {
            vec![
                m.month.to_string(),
                m.amount.to_string(),
                m.levies.to_string(),
                m.gross.to_string(),
                m.payout.to_string(),
                m.hours.to_string(),
            ]
        })
        .collect();
    h.push_str("<h2>Month by month</h2>\n");
    h.push_str(&wide_figure(
        &svg,
        &table(
            &[
                "month",
                "turnover",
                "levies",
                "salaries and fees",
                "paid",
                "hours",
            ],
            &rows,
        ),
        &format!(
            "Bars: what was invoiced each month; line: what members were paid (net pay and \
             expenses repaid). In all {} invoiced, {} paid, {} hours.",
            y.turnover(),
            y.payout(),
            y.months
                .iter()
                .map(|m| m.hours)
                .sum::<crate::money::Hours>()
        ),
    ));
    let hours = chart(
        "Hours worked",
        &labels,
        &[Series {
            name: "hours",
            values: y
                .months
                .iter()
                .map(|m| m.hours.units() as f64 / 100.0)
                .collect(),
        }],
        true,
    );
    let rows: Vec<Vec<String>> = (y.months.iter())
        .map(|m| vec![m.month.to_string(), m.hours.to_string()])
        .collect();
    h.push_str(&figure(
        &hours,
        &table(&["month", "hours"], &rows),
        "The hours of the contracts dated in each month.",
    ));
}

fn funds(h: &mut String, books: &Books, y: &Year) {
    let labels: Vec<String> = y.months.iter().map(|m| m.month.to_string()).collect();
    let names: Vec<&str> = books.coop.funds.iter().map(|f| f.name.as_str()).collect();
    let series: Vec<Series> = (names.iter().enumerate())
        .map(|(i, n)| Series {
            name: n,
            values: y.months.iter().map(|m| self::y(m.funds[i])).collect(),
        })
        .collect();
    let svg = chart("Each fund at the end of the month", &labels, &series, false);
    let mut head = vec!["month"];
    head.extend(names.iter().copied());
    let rows: Vec<Vec<String>> = (y.months.iter())
        .map(|m| {
            let mut r = vec![m.month.to_string()];
            r.extend(m.funds.iter().map(|b| b.to_string()));
            r
        })
        .collect();
    h.push_str("<h2>The funds</h2>\n");
    h.push_str(&figure(
        &svg,
        &table(&head, &rows),
        "A line per fund: its balance at each month's end, as the funds report gives it.",
    ));
    // What each fund received from the year's result: its levies and income less its costs.
    let received: Vec<Series> = vec![Series {
        name: "received",
        values: y.result.funds.iter().map(|m| self::y(*m)).collect(),
    }];
    let fund_labels: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let svg = chart(
        "What each fund received in the year",
        &fund_labels,
        &received,
        true,
    );
    let rows: Vec<Vec<String>> = (names.iter().zip(&y.result.funds))
        .map(|(n, m)| vec![n.to_string(), m.to_string()])
        .collect();
    h.push_str(&figure(
        &svg,
        &table(&["fund", "received"], &rows),
        &format!(
            "Each fund's share of the year's result ({}): its levies and income less its costs \
             (and, for the guarantee fund, less the bad debts it bears).",
            y.result.result
        ),
    ));
}

fn guarantee(h: &mut String, y: &Year, stress: &[Outcome]) {
    if y.months.iter().all(|m| m.guarantee.is_none()) {
        return;
    }
    let labels: Vec<String> = y.months.iter().map(|m| m.month.to_string()).collect();
    let svg = chart(
        "The guarantee fund: fronted and repaid",
        &labels,
        &[
            Series {
                name: "fronted",
                values: y.months.iter().map(|m| self::y(m.advances)).collect(),
            },
            Series {
                name: "repaid",
                values: y.months.iter().map(|m| self::y(m.repayments)).collect(),
            },
        ],
        true,
    );
    let rows: Vec<Vec<String>> = (y.months.iter())
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
        .collect();
    h.push_str("<h2>The salary guarantee fund</h2>\n");
    h.push_str(&wide_figure(
        &svg,
        &table(&["month", "fronted", "repaid", "written off", "owed", "balance", "coverage"], &rows),
        "Bars: what the fund fronted to members whose clients had not paid by the pay date; \
         line: what clients paid back. The table gives, at each month's end, what had been \
         written off, what the fund was still owed, its balance, and its coverage (balance ÷ owed).",
    ));
    if let Some(first) = stress.first() {
        let labels: Vec<String> = first
            .path
            .iter()
            .map(|(d, _)| d.format("%m-%d").to_string())
            .collect();
        let series: Vec<Series> = (stress.iter())
            .map(|o| Series {
                name: &o.scenario,
                values: o.path.iter().map(|(_, b)| self::y(*b)).collect(),
            })
            .collect();
        let svg = chart(
            "What the fund can take (week by week)",
            &labels,
            &series,
            false,
        );
        let rows: Vec<Vec<String>> = (stress.iter())
            .map(|o| {
                vec![
                    o.scenario.clone(),
                    o.lowest.to_string(),
                    o.end.to_string(),
                    o.outstanding.to_string(),
                ]
            })
            .collect();
        h.push_str(&figure(
            &svg,
            &table(&["scenario", "lowest", "at the end", "owed"], &rows),
            "The fund's balance over the next weeks from the last day shown, if clients pay as \
             expected, if the two clients most owed never pay, if a tenth of every open invoice \
             is never paid, and if everyone pays 30 days late (guarantee --stress).",
        ));
    }
}

fn people(h: &mut String, books: &Books, y: &Year, names: bool) {
    h.push_str("<h2>The members</h2>\n");
    let rows: Vec<Vec<String>> = (y.months.iter())
        .map(|m| {
            vec![
                m.month.to_string(),
                m.joined.len().to_string(),
                m.left.len().to_string(),
            ]
        })
        .collect();
    let labels: Vec<String> = y.months.iter().map(|m| m.month.to_string()).collect();
    let svg = chart(
        "Members joining and leaving",
        &labels,
        &[
            Series {
                name: "joined",
                values: y.months.iter().map(|m| m.joined.len() as f64).collect(),
            },
            Series {
                name: "left",
                values: y.months.iter().map(|m| m.left.len() as f64).collect(),
            },
        ],
        true,
    );
    h.push_str(&figure(
        &svg,
        &table(&["month", "joined", "left"], &rows),
        &format!("Bars: members who joined in each month; line: members who left. {} are members at the end.", y.members),
    ));
    spread(h, books, y, names);
    if let Some(p) = &y.patronage {
        let mut rows: Vec<Vec<String>> = Vec::new();
        if names {
            for s in &p.members {
                let m = books.member(s.member);
                rows.push(vec![
                    m.name.clone(),
                    s.figures.allocation.to_string(),
                    s.figures.cash.to_string(),
                    s.figures.retained.to_string(),
                ]);
            }
        }
        rows.push(vec![
            "all members".into(),
            p.totals.allocation.to_string(),
            p.totals.cash.to_string(),
            p.totals.retained.to_string(),
        ]);
        h.push_str("<h2>Patronage</h2>\n");
        h.push_str(&table(&["member", "allocation", "cash", "retained"], &rows));
    }
    let c = &y.capital;
    let mut rows: Vec<Vec<String>> = Vec::new();
    if names {
        for a in &c.members {
            let m = books.member(a.member);
            rows.push(vec![
                m.name.clone(),
                a.figures.shares.to_string(),
                a.figures.retained.to_string(),
                a.figures.redeemed.to_string(),
                a.figures.balance.to_string(),
            ]);
        }
    }
    rows.push(vec![
        "all members".into(),
        c.totals.shares.to_string(),
        c.totals.retained.to_string(),
        c.totals.redeemed.to_string(),
        c.totals.balance.to_string(),
    ]);
    h.push_str("<h2>Capital</h2>\n");
    h.push_str(&table(
        &["member", "shares", "retained", "redeemed", "balance"],
        &rows,
    ));
}

/// The spread of the members' yearly salaries and fees: how many in each band (no names
/// unless asked).
fn spread(h: &mut String, books: &Books, y: &Year, names: bool) {
    let top = y
        .yearly_pay
        .iter()
        .map(|p| p.1)
        .max()
        .unwrap_or(Money::ZERO);
    let bands = 8i64;
    // Bands of a round width: 1, 2 or 5 times a power of ten, in whole currency units.
    let whole = (top.cents() / 100 / bands).max(1);
    let mut width = 1i64;
    while width < whole {
        width = match width.to_string().as_bytes()[0] {
            b'1' => width * 2,
            b'2' => width * 5 / 2,
            _ => width * 2,
        };
    }
    let count = ((top.cents() / 100) / width + 1) as usize;
    let mut counts = vec![0usize; count];
    for p in &y.yearly_pay {
        let band = ((p.1.cents().max(0) / 100) / width) as usize;
        counts[band.min(count - 1)] += 1;
    }
    let labels: Vec<String> = (0..count)
        .map(|b| format!("{}–{}", b as i64 * width, (b as i64 + 1) * width))
        .collect();
    let svg = chart(
        "Members by yearly salary or fee",
        &labels,
        &[Series {
            name: "members",
            values: counts.iter().map(|&c| c as f64).collect(),
        }],
        true,
    );
    let mut rows: Vec<Vec<String>> = (labels.iter().zip(&counts))
        .map(|(l, c)| vec![l.clone(), c.to_string()])
        .collect();
    if names {
        rows = (y.yearly_pay.iter())
            .map(|(m, pay)| vec![books.member(*m).name.clone(), pay.to_string()])
            .collect();
    }
    let head: [&str; 2] = if names {
        ["member", "salaries and fees"]
    } else {
        ["band", "members"]
    };
    h.push_str(&figure(
        &svg,
        &table(&head, &rows),
        &format!(
            "How many members were paid how much in the year, in salaries and fees before \
             contributions and tax, in bands of {width} {}.",
            books.coop.currency
        ),
    ));
}
