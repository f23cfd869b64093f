//! The `check` report: every problem as `file:line: message`, then a one-line summary.

use super::Format;
use super::strings;
use crate::books::Books;
use crate::problem::{Problem, Severity};
use crate::text::escaped;

/// `{"ok": …, "problems": [...]}`.
#[derive(serde::Serialize)]
struct Json<'a> {
    ok: bool,
    problems: &'a [Problem],
}

pub fn render(books: &Books, problems: &[Problem], format: Format, color: bool) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    match format {
        Format::Json => super::json(&Json {
            ok: errors == 0,
            problems,
        }),
        Format::Csv => {
            let rows: Vec<Vec<String>> = problems
                .iter()
                .map(|p| {
                    let sev = match p.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    vec![
                        sev.into(),
                        p.file.clone(),
                        p.line.to_string(),
                        p.message.clone(),
                    ]
                })
                .collect();
            super::csv(&strings(["severity", "file", "line", "message"]), &rows)
        }
        Format::Table => {
            let mut out = String::new();
            for p in problems {
                out.push_str(&paint(p, color));
                out.push('\n');
            }
            out.push_str(&summary(books, problems));
            out.push('\n');
            out
        }
    }
}

/// `file:line: message`, the location in bold and warnings marked, when colour is on.
pub fn paint(p: &Problem, color: bool) -> String {
    if !color {
        return p.to_string();
    }
    let (tag, code) = match p.severity {
        Severity::Error => ("error: ", "31"),
        Severity::Warning => ("warning: ", "33"),
    };
    let (file, message) = (escaped(&p.file), escaped(&p.message));
    format!(
        "\x1b[1m{file}:{}:\x1b[0m \x1b[{code}m{tag}\x1b[0m{message}",
        p.line
    )
}

pub fn summary(books: &Books, problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 {
        // Books read from a cut count the contracts and payments after it.
        let (and, after) = match books.cut {
            Some(cut) => (" and", format!(" dated after {}", cut.year)),
            None => (",", String::new()),
        };
        let after_cut = |d: chrono::NaiveDate| books.cut.is_none_or(|c| d > c.end);
        let contracts = books.contracts.iter().filter(|c| after_cut(c.date)).count();
        let payments = books.payments.iter().filter(|p| after_cut(p.date)).count();
        let counts = format!(
            "{}, {}{and} {}{after}, {}",
            plural(books.members.len(), "member"),
            plural(contracts, "contract"),
            plural(payments, "payment"),
            plural(books.ledger.len(), "ledger row"),
        );
        let warned = if warnings > 0 {
            format!(", with {}", plural(warnings, "warning"))
        } else {
            String::new()
        };
        format!("The books are valid: {counts}{warned}.")
    } else {
        format!(
            "The books have {}: {}, {}.",
            plural(problems.len(), "problem"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
