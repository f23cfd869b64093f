//! `init DIR`: write the example books (the same as `fixtures/atelier`) to a new or empty directory.

use super::{Ctx, Output};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

macro_rules! example {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../fixtures/atelier/", $path)))),*]
    };
}

/// Every file of the example books, as (path, contents).
pub const EXAMPLE: &[(&str, &str)] = example![
    "coop.toml",
    "clients/Brasserie du Canal.toml",
    "clients/Coop IT Services.toml",
    "clients/Fablab Aachen.toml",
    "clients/Fablab Liège.toml",
    "clients/Festival Esperanzah.toml",
    "clients/Librairie Point Virgule.toml",
    "clients/Maison de la Culture.toml",
    "clients/Musée de la Photographie.toml",
    "clients/Théâtre National.toml",
    "clients/Théâtre du Parc.toml",
    "clients/Ville de Namur.toml",
    "clients/École de Cirque.toml",
    "members/alice.toml",
    "members/bruno.toml",
    "members/chloe.toml",
    "members/david.toml",
    "members/emma.toml",
    "members/farid.toml",
    "members/greta.toml",
    "members/hugo.toml",
    "members/ines.toml",
    "members/zoe.toml",
    "contracts/2026-01.csv",
    "contracts/2026-02.csv",
    "contracts/2026-03.csv",
    "contracts/2026-04.csv",
    "payments/2026.csv",
    "ledger/2025.csv",
    "ledger/2026.csv",
    "bank/rules.toml",
    "bank/statements.csv",
];

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to create; it must not exist or be empty
    pub dir: PathBuf,
    /// Instead of the example, books of your own co-op named NAME: a coop.toml whose every
    /// key is explained, no members, no rows
    #[arg(long, value_name = "NAME")]
    pub blank: Option<String>,
}

/// The coop.toml of blank books: every key there is to set, explained, the optional ones
/// commented out; `check` passes on it as it is.
fn blank_coop(name: &str) -> String {
    let quoted = toml::Value::String(name.to_string()).to_string();
    let shown = crate::text::escaped(name);
    format!(
        "# The books of {shown} (coopbooks). `coopbooks books` describes every file and key;\n\
         # add members/ID.toml for each member, contracts/*.csv, payments/*.csv and ledger/*.csv.\n\
         name = {quoted}\n\
         currency = \"EUR\"                     # ISO 4217 code of every amount\n\
         pay_within_working_days = 7          # a contract's pay date: this many working days after it\n\
         holidays = []                        # dates that are not working days: [\"2027-01-01\", ...]\n\
         # guarantee_fund = \"guarantee\"       # the fund that fronts what clients have not paid\n\
         \n\
         [funds.operations]\n\
         opening = \"0.00\"                     # its balance on the day the books start\n\
         # minimum = \"0.00\"                   # check fails below it (a warning below zero without)\n\
         \n\
         # [[levies]]                         # taken from every contract, in this order\n\
         # name = \"mutual\"\n\
         # rate = \"8%\"\n\
         # fund = \"operations\"\n\
         \n\
         [payroll]\n\
         model = \"salaried\"                   # or \"contractor\"; a member's file may say otherwise\n\
         employer_rate = \"0%\"                 # employer contributions, on top of gross salary: set yours\n\
         employee_rate = \"0%\"                 # employee contributions, out of gross salary: set yours\n\
         # withholding = [{{ above = \"0.00\", rate = \"0%\" }}]   # monthly table on taxable pay\n\
         # withhold_contractors = true        # the table on contractors' fees too (default: paid whole)\n\
         \n\
         # [bank]                             # the account members are paid from (payouts, import)\n\
         # name = {quoted}\n\
         # iban = \"BE.. .... .... ....\"\n\
         # opening = {{ date = \"YYYY-MM-DD\", balance = \"0.00\" }}   # its balance the day the books start\n\
         \n\
         # [patronage]                        # sharing a year's surplus with the members\n\
         # surplus_fund = \"operations\"\n\
         # basis = {{ hours = \"50%\", budget = \"50%\" }}\n\
         # cash = \"20%\"\n"
    )
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Output> {
    let dir: &Path = &args.dir;
    if dir.symlink_metadata().is_ok() {
        // Into an existing directory: it must be empty (but for what a killed coopbooks left),
        // and stays locked until written. coop.toml is put in place last, so that a killed
        // `init` leaves no books.
        ctx.lock_for_writing(dir)?;
        crate::write::remove_stale_temporaries(dir);
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; init writes only to a new or empty directory",
                dir.display()
            );
        }
        write_books(dir, args.blank.as_deref())?;
    } else {
        // A new directory is written whole under a hidden name beside it, then renamed.
        let staging = crate::write::temporary(dir);
        let written = std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", dir.display()))
            .and_then(|()| write_books(&staging, args.blank.as_deref()))
            .and_then(|()| {
                std::fs::rename(&staging, dir)
                    .with_context(|| format!("cannot create {}", dir.display()))
            });
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        written?;
        crate::write::sync_parent(dir).with_context(|| format!("cannot sync {}", dir.display()))?;
    }
    Ok(Output {
        stdout: match &args.blank {
            Some(_) => blank_next_steps(dir),
            None => next_steps(dir),
        },
        ..Output::default()
    })
}

/// What was written for blank books, and what to do next.
fn blank_next_steps(dir: &Path) -> String {
    let shown = crate::text::escaped(&dir.display().to_string()).into_owned();
    format!(
        "Wrote blank books to {shown}: coop.toml, with every key explained.\nNext: set your \
         rates in coop.toml, add a members/ID.toml per member and contracts/*.csv, then \
         `coopbooks --books {shown} check`.\n"
    )
}

/// What was written, and the three commands to try next (the directory quoted for the shell
/// where it needs to be).
fn next_steps(dir: &Path) -> String {
    let shown = dir.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c);
    let arg = if !shown.is_empty() && shown.chars().all(plain) {
        shown.clone()
    } else {
        format!("'{}'", shown.replace('\'', "'\\''"))
    };
    format!(
        "Wrote example books to {}.\nTry:\n  coopbooks --books {arg} check\n  \
         coopbooks --books {arg} pay 2026-03\n  coopbooks --books {arg} member alice\n",
        crate::text::escaped(&shown)
    )
}

/// Every file of the example books (or blank books' coop.toml) into a directory, as one
/// atomic batch (coop.toml last).
fn write_books(dir: &Path, blank: Option<&str>) -> Result<()> {
    let mut batch = crate::write::Batch::new(dir)?;
    let coop_text;
    let files: Vec<(&str, &str)> = match blank {
        Some(name) => {
            coop_text = blank_coop(name);
            vec![("coop.toml", coop_text.as_str())]
        }
        None => EXAMPLE.to_vec(),
    };
    let (coop, rest): (Vec<_>, Vec<_>) = files.iter().partition(|(rel, _)| *rel == "coop.toml");
    for (rel, text) in rest.into_iter().chain(coop) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        batch.add(&path, text.as_bytes())?;
    }
    batch.commit()
}
