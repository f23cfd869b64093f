//! The command line: the global options and the commands (each command's own arguments live
//! beside its code in `cmd/`). Also the source of the man pages and completions.

use crate::cmd;
pub use crate::report::Format;
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
  1  the books have problems (anything `check` reports); with `fmt --check`, files not in
     canonical form; with `diff --exit-code`, figures that changed; with `import`, credits
     left unmatched or a statement that cannot be read
  2  a usage error; a refusal to write (a period already closed or closed out of order, a
     file that exists without --force, another coopbooks writing the same books); or a books
     directory or file that cannot be found or read

Examples:
  coopbooks init my-coop
  coopbooks --books my-coop check
  coopbooks --books my-coop pay 2026-03 --contracts
  coopbooks --books my-coop --format json member alice --period 2026-Q1
  coopbooks --books my-coop fmt --check
  coopbooks --books my-coop diff HEAD~1
  coopbooks --books my-coop export hledger --period 2026 > 2026.journal";

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

    /// How long to wait, in seconds, while another coopbooks writes the same books (or, for a
    /// command that writes, reads them)
    #[arg(long, global = true, value_name = "SECONDS", default_value = "5", value_parser = crate::cmd::seconds_arg)]
    pub wait: std::time::Duration,

    /// Tables with every column (the default shows those read first, and fits the terminal)
    #[arg(long, short = 'w', global = true)]
    pub wide: bool,

    /// Read every year's rows, also those of the closed years a report would open from (their
    /// year's close carries them): slower, and the same figures
    #[arg(long, global = true)]
    pub all_years: bool,

    /// No progress on stderr (it is shown only on a terminal, and never in CI)
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// When to colour the output (NO_COLOR in the environment also turns it off)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
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
    Init(cmd::init::Args),
    /// Validate everything; problems are listed as file:line: message
    Check(cmd::check::Args),
    /// Add a member or a contract: checked as check would, written in its place, printed
    #[command(
        after_help = "Examples:\n  coopbooks add member lukasz --name 'Łukasz Nowak' --joined 2026-04-01 --iban 'BE71 0961 2345 6769'\n  \
        coopbooks add contract --member lukasz --client 'Ville de Namur' --date 2026-04-08 --hours 12 --amount 960.00 --description 'Poster series'"
    )]
    Add(cmd::add::Args),
    /// The month's pay, per member and in total
    Pay(cmd::pay::Args),
    /// Export payslips (a contractor's is a fee statement): one file per member paid in the
    /// month, named MONTH-ID.EXT
    Payslips(cmd::payslips::Args),
    /// Import the bank's statements (camt.053): client payments into payments/YYYY.csv,
    /// payouts, returns, refunds and what the bank rules match into ledger/YYYY.csv, and each
    /// statement's balances into bank/statements.csv
    #[command(
        long_about = "Import the bank's statements (camt.053) into the books, every booked line \
        as a row of the year it was booked in, and each statement's opening and closing \
        balances into bank/statements.csv (which check and bank then meet).\n\n\
        A credit in the co-op's currency is a client's payment of the contract it names: by a \
        structured creditor reference that is the contract's RF reference (`--wide member ID` \
        shows it), else by the contract's id as a whole word of the remittance text, in any \
        case. One naming several contracts whose amounts still open add up to it exactly pays \
        each. A debit whose end-to-end id is one the payouts file wrote (2026-03-alice) is that \
        payout paid, and a payout sent back a returned payout. Any other line is written as \
        the first rule of bank/rules.toml that matches it says (a cost, income, a share, a \
        redemption, a remittance to the tax office or social security). The bank's reference \
        of the line becomes the row's memo, so importing a statement again adds nothing. A \
        line booked in a closed month is recorded on the first day open, its bank date in \
        the row's booked column. Pending entries, reversals and returns of anything but a \
        payout are skipped. A line nothing matches (or more than its contract still has \
        outstanding, in another currency, before the bank's opening) is left unmatched and \
        listed, to be settled by hand; the command then exits 1 (the others are imported all \
        the same).",
        after_help = "Examples:\n  coopbooks import camt053 statement-2026-04.xml --dry-run\n  \
        coopbooks import camt053 statements/*.xml && coopbooks check && coopbooks bank"
    )]
    Import(cmd::import::Args),
    /// The month's payouts as a SEPA credit transfer file (pain.001.001.09) to upload to the
    /// co-op's bank ([bank] in coop.toml): one transfer per member paid
    #[command(
        after_help = "Example:\n  coopbooks payouts 2026-03 --out payouts-2026-03.xml && \
        xmllint --noout --schema pain.001.001.09.xsd payouts-2026-03.xml"
    )]
    Payouts(cmd::payouts::Args),
    /// One member's statement: details, pay per month, contracts and what clients paid
    Member(cmd::member::Args),
    /// Per fund: opening balance, each kind of movement, closing balance
    Funds(cmd::funds::Args),
    /// The bank account day by day: opening, each movement and the balance after it,
    /// closing; and each statement's balances beside the books'
    #[command(
        long_about = "The bank account day by day over a period: the balance at its start         (coop.toml's [bank] opening and the movements before), each movement at its bank         date with the balance after it, the balance at its end. A movement is a client's         payment or a ledger row that moves money: income, a cost with its VAT, a share, a         redemption, a payout, a returned payout, a refund, a remittance to the tax office or         social security. A row recorded late (its month closed when the bank booked it) is at         its booked date.

        Then each statement import recorded (bank/statements.csv) whose last day is in the         period: the bank's opening and closing balances beside the books', and the         difference. Exit 1 when one is not met.",
        after_help = "Examples:
  coopbooks bank --period 2026-04
          coopbooks --format csv bank > bank-2026.csv"
    )]
    Bank(cmd::bank::Args),
    /// The guarantee fund: advances outstanding, their aging, write-offs and coverage; with
    /// --stress, what it can take if clients do not pay
    Guarantee(cmd::guarantee::Args),
    /// A period's VAT return: per rate the invoices' base and VAT, the VAT of debts written
    /// off, the deductible VAT of costs, and the VAT payable
    #[command(
        long_about = "A period's VAT return, for books with [vat] in coop.toml.\n\n\
        Per rate and percentage (EN 16931 category S, Z, E, AE, K, G or O), the invoices dated \
        in the period: how many, their amounts without VAT (the taxable base) and their VAT, \
        each invoice's VAT rounded to the cent. Then the output VAT; less the VAT of the \
        write-offs dated in the period (a payment or write-off pays an invoice's amount and \
        its VAT in proportion, and VAT the client never pays is not owed to the state); less \
        the deductible VAT of the ledger's costs dated in the period (their vat column): the \
        VAT payable, or, below zero, what the state owes back.",
        after_help = "Examples:\n  coopbooks vat 2026-Q1\n  coopbooks --format csv vat 2026-03"
    )]
    Vat(cmd::vat::Args),
    /// The period's invoices and credit notes as documents: a Peppol e-invoice (UBL) and a PDF
    /// per contract, named ID.xml and ID.pdf
    #[command(
        long_about = "The invoices and credit notes of the contracts dated in a period, as \
        documents for the clients: one per contract, an invoice, or a credit note for a row \
        that corrects one, named ID.xml and ID.pdf.\n\n\
        The XML is a UBL 2.1 Invoice or CreditNote to Peppol BIS Billing 3.0 (EN 16931): the \
        co-op as seller ([seller] in coop.toml) and the client as buyer (clients/ID.toml, \
        which must exist, with its country and its Peppol endpoint), the line, its VAT \
        category, rate and exemption reason, the totals, and payment by SEPA credit transfer \
        to [bank]'s IBAN with the contract's RF reference. The PDF shows the same figures on \
        A4, with a QR code a banking app scans to pay (EPC069-12). A contract that cannot be \
        invoiced is named at its row and nothing is written (exit 1). Documents are written \
        all at once or not at all; one that exists is overwritten only with --force.",
        after_help = "Examples:\n  coopbooks invoices 2026-03 --out invoices/2026-03\n  \
        coopbooks invoices 2026-03 --out out --as ubl --contract C-2026-025"
    )]
    Invoices(cmd::invoices::Args),
    /// A year's surplus, set-asides, and each member's allocation, cash and retained
    Patronage(cmd::patronage::Args),
    /// The year for the members' general assembly: one self-contained HTML page of charts and
    /// their figures, and the same as an A4 PDF
    #[command(
        after_help = "Examples:\n  coopbooks report 2026 --out assembly-2026.html\n  \
        coopbooks report 2026 --out assembly-2026.html --pdf assembly-2026.pdf --names --force"
    )]
    Report(cmd::report::Args),
    /// Each member's capital account: shares, retained allocations, redemptions, what is due
    Capital(cmd::capital::Args),
    /// Close a month or a year: write closes/PERIOD.toml; its figures may then never change
    Close(cmd::close::Args),
    /// Rewrite the books' files in one canonical form, so that a change shows as the lines it
    /// changes
    Fmt(cmd::fmt::Args),
    /// What changed between two git revisions of the books (or one and the working tree): in
    /// the files, and in every member's pay, every fund, the patronage and the closed periods
    Diff(cmd::diff::Args),
    /// The books as a double-entry journal for hledger or beancount, on stdout: every
    /// contract, payment, ledger row, member's month, guarantee advance and patronage
    /// allocation, with every fund's balance asserted at each month's end
    #[command(
        after_help = "Examples:\n  coopbooks export hledger > books.journal && \
        hledger -f books.journal -s check ordereddates\n  \
        coopbooks export beancount --period 2026 > 2026.beancount && bean-check 2026.beancount"
    )]
    Export(cmd::export::Args),
    /// The shell completion script for SHELL, on stdout
    #[command(
        long_about = "The completion script for a shell, on stdout: commands, options, \
        their values, member ids and months complete with Tab. At each Tab the script runs \
        coopbooks (from PATH) with COMPLETE set, which answers. Install it where the shell \
        reads completions (the README says where for each shell).",
        after_help = "Examples:\n  coopbooks completions bash > ~/.local/share/bash-completion/completions/coopbooks\n  \
        coopbooks completions fish > ~/.config/fish/completions/coopbooks.fish\n  \
        echo 'source <(coopbooks completions zsh)' >> ~/.zshrc"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The format of the books: every file, column and key, with its type, its default and
    /// what is checked (the manual page coopbooks-books(5))
    #[command(long_about = None, after_long_help = crate::manual::text(crate::manual::BOOKS_5))]
    Books,
}

/// The completion script of coopbooks for `shell`, as `completions` prints it and
/// `completions/` holds it.
pub fn completion_script(shell: clap_complete::Shell) -> String {
    crate::complete::script(&shell.to_string())
}

impl Cli {
    /// The global options, for the commands' context (`cmd::Ctx`).
    pub fn globals(&self) -> cmd::Globals {
        cmd::Globals {
            books: self.books.clone(),
            rev: self.rev.clone(),
            format: self.format,
            wide: self.wide,
            quiet: self.quiet,
            all_years: self.all_years,
            color: match self.color {
                ColorChoice::Always => Some(true),
                ColorChoice::Never => Some(false),
                ColorChoice::Auto => None,
            },
            wait: self.wait,
        }
    }
}

impl Command {
    /// Runs the command.
    pub fn run(&self, ctx: &cmd::Ctx) -> anyhow::Result<cmd::Output> {
        let mut out = self.output(ctx)?;
        if let Some(note) = crate::report::table::narrowed() {
            out.stderr.push_str(note);
        }
        Ok(out)
    }

    fn output(&self, ctx: &cmd::Ctx) -> anyhow::Result<cmd::Output> {
        use cmd::*;
        match self {
            Command::Init(args) => init::run(ctx, args),
            Command::Check(args) => check::run(ctx, args),
            Command::Add(args) => add::run(ctx, args),
            Command::Pay(args) => pay::run(ctx, args),
            Command::Payslips(args) => payslips::run(ctx, args),
            Command::Import(args) => import::run(ctx, args, &mut std::io::stdout().lock()),
            Command::Payouts(args) => payouts::run(ctx, args),
            Command::Member(args) => member::run(ctx, args),
            Command::Funds(args) => funds::run(ctx, args),
            Command::Bank(args) => bank::run(ctx, args),
            Command::Guarantee(args) => guarantee::run(ctx, args),
            Command::Vat(args) => vat::run(ctx, args),
            Command::Invoices(args) => invoices::run(ctx, args),
            Command::Patronage(args) => patronage::run(ctx, args),
            Command::Report(args) => report::run(ctx, args),
            Command::Capital(args) => capital::run(ctx, args),
            Command::Close(args) => close::run(ctx, args),
            Command::Fmt(args) => fmt::run(ctx, args),
            Command::Diff(args) => diff::run(ctx, args),
            Command::Export(args) => export::run(ctx, args, &mut std::io::stdout().lock()),
            Command::Books => Ok(Output {
                stdout: crate::manual::text(crate::manual::BOOKS_5),
                stderr: String::new(),
            }),
            Command::Completions { shell } => Ok(Output {
                stdout: completion_script(*shell),
                stderr: String::new(),
            }),
        }
    }
}
