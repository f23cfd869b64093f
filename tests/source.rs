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
    // Then C-2026-002 is re-invoiced: 2400.00 -> 2410.00, committed, and one more edit is left
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
