//! The journal's posting rules: what each movement posts, to which accounts, filled into one
//! reused transaction.

use super::order::*;
use super::*;

/// Fills transactions from the journal's movements, one at a time, in one reused `Txn`.
pub(super) struct Filler<'j, 'c> {
    pub(super) journal: &'j Journal<'c>,
    pub(super) books: &'c Books,
    pub(super) notes: Notes<'c>,
    pub(super) txn: Txn<'j>,
}

impl<'j, 'c: 'j> Filler<'j, 'c> {
    pub(super) fn new(journal: &'j Journal<'c>) -> Filler<'j, 'c> {
        let books = &journal.computed.books;
        Filler {
            journal,
            books,
            notes: journal.notes.clone(),
            txn: Txn::default(),
        }
    }

    /// Reads a little of each row a few transactions will read — their rows, contracts and
    /// ids, scattered over memory — in one tight loop, so that the memory's answers are
    /// awaited together rather than one after another when the transactions are filled.
    pub(super) fn warm(&self, items: &[Item]) {
        let (j, books) = (self.journal, self.books);
        let contract = |c: ContractId| {
            let row = books.contract(c);
            let id = books
                .contract_id(row)
                .as_bytes()
                .first()
                .copied()
                .unwrap_or(0);
            let file = books.files.get(row.src.file.0 as usize);
            let text = file
                .and_then(|f| f.bytes.get(row.src.start as usize))
                .copied();
            let levy = j.computed.terms.levies(c).first().map_or(0, |m| m.cents());
            u64::from(id)
                .wrapping_add(u64::from(text.unwrap_or(0)))
                .wrapping_add(j.computed.terms.budget(c).cents() as u64)
                .wrapping_add(levy as u64)
        };
        let mut sum = 0u64;
        for item in items {
            let i = item.index as usize;
            sum = sum.wrapping_add(match item.stream {
                Stream::Contracts => j.contracts.get(i).map_or(0, |&c| contract(c)),
                Stream::Advances => j.advances.get(i).map_or(0, |&c| contract(c)),
                Stream::Payments => j.payments.get(i).map_or(0, |&p| {
                    let p = &books.payments[p as usize];
                    contract(p.contract) + u64::from(j.computed.terms.pay_date(p.contract).day())
                }),
                _ => 0,
            });
        }
        std::hint::black_box(sum);
    }

    /// The transaction of a stream's movement at `index`.
    pub(super) fn fill(&mut self, s: Stream, index: u32) -> &Txn<'j> {
        let j = self.journal;
        let i = index as usize;
        match s {
            Stream::Contracts => self.contract(j.contracts[i]),
            Stream::Advances => self.advance(j.advances[i]),
            Stream::Payments => self.payment(j.payments[i] as usize),
            Stream::Ledger => self.ledger_row(j.ledger[i] as usize),
            Stream::Payroll => {
                let (m, at) = j.payroll[i];
                let month = j.months[m as usize];
                match j.computed.month_figures(month) {
                    std::borrow::Cow::Borrowed(figures) => {
                        self.payroll(month, &figures.members[at as usize])
                    }
                    std::borrow::Cow::Owned(_) => self.txn.start(month.last_day(), ""),
                }
            }
            Stream::YearEnds => {
                let (y, entry) = j.year_items[i];
                let y = &j.years[y as usize];
                match entry.checked_sub(1) {
                    None => self.set_asides(y),
                    Some(m) => self.allocation(y, m as usize),
                }
            }
            Stream::Decisions => {
                let (y, m) = j.decisions[i];
                self.decision(&j.years[y as usize], m as usize)
            }
            Stream::Late => self.late(j.late[i]),
            Stream::Opening => self.opening(),
            Stream::Balances | Stream::Statements => self.txn.start(j.to, ""),
        }
        &self.txn
    }

    /// The opening balances: the balance of every account of assets, liabilities and equity.
    /// Income and expenses start the period at zero: what they came to before it is the
    /// earlier result; what the books' own openings leave over is `Equity:Opening-Balances`.
    pub(super) fn opening(&mut self) {
        let j = self.journal;
        self.txn.start(j.from, "Opening balances");
        let mut earlier = Money::ZERO;
        for (at, (account, _)) in j.chart.accounts().enumerate() {
            if account == Account::Capital {
                // One posting per member, tagged, so that each member's capital in the
                // journal is theirs from the first day (by member id; one without a member,
                // which no movement makes, untagged).
                for &(member, amount) in &j.opening_capital {
                    self.txn.postings.push(Posting {
                        account,
                        amount,
                        levy: None,
                        member: member.map(|m| self.books.member_id(m)),
                    });
                }
            } else if account.is_income_or_expense() {
                earlier += j.opening[at];
            } else {
                self.txn.post(account, j.opening[at]);
            }
        }
        self.txn.post(Account::EarlierResult, earlier);
    }

    pub(super) fn contract(&mut self, id: ContractId) {
        let (books, computed) = (self.books, self.journal.computed);
        let c = books.contract(id);
        self.txn.start(c.date, books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        self.txn.narration.push_str(self.notes.of(c.src));
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, c.src));
        let vat = computed.terms.vat(id);
        self.txn.post(Account::Clients, c.amount + vat);
        self.txn.post(Account::VatOutput, -vat);
        self.txn.post(Account::Revenue, -c.amount);
        // Each levy is the part of the revenue its fund receives.
        let mut levied = Money::ZERO;
        for (levy, &amount) in books.coop.levies.iter().zip(computed.terms.levies(id)) {
            if let Some(entry) = levy.in_force(c.date)
                && !amount.is_zero()
            {
                self.txn.postings.push(Posting {
                    account: Account::Fund(entry.fund),
                    amount: -amount,
                    levy: Some(&levy.name),
                    member: None,
                });
                levied += amount;
            }
        }
        self.txn.post(Account::Allocated, levied);
        // A credit note on a fronted invoice, after its pay date, repays the fund what it
        // takes off the advance.
        if let (Some(fund), Some(repays)) = (
            books.coop.guarantee_fund,
            computed.terms.credit_repayment(id),
        ) {
            self.txn.post(Account::Fronted, repays);
            self.txn.post(Account::Fund(fund), -repays);
        }
    }

    pub(super) fn advance(&mut self, id: ContractId) {
        let (books, computed) = (self.books, self.journal.computed);
        let c = books.contract(id);
        self.txn.start(computed.terms.pay_date(id), books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        self.txn.narration.push_str("Guarantee advance");
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, c.src));
        if let Some(fund) = books.coop.guarantee_fund {
            let advanced = computed.terms.advance(id);
            self.txn.post(Account::Fund(fund), advanced);
            self.txn.post(Account::Fronted, -advanced);
        }
    }

    pub(super) fn payment(&mut self, i: usize) {
        let (books, computed) = (self.books, self.journal.computed);
        let p = &books.payments[i];
        let c = books.contract(p.contract);
        self.txn.start(p.date, books.client(c));
        self.txn.contract = Some(books.contract_id(c));
        let memo = self.notes.of(p.src);
        self.txn.narration.push_str(match (memo, p.kind) {
            ("", PaymentKind::Payment) => "Payment",
            ("", PaymentKind::Writeoff) => "Write-off",
            (memo, _) => memo,
        });
        self.txn.member = Some(books.member_id(c.member));
        self.txn.source = Some(place(books, p.src));
        let fund = books.coop.guarantee_fund;
        let share = computed.terms.amount_share(i, p);
        match p.kind {
            PaymentKind::Payment => {
                self.txn.post(Self::bank_of(p.booked_before > 0), p.amount);
                self.txn.post(Account::Clients, -p.amount);
                // After the pay date, the payment repays what the guarantee fund fronted: its
                // share of the amount (the rest pays the VAT).
                if let Some(fund) = fund
                    && p.date > computed.terms.pay_date(p.contract)
                {
                    self.txn.post(Account::Fronted, share);
                    self.txn.post(Account::Fund(fund), -share);
                }
            }
            PaymentKind::Writeoff => {
                // What is given up is a bad debt; its VAT is no longer owed to the state.
                self.txn.post(Account::BadDebts, share);
                self.txn.post(Account::VatOutput, p.amount - share);
                self.txn.post(Account::Clients, -p.amount);
                // The guarantee fund fronted it and is never repaid: the fund bears the loss,
                // taken out of it on the pay date.
                if fund.is_some() {
                    self.txn.post(Account::Fronted, share);
                    self.txn.post(Account::Allocated, -share);
                }
            }
        }
    }

    /// A row recorded late, on its bank date: the money is on the bank, and in suspense
    /// until the row's own date, when the row takes it from there.
    fn late(&mut self, origin: crate::engine::bank::Origin) {
        use crate::engine::bank::Origin;
        let books = self.books;
        let (date, amount, row_date, src) = match origin {
            Origin::Payment(i) => {
                let p = &books.payments[i as usize];
                (p.bank_date(), p.amount, p.date, p.src)
            }
            Origin::Ledger(i) => {
                let r = &books.ledger[i as usize];
                (r.bank_date(), r.bank_amount(), r.date, r.src)
            }
        };
        self.txn.start(date, "Bank");
        let _ = write!(self.txn.narration, "Booked late, recorded on {row_date}");
        self.txn.source = Some(place(books, src));
        self.txn.post(Account::Bank, amount);
        self.txn.post(Account::Suspense, -amount);
    }

    /// The bank, or for a row recorded late the suspense account its money waited in.
    fn bank_of(late: bool) -> Account {
        if late {
            Account::Suspense
        } else {
            Account::Bank
        }
    }

    pub(super) fn ledger_row(&mut self, i: usize) {
        let books = self.books;
        let row = &books.ledger[i];
        // Whom the money came from or went to: the row's payee; the memo of an income or a
        // cost (then not repeated as the narration); the member of a share, a redemption or
        // a payout; the client of a refund; the state; else what it is.
        let income_or_cost = matches!(row.kind, LedgerKind::Income | LedgerKind::Cost);
        let payee = match (row.kind, row.member, row.contract) {
            _ if !row.payee.is_empty() => &*row.payee,
            (LedgerKind::Remit(crate::books::Authority::Tax), ..) => "Tax office",
            (LedgerKind::Remit(crate::books::Authority::Social), ..) => "Social security",
            (_, Some(m), _) => books.member(m).name.as_str(),
            (_, _, Some(c)) => books.client(books.contract(c)),
            (LedgerKind::Income, ..) => "Income",
            (LedgerKind::Cost, ..) => "Cost",
            (LedgerKind::Transfer, ..) => "Transfer",
            (kind, ..) => kind.word(),
        };
        self.txn.start(row.date, payee);
        let memo = self.notes.of(row.src);
        if income_or_cost && row.payee.is_empty() && !memo.is_empty() {
            self.txn.payee_text.push_str(memo);
        } else {
            self.txn.narration.push_str(memo);
        }
        self.txn.member = row.member.map(|m| books.member_id(m));
        self.txn.contract = row.contract.map(|c| books.contract_id(books.contract(c)));
        self.txn.source = Some(place(books, row.src));
        let (amount, fund, to) = (
            row.amount,
            row.fund.map(Account::Fund),
            row.to.map(Account::Fund),
        );
        let category = self.journal.chart.category(row.kind, &row.category);
        let txn = &mut self.txn;
        let bank = Self::bank_of(row.booked.is_some());
        match (row.kind, fund) {
            (LedgerKind::Income, Some(fund)) => {
                txn.post(bank, amount);
                txn.post(category, -amount);
                txn.post(Account::Allocated, amount);
                txn.post(fund, -amount);
            }
            (LedgerKind::Cost, Some(fund)) => {
                txn.post(category, amount);
                txn.post(Account::VatInput, row.vat);
                txn.post(bank, -amount - row.vat);
                txn.post(fund, amount);
                txn.post(Account::Allocated, -amount);
            }
            (LedgerKind::Transfer, Some(fund)) => {
                if let Some(to) = to {
                    txn.post(fund, amount);
                    txn.post(to, -amount);
                }
            }
            (LedgerKind::Share, fund) => {
                txn.post(bank, amount);
                txn.post(Account::Capital, -amount);
                if let Some(fund) = fund {
                    txn.post(Account::CapitalInFunds, amount);
                    txn.post(fund, -amount);
                }
            }
            (LedgerKind::Redeem, Some(fund)) => {
                txn.post(Account::Capital, amount);
                txn.post(bank, -amount);
                txn.post(fund, amount);
                txn.post(Account::CapitalInFunds, -amount);
            }
            (LedgerKind::Payout, _) => {
                txn.post(Account::MembersDue, amount);
                txn.post(bank, -amount);
            }
            (LedgerKind::Returned, _) => {
                txn.post(bank, amount);
                txn.post(Account::MembersDue, -amount);
            }
            (LedgerKind::Refund, _) => {
                txn.post(Account::Clients, amount);
                txn.post(bank, -amount);
            }
            (LedgerKind::Remit(authority), _) => {
                let owed = match authority {
                    crate::books::Authority::Tax => Account::WithholdingDue,
                    crate::books::Authority::Social => Account::SocialDue,
                };
                txn.post(owed, amount);
                txn.post(bank, -amount);
            }
            // Rows without the funds their kind needs do not pass `check`.
            _ => {}
        }
    }

    /// A member's month: the salary (or fee) and employer contributions it costs, what is
    /// due on it, and the payout.
    pub(super) fn payroll(&mut self, month: Month, settled: &MemberFigures) {
        let books = self.books;
        let member = books.member(settled.member);
        self.txn.start(month.last_day(), &member.name);
        let _ = write!(self.txn.narration, "Pay {month}");
        self.txn.member = Some(books.member_id(settled.member));
        let f = &settled.figures;
        self.txn.net = Some(f[Figure::Net]);
        let txn = &mut self.txn;
        match settled.model {
            PayModel::Salaried => txn.post(Account::Salaries, f[Figure::Gross]),
            PayModel::Contractor => txn.post(Account::Fees, f[Figure::Gross]),
        }
        txn.post(
            Account::EmployerContributions,
            f[Figure::EmployerContributions],
        );
        txn.post(Account::ExpensesRepaid, f[Figure::Expenses]);
        txn.post(
            Account::EmployerContributionsDue,
            -f[Figure::EmployerContributions],
        );
        txn.post(
            Account::EmployeeContributionsDue,
            -f[Figure::EmployeeContributions],
        );
        txn.post(Account::WithholdingDue, -f[Figure::Withholding]);
        // Owed to the member until a payout row says it left the bank.
        txn.post(Account::MembersDue, -f[Figure::Payout]);
    }

    pub(super) fn set_asides(&mut self, y: &'j YearEnd<'c>) {
        let books = self.books;
        self.txn.start(y.date, "Patronage");
        let _ = write!(self.txn.narration, "Set-asides {}", y.year);
        self.txn.source = Some((y.rel, 1));
        let Some(surplus) = books.coop.fund_by_name(&y.close.surplus_fund) else {
            return;
        };
        for s in &y.close.set_aside {
            if let Some(fund) = books.coop.fund_by_name(&s.fund) {
                self.txn.post(Account::Fund(surplus), s.amount);
                self.txn.post(Account::Fund(fund), -s.amount);
            }
        }
    }

    /// The `n`th member's allocation of a closed year: out of the surplus fund, paid in cash
    /// and retained in their capital account.
    pub(super) fn allocation(&mut self, y: &'j YearEnd<'c>, n: usize) {
        let books = self.books;
        let Some(&(id, m)) = y.members.get(n) else {
            self.txn.start(y.date, "");
            return;
        };
        let name = books
            .member_by_id(id)
            .map_or(id, |m| books.member(m).name.as_str());
        self.txn.start(y.date, name);
        let _ = write!(self.txn.narration, "Patronage {}", y.year);
        self.txn.member = Some(id);
        self.txn.source = Some((y.rel, y.line_of(id)));
        let Some(surplus) = books.coop.fund_by_name(&y.close.surplus_fund) else {
            return;
        };
        self.txn.post(Account::Fund(surplus), m.allocation);
        self.txn.post(Account::Capital, -m.retained);
        // The cash part is owed to the member until paid out; with a general meeting's day,
        // from that day on (proposed until then).
        let cash = match y.decided {
            Some(_) => Account::PatronageProposed,
            None => Account::MembersDue,
        };
        self.txn.post(cash, -m.cash);
    }

    /// The `n`th member's patronage cash of a closed year, decided by the general meeting:
    /// owed to the member from that day until paid out.
    pub(super) fn decision(&mut self, y: &'j YearEnd<'c>, n: usize) {
        let books = self.books;
        let (Some(date), Some(&(id, m))) = (y.decided, y.members.get(n)) else {
            self.txn.start(y.date, "");
            return;
        };
        let name = books
            .member_by_id(id)
            .map_or(id, |m| books.member(m).name.as_str());
        self.txn.start(date, name);
        let _ = write!(self.txn.narration, "Patronage {} decided", y.year);
        self.txn.member = Some(id);
        self.txn.source = Some((y.rel, y.line_of(id)));
        self.txn.post(Account::PatronageProposed, m.cash);
        self.txn.post(Account::MembersDue, -m.cash);
    }
}

/// A closed year, as the journal posts it.
pub(super) struct YearEnd<'c> {
    pub(super) year: i32,
    pub(super) date: NaiveDate,
    /// The general meeting's day, when `[patronage] decided` gives one.
    pub(super) decided: Option<NaiveDate>,
    pub(super) close: &'c YearClose,
    pub(super) rel: &'c str,
    pub(super) members: Vec<(&'c str, &'c MemberYear)>,
    /// The line of each member's table in the close file.
    pub(super) lines: Vec<(&'c str, u32)>,
}

impl YearEnd<'_> {
    /// The line of a member's table in the close file (1 if it has none).
    fn line_of(&self, id: &str) -> u32 {
        (self.lines.iter())
            .find(|(m, _)| *m == id)
            .map_or(1, |&(_, l)| l)
    }
}
