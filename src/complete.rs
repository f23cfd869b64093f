//! Tab completion: the shells' scripts (`coopbooks completions SHELL`), which call coopbooks
//! back at each Tab, and the values only the books know — member ids and months — found from
//! the books' file names, never by reading the files.

use clap_complete::CompletionCandidate;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The variable that asks coopbooks for completions instead of running a command.
pub const VAR: &str = "COMPLETE";

/// The script that registers coopbooks's completion with `shell` (`bash`, `zsh`, `fish`,
/// `powershell`, `elvish`): at each Tab it runs `coopbooks` (from PATH) with `COMPLETE` set,
/// which answers with the candidates.
pub fn script(shell: &str) -> String {
    let mut out = Vec::new();
    if let Some(s) = clap_complete::env::Shells::builtins().completer(shell) {
        // Writing to a Vec cannot fail.
        let _ = s.write_registration(VAR, "coopbooks", "coopbooks", "coopbooks", &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The books the command line being completed names: its `--books DIR`, else COOPBOOKS_DIR,
/// else the nearest `coop.toml` upward, as a command finds them.
fn books() -> Option<PathBuf> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let given = (args.windows(2).rev())
        .find_map(|w| (w[0] == "--books").then(|| PathBuf::from(&w[1])))
        .or_else(|| {
            (args.iter().rev())
                .find_map(|a| a.to_str()?.strip_prefix("--books=").map(PathBuf::from))
        })
        .or_else(|| std::env::var_os("COOPBOOKS_DIR").map(PathBuf::from));
    let cwd = std::env::current_dir().ok()?;
    crate::books::find_books_dir(given.as_deref(), &cwd).ok()
}

/// The stems of a books folder's files with an extension (`members`, `.toml`), unsorted.
fn stems(dir: &Path, folder: &str, ext: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
        return Vec::new();
    };
    (entries.flatten())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(ext).map(String::from))
        .collect()
}

/// The candidates among `values` that start with what is typed, in order.
fn matching(values: impl IntoIterator<Item = String>, current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    (values.into_iter())
        .filter(|v| v.starts_with(typed.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Member ids: the names of `members/*.toml`.
pub fn members(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(dir) = books() else {
        return Vec::new();
    };
    let ids: BTreeSet<String> = (stems(&dir, "members", ".toml").into_iter())
        .filter(|id| crate::books::is_valid_id(id))
        .collect();
    matching(ids, current)
}

/// The months the contracts' files are named after: `contracts/2026-03.csv` gives 2026-03,
/// `contracts/2026.csv` the twelve months of 2026.
fn months_of(names: &[String]) -> BTreeSet<(i32, u32)> {
    let mut months = BTreeSet::new();
    for name in names {
        let (year, month) = name.split_once('-').unwrap_or((name, ""));
        let Ok(y) = year.parse::<i32>() else { continue };
        if year.len() != 4 {
            continue;
        }
        match month.parse::<u32>() {
            Ok(m) if month.len() == 2 && (1..=12).contains(&m) => {
                months.insert((y, m));
            }
            _ if month.is_empty() => months.extend((1..=12).map(|m| (y, m))),
            _ => {}
        }
    }
    months
}

/// Pay months (`YYYY-MM`), from the contracts' file names.
pub fn months(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(dir) = books() else {
        return Vec::new();
    };
    let months = months_of(&stems(&dir, "contracts", ".csv"));
    matching(months.iter().map(|(y, m)| format!("{y}-{m:02}")), current)
}

/// Periods: the months of `months`, then the quarters and years they fall in.
pub fn periods(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(dir) = books() else {
        return Vec::new();
    };
    let months = months_of(&stems(&dir, "contracts", ".csv"));
    let years: BTreeSet<i32> = months.iter().map(|m| m.0).collect();
    let quarters: BTreeSet<(i32, u32)> = months.iter().map(|&(y, m)| (y, m.div_ceil(3))).collect();
    let all = (months.iter().map(|(y, m)| format!("{y}-{m:02}")))
        .chain(quarters.iter().map(|(y, q)| format!("{y}-Q{q}")))
        .chain(years.iter().map(|y| y.to_string()));
    matching(all, current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_come_from_file_names() {
        let names = [
            "2026-03", "2026-04", "2025", "notes", "2026-13", "26-01", "2026-1",
        ]
        .map(String::from);
        let months = months_of(&names);
        assert_eq!(months.len(), 12 + 2);
        assert!(months.contains(&(2025, 1)) && months.contains(&(2025, 12)));
        assert!(months.contains(&(2026, 3)) && months.contains(&(2026, 4)));
        let got: Vec<String> = matching(["2026-03".into(), "2026-04".into()], OsStr::new("2026-0"))
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert_eq!(got, ["2026-03", "2026-04"]);
    }
}
