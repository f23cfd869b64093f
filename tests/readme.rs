//! The README's walkthrough runs as written and shows the real outputs: every `console` block's
//! `$ ` lines run, in order, in one bash from a copy of the source directory, with the
//! coopbooks under test first on PATH; what each prints (stdout, then stderr) must be the lines
//! under it. `UPDATE_README=1 cargo test --test readme` writes the outputs into the README.

mod common;
use std::path::Path;
use std::process::Command;

/// A command of a `console` block, with the output shown under it; `at` is the line the output
/// starts on and `len` how many lines it has (to replace it).
struct Step {
    command: String,
    shown: Vec<String>,
    at: usize,
    len: usize,
}

fn steps(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut inside = false;
    for (i, line) in lines.iter().enumerate() {
        if !inside {
            inside = *line == "```console";
            continue;
        }
        if *line == "```" {
            inside = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_string(),
                shown: Vec::new(),
                at: i + 1,
                len: 0,
            });
        } else if let Some(step) = steps.last_mut() {
            step.shown.push(line.to_string());
            step.len += 1;
        }
    }
    steps
}

/// Each command's output, run in one bash in `dir`, with the separator after each.
fn run(dir: &Path, steps: &[Step]) -> Vec<Vec<String>> {
    const END: &str = "\u{1e}end of step";
    let mut script = String::from("set +e\n");
    for s in steps {
        // Stdout and stderr in the order written (coopbooks writes its stdout first); the
        // command's status kept for an `echo $?` after it.
        script.push_str(&format!(
            "{{ {}\n}} 2>&1; __status=$?; printf '\\n{END}\\n'; (exit $__status)\n",
            s.command
        ));
    }
    let path = common::path_with_coopbooks();
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("COOPBOOKS_DIR")
        .env("GIT_AUTHOR_NAME", "Treasurer")
        .env("GIT_AUTHOR_EMAIL", "treasurer@example.org")
        .env("GIT_COMMITTER_NAME", "Treasurer")
        .env("GIT_COMMITTER_EMAIL", "treasurer@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut outputs: Vec<Vec<String>> = text
        .split(&format!("\n{END}\n"))
        .map(|o| o.lines().map(String::from).collect())
        .collect();
    outputs.truncate(steps.len());
    outputs
}

#[test]
fn the_readme_walkthrough_runs_as_written() {
    if !common::have("git", "apt-get install -y git") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let steps = steps(&readme);
    assert!(steps.len() >= 10, "{} steps", steps.len());
    // The source directory as a clone has it (the statement the walkthrough imports), beside
    // which the walkthrough makes its books.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("coopbooks");
    let statements = src.join("tests/camt053");
    std::fs::create_dir_all(&statements).unwrap();
    std::fs::copy(
        root.join("tests/camt053/atelier-2026-04.xml"),
        statements.join("atelier-2026-04.xml"),
    )
    .unwrap();
    let outputs = run(&src, &steps);
    assert_eq!(outputs.len(), steps.len(), "{outputs:?}");
    if std::env::var_os("UPDATE_README").is_some() {
        let mut lines: Vec<String> = readme.lines().map(String::from).collect();
        for (s, out) in steps.iter().zip(&outputs).rev() {
            lines.splice(s.at..s.at + s.len, out.iter().cloned());
        }
        std::fs::write(root.join("README.md"), lines.join("\n") + "\n").unwrap();
        return;
    }
    for (s, out) in steps.iter().zip(&outputs) {
        assert_eq!(
            &s.shown, out,
            "README.md:{}: `{}` prints otherwise (UPDATE_README=1 cargo test --test readme \
             writes what it prints)",
            s.at, s.command
        );
    }
}
