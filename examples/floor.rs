//! The benchmark's floor: reads every file of a books directory once and does the least a
//! loader must (CSV through a reused `ByteRecord`, one decimal parsed per row, every member's
//! TOML parsed), then prints a checksum. `cargo run --release --example floor -- DIR`.
//! `bench/run.sh` divides each command's time by this program's.

use rust_decimal::Decimal;
use std::path::Path;

fn csv_folder(dir: &Path, sum: &mut Decimal, rows: &mut u64) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut names: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(std::io::Error::other)?;
        let amount = reader
            .byte_headers()
            .map_err(std::io::Error::other)?
            .iter()
            .position(|h| h == b"amount")
            .unwrap_or(0);
        let mut record = csv::ByteRecord::new();
        while reader
            .read_byte_record(&mut record)
            .map_err(std::io::Error::other)?
        {
            *rows += 1;
            let cell = std::str::from_utf8(record.get(amount).unwrap_or(b"")).unwrap_or("");
            *sum += cell.trim().parse::<Decimal>().unwrap_or_default();
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "big".into()));
    let mut sum = Decimal::ZERO;
    let mut rows = 0u64;
    let mut keys = 0usize;
    let coop = std::fs::read_to_string(dir.join("coop.toml"))?;
    keys += coop.parse::<toml::Table>().map(|t| t.len()).unwrap_or(0);
    if let Ok(entries) = std::fs::read_dir(dir.join("members")) {
        for e in entries.flatten() {
            let text = std::fs::read_to_string(e.path())?;
            keys += text.parse::<toml::Table>().map(|t| t.len()).unwrap_or(0);
        }
    }
    for folder in ["contracts", "payments", "ledger"] {
        csv_folder(&dir.join(folder), &mut sum, &mut rows)?;
    }
    println!("{rows} rows, {keys} member keys, amounts {sum}");
    Ok(())
}
