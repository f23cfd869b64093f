//! Signs of life on stderr during long work (`payslips`, `close`, `export`, `fmt`, `diff`): a
//! spinner that names the step, then a bar over the files being written. Shown only when stderr
//! is a terminal, never under `--quiet` or in CI, so that scripts and logs never see it; it is
//! cleared when the work ends, leaving stderr as it would be without it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Whether progress is shown: a terminal on stderr, no `--quiet`, and not in CI (`CI` set,
/// as every CI service sets it).
pub fn shown(stderr_is_terminal: bool, quiet: bool, ci: bool) -> bool {
    stderr_is_terminal && !quiet && !ci
}

/// The progress of one command; hidden, every call does nothing.
pub struct Progress(ProgressBar);

impl Progress {
    /// A spinner for `what` (`close 2026-12`), shown if `shown`.
    pub fn start(shown: bool, what: &str) -> Progress {
        if !shown {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(bar)
    }

    /// The step now under way: `reading the books`, `checking`.
    pub fn step(&self, message: &'static str) {
        self.0.set_message(message);
    }

    /// A bar over `len` things (`payslips`), from now on.
    pub fn count(&self, len: usize, message: &'static str) {
        if self.0.is_hidden() {
            return;
        }
        self.0.set_style(
            ProgressStyle::with_template("{prefix}: {msg} [{bar:30}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.0.set_length(len as u64);
        self.0.set_position(0);
        self.0.set_message(message);
    }

    /// `n` more of them done (from any thread).
    pub fn done(&self, n: usize) {
        self.0.inc(n as u64);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_without_quiet_outside_ci() {
        assert!(shown(true, false, false));
        assert!(!shown(false, false, false));
        assert!(!shown(true, true, false));
        assert!(!shown(true, false, true));
    }

    #[test]
    fn hidden_progress_does_nothing() {
        let p = Progress::start(false, "close 2026-03");
        p.step("reading the books");
        p.count(10, "payslips");
        p.done(3);
        assert!(p.0.is_hidden());
    }
}
