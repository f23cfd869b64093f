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

pub fn render(p: &Payslip) -> String {
    let mut out = String::new();
    // Names and clients from the books, shown escaped: a payslip read in a terminal never
    // acts on it.
    let esc = |s: &str| crate::text::escaped(s).into_owned();
    out.push_str(&format!("{}\nPayslip {}\n\n", esc(&p.coop), p.month));
    out.push_str(&format!(
        "Member:   {} ({})\n",
        esc(&p.member_name),
        p.member_id
    ));
    out.push_str(&format!("IBAN:     {}\n", p.iban));
    out.push_str(&format!("Model:    {}\n", p.model));
    out.push_str(&format!("Currency: {}\n\nContracts\n", p.currency));
    let mut headers = vec![
        "Client".to_string(),
        "Date".into(),
        "Pay date".into(),
        "Hours".into(),
        "Amount".into(),
    ];
    headers.extend(p.levies.iter().map(|l| esc(l)));
    headers.push("Expenses".into());
    headers.push("Budget".into());
    let mut rows: Vec<Vec<String>> = (p.contracts.iter())
        .map(|c| c.cells().iter().map(|cell| esc(cell)).collect())
        .collect();
    rows.push(p.total.cells());
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
            .map(|(i, c)| pad(c, widths[i], i >= 3))
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(&headers));
    for (i, r) in rows.iter().enumerate() {
        if i + 1 == rows.len() {
            let rule: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            out.push_str(&format!("  {}\n", "-".repeat(rule)));
        }
        out.push_str(&line(r));
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
