//! The command line, as clap definitions only: also the source of the man page.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_LONG_HELP: &str = "\
The books directory:
  coop.toml            the co-op: currency, levies, funds, payroll, rules, patronage
  members/<id>.toml    one file per member; the file stem is the member id
  contracts/*.csv      id, member, client, date, hours, amount [, expenses, description]
  payments/*.csv       contract, date, amount [, kind (payment|writeoff), memo]
  ledger/*.csv         date, kind, amount [, fund, to, member, memo]; kind is income,
                       cost, transfer, share or redeem

Money has at most 2 decimal places and a dot for decimals; rates are written \"6.5%\" or \"0.065\";
dates are YYYY-MM-DD. Problems are reported as file:line: message.

Exit status:
  0  success
  1  the books have problems (anything `check` reports)
  2  a usage error, or a books directory or file that cannot be found or read

Examples:
  coopbooks init my-coop
  coopbooks --books my-coop check
  coopbooks --books my-coop pay 2026-03 --contracts
  coopbooks --books my-coop --format json member alice --period 2026-Q1";

#[derive(Parser, Debug)]
#[command(
    name = "coopbooks",
    version,
    about = "Keep the books of a worker or freelancer cooperative in plain files",
    long_about = "Keep the books of a worker or freelancer cooperative in plain files.\n\n\
        coopbooks reads a books directory (coop.toml, members/*.toml, contracts/*.csv, \
        payments/*.csv, ledger/*.csv) and computes each member's levies, salary or fee, \
        contributions, withholding and net pay, exactly to the cent.\n\n\
        The books directory is --books DIR, else $COOPBOOKS_DIR, else the nearest directory \
        at or above the current one that holds a coop.toml.",
    after_long_help = AFTER_LONG_HELP,
    after_help = "Examples:\n  coopbooks init my-coop\n  coopbooks --books my-coop check\n  \
        coopbooks --books my-coop pay 2026-03\n  coopbooks --books my-coop --format json member alice --period 2026-Q1"
)]
pub struct Cli {
    /// The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "COOPBOOKS_DIR",
        hide_env = true
    )]
    pub books: Option<PathBuf>,

    /// Read the books as they were at a git revision (a commit, branch or tag) instead of as
    /// they are in the working tree
    #[arg(long, global = true, value_name = "REV")]
    pub rev: Option<String>,

    /// Output format: a table for people, CSV or JSON for scripts
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// When to colour the output (NO_COLOR in the environment also turns it off)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SlipFormat {
    /// A4 PDF with selectable text
    Pdf,
    /// One self-contained HTML page
    Html,
    /// Plain text
    Txt,
}

impl SlipFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SlipFormat::Pdf => "pdf",
            SlipFormat::Html => "html",
            SlipFormat::Txt => "txt",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write example books (the Atelier Commun co-op) to a new or empty directory
    Init {
        /// The directory to create; it must not exist or be empty
        dir: PathBuf,
    },
    /// Validate everything; problems are listed as file:line: message
    Check,
    /// The month's pay, per member and in total
    Pay {
        /// The pay month, as YYYY-MM
        month: String,
        /// Also list every contract with its levies and budget
        #[arg(long)]
        contracts: bool,
    },
    /// Export payslips: one file per member paid in the month, named MONTH-ID.EXT
    Payslips {
        /// The pay month, as YYYY-MM
        month: String,
        /// The directory to write to (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The file format
        #[arg(long = "as", value_name = "FORMAT", value_enum, default_value_t = SlipFormat::Pdf)]
        slip_format: SlipFormat,
        /// Only this member's payslip
        #[arg(long, value_name = "ID")]
        member: Option<String>,
        /// Overwrite payslips that already exist
        #[arg(long)]
        force: bool,
    },
    /// One member's statement: details, pay per month, contracts and what clients paid
    Member {
        /// The member id (the file stem of members/<id>.toml)
        id: String,
        /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest contract]
        #[arg(long, value_name = "P")]
        period: Option<String>,
    },
    /// Per fund: opening balance, each kind of movement, closing balance
    Funds {
        /// 2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest dated row]
        #[arg(long, value_name = "P")]
        period: Option<String>,
    },
    /// The guarantee fund: advances outstanding, their aging, write-offs and coverage
    Guarantee {
        /// The date, YYYY-MM-DD [default: the latest dated row]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// A year's surplus, set-asides, and each member's allocation, cash and retained
    Patronage {
        /// The year, as YYYY
        year: String,
    },
    /// Each member's capital account: shares, retained allocations, redemptions, what is due
    Capital {
        /// The date, YYYY-MM-DD [default: the latest dated row]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Close a month or a year: write closes/PERIOD.toml; its figures may then never change
    Close {
        /// A month (2026-03) or a year (2026); a year needs its months with contracts closed
        period: String,
        /// Record this date in the close file as the day it was closed (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}
