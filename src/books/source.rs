//! Where the books are read from: a directory, or a git revision's tree read through `git`.

use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// A tree of book files, named by paths relative to the books directory (`contracts/x.csv`).
pub trait Source: Sync {
    /// The files directly in `folder`, in byte order of their names, as `folder/name`.
    /// Hidden files (a killed writer's temporaries among them) are left out; an absent folder
    /// has none.
    fn names(&self, folder: &str) -> Result<Vec<String>>;
    /// The files directly in `folder` whose names end in `ext`, as `names` gives them.
    fn list(&self, folder: &str, ext: &str) -> Result<Vec<String>> {
        let mut names = self.names(folder)?;
        names.retain(|n| n.ends_with(ext));
        Ok(names)
    }
    /// A file's bytes. An `Err` is a file that cannot be read at all (exit 2).
    fn read(&self, rel: &str) -> Result<Bytes>;
    /// Several small files of one folder, in order (the member files).
    fn read_many(&self, rels: &[String]) -> Result<Vec<Bytes>> {
        rels.iter().map(|rel| self.read(rel)).collect()
    }
    /// The books directory in the working tree: where `close` writes, and what messages name.
    fn root(&self) -> &Path;
    /// Of the files `rels`, gone from the source, those a git commit deleted, each with that
    /// commit (the latest such) and, with `bytes`, the bytes it had before: closed years'
    /// files archived out of the working tree. None for a source without that history.
    fn deleted(&self, _rels: &[String], _bytes: bool) -> Vec<(String, String, Vec<u8>)> {
        Vec::new()
    }
}

/// The folders of the books, each with the ending of the files read in it; other files of a
/// folder are named in a warning, and never read.
pub const FOLDERS: [(&str, &str); 6] = [
    ("members", ".toml"),
    ("contracts", ".csv"),
    ("payments", ".csv"),
    ("ledger", ".csv"),
    ("closes", ".toml"),
    ("clients", ".toml"),
];

/// The statements' balances `import` records, and the bank rules.
pub const STATEMENTS: &str = "bank/statements.csv";
pub const RULES: &str = "bank/rules.toml";

/// The files of `bank/`.
pub const BANK_FILES: [&str; 2] = [STATEMENTS, RULES];

/// Whether `rel` (a path in the books) is `coop.toml` or a file directly in a folder of the
/// books (hidden or not).
fn in_books(rel: &str) -> bool {
    rel == "coop.toml"
        || rel.starts_with("bank/") && !rel[5..].contains('/')
        || (rel.split_once('/')).is_some_and(|(folder, name)| {
            !name.contains('/') && FOLDERS.iter().any(|(f, _)| *f == folder)
        })
}

/// Whether the books are made of the file `rel`: `coop.toml`, or a file of a folder of the
/// books with that folder's ending, not hidden.
pub fn is_read(rel: &str) -> bool {
    rel == "coop.toml"
        || BANK_FILES.contains(&rel)
        || (rel.split_once('/')).is_some_and(|(folder, name)| {
            !name.contains('/')
                && !name.starts_with('.')
                && FOLDERS
                    .iter()
                    .any(|(f, ext)| *f == folder && name.ends_with(ext))
        })
}

/// Keeps the names that belong in a listing: hidden files out, byte order.
fn listing(folder: &str, names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.filter(|n| !n.starts_with('.')).collect();
    names.sort_unstable();
    names.into_iter().map(|n| format!("{folder}/{n}")).collect()
}

/// The largest close file read: a month's for 50,000 members paid is about 17 MiB.
pub const MAX_CLOSE: u64 = 64 << 20;
/// The largest coop.toml or member file read.
pub const MAX_TOML: u64 = 1 << 20;

/// Opens a book file that is a regular file, without waiting on a FIFO or device to open:
/// anything else is refused before a byte of it is read.
fn open_regular(path: &Path, rel: &str) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    regular(&file.metadata()?, rel)?;
    Ok(file)
}

/// `Ok` for a regular file's metadata; else an error that says what the file is.
fn regular(meta: &std::fs::Metadata, rel: &str) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(std::io::Error::other(not_regular(rel, meta.is_dir())))
}

/// What a book file that is not a regular file is told.
fn not_regular(rel: &str, is_dir: bool) -> String {
    let what = if is_dir {
        "a directory"
    } else {
        "not a regular file (a FIFO, a device or a socket)"
    };
    format!("{rel} is {what}; the books hold only regular files")
}

/// `Ok` unless a TOML file is larger than its limit (a CSV file may be as large as the books
/// are; its lines are bounded as they are read).
fn within_limit(rel: &str, len: u64) -> std::io::Result<()> {
    let limit = match rel.starts_with("closes/") {
        true => MAX_CLOSE,
        false => MAX_TOML,
    };
    if rel.ends_with(".toml") && len > limit {
        return Err(std::io::Error::other(format!(
            "{rel} is larger than {limit} bytes, the most such a file of the books may be"
        )));
    }
    Ok(())
}

/// A file's bytes: read into memory, or, for a large file of a directory, mapped from the
/// page cache (no copy, and only the pages read are ever loaded).
pub struct Bytes(Inner);

enum Inner {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(Inner::Owned(bytes))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Inner::Owned(v) => v,
            Inner::Mapped(m) => m,
        }
    }
}

impl Bytes {
    /// Lets the system take back the memory of a mapped file's pages read so far: they stay
    /// readable, and are read again from the page cache if they are needed (a file, once
    /// parsed, is read again only to show a row as written or to place a message). Nothing
    /// for bytes held in memory.
    pub fn release(&self) {
        if let Inner::Mapped(map) = &self.0 {
            // Safety: the map is read-only and backed by its file, so dropping its pages loses
            // nothing: the next read of them faults them in from the file again.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

/// Files from this size on are mapped rather than read.
const MAP_FROM: u64 = 1 << 20;

/// Books in a directory of the file system.
pub struct Dir {
    root: PathBuf,
    /// Listed files that are not regular files (a FIFO, a device, a link to one): refused
    /// when read, without being opened.
    irregular: Mutex<Vec<String>>,
}

impl Dir {
    pub fn new(root: PathBuf) -> Dir {
        Dir {
            root,
            irregular: Mutex::new(Vec::new()),
        }
    }

    /// The error for a listed file that is not a regular file, if `rel` is one.
    fn refuse_irregular(&self, rel: &str) -> Result<()> {
        let irregular = self
            .irregular
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?;
        if irregular.iter().any(|r| r == rel) {
            let path = self.root.join(rel);
            bail!(
                "cannot read {}: {}",
                path.display(),
                not_regular(rel, false)
            );
        }
        Ok(())
    }
}

/// Of the files `rels` (paths in the books at `root`), those a git commit deleted, each with
/// that commit and, with `bytes`, as git last had them before it: one `git log` and one `git
/// cat-file`. Empty outside git; a deletion not committed is not an archive.
pub fn deleted_in_git(root: &Path, rels: &[String], bytes: bool) -> Vec<(String, String, Vec<u8>)> {
    if rels.is_empty() {
        return Vec::new();
    }
    let Ok(prefix) = git(root, &["rev-parse", "--show-prefix"]) else {
        return Vec::new();
    };
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let mut args = vec![
        "log",
        "--no-renames",
        "--diff-filter=D",
        "--name-only",
        "--format=commit %H",
        "--end-of-options",
        "HEAD",
        "--",
    ];
    args.extend(rels.iter().map(String::as_str));
    let Ok(log) = git(root, &args) else {
        return Vec::new();
    };
    // Newest first: the first commit to name a file is its latest deletion.
    let mut found: Vec<(String, String)> = Vec::new();
    let mut commit = "";
    let log = String::from_utf8_lossy(&log);
    for line in log.lines() {
        if let Some(c) = line.strip_prefix("commit ") {
            commit = c;
        } else if let Some(rel) = line.strip_prefix(prefix.as_str())
            && rels.iter().any(|r| r == rel)
            && !found.iter().any(|(r, _)| r == rel)
        {
            found.push((rel.to_string(), commit.to_string()));
        }
    }
    if !bytes {
        return found.into_iter().map(|(r, c)| (r, c, Vec::new())).collect();
    }
    let names: Vec<String> = (found.iter())
        .map(|(rel, commit)| format!("{commit}^:{prefix}{rel}"))
        .collect();
    match cat_files(root, names.iter().map(String::as_str)) {
        Ok(bytes) if bytes.len() == found.len() => (found.into_iter().zip(bytes))
            .map(|((rel, commit), bytes)| (rel, commit, bytes))
            .collect(),
        _ => Vec::new(),
    }
}

impl Source for Dir {
    fn names(&self, folder: &str) -> Result<Vec<String>> {
        let dir = self.root.join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
        };
        let mut names = Vec::new();
        let mut irregular = Vec::new();
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            // The listing's own type is free; a link is followed (once) to what it names.
            let (regular, dir) = match kind.is_symlink() {
                true => std::fs::metadata(entry.path())
                    .map_or((false, false), |m| (m.is_file(), m.is_dir())),
                false => (kind.is_file(), kind.is_dir()),
            };
            if dir {
                continue;
            }
            if !regular && !name.starts_with('.') {
                irregular.push(format!("{folder}/{name}"));
            }
            names.push(name);
        }
        if !irregular.is_empty() {
            let mut all = self
                .irregular
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?;
            all.extend(irregular);
        }
        Ok(listing(folder, names.into_iter()))
    }

    fn read(&self, rel: &str) -> Result<Bytes> {
        self.refuse_irregular(rel)?;
        let path = self.root.join(rel);
        let cannot = || format!("cannot read {}", path.display());
        let mut file = open_regular(&path, rel).with_context(cannot)?;
        let len = file.metadata().with_context(cannot)?.len();
        within_limit(rel, len).with_context(cannot)?;
        if len >= MAP_FROM {
            // Safety: the map is only read. Were another program to shorten the file while
            // coopbooks runs, reading past its new end would stop the process (SIGBUS), as with
            // any program that maps files; coopbooks itself only ever replaces a book file by
            // renaming a new one over it, which leaves the mapped one whole.
            let map = unsafe { memmap2::Mmap::map(&file) }.with_context(cannot)?;
            return Ok(Bytes(Inner::Mapped(map)));
        }
        let mut bytes = Vec::with_capacity(len as usize + 1);
        file.read_to_end(&mut bytes).with_context(cannot)?;
        Ok(bytes.into())
    }

    /// Each file opened relative to its folder, opened once (`openat`): a member file costs an
    /// open, a read or two and a close, without walking the whole path again each time.
    fn read_many(&self, rels: &[String]) -> Result<Vec<Bytes>> {
        use std::os::fd::{AsRawFd, FromRawFd};
        let Some(folder) = rels
            .first()
            .and_then(|r| r.rsplit_once('/'))
            .map(|(f, _)| f)
        else {
            return rels.iter().map(|rel| self.read(rel)).collect();
        };
        let dir = self.root.join(folder);
        let handle =
            std::fs::File::open(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
        let mut out = Vec::with_capacity(rels.len());
        let mut name = Vec::with_capacity(64);
        let mut buffer = vec![0; 1 << 16];
        for rel in rels {
            let Some(file_name) = rel.strip_prefix(folder).and_then(|r| r.strip_prefix('/')) else {
                out.push(self.read(rel)?);
                continue;
            };
            self.refuse_irregular(rel)?;
            let cannot = || format!("cannot read {}", self.root.join(rel).display());
            name.clear();
            name.extend_from_slice(file_name.as_bytes());
            name.push(0);
            let name = std::ffi::CStr::from_bytes_with_nul(&name).with_context(cannot)?;
            // Safety: `openat` is given an open directory and a NUL-terminated name; it returns
            // a new descriptor that nothing else owns, or -1.
            // Non-blocking: a FIFO planted among the member files must not hang the open.
            let fd = unsafe {
                libc::openat(
                    handle.as_raw_fd(),
                    name.as_ptr(),
                    libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NONBLOCK,
                )
            };
            if fd < 0 {
                return Err(std::io::Error::last_os_error()).with_context(cannot);
            }
            // Safety: `fd` was just opened and is owned by this `File` alone.
            let mut file = unsafe { std::fs::File::from_raw_fd(fd) };

            // Into a buffer kept from file to file, then copied at its size. A read of a
            // regular file that returns less than asked has reached the end, so a small file
            // costs one read, not a second that finds the end.
            let mut len = 0;
            loop {
                if len == buffer.len() {
                    within_limit(rel, len as u64 + 1).with_context(cannot)?;
                    buffer.resize(2 * len, 0);
                }
                let room = buffer.len() - len;
                match file.read(&mut buffer[len..]) {
                    Ok(0) => break,
                    Ok(n) => {
                        len += n;
                        if n < room {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e).with_context(cannot),
                }
            }
            out.push(buffer[..len].to_vec().into());
        }
        Ok(out)
    }

    fn root(&self) -> &Path {
        &self.root
    }

    fn deleted(&self, rels: &[String], bytes: bool) -> Vec<(String, String, Vec<u8>)> {
        deleted_in_git(&self.root, rels, bytes)
    }
}

/// Books as they were at a git revision: the tree is listed with `git ls-tree` and the files
/// the books are made of (`is_read`) come from one `git cat-file --batch`, with no checkout.
/// Nothing else of the tree is read — the other files of the book folders are only named,
/// for the warnings a folder's stray files get — and each file's size is checked against the
/// limits from the listing, before it is read. A symbolic link among the book files is
/// followed within the revision, as the working tree follows it.
pub struct GitRev {
    root: PathBuf,
    rev: String,
    /// The files of the book folders (and `coop.toml`), read or not.
    names: Vec<String>,
    /// Relative path → contents of the files read; each file is handed out once.
    files: Mutex<HashMap<String, Vec<u8>>>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!("git {}: {}", args.join(" "), err.trim());
    }
    Ok(out.stdout)
}

/// One entry of a revision's tree listing (`git ls-tree -r -l`).
struct Entry {
    /// A symbolic link (mode 120000), whose blob is the path it points to.
    link: bool,
    oid: String,
    size: u64,
}

/// A revision's whole tree: every blob by its path from the top of the repository.
struct Tree(HashMap<String, Entry>);

impl Tree {
    fn list(root: &Path, tree: &str) -> Result<Tree> {
        let listing = git(root, &["ls-tree", "-r", "-l", "-z", "--full-tree", tree])?;
        let mut entries = HashMap::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split_whitespace();
            let (mode, kind, oid, size) = (meta.next(), meta.next(), meta.next(), meta.next());
            let (Some(mode), Some("blob"), Some(oid)) = (mode, kind, oid) else {
                continue; // a submodule's commit
            };
            let size = size.and_then(|s| s.parse().ok()).unwrap_or(0);
            let link = mode == "120000";
            let oid = oid.to_string();
            entries.insert(path.to_string(), Entry { link, oid, size });
        }
        Ok(Tree(entries))
    }

    /// Whether `path` is a folder of the tree.
    fn is_folder(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        path.is_empty() || self.0.keys().any(|p| p.starts_with(&folder))
    }
}

/// The most links followed from one book file, as the kernel allows (`ELOOP`).
const MAX_LINKS: usize = 40;

/// Where a link found at `link` (a path from the top of the repository) that holds `target`
/// points, from the top of the repository; `None` when it leaves the repository.
fn link_target(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The latest commit that changed a file of the books at `root` (`rel` from the books' top),
/// if the books are in a git work tree and the file was ever committed.
pub fn last_commit_of(root: &Path, rel: &str) -> Option<String> {
    let out = git(root, &["log", "-1", "--format=%H", "--", rel]).ok()?;
    let rev = String::from_utf8_lossy(&out).trim().to_string();
    (!rev.is_empty()).then_some(rev)
}

impl GitRev {
    /// Reads the books at `root` (a directory inside a git work tree) as of `rev`.
    pub fn open(root: &Path, rev: &str) -> Result<GitRev> {
        let prefix = git(root, &["rev-parse", "--show-prefix"])
            .with_context(|| format!("{} is not inside a git repository", root.display()))?;
        let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
        let spec = format!("{rev}^{{tree}}");
        let tree = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )
        .map_err(|_| anyhow::anyhow!("no revision \"{rev}\" in the git repository"))?;
        let tree = Tree::list(root, String::from_utf8_lossy(&tree).trim())?;
        let mut names = Vec::new();
        let mut wanted: Vec<(String, String)> = Vec::new();
        let mut links: Vec<(String, String)> = Vec::new();
        for (path, entry) in &tree.0 {
            let Some(rel) = path.strip_prefix(prefix.as_str()) else {
                continue;
            };
            if !in_books(rel) {
                continue;
            }
            if !is_read(rel) {
                names.push(rel.to_string());
            } else if entry.link {
                links.push((rel.to_string(), path.clone()));
            } else {
                within_limit(rel, entry.size).map_err(|e| anyhow::anyhow!("{rev}:{e}"))?;
                names.push(rel.to_string());
                wanted.push((rel.to_string(), entry.oid.clone()));
            }
        }
        for (rel, oid) in follow(root, rev, &prefix, &tree, links)? {
            names.push(rel.clone());
            wanted.push((rel, oid));
        }
        if !names.iter().any(|rel| rel == "coop.toml") {
            bail!("revision \"{rev}\" has no {prefix}coop.toml");
        }
        let contents = cat_files(root, wanted.iter().map(|(_, oid)| oid.as_str()))?;
        let files = wanted
            .into_iter()
            .map(|(rel, _)| rel)
            .zip(contents)
            .collect();
        Ok(GitRev {
            root: root.to_path_buf(),
            rev: rev.to_string(),
            names,
            files: Mutex::new(files),
        })
    }
}

/// The blob each book file that is a symbolic link stands for, followed link by link within
/// the revision, as (its path in the books, the blob); a link to a folder is left out, as the
/// working tree's listing leaves folders out. A link out of the repository, or to nothing the
/// revision has, is an error naming it: the books at a revision are the revision's own files.
fn follow(
    root: &Path,
    rev: &str,
    prefix: &str,
    tree: &Tree,
    links: Vec<(String, String)>,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    // (the book file, the link now being followed, its blob), a round of links at a time.
    let mut pending: Vec<(String, String, String)> = (links.into_iter())
        .filter_map(|(rel, path)| {
            let oid = tree.0.get(&path)?.oid.clone();
            Some((rel, path, oid))
        })
        .collect();
    for _ in 0..=MAX_LINKS {
        if pending.is_empty() {
            return Ok(out);
        }
        let targets = cat_files(root, pending.iter().map(|(_, _, oid)| oid.as_str()))?;
        let mut next = Vec::new();
        for ((rel, path, _), target) in pending.into_iter().zip(targets) {
            let target = String::from_utf8_lossy(&target).into_owned();
            let shown = crate::text::escaped(&target).into_owned();
            let named = format!("{rev}:{prefix}{rel} is a symbolic link to \"{shown}\"");
            let Some(to) = link_target(&path, &target) else {
                bail!("{named}, outside the repository; --rev reads only the revision's files");
            };
            match tree.0.get(&to) {
                Some(entry) if entry.link => next.push((rel, to, entry.oid.clone())),
                Some(entry) => {
                    within_limit(&rel, entry.size).map_err(|e| anyhow::anyhow!("{rev}:{e}"))?;
                    out.push((rel, entry.oid.clone()));
                }
                None if tree.is_folder(&to) => {}
                None => bail!("{named}, which revision {rev} does not have"),
            }
        }
        pending = next;
    }
    bail!("{rev}: a book file is a symbolic link in a loop of more than {MAX_LINKS} links")
}

/// The contents of blobs, in the order asked, through one `git cat-file --batch`.
fn cat_files<'a>(root: &Path, oids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
    let request: String = oids.map(|oid| format!("{oid}\n")).collect();
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    let mut stdin = child.stdin.take().context("git cat-file: no stdin")?;
    let stdout = child.stdout.take().context("git cat-file: no stdout")?;
    // Write on another thread so that neither pipe can fill up and block the other.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::new();
    let mut header = String::new();
    loop {
        header.clear();
        if reader.read_line(&mut header)? == 0 {
            break;
        }
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("git cat-file: unexpected answer {:?}", header.trim()))?;
        let mut body = vec![0; size + 1];
        reader.read_exact(&mut body)?;
        body.truncate(size);
        out.push(body);
    }
    let _ = writer.join();
    let status = child.wait()?;
    if !status.success() {
        bail!("git cat-file failed");
    }
    Ok(out)
}

impl Source for GitRev {
    fn names(&self, folder: &str) -> Result<Vec<String>> {
        let names = self.names.iter().filter_map(|rel| {
            let name = rel.strip_prefix(folder)?.strip_prefix('/')?;
            (!name.contains('/')).then(|| name.to_string())
        });
        Ok(listing(folder, names))
    }

    /// Each file once (its bytes are then handed over), but a close file, which the loader
    /// may look at before reading it (a year's close, to find where the books open from).
    fn read(&self, rel: &str) -> Result<Bytes> {
        let mut files = self.files.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        let bytes = match rel.starts_with("closes/") {
            true => files.get(rel).cloned(),
            false => files.remove(rel),
        };
        (bytes.map(Bytes::from)).with_context(|| format!("{}:{rel} cannot be read twice", self.rev))
    }

    fn root(&self) -> &Path {
        &self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_target_from_the_top_of_the_repository() {
        let at = |link: &str, target: &str| link_target(link, target);
        assert_eq!(
            at("books/payments/2026.csv", "../../archive/p.csv").as_deref(),
            Some("archive/p.csv")
        );
        assert_eq!(
            at("books/payments/2026.csv", "./x/../y.csv").as_deref(),
            Some("books/payments/y.csv")
        );
        assert_eq!(at("a.csv", "../a.csv"), None, "out of the top");
        assert_eq!(at("books/a.csv", "/etc/passwd"), None, "absolute");
    }

    #[test]
    fn the_files_the_books_are_made_of() {
        for rel in [
            "coop.toml",
            "members/ann.toml",
            "contracts/2026.csv",
            "closes/2026.toml",
            "bank/statements.csv",
            "bank/rules.toml",
        ] {
            assert!(is_read(rel) && in_books(rel), "{rel}");
        }
        for rel in ["notes/scan.bin", "contracts/a/b.csv", "README"] {
            assert!(!is_read(rel) && !in_books(rel), "{rel}");
        }
        for rel in [
            "contracts/2026.CSV",
            "members/.ann.toml",
            "payments/x.txt",
            "bank/x.csv",
        ] {
            assert!(!is_read(rel) && in_books(rel), "{rel}");
        }
    }
}
