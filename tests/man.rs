//! The man pages in man/ and the shell completions in completions/ are generated from the
//! clap definitions and must be current. Regenerate them with: UPDATE_MAN=1 cargo test --test man

use clap::CommandFactory;
use coopbooks::cli::Cli;
use std::path::Path;

fn render(cmd: clap::Command) -> String {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out).unwrap();
    let page = String::from_utf8(out).unwrap();
    // clap_mangen's synopsis leaves out what each option takes (`[--books]`), and its list of
    // subcommands names a page for `help` and a `coopbooks-books(1)`, neither of which
    // exists: both sections are written here instead.
    let page = replace_section(&page, "SYNOPSIS", &synopsis(&cmd));
    if cmd.has_subcommands() {
        replace_section(&page, "SUBCOMMANDS", &subcommands(&cmd))
    } else {
        page
    }
}

/// Text for a roff line: `-` as `\-`, `'` as the apostrophe string, `\` escaped.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq")
}

/// The page with a section's body (between its `.SH` line and the next) replaced.
fn replace_section(page: &str, title: &str, body: &str) -> String {
    let head = format!(".SH {title}\n");
    let start = page.find(&head).unwrap() + head.len();
    let end = page[start..].find(".SH ").map_or(page.len(), |i| start + i);
    format!("{}{body}{}", &page[..start], &page[end..])
}

/// The SYNOPSIS line: each option with the value it takes (`[--books DIR]`), the positional
/// arguments, and `<COMMAND>` for a command that has commands.
fn synopsis(cmd: &clap::Command) -> String {
    // Built, so that each option knows how many values it takes.
    let mut cmd = cmd.clone();
    cmd.build();
    let cmd = &cmd;
    let mut line = format!("\\fB{}\\fR", roff(cmd.get_name()));
    let mut options: Vec<&clap::Arg> = (cmd.get_arguments())
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .collect();
    options.sort_by_key(|a| {
        (
            a.get_long() == Some("help") || a.get_long() == Some("version"),
            a.get_display_order(),
        )
    });
    for a in options {
        let name = match (a.get_short(), a.get_long()) {
            (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR|\\fB\\-\\-{}\\fR", roff(l)),
            (None, Some(l)) => format!("\\fB\\-\\-{}\\fR", roff(l)),
            (Some(s), None) => format!("\\fB\\-{s}\\fR"),
            (None, None) => continue,
        };
        let takes = a.get_num_args().is_some_and(|n| n.takes_values());
        let value = match (takes, a.get_value_names()) {
            (true, Some(names)) => format!(" \\fI{}\\fR", roff(&names[0])),
            (true, None) => format!(" \\fI{}\\fR", roff(&a.get_id().as_str().to_uppercase())),
            _ => String::new(),
        };
        let (open, close) = if a.is_required_set() {
            ("", "")
        } else {
            ("[", "]")
        };
        line.push_str(&format!(" {open}{name}{value}{close}"));
    }
    for a in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let name = a
            .get_value_names()
            .map_or_else(|| a.get_id().as_str().to_uppercase(), |n| n[0].to_string());
        let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
        let dots = if many { "…" } else { "" };
        let (open, close) = if a.is_required_set() {
            ("<", ">")
        } else {
            ("[", "]")
        };
        line.push_str(&format!(" {open}\\fI{}\\fR{dots}{close}", roff(&name)));
    }
    if cmd.has_subcommands() {
        line.push_str(" <\\fICOMMAND\\fR>");
    }
    format!("{line}\n")
}

/// The commands, each with the page that documents it: coopbooks-NAME(1), and for `books`,
/// which prints the format of the books, coopbooks-books(5). `help` has no page of its own.
fn subcommands(cmd: &clap::Command) -> String {
    let mut out = String::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let section = if sub.get_name() == "books" { 5 } else { 1 };
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        out.push_str(&format!(
            ".TP\n{}\\-{}({section})\n{}\n",
            roff(cmd.get_name()),
            roff(sub.get_name()),
            roff(&about)
        ));
    }
    out
}

/// (file name, contents) of every page: coopbooks.1 and coopbooks-<command>.1.
fn pages() -> Vec<(String, String)> {
    let cmd = Cli::command();
    let mut pages = vec![("coopbooks.1".to_string(), render(cmd.clone()))];
    for sub in cmd.get_subcommands() {
        // `books` prints the format's reference, whose page is coopbooks-books(5).
        if sub.get_name() == "books" {
            continue;
        }
        pages.extend(pages_of("coopbooks", sub));
    }
    pages
}

/// The page of a command, `PARENT-NAME.1`, and those of its own subcommands (`add member`'s
/// is coopbooks-add-member.1).
fn pages_of(parent: &str, cmd: &clap::Command) -> Vec<(String, String)> {
    let name: &'static str = Box::leak(format!("{parent}-{}", cmd.get_name()).into_boxed_str());
    let mut pages = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        pages.extend(pages_of(name, sub));
    }
    let cmd = cmd.clone().name(name).version(env!("CARGO_PKG_VERSION"));
    pages.insert(0, (format!("{name}.1"), render(cmd)));
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
    assert!(
        text.contains("a refusal to write"),
        "exit code 2 names refusals"
    );
    // Every command's page exists, and no page is named that does not: `books` is
    // coopbooks-books(5), and `help` has none.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let named: Vec<&str> = (text.lines())
        .filter(|l| l.starts_with("coopbooks\\-") && l.ends_with(')'))
        .collect();
    assert_eq!(named.len(), 22, "{named:?}");
    // Nor does a command's page (`add` names coopbooks-add-member(1)).
    for (from, page) in pages() {
        for named in (page.lines()).filter(|l| l.starts_with("coopbooks\\-") && l.ends_with(')')) {
            let file = named.replace("\\-", "-").replace('(', ".").replace(')', "");
            assert!(
                dir.join(&file).is_file(),
                "{from} names {file}, which is not in man/"
            );
        }
    }
    // The synopsis says what each option takes.
    assert!(
        text.contains("[\\fB\\-\\-books\\fR \\fIDIR\\fR] [\\fB\\-\\-rev\\fR \\fIREV\\fR]"),
        "{text}"
    );
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
    .map(|(shell, name)| (name.to_string(), coopbooks::cli::completion_script(shell)))
    .collect()
}

#[test]
fn completions_are_current() {
    assert_current("completions", completions());
}

/// The entries (`.TP` tags) of each section of coopbooks-books(5), by the section's title
/// (`contracts/*.csv`, `COOP.TOML`, …), unescaped.
fn entries() -> std::collections::BTreeMap<String, Vec<String>> {
    let page = coopbooks::manual::BOOKS_5;
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut section = String::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix(".SH ").or(line.strip_prefix(".SS ")) {
            section = title.to_string();
        } else if line == ".TP" {
            let tag = lines.next().unwrap();
            let tag = tag
                .replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\-", "-");
            out.entry(section.clone()).or_default().push(tag);
        }
    }
    out
}

/// Every column of every CSV file is documented in coopbooks-books(5), in the code's order,
/// and nothing else is.
#[test]
fn the_books_page_documents_every_column() {
    let entries = entries();
    for (folder, columns) in coopbooks::books::csv_columns() {
        let section = format!("{folder}/*.csv");
        assert_eq!(
            entries.get(&section).map(Vec::as_slice),
            Some(&columns.iter().map(|c| c.to_string()).collect::<Vec<_>>()[..]),
            "{section} in man/coopbooks-books.5"
        );
    }
}

/// The keys a table of a TOML file accepts, as its parser lists them when `probe` (the file
/// with an unknown key `zz_probe` in that table) is read.
fn accepted(problems: Vec<coopbooks::problem::Problem>) -> Vec<String> {
    let message = problems
        .iter()
        .map(|p| p.message.as_str())
        .find(|m| m.starts_with("unknown field `zz_probe`"))
        .unwrap_or_else(|| panic!("no unknown-key problem in {problems:?}"));
    let list = message.split_once("expected ").unwrap().1;
    // "one of `a`, `b`, `c`", or "`a` or `b`", or "`a`".
    (list.trim_start_matches("one of ").split(", "))
        .flat_map(|k| k.split(" or "))
        .map(|k| k.trim_matches('`').to_string())
        .collect()
}

/// Every key of coop.toml and of a member file is documented in coopbooks-books(5) by its
/// dotted path, and nothing else is: a key added to the parser without documentation fails.
#[test]
fn the_books_page_documents_every_key() {
    let head = "name = \"x\"\ncurrency = \"EUR\"\n";
    // (the table's dotted path, a coop.toml with the probe in it)
    let tables = [
        ("", format!("zz_probe = 1\n{head}")),
        ("funds.NAME", format!("{head}[funds.x]\nzz_probe = 1\n")),
        ("levies", format!("{head}[[levies]]\nzz_probe = 1\n")),
        ("payroll", format!("{head}[payroll]\nzz_probe = 1\n")),
        (
            "payroll.withholding",
            format!("{head}[payroll]\nwithholding = [{{ zz_probe = 1 }}]\n"),
        ),
        (
            "payroll.changes",
            format!("{head}[[payroll.changes]]\nzz_probe = 1\n"),
        ),
        ("rules", format!("{head}[rules]\nzz_probe = 1\n")),
        ("patronage", format!("{head}[patronage]\nzz_probe = 1\n")),
        (
            "patronage.basis",
            format!("{head}[patronage.basis]\nzz_probe = 1\n"),
        ),
        (
            "patronage.set_aside",
            format!("{head}[[patronage.set_aside]]\nzz_probe = 1\n"),
        ),
        ("capital", format!("{head}[capital]\nzz_probe = 1\n")),
        ("bank", format!("{head}[bank]\nzz_probe = 1\n")),
        ("seller", format!("{head}[seller]\nzz_probe = 1\n")),
        ("invoices", format!("{head}[invoices]\nzz_probe = 1\n")),
        ("vat", format!("{head}[vat]\nzz_probe = 1\n")),
        (
            "vat.rates.NAME",
            format!("{head}[vat]\ndefault = \"x\"\n[vat.rates.x]\nzz_probe = 1\n"),
        ),
        (
            "vat.rates.NAME.changes",
            format!("{head}[vat]\ndefault = \"x\"\n[[vat.rates.x.changes]]\nzz_probe = 1\n"),
        ),
    ];
    let mut keys: Vec<String> = Vec::new();
    for (table, text) in &tables {
        for key in accepted(coopbooks::books::parse_coop(text).1) {
            keys.push(match *table {
                "" => key,
                t => format!("{t}.{key}"),
            });
        }
    }
    let entries = entries();
    let mut documented = entries["COOP.TOML"].clone();
    documented.sort();
    keys.sort();
    assert_eq!(documented, keys, "COOP.TOML in man/coopbooks-books.5");

    let (coop, _) = coopbooks::books::parse_coop(head);
    let member =
        coopbooks::books::read_alone("members/ann.toml", b"zz_probe = 1\n", &coop, &["ann"]);
    let mut keys = accepted(member);
    let mut documented = entries["MEMBERS/ID.TOML"].clone();
    documented.sort();
    keys.sort();
    assert_eq!(documented, keys, "MEMBERS/ID.TOML in man/coopbooks-books.5");

    let client =
        coopbooks::books::read_alone("clients/acme.toml", b"zz_probe = 1\n", &coop, &["ann"]);
    let mut keys = accepted(client);
    let mut documented = entries["CLIENTS/ID.TOML"].clone();
    documented.sort();
    keys.sort();
    assert_eq!(documented, keys, "CLIENTS/ID.TOML in man/coopbooks-books.5");
}

/// `coopbooks books` and `coopbooks help books` print the page as text.
#[test]
fn the_books_page_is_printed_at_the_terminal() {
    let text = coopbooks::manual::text(coopbooks::manual::BOOKS_5);
    let bin = env!("CARGO_BIN_EXE_coopbooks");
    let books = std::process::Command::new(bin)
        .arg("books")
        .output()
        .unwrap();
    assert_eq!(books.status.code(), Some(0));
    assert_eq!(String::from_utf8(books.stdout).unwrap(), text);
    let help = std::process::Command::new(bin)
        .args(["help", "books"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("       contracts/*.csv\n") || help.contains("   contracts/*.csv\n"),
        "{help}"
    );
    assert!(help.contains("payroll.employer_rate"), "{help}");
}

/// `coopbooks completions SHELL` prints the script completions/ holds, for each shell; an
/// unknown shell is a usage error that lists the shells.
#[test]
fn the_completions_command_prints_the_scripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "coopbooks.bash"),
        ("zsh", "_coopbooks"),
        ("fish", "coopbooks.fish"),
    ] {
        let out = assert_cmd::Command::cargo_bin("coopbooks")
            .unwrap()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let want = std::fs::read_to_string(root.join("completions").join(file)).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{shell}");
    }
    let out = assert_cmd::Command::cargo_bin("coopbooks")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "error: invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, \
             powershell, zsh]\n"
        ),
        "{stderr}"
    );
}
