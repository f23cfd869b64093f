//! `payslips MONTH --out DIR [--as pdf|html|txt] [--member ID] [--force]`.

use super::{Ctx, Output};
use crate::cli::SlipFormat;
use crate::engine::pay;
use crate::period::Month;
use crate::report::payslip::{self, Payslip};
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};

pub fn run(
    ctx: &Ctx,
    month: &str,
    out: &Path,
    format: SlipFormat,
    member: Option<&str>,
    force: bool,
) -> Result<Output> {
    let month = Month::parse(month).map_err(|e| anyhow!(e))?;
    let loaded = ctx.load_sound()?;
    let books = &loaded.books;
    let only = match member {
        Some(id) => Some(
            books
                .member_by_id(id)
                .ok_or_else(|| anyhow!("no member \"{id}\" (no members/{id}.toml)"))?,
        ),
        None => None,
    };
    let (warnings, refused) = super::pay::rule_check(books, month);
    if refused {
        return Ok(Output {
            stdout: String::new(),
            stderr: warnings,
            problems: true,
        });
    }
    let mut run = pay::month(books, month);
    if let Some(id) = only {
        run.members.retain(|m| m.member == id);
        if run.members.is_empty() {
            let id = &books.member(id).id;
            return Ok(super::refuse(
                &[],
                &format!("{id} has no contracts in {month}: no payslip written"),
            ));
        }
    }
    let files: Vec<(PathBuf, &pay::MemberPay)> = run
        .members
        .iter()
        .map(|m| {
            (
                out.join(format!(
                    "{month}-{}.{}",
                    books.member(m.member).id,
                    format.extension()
                )),
                m,
            )
        })
        .collect();
    if !force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Ok(super::refuse(
                &[],
                &format!(
                    "not overwriting {}; use --force to replace",
                    existing.join(", ")
                ),
            ));
        }
    }
    if files.is_empty() {
        return Ok(Output {
            stdout: String::new(),
            stderr: format!("coopbooks: no contracts in {month}: no payslip written\n"),
            problems: false,
        });
    }
    std::fs::create_dir_all(out).map_err(|e| anyhow!("cannot create {}: {e}", out.display()))?;
    let ytd = pay::year_to_date(books, month);
    let mut stdout = String::new();
    for (path, m) in &files {
        let slip = Payslip::new(books, m, &ytd[m.member.0 as usize]);
        let bytes = match format {
            SlipFormat::Pdf => payslip::pdf::render(&slip),
            SlipFormat::Html => payslip::html::render(&slip).into_bytes(),
            SlipFormat::Txt => payslip::txt::render(&slip).into_bytes(),
        };
        crate::write::atomic(path, &bytes)?;
        stdout.push_str(&format!("{}\n", path.display()));
    }
    if warnings.is_empty() {
        return Ok(Output {
            stdout,
            ..Output::default()
        });
    }
    Ok(Output {
        stdout,
        stderr: warnings,
        problems: false,
    })
}
