//! Tab completion in a real bash: the script `completions bash` prints, sourced, completes
//! commands, options, and what only the books know — member ids and months — by calling
//! coopbooks back.

mod common;
use common::fixture;
use std::path::Path;
use std::process::Command;

/// What bash offers at Tab for `line` (the words typed, the last being completed), run in
/// `dir` with the coopbooks under test first on PATH.
fn complete(dir: &Path, line: &[&str]) -> Vec<String> {
    let path = common::path_with_coopbooks();
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(coopbooks completions bash)\n\
         COMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_TYPE=9\n\
         _clap_complete_coopbooks coopbooks '{current}' '{previous}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words.join(" "),
        cword = line.len() - 1,
        current = line[line.len() - 1],
        previous = line[line.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("COOPBOOKS_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8(out.stdout).unwrap().lines())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn commands_options_members_and_months_complete_in_bash() {
    let books = fixture("atelier");
    // Commands and options, from the clap definitions.
    assert_eq!(
        complete(&books, &["coopbooks", "pa"]),
        ["pay", "payslips", "payouts", "patronage"]
    );
    assert_eq!(
        complete(&books, &["coopbooks", "pay", "--format", "j"]),
        ["json"]
    );
    // Member ids, from members/*.toml of the books found upward from the current directory.
    assert_eq!(
        complete(&books.join("contracts"), &["coopbooks", "member", "g"]),
        ["greta"]
    );
    // … or named by --books, from anywhere.
    let elsewhere = std::env::temp_dir();
    let b = books.to_str().unwrap();
    assert_eq!(
        complete(
            &elsewhere,
            &[
                "coopbooks",
                "--books",
                b,
                "payslips",
                "2026-03",
                "--member",
                "a"
            ]
        ),
        ["alice"]
    );
    // Months from the contracts' file names (2026-01 to 2026-04); a period also takes the
    // quarters and years they fall in.
    assert_eq!(
        complete(&books, &["coopbooks", "payouts", "2026-0"]),
        ["2026-01", "2026-02", "2026-03", "2026-04"]
    );
    assert_eq!(
        complete(&books, &["coopbooks", "pay", "2026"]),
        [
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-Q1", "2026-Q2", "2026"
        ]
    );
    // Outside any books, a member id has nothing to offer (and no error).
    assert!(complete(&elsewhere, &["coopbooks", "member", "a"]).is_empty());
}
