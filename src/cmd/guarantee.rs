//! `guarantee [--at DATE]`: the guarantee fund's exposure at a date; with `--stress`, what it
//! can take over the weeks after it.

use super::{Ctx, Output};
use crate::engine::guarantee;
use crate::engine::stress::{self, Scenario, Stress};
use crate::money::Rate;
use crate::report;
use anyhow::{Result, bail};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub at: super::At,
    /// What the fund can take: its balance week by week if clients do not pay as they have
    #[arg(long)]
    pub stress: bool,
    /// A scenario, repeatable: expected, largest:N (the N clients most owed never pay),
    /// unpaid:RATE (that share of every open invoice is never paid), late:DAYS (everyone pays
    /// that much later) [default: expected, largest:2, unpaid:10%, late:30]
    #[arg(long, value_name = "SCENARIO", value_parser = Scenario::parse, requires = "stress")]
    pub scenario: Vec<Scenario>,
    /// The horizon, in weeks after the date
    #[arg(long, default_value_t = 26, requires = "stress", value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
    /// Monte-Carlo runs, in which each client defaults at its own rate (0: none)
    #[arg(long, default_value_t = 10_000, requires = "stress", value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub runs: u32,
    /// The Monte-Carlo draws' seed: the same seed, the same result
    #[arg(long, default_value_t = 1, requires = "stress")]
    pub seed: u64,
    /// The default rate of a client that has neither paid nor had a write-off yet
    #[arg(long, default_value = stress::FLOOR, value_name = "RATE", value_parser = crate::money::parse_rate, requires = "stress")]
    pub floor: Rate,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    // The stress test weighs each client by how it has paid, in every year.
    let computed = match args.stress {
        true => ctx.compute_sound()?,
        false => ctx.compute_after(args.at.at, None)?.0,
    };
    let books = &computed.books;
    let at = args.at.or_latest(books);
    if args.stress {
        return stress(ctx, args, computed, at);
    }
    let g = guarantee::of(computed, at);
    Ok(Output {
        stdout: report::guarantee::Report::of(books, &g).render(&ctx.style),
        ..Output::default()
    })
}

fn stress(
    ctx: &Ctx,
    args: &Args,
    computed: &crate::engine::computed::Computed,
    at: chrono::NaiveDate,
) -> Result<Output> {
    let Some(stress) = Stress::of(computed, at, args.weeks, args.floor) else {
        bail!("coop.toml names no guarantee_fund: there is no fund to stress");
    };
    let scenarios = match args.scenario.is_empty() {
        true => Scenario::defaults(),
        false => args.scenario.clone(),
    };
    let outcomes: Vec<_> = scenarios.iter().map(|s| stress.run(s)).collect();
    let mc = (args.runs > 0).then(|| stress.monte_carlo(args.runs, args.seed));
    let currency = &computed.books.coop.currency;
    let report = report::stress::Report::of(&stress, &outcomes, mc, currency, args.floor.percent());
    Ok(Output {
        stdout: report.render(&ctx.style),
        ..Output::default()
    })
}
