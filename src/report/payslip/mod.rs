//! Payslips: one member's month as a plain view, rendered as text, HTML or PDF.

pub mod html;
pub mod pdf;
pub mod txt;

use crate::books::Books;
use crate::figure::Figure;
use crate::money::Money;

/// The file format of payslips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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
use crate::engine::pay::{Figures, MemberPay};

/// Everything a payslip shows, already formatted: every renderer prints the same values.
pub struct Payslip {
    pub coop: String,
    /// The employer as the law names it on a payslip, in lines: the co-op's legal name and
    /// address, and its company number (`[seller]` in coop.toml); none without it.
    pub employer: Vec<String>,
    pub currency: String,
    pub month: String,
    pub member_name: String,
    pub member_id: String,
    pub iban: String,
    pub model: String,
    /// Levy names, the columns of the contracts table.
    pub levies: Vec<String>,
    pub contracts: Vec<ContractLine>,
    /// The totals line of the contracts table.
    pub total: ContractLine,
    /// (label, amount) from gross down to payout.
    pub summary: Vec<(String, String)>,
    /// (label, value): year-to-date gross, net and hours.
    pub year_to_date: Vec<(String, String)>,
    pub ytd_label: String,
}

pub struct ContractLine {
    /// The contract's id and its description (empty on the total line).
    pub id: String,
    pub description: String,
    pub client: String,
    pub date: String,
    pub pay_date: String,
    pub hours: String,
    pub amount: String,
    pub levies: Vec<String>,
    /// The levies together.
    pub levied: String,
    pub expenses: String,
    pub budget: String,
}

impl ContractLine {
    /// The cells in table order: client, date, pay date, hours, amount, each levy, expenses, budget.
    pub fn cells(&self) -> Vec<String> {
        let mut v = vec![
            self.client.clone(),
            self.date.clone(),
            self.pay_date.clone(),
            self.hours.clone(),
            self.amount.clone(),
        ];
        v.extend(self.levies.iter().cloned());
        v.push(self.expenses.clone());
        v.push(self.budget.clone());
        v
    }
}

impl Payslip {
    /// A member's payslip; `notes` finds the contracts' descriptions (made once per run).
    pub fn new(
        books: &Books,
        notes: &mut crate::books::Notes,
        pay: &MemberPay,
        ytd: &Figures,
    ) -> Payslip {
        let member = books.member(pay.member);
        let f = &pay.figures;
        let contracts = pay
            .contracts
            .iter()
            .map(|p| {
                let c = books.contract(p.contract);
                ContractLine {
                    id: books.contract_id(c).to_string(),
                    description: notes.of(c.src).to_string(),
                    client: books.client(c).to_string(),
                    date: c.date.to_string(),
                    pay_date: p.pay_date.to_string(),
                    hours: c.hours.to_string(),
                    amount: c.amount.to_string(),
                    levies: p.levies.iter().map(|l| l.to_string()).collect(),
                    levied: p.levies.iter().copied().sum::<Money>().to_string(),
                    expenses: c.expenses.to_string(),
                    budget: p.budget.to_string(),
                }
            })
            .collect();
        let total = ContractLine {
            id: String::new(),
            description: String::new(),
            client: "Total".into(),
            date: String::new(),
            pay_date: String::new(),
            hours: f.hours.to_string(),
            amount: f[Figure::Amount].to_string(),
            levies: f.levies.iter().map(|l| l.to_string()).collect(),
            levied: f[Figure::Levies].to_string(),
            expenses: f[Figure::Expenses].to_string(),
            budget: f[Figure::Budget].to_string(),
        };
        let gross_label = match pay.model {
            crate::books::PayModel::Salaried => "Gross salary",
            crate::books::PayModel::Contractor => "Contractor fee",
        };
        let mut summary = vec![("Budget".to_string(), f[Figure::Budget].to_string())];
        // A shortfall a credit note left: brought from an earlier month, left for a later one.
        if let Some(from) = pay.carried_from {
            summary.push((format!("Carried from {from}"), f.brought.to_string()));
        }
        if f.left.is_negative() {
            summary.push(("Left for later months".to_string(), f.left.to_string()));
        }
        summary.extend([
            (
                "Employer contributions".to_string(),
                f[Figure::EmployerContributions].to_string(),
            ),
            (gross_label.to_string(), f[Figure::Gross].to_string()),
            (
                "Employee contributions".to_string(),
                f[Figure::EmployeeContributions].to_string(),
            ),
            ("Taxable".to_string(), f[Figure::Taxable].to_string()),
            (
                "Withholding".to_string(),
                f[Figure::Withholding].to_string(),
            ),
            ("Net".to_string(), f[Figure::Net].to_string()),
            (
                "Expenses repaid".to_string(),
                f[Figure::Expenses].to_string(),
            ),
            ("Payout".to_string(), f[Figure::Payout].to_string()),
        ]);
        let year_to_date = vec![
            ("Gross".to_string(), ytd[Figure::Gross].to_string()),
            ("Net".to_string(), ytd[Figure::Net].to_string()),
            ("Hours".to_string(), ytd.hours.to_string()),
        ];
        Payslip {
            coop: books.coop.name.clone(),
            employer: (books.coop.seller.iter())
                .flat_map(|s| {
                    [
                        format!(
                            "{}, {}, {} {}, {}",
                            s.name, s.street, s.postcode, s.city, s.country
                        ),
                        format!("Company number {}", s.company_id),
                    ]
                })
                .collect(),
            currency: books.coop.currency.clone(),
            month: pay.month.to_string(),
            member_name: member.name.clone(),
            member_id: member.id.clone(),
            iban: member
                .masked_iban()
                .unwrap_or_else(|| "none on file".into()),
            model: pay.model.as_str().to_string(),
            levies: books.coop.levies.iter().map(|l| l.name.clone()).collect(),
            contracts,
            total,
            summary,
            year_to_date,
            ytd_label: format!("{}-01 to {}", pay.month.year, pay.month),
        }
    }
}
