//! One writer at a time: an advisory lock (`flock`) on the books directory itself — no lock
//! file to clutter `git status` — shared by the commands that read the books, exclusive for
//! those that write them (`close`, `fmt`, `init` into an existing directory); `payslips`
//! locks the folder it writes to. Held until the process exits.

use anyhow::{Result, bail};
use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Readers: any number at once, none while a writer holds the books.
    Shared,
    /// A writer: alone.
    Exclusive,
}

/// A lock on a books directory, released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Held {
    _dir: File,
    pub mode: Mode,
}

/// Locks `dir`. When another coopbooks holds it, says so on stderr and waits up to `wait`;
/// then gives up with an error that says why (exit 2).
pub fn lock(dir: &Path, mode: Mode, wait: Duration) -> Result<Held> {
    let handle = match File::open(dir) {
        Ok(handle) => handle,
        Err(e) => bail!("cannot open {} to lock it: {e}", dir.display()),
    };
    let start = Instant::now();
    let mut said = false;
    loop {
        let tried = match mode {
            Mode::Shared => handle.try_lock_shared(),
            Mode::Exclusive => handle.try_lock(),
        };
        match tried {
            Ok(()) => return Ok(Held { _dir: handle, mode }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => bail!("cannot lock {}: {e}", dir.display()),
        }
        let who = match mode {
            Mode::Shared => "another coopbooks is writing these books",
            Mode::Exclusive => "another coopbooks is reading or writing these books",
        };
        if start.elapsed() >= wait {
            bail!(
                "{who} ({}); gave up after {} s (--wait SECONDS waits longer)",
                dir.display(),
                seconds(wait)
            );
        }
        if !said {
            eprintln!(
                "coopbooks: {who} ({}); waiting up to {} s",
                dir.display(),
                seconds(wait)
            );
            said = true;
        }
        std::thread::sleep(Duration::from_millis(20).min(wait));
    }
}

/// A duration in seconds as people write it: `5`, `0.3`, `2.25`.
fn seconds(d: Duration) -> String {
    let (s, ms) = (d.as_secs(), d.subsec_millis());
    if ms == 0 {
        return s.to_string();
    }
    let frac = format!("{ms:03}");
    format!("{s}.{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_waits_for_readers_and_readers_share() {
        let dir = tempfile::tempdir().unwrap();
        let a = lock(dir.path(), Mode::Shared, Duration::ZERO).unwrap();
        let b = lock(dir.path(), Mode::Shared, Duration::ZERO).unwrap();
        let e = lock(dir.path(), Mode::Exclusive, Duration::from_millis(50)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("another coopbooks is reading or writing these books ("),
            "{e}"
        );
        drop((a, b));
        let w = lock(dir.path(), Mode::Exclusive, Duration::ZERO).unwrap();
        let e = lock(dir.path(), Mode::Shared, Duration::ZERO).unwrap_err();
        assert!(
            e.to_string().contains("another coopbooks is writing"),
            "{e}"
        );
        drop(w);
    }
}
