//! The pipeline's past read from Git: a repository built here with commits
//! of set dates, whose stage moves, wins, losses and amounts are known.

mod common;

use std::path::Path;
use std::process::Command;

use common::dossier;

use common::git;

/// The folder where dossier keeps what it read of the vault's history:
/// in the repository's own folder, never in the work tree.
fn cache_of(vault: &Path) -> std::path::PathBuf {
    let kept: Vec<_> = std::fs::read_dir(vault.join(".git/dossier"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(kept.len(), 1, "one folder per vault");
    kept[0].path()
}

/// What `git status` says of the work tree.
fn status(vault: &Path) -> String {
    let out = Command::new("git")
        .current_dir(vault)
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn client(vault: &Path, code: &str, deals: &[(&str, &str, u32)], private: bool) {
    let mut text = format!("---\ncode: {code}\nname: Client {code}\nowner: Ann\n");
    if private {
        text.push_str("private: true\n");
    }
    text.push_str("opportunities:\n");
    for (deal, stage, amount) in deals {
        text.push_str(&format!(
            "  - code: {deal}\n    name: Deal {deal}\n    stage: {stage}\n    amount: {amount}\n    expected_close: 2026-12-31\n"
        ));
        if *stage == "lost" {
            text.push_str("    lost_reason: price\n");
        }
    }
    text.push_str(&format!("---\n# Client {code}\n"));
    std::fs::write(vault.join(format!("clients/{code}.md")), text).unwrap();
}

fn commit(vault: &Path, day: &str) {
    git(vault, &["add", "-A"], None);
    // An offset east of UTC: the author's own calendar day counts.
    let date = format!("{day}T23:30:00+08:00");
    git(vault, &["commit", "-q", "-m", day], Some(&date));
}

/// Sep 1: C1 with O1 contacted and O2 qualified. Oct 1: O1 proposal.
/// Oct 15: O1's amount 100 → 150, O2 lost, C2 new with O3. Nov 20: O1 won;
/// C3 (private) with O4.
fn book(dir: &Path) -> std::path::PathBuf {
    let vault = dir.join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "title = \"History\"\n[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    git(&vault, &["init", "-q"], None);
    client(
        &vault,
        "C1",
        &[("O1", "contacted", 100), ("O2", "qualified", 80)],
        false,
    );
    commit(&vault, "2026-09-01");
    client(
        &vault,
        "C1",
        &[("O1", "proposal", 100), ("O2", "qualified", 80)],
        false,
    );
    commit(&vault, "2026-10-01");
    client(
        &vault,
        "C1",
        &[("O1", "proposal", 150), ("O2", "lost", 80)],
        false,
    );
    client(&vault, "C2", &[("O3", "contacted", 40)], false);
    commit(&vault, "2026-10-15");
    client(
        &vault,
        "C1",
        &[("O1", "won", 150), ("O2", "lost", 80)],
        false,
    );
    client(&vault, "C3", &[("O4", "proposal", 999)], true);
    commit(&vault, "2026-11-20");
    vault
}

fn json(vault: &Path, args: &[&str]) -> serde_json::Value {
    let out = dossier(vault).args(args).output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn report(vault: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "--format", "json", "--as-of", "2026-12-01"];
    args.extend(extra);
    json(vault, &args)
}

/// Builds the site of `vault` into `site` with `args` before `-o`; the
/// vault's problems may make it exit 1, never 2.
fn build_site(vault: &Path, site: &Path, args: &[&str]) {
    let build = dossier(vault)
        .arg("build")
        .args(args)
        .args(["--allow-errors", "-o"])
        .arg(site)
        .output()
        .unwrap();
    assert_ne!(
        build.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

fn deal<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    report["opportunity_history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in {}", report["opportunity_history"]))
}

#[test]
fn stage_history_velocity_and_trend_come_from_the_commits() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "read");
    assert_eq!(r["history"]["commits"], 4);
    assert_eq!(r["history"]["first_commit"], "2026-09-01");
    let o1 = deal(&r, "O1");
    assert_eq!(o1["client"], "C1");
    assert_eq!(
        o1["stages"],
        serde_json::json!([
            {"stage": "contacted", "entered": "2026-09-01", "author": "Test", "left": "2026-10-01"},
            {"stage": "proposal", "entered": "2026-10-01", "author": "Test", "left": "2026-11-20"},
            {"stage": "won", "entered": "2026-11-20", "author": "Test", "left": null},
        ])
    );
    assert_eq!(
        o1["days_in_stage"],
        serde_json::json!({"contacted": 30, "proposal": 50, "won": 11})
    );
    let o2 = deal(&r, "O2");
    assert_eq!(o2["stages"][1]["stage"], "lost");
    assert_eq!(o2["stages"][1]["entered"], "2026-10-15");
    assert_eq!(deal(&r, "O3")["stages"][0]["entered"], "2026-10-15");
    // Nothing of the private client's deal.
    let text = r.to_string();
    assert!(!text.contains("O4") && !text.contains("999"), "{text}");
    let velocity = |stage: &str| {
        r["velocity"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["stage"] == stage)
            .cloned()
            .unwrap()
    };
    // contacted: O1 30 days; qualified: O2 44 days; proposal: O1 50 days.
    assert_eq!(velocity("contacted")["mean_days"], 30.0);
    assert_eq!(velocity("qualified")["mean_days"], 44.0);
    assert_eq!(velocity("proposal")["mean_days"], 50.0);
    assert_eq!(velocity("won")["left"], 0);
    let trend = r["pipeline_trend"].as_array().unwrap();
    assert_eq!(trend.len(), 26);
    let at = |day: &str| {
        trend
            .iter()
            .find(|p| p["week_end"] == day)
            .cloned()
            .unwrap()
    };
    // 2026-09-08: O1 (100, contacted 10%) and O2 (80, qualified 25%) open.
    let p = at("2026-09-08");
    assert_eq!(p["open_count"], 2);
    assert_eq!(p["open_amount"], 180);
    assert_eq!(p["weighted_amount"], 30);
    // 2026-10-20: O1 150 at proposal (50%), O3 40 contacted (10%); O2 lost.
    let p = at("2026-10-20");
    assert_eq!(p["open_count"], 2);
    assert_eq!(p["open_amount"], 190);
    assert_eq!(p["weighted_amount"], 79);
    // The last point is the book today.
    let last = trend.last().unwrap();
    assert_eq!(last["week_end"], "2026-12-01");
    assert_eq!(last["open_count"], r["funnel"]["open_count"]);
    assert_eq!(last["open_amount"], r["funnel"]["open_amount"]);
}

#[test]
fn changes_between_two_dates_name_moves_wins_losses_and_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let c = json(
        &vault,
        &[
            "changes",
            "--since",
            "2026-09-30",
            "--until",
            "2026-10-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(c["since"], "2026-09-30");
    assert_eq!(c["until"], "2026-10-20");
    assert_eq!(c["new_clients"], serde_json::json!(["C2"]));
    assert_eq!(c["new_opportunities"], serde_json::json!(["O3"]));
    assert_eq!(
        c["stage_moves"],
        serde_json::json!([{"code": "O1", "from": "contacted", "to": "proposal", "author": "Test"},
                           {"code": "O2", "from": "qualified", "to": "lost", "author": "Test"}])
    );
    assert_eq!(c["lost"], serde_json::json!(["O2"]));
    assert_eq!(c["won"], serde_json::json!([]));
    assert_eq!(
        c["amount_changes"],
        serde_json::json!([{"code": "O1", "from": 100, "to": 150, "author": null}])
    );
    // To the files as they are: O1 won; the private client is not named.
    let c = json(
        &vault,
        &["changes", "--since", "2026-10-20", "--format", "json"],
    );
    assert_eq!(c["won"], serde_json::json!(["O1"]));
    assert!(
        !c.to_string().contains("C3") && !c.to_string().contains("O4"),
        "{c}"
    );
    let human = dossier(&vault)
        .args(["changes", "--since", "2026-10-20"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("O1: proposal → won"), "{text}");
}

#[test]
fn changes_show_escape_sequences_in_codes_instead_of_sending_them() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    std::fs::write(
        vault.join("clients/evil.md"),
        "---\ncode: \"C\\e[2J\\e]0;pwned\\a9\"\nname: Evil\nowner: Ann\n---\n",
    )
    .unwrap();
    let human = dossier(&vault)
        .args(["changes", "--since", "2026-11-25"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("new clients"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}[2J"), "{text}");
}

#[test]
fn at_a_date_between_commits_reads_the_vault_as_committed_then() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    // The work tree moves on, uncommitted: `--at` does not see it, nor
    // change it.
    client(
        &vault,
        "C1",
        &[
            ("O1", "won", 150),
            ("O2", "lost", 80),
            ("O5", "contacted", 5),
        ],
        false,
    );
    let before = std::fs::read_to_string(vault.join("clients/C1.md")).unwrap();
    let r = json(
        &vault,
        &["report", "--format", "json", "--at", "2026-10-10"],
    );
    assert_eq!(r["as_of"], "2026-10-10");
    assert_eq!(r["history"]["commits"], 2);
    assert_eq!(r["funnel"]["open_count"], 2);
    assert_eq!(r["funnel"]["open_amount"], 180);
    assert!(!r.to_string().contains("O3") && !r.to_string().contains("O5"));
    assert_eq!(deal(&r, "O1")["stages"][1]["left"], serde_json::Value::Null);
    assert_eq!(
        std::fs::read_to_string(vault.join("clients/C1.md")).unwrap(),
        before
    );
    // Problems name the notes by their place in the vault, not in the
    // folder the commit was written out to.
    let check = json(&vault, &["check", "--at", "2026-10-10", "--format", "json"]);
    assert_eq!(check["files"], 1, "{check}");
    let text = check.to_string();
    assert!(
        text.contains("\"clients/C1.md\"") && !text.contains("dossier-at-"),
        "{text}"
    );
    // Before the first commit there is no vault yet.
    let r = json(
        &vault,
        &["report", "--format", "json", "--at", "2026-08-01"],
    );
    assert_eq!(r["funnel"]["open_count"], 0);
    let site = dir.path().join("site");
    build_site(&vault, &site, &["--at", "2026-10-16"]);
    assert!(site.join("index.html").is_file());
}

#[test]
fn a_new_commit_is_read_on_top_of_the_cache_and_gives_what_a_fresh_read_gives() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let first = report(&vault, &[]);
    assert!(cache_of(&vault).join("history.bin").is_file());
    assert_eq!(status(&vault), "", "the cache is not in the work tree");
    // The cache is not a note.
    let check = json(&vault, &["check", "--format", "json"]);
    assert_eq!(check["files"], 3, "{check}");
    assert_eq!(
        report(&vault, &[])["opportunity_history"],
        first["opportunity_history"]
    );
    client(&vault, "C2", &[("O3", "proposal", 40)], false);
    commit(&vault, "2026-11-25");
    let cached = report(&vault, &[]);
    std::fs::remove_dir_all(cache_of(&vault)).unwrap();
    let fresh = report(&vault, &[]);
    assert_eq!(cached["opportunity_history"], fresh["opportunity_history"]);
    assert_eq!(cached["pipeline_trend"], fresh["pipeline_trend"]);
    assert_eq!(fresh["history"]["commits"], 5);
    assert_eq!(deal(&fresh, "O3")["stages"][1]["entered"], "2026-11-25");
}

#[test]
fn without_git_or_with_history_off_the_rest_still_works_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("plain");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    client(&vault, "C1", &[("O1", "proposal", 100)], false);
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "not_a_repository");
    assert_eq!(r["funnel"]["open_count"], 1);
    let changes = dossier(&vault)
        .args(["changes", "--since", "2026-01-01"])
        .output()
        .unwrap();
    assert_eq!(changes.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&changes.stderr).contains("not in a Git repository"));
    git(&vault, &["init", "-q"], None);
    assert_eq!(report(&vault, &[])["history"]["status"], "no_commits");
    let vault = book(dir.path());
    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n[history]\nenabled = false\n",
    )
    .unwrap();
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "off");
    assert_eq!(r["opportunity_history"], serde_json::json!([]));
}

#[test]
fn a_vault_in_a_subfolder_reads_the_history_of_that_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("crm/clients")).unwrap();
    git(&repo, &["init", "-q"], None);
    std::fs::write(
        repo.join("README.md"),
        "---\ncode: X1\nopportunities:\n  - code: OX\n    stage: won\n---\n",
    )
    .unwrap();
    commit(&repo, "2026-08-01");
    let vault = repo.join("crm");
    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    client(&vault, "C1", &[("O1", "proposal", 100)], false);
    commit(&repo, "2026-09-01");
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "read");
    assert_eq!(deal(&r, "O1")["stages"][0]["entered"], "2026-09-01");
    assert!(!r["opportunity_history"].to_string().contains("OX"));
}

fn page(site: &Path, name: &str) -> String {
    std::fs::read_to_string(site.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The text of `html` without its tags, spaces made one.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_site_shows_what_moved_the_trend_and_each_deals_stages() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let site = dir.path().join("site");
    build_site(&vault, &site, &["--as-of", "2026-11-22"]);
    let changes = words(&page(&site, "changes.html"));
    // The week: since Nov 15, O1 was won; C3 and O4 are private.
    let week = changes
        .split("Quarter to date 2026-09-30")
        .next()
        .unwrap()
        .split("Last 7 days 2026-11-15 → 2026-11-22")
        .nth(1)
        .unwrap_or_else(|| panic!("no week section in {changes}"));
    assert!(
        week.contains("Won 1 Code Name Client Moved by O1 Deal O1 C1 Client C1 Test"),
        "{week}"
    );
    assert!(week.contains("Stage moves 1"), "{week}");
    assert!(
        week.contains("O1 Deal O1 C1 Client C1 Proposal Won Test"),
        "{week}"
    );
    assert!(!week.contains("New clients"), "{week}");
    // The quarter: since Sep 30 (the vault of Sep 1), all of October and
    // November moved.
    let quarter = changes
        .split("Quarter to date 2026-09-30 → 2026-11-22")
        .nth(1)
        .unwrap_or_else(|| panic!("no quarter section in {changes}"));
    for expected in [
        "New clients 1 Code Name Client C2 Client C2",
        "Won 1",
        "Lost 1 Code Name Client Moved by O2 Deal O2",
        "New deals 1 Code Name Client O3 Deal O3",
        "O1 Deal O1 C1 Client C1 Contacted Won",
        "O2 Deal O2 C1 Client C1 Qualified Lost",
        "Amount changes 1",
    ] {
        assert!(quarter.contains(expected), "{expected:?} not in {quarter}");
    }
    for private in ["C3", "O4", "999"] {
        assert!(!changes.contains(private), "{private} shown: {changes}");
    }
    // Nothing of the private client and its deal, past states included,
    // reaches any file of the site.
    let mut folders = vec![site.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            for private in ["Client C3", "Deal O4", "\"O4\"", ">O4<"] {
                assert!(!text.contains(private), "{private} in {}", path.display());
            }
        }
    }
    // The trend is drawn on the dashboard and the pipeline page.
    for name in ["index.html", "pipeline.html"] {
        let html = page(&site, name);
        assert!(
            html.contains("Open pipeline, last 26 weeks") && html.contains("<polyline"),
            "{name} has no trend"
        );
    }
    let pipeline = words(&page(&site, "pipeline.html"));
    // Nov 22: O3 alone is open; Oct 4: O1 (100) and O2 (80); Aug 30:
    // before the first commit.
    for week in ["2026-11-22 1 40", "2026-10-04 2 180", "2026-08-30 0 0"] {
        assert!(pipeline.contains(week), "{week:?} not in {pipeline}");
    }
    // C1's page: each deal opened, moved, won and lost on its timeline.
    let c1 = words(&page(&site, "clients/C1.html"));
    for expected in [
        "2026-11-20 Deal won O1 Deal O1: Proposal → Won",
        "2026-10-15 Deal lost O2 Deal O2: Qualified → Lost",
        "2026-10-01 Stage changed O1 Deal O1: Contacted → Proposal",
        "2026-09-01 Deal opened O1 Deal O1: Contacted",
        "2026-09-01 Deal opened O2 Deal O2: Qualified",
    ] {
        assert!(c1.contains(expected), "{expected:?} not in {c1}");
    }
}

#[test]
fn without_a_history_the_changes_page_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("plain");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    client(&vault, "C1", &[("O1", "proposal", 10)], false);
    let site = dir.path().join("site");
    build_site(&vault, &site, &[]);
    let changes = words(&page(&site, "changes.html"));
    assert!(
        changes.contains("The vault is not inside a Git work tree"),
        "{changes}"
    );
    assert!(!page(&site, "index.html").contains("<polyline"));
}

#[test]
fn the_preview_reads_a_new_commit() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let server = common::Server::start_on_with(&vault, &["--as-of", "2026-11-30"]);
    server.wait_for("/changes.html", |r| {
        r.status == 200 && r.body.contains("4 commits")
    });
    client(&vault, "C2", &[("O3", "won", 40)], false);
    commit(&vault, "2026-11-25");
    let changes = server.wait_for("/changes.html", |r| r.body.contains("5 commits"));
    assert!(changes.body.contains("2026-09-01 – 2026-11-25"));
    let r = server.wait_for("/clients/C2.html", |r| r.body.contains("Deal won"));
    assert!(words(&r.body).contains("2026-11-25 Deal won O3 Deal O3: Contacted → Won"));
}

#[test]
fn the_past_books_of_the_changes_page_are_kept_and_give_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let build = |n: usize| {
        let site = dir.path().join(format!("site-{n}"));
        build_site(&vault, &site, &["--as-of", "2026-11-22"]);
        page(&site, "changes.html")
    };
    let first = build(1);
    assert_eq!(status(&vault), "", "nothing new in the work tree");
    let past = cache_of(&vault).join("past");
    let kept: Vec<_> = std::fs::read_dir(&past).unwrap().flatten().collect();
    assert_eq!(kept.len(), 2, "one per period");
    assert_eq!(build(2), first);
    // A kept file that no longer reads is worked out again.
    for entry in &kept {
        std::fs::write(entry.path(), "{not json").unwrap();
    }
    assert_eq!(build(3), first);
}

#[test]
fn a_shallow_clone_says_so_and_the_rest_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let shallow = dir.path().join("shallow");
    let from = format!("file://{}", vault.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &from, "shallow"],
        None,
    );
    let r = report(&shallow, &[]);
    assert_eq!(r["history"]["status"], "shallow_clone");
    assert_eq!(r["opportunity_history"], serde_json::json!([]));
    assert_eq!(r["funnel"]["open_count"], 1, "O3 is open");
    let site = dir.path().join("site");
    build_site(&shallow, &site, &[]);
    assert!(words(&page(&site, "changes.html")).contains("This is a shallow clone"));
}

#[test]
fn a_save_in_the_preview_gives_the_history_figures_a_fresh_read_gives() {
    use dossier::book::{Book, Options, Update};
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let open = || {
        Book::load_for_preview(Options {
            vault: vault.clone(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            recent_changes: true,
            ..Options::default()
        })
        .unwrap()
    };
    let json = |book: &Book| serde_json::to_string_pretty(book.report()).unwrap();
    let mut book = open();
    // A save that moves no deal keeps the figures; one that wins O3 works
    // them out again.
    for (name, deals) in [("Client C2 renamed", "contacted"), ("Client C2", "won")] {
        let text = std::fs::read_to_string(vault.join("clients/C2.md")).unwrap();
        let edited = text
            .replace("name: Client C2", &format!("name: {name}"))
            .replace("stage: contacted", &format!("stage: {deals}"));
        std::fs::write(vault.join("clients/C2.md"), edited).unwrap();
        book.update(&Update {
            notes: vec!["clients/C2.md".to_owned()],
            ..Update::default()
        });
        let fresh = open();
        assert_eq!(json(&book), json(&fresh), "after {name}");
        assert!(json(&book).contains("\"status\": \"read\""));
    }
    let o3 = &book.report().opportunity_history;
    let o3 = o3.iter().find(|d| d.code == "O3").unwrap();
    assert_eq!(o3.stages.last().unwrap().stage, "won");
}

/// The problems page of the vault's site, built into `dir`.
fn problems(dir: &Path, vault: &Path) -> String {
    let site = dir.join("site-problems");
    build_site(vault, &site, &["--as-of", "2026-12-01"]);
    page(&site, "problems.html")
}

/// `git` with its output, for the ids of objects.
fn git_text(dir: &Path, args: &[&str], input: Option<&str>) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A commit of `tree` on top of `HEAD`, made `HEAD`, with an author line
/// written as given (git itself refuses to write such dates).
fn commit_raw(vault: &Path, tree: &str, author_time: &str) {
    let head = git_text(vault, &["rev-parse", "HEAD"], None);
    let text = format!(
        "tree {tree}\nparent {head}\nauthor A <a@example.com> {author_time}\n\
         committer A <a@example.com> {author_time}\n\nraw\n"
    );
    let args = [
        "hash-object",
        "-t",
        "commit",
        "--literally",
        "-w",
        "--stdin",
    ];
    let id = git_text(vault, &args, Some(&text));
    git_text(vault, &["update-ref", "HEAD", &id], None);
}

/// A commit of the work tree on top of `HEAD` (see [`commit_raw`]).
fn commit_dated_raw(vault: &Path, author_time: &str) {
    git(vault, &["add", "-A"], None);
    let tree = git_text(vault, &["write-tree"], None);
    commit_raw(vault, &tree, author_time);
}

#[test]
fn days_never_go_backwards_along_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    // A commit dated before its parent (a rebase, a wrong clock) moves O1
    // back to proposal; one dated 1900 moves it on again.
    client(
        &vault,
        "C1",
        &[("O1", "proposal", 150), ("O2", "lost", 80)],
        false,
    );
    commit(&vault, "2026-08-01");
    client(
        &vault,
        "C1",
        &[("O1", "won", 150), ("O2", "lost", 80)],
        false,
    );
    commit_dated_raw(&vault, "-2208902400 +0000");
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "read");
    let o1 = deal(&r, "O1");
    let days = o1["days_in_stage"].as_object().unwrap();
    assert!(days.values().all(|d| d.as_i64().unwrap() >= 0), "{o1}");
    let stages = o1["stages"].as_array().unwrap();
    assert_eq!(stages.last().unwrap()["entered"], "2026-11-20", "{o1}");
    for v in r["velocity"].as_array().unwrap() {
        assert!(v["mean_days"].as_f64().unwrap_or(0.0) >= 0.0, "{v}");
    }
}

#[test]
fn a_commit_with_a_date_that_does_not_read_leaves_the_rest_of_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    commit_dated_raw(&vault, "99999999999999999999 +9999");
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "partial", "{}", r["history"]);
    assert_eq!(r["history"]["commits"], 5);
    assert_eq!(r["history"]["last_commit"], "2026-11-20");
    assert!(problems(dir.path(), &vault).contains("W-history-partial"));
}

#[test]
fn a_missing_or_oversized_past_version_is_named_not_silently_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    // The version of C2 committed on Oct 15 goes missing from the store.
    let blob = git_text(&vault, &["rev-parse", "HEAD~1:clients/C2.md"], None);
    let object = vault.join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    std::fs::remove_file(&object).unwrap();
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "partial", "{}", r["history"]);
    let text = problems(dir.path(), &vault);
    assert!(
        text.contains("W-history-partial") && text.contains("clients/C2.md"),
        "{text}"
    );
    // A past version larger than `max_file_bytes` is not read.
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let big = format!(
        "---\ncode: C9\nname: Big\nowner: Ann\n---\n{}\n",
        "x".repeat(50_000)
    );
    std::fs::write(vault.join("clients/C9.md"), &big).unwrap();
    commit(&vault, "2026-11-21");
    std::fs::write(
        vault.join("clients/C9.md"),
        "---\ncode: C9\nname: Big\nowner: Ann\n---\n",
    )
    .unwrap();
    commit(&vault, "2026-11-22");
    let toml = std::fs::read_to_string(vault.join("dossier.toml")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        format!("max_file_bytes = 10000\n{toml}"),
    )
    .unwrap();
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "partial", "{}", r["history"]);
    assert!(problems(dir.path(), &vault).contains("max_file_bytes"));
}

#[test]
fn a_garbage_head_is_unreadable_not_a_repository_without_commits() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    std::fs::write(vault.join(".git/HEAD"), "garbage\n").unwrap();
    assert_eq!(report(&vault, &[])["history"]["status"], "unreadable");
    std::fs::write(vault.join(".git/HEAD"), "ref: refs/heads/a\n").unwrap();
    std::fs::write(vault.join(".git/refs/heads/a"), "ref: refs/heads/b\n").unwrap();
    std::fs::write(vault.join(".git/refs/heads/b"), "ref: refs/heads/a\n").unwrap();
    assert_eq!(report(&vault, &[])["history"]["status"], "unreadable");
}

#[test]
fn a_note_private_now_is_withheld_from_every_past_book() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    // C1 goes private in the work tree, uncommitted: every past book
    // withholds it, its page, its deals and its amounts.
    let c1 = std::fs::read_to_string(vault.join("clients/C1.md")).unwrap();
    std::fs::write(
        vault.join("clients/C1.md"),
        c1.replacen("owner: Ann\n", "owner: Ann\nprivate: true\n", 1),
    )
    .unwrap();
    let r = report(&vault, &["--at", "2026-10-16"]);
    let text = r.to_string();
    assert!(!text.contains("\"C1\"") && !text.contains("O1"), "{text}");
    let site = dir.path().join("site-at");
    build_site(&vault, &site, &["--at", "2026-10-16"]);
    assert!(!site.join("clients/C1.html").exists());
    let changes = json(
        &vault,
        &["changes", "--since", "2026-09-02", "--format", "json"],
    );
    assert!(!changes.to_string().contains("O1"), "{changes}");
}

#[test]
fn a_note_made_private_and_recoded_in_one_commit_leaks_neither_code() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let before = report(&vault, &[]);
    assert!(before["pipeline_trend"].to_string().contains("190"));
    // C2 (with O3, 40) becomes private and takes new codes in one commit.
    client(&vault, "C20", &[("O30", "contacted", 40)], true);
    std::fs::rename(vault.join("clients/C20.md"), vault.join("clients/C2.md")).unwrap();
    commit(&vault, "2026-11-25");
    let r = report(&vault, &[]);
    let text = r.to_string();
    for code in ["\"C2\"", "O3", "C20", "O30"] {
        assert!(!text.contains(code), "{code} in {text}");
    }
    // O3's 40 is gone from every week of the trend, past weeks included:
    // 2026-10-20 had O1 150 and O3 40 open.
    let trend = r["pipeline_trend"].as_array().unwrap();
    let week = trend
        .iter()
        .find(|p| p["week_end"] == "2026-10-20")
        .unwrap();
    assert_eq!(week["open_amount"], 150, "{week}");
    let changes = json(
        &vault,
        &["changes", "--since", "2026-10-20", "--format", "json"],
    );
    let text = changes.to_string();
    assert!(!text.contains("\"C2\"") && !text.contains("O3"), "{text}");
}

#[test]
fn past_problems_are_named_as_committed_and_never_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let toml = std::fs::read_to_string(vault.join("dossier.toml")).unwrap();
    std::fs::write(vault.join("dossier.toml"), "title = [\n").unwrap();
    commit(&vault, "2026-11-21");
    std::fs::write(vault.join("dossier.toml"), &toml).unwrap();
    commit(&vault, "2026-11-25");
    // A past config that does not parse is named as committed, never by
    // the temporary folder it was read from.
    let out = dossier(&vault)
        .args(["report", "--format", "json", "--at", "2026-11-22"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("as committed in") && !err.contains("dossier-at-"),
        "{err}"
    );
    // The changes page says which period it had to leave out.
    let site = dir.path().join("site");
    build_site(&vault, &site, &["--as-of", "2026-11-29"]);
    let problems = page(&site, "problems.html");
    assert!(problems.contains("W-history-partial"), "{problems}");
    // Before the first commit, and a `--since` after the as-of day.
    let out = dossier(&vault)
        .args(["build", "--at", "2026-08-01", "-o"])
        .arg(dir.path().join("site-early"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no commit is as old as 2026-08-01") && !err.contains("init"),
        "{err}"
    );
    let out = dossier(&vault)
        .args(["changes", "--since", "9999-12-31"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("after the day"));
}

/// A tree object made with `git mktree` from `entries` (`mode type id\tname`).
fn mktree(vault: &Path, entries: &[String]) -> String {
    let mut text = entries.join("\n");
    text.push('\n');
    git_text(vault, &["mktree"], Some(&text))
}

#[test]
fn a_hostile_tree_ends_the_read_instead_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let note = git_text(&vault, &["hash-object", "-w", "--stdin"], Some("# n\n"));
    // A "git bomb": ten entries naming one tree, nested nine times over,
    // is 10^9 notes.
    let mut tree = mktree(&vault, &[format!("100644 blob {note}\tn.md")]);
    for _ in 0..9 {
        let entries: Vec<String> = (0..10)
            .map(|i| format!("040000 tree {tree}\t{i}"))
            .collect();
        tree = mktree(&vault, &entries);
    }
    commit_raw(&vault, &tree, "1795000000 +0000");
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "unreadable", "{}", r["history"]);
    // A chain of folders 300 deep.
    let dir = tempfile::tempdir().unwrap();
    let vault = book(dir.path());
    let note = git_text(&vault, &["hash-object", "-w", "--stdin"], Some("# n\n"));
    let mut tree = mktree(&vault, &[format!("100644 blob {note}\tn.md")]);
    for _ in 0..300 {
        tree = mktree(&vault, &[format!("040000 tree {tree}\td")]);
    }
    commit_raw(&vault, &tree, "1795000000 +0000");
    let r = report(&vault, &[]);
    assert_eq!(r["history"]["status"], "unreadable", "{}", r["history"]);
    // The book of today is read all the same.
    assert_eq!(r["funnel"]["open_count"], 1, "{}", r["funnel"]);
}

/// Commits everything as `author` on `day`, late in the evening east of
/// UTC (the author's own day counts).
fn commit_as(vault: &Path, day: &str, author: &str) {
    common::commit_as(vault, &format!("{day}T23:30:00+08:00"), author);
}

/// One client with one deal, in `stage`, expected to close on `close`.
fn one_deal(vault: &Path, stage: &str, close: Option<&str>) {
    let mut text = format!(
        "---\ncode: C1\nname: Client C1\nowner: Ann\nopportunities:\n  - code: O1\n    stage: {stage}\n    amount: 100\n"
    );
    if let Some(close) = close {
        text.push_str(&format!("    expected_close: {close}\n"));
    }
    text.push_str("---\n");
    std::fs::write(vault.join("clients/C1.md"), text).unwrap();
}

/// Who moved a deal, and how its close date moved, worked out by hand:
/// Sep 1 (Ann) contacted, to close Sep 30; Oct 1 (Bob) proposal, Oct 31;
/// Oct 10 (Ann) the date taken away; Oct 15 (Ann) Dec 15; Nov 1 (Bob)
/// Nov 30; Nov 20 (Cy) negotiation. Three changes of the date (setting
/// it again after it was taken away moves it from Oct 31), two of them
/// later: two slips. Names, never e-mails; none at all with `[history]
/// authors = false`.
#[test]
fn deal_history_names_who_moved_it_and_how_its_close_date_slipped() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    git(&vault, &["init", "-q"], None);
    for (day, author, stage, close) in [
        ("2026-09-01", "Ann", "contacted", Some("2026-09-30")),
        ("2026-10-01", "Bob", "proposal", Some("2026-10-31")),
        ("2026-10-10", "Ann", "proposal", None),
        ("2026-10-15", "Ann", "proposal", Some("2026-12-15")),
        ("2026-11-01", "Bob", "proposal", Some("2026-11-30")),
        ("2026-11-20", "Cy", "negotiation", Some("2026-11-30")),
    ] {
        one_deal(&vault, stage, close);
        commit_as(&vault, day, author);
    }
    let r = report(&vault, &[]);
    let o1 = deal(&r, "O1");
    let stages: Vec<(&str, &str, &str, Option<&str>)> = o1["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap(),
                s["entered"].as_str().unwrap(),
                s["author"].as_str().unwrap(),
                s["left"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            ("contacted", "2026-09-01", "Ann", Some("2026-10-01")),
            ("proposal", "2026-10-01", "Bob", Some("2026-11-20")),
            ("negotiation", "2026-11-20", "Cy", None),
        ]
    );
    assert_eq!(
        o1["close_dates"],
        serde_json::json!([
            {"date": "2026-10-01", "from": "2026-09-30", "to": "2026-10-31", "author": "Bob"},
            {"date": "2026-10-15", "from": "2026-10-31", "to": "2026-12-15", "author": "Ann"},
            {"date": "2026-11-01", "from": "2026-12-15", "to": "2026-11-30", "author": "Bob"},
        ])
    );
    assert_eq!(o1["slips"], 2);
    let text = r.to_string();
    assert!(!text.contains("never-shown") && !text.contains("Committer"));

    std::fs::write(
        vault.join("dossier.toml"),
        "[folders]\nclients = \"client\"\n[history]\nauthors = false\n",
    )
    .unwrap();
    let r = report(&vault, &[]);
    let o1 = deal(&r, "O1");
    assert!(
        o1["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["author"].is_null())
    );
    assert!(
        o1["close_dates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["author"].is_null())
    );
    assert_eq!(o1["slips"], 2);
    let text = r.to_string();
    // Ann owns the client; Bob and Cy only moved the deal.
    assert!(!text.contains("Bob") && !text.contains("\"Cy\""), "{text}");
}

/// Rotting by stage and next steps, worked out by hand as of 2026-12-01.
/// `proposal` rots after 20 days in it; other stages after 30 days
/// without a follow-up (`stale_after_days`).
/// - O1 (C1) entered `proposal` on Nov 1 (Bob's commit): 30 days > 20,
///   rotting although followed up 3 days ago; no next step.
/// - O2 (C1) in `negotiation` since Oct 1, followed up Nov 25 (6 days):
///   not rotting; its next step of Nov 20 was taken by the meeting of
///   Nov 22.
/// - O3 (C2) `contacted`, never followed up: rotting; its next step of
///   Nov 25 is 6 days overdue (C2 has no interaction).
///
/// Stale: O3 (no day to count from) then O1; at risk 300 + 100.
/// Without the history, O1 counts from its follow-up and does not rot.
#[test]
fn deals_rot_by_their_stage_and_next_steps_are_taken_by_interactions() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::create_dir_all(vault.join("meetings")).unwrap();
    let stages = "[[stages]]\nkey = \"contacted\"\nprobability = 10\n[[stages]]\nkey = \"proposal\"\nprobability = 50\nrot_days = 20\n[[stages]]\nkey = \"negotiation\"\nprobability = 75\n[[stages]]\nkey = \"won\"\noutcome = \"won\"\nprobability = 100\n[[stages]]\nkey = \"lost\"\noutcome = \"lost\"\n";
    let config = format!("[folders]\nclients = \"client\"\nmeetings = \"interaction\"\n{stages}");
    std::fs::write(vault.join("dossier.toml"), &config).unwrap();
    git(&vault, &["init", "-q"], None);
    let c1 = |o1_stage: &str| {
        format!(
            "---\ncode: C1\nname: One\nowner: Ann\nlast_contact: 2026-11-22\nopportunities:\n  - code: O1\n    stage: {o1_stage}\n    amount: 300\n    last_follow_up: 2026-11-28\n  - code: O2\n    stage: negotiation\n    amount: 500\n    last_follow_up: 2026-11-25\n    next_step: Call\n    next_step_date: 2026-11-20\n---\n"
        )
    };
    std::fs::write(vault.join("clients/C1.md"), c1("contacted")).unwrap();
    commit_as(&vault, "2026-10-01", "Ann");
    std::fs::write(vault.join("clients/C1.md"), c1("proposal")).unwrap();
    std::fs::write(
        vault.join("clients/C2.md"),
        "---\ncode: C2\nname: Two\nowner: Bob\nlast_contact: 2026-11-28\nopportunities:\n  - code: O3\n    stage: contacted\n    amount: 100\n    next_step: Send quote\n    next_step_date: 2026-11-25\n---\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("meetings/2026-11-22 One.md"),
        "---\nclient: C1\n---\n# Call with One\n",
    )
    .unwrap();
    commit_as(&vault, "2026-11-01", "Bob");
    let r = report(&vault, &[]);
    let rows: Vec<serde_json::Value> = r["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            serde_json::json!([
                d["code"],
                d["stage"],
                d["stage_entered"],
                d["days_in_stage"],
                d["days_since_follow_up"],
                d["rot_days"],
                d["idle_since"],
                d["idle_days"],
                d["rotting"],
                d["next_step"],
                d["next_step_date"],
                d["next_step_overdue_days"]
            ])
        })
        .collect();
    assert_eq!(
        rows,
        [
            serde_json::json!([
                "O1",
                "proposal",
                "2026-11-01",
                30,
                3,
                20,
                "stage_entered",
                30,
                true,
                null,
                null,
                null
            ]),
            serde_json::json!([
                "O2",
                "negotiation",
                "2026-10-01",
                61,
                6,
                30,
                "last_follow_up",
                6,
                false,
                "Call",
                "2026-11-20",
                null
            ]),
            serde_json::json!([
                "O3",
                "contacted",
                "2026-11-01",
                30,
                null,
                30,
                null,
                null,
                true,
                "Send quote",
                "2026-11-25",
                6
            ]),
        ]
    );
    let stale: Vec<&str> = r["stale_opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["O3", "O1"]);
    assert_eq!(r["amount_at_risk"], 400);
    let check = json(
        &vault,
        &["check", "--format", "json", "--as-of", "2026-12-01"],
    );
    let next: Vec<(String, String)> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("W-next-step"))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        next,
        [
            ("W-next-step-missing".to_owned(), "clients/C1.md".to_owned()),
            ("W-next-step-overdue".to_owned(), "clients/C2.md".to_owned()),
        ]
    );

    std::fs::write(
        vault.join("dossier.toml"),
        format!("{config}[history]\nenabled = false\n"),
    )
    .unwrap();
    let r = report(&vault, &[]);
    let o1 = &r["opportunities"][0];
    assert_eq!(o1["days_in_stage"], serde_json::Value::Null);
    assert_eq!(o1["rotting"], false, "3 days since its follow-up");
    assert_eq!(r["amount_at_risk"], 100);
}

/// Writes client `code` (owned by `owner`) with its deals: (code, stage,
/// amount, expected close).
fn client_with_deals(vault: &Path, code: &str, owner: &str, deals: &[(&str, &str, u32, &str)]) {
    let mut text = format!(
        "---\ntype: client\ncode: {code}\nname: Client {code}\nowner: {owner}\nopportunities:\n"
    );
    for (deal, stage, amount, close) in deals {
        text.push_str(&format!(
            "  - code: {deal}\n    stage: {stage}\n    amount: {amount}\n    expected_close: {close}\n"
        ));
    }
    text.push_str("---\n");
    std::fs::write(vault.join(format!("clients/{code}.md")), text).unwrap();
}

/// Forecast accuracy and stage conversion from a book whose past is set
/// by hand (as of 2026-12-01: the months 2026-06 to 2026-11).
///
/// - 09-20 Ann: C1 (Ann) O1 proposal 100 to close 10-15, O2 negotiation
///   200 to close 10-20; C2 (Bob) O3 proposal 400 to close 11-10.
/// - 10-12 Ann: O1 won at 120. 10-25 Bob: O2 slips to 11-20.
/// - 11-05 Bob: O4 added already won, 50. 11-15 Bob: O3 lost.
/// - 11-28 Ann: O2 won at 200.
///
/// October's forecast (the book on 09-30): O1 100 × 50% and O2 200 × 75%:
/// 2 deals, 300, weighted 200; won O1 at 120, from the forecast; accuracy
/// 120 / 200 = 0.6. November's (the book on 10-31): O2 200 × 75% and O3
/// 400 × 50%: 2, 600, weighted 350; won O4 50 (added won) and O2 200, O2
/// from the forecast; accuracy 250 / 350. Per owner: Ann October as the
/// total, November O2 alone (150 weighted, 200 won: 4/3); Bob November O3
/// (200 weighted), O4 won (50): 0.25.
///
/// Stages: proposal held O1 and O3 (one won, one lost: 0.5; stays 22 and
/// 56 days, median 39); negotiation O2 (won; 69 days); won O1, O4, O2;
/// lost O3; contacted and qualified none.
#[test]
fn forecast_accuracy_and_stage_conversion_are_learned_from_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    git(&vault, &["init", "-q"], None);
    let c1 = |o1: (&str, u32), o2: (&str, &str)| {
        client_with_deals(
            &vault,
            "C1",
            "Ann",
            &[("O1", o1.0, o1.1, "2026-10-15"), ("O2", o2.0, 200, o2.1)],
        )
    };
    c1(("proposal", 100), ("negotiation", "2026-10-20"));
    client_with_deals(
        &vault,
        "C2",
        "Bob",
        &[("O3", "proposal", 400, "2026-11-10")],
    );
    commit_as(&vault, "2026-09-20", "Ann");
    c1(("won", 120), ("negotiation", "2026-10-20"));
    commit_as(&vault, "2026-10-12", "Ann");
    c1(("won", 120), ("negotiation", "2026-11-20"));
    commit_as(&vault, "2026-10-25", "Bob");
    client_with_deals(
        &vault,
        "C2",
        "Bob",
        &[
            ("O3", "proposal", 400, "2026-11-10"),
            ("O4", "won", 50, "2026-11-05"),
        ],
    );
    commit_as(&vault, "2026-11-05", "Bob");
    client_with_deals(
        &vault,
        "C2",
        "Bob",
        &[
            ("O3", "lost", 400, "2026-11-10"),
            ("O4", "won", 50, "2026-11-05"),
        ],
    );
    commit_as(&vault, "2026-11-15", "Bob");
    c1(("won", 120), ("won", "2026-11-20"));
    commit_as(&vault, "2026-11-28", "Ann");

    let r = report(&vault, &[]);
    let empty = |month: &str| {
        serde_json::json!({"month": month, "forecast_count": 0, "forecast_amount": 0, "forecast_weighted": 0,
            "won_count": 0, "won_amount": 0, "won_from_forecast_count": 0, "won_from_forecast_amount": 0,
            "accuracy": null})
    };
    let row = |month: &str,
               fc: u32,
               fa: u32,
               fw: u32,
               wc: u32,
               wa: u32,
               ffc: u32,
               ffa: u32,
               acc: f64| {
        serde_json::json!({"month": month, "forecast_count": fc, "forecast_amount": fa, "forecast_weighted": fw,
            "won_count": wc, "won_amount": wa, "won_from_forecast_count": ffc, "won_from_forecast_amount": ffa,
            "accuracy": acc})
    };
    let quiet: Vec<serde_json::Value> = ["2026-06", "2026-07", "2026-08", "2026-09"]
        .iter()
        .map(|m| empty(m))
        .collect();
    let with = |oct: serde_json::Value, nov: serde_json::Value| {
        let mut rows = quiet.clone();
        rows.push(oct);
        rows.push(nov);
        serde_json::Value::Array(rows)
    };
    assert_eq!(
        r["forecast_accuracy"],
        with(
            row("2026-10", 2, 300, 200, 1, 120, 1, 120, 0.6),
            row("2026-11", 2, 600, 350, 2, 250, 1, 200, 250.0 / 350.0),
        )
    );
    assert_eq!(
        r["forecast_accuracy_by_owner"]["Ann"],
        with(
            row("2026-10", 2, 300, 200, 1, 120, 1, 120, 0.6),
            row("2026-11", 1, 200, 150, 1, 200, 1, 200, 200.0 / 150.0),
        )
    );
    assert_eq!(
        r["forecast_accuracy_by_owner"]["Bob"],
        with(
            empty("2026-10"),
            row("2026-11", 1, 400, 200, 1, 50, 0, 0, 0.25)
        )
    );
    let conversion: Vec<(
        String,
        u64,
        u64,
        u64,
        u64,
        serde_json::Value,
        serde_json::Value,
    )> = r["stage_conversion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_owned(),
                s["deals"].as_u64().unwrap(),
                s["won"].as_u64().unwrap(),
                s["lost"].as_u64().unwrap(),
                s["open"].as_u64().unwrap(),
                s["win_rate"].clone(),
                s["median_days"].clone(),
            )
        })
        .collect();
    let j = |v: f64| serde_json::json!(v);
    let null = serde_json::Value::Null;
    assert_eq!(
        conversion,
        [
            (
                "contacted".to_owned(),
                0,
                0,
                0,
                0,
                null.clone(),
                null.clone()
            ),
            (
                "qualified".to_owned(),
                0,
                0,
                0,
                0,
                null.clone(),
                null.clone()
            ),
            ("proposal".to_owned(), 2, 1, 1, 0, j(0.5), j(39.0)),
            ("negotiation".to_owned(), 1, 1, 0, 0, j(1.0), j(69.0)),
            ("won".to_owned(), 3, 3, 0, 0, j(1.0), null.clone()),
            ("lost".to_owned(), 1, 0, 1, 0, j(0.0), null.clone()),
        ]
    );
    assert_eq!(r["stage_conversion"][2]["configured_probability"], 50);

    // Who moved what in November: O3 lost by Bob, O4 added won by Bob, O2
    // won by Ann.
    let changes = json(
        &vault,
        &[
            "changes",
            "--since",
            "2026-11-01",
            "--format",
            "json",
            "--as-of",
            "2026-12-01",
        ],
    );
    assert_eq!(
        changes["authors"],
        serde_json::json!({"O2": "Ann", "O3": "Bob", "O4": "Bob"})
    );
    let moves: Vec<(&str, &str, &str, &str)> = changes["stage_moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["code"].as_str().unwrap(),
                m["from"].as_str().unwrap(),
                m["to"].as_str().unwrap(),
                m["author"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("O2", "negotiation", "won", "Ann"),
            ("O3", "proposal", "lost", "Bob")
        ]
    );
    let text = dossier(&vault)
        .args(["changes", "--since", "2026-11-01", "--as-of", "2026-12-01"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("O2: negotiation → won (Ann)"), "{text}");
    assert!(text.contains("lost (1): O3 (Bob)"), "{text}");

    // The site carries the same figures as versioned JSON, as its schema
    // describes them, and an llms.txt naming its pages and data.
    let site = dir.path().join("site");
    build_site(&vault, &site, &["--as-of", "2026-12-01"]);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/report.json")).unwrap())
            .unwrap();
    assert_eq!(data, r);
    assert_eq!(data["schema"], 1);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let errors = common::schema_errors(&schema, &data, "report");
    assert!(errors.is_empty(), "{errors:#?}");
    // A report that breaks the schema is told.
    let mut broken = data.clone();
    broken["forecast_accuracy"][0]["accuracy"] = serde_json::json!("high");
    broken.as_object_mut().unwrap().remove("stage_conversion");
    assert_eq!(common::schema_errors(&schema, &broken, "report").len(), 2);
    let llms = std::fs::read_to_string(site.join("llms.txt")).unwrap();
    for line in [
        "- [data/report.json](data/report.json): ",
        "](pipeline.html): ",
        "- [C1 Client C1](clients/C1.html): ",
        "](deals/O2.html)",
        "- [Ann](owners/Ann.html)",
    ] {
        assert!(llms.contains(line), "{line} in\n{llms}");
    }
    for link in regex::Regex::new(r"\]\(([^)]+)\)")
        .unwrap()
        .captures_iter(&llms)
    {
        let path = percent_encoding::percent_decode_str(&link[1])
            .decode_utf8()
            .unwrap();
        assert!(
            site.join(&*path).is_file(),
            "{path} is in llms.txt but not in the site"
        );
    }
}

/// The weekly digest of a book whose past is set by hand, as of
/// 2026-12-01 (the week: after 2026-11-24).
///
/// - 11-01 Ann: C1 (Ann, last contact 10-27, so its 30-day follow-up falls
///   due 11-26) with O1 proposal 100 to close 12-10, next step "Call the
///   CFO" on 12-03; O2 negotiation 300; O3 qualified 50, last followed up
///   09-01 (rotting: 91 days > 30).
/// - 11-25 Bob: O1's close moves to 12-20 (a slip); O4 is new.
/// - 11-27 Cy: O2 won. 11-30 Bob: O1 to negotiation.
///
/// The digest: won O2 (by Cy); new O4; moves O1 proposal → negotiation
/// (Bob) and O2 negotiation → won (Cy); the slip 12-10 → 12-20 on 11-25
/// (Bob); C1 newly overdue by 5 days; O3 rotting; O1's next step on 12-03.
#[test]
fn the_weekly_digest_says_what_moved_in_markdown_html_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    git(&vault, &["init", "-q"], None);
    let write = |o1_stage: &str, o1_close: &str, o2_stage: &str, o4: bool| {
        let mut text = format!(
            "---\ntype: client\ncode: C1\nname: Client C1\nowner: Ann\nlast_contact: 2026-10-27\nopportunities:\n\
             \x20 - code: O1\n    name: Renewal <b>*A*</b>\n    stage: {o1_stage}\n    amount: 100\n    expected_close: {o1_close}\n    last_follow_up: 2026-11-20\n    next_step: Call the CFO\n    next_step_date: 2026-12-03\n\
             \x20 - code: O2\n    stage: {o2_stage}\n    amount: 300\n    expected_close: 2026-12-05\n    last_follow_up: 2026-11-20\n    next_step: Sign\n\
             \x20 - code: O3\n    stage: qualified\n    amount: 50\n    expected_close: 2027-01-15\n    last_follow_up: 2026-09-01\n    next_step: Wait\n"
        );
        if o4 {
            text.push_str("  - code: O4\n    stage: contacted\n    amount: 20\n    last_follow_up: 2026-11-25\n    next_step: Meet\n");
        }
        text.push_str("---\n");
        std::fs::write(vault.join("clients/C1.md"), text).unwrap();
    };
    write("proposal", "2026-12-10", "negotiation", false);
    commit_as(&vault, "2026-11-01", "Ann");
    write("proposal", "2026-12-20", "negotiation", true);
    commit_as(&vault, "2026-11-25", "Bob");
    write("proposal", "2026-12-20", "won", true);
    commit_as(&vault, "2026-11-27", "Cy");
    write("negotiation", "2026-12-20", "won", true);
    commit_as(&vault, "2026-11-30", "Bob");

    let digest = json(
        &vault,
        &["digest", "--format", "json", "--as-of", "2026-12-01"],
    );
    assert_eq!(digest["since"], "2026-11-24");
    let codes = |key: &str| -> Vec<String> {
        digest[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes("won"), ["O2"]);
    assert_eq!(digest["won"][0]["author"], "Cy");
    assert_eq!(digest["won"][0]["amount"], 300);
    assert_eq!(codes("lost"), Vec::<String>::new());
    assert_eq!(codes("new_deals"), ["O4"]);
    assert_eq!(
        digest["stage_moves"],
        serde_json::json!([
            {"code": "O1", "name": "Renewal <b>*A*</b>", "from": "proposal", "to": "negotiation", "author": "Bob"},
            {"code": "O2", "name": null, "from": "negotiation", "to": "won", "author": "Cy"},
        ])
    );
    assert_eq!(
        digest["slips"],
        serde_json::json!([{"code": "O1", "name": "Renewal <b>*A*</b>", "date": "2026-11-25",
            "from": "2026-12-10", "to": "2026-12-20", "author": "Bob"}])
    );
    assert_eq!(
        digest["newly_overdue"],
        serde_json::json!([{"code": "C1", "name": "Client C1", "owner": "Ann", "due": "2026-11-26", "overdue_days": 5}])
    );
    assert_eq!(codes("rotting"), ["O3"]);
    assert_eq!(
        digest["next_steps_due"],
        serde_json::json!([{"code": "O1", "name": "Renewal <b>*A*</b>", "owner": "Ann",
            "next_step": "Call the CFO", "date": "2026-12-03"}])
    );

    let text = |format: &str| {
        let out = dossier(&vault)
            .args(["digest", "--format", format, "--as-of", "2026-12-01"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let md = text("markdown");
    assert!(
        md.starts_with("# Weekly digest · 2026-11-24 → 2026-12-01\n"),
        "{md}"
    );
    for line in [
        "## Won (1)\n\n- **O2** C1 · 300 · Ann · Moved by Cy\n",
        "- **O1** Renewal \\<b\\>\\*A\\*\\</b\\> · Proposal → Negotiation · Moved by Bob\n",
        "## Close dates moved later (1)\n\n- **O1** Renewal \\<b\\>\\*A\\*\\</b\\> · 2026-12-10 → 2026-12-20 · 2026-11-25 · Moved by Bob\n",
        "## Follow-ups newly overdue (1)\n\n- **C1** Client C1 · due 2026-11-26 · 5 days overdue · Ann\n",
        "## Next steps due this week (1)\n\n- **O1** 2026-12-03 · Renewal \\<b\\>\\*A\\*\\</b\\> · Call the CFO · Ann\n",
    ] {
        assert!(md.contains(line), "{line:?} in\n{md}");
    }
    let html = text("html");
    assert!(html.contains("Renewal &lt;b&gt;*A*&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("<style"));
    assert!(html.contains("<h2 style=\""), "{html}");
    // The site's changes page shows the same digest.
    let site = dir.path().join("site");
    build_site(&vault, &site, &["--as-of", "2026-12-01"]);
    let page = std::fs::read_to_string(site.join("changes.html")).unwrap();
    assert!(page.contains("<section id=\"digest\">"), "{page}");
    assert!(
        page.contains("<span class=\"code\">O1</span> Renewal &lt;b&gt;*A*&lt;/b&gt; · 2026-12-10 → 2026-12-20 · 2026-11-25 · Moved by Bob"),
        "{page}"
    );
}
