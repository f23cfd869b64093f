//! Reads `coop.toml` into `Coop`, resolving fund names and dated levy and payroll entries.

use super::invoicing::{self, RawInvoices, RawSeller, RawVat};
use super::model::*;
use super::tomlvalue::{Raw, TomlFile};
use crate::money::{Hours, Money, Rate};
use crate::period::Calendar;
use crate::problem::Problem;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoop {
    name: Raw,
    currency: Raw,
    pay_within_working_days: Option<Raw>,
    #[serde(default)]
    holidays: Vec<Raw>,
    guarantee_fund: Option<Raw>,
    #[serde(default)]
    funds: BTreeMap<String, RawFund>,
    #[serde(default)]
    levies: Vec<RawLevy>,
    payroll: Option<RawPayroll>,
    rules: Option<RawRules>,
    patronage: Option<RawPatronage>,
    capital: Option<RawCapital>,
    bank: Option<RawBank>,
    seller: Option<RawSeller>,
    invoices: Option<RawInvoices>,
    vat: Option<RawVat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFund {
    opening: Option<Raw>,
    minimum: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevy {
    name: Raw,
    rate: Raw,
    fund: Raw,
    base: Option<Raw>,
    since: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBracket {
    above: Raw,
    rate: Raw,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayroll {
    model: Raw,
    employer_rate: Option<Raw>,
    employee_rate: Option<Raw>,
    withholding: Option<Vec<RawBracket>>,
    withhold_contractors: Option<Raw>,
    #[serde(default)]
    changes: Vec<RawChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    since: Raw,
    model: Option<Raw>,
    employer_rate: Option<Raw>,
    employee_rate: Option<Raw>,
    withholding: Option<Vec<RawBracket>>,
    withhold_contractors: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    min_hourly_wage: Option<Raw>,
    min_contract_hours: Option<Raw>,
    violations: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatronage {
    surplus_fund: Raw,
    basis: RawBasis,
    cash: Raw,
    #[serde(default)]
    set_aside: Vec<RawSetAside>,
    decided: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBasis {
    hours: Option<Raw>,
    turnover: Option<Raw>,
    budget: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSetAside {
    fund: Raw,
    rate: Raw,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapital {
    revolve_years: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBank {
    name: Raw,
    iban: Raw,
    bic: Option<Raw>,
    opening: Option<RawOpening>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOpening {
    date: Raw,
    balance: Raw,
    owed_tax: Option<Raw>,
    owed_social: Option<Raw>,
}

/// A `Coop` with nothing in it, for books whose coop.toml does not parse.
fn empty(lines: HashMap<String, u32>) -> Coop {
    Coop {
        name: String::new(),
        currency: "EUR".into(),
        pay_within_working_days: 7,
        calendar: Calendar::default(),
        guarantee_fund: None,
        funds: Vec::new(),
        levies: Vec::new(),
        payroll: Vec::new(),
        rules: Rules {
            min_hourly_wage: None,
            min_contract_hours: None,
            violations: ViolationPolicy::Error,
        },
        patronage: None,
        capital: Capital::default(),
        bank: None,
        seller: None,
        terms_days: 30,
        vat: None,
        lines,
    }
}

/// The co-op's account, which pays the members (`payouts`): a name, an IBAN (kept compact,
/// in upper case), and a BIC if given (8 or 11 letters and digits). `None` when one is wrong.
fn bank(f: &mut TomlFile, b: &RawBank, currency: &str) -> Option<Bank> {
    let name = f.string("bank.name", &b.name);
    let iban = f.checked("bank.iban", &b.iban, super::iban::parse);
    let bic = match &b.bic {
        Some(v) => match f.string("bank.bic", v) {
            Some(bic) if is_bic(&bic) => Some(Some(bic)),
            Some(bic) => {
                let line = f.line(v);
                f.error(
                    line,
                    format!(
                        "bank.bic \"{bic}\": expected a BIC of 8 or 11 letters and digits, \
                         such as \"GEBABEBB\""
                    ),
                );
                None
            }
            None => None,
        },
        None => Some(None),
    };
    let opening = match &b.opening {
        Some(o) => Some(Some(opening(f, o, currency)?)),
        None => Some(None),
    };
    Some(Bank {
        name: name?,
        iban: iban?,
        bic: bic?,
        opening: opening?,
    })
}

/// `[bank] opening = { date, balance, owed_tax, owed_social }`: the balance may be below zero
/// (an overdraft); what was owed, at least zero.
fn opening(f: &mut TomlFile, o: &RawOpening, currency: &str) -> Option<BankOpening> {
    let date = f.date("bank.opening.date", &o.date);
    let balance = f.money("bank.opening.balance", &o.balance, currency);
    let mut owed = |key: &str, v: &Option<Raw>| -> Option<Money> {
        let Some(v) = v else {
            return Some(Money::ZERO);
        };
        let amount = f.money(key, v, currency)?;
        if amount.is_negative() {
            let line = f.line(v);
            f.error(line, format!("{key} \"{amount}\": must be 0 or more"));
            return None;
        }
        Some(amount)
    };
    let owed_tax = owed("bank.opening.owed_tax", &o.owed_tax);
    let owed_social = owed("bank.opening.owed_social", &o.owed_social);
    Some(BankOpening {
        date: date?,
        balance: balance?,
        owed_tax: owed_tax?,
        owed_social: owed_social?,
    })
}

/// A BIC: 4 letters (the bank), 2 (the country), 2 letters or digits (the place), and
/// optionally 3 more (the branch).
fn is_bic(bic: &str) -> bool {
    let b = bic.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The line of each top-level key and `[table]` header, found from the text.
fn top_level_lines(text: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        let key = if let Some(rest) = t.strip_prefix("[[") {
            rest.split(']').next()
        } else if let Some(rest) = t.strip_prefix('[') {
            rest.split(']').next()
        } else {
            t.split('=').next().filter(|_| t.contains('='))
        };
        if let Some(k) = key {
            lines.entry(k.trim().to_string()).or_insert(i as u32 + 1);
        }
    }
    lines
}

/// The keys of coop.toml whose values are dates (by dotted path), which `fmt` writes quoted.
pub const DATE_KEYS: &[&str] = &[
    "holidays",
    "levies.since",
    "payroll.changes.since",
    "vat.rates.*.changes.since",
];

pub fn parse(text: &str, problems: &mut Vec<Problem>) -> Coop {
    let mut f = TomlFile {
        rel: "coop.toml".into(),
        text,
        problems,
    };
    let lines = top_level_lines(text);
    let Some(raw) = f.parse::<RawCoop>() else {
        return empty(lines);
    };
    let mut coop = empty(lines);
    general(&mut f, &raw, &mut coop);
    // Funds first: everything else names them.
    funds(&mut f, &raw, &mut coop);
    if let Some(v) = &raw.guarantee_fund {
        coop.guarantee_fund = fund_ref(&mut f, &coop, "guarantee_fund", v);
    }
    levies(&mut f, &raw.levies, &mut coop);
    match &raw.payroll {
        Some(p) => coop.payroll = payroll_steps(&mut f, p, &coop.currency),
        None => f.error(
            coop.line_of("payroll"),
            "[payroll] is missing; it needs at least model = \"salaried\" or \"contractor\"",
        ),
    }
    if let Some(r) = &raw.rules {
        rules(&mut f, r, &mut coop);
    }
    if let Some(p) = &raw.patronage {
        coop.patronage = patronage(&mut f, p, &coop);
    }
    if let Some(c) = &raw.capital
        && let Some(v) = &c.revolve_years
    {
        coop.capital.revolve_years = f.whole("capital.revolve_years", v, 100);
    }
    if let Some(b) = &raw.bank {
        coop.bank = bank(&mut f, b, &coop.currency);
    }
    if let Some(s) = &raw.seller {
        coop.seller = invoicing::seller(&mut f, s);
    }
    if let Some(i) = &raw.invoices {
        coop.terms_days = invoicing::terms_days(&mut f, i);
    }
    if let Some(v) = &raw.vat {
        coop.vat = invoicing::vat(&mut f, v);
    }
    coop
}

/// The top-level keys: name, currency, the pay delay, the holidays.
fn general(f: &mut TomlFile, raw: &RawCoop, coop: &mut Coop) {
    coop.name = f.string("name", &raw.name).unwrap_or_default();
    if let Some(cur) = f.string("currency", &raw.currency) {
        if cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase()) {
            coop.currency = cur;
        } else {
            let line = f.line(&raw.currency);
            f.error(
                line,
                format!("currency \"{cur}\": expected an ISO 4217 code such as \"EUR\""),
            );
        }
    }
    if let Some(v) = &raw.pay_within_working_days {
        coop.pay_within_working_days = f.whole("pay_within_working_days", v, 366).unwrap_or(7);
    }
    let holidays: Vec<_> = raw
        .holidays
        .iter()
        .filter_map(|h| f.date("holidays", h))
        .collect();
    coop.calendar = Calendar::new(holidays);
}

/// `[funds.NAME]`: each fund, its opening balance, and the balance it may not go below.
fn funds(f: &mut TomlFile, raw: &RawCoop, coop: &mut Coop) {
    for (name, fund) in &raw.funds {
        let opening = match &fund.opening {
            Some(v) => f
                .money(&format!("funds.{name}.opening"), v, &coop.currency)
                .unwrap_or(Money::ZERO),
            None => Money::ZERO,
        };
        let minimum = (fund.minimum.as_ref())
            .and_then(|v| f.money(&format!("funds.{name}.minimum"), v, &coop.currency));
        coop.funds.push(Fund {
            name: name.clone(),
            opening,
            minimum,
        });
    }
}

/// A value that names a fund: its id, or a problem when no fund has that name.
fn fund_ref(f: &mut TomlFile, coop: &Coop, key: &str, v: &Raw) -> Option<FundId> {
    let name = f.string(key, v)?;
    let id = coop.fund_by_name(&name);
    if id.is_none() {
        let line = f.line(v);
        f.error(
            line,
            format!(
                "{key} \"{name}\": no such fund; {}",
                crate::text::declare_or(
                    &name,
                    coop.fund_names(),
                    &format!("declare it under [funds.{name}]")
                )
            ),
        );
    }
    id
}

/// `[[levies]]`: each entry, filed under its levy's name in order of `since`.
fn levies(f: &mut TomlFile, raw: &[RawLevy], coop: &mut Coop) {
    for l in raw {
        let Some(name) = f.string("levies.name", &l.name) else {
            continue;
        };
        let line = f.line(&l.name);
        let rate = f.rate("levies.rate", &l.rate);
        let fund = fund_ref(f, coop, "levies.fund", &l.fund);
        let base = match &l.base {
            None => Some(LevyBase::Amount),
            Some(v) => levy_base(f, v),
        };
        let since = match &l.since {
            Some(v) => match f.date("levies.since", v) {
                Some(d) => Some(d),
                None => continue,
            },
            None => None,
        };
        let (Some(rate), Some(fund), Some(base)) = (rate, fund, base) else {
            continue;
        };
        let entry = LevyEntry {
            since,
            rate,
            fund,
            base,
            line,
        };
        match coop.levies.iter_mut().find(|x| x.name == name) {
            Some(levy) => {
                if let Some(prev) = levy.entries.iter().find(|e| e.since == since) {
                    let when = since
                        .map(|d| format!("since {d}"))
                        .unwrap_or_else(|| "without since".into());
                    f.error(
                        line,
                        format!(
                            "levy \"{name}\" has two entries {when} (the other at line {})",
                            prev.line
                        ),
                    );
                    continue;
                }
                levy.entries.push(entry);
                levy.entries.sort_by_key(|e| e.since);
            }
            None => coop.levies.push(Levy {
                name,
                entries: vec![entry],
            }),
        }
    }
}

/// A levy's `base`: "amount" or "amount_less_expenses".
fn levy_base(f: &mut TomlFile, v: &Raw) -> Option<LevyBase> {
    match f.string("levies.base", v).as_deref() {
        Some("amount") => Some(LevyBase::Amount),
        Some("amount_less_expenses") => Some(LevyBase::AmountLessExpenses),
        Some(other) => {
            let line = f.line(v);
            f.error(
                line,
                format!("levies.base \"{other}\": expected \"amount\" or \"amount_less_expenses\""),
            );
            None
        }
        None => None,
    }
}

/// `[rules]`: the minimum hourly wage and contract length, and what a violation is.
fn rules(f: &mut TomlFile, r: &RawRules, coop: &mut Coop) {
    if let Some(v) = &r.min_hourly_wage {
        coop.rules.min_hourly_wage = f.money("rules.min_hourly_wage", v, &coop.currency);
    }
    if let Some(v) = &r.min_contract_hours {
        coop.rules.min_contract_hours = hours(f, "rules.min_contract_hours", v);
    }
    if let Some(v) = &r.violations {
        match f.string("rules.violations", v).as_deref() {
            Some("error") | None => {}
            Some("warn") => coop.rules.violations = ViolationPolicy::Warn,
            Some(other) => {
                let line = f.line(v);
                f.error(
                    line,
                    format!("rules.violations \"{other}\": expected \"error\" or \"warn\""),
                );
            }
        }
    }
}

/// `[patronage]`: the surplus fund, the basis weights (totalling 100%), the cash part and the
/// set-asides (totalling at most 100%); `None` when the fund or the cash part is unusable.
fn patronage(f: &mut TomlFile, p: &RawPatronage, coop: &Coop) -> Option<Patronage> {
    let surplus = fund_ref(f, coop, "patronage.surplus_fund", &p.surplus_fund);
    let mut basis = [Rate::ZERO; 3];
    let mut basis_line = None;
    for (i, (key, v)) in [
        ("hours", &p.basis.hours),
        ("turnover", &p.basis.turnover),
        ("budget", &p.basis.budget),
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(v) = v {
            basis_line.get_or_insert(f.line(v));
            basis[i] = f
                .rate(&format!("patronage.basis.{key}"), v)
                .unwrap_or(Rate::ZERO);
        }
    }
    let total: rust_decimal::Decimal = basis.iter().map(|r| r.value()).sum();
    if total != rust_decimal::Decimal::ONE {
        let line = basis_line.unwrap_or_else(|| coop.line_of("patronage"));
        f.error(
            line,
            format!(
                "patronage.basis: the weights total {}; they must total 100%",
                Rate::from_fraction(total).percent()
            ),
        );
    }
    let cash = f.rate("patronage.cash", &p.cash);
    let mut set_aside = Vec::new();
    let mut set_total = rust_decimal::Decimal::ZERO;
    for s in &p.set_aside {
        let fund = fund_ref(f, coop, "patronage.set_aside.fund", &s.fund);
        let rate = f.rate("patronage.set_aside.rate", &s.rate);
        if let Some(r) = rate {
            set_total += r.value();
            if set_total > rust_decimal::Decimal::ONE {
                let line = f.line(&s.rate);
                f.error(line, "patronage.set_aside: the rates total more than 100%");
            }
        }
        if let (Some(fund), Some(rate)) = (fund, rate) {
            set_aside.push((fund, rate));
        }
    }
    let decided = p.decided.as_ref().and_then(|v| meeting_day(f, v));
    Some(Patronage {
        surplus_fund: surplus?,
        basis,
        cash: cash?,
        set_aside,
        decided,
    })
}

/// `[patronage] decided = "MM-DD"`: the general meeting's day in the year after each closed
/// year (a day every year has, so not 02-29).
fn meeting_day(f: &mut TomlFile, v: &Raw) -> Option<(u32, u32)> {
    let line = f.line(v);
    let text = match v.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        _ => String::new(),
    };
    let day = chrono::NaiveDate::parse_from_str(&format!("2001-{text}"), "%Y-%m-%d").ok();
    match day.filter(|_| text.len() == 5) {
        Some(d) => Some((chrono::Datelike::month(&d), chrono::Datelike::day(&d))),
        None => {
            f.error(
                line,
                format!(
                    "patronage.decided \"{}\": expected the general meeting's day in the year \
                     after the year closed, as MM-DD (e.g. \"05-20\")",
                    crate::text::escaped(&text)
                ),
            );
            None
        }
    }
}

fn hours(f: &mut TomlFile, key: &str, v: &Raw) -> Option<Hours> {
    let line = f.line(v);
    let text = match v.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Integer(_) | toml::Value::Float(_) => f.text.get(v.span())?.trim().to_string(),
        _ => {
            f.error(
                line,
                format!("{key}: expected a number of hours such as \"3\""),
            );
            return None;
        }
    };
    match crate::money::parse_hours(&text) {
        Ok(h) => Some(h),
        Err(why) => {
            f.error(line, format!("{key} \"{text}\": {why}"));
            None
        }
    }
}

fn model(f: &mut TomlFile, key: &str, v: &Raw) -> Option<PayModel> {
    match f.string(key, v)?.as_str() {
        "salaried" => Some(PayModel::Salaried),
        "contractor" => Some(PayModel::Contractor),
        other => {
            let line = f.line(v);
            f.error(
                line,
                format!("{key} \"{other}\": expected \"salaried\" or \"contractor\""),
            );
            None
        }
    }
}

/// A withholding table: `above` strictly rising from 0.00.
fn table(f: &mut TomlFile, key: &str, rows: &[RawBracket], currency: &str) -> Vec<Bracket> {
    let mut out: Vec<Bracket> = Vec::new();
    for (i, b) in rows.iter().enumerate() {
        let above = f.money(&format!("{key}.above"), &b.above, currency);
        let rate = f.rate(&format!("{key}.rate"), &b.rate);
        let (Some(above), Some(rate)) = (above, rate) else {
            continue;
        };
        let line = f.line(&b.above);
        if i == 0 && !above.is_zero() {
            f.error(
                line,
                format!("{key}: the first above is {above}; it must be 0.00"),
            );
        }
        if let Some(prev) = out.last()
            && above <= prev.above
        {
            f.error(
                line,
                format!(
                    "{key}: above {above} must be greater than the one before it ({})",
                    prev.above
                ),
            );
            continue;
        }
        out.push(Bracket { above, rate });
    }
    out
}

fn payroll_steps(f: &mut TomlFile, p: &RawPayroll, currency: &str) -> Vec<PayrollStep> {
    let line = f.line(&p.model);
    let mut base = Payroll {
        model: model(f, "payroll.model", &p.model).unwrap_or(PayModel::Salaried),
        employer_rate: Rate::ZERO,
        employee_rate: Rate::ZERO,
        withholding: Vec::new(),
        withhold_contractors: false,
    };
    if let Some(v) = &p.withhold_contractors {
        base.withhold_contractors = f
            .boolean("payroll.withhold_contractors", v)
            .unwrap_or(false);
    }
    if let Some(v) = &p.employer_rate {
        base.employer_rate = f.rate("payroll.employer_rate", v).unwrap_or(Rate::ZERO);
    }
    if let Some(v) = &p.employee_rate {
        base.employee_rate = f.rate("payroll.employee_rate", v).unwrap_or(Rate::ZERO);
    }
    if let Some(t) = &p.withholding {
        base.withholding = table(f, "payroll.withholding", t, currency);
    }
    let mut changes = Vec::new();
    for c in &p.changes {
        if let Some(since) = f.date("payroll.changes.since", &c.since) {
            changes.push((since, f.line(&c.since), c));
        }
    }
    changes.sort_by_key(|(since, _, _)| *since);
    let mut steps = vec![PayrollStep {
        since: None,
        settings: base,
        line,
    }];
    for (since, line, c) in changes {
        let Some(prev) = steps.last() else { break };
        if prev.since == Some(since) {
            f.error(
                line,
                format!(
                    "payroll.changes: two changes since {since} (the other at line {})",
                    prev.line
                ),
            );
            continue;
        }
        let mut s = prev.settings.clone();
        if let Some(v) = &c.model
            && let Some(m) = model(f, "payroll.changes.model", v)
        {
            s.model = m;
        }
        if let Some(v) = &c.employer_rate
            && let Some(r) = f.rate("payroll.changes.employer_rate", v)
        {
            s.employer_rate = r;
        }
        if let Some(v) = &c.employee_rate
            && let Some(r) = f.rate("payroll.changes.employee_rate", v)
        {
            s.employee_rate = r;
        }
        if let Some(t) = &c.withholding {
            s.withholding = table(f, "payroll.changes.withholding", t, currency);
        }
        if let Some(v) = &c.withhold_contractors
            && let Some(b) = f.boolean("payroll.changes.withhold_contractors", v)
        {
            s.withhold_contractors = b;
        }
        steps.push(PayrollStep {
            since: Some(since),
            settings: s,
            line,
        });
    }
    steps
}
