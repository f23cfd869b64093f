//! `report YEAR --out FILE.html [--pdf FILE.pdf]`: the year for the members' general
//! assembly, one self-contained HTML page, and the same as an A4 PDF.

use super::{Ctx, Output};
use crate::engine::stress::{self, Scenario, Stress};
use crate::engine::year;
use crate::report::assembly;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The year, as YYYY
    #[arg(value_parser = super::year_arg)]
    pub year: i32,
    /// The HTML file to write (self-contained: no scripts, nothing fetched)
    #[arg(long, value_name = "FILE.html")]
    pub out: PathBuf,
    /// Members by name in the spread of pay, patronage and capital (by default only totals
    /// and bands)
    #[arg(long)]
    pub names: bool,
    /// Also the same report as an A4 PDF
    #[arg(long, value_name = "FILE.pdf")]
    pub pdf: Option<PathBuf>,
    /// Replace the files if they exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let mut paths = vec![args.out.as_path()];
    paths.extend(args.pdf.as_deref());
    super::may_write(&paths, args.force)?;
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    let y = year::of(computed, args.year);
    // What the guarantee fund can take from the last day shown: the default scenarios.
    let floor = crate::money::parse_rate(stress::FLOOR).map_err(anyhow::Error::msg)?;
    let stress: Vec<_> = match Stress::of(computed, y.end(), 26, floor) {
        Some(s) if !y.months.is_empty() => {
            (Scenario::defaults().iter()).map(|sc| s.run(sc)).collect()
        }
        _ => Vec::new(),
    };
    let options = assembly::Options {
        names: args.names,
        stress: &stress,
    };
    let document = assembly::of(books, &y, &options);
    crate::write::atomic(&args.out, assembly::html::render(&document).as_bytes())?;
    let mut stdout = format!("{}\n", args.out.display());
    if let Some(pdf) = &args.pdf {
        crate::write::atomic(pdf, &assembly::pdf::render(&document))?;
        stdout.push_str(&format!("{}\n", pdf.display()));
    }
    Ok(Output {
        stdout,
        ..Output::default()
    })
}
