//! Books read from a git revision (`--rev`), and rows read back as written.

mod common;
use common::{Books, fixture, git, have_git};

#[test]
fn books_at_a_revision_in_a_subfolder_of_the_repository() {
    if !have_git() {
        return;
    }
    // The repository holds the books in books/, beside other files.
    let repo = Books::empty();
    let books = repo.path().join("books");
    std::fs::write(repo.path().join("README"), "not books\n").unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "before the books"]);
    git(repo.path(), &["tag", "before"]);
    common::copy_dir(&fixture("atelier"), &books);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "March as invoiced"]);
    git(repo.path(), &["tag", "march"]);
    // Then C-2026-034 is re-invoiced: 2400.00 -> 2410.00, committed, and one more edit is left
    // in the working tree.
    let edit = |from: &str, to: &str| {
        let p = books.join("contracts/2026-03.csv");
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit("2026-03-20,20,2400.00", "2026-03-20,20,2410.00");
    git(repo.path(), &["commit", "-qam", "re-invoiced"]);
    edit("2026-03-20,20,2410.00", "2026-03-20,20,2420.00");

    let amount = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        all.extend(["pay", "2026-03"]);
        let r = common::run(&books, &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["members"][0]["amount"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Alice's March: 600.00 + the re-invoiced contract.
    assert_eq!(amount(&["--rev", "march"]), "3000.00");
    assert_eq!(amount(&["--rev", "HEAD"]), "3010.00");
    assert_eq!(amount(&[]), "3020.00");
    // A whole report at the tag is byte for byte the report of the books as they were.
    let at_tag = common::run(&books, &["--rev", "march", "funds"]);
    let fixture_now = common::run(&fixture("atelier"), &["funds"]);
    assert_eq!(at_tag.stdout, fixture_now.stdout);

    let r = common::run(&books, &["--rev", "nope", "check"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "coopbooks: no revision \"nope\" in the git repository\n")
    );
    let r = common::run(&books, &["--rev", "march", "close", "2026-03"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: close writes to the books; it cannot close them at a revision (--rev)\n"
        )
    );
    // A revision before the books existed.
    let r = common::run(&books, &["--rev", "before", "check"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "coopbooks: revision \"before\" has no books/coop.toml\n")
    );
}

#[test]
fn rows_keep_every_cell_as_written() {
    // A description, a treasurer's own column and a quoted client with a comma: all read back.
    let b = Books::minimal(&["ann"]).file(
        "contracts/2026.csv",
        "id,member,client,date,hours,amount,expenses,description,note\n\
         C-1,ann,\"Smith, Jones & Co\",2026-03-02,4,400.00,,Stage design,  paid late  \n",
    );
    let loaded = coopbooks::books::load_dir(b.path()).unwrap();
    // The column of one's own is only a warning.
    assert!(
        loaded.problems.iter().all(|p| !p.is_error()),
        "{:?}",
        loaded.problems
    );
    let books = &loaded.books;
    let c = &books.contracts[0];
    assert_eq!(
        (books.file(c.src.file), c.src.line),
        ("contracts/2026.csv", 2)
    );
    assert_eq!(books.client(c), "Smith, Jones & Co");
    let (header, cells) = books.row_cells(c.src);
    assert_eq!(
        header,
        [
            "id",
            "member",
            "client",
            "date",
            "hours",
            "amount",
            "expenses",
            "description",
            "note"
        ]
    );
    assert_eq!(
        cells,
        [
            "C-1",
            "ann",
            "Smith, Jones & Co",
            "2026-03-02",
            "4",
            "400.00",
            "",
            "Stage design",
            "  paid late  "
        ]
    );
}

/// A repository holding the example books in books/, committed, with `setup` done in it
/// first (run in the repository's top folder).
fn repository(setup: impl FnOnce(&std::path::Path)) -> Books {
    let repo = Books::empty();
    common::copy_dir(&fixture("atelier"), &repo.path().join("books"));
    setup(repo.path());
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "the books"]);
    repo
}

/// Second attack, finding 5: a book file committed as a symbolic link to a file elsewhere in
/// the repository is read at a revision as the working tree reads it — before, `--rev HEAD
/// check` saw 0 payments and `diff HEAD` 32 rows added.
#[test]
fn a_link_within_the_repository_is_followed_at_a_revision() {
    if !have_git() {
        return;
    }
    let repo = repository(|top| {
        std::fs::create_dir(top.join("archive")).unwrap();
        std::fs::rename(
            top.join("books/payments/2026.csv"),
            top.join("archive/payments-2026.csv"),
        )
        .unwrap();
        // A link to a link, as a treasurer's archive might be arranged.
        std::os::unix::fs::symlink("payments-2026.csv", top.join("archive/current.csv")).unwrap();
        std::os::unix::fs::symlink(
            "../../archive/current.csv",
            top.join("books/payments/2026.csv"),
        )
        .unwrap();
    });
    let books = repo.path().join("books");
    let valid = "The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows.\n";
    for rev in [&[][..], &["--rev", "HEAD"]] {
        let mut args = rev.to_vec();
        args.push("check");
        let r = common::run(&books, &args);
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (0, valid),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = common::run(&books, &["diff", "HEAD", "--exit-code"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Changes from HEAD to the working tree\n\nNo change in the files or the figures.\n"
        )
    );
}

/// A link out of the repository, or to nothing, is named at a revision: exit 2, never read as
/// if the file were not there.
#[test]
fn a_link_out_of_the_repository_or_to_nothing_is_refused() {
    if !have_git() {
        return;
    }
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("payments.csv");
    std::fs::copy(fixture("atelier").join("payments/2026.csv"), &target).unwrap();
    let cases = [
        (
            target.to_str().unwrap().to_string(),
            "outside the repository; --rev reads only the revision's files",
        ),
        (
            "../../../elsewhere.csv".to_string(),
            "outside the repository; --rev reads only the revision's files",
        ),
        ("gone.csv".to_string(), "which revision HEAD does not have"),
    ];
    for (link, why) in cases {
        let repo = repository(|top| {
            let p = top.join("books/payments/2026.csv");
            std::fs::remove_file(&p).unwrap();
            std::os::unix::fs::symlink(&link, &p).unwrap();
        });
        let r = common::run(&repo.path().join("books"), &["--rev", "HEAD", "check"]);
        assert_eq!(
            (r.code, r.stderr),
            (
                2,
                format!(
                    "coopbooks: HEAD:books/payments/2026.csv is a symbolic link to \"{link}\", {why}\n"
                )
            )
        );
    }
}

/// Finding 6: at a revision only the files the books are made of are read, and their sizes
/// are checked from the tree's listing first. A 256 MiB file the books ignore is not read (it
/// was, whole, into memory: 4 GiB stopped the process); a member file over its 1 MiB limit is
/// refused as in the working tree, exit 2.
#[test]
fn only_the_books_files_are_read_at_a_revision() {
    if !have_git() {
        return;
    }
    let repo = repository(|top| {
        std::fs::create_dir(top.join("books/notes")).unwrap();
        let scan = std::fs::File::create(top.join("books/notes/scan.bin")).unwrap();
        scan.set_len(256 << 20).unwrap();
        std::fs::write(top.join("books/contracts/scan.bin"), vec![b'x'; 4 << 20]).unwrap();
    });
    let books = repo.path().join("books");
    // The largest resident size of coopbooks (and the git it runs), in KiB, from `wait4`.
    // The child is waited for by `wait4`, which std does not know of.
    #[allow(clippy::zombie_processes)]
    let peak = |args: &[&str]| {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_coopbooks"))
            .arg("--books")
            .arg(&books)
            .args(args)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let mut status = 0;
        // SAFETY: waits for the child just spawned, writing its status and usage.
        let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        assert_eq!(pid, child.id() as i32);
        assert_eq!(libc::WEXITSTATUS(status), 0);
        usage.ru_maxrss
    };
    let kib = peak(&["--rev", "HEAD", "check"]);
    assert!(kib < 128 << 10, "peak {kib} KiB: the 256 MiB file was read");

    let big = format!("name = \"Big\"\n# {}\n", "x".repeat(1 << 20));
    let repo = repository(|top| std::fs::write(top.join("books/members/big.toml"), big).unwrap());
    let r = common::run(&repo.path().join("books"), &["--rev", "HEAD", "check"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: HEAD:members/big.toml is larger than 1048576 bytes, the most such a file \
             of the books may be\n"
        )
    );
}
