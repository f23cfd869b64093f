//! What an attacker or a tired treasurer tries: two writers at once, a lock held by another
//! process, a run killed at any instant, links planted where files are written, ids too long
//! for a file name.

mod common;
use common::Books;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn coopbooks(books: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coopbooks"));
    cmd.env_remove("COOPBOOKS_DIR")
        .env("NO_COLOR", "1")
        .arg("--books")
        .arg(books)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn finish(cmd: std::process::Child) -> (i32, String) {
    let out = cmd.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn two_closes_of_one_month_at_once_never_both_succeed() {
    for round in 0..8 {
        let books = Books::copy_of("atelier");
        books.close_through("2025-06", None);
        let a = coopbooks(books.path(), &["close", "2026-01", "--date", "2027-01-01"])
            .spawn()
            .unwrap();
        let b = coopbooks(books.path(), &["close", "2026-01", "--date", "2027-01-02"])
            .spawn()
            .unwrap();
        let (a, b) = (finish(a), finish(b));
        let mut codes = [a.0, b.0];
        codes.sort();
        assert_eq!(codes, [0, 2], "round {round}: {a:?} {b:?}");
        let loser = if a.0 == 2 { &a.1 } else { &b.1 };
        assert!(
            loser.ends_with("coopbooks: 2026-01 is already closed (closes/2026-01.toml)\n"),
            "round {round}: {loser}"
        );
        // The file is the winner's, whole.
        let text = std::fs::read_to_string(books.path().join("closes/2026-01.toml")).unwrap();
        let winner = if a.0 == 0 { "2027-01-01" } else { "2027-01-02" };
        assert!(
            text.contains(&format!("closed_on = \"{winner}\"")),
            "{text}"
        );
        assert_eq!(books.run(&["check"]).code, 0);
    }
}

#[test]
fn a_held_lock_delays_a_writer_and_then_stops_it() {
    let books = Books::copy_of("atelier");
    books.close_through("2025-06", None);
    // Another process's lock: a lock on a second handle of the directory conflicts as one
    // held by another process would.
    let held = std::fs::File::open(books.path()).unwrap();
    held.lock().unwrap();
    let started = Instant::now();
    let r = books.run(&["--wait", "0.3", "close", "2026-01"]);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let dir = books.path().display();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            format!(
                "coopbooks: another coopbooks is reading or writing these books ({dir}); waiting \
                 up to 0.3 s\ncoopbooks: another coopbooks is reading or writing these books \
                 ({dir}); gave up after 0.3 s (--wait SECONDS waits longer)\n"
            )
            .as_str()
        )
    );
    assert!(!books.path().join("closes/2026-01.toml").exists());
    // A reader waits for a writer too.
    let r = books.run(&["--wait", "0", "check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("another coopbooks is writing these books")
    );
    // Released while the writer waits: it goes on.
    let child = coopbooks(books.path(), &["--wait", "10", "close", "2026-01"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    held.unlock().unwrap();
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(books.path().join("closes/2026-01.toml").is_file());
}

#[test]
#[cfg(unix)]
fn payslips_never_write_through_a_link() {
    let books = Books::copy_of("atelier");
    let out = tempfile::tempdir().unwrap();
    let victim = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(victim.path(), "precious").unwrap();
    // Links at the temporary names earlier versions used, for a range of process ids, and at
    // a payslip's own name.
    for pid in 0..2000 {
        let name = format!(".2026-03-alice.txt.tmp-{pid}");
        std::os::unix::fs::symlink(victim.path(), out.path().join(name)).unwrap();
    }
    let slip = out.path().join("2026-03-alice.txt");
    std::os::unix::fs::symlink(victim.path(), &slip).unwrap();
    let args = [
        "payslips",
        "2026-03",
        "--out",
        out.path().to_str().unwrap(),
        "--as",
        "txt",
        "--member",
        "alice",
    ];
    let r = books.run(&args);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            format!(
                "coopbooks: not overwriting {}; use --force to replace\n",
                slip.display()
            )
            .as_str()
        )
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let r = books.run(&forced);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read_to_string(victim.path()).unwrap(), "precious");
    let meta = slip.symlink_metadata().unwrap();
    assert!(
        meta.file_type().is_file(),
        "the payslip is a file of its own"
    );
    assert!(
        std::fs::read_to_string(&slip)
            .unwrap()
            .contains("Alice Martin")
    );
}

#[test]
fn a_member_id_too_long_for_a_file_name_is_refused() {
    let id = "a".repeat(243);
    let books = Books::minimal(&[]).file(&format!("members/{id}.toml"), "name = \"A\"\n");
    let r = books.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        format!(
            "members/{id}.toml:1: member id \"{}…\": is 243 characters long; ids have at most 64 \
             (they become part of file names, such as payslips'; rename the file)\n\
             The books have 1 problem: 1 error, 0 warnings.\n",
            "a".repeat(64)
        )
    );
    let ok = "b".repeat(64);
    let books = Books::minimal(&[]).file(&format!("members/{ok}.toml"), "name = \"B\"\n");
    assert_eq!(books.run(&["check"]).code, 0);
}

#[test]
fn amounts_near_the_limits_compute_without_overflow() {
    // 45 contracts and 45 ledger incomes of 997,432,412,671.99 (below the limit of
    // 999,999,999,999.99 an amount may be; together 89,768,917,140,479.10, below the books'
    // limit of 100,000,000,000,000.00): patronage and the year's close compute, exactly.
    let mut books = Books::copy_of("atelier");
    let mut contracts = String::new();
    let mut ledger = String::new();
    for i in 0..45 {
        contracts.push_str(&format!(
            "X-{i},alice,Big,2026-03-20,999999,997432412671.99,,\n"
        ));
        ledger.push_str("2026-06-01,income,997432412671.99,operations,,,\n");
    }
    books = books
        .append("contracts/2026-03.csv", &contracts)
        .append("ledger/2026.csv", &ledger);
    let check = books.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let p = books.run(&["--format", "json", "patronage", "2026"]);
    assert_eq!(p.code, 0, "{}", p.stderr);
    let json = p.json();
    let total: i128 = (json["members"].as_array().unwrap().iter())
        .map(|m| {
            let s = m["allocation"].as_str().unwrap().replace('.', "");
            s.parse::<i128>().unwrap()
        })
        .sum();
    let distributable: i128 = json["distributable"]
        .as_str()
        .unwrap()
        .replace('.', "")
        .parse()
        .unwrap();
    assert_eq!(total, distributable);
    for period in [
        "2025-06", "2026-01", "2026-02", "2026-03", "2026-04", "2026-06", "2026",
    ] {
        let r = books.run(&["close", period]);
        assert_eq!(r.code, 0, "{period}: {}", r.stderr);
    }
    assert_eq!(books.run(&["check"]).code, 0);
}

/// Kills a command at many instants; after each, every file it writes is whole (the old one
/// or the new one) and the books still pass `check`. The commands killed: `close`,
/// `payslips` and `fmt` (of two files written unformatted before each of its rounds).
#[test]
#[cfg(unix)]
fn a_run_killed_at_any_instant_leaves_old_or_new_files() {
    let books = Books::copy_of("atelier");
    books.close_through("2025-06", None);
    let out = tempfile::tempdir().unwrap();
    let slips = out.path().to_str().unwrap().to_string();
    // Two files as a hand would leave them (cells quoted, an amount as `600`), and their
    // canonical form, as one whole `fmt` writes it.
    let files = ["contracts/2026-03.csv", "payments/2026.csv"];
    let untidy: Vec<String> = (files.iter())
        .map(|rel| {
            let text = std::fs::read_to_string(books.path().join(rel)).unwrap();
            (text.replacen(",alice,", ",\"alice\",", 1))
                .replacen(",payment,", ",\"payment\",", 1)
                .replace(",600.00,", ",600,")
        })
        .collect();
    let write_untidy = || {
        for (rel, text) in files.iter().zip(&untidy) {
            std::fs::write(books.path().join(rel), text).unwrap();
        }
    };
    write_untidy();
    assert_eq!(books.run(&["fmt"]).code, 0);
    let canonical: Vec<String> = (files.iter())
        .map(|rel| std::fs::read_to_string(books.path().join(rel)).unwrap())
        .collect();
    assert_ne!(canonical, untidy);
    for round in 0..45u64 {
        let (args, what): (Vec<&str>, &str) = match round % 3 {
            0 => (vec!["close", "2026-01"], "close"),
            1 => (
                vec!["payslips", "2026-03", "--out", &slips, "--force"],
                "payslips",
            ),
            _ => {
                write_untidy();
                (vec!["fmt"], "fmt")
            }
        };
        let mut child = coopbooks(books.path(), &args).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(500 + round * 600));
        let _ = child.kill();
        let _ = child.wait();
        let close = books.path().join("closes/2026-01.toml");
        if let Ok(text) = std::fs::read_to_string(&close) {
            assert!(
                text.ends_with('\n') && text.contains("[members"),
                "{what} {round}"
            );
            std::fs::remove_file(&close).unwrap();
        }
        for entry in std::fs::read_dir(out.path()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // a killed run's temporary: the next run removes it
            }
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                bytes.ends_with(b"%%EOF"),
                "{what} {round}: {name} is not whole"
            );
        }
        for ((rel, old), new) in files.iter().zip(&untidy).zip(&canonical) {
            let now = std::fs::read_to_string(books.path().join(rel)).unwrap();
            assert!(
                &now == old || &now == new,
                "{what} {round}: {rel} is neither the old file nor the new"
            );
        }
        assert_eq!(books.run(&["check"]).code, 0, "{what} {round}");
    }
    // The next run that writes there removes what killed runs left behind.
    let r = books.run(&["payslips", "2026-03", "--out", &slips, "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    let hidden: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(hidden, Vec::<String>::new());
}

#[test]
#[cfg(unix)]
fn a_killed_init_leaves_no_books() {
    let parent = tempfile::tempdir().unwrap();
    for round in 0..20u64 {
        let dir = parent.path().join(format!("books-{round}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_coopbooks"))
            .arg("init")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(200 + round * 300));
        let _ = child.kill();
        let _ = child.wait();
        // Either the whole example books, or none.
        if dir.exists() {
            let r = common::run(&dir, &["check"]);
            assert_eq!(
                r.stdout,
                "The books are valid: 10 members, 41 contracts, 32 payments, 48 ledger rows.\n",
                "round {round}"
            );
        }
    }
}

#[test]
fn a_misspelt_column_is_an_error_not_a_silent_misread() {
    let books = Books::copy_of("atelier").replace(
        "contracts/2026-03.csv",
        "id,member,client,date,hours,amount,expenses,description",
        "id,member,client,date,hours,amount,expences,description",
    );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "contracts/2026-03.csv:1: column \"expences\": not a column coopbooks reads; did you \
             mean \"expenses\"? (its cells would be left out)\nThe books have 1 problem: 1 error, \
             0 warnings.\n"
        )
    );
    assert_eq!(books.run(&["pay", "2026-03"]).code, 1);
    let books = Books::copy_of("atelier").replace(
        "payments/2026.csv",
        "contract,date,amount,kind,memo",
        "contract,date,amount,knd,memo",
    );
    let r = books.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with(
            "payments/2026.csv:1: column \"knd\": not a column coopbooks reads; did you mean \
             \"kind\"? (its cells would be left out)\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_with_another_extension_is_said_to_be_left_out() {
    let books = Books::copy_of("atelier");
    std::fs::rename(
        books.path().join("contracts/2026-03.csv"),
        books.path().join("contracts/2026-03.CSV"),
    )
    .unwrap();
    let r = books.run(&["check"]);
    assert!(
        r.stdout.starts_with(
            "contracts/2026-03.CSV:1: warning: not read: only the files of contracts/ whose names \
             end in .csv are\n"
        ),
        "{}",
        r.stdout
    );
}

/// Runs a command that must end within a few seconds, whatever the books hold (its output
/// read as it comes, so that a full pipe never holds it up).
fn within_seconds(books: &Path, args: &[&str]) -> (i32, String, String) {
    let child = coopbooks(books, args).spawn().unwrap();
    let pid = child.id();
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let Ok(out) = wait.recv_timeout(Duration::from_secs(20)) else {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        panic!("{args:?} still running after 20 s");
    };
    let out = out.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
#[cfg(unix)]
fn a_fifo_or_a_device_among_the_books_is_refused_never_read() {
    for rel in ["members/x.toml", "contracts/z.csv"] {
        let books = Books::copy_of("atelier");
        let path = books.path().join(rel);
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo reads a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let (code, _, stderr) = within_seconds(books.path(), &["check"]);
        assert_eq!(code, 2, "{rel}: {stderr}");
        assert!(
            stderr.ends_with(&format!(
                "{rel} is not a regular file (a FIFO, a device or a socket); the books hold only \
                 regular files\n"
            )),
            "{stderr}"
        );
    }
    let books = Books::copy_of("atelier");
    std::os::unix::fs::symlink("/dev/zero", books.path().join("members/zero.toml")).unwrap();
    let (code, _, stderr) = within_seconds(books.path(), &["pay", "2026-03"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("members/zero.toml is not a regular file"),
        "{stderr}"
    );
}

#[test]
fn sizes_beyond_the_limits_are_refused() {
    // A member file over 1 MiB.
    let books = Books::copy_of("atelier").file(
        "members/big.toml",
        &format!("name = \"{}\"\n", "x".repeat(2 << 20)),
    );
    let (code, _, stderr) = within_seconds(books.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with(
            "members/big.toml is larger than 1048576 bytes, the most such a file of the books may \
             be\n"
        ),
        "{stderr}"
    );
    // A contract line over 1 MiB: that line is refused, without echoing it.
    let books = Books::copy_of("atelier").append(
        "contracts/2026-03.csv",
        &format!("C-9,alice,{},2026-03-02,4,10.00,,\n", "y".repeat(2 << 20)),
    );
    let (code, stdout, _) = within_seconds(books.path(), &["check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "contracts/2026-03.csv:18: the line is 2097184 bytes long; a line of the books is at \
         most 1048576\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
    // A header of more than 1,000 columns.
    let header: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    let books =
        Books::copy_of("atelier").file("ledger/wide.csv", &format!("{}\n", header.join(",")));
    let (code, stdout, _) = within_seconds(books.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "ledger/wide.csv:1: the header has 1001 columns; a file of the books has at most 1000\n"
        ),
        "{stdout}"
    );
}

#[test]
fn text_from_the_books_never_acts_on_the_terminal() {
    // A client that would clear the screen, retitle the window, go back to the line's start
    // and print a fake all-clear, and reverse what follows; a member's name with a zero-width
    // space and a line break in it.
    let client = "Evil\u{1b}[2J\u{1b}]0;owned\u{7}\rfake.csv:1: all good\u{202e}txt.exe";
    let books = Books::copy_of("atelier")
        .append(
            "contracts/2026-03.csv",
            &format!(
                "C-2026-777,alice,\"{}\",2026-03-25,10,1000.00,,\"two\nlines\"\n",
                client
            ),
        )
        .replace(
            "members/alice.toml",
            "name = \"Alice Martin\"",
            "name = \"Alice\\u200b\\nMartin\"",
        );
    let raw = |s: &str| s.chars().any(coopbooks::text::is_unsafe_but_newline);
    let check = books.run(&["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(!raw(&check.stdout), "{:?}", check.stdout);
    assert!(
        check.stdout.contains(
            "contracts/2026-03.csv:18: warning: client \"Evil\\e[2J\\e]0;owned\\u{7}\\rfake.csv:1: \
             all good\\u{202e}txt.exe\": holds a control character or a bidirectional override; \
             it is shown escaped\n"
        ),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains(
            "members/alice.toml:1: warning: name \"Alice\\u{200b}\\nMartin\": holds a control \
             character"
        ),
        "{}",
        check.stdout
    );
    for args in [
        vec!["pay", "2026-03", "--contracts"],
        vec!["member", "alice"],
        vec!["guarantee"],
    ] {
        let r = books.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(
            !raw(&r.stdout) && !raw(&r.stderr),
            "{args:?}: {:?}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Evil\\e[2J") || args[0] != "pay",
            "{}",
            r.stdout
        );
    }
    let out = tempfile::tempdir().unwrap();
    let r = books.run(&[
        "payslips",
        "2026-03",
        "--out",
        out.path().to_str().unwrap(),
        "--as",
        "txt",
        "--member",
        "alice",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let slip = std::fs::read_to_string(out.path().join("2026-03-alice.txt")).unwrap();
    assert!(!raw(&slip), "{slip:?}");
    assert!(
        slip.contains("Member:   Alice\\u{200b}\\nMartin (alice)"),
        "{slip}"
    );
    // JSON escapes what JSON escapes; CSV keeps the bytes (data for scripts).
    let json = books.run(&["--format", "json", "pay", "2026-03", "--contracts"]);
    assert!(!json.stdout.contains('\u{1b}'), "{}", json.stdout);
    let csv = books.run(&["--format", "csv", "pay", "2026-03", "--contracts"]);
    assert!(csv.stdout.contains('\u{1b}'));
}

#[test]
fn a_formula_in_a_name_is_a_warning() {
    let books = Books::copy_of("atelier").append(
        "contracts/2026-03.csv",
        "C-2026-778,alice,\"=HYPERLINK(\"\"http://x\"\")\",2026-03-25,10,1000.00,,\n",
    );
    let r = books.run(&["check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(
            "contracts/2026-03.csv:18: warning: client \"=HYPERLINK(\"http://x\")\": starts with \
             '=', which a spreadsheet opening an export would run as a formula\n"
        ),
        "{}",
        r.stdout
    );
}

/// Descriptions and memos are looked at too, as their rows are read: a control character
/// (escaped in the message) or a formula is a warning on the row, and the books stay valid.
#[test]
fn a_control_character_or_formula_in_a_description_or_memo_is_a_warning() {
    let books = Books::copy_of("atelier")
        .without_statements()
        .append(
            "contracts/2026-03.csv",
            "T-778,alice,Théâtre du Parc,2026-03-25,10,1000.00,,\"Rig\u{1b}[2J\"\n",
        )
        .append(
            "payments/2026.csv",
            "T-778,2026-04-20,100.00,payment,@SUM(A1)\n",
        )
        .append(
            "ledger/2026.csv",
            "2026-04-01,cost,10.00,operations,,,\"note\u{202e}txt\"\n",
        );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "contracts/2026-03.csv:18: warning: description \"Rig\\e[2J\": holds a control \
             character or a bidirectional override; it is shown escaped\n\
             ledger/2026.csv:49: warning: memo \"note\\u{202e}txt\": holds a control character \
             or a bidirectional override; it is shown escaped\n\
             payments/2026.csv:34: warning: memo \"@SUM(A1)\": starts with '@', which a \
             spreadsheet opening an export would run as a formula\n\
             The books are valid: 10 members, 42 contracts, 33 payments, 49 ledger rows, with 3 \
             warnings.\n"
        )
    );
}

#[test]
fn values_quoted_in_messages_are_cut_and_limits_are_the_documented_ones() {
    let books = Books::copy_of("atelier").file(
        "members/zz.toml",
        &format!("name = \"Z\"\njoined = \"{}\"\n", "z".repeat(500_000)),
    );
    let r = books.run(&["check"]);
    assert_eq!(
        r.stdout,
        format!(
            "members/zz.toml:2: joined \"{}…\": expected a date as YYYY-MM-DD\nThe books have 1 \
             problem: 1 error, 0 warnings.\n",
            "z".repeat(80)
        )
    );
    // The largest amount is 999999999999.99; 997432412672.00 is below it.
    let books = Books::copy_of("atelier").append(
        "contracts/2026-03.csv",
        "X-1,alice,Théâtre du Parc,2026-03-20,100,997432412672.00,,\nX-2,alice,Théâtre du Parc,2026-03-20,100,1000000000000.00,,\n",
    );
    let r = books.run(&["check"]);
    assert_eq!(
        r.stdout,
        "contracts/2026-03.csv:19: amount \"1000000000000.00\": is too large; amounts are at most \
         999999999999.99\nThe books have 1 problem: 1 error, 0 warnings.\n"
    );
    // A client of a million characters (under the line limit): a table of it in seconds.
    let books = Books::copy_of("atelier").append(
        "contracts/2026-03.csv",
        &format!(
            "X-3,alice,{},2026-03-20,10,1000.00,,\n",
            "c".repeat(1_000_000)
        ),
    );
    let (code, _, _) = within_seconds(books.path(), &["pay", "2026-03", "--contracts"]);
    assert_eq!(code, 0);
}

/// Found by fuzzing the contracts reader: 15 digits of hours are 10^19 ten-thousandths of an
/// hour, past a 64-bit integer. The fast path of the number reader multiplied unchecked (a
/// panic in a debug build, a wrapped and silently wrong figure in a release one); now it is
/// the documented limit.
#[test]
fn hours_of_fifteen_digits_are_too_large_not_an_overflow() {
    let books = Books::copy_of("atelier").append(
        "contracts/2026-03.csv",
        "C-2026-778,alice,Théâtre,2026-03-25,999999999999991,1000.00,,\n",
    );
    let r = books.run(&["check"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "contracts/2026-03.csv:18: hours \"999999999999991\": is too large; hours are below \
             1000000\nThe books have 1 problem: 1 error, 0 warnings.\n"
        )
    );
}
