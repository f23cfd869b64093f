//! A problem found in the books: where it is (file relative to the books, line) and what it is.

use crate::text::escaped;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl Problem {
    /// An error; a value the message quotes is cut to a readable length
    /// (`text::cut_quoted`).
    pub fn error(file: impl Into<String>, line: u32, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            file: file.into(),
            line,
            message: crate::text::cut_quoted(message.into()),
        }
    }

    pub fn warning(file: impl Into<String>, line: u32, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, line, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as found in the books at a git revision: its file named `REV:file`.
    pub fn at_revision(mut self, rev: &str) -> Problem {
        self.file = format!("{rev}:{}", self.file);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        // The message may quote the books' text: shown escaped, never acting on a terminal.
        let (file, message) = (escaped(&self.file), escaped(&self.message));
        write!(f, "{file}:{}: {tag}{message}", self.line)
    }
}

/// Sorts problems by file, then line, then message, and drops exact repeats.
pub fn sort(problems: &mut Vec<Problem>) {
    problems.sort_by(|a, b| {
        (a.file.as_str(), a.line, &a.message, a.severity).cmp(&(
            b.file.as_str(),
            b.line,
            &b.message,
            b.severity,
        ))
    });
    problems.dedup();
}
