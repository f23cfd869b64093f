//! The plain-text payslip: reads well in a terminal or an email.

use super::Payslip;

fn pad(s: &str, width: usize, right: bool) -> String {
    let n = s.chars().count();
    let fill = " ".repeat(width.saturating_sub(n));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// `s` cut to `width` characters, with `…` where it was cut.
fn cut(s: &str, width: usize) -> String {
    match s.char_indices().nth(width.saturating_sub(1)) {
        Some((at, _)) if s.chars().count() > width => format!("{}…", &s[..at]),
        _ => s.to_string(),
    }
}

pub fn render(p: &Payslip) -> String {
    let mut out = String::new();
    // Names and clients from the books, shown escaped: a payslip read in a terminal never
    // acts on it.
    let esc = |s: &str| crate::text::escaped(s).into_owned();
    out.push_str(&format!("{}\n", esc(&p.coop)));
    for line in &p.employer {
        out.push_str(&format!("{}\n", cut(&esc(line), 80)));
    }
    out.push_str(&format!("{} {}\n\n", p.title, p.month));
    out.push_str(&format!(
        "Member:   {} ({})\n",
        esc(&p.member_name),
        p.member_id
    ));
    out.push_str(&format!("IBAN:     {}\n", p.iban));
    out.push_str(&format!("Model:    {}\n", p.model));
    out.push_str(&format!("Currency: {}\n\nContracts\n", p.currency));
    // Within 80 columns: each contract's figures on one line (its levies together), its
    // client, date and description on the next; each levy apart under the total.
    let headers: Vec<String> = [
        "Contract", "Pay date", "Hours", "Amount", "Levies", "Expenses", "Budget",
    ]
    .map(String::from)
    .to_vec();
    let figures = |c: &super::ContractLine, first: String| -> Vec<String> {
        vec![
            first,
            c.pay_date.clone(),
            c.hours.clone(),
            c.amount.clone(),
            c.levied.clone(),
            c.expenses.clone(),
            c.budget.clone(),
        ]
    };
    let mut rows: Vec<Vec<String>> = (p.contracts.iter())
        .map(|c| figures(c, esc(&c.id)))
        .collect();
    rows.push(figures(&p.total, "Total".into()));
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map(|s| s.chars().count()).unwrap_or(0))
                .chain(std::iter::once(headers[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i], i >= 2))
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(&headers));
    for (r, c) in rows.iter().zip(&p.contracts) {
        out.push_str(&line(r));
        let about = match c.description.as_str() {
            "" => format!("{}, {}", esc(&c.client), c.date),
            d => format!("{}, {}: {}", esc(&c.client), c.date, esc(d)),
        };
        out.push_str(&format!("    {}\n", cut(&about, 76)));
    }
    let rule: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    out.push_str(&format!("  {}\n", "-".repeat(rule)));
    if let Some(total) = rows.last() {
        out.push_str(&line(total));
    }
    let each: Vec<String> = (p.levies.iter().zip(&p.total.levies))
        .map(|(name, amount)| format!("{} {amount}", esc(name)))
        .collect();
    if !each.is_empty() {
        out.push_str(&format!(
            "    {}\n",
            cut(&format!("levies: {}", each.join(", ")), 76)
        ));
    }
    out.push_str("\nPay\n");
    let label_width = p
        .summary
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let value_width = p.summary.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    for (label, value) in &p.summary {
        out.push_str(&format!(
            "  {}  {}\n",
            pad(label, label_width, false),
            pad(value, value_width, true)
        ));
    }
    out.push_str(&format!("\nYear to date ({})\n", p.ytd_label));
    for (label, value) in &p.year_to_date {
        out.push_str(&format!(
            "  {}  {}\n",
            pad(label, label_width, false),
            pad(value, value_width, true)
        ));
    }
    out
}
