//! The chart of accounts of the exported journal: the fixed accounts, one equity account per
//! fund, and the rule that turns a fund's name into an account name both tools accept.

use crate::books::{Books, FundId, LedgerKind};

/// An account of the journal. Dense: `Chart::position` numbers every account of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Account {
    /// Money in and out: client payments, ledger income and costs, shares, payouts.
    Bank,
    /// What clients owe: invoiced contracts and their VAT, less their payments and
    /// write-offs. Gross: nothing is set against it until paid or written off.
    Clients,
    /// A row the bank booked in a month already closed when it was recorded: on the bank
    /// from its bank date, in the books from the row's date.
    Suspense,
    /// What the members are owed: their net pay and patronage cash, until paid out.
    MembersDue,
    /// Social contributions owed: a remittance pays both parts at once.
    SocialDue,
    EmployerContributionsDue,
    EmployeeContributionsDue,
    WithholdingDue,
    /// The VAT of the invoices, owed to the state (books with `[vat]` only).
    VatOutput,
    /// The VAT paid on costs, deductible from what is owed (books with `[vat]` only).
    VatInput,
    Fund(FundId),
    /// What the guarantee fund has fronted on invoices not yet paid: taken out of the fund's
    /// account on the pay date, back into it when the client pays, and borne by the fund as
    /// a bad debt when the invoice is written off (books with a guarantee fund only).
    Fronted,
    /// The members' capital accounts, each posting tagged with its member.
    Capital,
    /// The part of members' capital that a share put into a fund or a redemption took out of
    /// one: the other side of those fund movements.
    CapitalInFunds,
    /// A closed year's patronage cash from 31 December until the general meeting decides it
    /// (books with `[patronage] decided` only): then it is owed to the members.
    PatronageProposed,
    /// What the levies, the ledger's income and costs, and the bad debts the guarantee fund
    /// bears have put into the funds out of the results: a debit, the funds' side credited.
    Allocated,
    /// The income and expenses of the days before a period, in the opening balances of that
    /// period's journal.
    EarlierResult,
    /// What the books' own openings (the funds', the bank's, what was owed) leave over.
    OpeningBalances,
    /// The invoiced amounts without VAT: the co-op's turnover.
    Revenue,
    /// Grants and other income, by the ledger row's category (0 is `Income:Other`).
    OtherIncome(u16),
    Salaries,
    Fees,
    EmployerContributions,
    ExpensesRepaid,
    /// Costs, by the ledger row's category (0 is `Expenses:Operations`).
    Costs(u16),
    /// The part without VAT of what is written off.
    BadDebts,
}

impl Account {
    /// Whether the account is income or an expense: what a period's result is made of, which
    /// starts every period at zero.
    pub fn is_income_or_expense(self) -> bool {
        matches!(
            self,
            Account::Revenue
                | Account::OtherIncome(_)
                | Account::Salaries
                | Account::Fees
                | Account::EmployerContributions
                | Account::ExpensesRepaid
                | Account::Costs(_)
                | Account::BadDebts
        )
    }
}

/// The fixed accounts before the funds, in the order they are declared.
const BEFORE_FUNDS: [(Account, &str); 10] = [
    (Account::Bank, "Assets:Bank"),
    (Account::Suspense, "Assets:Suspense"),
    (Account::VatInput, "Assets:VAT:Input"),
    (Account::Clients, "Assets:Receivables:Clients"),
    (Account::MembersDue, "Liabilities:Members"),
    (Account::SocialDue, "Liabilities:Social-Contributions"),
    (
        Account::EmployerContributionsDue,
        "Liabilities:Social-Contributions:Employer",
    ),
    (
        Account::EmployeeContributionsDue,
        "Liabilities:Social-Contributions:Employee",
    ),
    (Account::WithholdingDue, "Liabilities:Withholding"),
    (Account::VatOutput, "Liabilities:VAT:Output"),
];

/// The fixed accounts after the funds and before the categories of income.
const AFTER_FUNDS: [(Account, &str); 8] = [
    (Account::Fronted, "Equity:Fronted"),
    (Account::Capital, "Equity:Capital:Members"),
    (Account::CapitalInFunds, "Equity:Capital-In-Funds"),
    (Account::PatronageProposed, "Equity:Patronage-Proposed"),
    (Account::Allocated, "Equity:Result:Allocated"),
    (Account::EarlierResult, "Equity:Result:Earlier"),
    (Account::OpeningBalances, "Equity:Opening-Balances"),
    (Account::Revenue, "Income:Contracts"),
];

/// The payroll's accounts, after the categories of income.
const PAYROLL: [(Account, &str); 4] = [
    (Account::Salaries, "Expenses:Payroll:Salaries"),
    (Account::Fees, "Expenses:Payroll:Fees"),
    (
        Account::EmployerContributions,
        "Expenses:Payroll:Employer-Contributions",
    ),
    (Account::ExpensesRepaid, "Expenses:Payroll:Expenses-Repaid"),
];

/// The category of a ledger income and of a cost without one.
pub const DEFAULT_INCOME: &str = "Other";
pub const DEFAULT_COST: &str = "Operations";

/// The accounts of one co-op's journal, with their names.
pub struct Chart {
    /// Every account in declaration order, with its name.
    accounts: Vec<(Account, String)>,
    /// The place of the first fund's account, of the first category of income and of costs.
    first_fund: usize,
    first_income: usize,
    first_cost: usize,
    /// Each category typed on an income row (sorted), and its account.
    income: Vec<(Box<str>, Account)>,
    /// Each category typed on a cost row (sorted), and its account.
    costs: Vec<(Box<str>, Account)>,
    /// The place of each fixed account (by `slot`), `usize::MAX` if unused.
    fixed: [usize; SLOTS],
}

const SLOTS: usize = BEFORE_FUNDS.len() + AFTER_FUNDS.len() + PAYROLL.len() + 1;

/// A fixed account's number (funds and categories are placed apart).
fn slot(account: Account) -> usize {
    match account {
        Account::Bank | Account::Fund(_) | Account::OtherIncome(_) | Account::Costs(_) => 0,
        Account::Clients => 1,
        Account::Suspense => 2,
        Account::MembersDue => 3,
        Account::SocialDue => 4,
        Account::EmployerContributionsDue => 5,
        Account::EmployeeContributionsDue => 6,
        Account::WithholdingDue => 7,
        Account::VatOutput => 8,
        Account::VatInput => 9,
        Account::Fronted => 10,
        Account::Capital => 11,
        Account::CapitalInFunds => 12,
        Account::Allocated => 13,
        Account::EarlierResult => 14,
        Account::OpeningBalances => 15,
        Account::Revenue => 16,
        Account::Salaries => 17,
        Account::Fees => 18,
        Account::EmployerContributions => 19,
        Account::ExpensesRepaid => 20,
        Account::BadDebts => 21,
        Account::PatronageProposed => 22,
    }
}

/// Why a fund cannot be an account of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clash {
    /// Its name is not one an account can have (`fund_account`).
    NotAnAccount(FundId),
    /// Its name becomes the same account as an earlier fund's.
    SameAccount {
        fund: FundId,
        other: FundId,
        account: String,
    },
}

impl Chart {
    /// The chart for a co-op's books (`earlier`: with the account of a period's earlier
    /// result); `Err` names each fund whose name cannot be an account, or that becomes the
    /// same account as another's.
    pub fn new(books: &Books, earlier: bool) -> Result<Chart, Vec<Clash>> {
        let coop = &books.coop;
        let mut accounts: Vec<(Account, String)> = Vec::new();
        let unused = |account: Account| match account {
            Account::Fronted => coop.guarantee_fund.is_none(),
            Account::VatOutput | Account::VatInput => coop.vat.is_none(),
            Account::EarlierResult => !earlier,
            Account::PatronageProposed => {
                (coop.patronage.as_ref()).is_none_or(|p| p.decided.is_none())
            }
            _ => false,
        };
        let fixed = |accounts: &mut Vec<(Account, String)>, list: &[(Account, &str)]| {
            for &(account, name) in list {
                if !unused(account) {
                    accounts.push((account, name.to_string()));
                }
            }
        };
        fixed(&mut accounts, &BEFORE_FUNDS);
        let first_fund = accounts.len();
        let mut problems = Vec::new();
        let mut names: Vec<(String, FundId)> = Vec::new();
        for (i, fund) in coop.funds.iter().enumerate() {
            let id = FundId(i as u32);
            let Some(name) = fund_account(&fund.name) else {
                problems.push(Clash::NotAnAccount(id));
                continue;
            };
            if let Some(&(_, other)) = names.iter().find(|(n, _)| *n == name) {
                problems.push(Clash::SameAccount {
                    fund: id,
                    other,
                    account: name,
                });
                continue;
            }
            names.push((name.clone(), id));
            accounts.push((Account::Fund(FundId(i as u32)), name));
        }
        fixed(&mut accounts, &AFTER_FUNDS);
        if !problems.is_empty() {
            return Err(problems);
        }
        let first_income = accounts.len();
        let income = categories(books, LedgerKind::Income, "Income:", DEFAULT_INCOME);
        accounts.extend(income.1);
        fixed(&mut accounts, &PAYROLL);
        let first_cost = accounts.len();
        let costs = categories(books, LedgerKind::Cost, "Expenses:", DEFAULT_COST);
        accounts.extend(costs.1);
        fixed(&mut accounts, &[(Account::BadDebts, "Expenses:Bad-Debts")]);
        let mut slots = [usize::MAX; SLOTS];
        for (at, (account, _)) in accounts.iter().enumerate() {
            if slot(*account) != 0 || *account == Account::Bank {
                slots[slot(*account)] = at;
            }
        }
        Ok(Chart {
            accounts,
            first_fund,
            first_income,
            first_cost,
            income: income.0,
            costs: costs.0,
            fixed: slots,
        })
    }

    /// The account of a ledger income or cost row of category `typed` (empty: the default).
    pub fn category(&self, kind: LedgerKind, typed: &str) -> Account {
        let list = match kind {
            LedgerKind::Income => &self.income,
            _ => &self.costs,
        };
        (list.binary_search_by(|(t, _)| (**t).cmp(typed)).ok())
            .map_or(Account::Costs(u16::MAX), |i| list[i].1)
    }

    /// Every account, in the order they are declared.
    pub fn accounts(&self) -> impl Iterator<Item = (Account, &str)> {
        self.accounts.iter().map(|(a, n)| (*a, n.as_str()))
    }

    pub fn name(&self, account: Account) -> &str {
        let i = self.position(account);
        self.accounts.get(i).map_or("?", |(_, n)| n.as_str())
    }

    /// The number of accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The longest account name (for lining amounts up). Account names are ASCII: their
    /// length in bytes is their width.
    pub fn widest(&self) -> usize {
        (self.accounts.iter())
            .map(|(_, n)| n.len())
            .max()
            .unwrap_or(0)
    }

    /// An account's place in `accounts()`: a dense index for balances (`usize::MAX` for an
    /// account this chart does not use).
    pub fn position(&self, account: Account) -> usize {
        match account {
            Account::Fund(f) => self.first_fund + f.0 as usize,
            Account::OtherIncome(i) => self.first_income + i as usize,
            Account::Costs(i) if i != u16::MAX => self.first_cost + i as usize,
            Account::Costs(_) => usize::MAX,
            _ => self.fixed[slot(account)],
        }
    }
}

/// The categories the ledger's rows of `kind` name: each typed category (and the empty one),
/// sorted, with its account; and the accounts, sorted by name, the default first. Names that
/// become the same account (`rent`, `Rent`) share it.
#[allow(clippy::type_complexity)]
fn categories(
    books: &Books,
    kind: LedgerKind,
    prefix: &str,
    default: &str,
) -> (Vec<(Box<str>, Account)>, Vec<(Account, String)>) {
    let mut typed: Vec<&str> = (books.ledger.iter())
        .filter(|r| r.kind == kind)
        .map(|r| &*r.category)
        .chain([""])
        .collect();
    typed.sort_unstable();
    typed.dedup();
    let part = |t: &str| match t {
        "" => default.to_string(),
        t => crate::text::account_part(t).unwrap_or_else(|| default.to_string()),
    };
    let mut parts: Vec<String> = typed.iter().map(|t| part(t)).collect();
    parts.sort_unstable();
    parts.dedup();
    // The default first, then the others by name.
    if let Some(at) = parts.iter().position(|p| p == default) {
        let d = parts.remove(at);
        parts.insert(0, d);
    }
    let account = |i: usize| match kind {
        LedgerKind::Income => Account::OtherIncome(i as u16),
        _ => Account::Costs(i as u16),
    };
    let index = |p: &str| parts.iter().position(|q| q == p).unwrap_or(0);
    let typed = (typed.iter())
        .map(|t| (Box::from(*t), account(index(&part(t)))))
        .collect();
    let accounts = (parts.iter().enumerate())
        .map(|(i, p)| (account(i), format!("{prefix}{p}")))
        .collect();
    (typed, accounts)
}

/// A fund's account: `Equity:Funds:` and its name as an account's part
/// (`text::account_part`); `None` for a name that cannot be one.
pub fn fund_account(name: &str) -> Option<String> {
    crate::text::account_part(name).map(|part| format!("Equity:Funds:{part}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fund_names_become_account_names() {
        assert_eq!(
            fund_account("operations").as_deref(),
            Some("Equity:Funds:Operations")
        );
        assert_eq!(
            fund_account("salary_guarantee").as_deref(),
            Some("Equity:Funds:Salary-guarantee")
        );
        assert_eq!(
            fund_account("Fund-2").as_deref(),
            Some("Equity:Funds:Fund-2")
        );
        for bad in ["", "2026", "_x", "réserve", "a b", "a:b", "a.b"] {
            assert_eq!(fund_account(bad), None, "{bad:?}");
        }
    }
}
