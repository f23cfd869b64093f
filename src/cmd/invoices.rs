//! `invoices PERIOD --out DIR [--as pdf|ubl|both] [--contract ID] [--force]`: one document per
//! contract dated in the period, an invoice or a credit note, as a Peppol UBL e-invoice and/or
//! a PDF, written like payslips (atomic, under a lock, with progress).

use super::{BooksHaveProblems, Ctx, Output};
use crate::books::{ContractId, Notes};
use crate::engine::computed::Computed;
use crate::engine::invoice::{self, Invoice};
use crate::engine::vat::Rates;
use crate::period::Period;
use crate::report::{invoice_pdf, ubl};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Which documents to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Documents {
    /// A PDF to print or mail, with a QR code to pay by
    Pdf,
    /// A Peppol BIS Billing 3.0 e-invoice (UBL 2.1 XML)
    Ubl,
    /// Both, side by side
    Both,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 2026-03, 2026-Q1 or 2026 (or a range, 2026-01-15..2026-02-14): the contracts dated in it
    #[arg(value_name = "PERIOD", value_parser = super::period_arg, add = clap_complete::ArgValueCompleter::new(crate::complete::periods))]
    pub period: Period,
    /// The directory to write to (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The documents to write: ID.pdf, ID.xml or both
    #[arg(long = "as", value_name = "FORMAT", value_enum, default_value_t = Documents::Both)]
    pub documents: Documents,
    /// Only this contract's document
    #[arg(long, value_name = "ID")]
    pub contract: Option<String>,
    /// Overwrite documents that already exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let (period, out) = (&args.period, args.out.as_path());
    let progress = ctx.progress(&format!("invoices {}", period.label));
    progress.step("reading and checking the books");
    let computed = ctx.compute_sound()?;
    let books = &computed.books;
    if let Some(why) = invoice::books_refusal(computed) {
        bail!("{why}");
    }
    let Some(rates) = Rates::of(books) else {
        bail!("coop.toml has no [vat] section");
    };
    let ids = contracts(computed, period, args.contract.as_deref())?;
    let (pdf, xml) = match args.documents {
        Documents::Pdf => (true, false),
        Documents::Ubl => (false, true),
        Documents::Both => (true, true),
    };
    // Every contract is looked at before anything is written: one that cannot be invoiced
    // stops the run, each named at its row.
    let mut refused = Vec::new();
    for &id in &ids {
        if let Err(why) = invoice::of(computed, &rates, id, "", xml) {
            refused.push(books.problem_at(books.contract(id).src, why));
        }
    }
    if !refused.is_empty() {
        let why = format!(
            "no invoices written: {} cannot be invoiced",
            match refused.len() {
                1 => "1 contract".to_string(),
                n => format!("{n} contracts"),
            }
        );
        return Err(BooksHaveProblems::refuse(&refused, &why));
    }
    if ids.is_empty() {
        return Ok(Output {
            stdout: String::new(),
            stderr: format!(
                "coopbooks: no contracts dated in {}: no invoice written\n",
                period.label
            ),
        });
    }
    let files = file_names(computed, &ids, out, pdf, xml)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let _out = crate::lock::lock(out, crate::lock::Mode::Exclusive, ctx.wait)?;
    let paths: Vec<&Path> = (files.iter())
        .flat_map(|(_, pdf, xml)| pdf.iter().chain(xml.iter()))
        .map(PathBuf::as_path)
        .collect();
    super::may_write(&paths, args.force)?;
    progress.count(files.len(), "writing");
    write_all(computed, &rates, &files, out, &progress)?;
    let stdout: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    Ok(Output {
        stdout,
        stderr: String::new(),
    })
}

/// The contracts dated in the period, in date then id order; or the one asked for, which
/// must be dated in it.
fn contracts(computed: &Computed, period: &Period, only: Option<&str>) -> Result<Vec<ContractId>> {
    let books = &computed.books;
    if let Some(id) = only {
        let Some(c) = books.contract_ids.contract(id) else {
            bail!("no contract \"{id}\" in the books");
        };
        let date = books.contract(c).date;
        if date < period.from || date > period.to {
            bail!(
                "contract \"{id}\" is dated {date}, outside {}",
                period.label
            );
        }
        return Ok(vec![c]);
    }
    let mut ids: Vec<ContractId> = (0..books.contracts.len() as u32)
        .map(ContractId)
        .filter(|&c| {
            let date = books.contract(c).date;
            period.from <= date && date <= period.to
        })
        .collect();
    ids.sort_by(|&a, &b| {
        let (ca, cb) = (books.contract(a), books.contract(b));
        (ca.date, books.contract_id(ca)).cmp(&(cb.date, books.contract_id(cb)))
    });
    Ok(ids)
}

/// A contract's documents: its id with every character but letters, digits, `-`, `_` and
/// `.` made `_`, then `.pdf` and `.xml`. Two ids that would share a name are an error.
type Files = Vec<(ContractId, Option<PathBuf>, Option<PathBuf>)>;

fn file_names(
    computed: &Computed,
    ids: &[ContractId],
    out: &Path,
    pdf: bool,
    xml: bool,
) -> Result<Files> {
    let books = &computed.books;
    let mut seen: rustc_hash::FxHashMap<String, &str> = Default::default();
    let mut files = Vec::with_capacity(ids.len());
    for &id in ids {
        let text = books.contract_id(books.contract(id));
        let stem: String = (text.chars())
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => c,
                '.' if !text.starts_with('.') => c,
                _ => '_',
            })
            .collect();
        if let Some(other) = seen.insert(stem.clone(), text) {
            bail!(
                "contracts \"{other}\" and \"{text}\" would both be written as {stem}.*: \
                 write them one at a time (--contract)"
            );
        }
        files.push((
            id,
            pdf.then(|| out.join(format!("{stem}.pdf"))),
            xml.then(|| out.join(format!("{stem}.xml"))),
        ));
    }
    Ok(files)
}

/// Renders and writes every document, on both cores, each half into a batch of its own;
/// all written, then synced once and put in place: a crash leaves the old files or all the
/// new ones.
fn write_all(
    computed: &Computed,
    rates: &Rates,
    files: &Files,
    out: &Path,
    progress: &crate::progress::Progress,
) -> Result<()> {
    let books = &computed.books;
    let notes = Notes::new(books);
    let write = |files: &[(ContractId, Option<PathBuf>, Option<PathBuf>)]| {
        let mut notes = notes.clone();
        let mut batch = crate::write::Batch::new(out)?;
        let faces = invoice_pdf::Faces::new();
        for (id, pdf, xml) in files {
            let description = notes.of(books.contract(*id).src).to_string();
            let inv: Invoice = invoice::of(computed, rates, *id, &description, xml.is_some())
                .map_err(|why| anyhow::anyhow!(why))?;
            if let Some(path) = xml {
                batch.add(path, ubl::render(&inv).as_bytes())?;
            }
            if let Some(path) = pdf {
                batch.add(path, &invoice_pdf::render(&inv, &faces))?;
            }
            progress.done(1);
        }
        Ok::<_, anyhow::Error>(batch)
    };
    let (first, second) = files.split_at(files.len() / 2);
    let (batch, other) = crate::par::join(|| write(first), || write(second));
    let mut batch = batch?;
    batch.merge(other?);
    batch.commit()
}
