//! The chart of accounts of the exported journal: the fixed accounts, one equity account per
//! fund, and the rule that turns a fund's name into an account name both tools accept.

use crate::books::{Coop, FundId};

/// An account of the journal. Dense: `Chart::index` numbers every account of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Account {
    /// Money in and out: client payments, ledger income and costs, shares, payouts.
    Bank,
    /// What clients owe: invoiced contracts less their payments and write-offs.
    Clients,
    /// What the guarantee fund fronted and clients still owe (a credit balance, set against
    /// `Clients`).
    Fronted,
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
    /// The members' capital accounts, each posting tagged with its member.
    Capital,
    /// The part of members' capital that a share put into a fund or a redemption took out of
    /// one: the other side of those fund movements.
    CapitalInFunds,
    OpeningBalances,
    /// The part of each invoice that is the member's budget.
    Budgets,
    /// The part of each invoice that repays the member's expenses.
    ExpensesInvoiced,
    Salaries,
    Fees,
    EmployerContributions,
    ExpensesRepaid,
    /// Unpaid invoices given up on, where no guarantee fund fronts them.
    WriteOffs,
}

impl Account {
    /// Whether the account is income or an expense: what a period's result is made of, which
    /// starts every period at zero.
    pub fn is_income_or_expense(self) -> bool {
        matches!(
            self,
            Account::Budgets
                | Account::ExpensesInvoiced
                | Account::Salaries
                | Account::Fees
                | Account::EmployerContributions
                | Account::ExpensesRepaid
                | Account::WriteOffs
        )
    }
}

/// The fixed accounts, in the order they are declared (funds come after `WithholdingDue`).
const BEFORE_FUNDS: [(Account, &str); 11] = [
    (Account::Bank, "Assets:Bank"),
    (Account::Suspense, "Assets:Suspense"),
    (Account::VatInput, "Assets:VAT:Input"),
    (Account::Clients, "Assets:Receivables:Clients"),
    (Account::Fronted, "Assets:Receivables:Fronted"),
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

const AFTER_FUNDS: [(Account, &str); 10] = [
    (Account::Capital, "Equity:Capital:Members"),
    (Account::CapitalInFunds, "Equity:Capital-In-Funds"),
    (Account::OpeningBalances, "Equity:Opening-Balances"),
    (Account::Budgets, "Income:Contracts:Budgets"),
    (Account::ExpensesInvoiced, "Income:Contracts:Expenses"),
    (Account::Salaries, "Expenses:Payroll:Salaries"),
    (Account::Fees, "Expenses:Payroll:Fees"),
    (
        Account::EmployerContributions,
        "Expenses:Payroll:Employer-Contributions",
    ),
    (Account::ExpensesRepaid, "Expenses:Payroll:Expenses-Repaid"),
    (Account::WriteOffs, "Expenses:Write-Offs"),
];

/// The accounts of one co-op's journal, with their names.
pub struct Chart {
    /// Every account in declaration order, with its name.
    accounts: Vec<(Account, String)>,
    /// The place of the first fund's account.
    first_fund: usize,
    /// The place of each fixed account (by `slot`), `usize::MAX` if unused.
    fixed: [usize; SLOTS],
}

const SLOTS: usize = BEFORE_FUNDS.len() + AFTER_FUNDS.len();

/// A fixed account's number (a fund's is 0; funds are placed apart).
fn slot(account: Account) -> usize {
    match account {
        Account::Bank | Account::Fund(_) => 0,
        Account::Clients => 1,
        Account::Fronted => 2,
        Account::EmployerContributionsDue => 3,
        Account::EmployeeContributionsDue => 4,
        Account::WithholdingDue => 5,
        Account::Capital => 6,
        Account::CapitalInFunds => 7,
        Account::OpeningBalances => 8,
        Account::Budgets => 9,
        Account::ExpensesInvoiced => 10,
        Account::Salaries => 11,
        Account::Fees => 12,
        Account::EmployerContributions => 13,
        Account::ExpensesRepaid => 14,
        Account::WriteOffs => 15,
        Account::VatOutput => 16,
        Account::VatInput => 17,
        Account::Suspense => 18,
        Account::MembersDue => 19,
        Account::SocialDue => 20,
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
    /// The chart for a co-op; `Err` names each fund whose name cannot be an account, or
    /// that becomes the same account as another's.
    pub fn new(coop: &Coop) -> Result<Chart, Vec<Clash>> {
        let mut accounts: Vec<(Account, String)> = Vec::new();
        // With a guarantee fund, what is written off was fronted; without, it is a loss.
        let unused = |account: Account| match account {
            Account::WriteOffs => coop.guarantee_fund.is_some(),
            Account::Fronted => coop.guarantee_fund.is_none(),
            Account::VatOutput | Account::VatInput => coop.vat.is_none(),
            _ => false,
        };
        for (account, name) in BEFORE_FUNDS {
            if !unused(account) {
                accounts.push((account, name.to_string()));
            }
        }
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
        for (account, name) in AFTER_FUNDS {
            if !unused(account) {
                accounts.push((account, name.to_string()));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut fixed = [usize::MAX; SLOTS];
        for (at, (account, _)) in accounts.iter().enumerate() {
            if !matches!(account, Account::Fund(_)) {
                fixed[slot(*account)] = at;
            }
        }
        Ok(Chart {
            accounts,
            first_fund,
            fixed,
        })
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
            _ => self.fixed[slot(account)],
        }
    }
}

/// A fund's account: `Equity:Funds:` and its name with the first letter in upper case and
/// `_` as `-`; `None` for a name that is not ASCII letters, digits, `-` and `_` starting with
/// a letter (which both tools would refuse or read differently).
pub fn fund_account(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut out = String::from("Equity:Funds:");
    out.push(first.to_ascii_uppercase());
    out.extend(name.chars().skip(1).map(|c| if c == '_' { '-' } else { c }));
    Some(out)
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
