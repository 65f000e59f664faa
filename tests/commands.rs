//! The commands around the pipeline: `init`, `completions`, the shape of the
//! human output (`--quiet`, `--max-per-code`, `--color`, the count per
//! code), and options that mean nothing for a command.

mod common;

use std::path::Path;

use common::dossier;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_writes_a_vault_that_checks_and_builds_clean_in_both_languages() {
    for language in ["en", "zh"] {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("book");
        let init = dossier(dir.path())
            .args(["init", "book", "--language", language])
            .output()
            .unwrap();
        assert!(init.status.success(), "{}", text(&init.stderr));
        for file in [
            "dossier.toml",
            ".gitignore",
            ".github/workflows/dossier.yml",
            ".gitlab-ci.yml",
        ] {
            assert!(vault.join(file).is_file(), "{file} missing");
        }
        let check = dossier(&vault)
            .args(["check", "--strict", "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        assert_eq!(json["errors"], 0, "{json}");
        assert_eq!(json["warnings"], 0, "{json}");
        assert!(json["files"].as_u64().unwrap() >= 3);
        assert!(check.status.success());
        let build = dossier(&vault).args(["build"]).output().unwrap();
        assert!(build.status.success(), "{}", text(&build.stderr));
        let report = dossier(&vault)
            .args(["report", "--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
        assert_eq!(report["clients"].as_array().unwrap().len(), 1);
        assert_eq!(report["funnel"]["open_count"], 1);
        // The meeting note is an interaction of the client (its folder is
        // mapped, its date is its file name's).
        assert_eq!(report["clients"][0]["rfm"]["frequency"], 1, "{report}");
        // The meeting note's `%%` remark stays out of the site.
        let site = walk_text(&vault.join("public"));
        assert!(!site.contains("Private remark") && !site.contains("内部备注"));
        // The output folder is ignored by Git.
        let ignore = std::fs::read_to_string(vault.join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "/public/"));
    }
}

fn walk_text(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.push_str(&walk_text(&path));
        } else {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    all
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# mine\n").unwrap();
    let refused = dossier(dir.path()).args(["init", "."]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("not empty"));
    assert!(!dir.path().join("dossier.toml").exists());
    let forced = dossier(dir.path())
        .args(["init", ".", "--force"])
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "# mine\n"
    );
    // In a vault, --templates writes the templates alone, and they build.
    let templates = dossier(dir.path())
        .args(["init", ".", "--templates"])
        .output()
        .unwrap();
    assert!(templates.status.success(), "{}", text(&templates.stderr));
    assert!(dir.path().join("templates/client.html").is_file());
    assert!(dir.path().join("templates/style.css").is_file());
    let again = dossier(dir.path())
        .args(["init", ".", "--templates"])
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "templates are not written over"
    );
    let check = dossier(dir.path()).args(["check"]).output().unwrap();
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn completions_are_written_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef dossier"),
        ("fish", "complete -c dossier"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = dossier(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let script = text(&out.stdout);
        assert!(script.contains(mark), "{shell}");
        assert!(
            script.contains("init") && script.contains("max-per-code"),
            "{shell}"
        );
    }
}

#[test]
fn options_that_mean_nothing_are_refused_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    // What a command does not take, clap refuses, naming the option or
    // the value and what it takes instead; `--help` does not list it.
    for (args, named) in [
        (&["serve", "--format", "json"][..], "--format"),
        (&["serve", "--strict"], "--strict"),
        (&["serve", "--at", "2025-01-01"], "--at"),
        (
            &["changes", "--since", "2025-01-01", "--at", "2025-01-01"],
            "--at",
        ),
        (
            &["check", "--format", "csv"],
            "possible values: human, json, github",
        ),
        (
            &["build", "--format", "csv"],
            "possible values: human, json, github",
        ),
        (
            &["report", "--format", "github"],
            "possible values: human, json, csv",
        ),
        (&["report", "--color", "always"], "--color"),
        (&["report", "--quiet"], "--quiet"),
        (&["init", "x", "--as-of", "2025-01-01"], "--as-of"),
        (&["completions", "bash", "--config", "x.toml"], "--config"),
    ] {
        let out = dossier(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(named), "{args:?}: {err}");
    }
    // What clap cannot tell, dossier refuses the same way, with why.
    for (args, option) in [
        (&["report", "--bom"][..], "--bom"),
        (&["report", "--labels"], "--labels"),
        (&["report", "--table", "clients"], "--table"),
        (&["check", "--format", "json", "--quiet"], "--quiet"),
        (
            &["check", "--format", "github", "--max-per-code", "3"],
            "--max-per-code",
        ),
        (
            &["build", "--format", "json", "--color", "always"],
            "--color",
        ),
    ] {
        let out = dossier(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "`{option}` means nothing for `dossier {}`",
                args[0]
            )),
            "{args:?}: {err}"
        );
    }
    // Each command's help lists only what it takes.
    let help = |command: &str| {
        let out = dossier(dir.path())
            .args([command, "--help"])
            .output()
            .unwrap();
        text(&out.stdout)
    };
    assert!(!help("serve").contains("--format") && !help("serve").contains("--strict"));
    assert!(help("check").contains("--max-per-code") && !help("report").contains("--quiet"));
    assert!(!help("init").contains("--as-of") && !help("completions").contains("--config"));
}

#[test]
fn build_in_a_folder_with_no_config_and_no_note_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(dir.path()).args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no dossier.toml and no note"));
    assert!(!dir.path().join("public").exists());
}

/// A vault with 30 overdue follow-ups and one broken link.
fn busy_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        std::fs::write(
            dir.path().join(format!("c{i:02}.md")),
            format!(
                "---\ntype: client\ncode: C{i:03}\nname: Client {i}\nowner: Ann\nemployees: 10\nlast_contact: 2025-01-01\n---\n"
            ),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("broken.md"), "[x](nowhere.md)\n").unwrap();
    dir
}

#[test]
fn human_output_caps_each_code_counts_every_code_and_quiet_keeps_errors() {
    let vault = busy_vault();
    let run = |extra: &[&str]| {
        let out = dossier(vault.path())
            .args(["check", "--as-of", "2025-11-23"])
            .args(extra)
            .output()
            .unwrap();
        text(&out.stdout)
    };
    let shown = |out: &str, code: &str| out.matches(&format!("[{code}]")).count();
    // Not a terminal: everything, then the count of each code.
    let all = run(&[]);
    assert_eq!(shown(&all, "W-follow-up-overdue"), 30);
    assert!(all.contains("30 W-follow-up-overdue\n"), "{all}");
    assert!(all.contains(" 1 E-link-broken\n"));
    let capped = run(&["--max-per-code", "5"]);
    assert_eq!(shown(&capped, "W-follow-up-overdue"), 5);
    assert!(capped.contains("30 W-follow-up-overdue (25 not shown: --max-per-code 0 shows all)"));
    assert_eq!(shown(&capped, "E-link-broken"), 1);
    let quiet = run(&["--quiet"]);
    assert_eq!(shown(&quiet, "W-follow-up-overdue"), 0);
    assert_eq!(shown(&quiet, "E-link-broken"), 1);
    assert!(quiet.contains("30 W-follow-up-overdue (not shown: --quiet)"));
    assert!(
        quiet
            .trim_end()
            .ends_with("1 error, 30 warnings in 31 files"),
        "{quiet}"
    );
}

#[test]
fn colour_follows_the_choice_and_an_empty_no_color_does_not_count() {
    let vault = busy_vault();
    let run = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = dossier(vault.path());
        cmd.args(["check", "--as-of", "2025-11-23"]).args(args);
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        text(&cmd.output().unwrap().stdout)
    };
    assert!(run(&["--color", "always"], None).contains('\u{1b}'));
    assert!(run(&["--color", "always"], Some("")).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], None).contains('\u{1b}'));
    // Not a terminal: no colour by default.
    assert!(!run(&[], None).contains('\u{1b}'));
}

/// A vault made by `init` and committed, cloned whole as CI clones it.
fn committed_init_vault(dir: &Path) -> std::path::PathBuf {
    let made = dossier(dir).args(["init", "book"]).output().unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));
    let vault = dir.join("book");
    common::git(&vault, &["init", "-q"], None);
    common::git(&vault, &["add", "-A"], None);
    common::git(&vault, &["commit", "-q", "-m", "The book"], None);
    let clone = dir.join("clone");
    let out = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(&vault)
        .arg(&clone)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    clone
}

/// Runs `script` with bash in `dir`, `dossier` first on the path.
fn run_step(dir: &Path, script: &str, env: &[(&str, String)]) {
    let bin = Path::new(env!("CARGO_BIN_EXE_dossier")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

fn yaml_of(path: &Path) -> dossier::vault::yaml::Node {
    dossier::vault::yaml::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The GitHub workflow `init` writes checks out the whole history (so the
/// published changes page and trend are not "shallow clone"), and its
/// shell steps run as written in a clone of the vault (`uses:` steps
/// skipped, `dossier` on the path).
#[test]
fn the_github_workflow_reads_the_whole_history_and_its_steps_run() {
    use dossier::vault::yaml::Value;
    let dir = tempfile::tempdir().unwrap();
    let clone = committed_init_vault(dir.path());
    let workflow = yaml_of(&clone.join(".github/workflows/dossier.yml"));
    let jobs = workflow.get("jobs").expect("jobs");
    let mut checkouts = 0;
    let mut ran = 0;
    for (_, job) in jobs.entries() {
        let Some(Value::Seq(steps)) = job.get("steps").map(|s| &s.value) else {
            panic!("a job without steps");
        };
        for step in steps {
            if let Some(uses) = step.get("uses").and_then(|u| u.value.scalar_text()) {
                if uses.starts_with("actions/checkout") {
                    checkouts += 1;
                    let depth = step
                        .get("with")
                        .and_then(|w| w.get("fetch-depth"))
                        .and_then(|d| d.value.scalar_text());
                    assert_eq!(depth.as_deref(), Some("0"), "{uses} without the history");
                }
                continue;
            }
            let script = step
                .get("run")
                .and_then(|r| r.value.scalar_text())
                .expect("a run step");
            let script =
                script.replace("${{ vars.DOSSIER_GIT }}", "https://example.com/dossier.git");
            run_step(&clone, &script, &[]);
            ran += 1;
        }
    }
    assert_eq!(checkouts, 2);
    assert_eq!(ran, 4, "install and check; install and build");
    let changes = std::fs::read_to_string(clone.join("public/changes.html")).unwrap();
    assert!(!changes.contains("shallow"), "{changes}");
}

/// The GitLab recipe clones the whole history (`GIT_DEPTH: "0"`), and
/// each job's script runs as written in a clone of the vault.
#[test]
fn the_gitlab_recipe_reads_the_whole_history_and_its_scripts_run() {
    use dossier::vault::yaml::Value;
    let dir = tempfile::tempdir().unwrap();
    let clone = committed_init_vault(dir.path());
    let recipe = yaml_of(&clone.join(".gitlab-ci.yml"));
    let variables = recipe.get("variables").expect("variables");
    let depth = variables
        .get("GIT_DEPTH")
        .and_then(|d| d.value.scalar_text());
    assert_eq!(depth.as_deref(), Some("0"));
    let cargo_home = clone.join(".cargo").display().to_string();
    for job in ["check", "publish"] {
        let Some(Value::Seq(lines)) = recipe
            .get(job)
            .and_then(|j| j.get("script"))
            .map(|s| &s.value)
        else {
            panic!("{job} has no script");
        };
        // `*install` is a list inside the list.
        let mut script = String::new();
        for line in lines {
            match &line.value {
                Value::Seq(inner) => {
                    for l in inner {
                        script.push_str(&l.value.scalar_text().unwrap());
                        script.push('\n');
                    }
                }
                other => {
                    script.push_str(&other.scalar_text().unwrap());
                    script.push('\n');
                }
            }
        }
        run_step(
            &clone,
            &script,
            &[
                ("DOSSIER_GIT", "https://example.com/dossier.git".to_owned()),
                ("CARGO_HOME", cargo_home.clone()),
            ],
        );
    }
    assert!(clone.join("dossier-report.json").is_file());
    let changes = std::fs::read_to_string(clone.join("public/changes.html")).unwrap();
    assert!(!changes.contains("shallow"), "{changes}");
}

/// `init --demo` writes the example book with six months of past, and
/// every figure Git fills is filled: the history read from 29 commits by
/// three people, slipping deals, a month's forecast against a win, win
/// rates by stage, the changes page with the week's digest.
#[test]
fn init_demo_writes_the_example_with_a_past_that_fills_every_history_page() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let init = dossier(dir.path())
        .args(["init", "--demo", "demo"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", text(&init.stderr));
    let log = std::process::Command::new("git")
        .current_dir(&demo)
        .args(["log", "--format=%an <%ae> %ad", "--date=short"])
        .output()
        .unwrap();
    let log = text(&log.stdout);
    assert_eq!(log.lines().count(), 29, "{log}");
    assert!(
        log.lines()
            .last()
            .unwrap()
            .starts_with("张伟 <zhang.wei@example.com> 2025-05-19")
    );
    let report = dossier(&demo)
        .args(["report", "--format", "json", "--as-of", "2025-11-23"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(r["history"]["status"], "read");
    assert_eq!(r["history"]["commits"], 29);
    let slips: Vec<(String, u64)> = r["opportunity_history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["slips"].as_u64().unwrap() >= 2)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["slips"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        slips,
        [
            ("O001".to_owned(), 2),
            ("O003".to_owned(), 2),
            ("O014".to_owned(), 2)
        ]
    );
    // June: O004 (220,000 at 50% on May 31) won on June 23.
    let june = &r["forecast_accuracy"][1];
    assert_eq!(june["month"], "2025-06");
    assert_eq!(june["forecast_weighted"], 110000);
    assert_eq!(june["won_from_forecast_amount"], 220000);
    assert_eq!(june["accuracy"], 2.0);
    let proposal = &r["stage_conversion"][2];
    assert_eq!(
        (proposal["stage"].as_str(), proposal["win_rate"].as_f64()),
        (Some("proposal"), Some(0.5))
    );
    // The site: the changes page opens with the digest, the pipeline page
    // lists the slipping deals.
    let site = dir.path().join("site");
    let build = dossier(&demo)
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", text(&build.stderr));
    let changes = std::fs::read_to_string(site.join("changes.html")).unwrap();
    assert!(
        changes.contains("<section id=\"digest\">") && changes.contains("O015"),
        "{changes}"
    );
    let pipeline = std::fs::read_to_string(site.join("pipeline.html")).unwrap();
    assert!(pipeline.contains("<section id=\"slipping\">"), "{pipeline}");
    assert!(pipeline.contains("<section id=\"forecast-accuracy\">"));
    // A second time, the folder is refused and the way to the demo said.
    let again = dossier(dir.path())
        .args(["init", "--demo", "demo"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("dossier serve"),
        "{}",
        text(&again.stderr)
    );
}
