//! Progress on stderr: shown when stderr is a terminal (a pseudo-terminal made by `script`),
//! never under `--quiet`, in CI, or when stderr is piped.

mod common;
use common::{Books, have};
use std::process::Command;

/// `coopbooks ARGS` with stderr on a pseudo-terminal (stdout thrown away), `CI` unset unless
/// `ci`: what the terminal showed.
fn on_a_terminal(books: &Books, args: &str, ci: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_coopbooks");
    let line = format!(
        "{bin} --books {} {args} 2>&1 >/dev/null",
        books.path().display()
    );
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"]).env_remove("CI");
    if ci {
        cmd.env("CI", "true");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_only_on_a_terminal_without_quiet_outside_ci() {
    if !have("script", "apt-get install -y bsdutils") {
        return;
    }
    let books = Books::copy_of("atelier");
    let out = tempfile::tempdir().unwrap();
    let slips = format!(
        "payslips 2026-03 --as txt --force --out {}",
        out.path().display()
    );
    let shown = on_a_terminal(&books, &slips, false);
    assert!(shown.contains("payslips 2026-03: "), "{shown:?}");
    // Cleared at the end: the last thing written erases the line.
    assert!(
        shown.ends_with("\r\u{1b}[2K") || shown.ends_with("\u{1b}[2K"),
        "{shown:?}"
    );
    books.close_through("2025-06", None);
    let shown = on_a_terminal(&books, "close 2026-01", false);
    assert!(shown.contains("close 2026-01: "), "{shown:?}");
    for (args, ci) in [(format!("--quiet {slips}"), false), (slips.clone(), true)] {
        assert_eq!(on_a_terminal(&books, &args, ci), "", "{args} (CI: {ci})");
    }
    // Piped, stderr holds only what the command says.
    let r = books.run(&[
        "payslips",
        "2026-03",
        "--as",
        "txt",
        "--force",
        "--out",
        &out.path().display().to_string(),
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}
