//! Reads `bank/`: the statements' balances `import` recorded (`statements.csv`) and the rules
//! that turn a statement's other lines into rows of the books (`rules.toml`).

use super::csvfile::{self, Cell, Column, required};
use super::ids::Interner;
use super::model::*;
use super::tomlvalue::{Raw, TomlFile};
use crate::problem::Problem;
use serde::Deserialize;

/// The columns of the statements file, in their canonical order.
pub const COLUMNS: [Column; 6] = [
    required("account", Cell::Text),
    required("statement", Cell::Text),
    required("from", Cell::Date),
    required("to", Cell::Date),
    required("opening", Cell::Money),
    required("closing", Cell::Money),
];
const ACCOUNT: usize = 0;
const STATEMENT: usize = 1;
const FROM: usize = 2;
const TO: usize = 3;
const OPENING: usize = 4;
const CLOSING: usize = 5;

/// Reads the statements file: each row a statement of the account, the balance at the start
/// of its first day and at the end of its last.
pub fn read_statements(
    file: &BookFile,
    id: FileId,
    currency: &str,
    problems: &mut Vec<Problem>,
) -> Vec<StatementBalance> {
    let mut out = Vec::new();
    csvfile::read(&file.bytes, &file.rel, id, &COLUMNS, problems, |row| {
        let account = row.nonempty(ACCOUNT).map(str::to_string);
        let statement = row.nonempty(STATEMENT).map(str::to_string);
        let from = row.date(FROM);
        let to = row.date(TO);
        let opening = row.money(OPENING, currency);
        let closing = row.money(CLOSING, currency);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            row.error(format!(
                "to \"{to}\": before from \"{from}\"; a statement runs from its first day to its last"
            ));
        }
        if row.bad {
            return;
        }
        if let (
            Some(account),
            Some(statement),
            Some(from),
            Some(to),
            Some(opening),
            Some(closing),
        ) = (account, statement, from, to, opening, closing)
        {
            out.push(StatementBalance {
                account,
                statement,
                from,
                to,
                opening,
                closing,
                src: row.src,
            });
        }
    });
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Raw,
    kind: Raw,
    direction: Option<Raw>,
    counterparty: Option<Raw>,
    iban: Option<Raw>,
    text: Option<Raw>,
    fund: Option<Raw>,
    to: Option<Raw>,
    member: Option<Raw>,
    member_by_iban: Option<Raw>,
    memo: Option<Raw>,
}

/// Reads the rules file, in its order (the first rule a line matches is the one applied).
pub fn read_rules(
    file: &BookFile,
    coop: &Coop,
    members: &Interner,
    problems: &mut Vec<Problem>,
) -> Vec<BankRule> {
    let Some(text) = super::text_of(file, problems) else {
        return Vec::new();
    };
    let mut t = TomlFile {
        rel: file.rel.clone(),
        text,
        problems,
    };
    let Some(raw) = t.parse::<RawRules>() else {
        return Vec::new();
    };
    (raw.rule.iter().enumerate())
        .filter_map(|(i, r)| rule(&mut t, i + 1, r, coop, members))
        .collect()
}

/// One `[[rule]]`, each problem on its line: its kind, what it matches, and the row it
/// writes.
fn rule(
    t: &mut TomlFile,
    n: usize,
    r: &RawRule,
    coop: &Coop,
    members: &Interner,
) -> Option<BankRule> {
    let line = t.line(&r.name);
    let name = t.string(&format!("rule {n}: name"), &r.name);
    let (kind, kind_text) = kind(t, n, r)?;
    let credit = matches!(kind, LedgerKind::Income | LedgerKind::Share);
    let (counterparty, iban, text) = matches(t, n, r, credit, name.as_deref())?;
    let (fund, member) = writes(t, n, r, coop, members)?;
    let needs_member = matches!(kind, LedgerKind::Share | LedgerKind::Redeem);
    let needs_fund = matches!(
        kind,
        LedgerKind::Income | LedgerKind::Cost | LedgerKind::Redeem
    );
    if needs_member && member == RuleMember::None {
        t.error(
            line,
            format!(
                "rule {n}: a {kind_text} is a member's: give member = \"ID\" or member_by_iban = true"
            ),
        );
        return None;
    }
    if needs_fund && fund.is_none() {
        t.error(
            line,
            format!("rule {n}: a {kind_text} needs a fund = \"NAME\""),
        );
        return None;
    }
    let memo = match &r.memo {
        Some(v) => t.string(&format!("rule {n}: memo"), v)?,
        None => String::new(),
    };
    Some(BankRule {
        name: name?,
        kind,
        credit,
        counterparty,
        iban,
        text,
        fund,
        member,
        memo,
        line,
    })
}

/// A rule's kind (a remittance's from its `to`), and its `direction` if it gives one, which
/// must be the kind's.
fn kind(t: &mut TomlFile, n: usize, r: &RawRule) -> Option<(LedgerKind, String)> {
    let key = |k: &str| format!("rule {n}: {k}");
    let kind_text = t.string(&key("kind"), &r.kind)?;
    let kind = match (kind_text.as_str(), &r.to) {
        ("income", _) => LedgerKind::Income,
        ("cost", _) => LedgerKind::Cost,
        ("share", _) => LedgerKind::Share,
        ("redeem", _) => LedgerKind::Redeem,
        ("remit", Some(to)) => match t.string(&key("to"), to)?.as_str() {
            "tax" => LedgerKind::Remit(Authority::Tax),
            "social" => LedgerKind::Remit(Authority::Social),
            other => {
                t.error(
                    t.line(to),
                    format!("{} \"{other}\": expected \"tax\" or \"social\"", key("to")),
                );
                return None;
            }
        },
        ("remit", None) => {
            t.error(
                t.line(&r.kind),
                format!(
                    "{}: a remittance names who it pays: to = \"tax\" or \"social\"",
                    key("to")
                ),
            );
            return None;
        }
        (other, _) => {
            t.error(
                t.line(&r.kind),
                format!(
                    "{} \"{other}\": a rule writes income, cost, share, redeem or remit (payouts, \
                     returned payouts and refunds are known by their transfer's end-to-end id)",
                    key("kind")
                ),
            );
            return None;
        }
    };
    if let Some(d) = &r.direction {
        let text = t.string(&key("direction"), d)?;
        let credit = matches!(kind, LedgerKind::Income | LedgerKind::Share);
        let wanted = if credit { "credit" } else { "debit" };
        if text != wanted {
            t.error(
                t.line(d),
                format!(
                    "{} \"{text}\": a rule of kind {kind_text} applies to {wanted}s",
                    key("direction")
                ),
            );
            return None;
        }
    }
    Some((kind, kind_text))
}

/// What a rule matches: the counterparty's name and the remittance text (lower-cased), the
/// counterparty's IBAN; at least one of them.
type Matches = (Option<String>, Option<String>, Option<String>);

fn matches(
    t: &mut TomlFile,
    n: usize,
    r: &RawRule,
    credit: bool,
    name: Option<&str>,
) -> Option<Matches> {
    let key = |k: &str| format!("rule {n}: {k}");
    let lower = |t: &mut TomlFile, k: &str, v: &Option<Raw>| -> Option<Option<String>> {
        match v {
            Some(v) => Some(Some(t.string(&key(k), v)?.to_lowercase())),
            None => Some(None),
        }
    };
    let counterparty = lower(t, "counterparty", &r.counterparty)?;
    let text = lower(t, "text", &r.text)?;
    let iban = match &r.iban {
        Some(v) => Some(t.checked(&key("iban"), v, super::iban::parse)?),
        None => None,
    };
    if counterparty.is_none() && text.is_none() && iban.is_none() {
        t.error(
            t.line(&r.name),
            format!(
                "rule {n} ({}): matches every {} line; give it a counterparty, an iban or a text",
                name.unwrap_or(""),
                if credit { "credit" } else { "debit" }
            ),
        );
        return None;
    }
    Some((counterparty, iban, text))
}

/// The fund and the member of the row a rule writes.
fn writes(
    t: &mut TomlFile,
    n: usize,
    r: &RawRule,
    coop: &Coop,
    members: &Interner,
) -> Option<(Option<FundId>, RuleMember)> {
    let key = |k: &str| format!("rule {n}: {k}");
    let fund = match &r.fund {
        Some(v) => {
            let f = t.string(&key("fund"), v)?;
            let Some(id) = coop.fund_by_name(&f) else {
                t.error(
                    t.line(v),
                    format!(
                        "{} \"{f}\": no such fund; {}",
                        key("fund"),
                        crate::text::declare_or(
                            &f,
                            coop.fund_names(),
                            &format!("declare it under [funds.{f}] in coop.toml")
                        )
                    ),
                );
                return None;
            };
            Some(id)
        }
        None => None,
    };
    let by_iban = match &r.member_by_iban {
        Some(v) => match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            _ => {
                t.error(
                    t.line(v),
                    format!("{}: expected true or false", key("member_by_iban")),
                );
                return None;
            }
        },
        None => false,
    };
    let member = match (&r.member, by_iban) {
        (Some(v), false) => {
            let m = t.string(&key("member"), v)?;
            let Some(id) = members.find(&m) else {
                t.error(
                    t.line(v),
                    format!(
                        "{} \"{m}\": no such member (no members/{m}.toml){}",
                        key("member"),
                        crate::text::did_you_mean(&m, members.names())
                    ),
                );
                return None;
            };
            RuleMember::Fixed(MemberId(id))
        }
        (Some(v), true) => {
            t.error(
                t.line(v),
                format!(
                    "{}: give a member or member_by_iban, not both",
                    key("member")
                ),
            );
            return None;
        }
        (None, true) => RuleMember::ByIban,
        (None, false) => RuleMember::None,
    };
    Some((fund, member))
}
