//! `add member` and `add contract`: checked as `check` would check the books with the new row,
//! written in its place only when that adds no error, and printed.

mod common;
use common::Books;

fn read(books: &Books, rel: &str) -> String {
    std::fs::read_to_string(books.path().join(rel)).unwrap()
}

#[test]
fn a_member_is_written_checked_and_printed() {
    let books = Books::copy_of("atelier");
    let r = books.run(&[
        "add",
        "member",
        "lukasz",
        "--name",
        "Łukasz Nowak",
        "--joined",
        "2026-04-01",
        "--iban",
        "BE71 0961 2345 6769",
        "--model",
        "contractor",
    ]);
    let file = "name = \"Łukasz Nowak\"\niban = \"BE71 0961 2345 6769\"\njoined = \"2026-04-01\"\n\
                model = \"contractor\"\n";
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, format!("members/lukasz.toml:\n{file}").as_str(), "")
    );
    assert_eq!(read(&books, "members/lukasz.toml"), file);
    let r = books.run(&["check"]);
    assert_eq!(
        r.stdout,
        "The books are valid: 11 members, 41 contracts, 32 payments, 48 ledger rows.\n"
    );
    // The same id again, an id that cannot be a file's name, a mistyped IBAN: refused, nothing
    // written.
    let r = books.run(&["add", "member", "lukasz", "--name", "L"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: member \"lukasz\" exists (members/lukasz.toml); edit that file to change \
             it\n"
        )
    );
    let r = books.run(&["add", "member", "../x", "--name", "X"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "coopbooks: member id \"../x\": expected lower-case letters, digits, '.', '_' and '-', a \
         letter or digit first (it names members/../x.toml)\n"
    );
    let r = books.run(&[
        "add",
        "member",
        "mia",
        "--name",
        "Mia",
        "--iban",
        "BE71 0961 2345 6768",
    ]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "members/mia.toml:2: iban \"BE71 0961 2345 6768\": the IBAN's check digits do not \
             match: a digit is probably mistyped\ncoopbooks: nothing written: the books would \
             have 1 problem more\n"
        )
    );
    assert!(!books.path().join("members/mia.toml").exists());
}

#[test]
fn a_contract_lands_in_its_place_with_the_next_id() {
    // Inès leaves on 17 March: her contract C-2026-032 of the 18th (line 9) is an error before
    // and after the add, one line lower after it, and is not the new row's problem: the books
    // had it already, so the add goes ahead.
    let books = Books::copy_of("atelier").append("members/ines.toml", "left = \"2026-03-17\"\n");
    let ines = |line: u32| {
        format!(
            "contracts/2026-03.csv:{line}: member \"ines\": left on 2026-03-17 \
             (members/ines.toml), 1 day before this contract of 2026-03-18; if ines works on as \
             a user, add works_as_user = true to members/ines.toml (the work is paid and counts \
             for no patronage); if \"left\" is mistyped, correct it; if the work is someone \
             else's, correct \"member\"\n"
        )
    };
    let before = books.run(&["check"]);
    assert_eq!(before.code, 1);
    assert!(before.stdout.contains(&ines(9)), "{}", before.stdout);
    let r = books.run(&[
        "add",
        "contract",
        "--member",
        "alice",
        "--client",
        "Ville de Namur",
        "--date",
        "2026-03-10",
        "--hours",
        "12",
        "--amount",
        "960.00",
        "--expenses",
        "20.00",
        "--description",
        "Poster series, second run",
    ]);
    // The next id after C-2026-041; by date then id, after C-2026-027 of the same day (line 4):
    // line 5. Its number comes after April's C-2026-041 though its date is in March, which
    // check warns of (and add says), but it is written.
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            "contracts/2026-03.csv:5: C-2026-042,alice,Ville de Namur,2026-03-10,12,960.00,20.00,\
             \"Poster series, second run\",\n",
            "contracts/2026-03.csv:5: warning: invoice \"C-2026-042\" is dated 2026-03-10, before \
             \"C-2026-041\" (contracts/2026-04.csv:2), the number before it, dated 2026-04-07; \
             invoice numbers follow their dates\n"
        )
    );
    let file = read(&books, "contracts/2026-03.csv");
    let lines: Vec<&str> = file.lines().collect();
    assert!(lines[3].starts_with("C-2026-027,") && lines[5].starts_with("C-2026-028,"));
    assert!(lines[4].starts_with("C-2026-042,alice,"));
    assert_eq!(lines.len(), 18);
    let after = books.run(&["check"]);
    assert!(after.stdout.contains(&ines(10)), "{}", after.stdout);
    // Alice's March pay counts it: 3000.00 + 960.00 invoiced (with Inès a member again).
    let ines = read(&books, "members/ines.toml").replace("left = \"2026-03-17\"\n", "");
    std::fs::write(books.path().join("members/ines.toml"), ines).unwrap();
    let pay = books.run(&["--format", "json", "pay", "2026-03"]).json();
    assert_eq!(pay["members"][0]["member"], "alice");
    assert_eq!(pay["members"][0]["amount"], "3960.00");
    assert_eq!(pay["members"][0]["expenses"], "65.00"); // 45.00 + 20.00
}

#[test]
fn a_contract_the_books_refuse_is_not_written() {
    let books = Books::copy_of("atelier");
    let was = read(&books, "contracts/2026-04.csv");
    let r = books.run(&[
        "add",
        "contract",
        "--member",
        "alicia",
        "--client",
        "Ville de Namur",
        "--date",
        "2026-04-09",
        "--hours",
        "12",
        "--amount",
        "960 €",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            1,
            "",
            "contracts/2026-04.csv:3: amount \"960 €\": has a currency sign; write the number \
             alone\ncontracts/2026-04.csv:3: member \"alicia\": no such member (no \
             members/alicia.toml); did you mean \"alice\"?\ncoopbooks: nothing written: the \
             books would have 2 problems more\n"
        )
    );
    assert_eq!(read(&books, "contracts/2026-04.csv"), was);
    // A contract in a closed month would change its closed figures: refused too.
    books.close_through("2026-03", None);
    let r = books.run(&[
        "add",
        "contract",
        "--member",
        "alice",
        "--client",
        "Ville de Namur",
        "--date",
        "2026-03-31",
        "--hours",
        "12",
        "--amount",
        "960.00",
        "--id",
        "C-2026-040b",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("closes/2026-03.toml:")
            && r.stderr
                .contains("period 2026-03 is closed, but alice's figures would change"),
        "{}",
        r.stderr
    );
    assert!(!read(&books, "contracts/2026-03.csv").contains("C-2026-040b"));
}

#[test]
fn a_new_year_starts_its_own_file_and_numbers() {
    let books = Books::copy_of("atelier");
    let r = books.run(&[
        "add",
        "contract",
        "--member",
        "zoe",
        "--client",
        "École de Cirque",
        "--date",
        "2027-01-05",
        "--hours",
        "10",
        "--amount",
        "750.00",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2027-01.csv:2: C-2027-001,zoe,École de Cirque,2027-01-05,10,750.00,,\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        read(&books, "contracts/2027-01.csv"),
        "id,member,client,date,hours,amount,expenses,description\n\
         C-2027-001,zoe,École de Cirque,2027-01-05,10,750.00,,\n"
    );
    // Blank books: the first contract is C-YEAR-001, in the month's file.
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("books");
    let r = common::run_in(
        dir.path(),
        &["init", blank.to_str().unwrap(), "--blank", "Coop"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let add = |args: &[&str]| common::run(&blank, args);
    assert_eq!(add(&["add", "member", "ann", "--name", "Ann"]).code, 0);
    let r = add(&[
        "add",
        "contract",
        "--member",
        "ann",
        "--client",
        "X",
        "--date",
        "2026-05-04",
        "--hours",
        "4",
        "--amount",
        "100.00",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026-05.csv:2: C-2026-001,ann,X,2026-05-04,4,100.00,,\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn add_waits_for_the_lock_and_refuses_a_revision() {
    let books = Books::copy_of("atelier");
    let held = std::fs::File::open(books.path()).unwrap();
    held.lock().unwrap();
    let r = books.run(&["--wait", "0", "add", "member", "mia", "--name", "Mia"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("another coopbooks is reading or writing these books")
    );
    assert!(!books.path().join("members/mia.toml").exists());
    held.unlock().unwrap();
    let r = books.run(&["--rev", "HEAD", "add", "member", "mia", "--name", "Mia"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "coopbooks: add writes to the books; it cannot add to them at a revision (--rev)\n"
        )
    );
}

#[test]
fn ids_without_a_year_go_on_from_the_highest() {
    let books = Books::minimal(&["m"]).file(
        "contracts/2026-03.csv",
        "id,member,client,date,hours,amount\nK0000040,m,X,2026-03-02,4,100.00\n\
         K0000007,m,X,2026-03-03,4,100.00\n",
    );
    let r = books.run(&[
        "add",
        "contract",
        "--member",
        "m",
        "--client",
        "X",
        "--date",
        "2026-03-04",
        "--hours",
        "4",
        "--amount",
        "100.00",
    ]);
    // After K0000040, the highest, whatever the order of the rows; the new row dated last.
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026-03.csv:4: K0000041,m,X,2026-03-04,4,100.00\n"
        )
    );
}
