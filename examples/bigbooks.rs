//! Writes large, valid books for benchmarks: `cargo run --release --example bigbooks -- DIR
//! [MEMBERS] [CONTRACTS] [--invoicing]` (default 50,000 members and 1,000,000 contracts over
//! 2026, one payment each, a contracts file per month). The co-op is the example books' without
//! its invoicing (no `[seller]`, no `[vat]`, as the benchmark was before VAT); `--invoicing`
//! keeps them and writes a record for each of the 5,000 clients, for `invoices`.
//! Deterministic: the same arguments, the same files.

use std::fmt::Write as _;
use std::io::Write;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map(String::as_str).unwrap_or("big"));
    let members: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let contracts: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    for sub in ["members", "contracts", "payments", "ledger"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let invoicing = args.iter().any(|a| a == "--invoicing");
    let coop = include_str!("../fixtures/atelier/coop.toml");
    let coop = match (invoicing, coop.find("\n# The co-op as the seller")) {
        (false, Some(end)) => &coop[..end + 1],
        _ => coop,
    };
    std::fs::write(dir.join("coop.toml"), coop)?;
    if invoicing {
        write_clients(&dir)?;
    }
    for i in 0..members {
        let mut s = format!("name = \"Member {i}\"\n");
        if i % 2 == 0 {
            s.push_str("joined = \"2024-01-01\"\n");
        }
        if i % 3 == 0 {
            s.push_str("model = \"contractor\"\n");
        }
        std::fs::write(dir.join(format!("members/m{i:05}.toml")), s)?;
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut files: Vec<std::io::BufWriter<std::fs::File>> = (1..=12)
        .map(|m| {
            std::fs::File::create(dir.join(format!("contracts/2026-{m:02}.csv")))
                .map(std::io::BufWriter::new)
        })
        .collect::<Result<_, _>>()?;
    for f in &mut files {
        f.write_all(b"id,member,client,date,hours,amount,expenses,description\n")?;
    }
    let mut pay = std::io::BufWriter::new(std::fs::File::create(dir.join("payments/2026.csv"))?);
    pay.write_all(b"contract,date,amount,kind\n")?;
    let mut line = String::new();
    for i in 0..contracts {
        let (mut month, mut day) = ((next() % 12) as usize + 1, next() % 28 + 1);
        if invoicing {
            // Invoice numbers follow their dates, as the law wants them to.
            let at = i * 12 * 28 / contracts;
            (month, day) = (at / 28 + 1, (at % 28) as u64 + 1);
        }
        let hours = next() % 40 + 3;
        let amount = hours * 100 * (40 + next() % 80) + next() % 100;
        let expenses = if next() % 4 == 0 { amount / 20 } else { 0 };
        line.clear();
        writeln!(
            line,
            "K{i:07},m{:05},Client {},2026-{month:02}-{day:02},{hours},{}.{:02},{}.{:02},Work",
            next() as usize % members,
            next() % 5000,
            amount / 100,
            amount % 100,
            expenses / 100,
            expenses % 100
        )
        .ok();
        files[month - 1].write_all(line.as_bytes())?;
        let pay_day = (day + 20).min(28);
        writeln!(
            pay,
            "K{i:07},2026-{month:02}-{pay_day:02},{}.{:02},payment",
            amount / 100,
            amount % 100
        )?;
    }
    for f in &mut files {
        f.flush()?;
    }
    pay.flush()?;
    std::fs::write(
        dir.join("ledger/2026.csv"),
        "date,kind,amount,fund,to,member,memo\n2026-01-05,cost,800.00,operations,,,Rent\n",
    )?;
    Ok(())
}

/// A record for each client ("Client 0" to "Client 4999"): a Belgian company with a VAT number
/// that passes its mod-97 check, an address and a Peppol endpoint.
fn write_clients(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("clients"))?;
    for n in 0..5000u64 {
        let base = 2_000_000 + n;
        let number = format!("{base:08}{:02}", 97 - base % 97);
        std::fs::write(
            dir.join(format!("clients/Client {n}.toml")),
            format!(
                "name = \"Client {n} SRL\"\nvat_number = \"BE{number}\"\ncompany_id = \"{number}\"\n\
                 street = \"Rue {n}\"\ncity = \"Bruxelles\"\npostcode = \"1000\"\ncountry = \"BE\"\n\
                 endpoint = \"0208:{number}\"\n"
            ),
        )?;
    }
    Ok(())
}
