//! Atomic writes: a temporary file in the same directory, made durable, then renamed into
//! place, so readers (and a crash) see the old file or the whole new one, never a part.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The directory of a path, `.` for a bare name.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The temporary name a file is written under before it is renamed: hidden, naming this
/// process, and with 64 random bits, so that two runs never write the same temporary file and
/// nobody can plant a file (or a link) at the name beforehand.
pub fn temporary(path: &Path) -> PathBuf {
    use std::hash::BuildHasher;
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // `RandomState` is seeded from the operating system's randomness.
    let random = std::collections::hash_map::RandomState::new().hash_one((n, name.as_str()));
    let pid = std::process::id();
    parent(path).join(format!(".{name}{TMP}{pid}-{random:016x}"))
}

/// What every temporary name holds, between the file's name and the writer's process id.
const TMP: &str = ".tmp-";

/// Creates a new file for writing: never one that exists, never through a symbolic link.
fn create_new(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    options.open(path)
}

/// Removes from `dir` the temporary files of writers that were killed: hidden files named as
/// `temporary` names them, by a process that no longer runs.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_writer(name) else {
            continue;
        };
        if !is_running(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name, if it is one.
fn stale_writer(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(TMP)?;
    let (pid, random) = tail.split_once('-')?;
    (random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process runs (or cannot be asked: then it is taken to run).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 checks that the process exists and sends nothing.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Makes a path's entry in its directory (a rename into it) durable.
pub fn sync_parent(path: &Path) -> std::io::Result<()> {
    sync_dir(parent(path))
}

/// Makes a directory's entries (renames into it) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Writes `bytes` to `path` atomically. Missing parent directories are created.
pub fn atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut batch = Batch::new(parent(path))?;
    batch.add(path, bytes)?;
    batch.commit()
}

/// Many files written atomically as one: each to a temporary file, then the file system
/// synced once, then every file renamed into place and the directories synced. Syncing once
/// instead of once per file is what makes 40,000 payslips take seconds, not minutes. A batch
/// dropped before `commit` removes its temporary files.
pub struct Batch {
    dir: PathBuf,
    /// (temporary, final) paths, written and not yet renamed.
    pending: Vec<(PathBuf, PathBuf)>,
    /// The directories this batch has cleared of killed writers' temporaries.
    cleared: Vec<PathBuf>,
}

impl Batch {
    /// A batch of files in `dir` (created if missing).
    pub fn new(dir: &Path) -> Result<Batch> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Batch {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
            cleared: Vec::new(),
        })
    }

    /// Writes a file's bytes under its temporary name (the first file of a directory first
    /// removes the temporaries killed writers left there).
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let dir = parent(path);
        if !self.cleared.iter().any(|d| d == dir) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            remove_stale_temporaries(dir);
            self.cleared.push(dir.to_path_buf());
        }
        let tmp = temporary(path);
        let written = create_new(&tmp).and_then(|mut f| f.write_all(bytes));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", path.display()));
        }
        self.pending.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Takes over another batch's files (written, say, on another thread).
    pub fn merge(&mut self, mut other: Batch) {
        self.pending.append(&mut other.pending);
        self.cleared.append(&mut other.cleared);
    }

    /// Makes every file durable, then puts each in place.
    pub fn commit(mut self) -> Result<()> {
        let why = || format!("cannot write to {}", self.dir.display());
        sync_contents(&self.dir, &self.pending).with_context(why)?;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for (tmp, path) in std::mem::take(&mut self.pending) {
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let dir = parent(&path).to_path_buf();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        for dir in dirs {
            sync_dir(&dir).with_context(|| format!("cannot sync {}", dir.display()))?;
        }
        Ok(())
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        for (tmp, _) in &self.pending {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Makes the written files' contents durable: on Linux one `syncfs` of their file system, a
/// single call whatever their number; elsewhere each file synced.
fn sync_contents(dir: &Path, files: &[(PathBuf, PathBuf)]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = files;
        let handle = File::open(dir)?;
        // SAFETY: syncfs only reads the descriptor, which `handle` keeps open for the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        files
            .iter()
            .try_for_each(|(tmp, _)| File::open(tmp)?.sync_all())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_unpredictable_and_recognised() {
        let (a, b) = (
            temporary(Path::new("x/a.txt")),
            temporary(Path::new("x/a.txt")),
        );
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(".a.txt.tmp-"), "{name}");
        assert_eq!(stale_writer(name), Some(std::process::id()));
        for other in [".a.txt.tmp-12", "a.txt.tmp-1-0123456789abcdef", ".gitkeep"] {
            assert_eq!(stale_writer(other), None, "{other}");
        }
    }

    #[test]
    fn a_batch_puts_every_file_in_place_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("sub/b.txt"));
        std::fs::write(&a, "old").unwrap();
        // Dropped before commit: nothing changes and no temporary file is left.
        let mut batch = Batch::new(dir.path()).unwrap();
        batch.add(&a, b"new").unwrap();
        drop(batch);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Committed: both in place.
        let mut batch = Batch::new(dir.path()).unwrap();
        batch.add(&a, b"new").unwrap();
        std::fs::create_dir_all(b.parent().unwrap()).unwrap();
        batch.add(&b, b"bee").unwrap();
        batch.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "bee");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
