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
    /// "Payslip" for a salary; "Fee statement" for a contractor's fee, which is no salary.
    pub title: &'static str,
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
        let contractor = pay.model == crate::books::PayModel::Contractor;
        let year_to_date = vec![
            (
                if contractor { "Fees" } else { "Gross" }.to_string(),
                ytd[Figure::Gross].to_string(),
            ),
            ("Net".to_string(), ytd[Figure::Net].to_string()),
            ("Hours".to_string(), ytd.hours.to_string()),
        ];
        Payslip {
            title: if contractor {
                "Fee statement"
            } else {
                "Payslip"
            },
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
            summary: summary(pay),
            year_to_date,
            ytd_label: format!("{}-01 to {}", pay.month.year, pay.month),
        }
    }
}

/// The pay lines from the budget down to the payout. A salary shows its contributions and
/// taxable pay; a contractor's fee has none, and shows withholding only where some was made
/// (a member's flat rate, or `withhold_contractors`).
fn summary(pay: &MemberPay) -> Vec<(String, String)> {
    use Figure::*;
    let f = &pay.figures;
    let line = |label: &str, amount: Money| (label.to_string(), amount.to_string());
    let mut out = vec![line("Budget", f[Budget])];
    // A shortfall a credit note left: brought from an earlier month, left for a later one.
    if let Some(from) = pay.carried_from {
        out.push(line(&format!("Carried from {from}"), f.brought));
    }
    if f.left.is_negative() {
        out.push(line("Left for later months", f.left));
    }
    match pay.model {
        crate::books::PayModel::Salaried => out.extend([
            line("Employer contributions", f[EmployerContributions]),
            line("Gross salary", f[Gross]),
            line("Employee contributions", f[EmployeeContributions]),
            line("Taxable", f[Taxable]),
            line("Withholding", f[Withholding]),
        ]),
        crate::books::PayModel::Contractor => {
            out.push(line("Contractor fee", f[Gross]));
            if !f[Withholding].is_zero() {
                out.push(line("Withholding", f[Withholding]));
            }
        }
    }
    out.extend([
        line("Net", f[Net]),
        line("Expenses repaid", f[Expenses]),
        line("Payout", f[Payout]),
    ]);
    out
}
