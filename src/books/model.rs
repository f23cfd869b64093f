//! The typed model of the books: the co-op, its members, contracts, payments and ledger rows.

use super::ids::Interner;
pub use super::index::{ContractId, FileId, FundId, Loc, MemberId};
use crate::money::{Hours, Money, Rate};
use crate::period::{Calendar, Month};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// A file of the books as read: its path relative to the books directory and its bytes
/// (a leading BOM included), kept so that rows can be read back losslessly.
pub struct BookFile {
    pub rel: String,
    pub bytes: super::source::Bytes,
}

/// `members/alice.toml` → `alice`: a record's id is its file's name without folder and `.toml`.
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.trim_end_matches(".toml")
}

pub struct Books {
    pub root: PathBuf,
    /// Every file read, indexed by `FileId`: coop.toml, contracts, payments, ledger, closes,
    /// clients, the closed years' files mapped to be hashed (`History::Sealed`), members,
    /// each folder in name order; then the bank's files.
    pub files: Vec<BookFile>,
    pub coop: Coop,
    /// Sorted by id; a `MemberId` is the member's number in `member_ids` too.
    pub members: Vec<Member>,
    pub(crate) member_ids: Interner,
    pub(crate) clients: Interner,
    /// In the order read (files in name order, rows in line order).
    pub contracts: Vec<Contract>,
    /// Every contract id seen, numbered, and what each names.
    pub(crate) contract_ids: super::contract_ids::ContractIds,
    pub payments: Vec<Payment>,
    pub ledger: Vec<LedgerRow>,
    /// The close files, in name order.
    pub closes: Vec<super::CloseFile>,
    /// `clients/<id>.toml`, by id (none for books without `clients/`).
    pub client_records: Vec<Client>,
    /// `bank/statements.csv`: the balances of the statements imported, in row order.
    pub statements: Vec<StatementBalance>,
    /// `bank/rules.toml`, in order.
    pub rules: Vec<BankRule>,
    /// The closed year these books were read from, when a command reads the open years only
    /// (`History::After`): rows dated in it or before are not here; its close's carry stands
    /// for them.
    pub cut: Option<super::Cut>,
    /// Files the closes record up to a cut that a git commit deleted (archived out of the
    /// working tree), for `check` (`History::Sealed`): not read, and not hashed.
    pub archived: Vec<String>,
}

pub struct Coop {
    pub name: String,
    pub currency: String,
    pub pay_within_working_days: u32,
    pub calendar: Calendar,
    pub guarantee_fund: Option<FundId>,
    /// Sorted by name; a `FundId` indexes this.
    pub funds: Vec<Fund>,
    /// One per levy name, in the order the names first appear.
    pub levies: Vec<Levy>,
    /// `[payroll]` then each dated change, cumulative, in order of `since`.
    pub payroll: Vec<PayrollStep>,
    pub rules: Rules,
    pub patronage: Option<Patronage>,
    pub capital: Capital,
    /// `[bank]`: the account the members are paid from.
    pub bank: Option<Bank>,
    /// `[seller]`: the co-op as the seller on its invoices.
    pub seller: Option<Seller>,
    /// `[invoices] terms_days`: days from an invoice's date to its due date.
    pub terms_days: u32,
    /// `[vat]`: the VAT rates; `None` for books without VAT.
    pub vat: Option<Vat>,
    /// The line of each top-level key or table, for messages.
    pub lines: HashMap<String, u32>,
}

pub struct Fund {
    pub name: String,
    pub opening: Money,
    /// The balance the fund may not go below (`minimum`): below it, an error of `check`;
    /// without it, a warning below zero.
    pub minimum: Option<Money>,
}

/// The co-op's bank account, `[bank]` in coop.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bank {
    pub name: String,
    /// Without spaces.
    pub iban: String,
    pub bic: Option<String>,
    /// `opening`: the account's balance before the first movement of the books.
    pub opening: Option<BankOpening>,
}

/// The account's balance at the start of `date` (every movement of the books is on or after
/// it), and what was owed to the state then, from the books the co-op kept before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankOpening {
    pub date: NaiveDate,
    pub balance: Money,
    /// Withholding owed to the tax office at the opening.
    pub owed_tax: Money,
    /// Contributions owed to social security at the opening.
    pub owed_social: Money,
}

/// The co-op as the seller of its invoices, `[seller]` in coop.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seller {
    pub name: String,
    /// Compact, with its country prefix (`BE0123456749`).
    pub vat_number: String,
    pub company_id: String,
    pub street: String,
    pub city: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The Peppol electronic address: (scheme, identifier).
    pub endpoint: (String, String),
    pub email: Option<String>,
}

/// A client, `clients/<id>.toml`: who a contract's `client` names, as its invoices need it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    /// The file's stem, which contracts name.
    pub id: String,
    pub name: String,
    /// Compact, with its country prefix.
    pub vat_number: Option<String>,
    pub company_id: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    /// The Peppol electronic address: (scheme, identifier).
    pub endpoint: Option<(String, String)>,
    pub email: Option<String>,
    /// Where a refund is paid.
    pub iban: Option<String>,
    /// Days to pay, instead of coop.toml's `[invoices] terms_days`.
    pub terms_days: Option<u32>,
    /// The VAT rate of this client's invoices (index into `Vat::rates`), instead of the
    /// co-op's default.
    pub vat: Option<usize>,
    pub file: FileId,
}

/// The VAT category of a rate (EN 16931's UNCL5305 codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VatCategory {
    /// `S`: standard rated.
    Standard,
    /// `Z`: zero rated.
    Zero,
    /// `E`: exempt.
    Exempt,
    /// `AE`: reverse charge.
    ReverseCharge,
    /// `K`: intra-community supply.
    IntraCommunity,
    /// `G`: export outside the EU.
    Export,
    /// `O`: outside the scope of VAT.
    OutsideScope,
}

impl VatCategory {
    pub const ALL: [VatCategory; 7] = [
        VatCategory::Standard,
        VatCategory::Zero,
        VatCategory::Exempt,
        VatCategory::ReverseCharge,
        VatCategory::IntraCommunity,
        VatCategory::Export,
        VatCategory::OutsideScope,
    ];

    /// Its UNCL5305 code, as coop.toml and the e-invoice write it.
    pub fn code(self) -> &'static str {
        match self {
            VatCategory::Standard => "S",
            VatCategory::Zero => "Z",
            VatCategory::Exempt => "E",
            VatCategory::ReverseCharge => "AE",
            VatCategory::IntraCommunity => "K",
            VatCategory::Export => "G",
            VatCategory::OutsideScope => "O",
        }
    }

    /// Whether an invoice must say why no VAT is charged (an exemption reason): every
    /// category but standard and zero rated.
    pub fn needs_reason(self) -> bool {
        !matches!(self, VatCategory::Standard | VatCategory::Zero)
    }
}

/// The VAT rates, `[vat]` in coop.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vat {
    /// Index into `rates`: the rate of a contract that names none (nor its client).
    pub default: usize,
    /// By name.
    pub rates: Vec<VatRate>,
}

/// A named VAT rate, `[vat.rates.NAME]`: its category and its percentage over time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VatRate {
    pub name: String,
    pub category: VatCategory,
    /// The rate and reason from the start, then each dated change, in order of `since`.
    pub steps: Vec<VatStep>,
}

/// A VAT rate in force from a date (`None`: from the start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VatStep {
    pub since: Option<NaiveDate>,
    pub rate: Rate,
    /// The exemption reason printed on the invoice (categories other than S and Z).
    pub reason: Option<String>,
}

impl VatRate {
    /// The step in force on a date.
    pub fn on(&self, date: NaiveDate) -> &VatStep {
        (self.steps.iter())
            .rev()
            .find(|s| s.since.is_none_or(|d| d <= date))
            .unwrap_or(&self.steps[0])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevyBase {
    Amount,
    AmountLessExpenses,
}

pub struct Levy {
    pub name: String,
    /// Sorted by `since`, the undated entry first.
    pub entries: Vec<LevyEntry>,
}

pub struct LevyEntry {
    pub since: Option<NaiveDate>,
    pub rate: Rate,
    pub fund: FundId,
    pub base: LevyBase,
    pub line: u32,
}

impl Levy {
    /// The entry in force on a date: the latest `since` on or before it.
    pub fn in_force(&self, date: NaiveDate) -> Option<&LevyEntry> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.since.is_none_or(|s| s <= date))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PayModel {
    Salaried,
    Contractor,
}

impl PayModel {
    pub fn as_str(self) -> &'static str {
        match self {
            PayModel::Salaried => "salaried",
            PayModel::Contractor => "contractor",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bracket {
    pub above: Money,
    pub rate: Rate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payroll {
    pub model: PayModel,
    pub employer_rate: Rate,
    pub employee_rate: Rate,
    /// Empty: no withholding table.
    pub withholding: Vec<Bracket>,
    /// Whether the table applies to contractors' fees too (`withhold_contractors`); by
    /// default a contractor's fee is paid whole, taxed by the contractor's own return. A
    /// member's flat `withholding_rate` applies whatever the model.
    pub withhold_contractors: bool,
}

pub struct PayrollStep {
    pub since: Option<NaiveDate>,
    pub settings: Payroll,
    pub line: u32,
}

impl Coop {
    /// The payroll settings in force for a pay month.
    pub fn payroll_for(&self, month: Month) -> &Payroll {
        let first = month.first_day();
        self.payroll
            .iter()
            .rev()
            .find(|s| s.since.is_none_or(|d| d <= first))
            .or(self.payroll.first())
            .map(|s| &s.settings)
            .unwrap_or(&DEFAULT_PAYROLL)
    }

    pub fn fund(&self, id: FundId) -> &Fund {
        &self.funds[id.0 as usize]
    }

    pub fn fund_by_name(&self, name: &str) -> Option<FundId> {
        self.funds
            .binary_search_by(|f| f.name.as_str().cmp(name))
            .ok()
            .map(|i| FundId(i as u32))
    }

    /// The line of coop.toml that declares a fund (`[funds.NAME]`, quoted or not, else the
    /// `[funds]` table's).
    pub fn fund_line(&self, fund: FundId) -> u32 {
        let name = &self.fund(fund).name;
        [
            format!("funds.{name}"),
            format!("funds.\"{name}\""),
            "funds".into(),
        ]
        .iter()
        .find_map(|k| self.lines.get(k).copied())
        .unwrap_or(1)
    }

    /// Every fund's name, in the order of coop.toml.
    pub fn fund_names(&self) -> impl Iterator<Item = &str> {
        self.funds.iter().map(|f| f.name.as_str())
    }

    pub fn line_of(&self, key: &str) -> u32 {
        self.lines.get(key).copied().unwrap_or(1)
    }
}

static DEFAULT_PAYROLL: Payroll = Payroll {
    model: PayModel::Salaried,
    employer_rate: Rate::ZERO,
    employee_rate: Rate::ZERO,
    withholding: Vec::new(),
    withhold_contractors: false,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViolationPolicy {
    Error,
    Warn,
}

pub struct Rules {
    pub min_hourly_wage: Option<Money>,
    pub min_contract_hours: Option<Hours>,
    pub violations: ViolationPolicy,
}

pub struct Patronage {
    pub surplus_fund: FundId,
    /// Weights over hours, turnover and budget, in that order; absent means 0.
    pub basis: [Rate; 3],
    pub cash: Rate,
    pub set_aside: Vec<(FundId, Rate)>,
    /// The month and day, in the year after a closed year, on which the general meeting
    /// decides its patronage (`decided = "MM-DD"`); `None`: on 31 December of the year.
    pub decided: Option<(u32, u32)>,
}

impl Patronage {
    /// The day a closed year's patronage is decided: from its end, its cash part is owed to
    /// the members.
    pub fn decided_on(&self, year: i32) -> Option<NaiveDate> {
        match self.decided {
            Some((month, day)) => NaiveDate::from_ymd_opt(year.checked_add(1)?, month, day),
            None => NaiveDate::from_ymd_opt(year, 12, 31),
        }
    }
}

#[derive(Default)]
pub struct Capital {
    pub revolve_years: Option<u32>,
}

pub struct Member {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub iban: Option<String>,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    /// Also works through the co-op as a user outside the membership's dates (before
    /// `joined`, after `left`): such contracts are paid, count for no patronage, and are not
    /// errors.
    pub works_as_user: bool,
    pub model: Option<PayModel>,
    pub withholding_rate: Option<Rate>,
    /// Per levy (indexed like `Coop::levies`), the member's own rate if any.
    pub levy_overrides: Vec<Option<Rate>>,
    pub file: FileId,
}

impl Member {
    /// The IBAN with all but its last 4 characters masked: `**** **** **** 6769`.
    pub fn masked_iban(&self) -> Option<String> {
        let iban = self.iban.as_ref()?;
        let compact: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
        let keep = compact.len().saturating_sub(4);
        let masked: String = compact
            .iter()
            .enumerate()
            .map(|(i, &c)| if i < keep { '*' } else { c })
            .collect();
        let groups: Vec<String> = masked
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        Some(groups.join(" "))
    }

    /// A member-shareholder on a date: joined on or before it and not left before it.
    pub fn is_member_on(&self, date: NaiveDate) -> bool {
        self.joined.is_some_and(|j| j <= date) && self.left.is_none_or(|l| l >= date)
    }
}

pub struct Contract {
    /// The id's number (`Books::contract_id` gives its text).
    pub id: u32,
    pub member: MemberId,
    /// The client's number (`Books::client` gives its name).
    pub client: u32,
    pub date: NaiveDate,
    pub hours: Hours,
    pub amount: Money,
    pub expenses: Money,
    /// The row's own VAT rate (index into `Vat::rates`); `None` takes the client's, then the
    /// co-op's default.
    pub vat: Option<u16>,
    /// The invoice a credit note (a row with a negative amount) corrects, plus one (so that
    /// the contract stays within 64 bytes): `corrects()` gives it.
    pub(crate) corrects_next: Option<std::num::NonZeroU32>,
    pub src: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentKind {
    Payment,
    Writeoff,
}

pub struct Payment {
    pub contract: ContractId,
    pub date: NaiveDate,
    pub amount: Money,
    pub kind: PaymentKind,
    /// The bank's date of a payment recorded late (`booked`): it reached the books after its
    /// month was closed, so `date` is the first day of a month still open. Kept as days from
    /// `date` back to it, so that a payment stays within 40 bytes (`Payment::booked`).
    pub booked_before: u16,
    pub src: Loc,
}

impl Payment {
    /// The day the money moved on the bank account.
    pub fn bank_date(&self) -> NaiveDate {
        self.date - chrono::Days::new(u64::from(self.booked_before))
    }

    /// The bank's date, for a payment recorded late.
    pub fn booked(&self) -> Option<NaiveDate> {
        (self.booked_before > 0).then(|| self.bank_date())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerKind {
    Income,
    Cost,
    Transfer,
    Share,
    Redeem,
    /// A member's pay (or patronage cash) leaving the bank.
    Payout,
    /// A payout the member's bank sent back: owed to the member again.
    Returned,
    /// A client's refund leaving the bank (what a credit note made due).
    Refund,
    /// Withholding or contributions paid to the state.
    Remit(Authority),
}

/// Who a remittance pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// The tax office: the income tax withheld from pay.
    Tax,
    /// Social security: the employee's and the employer's contributions.
    Social,
}

impl LedgerKind {
    /// Its number, in the order of the `kind` column's words (and of the digests of closed
    /// periods: the first five kept theirs).
    pub fn code(self) -> u8 {
        match self {
            LedgerKind::Income => 0,
            LedgerKind::Cost => 1,
            LedgerKind::Transfer => 2,
            LedgerKind::Share => 3,
            LedgerKind::Redeem => 4,
            LedgerKind::Payout => 5,
            LedgerKind::Returned => 6,
            LedgerKind::Refund => 7,
            LedgerKind::Remit(Authority::Tax) => 8,
            LedgerKind::Remit(Authority::Social) => 9,
        }
    }

    /// The word the books write in the `kind` column.
    pub fn word(self) -> &'static str {
        match self {
            LedgerKind::Income => "income",
            LedgerKind::Cost => "cost",
            LedgerKind::Transfer => "transfer",
            LedgerKind::Share => "share",
            LedgerKind::Redeem => "redeem",
            LedgerKind::Payout => "payout",
            LedgerKind::Returned => "returned",
            LedgerKind::Refund => "refund",
            LedgerKind::Remit(_) => "remit",
        }
    }
}

impl Authority {
    /// The word the books write in a remittance's `to` column.
    pub fn word(self) -> &'static str {
        match self {
            Authority::Tax => "tax",
            Authority::Social => "social",
        }
    }
}

/// A bank statement's balances, as `import` recorded them (`bank/statements.csv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementBalance {
    /// The account's IBAN.
    pub account: String,
    /// The statement's id (`Stmt/Id`).
    pub statement: String,
    /// Its first and last day.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The balance at the start of `from`, and at the end of `to`.
    pub opening: Money,
    pub closing: Money,
    pub src: Loc,
}

/// A rule of `bank/rules.toml`: which statement lines it matches (all of what it gives), and
/// the ledger row it writes for one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankRule {
    pub name: String,
    pub kind: LedgerKind,
    /// It applies to credits (income, share), else to debits.
    pub credit: bool,
    /// Lower-cased: a text the counterparty's name holds, in any case.
    pub counterparty: Option<String>,
    /// The counterparty's IBAN, compact.
    pub iban: Option<String>,
    /// Lower-cased: a text the remittance information holds, in any case.
    pub text: Option<String>,
    pub fund: Option<FundId>,
    pub member: RuleMember,
    pub memo: String,
    /// Its line in the rules file.
    pub line: u32,
}

/// Whose row a rule writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleMember {
    None,
    Fixed(MemberId),
    /// The member whose file has the counterparty's IBAN.
    ByIban,
}

pub struct LedgerRow {
    pub date: NaiveDate,
    pub kind: LedgerKind,
    pub amount: Money,
    /// A cost's deductible VAT, paid on top of its amount (0.00 for none).
    pub vat: Money,
    pub fund: Option<FundId>,
    pub to: Option<FundId>,
    pub member: Option<MemberId>,
    /// A refund's credit note.
    pub contract: Option<ContractId>,
    /// The bank's date of a row recorded late (as a payment's).
    pub booked: Option<NaiveDate>,
    /// Whom the money came from or went to (a landlord, a funder), as typed; empty for none.
    pub payee: Box<str>,
    /// What an income or a cost is (`Rent`, `Grants`), as typed; empty for the default.
    pub category: Box<str>,
    pub src: Loc,
}

impl LedgerRow {
    /// The day the money moved on the bank account.
    pub fn bank_date(&self) -> NaiveDate {
        self.booked.unwrap_or(self.date)
    }

    /// What the row moves on the bank account: in (+), out (−), or nothing (a transfer
    /// between funds).
    pub fn bank_amount(&self) -> Money {
        match self.kind {
            LedgerKind::Income | LedgerKind::Share | LedgerKind::Returned => self.amount,
            LedgerKind::Cost => -(self.amount + self.vat),
            LedgerKind::Redeem | LedgerKind::Payout | LedgerKind::Refund | LedgerKind::Remit(_) => {
                -self.amount
            }
            LedgerKind::Transfer => Money::ZERO,
        }
    }
}

impl Contract {
    /// The invoice a credit note corrects (`None` for an invoice).
    pub fn corrects(&self) -> Option<ContractId> {
        self.corrects_next.map(|n| ContractId(n.get() - 1))
    }

    pub(crate) fn set_corrects(&mut self, invoice: ContractId) {
        self.corrects_next = std::num::NonZeroU32::new(invoice.0.wrapping_add(1));
    }
}

// A contract stays within 64 bytes, a payment within 40: a million of each are read on
// every run.
const _: () = assert!(std::mem::size_of::<Contract>() <= 64);
const _: () = assert!(std::mem::size_of::<Payment>() <= 40);
