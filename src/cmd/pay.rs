//! `pay PERIOD`: a month's pay per member and in total, or a quarter's or a year's added up.

use super::{Ctx, Output};
use crate::period::{Month, Period};
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The pay month (YYYY-MM), or a quarter (YYYY-Qn) or a year (YYYY) to add up
    #[arg(value_name = "PERIOD", value_parser = pay_period, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Period,
    /// Also list every contract with its levies and budget
    #[arg(long)]
    pub contracts: bool,
}

/// A month, a quarter or a year: pay is worked out a month at a time, so a range of days is
/// refused.
fn pay_period(text: &str) -> Result<Period, String> {
    let expected = "expected a month (2026-03), a quarter (2026-Q1) or a year (2026)";
    match Period::parse(text) {
        Ok(period) if !period.label.contains("..") => Ok(period),
        Ok(_) => Err(format!(
            "period \"{text}\": pay takes a month (2026-03), a quarter (2026-Q1) or a year \
             (2026); pay is worked out a month at a time"
        )),
        Err(_) => Err(format!("period \"{text}\": {expected}")),
    }
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (computed, mut stderr) = ctx.compute_after(Some(args.period.from), Some(&args.period))?;
    let months = args.period.months();
    for &m in &months {
        stderr.push_str(&super::rule_check(computed, m)?);
    }
    let books = &computed.books;
    // Contract lines only where they are shown: always in JSON, with --contracts otherwise.
    let lines = args.contracts || ctx.format == report::Format::Json;
    let mut report = match (months.as_slice(), lines) {
        ([month], true) => report::pay::Pay::of(books, &computed.month(*month)),
        ([month], false) => report::pay::Pay::of_figures(books, &computed.month_figures(*month)),
        (_, _) => {
            computed.settle(&months);
            let figures: Vec<_> = months.iter().map(|&m| computed.month_figures(m)).collect();
            let sum = crate::engine::pay::added_up(figures.iter().map(|f| f.as_ref()));
            let mut report = report::pay::Pay::of_months(books, &args.period.label, &sum);
            if lines {
                let pays: Vec<_> = months.iter().map(|&m| computed.month(m)).collect();
                report.add_lines(books, &pays);
            }
            report
        }
    };
    if crate::engine::owed::tracked(books) {
        let at = months
            .last()
            .map_or(args.period.to, |m: &Month| m.last_day());
        let owed = crate::engine::owed::at(computed, at);
        report.owed = Some(report::owed::Still { at, owed });
    }
    let stdout = report.render(&ctx.style, args.contracts);
    Ok(Output { stdout, stderr })
}
