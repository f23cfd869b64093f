//! `payslips MONTH --out DIR [--as pdf|html|txt] [--member ID] [--force]`.

use super::{BooksHaveProblems, Ctx, Output};
use crate::books::MemberId;
use crate::engine::computed::Computed;
use crate::engine::pay;
use crate::period::{Month, Period};
use crate::report::payslip::SlipFormat;
use crate::report::payslip::{self, Payslip};
use anyhow::{Context, Result};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The pay month, as YYYY-MM
    #[arg(value_parser = super::month_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::months))]
    pub month: Month,
    /// The directory to write to (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The file format
    #[arg(long = "as", value_name = "FORMAT", value_enum, default_value_t = SlipFormat::Pdf)]
    pub slip_format: SlipFormat,
    /// Only this member's payslip
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCompleter::new(crate::complete::members))]
    pub member: Option<String>,
    /// Overwrite payslips that already exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (month, out) = (args.month, args.out.as_path());
    let progress = ctx.progress(&format!("payslips {month}"));
    progress.step("reading and checking the books");
    let (computed, mut warnings) = ctx.compute_for(Some(&Period::month(month)))?;
    let books = &computed.books;
    let only = (args.member.as_deref())
        .map(|id| super::member_arg(books, id))
        .transpose()?;
    warnings.push_str(&super::rule_check(computed, month)?);
    let run = members_paid(computed, month, only)?;
    let files: Vec<(PathBuf, &pay::MemberPay)> = (run.members.iter())
        .map(|m| {
            let id = &books.member(m.member).id;
            let name = format!("{month}-{id}.{}", args.slip_format.extension());
            (out.join(name), m)
        })
        .collect();
    if files.is_empty() {
        return Ok(Output {
            stdout: String::new(),
            stderr: warnings + &format!("coopbooks: no contracts in {month}: no payslip written\n"),
        });
    }
    // The books are only read (a shared lock, taken by `compute`); the folder written to is
    // made only now that there is something to write, and locked for this run alone, so that
    // two runs into it never both write.
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let _out = crate::lock::lock(out, crate::lock::Mode::Exclusive, ctx.wait)?;
    // A refusal to write, as for a usage error (exit 2); nothing was written.
    let paths: Vec<&std::path::Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    super::may_write(&paths, args.force)?;
    progress.count(files.len(), "writing");
    write_all(computed, &files, args.slip_format, out, &progress)?;
    let stdout: String = (files.iter())
        .map(|(path, _)| format!("{}\n", path.display()))
        .collect();
    Ok(Output {
        stdout,
        stderr: warnings,
    })
}

/// The month's pay, every member's or only the one asked for (who must have contracts in it).
fn members_paid(
    computed: &Computed,
    month: Month,
    only: Option<MemberId>,
) -> Result<pay::MonthPay> {
    let books = &computed.books;
    let mut run = computed.month(month);
    if let Some(id) = only {
        run.members.retain(|m| m.member == id);
        if run.members.is_empty() {
            let id = &books.member(id).id;
            let why = format!("{id} has no contracts in {month}: no payslip written");
            return Err(BooksHaveProblems::refuse(&[], &why));
        }
    }
    Ok(run)
}

/// Renders and writes every payslip, on both cores, each half into a batch of its own; all
/// written, then synced once and put in place: a crash leaves the old files or all the new
/// ones.
fn write_all(
    computed: &Computed,
    files: &[(PathBuf, &pay::MemberPay)],
    format: SlipFormat,
    out: &std::path::Path,
    progress: &crate::progress::Progress,
) -> Result<()> {
    let books = &computed.books;
    let Some(month) = files.first().map(|(_, m)| m.month) else {
        return Ok(());
    };
    let ytd = computed.year_to_date(month);
    // Where the contracts' descriptions are: found once, each half reading with its own.
    let notes = crate::books::Notes::new(books);
    let write = |files: &[(PathBuf, &pay::MemberPay)]| -> Result<crate::write::Batch> {
        let mut batch = crate::write::Batch::new(out)?;
        let mut notes = notes.clone();
        let faces = crate::report::pdf_font::Faces::new();
        for (path, m) in files {
            let slip = Payslip::new(books, &mut notes, m, &ytd[m.member.0 as usize]);
            let bytes = match format {
                SlipFormat::Pdf => payslip::pdf::render(&slip, &faces),
                SlipFormat::Html => payslip::html::render(&slip).into_bytes(),
                SlipFormat::Txt => payslip::txt::render(&slip).into_bytes(),
            };
            batch.add(path, &bytes)?;
            progress.done(1);
        }
        Ok(batch)
    };
    let (first, second) = files.split_at(files.len() / 2);
    let (batch, other) = crate::par::join(|| write(first), || write(second));
    // Either half failing drops both batches, which removes their temporary files.
    let mut batch = batch?;
    batch.merge(other?);
    batch.commit()
}
