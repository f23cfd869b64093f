//! The HTML payslip: one self-contained, printable page; every value escaped.

use super::{ContractLine, Payslip};
use crate::report::markup as esc;

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:60em;color:#111}\
h1{font-size:1.4em;margin:0}h2{font-size:1.1em;margin:1.5em 0 .5em}\
.coop{color:#555}dl{display:grid;grid-template-columns:8em auto;gap:.2em 1em}dt{color:#555}dd{margin:0}\
table{border-collapse:collapse;width:100%}th,td{padding:.25em .5em;border-bottom:1px solid #ddd;text-align:left}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:bold;border-top:2px solid #111}\
table.summary{width:auto;min-width:24em}tr.payout td{font-weight:bold;border-top:2px solid #111}\
@media print{body{margin:0}}";

fn row(c: &ContractLine, class: &str) -> String {
    // The contract's id, and its description under its client.
    let client = match c.description.as_str() {
        "" => esc(&c.client).to_string(),
        d => format!("{}<br><small>{}</small>", esc(&c.client), esc(d)),
    };
    let mut cells = format!(
        "<tr{class}><td>{}</td><td>{client}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        esc(&c.id),
        esc(&c.date),
        esc(&c.pay_date),
        esc(&c.hours),
        esc(&c.amount)
    );
    for l in &c.levies {
        cells.push_str(&format!("<td class=\"n\">{}</td>", esc(l)));
    }
    cells.push_str(&format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        esc(&c.expenses),
        esc(&c.budget)
    ));
    cells
}

pub fn render(p: &Payslip) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} {month} - {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <p class=\"coop\">{coop}{employer}</p>\n<h1>{title} {month}</h1>\n\
         <dl><dt>Member</dt><dd>{name} ({id})</dd><dt>IBAN</dt><dd>{iban}</dd>\
         <dt>Model</dt><dd>{model}</dd><dt>Currency</dt><dd>{currency}</dd></dl>\n\
         <h2>Contracts</h2>\n<table>\n<tr><th>Contract</th><th>Client</th><th>Date</th><th>Pay date</th>\
         <th class=\"n\">Hours</th><th class=\"n\">Amount</th>",
        title = p.title,
        month = esc(&p.month),
        name = esc(&p.member_name),
        id = esc(&p.member_id),
        coop = esc(&p.coop),
        employer = (p.employer.iter())
            .map(|e| format!("<br><small>{}</small>", esc(e)))
            .collect::<String>(),
        iban = esc(&p.iban),
        model = esc(&p.model),
        currency = esc(&p.currency),
    );
    for l in &p.levies {
        out.push_str(&format!("<th class=\"n\">{}</th>", esc(l)));
    }
    out.push_str("<th class=\"n\">Expenses</th><th class=\"n\">Budget</th></tr>\n");
    for c in &p.contracts {
        out.push_str(&row(c, ""));
    }
    out.push_str(&row(&p.total, " class=\"total\""));
    out.push_str("</table>\n<h2>Pay</h2>\n<table class=\"summary\">\n");
    for (i, (label, value)) in p.summary.iter().enumerate() {
        let class = if i + 1 == p.summary.len() {
            " class=\"payout\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<tr{class}><td>{}</td><td class=\"n\">{}</td></tr>\n",
            esc(label),
            esc(value)
        ));
    }
    out.push_str(&format!(
        "</table>\n<h2>Year to date ({})</h2>\n<table class=\"summary\">\n",
        esc(&p.ytd_label)
    ));
    for (label, value) in &p.year_to_date {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>\n",
            esc(label),
            esc(value)
        ));
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}
