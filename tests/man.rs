//! The man pages in man/ and the shell completions in completions/ are generated from the
//! clap definitions and must be current. Regenerate them with: UPDATE_MAN=1 cargo test --test man

use clap::CommandFactory;
use coopbooks::cli::Cli;
use std::path::Path;

fn render(cmd: clap::Command) -> String {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// (file name, contents) of every page: coopbooks.1 and coopbooks-<command>.1.
fn pages() -> Vec<(String, String)> {
    let cmd = Cli::command();
    let mut pages = vec![("coopbooks.1".to_string(), render(cmd.clone()))];
    for sub in cmd.get_subcommands() {
        let name: &'static str =
            Box::leak(format!("coopbooks-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("{name}.1"), render(sub)));
    }
    pages
}

/// Compares generated files with those in `folder`, or writes them with UPDATE_MAN set.
fn assert_current(folder: &str, files: Vec<(String, String)>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let update = std::env::var_os("UPDATE_MAN").is_some();
    let mut stale = Vec::new();
    for (name, text) in files {
        let path = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale {folder} {stale:?}: run UPDATE_MAN=1 cargo test --test man"
    );
}

#[test]
fn man_pages_are_current() {
    assert_current("man", pages());
}

#[test]
fn man_page_documents_exit_codes_and_commands() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("man/coopbooks.1"))
            .unwrap();
    assert!(text.contains("the books have problems"));
    for cmd in ["init", "check", "pay", "member"] {
        assert!(
            text.contains(&format!("coopbooks\\-{cmd}(1)")) || text.contains(cmd),
            "{cmd}"
        );
    }
}

#[test]
fn clap_definitions_are_consistent() {
    Cli::command().debug_assert();
}

/// (file name, contents) of the completion scripts for bash, zsh and fish.
fn completions() -> Vec<(String, String)> {
    use clap_complete::Shell;
    [
        (Shell::Bash, "coopbooks.bash"),
        (Shell::Zsh, "_coopbooks"),
        (Shell::Fish, "coopbooks.fish"),
    ]
    .into_iter()
    .map(|(shell, name)| {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "coopbooks", &mut out);
        (name.to_string(), String::from_utf8(out).unwrap())
    })
    .collect()
}

#[test]
fn completions_are_current() {
    assert_current("completions", completions());
}
