//! Turns the last N client payments of big books (`bigbooks`) into a bank statement, for the
//! import benchmark: `cargo run --release --example bigstatement -- DIR N STATEMENT`. The
//! books' payments/2026.csv loses those rows (and gains a memo column); STATEMENT is a
//! camt.053.001.08 file of N booked credits — entries of one transaction, every other one paid
//! by its RF reference and the rest by the id in the remittance text, and every tenth entry a
//! batch of ten. Importing it puts the books back as they were, memos aside.
//!
//! With `--rules` after STATEMENT, a tenth of the N lines are instead debits to suppliers, and
//! DIR/bank/rules.toml gets 50 rules, the last of which writes them as costs: every such line
//! is tried against all 50 (the import benchmark's rules).

use std::io::{BufRead, Write};

fn reference(id: &str) -> String {
    let body: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let upper = body.to_ascii_uppercase();
    let rem = format!("{upper}RF00").chars().fold(0u32, |r, c| {
        let v = c.to_digit(36).unwrap_or(0);
        if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        }
    });
    format!("RF{:02}{upper}", 98 - rem)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n), Some(out)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: bigstatement DIR N STATEMENT");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or(100_000);
    let rules = args.get(4).is_some_and(|a| a == "--rules");
    let debits = if rules { n / 10 } else { 0 };
    let n = n - debits;
    if rules {
        let dir = std::path::Path::new(dir).join("bank");
        std::fs::create_dir_all(&dir)?;
        let mut r = std::io::BufWriter::new(std::fs::File::create(dir.join("rules.toml"))?);
        for i in 1..50 {
            writeln!(
                r,
                "[[rule]]\nname = \"Rule {i}\"\nkind = \"cost\"\ntext = \"nothing-{i}\"\n\
                 counterparty = \"nobody {i}\"\nfund = \"operations\"\n"
            )?;
        }
        writeln!(
            r,
            "[[rule]]\nname = \"Suppliers\"\nkind = \"cost\"\ntext = \"supplier\"\nfund = \"operations\""
        )?;
        r.flush()?;
    }
    let path = std::path::Path::new(dir).join("payments/2026.csv");
    let rows: Vec<String> = std::io::BufReader::new(std::fs::File::open(&path)?)
        .lines()
        .collect::<Result<_, _>>()?;
    let (header, rows) = rows.split_first().expect("a header");
    let keep = rows.len().saturating_sub(n);
    let mut books = std::io::BufWriter::new(std::fs::File::create(&path)?);
    writeln!(books, "{header},memo")?;
    for r in &rows[..keep] {
        writeln!(books, "{r},")?;
    }
    books.flush()?;
    let mut x = std::io::BufWriter::new(std::fs::File::create(out)?);
    x.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n\
          <GrpHdr><MsgId>BIG</MsgId><CreDtTm>2026-12-31T22:00:00</CreDtTm></GrpHdr>\n<Stmt>\n\
          <Id>BIG</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>\n\
          <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt>\
          <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-31</Dt></Dt></Bal>\n",
    )?;
    let tx = |x: &mut dyn Write, k: usize, id: &str, amount: &str, own: bool| {
        let refs = if own {
            format!("<Refs><AcctSvcrRef>BIG-{k}</AcctSvcrRef></Refs>")
        } else {
            String::new()
        };
        let amt = if own {
            format!("<Amt Ccy=\"EUR\">{amount}</Amt>")
        } else {
            String::new()
        };
        let rmt = if k.is_multiple_of(2) {
            format!(
                "<Strd><CdtrRefInf><Ref>{}</Ref></CdtrRefInf></Strd>",
                reference(id)
            )
        } else {
            format!("<Ustrd>Invoice {id}, thank you</Ustrd>")
        };
        writeln!(
            x,
            "<TxDtls>{refs}{amt}<RltdPties><Dbtr><Pty><Nm>Client {k}</Nm></Pty></Dbtr></RltdPties>\
             <RmtInf>{rmt}</RmtInf></TxDtls>"
        )
    };
    let taken: Vec<Vec<&str>> = rows[keep..]
        .iter()
        .map(|r| r.split(',').collect())
        .collect();
    let mut k = 0;
    while k < taken.len() {
        let batch = if k.is_multiple_of(100) {
            10.min(taken.len() - k)
        } else {
            1
        };
        let group = &taken[k..k + batch];
        let cents: u64 = (group.iter())
            .map(|r| {
                let (units, frac) = r[2].split_once('.').unwrap_or((r[2], "0"));
                units.parse::<u64>().unwrap_or(0) * 100 + frac.parse::<u64>().unwrap_or(0)
            })
            .sum();
        write!(
            x,
            "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>{}</Dt></BookgDt><AcctSvcrRef>BIG-E{k}</AcctSvcrRef>\
             <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n<NtryDtls>",
            cents / 100,
            cents % 100,
            group[0][1]
        )?;
        for (j, r) in group.iter().enumerate() {
            tx(&mut x, k + j, r[0], r[2], batch > 1)?;
        }
        x.write_all(b"</NtryDtls></Ntry>\n")?;
        k += batch;
    }
    for d in 0..debits {
        write!(
            x,
            "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>2026-12-{:02}</Dt></BookgDt><AcctSvcrRef>BIG-D{d}</AcctSvcrRef>\
             <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n\
             <NtryDtls><TxDtls><RltdPties><Cdtr><Pty><Nm>Supplier {d}</Nm></Pty></Cdtr></RltdPties>\
             <RmtInf><Ustrd>Supplier invoice {d}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
            10 + d % 500,
            d % 100,
            1 + d % 28
        )?;
    }
    x.write_all(b"</Stmt>\n</BkToCstmrStmt>\n</Document>\n")?;
    x.flush()
}
