//! Reads a camt.053 bank-to-customer statement (ISO 20022, versions `.001.02` to `.001.08`,
//! which the namespace of its root names) into its transactions, streaming: the file is read
//! once, a buffer at a time, and only what `import` needs of each transaction is kept.
//!
//! The reader is an XML parser (quick-xml), never a pattern match on text: a document type
//! declaration (`<!DOCTYPE`, the way to external entities) is refused, an entity other than
//! XML's five and character references is an error, nesting is bounded at `MAX_DEPTH` and a
//! single tag or text at `input::MAX_EVENT`. Elements are known by their path from the root,
//! so the same name elsewhere (inside `SplmtryData`, say) is never mistaken for one.

use super::input::Input;
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The deepest nesting read; real statements nest about 12 deep.
pub const MAX_DEPTH: usize = 64;
/// What is kept of one text (a remittance, a name), in bytes; the schema allows 140.
const MAX_TEXT: usize = 1024;
/// Structured references kept per transaction.
const MAX_REFS: usize = 8;

/// The versions read: camt.053.001.02 to .08.
pub const VERSIONS: std::ops::RangeInclusive<u8> = 2..=8;
const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";

/// A statement file's transactions, in the order written, their texts in one arena. Two files
/// that read as equal statements are the same statement (one downloaded twice).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Statement {
    /// The `NN` of camt.053.001.NN.
    pub version: u8,
    /// The account's IBAN (`Stmt/Acct/Id/IBAN`) of the first statement, if given.
    pub account: Option<String>,
    pub transactions: Vec<Transaction>,
    /// Each `Stmt`'s id, account and booked balances, in the order written.
    pub balances: Vec<Balances>,
    /// Every kept text of the transactions, one after the other.
    text: String,
    /// Short texts kept once (statuses, currencies), to be found again.
    shorts: Vec<Text>,
}

/// One `Stmt`: its id, its account's IBAN, and its opening and closing booked balances
/// (`Bal` of type `OPBD` and `CLBD`): each its date and amount (below zero for a debit
/// balance), as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Balances {
    pub line: u32,
    pub id: String,
    pub account: Option<String>,
    pub opening: Option<(NaiveDate, String)>,
    pub closing: Option<(NaiveDate, String)>,
}

/// A `Bal` as read.
#[derive(Default)]
struct BalanceDraft {
    code: String,
    amount: String,
    debit: bool,
    date: Option<NaiveDate>,
}

/// A text of a transaction: where it is in its statement's arena (`Statement::text`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Text {
    start: u32,
    len: u32,
}

impl Text {
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// One transaction: an entry (`Ntry`) of one, or one of a batched entry's `TxDtls`. Its texts
/// are read through its statement (`Statement::text`), so that a transaction is a few words
/// and a statement of millions is held in little more than its kept text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    /// The line of its entry's `<Ntry>`.
    pub line: u32,
    /// The entry's status: `BOOK`, `PDNG`, `INFO`, …
    pub status: Text,
    /// The entry's booking date.
    pub booked: Option<NaiveDate>,
    /// A credit to the account (`CRDT`), else a debit.
    pub credit: bool,
    /// The entry reverses an earlier one (`RvslInd` true).
    pub reversal: bool,
    /// The transaction returns an earlier payment (it has `RtrInf`).
    pub returned: bool,
    /// The amount as written (a decimal number, at least 0); none for a transaction of a
    /// batched entry that gives no amount of its own.
    pub amount: Option<Text>,
    pub currency: Text,
    /// The bank's reference of the transaction: its `AcctSvcrRef` (for an entry of one
    /// transaction, the entry's), else its `EndToEndId` (unless `NOTPROVIDED`), else its
    /// entry's `AcctSvcrRef` or `NtryRef`, with `/n` for the n-th transaction of a batch;
    /// empty when there is none.
    pub reference: Text,
    /// The debtor's name (`RltdPties/Dbtr`).
    pub debtor: Text,
    /// The creditor's name (`RltdPties/Cdtr`).
    pub creditor: Text,
    /// The debtor's and the creditor's IBANs (`RltdPties/DbtrAcct`, `CdtrAcct`), compact.
    pub debtor_iban: Text,
    pub creditor_iban: Text,
    /// The end-to-end id the payer gave (`Refs/EndToEndId`; empty for `NOTPROVIDED`).
    pub end_to_end: Text,
    /// The unstructured remittance lines (`RmtInf/Ustrd`), joined by spaces.
    pub remittance: Text,
    /// The structured creditor references (`RmtInf/Strd/CdtrRefInf/Ref`), one per line
    /// (`Statement::references`).
    pub references: Text,
}

impl Statement {
    /// A text of one of its transactions.
    pub fn text(&self, t: Text) -> &str {
        let start = t.start as usize;
        self.text.get(start..start + t.len as usize).unwrap_or("")
    }

    /// A transaction's amount as written, if it has one.
    pub fn amount(&self, t: &Transaction) -> Option<&str> {
        t.amount.map(|a| self.text(a))
    }

    /// Who is on the other side of a transaction: the debtor of a credit, the creditor of a
    /// debit, by name and IBAN.
    pub fn counterparty(&self, t: &Transaction) -> (&str, &str) {
        match t.credit {
            true => (self.text(t.debtor), self.text(t.debtor_iban)),
            false => (self.text(t.creditor), self.text(t.creditor_iban)),
        }
    }

    /// A transaction's structured creditor references.
    pub fn references<'s>(&'s self, t: &Transaction) -> impl Iterator<Item = &'s str> + 's {
        let all = self.text(t.references);
        all.split('\n').filter(|r| !r.is_empty())
    }

    /// The same statement with one transaction's amount written otherwise: what the fuzz
    /// target imports after the statement itself, as a bank's corrected statement would be.
    #[doc(hidden)]
    pub fn with_amount(&self, index: usize, amount: &str) -> Statement {
        let mut changed = Statement {
            version: self.version,
            account: self.account.clone(),
            transactions: self.transactions.clone(),
            balances: self.balances.clone(),
            text: self.text.clone(),
            shorts: self.shorts.clone(),
        };
        let line = changed.transactions.get(index).map_or(1, |t| t.line);
        if let Ok(text) = changed.keep(amount, line)
            && let Some(t) = changed.transactions.get_mut(index)
        {
            t.amount = Some(text);
        }
        changed
    }

    /// Keeps a text in the arena. Short texts that repeat (a status, a currency) are kept
    /// once.
    fn keep(&mut self, s: &str, line: u32) -> Result<Text, Error> {
        if s.is_empty() {
            return Ok(Text::default());
        }
        let short = s.len() <= 8;
        if short && let Some(&t) = self.shorts.iter().find(|&&t| self.text(t) == s) {
            return Ok(t);
        }
        let start = u32::try_from(self.text.len()).ok();
        let end = start.and_then(|st| st.checked_add(u32::try_from(s.len()).ok()?));
        let (Some(start), Some(_)) = (start, end) else {
            return Err(Error::at(
                line,
                "holds more than 4 GiB of text to keep; not read",
            ));
        };
        self.text.push_str(s);
        let t = Text {
            start,
            len: s.len() as u32,
        };
        if short && self.shorts.len() < 16 {
            self.shorts.push(t);
        }
        Ok(t)
    }
}

/// Why a file is not a statement that can be read, and the line where the reader was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: u32,
    pub message: String,
}

impl Error {
    /// The message may quote the file (a name, a namespace, the parser's own words about
    /// them): shown escaped, never acting on a terminal.
    fn at(line: u32, message: impl Into<String>) -> Error {
        let message = message.into();
        Error {
            line,
            message: crate::text::escaped(&message).into_owned(),
        }
    }
}

/// The elements the reader knows, by their place in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    Other,
    Document,
    Report,
    Stmt,
    Acct,
    AcctId,
    AcctIban,
    Ntry,
    NtryRef,
    NtryAmt,
    NtryCdtDbt,
    Rvsl,
    Sts,
    StsCode,
    BookgDt,
    BookgDate,
    BookgDateTime,
    NtryAcctSvcrRef,
    AddtlNtryInf,
    NtryDtls,
    Tx,
    Refs,
    TxAcctSvcrRef,
    EndToEnd,
    TxAmt,
    AmtDtls,
    AmtDtlsTx,
    AmtDtlsAmt,
    TxCdtDbt,
    Parties,
    Dbtr,
    DbtrPty,
    DbtrNm,
    Cdtr,
    CdtrPty,
    CdtrNm,
    DbtrAcct,
    DbtrAcctId,
    DbtrIban,
    CdtrAcct,
    CdtrAcctId,
    CdtrIban,
    StmtId,
    Bal,
    BalTp,
    BalCdOrPrtry,
    BalCd,
    BalAmt,
    BalCdtDbt,
    BalDt,
    BalDate,
    RmtInf,
    Ustrd,
    Strd,
    CdtrRefInf,
    CdtrRef,
    RtrInf,
}

/// The node of an element named `name` inside `parent`.
fn child(parent: Node, name: &str) -> Node {
    use Node::*;
    match (parent, name) {
        (Document, "BkToCstmrStmt") => Report,
        (Report, "Stmt") => Stmt,
        (Stmt, "Acct") => Acct,
        (Acct, "Id") => AcctId,
        (AcctId, "IBAN") => AcctIban,
        (Stmt, "Ntry") => Ntry,
        (Ntry, "NtryRef") => NtryRef,
        (Ntry, "Amt") => NtryAmt,
        (Ntry, "CdtDbtInd") => NtryCdtDbt,
        (Ntry, "RvslInd") => Rvsl,
        (Ntry, "Sts") => Sts,
        (Sts, "Cd" | "Prtry") => StsCode,
        (Ntry, "BookgDt") => BookgDt,
        (BookgDt, "Dt") => BookgDate,
        (BookgDt, "DtTm") => BookgDateTime,
        (Ntry, "AcctSvcrRef") => NtryAcctSvcrRef,
        (Ntry, "AddtlNtryInf") => AddtlNtryInf,
        (Ntry, "NtryDtls") => NtryDtls,
        (NtryDtls, "TxDtls") => Tx,
        (Tx, "Refs") => Refs,
        (Refs, "AcctSvcrRef") => TxAcctSvcrRef,
        (Refs, "EndToEndId") => EndToEnd,
        (Tx, "Amt") => TxAmt,
        (Tx, "AmtDtls") => AmtDtls,
        (AmtDtls, "TxAmt") => AmtDtlsTx,
        (AmtDtlsTx, "Amt") => AmtDtlsAmt,
        (Tx, "CdtDbtInd") => TxCdtDbt,
        (Tx, "RltdPties") => Parties,
        (Parties, "Dbtr") => Dbtr,
        (Dbtr, "Pty") => DbtrPty,
        (Dbtr | DbtrPty, "Nm") => DbtrNm,
        (Parties, "Cdtr") => Cdtr,
        (Cdtr, "Pty") => CdtrPty,
        (Cdtr | CdtrPty, "Nm") => CdtrNm,
        (Parties, "DbtrAcct") => DbtrAcct,
        (DbtrAcct, "Id") => DbtrAcctId,
        (DbtrAcctId, "IBAN") => DbtrIban,
        (Parties, "CdtrAcct") => CdtrAcct,
        (CdtrAcct, "Id") => CdtrAcctId,
        (CdtrAcctId, "IBAN") => CdtrIban,
        (Stmt, "Id") => StmtId,
        (Stmt, "Bal") => Bal,
        (Bal, "Tp") => BalTp,
        (BalTp, "CdOrPrtry") => BalCdOrPrtry,
        (BalCdOrPrtry, "Cd") => BalCd,
        (Bal, "Amt") => BalAmt,
        (Bal, "CdtDbtInd") => BalCdtDbt,
        (Bal, "Dt") => BalDt,
        (BalDt, "Dt" | "DtTm") => BalDate,
        (Tx, "RmtInf") => RmtInf,
        (RmtInf, "Ustrd") => Ustrd,
        (RmtInf, "Strd") => Strd,
        (Strd, "CdtrRefInf") => CdtrRefInf,
        (CdtrRefInf, "Ref") => CdtrRef,
        (Tx, "RtrInf") => RtrInf,
        _ => Other,
    }
}

/// An amount as read: its text and currency.
type Amount = Option<(String, String)>;

/// A `TxDtls` as read.
#[derive(Default)]
struct TxDraft {
    acct_svcr_ref: String,
    end_to_end: String,
    amount: Amount,
    detail_amount: Amount,
    credit: Option<bool>,
    debtor: String,
    creditor: String,
    debtor_iban: String,
    creditor_iban: String,
    remittance: String,
    references: Vec<String>,
    returned: bool,
}

/// An `Ntry` as read.
#[derive(Default)]
struct EntryDraft {
    line: u32,
    ntry_ref: String,
    acct_svcr_ref: String,
    amount: Amount,
    credit: Option<bool>,
    reversal: bool,
    status: String,
    booked: Option<NaiveDate>,
    info: String,
    txs: Vec<TxDraft>,
}

/// Reads a statement from its bytes.
pub fn parse(bytes: &[u8]) -> Result<Statement, Error> {
    read(bytes)
}

/// Reads a statement as it streams in.
pub fn read(source: impl Read) -> Result<Statement, Error> {
    use std::io::BufRead;
    let mut input = Input::new(source);
    if input.fill_buf().is_ok_and(is_utf16) {
        return Err(Error::at(
            1,
            "is UTF-16 text, not UTF-8; save it as UTF-8, or download the statement again \
             in UTF-8 (coopbooks reads statements in UTF-8)",
        ));
    }
    let mut reader = quick_xml::Reader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = true;
    let mut parser = Parser::default();
    let mut buf = Vec::with_capacity(1 << 12);
    loop {
        buf.clear();
        let line = reader.get_ref().line();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let input = reader.get_ref();
                let message = if input.over_bound() {
                    format!(
                        "not read: a tag or text longer than {} MiB",
                        super::input::MAX_EVENT >> 20
                    )
                } else {
                    format!("not well-formed XML: {e}")
                };
                return Err(Error::at(input.line(), message));
            }
        };
        let done = matches!(event, Event::Eof);
        parser.event(event, line, reader.get_ref().line())?;
        if done {
            return parser.finish(reader.get_ref().line());
        }
        reader.get_mut().event_done();
    }
}

/// Whether a file's first bytes are UTF-16: its byte-order mark, or `<` as two bytes, one of
/// them zero (an XML file starts with `<`).
fn is_utf16(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.starts_with(b"<\0")
        || head.starts_with(b"\0<")
}

#[derive(Default)]
struct Parser {
    statement: Statement,
    stack: Vec<Node>,
    /// The text of the element being read.
    text: String,
    seen_root: bool,
    seen_report: bool,
    entry: Option<EntryDraft>,
    balance: Option<BalanceDraft>,
}

impl Parser {
    /// One event; `line` is where it started, `now` where the reader is.
    fn event(&mut self, event: Event, line: u32, now: u32) -> Result<(), Error> {
        match event {
            Event::Start(e) => self.start(&e, now),
            Event::End(_) => self.end(now),
            Event::Text(t) => self.push_text(&t.xml10_content(), line),
            Event::CData(t) => self.push_text(&t.xml10_content(), line),
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => {
                            let name = crate::text::escaped(&r);
                            let message = format!(
                                "the entity &{name}; is not defined (a statement uses only \
                                 &amp; &lt; &gt; &quot; &apos; and character references)"
                            );
                            return Err(Error::at(line, message));
                        }
                    },
                };
                self.push_text(c.encode_utf8(&mut [0; 4]), line)
            }
            Event::DocType(_) => Err(Error::at(
                line,
                "has a document type declaration (<!DOCTYPE …>), which a bank statement never \
                 has; not read",
            )),
            Event::Decl(d) => match d.encoding() {
                Some(Ok(enc)) if !enc.eq_ignore_ascii_case("utf-8") => Err(Error::at(
                    line,
                    format!("is encoded in {}; coopbooks reads statements in UTF-8", enc),
                )),
                _ => Ok(()),
            },
            Event::Empty(_) | Event::Comment(_) | Event::PI(_) | Event::Eof => Ok(()),
        }
    }

    /// Adds text to the element's (what is kept of it), refusing a character XML does not
    /// allow (a control character but tab and line ends, U+FFFE, U+FFFF).
    fn push_text(&mut self, s: &str, line: u32) -> Result<(), Error> {
        let allowed = |c: char| !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
        if let Some(c) = s.chars().find(|&c| !allowed(c)) {
            return Err(Error::at(
                line,
                format!(
                    "not well-formed XML: the character U+{:04X}, which XML does not allow",
                    c as u32
                ),
            ));
        }
        push_bounded(&mut self.text, s);
        Ok(())
    }

    fn start(&mut self, e: &BytesStart, line: u32) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error::at(
                line,
                format!("nests elements more than {MAX_DEPTH} deep; not read"),
            ));
        }
        let name = e.local_name();
        let node = match self.stack.last() {
            None => self.root(e, line)?,
            Some(&parent) => child(parent, name.as_ref()),
        };
        self.text.clear();
        match node {
            Node::Report => self.seen_report = true,
            Node::Stmt => self.statement.balances.push(Balances {
                line,
                ..Balances::default()
            }),
            Node::Bal => self.balance = Some(BalanceDraft::default()),
            Node::Ntry => {
                self.entry = Some(EntryDraft {
                    line,
                    ..EntryDraft::default()
                })
            }
            Node::Tx => {
                if let Some(entry) = &mut self.entry {
                    entry.txs.push(TxDraft::default());
                }
            }
            Node::NtryAmt | Node::TxAmt | Node::AmtDtlsAmt => {
                let ccy = currency_of(e, line)?;
                let slot = self.amount_slot(node);
                if let Some(slot) = slot {
                    *slot = Some((String::new(), ccy));
                }
            }
            _ => {}
        }
        self.stack.push(node);
        Ok(())
    }

    /// The root: `Document` in the namespace of camt.053.001.02 to .08.
    fn root(&mut self, e: &BytesStart, line: u32) -> Result<Node, Error> {
        self.seen_root = true;
        let qname = e.name();
        let wanted = match qname.prefix() {
            Some(p) => format!("xmlns:{}", p.as_ref()),
            None => "xmlns".to_string(),
        };
        let mut namespace = String::new();
        for attr in e.attributes().with_checks(false).flatten() {
            if attr.key.as_ref() == wanted {
                namespace = attr.value.trim().to_string();
            }
        }
        let local = e.local_name().as_ref().to_string();
        let version = (namespace.strip_prefix(NAMESPACE))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|_| local == "Document");
        match version {
            Some(v) if VERSIONS.contains(&v) => {
                self.statement.version = v;
                Ok(Node::Document)
            }
            Some(v) => Err(Error::at(
                line,
                format!(
                    "is a camt.053.001.{v:02} statement; coopbooks reads versions .001.02 to \
                     .001.08"
                ),
            )),
            None => {
                let what = if namespace.contains("camt.052") {
                    " (a camt.052 intraday report, not an end-of-day statement)".to_string()
                } else if namespace.contains("camt.054") {
                    " (a camt.054 notification, not a statement)".to_string()
                } else {
                    String::new()
                };
                let ns = if namespace.is_empty() {
                    "no namespace".to_string()
                } else {
                    format!("namespace \"{namespace}\"")
                };
                Err(Error::at(
                    line,
                    format!(
                        "is not a camt.053 statement: its root is <{}> in {ns}{what}; expected \
                         <Document xmlns=\"{NAMESPACE}08\"> (or .02 to .07)",
                        crate::text::escaped(&local)
                    ),
                ))
            }
        }
    }

    /// Where an amount element's value goes.
    fn amount_slot(&mut self, node: Node) -> Option<&mut Amount> {
        let entry = self.entry.as_mut()?;
        match node {
            Node::NtryAmt => Some(&mut entry.amount),
            Node::TxAmt => entry.txs.last_mut().map(|t| &mut t.amount),
            Node::AmtDtlsAmt => entry.txs.last_mut().map(|t| &mut t.detail_amount),
            _ => None,
        }
    }

    fn end(&mut self, line: u32) -> Result<(), Error> {
        let Some(node) = self.stack.pop() else {
            return Ok(());
        };
        let text = std::mem::take(&mut self.text);
        let value = text.trim();
        match node {
            Node::AcctIban => {
                let compact = value.split_whitespace().collect::<String>();
                let iban = compact.to_ascii_uppercase();
                if let Some(b) = self.statement.balances.last_mut() {
                    b.account.get_or_insert_with(|| iban.clone());
                }
                self.statement.account.get_or_insert(iban);
            }
            Node::StmtId => {
                if let Some(b) = self.statement.balances.last_mut() {
                    b.id = one_line(value);
                }
            }
            Node::BalCd | Node::BalAmt | Node::BalCdtDbt | Node::BalDate => {
                let Some(b) = self.balance.as_mut() else {
                    return Ok(());
                };
                match node {
                    Node::BalCd => b.code = value.to_string(),
                    Node::BalAmt => b.amount = amount(value, line)?,
                    Node::BalCdtDbt => b.debit = !direction(value, line)?,
                    _ => b.date = Some(date(value, line)?),
                }
            }
            Node::Bal => {
                if let (Some(b), Some(st)) =
                    (self.balance.take(), self.statement.balances.last_mut())
                    && let Some(date) = b.date
                {
                    let signed = match b.debit && b.amount != "0" {
                        true => format!("-{}", b.amount),
                        false => b.amount,
                    };
                    match b.code.as_str() {
                        "OPBD" => st.opening = Some((date, signed)),
                        "CLBD" => st.closing = Some((date, signed)),
                        _ => {}
                    }
                }
            }
            Node::Ntry => {
                if let Some(entry) = self.entry.take() {
                    self.finish_entry(entry)?;
                }
            }
            Node::NtryAmt | Node::TxAmt | Node::AmtDtlsAmt => {
                let amount = amount(value, line)?;
                if let Some(Some((text, _))) = self.amount_slot(node) {
                    *text = amount;
                }
            }
            _ => self.value(node, value, line)?,
        }
        self.text.clear();
        Ok(())
    }

    /// The value of a leaf the reader keeps.
    fn value(&mut self, node: Node, value: &str, line: u32) -> Result<(), Error> {
        let Some(entry) = self.entry.as_mut() else {
            return Ok(());
        };
        let keep = one_line;
        match node {
            Node::NtryRef => entry.ntry_ref = keep(value),
            Node::NtryAcctSvcrRef => entry.acct_svcr_ref = keep(value),
            Node::NtryCdtDbt => entry.credit = Some(direction(value, line)?),
            Node::Rvsl => entry.reversal = truth(value, line)?,
            Node::Sts | Node::StsCode if !value.is_empty() => entry.status = keep(value),
            Node::BookgDate | Node::BookgDateTime => entry.booked = Some(date(value, line)?),
            Node::AddtlNtryInf => entry.info = keep(value),
            _ => {
                let Some(tx) = entry.txs.last_mut() else {
                    return Ok(());
                };
                match node {
                    Node::TxAcctSvcrRef => tx.acct_svcr_ref = keep(value),
                    Node::EndToEnd => tx.end_to_end = keep(value),
                    Node::TxCdtDbt => tx.credit = Some(direction(value, line)?),
                    Node::DbtrNm if tx.debtor.is_empty() => tx.debtor = keep(value),
                    Node::CdtrNm if tx.creditor.is_empty() => tx.creditor = keep(value),
                    Node::DbtrIban => tx.debtor_iban = compact_iban(value),
                    Node::CdtrIban => tx.creditor_iban = compact_iban(value),
                    Node::Ustrd if !value.is_empty() => {
                        let value = one_line(value);
                        if !tx.remittance.is_empty() {
                            tx.remittance.push(' ');
                        }
                        push_bounded(&mut tx.remittance, &value);
                    }
                    Node::CdtrRef if tx.references.len() < MAX_REFS => {
                        tx.references.push(keep(value))
                    }
                    Node::RtrInf => tx.returned = true,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// An entry's transactions: its `TxDtls`, or the entry itself when it has none.
    fn finish_entry(&mut self, mut entry: EntryDraft) -> Result<(), Error> {
        let line = entry.line;
        let Some(credit) = entry.credit else {
            return Err(Error::at(line, "the entry (<Ntry>) has no <CdtDbtInd>"));
        };
        let Some((entry_amount, entry_ccy)) = entry.amount.take() else {
            return Err(Error::at(line, "the entry (<Ntry>) has no <Amt>"));
        };
        if entry.status.is_empty() {
            return Err(Error::at(line, "the entry (<Ntry>) has no <Sts>"));
        }
        if entry.status == "BOOK" && entry.booked.is_none() {
            return Err(Error::at(
                line,
                "the booked entry (<Ntry>) has no booking date (<BookgDt>)",
            ));
        }
        let entry_ref = if entry.acct_svcr_ref.is_empty() {
            entry.ntry_ref.clone()
        } else {
            entry.acct_svcr_ref.clone()
        };
        let single = entry.txs.len() <= 1;
        if entry.txs.is_empty() {
            entry.txs.push(TxDraft {
                remittance: std::mem::take(&mut entry.info),
                ..TxDraft::default()
            });
        }
        for (k, tx) in entry.txs.into_iter().enumerate() {
            let own = tx.amount.or(tx.detail_amount);
            let (amount, currency) = match own {
                Some((a, c)) => (Some(a), c),
                None if single => (Some(entry_amount.clone()), entry_ccy.clone()),
                None => (None, entry_ccy.clone()),
            };
            let end_to_end = match tx.end_to_end.as_str() {
                "NOTPROVIDED" => String::new(),
                e => e.to_string(),
            };
            let reference = if !tx.acct_svcr_ref.is_empty() {
                tx.acct_svcr_ref
            } else if single && !entry.acct_svcr_ref.is_empty() {
                // An entry of one transaction: the bank's reference of the entry is its.
                entry.acct_svcr_ref.clone()
            } else if !tx.end_to_end.is_empty() && tx.end_to_end != "NOTPROVIDED" {
                tx.end_to_end
            } else if entry_ref.is_empty() || single {
                entry_ref.clone()
            } else {
                format!("{entry_ref}/{}", k + 1)
            };
            let st = &mut self.statement;
            let amount = match amount {
                Some(a) => Some(st.keep(&a, line)?),
                None => None,
            };
            let transaction = Transaction {
                line,
                status: st.keep(&entry.status, line)?,
                booked: entry.booked,
                credit: tx.credit.unwrap_or(credit),
                reversal: entry.reversal,
                returned: tx.returned,
                currency: st.keep(&currency, line)?,
                amount,
                reference: st.keep(&reference, line)?,
                debtor: st.keep(&tx.debtor, line)?,
                creditor: st.keep(&tx.creditor, line)?,
                debtor_iban: st.keep(&tx.debtor_iban, line)?,
                creditor_iban: st.keep(&tx.creditor_iban, line)?,
                end_to_end: st.keep(&end_to_end, line)?,
                remittance: st.keep(&tx.remittance, line)?,
                references: st.keep(&tx.references.join("\n"), line)?,
            };
            st.transactions.push(transaction);
        }
        Ok(())
    }

    fn finish(self, line: u32) -> Result<Statement, Error> {
        if !self.seen_root {
            return Err(Error::at(
                line,
                "is not a camt.053 statement: it has no XML element",
            ));
        }
        if !self.stack.is_empty() {
            return Err(Error::at(
                line,
                "not well-formed XML: the file ends inside an element",
            ));
        }
        if !self.seen_report {
            return Err(Error::at(
                line,
                "is not a camt.053 statement: its <Document> has no <BkToCstmrStmt>",
            ));
        }
        Ok(self.statement)
    }
}

/// An IBAN as the books compare them: without spaces, in capitals.
fn compact_iban(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A text on one line: each run of spaces, tabs and line ends one space (a reference becomes
/// a memo of the books, a name a cell of a table).
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An amount's currency: its `Ccy` attribute, three letters.
fn currency_of(e: &BytesStart, line: u32) -> Result<String, Error> {
    let ccy = (e.attributes().with_checks(false).flatten())
        .find(|a| a.key.as_ref() == "Ccy")
        .map(|a| a.value.trim().to_string())
        .unwrap_or_default();
    if ccy.len() == 3 && ccy.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(ccy)
    } else {
        Err(Error::at(
            line,
            format!(
                "<Amt> Ccy=\"{}\": expected a currency code such as EUR",
                crate::text::escaped(&ccy)
            ),
        ))
    }
}

/// An amount: a decimal number, at least 0, as the schema has it (`xs:decimal`: an optional
/// `+`, digits with at most one `.`, which may come first or last: `5.`, `.5`), written back
/// in the form the books read: no sign, no leading zeros, a digit before the point, no point
/// without digits after it, and no zeros past the second decimal (`+007.50` → `7.50`, `5.` →
/// `5`, `.5` → `0.5`, `5.10000` → `5.10`).
fn amount(value: &str, line: u32) -> Result<String, Error> {
    let digits = value.strip_prefix('+').unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = value.len() <= 40
        && (whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit())
        && !(whole.is_empty() && fraction.is_empty());
    if !ok {
        return Err(Error::at(
            line,
            format!(
                "<Amt> \"{}\": expected an amount such as 1200.00",
                crate::text::escaped(value)
            ),
        ));
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let keep = fraction
        .trim_end_matches('0')
        .len()
        .max(fraction.len().min(2));
    Ok(match &fraction[..keep] {
        "" => whole.to_string(),
        fraction => format!("{whole}.{fraction}"),
    })
}

/// Appends as much of `s` as keeps `text` within `MAX_TEXT` bytes, cut at a character.
fn push_bounded(text: &mut String, s: &str) {
    let mut end = s.len().min(MAX_TEXT.saturating_sub(text.len()));
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str(&s[..end]);
}

/// A two-valued element: `yes` or `no` (each one or two spellings), else an error naming the
/// element and what it expects.
fn either(element: &str, value: &str, line: u32, yes: &[&str], no: &[&str]) -> Result<bool, Error> {
    if yes.contains(&value) {
        return Ok(true);
    }
    if no.contains(&value) {
        return Ok(false);
    }
    let message = format!(
        "<{element}> \"{}\": expected {} or {}",
        crate::text::escaped(value),
        yes[0],
        no[0]
    );
    Err(Error::at(line, message))
}

fn direction(value: &str, line: u32) -> Result<bool, Error> {
    either("CdtDbtInd", value, line, &["CRDT"], &["DBIT"])
}

fn truth(value: &str, line: u32) -> Result<bool, Error> {
    either("RvslInd", value, line, &["true", "1"], &["false", "0"])
}

/// The earliest booking date read: a year before it is a slip (`0026` for `2026`), and would
/// name a payments file no one looks for.
const FIRST_YEAR: i32 = 1900;

/// A booking date: `Dt` (2026-03-15) or the date of `DtTm` (2026-03-15T10:30:00+01:00), from
/// 1900 on.
fn date(value: &str, line: u32) -> Result<NaiveDate, Error> {
    let why = |expected: &str| {
        let value = crate::text::escaped(value);
        Error::at(line, format!("<BookgDt> \"{value}\": {expected}"))
    };
    let date = value
        .get(..10)
        .filter(|_| value.len() == 10 || value.as_bytes().get(10) == Some(&b'T'))
        .and_then(|d| crate::period::parse_date(d).ok())
        .ok_or_else(|| why("expected a date such as 2026-03-15"))?;
    if chrono::Datelike::year(&date) < FIRST_YEAR {
        return Err(why(
            "is before 1900; a booking date is a date such as 2026-03-15",
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\
        <BkToCstmrStmt><Stmt><Acct><Id><IBAN>BE68 5390 0754 7034</IBAN></Id></Acct>";
    const TAIL: &str = "</Stmt></BkToCstmrStmt></Document>";

    fn read_entries(entries: &str) -> Result<Statement, Error> {
        parse(format!("{HEAD}{entries}{TAIL}").as_bytes())
    }

    #[test]
    fn the_account_and_a_batch_with_its_references() {
        let s = read_entries(
            "<Ntry><NtryRef>N1</NtryRef><Amt Ccy=\"EUR\">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
             <Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2026-04-01T23:30:00-05:00</DtTm></BookgDt>\
             <NtryDtls>\
             <TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs><Amt Ccy=\"EUR\">10.00</Amt>\
               <RltdPties><Dbtr><Pty><Nm>A &amp; B</Nm></Pty></Dbtr></RltdPties>\
               <RmtInf><Ustrd>one</Ustrd><Ustrd>two</Ustrd></RmtInf></TxDtls>\
             <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>\
               <AmtDtls><TxAmt><Amt Ccy=\"EUR\">20.00</Amt></TxAmt></AmtDtls>\
               <RmtInf><Strd><CdtrRefInf><Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>\
             </NtryDtls></Ntry>",
        )
        .unwrap();
        assert_eq!(
            (s.version, s.account.as_deref()),
            (8, Some("BE68539007547034"))
        );
        let t = &s.transactions;
        assert_eq!(t.len(), 2);
        let text = |x| s.text(x);
        // The booking date as the bank wrote it, whatever its time zone.
        assert_eq!(t[0].booked, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(
            (text(t[0].reference), s.amount(&t[0]), text(t[0].debtor)),
            ("E2E", Some("10.00"), "A & B")
        );
        assert_eq!(text(t[0].remittance), "one two");
        assert_eq!(
            (text(t[1].reference), s.amount(&t[1])),
            ("N1/2", Some("20.00")),
            "NOTPROVIDED is no reference: the entry's, numbered"
        );
        assert_eq!(
            s.references(&t[1]).collect::<Vec<_>>(),
            ["RF18 5390 0754 7034"]
        );
        assert_eq!(text(t[0].status), "BOOK");
        assert_eq!(t[0].status, t[1].status, "a status kept once");
    }

    #[test]
    fn characters_xml_forbids_are_refused_and_texts_kept_on_one_line() {
        let err = parse(format!("{HEAD}<Ntry>\n<NtryRef>a\0b</NtryRef></Ntry>{TAIL}").as_bytes());
        assert_eq!(
            err.unwrap_err(),
            Error::at(
                2,
                "not well-formed XML: the character U+0000, which XML does not allow"
            )
        );
        let err = parse(format!("{HEAD}<Ntry><NtryRef>&#1;</NtryRef></Ntry>{TAIL}").as_bytes());
        assert_eq!(
            err.unwrap_err().message,
            "not well-formed XML: the character U+0001, which XML does not allow"
        );
        let s = read_entries(
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>\
             <AcctSvcrRef> REF\n\t 1 </AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>a\r\nb</Ustrd>\
             </RmtInf></TxDtls></NtryDtls></Ntry>",
        )
        .unwrap();
        let t = &s.transactions[0];
        assert_eq!(
            (s.text(t.reference), s.text(t.remittance)),
            ("REF 1", "a b")
        );
    }

    #[test]
    fn nesting_and_one_texts_length_are_bounded() {
        let deep = format!("{HEAD}{}{TAIL}", "<a>".repeat(MAX_DEPTH));
        let err = parse(deep.as_bytes()).unwrap_err();
        assert_eq!(err.message, "nests elements more than 64 deep; not read");
        let long = format!(
            "{HEAD}<Ntry><AddtlNtryInf>{}</AddtlNtryInf></Ntry>{TAIL}",
            "x".repeat(2 * super::super::input::MAX_EVENT)
        );
        let err = parse(long.as_bytes()).unwrap_err();
        assert_eq!(err.message, "not read: a tag or text longer than 1 MiB");
    }

    #[test]
    fn an_entry_without_what_it_must_have_is_an_error_at_its_line() {
        let err =
            read_entries("\n<Ntry><Amt Ccy=\"EUR\">1.00</Amt><Sts>BOOK</Sts></Ntry>").unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "the entry (<Ntry>) has no <CdtDbtInd>")
        );
        let err = read_entries(
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>",
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "the booked entry (<Ntry>) has no booking date (<BookgDt>)"
        );
        let err = read_entries("<Ntry><Amt Ccy=\"eur\">1.00</Amt></Ntry>").unwrap_err();
        assert_eq!(
            err.message,
            "<Amt> Ccy=\"eur\": expected a currency code such as EUR"
        );
    }

    #[test]
    fn amounts_are_read_as_xml_decimals_and_written_as_the_books_read_them() {
        let read = |v: &str| amount(v, 1).map_err(|e| e.message);
        assert_eq!(read("5.").as_deref(), Ok("5"));
        assert_eq!(read(".5").as_deref(), Ok("0.5"));
        assert_eq!(read("+007.50").as_deref(), Ok("7.50"));
        assert_eq!(read("5.10000").as_deref(), Ok("5.10"));
        assert_eq!(read("5.12345").as_deref(), Ok("5.12345"));
        assert_eq!(read("000").as_deref(), Ok("0"));
        for bad in ["", ".", "+", "-5", "1.2.3", "1e3", " 5"] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn utf16_is_named() {
        for head in [
            &b"\xFF\xFE<\0?\0"[..],
            b"\xFE\xFF\0<",
            b"<\0?\0x\0",
            b"\0<\0?",
        ] {
            let e = parse(head).unwrap_err();
            assert!(
                e.message.starts_with("is UTF-16 text, not UTF-8"),
                "{}",
                e.message
            );
        }
    }
}
