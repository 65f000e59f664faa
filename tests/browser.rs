//! The site in a real browser: headless Chromium driven over WebDriver
//! (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs).
//! The preview: the dashboard is opened once, the vault is changed on disk,
//! and the open page must follow by itself. The built site, opened from
//! `file://`: search, sorting and filtering, no page wider than a phone,
//! and axe-core's accessibility rules (its script is installed by
//! `.ci/run` with npm). Under `CI=true` a missing browser or tool fails the
//! test.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Server;
use fantoccini::{Client, ClientBuilder, Locator};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The Debian packages of the browser and its driver that are missing.
fn missing_packages() -> Vec<&'static str> {
    [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")]
        .into_iter()
        .filter(|(path, _)| !Path::new(path).exists())
        .map(|(_, package)| package)
        .collect()
}

/// Starts chromedriver, or says why not: `None` skips the test, except
/// under `CI=true`, where it fails. The skip is written straight to the
/// terminal (the test harness captures only `print!` and `eprint!`), so
/// it shows in the output of `cargo test` even though the test passes.
fn driver() -> Option<(Driver, u16)> {
    let missing = missing_packages();
    if !missing.is_empty() {
        common::missing_tool(
            "browser test",
            &format!("{} not installed", missing.join(" and ")),
            &format!("apt-get install -y {}", missing.join(" ")),
        );
        return None;
    }
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((Driver(child), port))
}

async fn browser(port: u16, profile: &Path) -> Client {
    browser_with(port, profile, &[]).await
}

/// A browser with more command-line switches (a window size, a colour
/// scheme).
async fn browser_with(port: u16, profile: &Path, extra: &[&str]) -> Client {
    browser_as(port, profile, extra, None).await
}

/// A browser that shows pages as a phone `width` CSS pixels wide does, when
/// given (a desktop window cannot be made that narrow).
async fn browser_as(port: u16, profile: &Path, extra: &[&str], width: Option<u32>) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--allow-file-access-from-files".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({ "binary": CHROMIUM, "args": args });
    if let Some(width) = width {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 3.0, "touch": true }
        });
    }
    caps.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session")
}

/// The single-threaded runtime the WebDriver client runs on.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Waits until the script `js` (returning a boolean) is true in the page.
async fn wait_until(client: &Client, what: &str, js: &str) {
    let start = Instant::now();
    loop {
        let value = client.execute(js, vec![]).await.unwrap_or_default();
        if value.as_bool() == Some(true) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn the_open_dashboard_follows_edits_and_shows_then_clears_the_overlay() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let server = Server::start();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        let url = format!("http://127.0.0.1:{}/", server.port);
        client.goto(&url).await.unwrap();
        client.find(Locator::Css("h1")).await.unwrap();
        wait_until(&client, "the dashboard", "return document.body.innerText.includes('东义集团')").await;
        // Wait for the live-reload stream to be open before changing files.
        wait_until(&client, "the live-reload stream", "return document.documentElement.hasAttribute('data-dossier-live')").await;

        // Edit a client's name on disk: the open page shows it.
        let east = server.vault.join("clients/东义集团.md");
        let good = std::fs::read_to_string(&east).unwrap();
        std::fs::write(&east, good.replace("name: 东义集团", "name: 东义能源控股")).unwrap();
        wait_until(&client, "the new name", "return document.body.innerText.includes('东义能源控股')").await;
        assert_eq!(client.current_url().await.unwrap().as_str(), url, "no navigation away");

        // Break the YAML: the overlay appears, naming the file.
        let broken = good.replace("type: client", "type: client\n  oops: [");
        std::fs::write(&east, &broken).unwrap();
        wait_until(&client, "the overlay", "return !!document.getElementById('dossier-overlay')").await;
        let overlay = client
            .find(Locator::Id("dossier-overlay"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(overlay.contains("clients/东义集团.md:3:"), "{overlay}");

        // Fix it: the overlay goes.
        std::fs::write(&east, &good).unwrap();
        wait_until(&client, "the overlay to go", "return !document.getElementById('dossier-overlay') && document.body.innerText.includes('东义集团')").await;
        client.close().await.unwrap();
    });
}

/// The example vault built into a temporary folder; the folder and the
/// site in it.
fn built_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(common::example())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (dir, site)
}

fn file_url(path: &Path) -> String {
    let parts: Vec<String> = path
        .to_string_lossy()
        .split('/')
        .map(|part| {
            percent_encoding::utf8_percent_encode(part, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        })
        .collect();
    format!("file://{}", parts.join("/"))
}

/// Every HTML page of a built site.
fn pages_of(site: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Types `query` into the search box the way a reader does (`/` first),
/// and returns the titles of the results.
async fn search(client: &Client, query: &str) -> Vec<String> {
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("/").await.unwrap();
    let input = client.find(Locator::Css("#search input")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    wait_until(
        client,
        "search results",
        "const box = document.querySelector('#search'); return box.getAttribute('data-done') === box.querySelector('input').value && !box.querySelector('.search-results').hidden",
    )
    .await;
    let titles = client
        .execute(
            "return Array.from(document.querySelectorAll('.search-results .search-title')).map(e => e.textContent)",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(titles).unwrap()
}

/// The chunks of the search index the page has loaded, in the order they
/// came.
async fn loaded_chunks(client: &Client) -> Vec<String> {
    serde_json::from_value(
        client
            .execute("return window.__dossierSearchLoaded", vec![])
            .await
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn search_finds_chinese_by_substring_and_words_by_prefix_from_disk() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let (_dir, site) = built_example();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        // From a page two folders down, so the index is found relative to it.
        client
            .goto(&file_url(&site.join("projects/P001/workbench.html")))
            .await
            .unwrap();
        wait_until(&client, "the search box", "return !document.getElementById('search').hidden").await;
        let found = search(&client, "义集").await;
        assert!(found.iter().any(|t| t == "东义集团"), "{found:?}");
        let found = search(&client, "煤化").await;
        assert!(found.iter().any(|t| t.contains("煤化工")), "{found:?}");
        // Latin words by prefix, case ignored: the code C001.
        let found = search(&client, "c00").await;
        assert!(found.iter().any(|t| t == "东义集团"), "{found:?}");
        // Names by pinyin: in full, by initials, from any character, every
        // reading of 行; the characters spelled are marked and the result
        // says it matched by pinyin. Text is not read by pinyin: 煤化工 is
        // an industry and a deal's name, never spelled.
        for (query, wanted) in [
            ("dyjt", "东义集团"),
            ("dongyi", "东义集团"),
            ("DongYiJiTuan", "东义集团"),
            ("yiji", "东义集团"),
            ("beichenyinhang", "北辰银行"),
            ("beichenyinxing", "北辰银行"),
            ("bcyh", "北辰银行"),
            ("caozong", "曹总"),
        ] {
            let found = search(&client, query).await;
            assert_eq!(found.first().map(String::as_str), Some(wanted), "{query}: {found:?}");
        }
        assert!(search(&client, "meihuagong").await.is_empty());
        search(&client, "dongyi").await;
        let why = client
            .execute(
                "const a = document.querySelector('.search-results a'); return [Array.from(a.querySelectorAll('.search-title mark')).map(m => m.textContent).join('+'), a.querySelector('.search-via').textContent];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(why, serde_json::json!(["东义", "拼音"]));
        // A field other than the name: the region, named and marked.
        search(&client, "山西").await;
        let field = client
            .execute(
                "return Array.from(document.querySelectorAll('.search-results .search-field')).map(f => f.textContent + '|' + f.querySelector('mark').textContent)[0];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(field, serde_json::json!("地区: 山西|山西"));
        // Only the chunks a query needs are loaded, each once.
        let loaded = loaded_chunks(&client).await;
        let mut unique = loaded.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), loaded.len(), "{loaded:?}");
        // A private note and a `%%` remark are never found.
        assert!(search(&client, "薪酬").await.is_empty() || !search(&client, "薪酬").await.iter().any(|t| t.contains("薪酬")));
        // Arrows and Enter open a result.
        let found = search(&client, "东义集团").await;
        assert_eq!(found.first().map(String::as_str), Some("东义集团"), "{found:?}");
        let input = client.find(Locator::Css("#search input")).await.unwrap();
        input.send_keys("\u{E015}").await.unwrap(); // ArrowDown
        input.send_keys("\u{E007}").await.unwrap(); // Enter
        wait_until(&client, "the client page", "return location.pathname.endsWith('clients/%E4%B8%9C%E4%B9%89%E9%9B%86%E5%9B%A2.html')").await;
        client.close().await.unwrap();
    });
}

/// The preview sends its script, search index and icon with types a
/// browser runs under `nosniff`: search and sorting work there as on disk.
#[test]
fn the_preview_runs_its_script_so_search_and_sorting_work() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let server = Server::start();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        let base = format!("http://127.0.0.1:{}/", server.port);
        client.goto(&format!("{base}clients.html")).await.unwrap();
        wait_until(
            &client,
            "the sort buttons",
            "return document.querySelectorAll('table.list th button.sort').length > 5",
        )
        .await;
        client
            .goto(&format!("{base}projects/P001/workbench.html"))
            .await
            .unwrap();
        wait_until(
            &client,
            "the search box",
            "return !document.getElementById('search').hidden",
        )
        .await;
        let found = search(&client, "义集").await;
        assert!(found.iter().any(|t| t == "东义集团"), "{found:?}");
        // The index's chunks come over HTTP as they are needed.
        let found = search(&client, "bcyh").await;
        assert_eq!(
            found.first().map(String::as_str),
            Some("北辰银行"),
            "{found:?}"
        );
        let loaded = loaded_chunks(&client).await;
        assert!(loaded.iter().any(|p| p.starts_with("t/")), "{loaded:?}");
        assert!(loaded.iter().any(|p| p.starts_with("i/")), "{loaded:?}");
        client.close().await.unwrap();
    });
}

#[test]
fn tables_sort_by_any_column_and_filter_by_owner() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let (_dir, site) = built_example();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        client.goto(&file_url(&site.join("clients.html"))).await.unwrap();
        wait_until(&client, "the sort buttons", "return document.querySelectorAll('table.list th button.sort').length > 5").await;
        // Sort the client list by contract value (`45万`, `9,800`): largest
        // first on the second click.
        let values = "return Array.from(document.querySelectorAll('table.list')).pop()";
        let column = |name: &str| {
            format!(
                "const t = {}; const i = Array.from(t.tHead.rows[0].cells).findIndex(c => c.textContent.includes('{name}')); return i;",
                &values[7..]
            )
        };
        let index: i64 = serde_json::from_value(client.execute(&column("合同额"), vec![]).await.unwrap()).unwrap();
        assert!(index > 0);
        let click = format!(
            "const t = {}; t.tHead.rows[0].cells[{index}].querySelector('button').click();",
            &values[7..]
        );
        client.execute(&click, vec![]).await.unwrap();
        client.execute(&click, vec![]).await.unwrap();
        let read = format!(
            "const t = {}; return [t.tHead.rows[0].cells[{index}].getAttribute('aria-sort'), Array.from(t.tBodies[0].rows).map(r => r.cells[{index}].textContent.trim())];",
            &values[7..]
        );
        let (sort, cells): (String, Vec<String>) =
            serde_json::from_value(client.execute(&read, vec![]).await.unwrap()).unwrap();
        assert_eq!(sort, "descending");
        let amount = |s: &str| -> f64 {
            let n: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            let n: f64 = n.parse().unwrap_or(-1.0);
            if s.contains('亿') { n * 1e8 } else if s.contains('万') { n * 1e4 } else { n }
        };
        let known: Vec<f64> = cells.iter().filter(|c| !c.is_empty()).map(|c| amount(c)).collect();
        assert!(known.len() > 5, "{cells:?}");
        assert!(known.windows(2).all(|w| w[0] >= w[1]), "not descending: {cells:?}");
        // Filter by owner: only that owner's rows stay.
        let filter = format!(
            "const t = {}; const bar = t.closest('.table-wrap').previousElementSibling; const label = Array.from(bar.querySelectorAll('label')).find(l => l.textContent.startsWith('负责人')); const s = label.querySelector('select'); s.value = '张伟'; s.dispatchEvent(new Event('change')); const i = Array.from(t.tHead.rows[0].cells).findIndex(c => c.textContent.includes('负责人')); return Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[i].textContent.trim());",
            &values[7..]
        );
        let owners: Vec<String> =
            serde_json::from_value(client.execute(&filter, vec![]).await.unwrap()).unwrap();
        assert!(!owners.is_empty() && owners.iter().all(|o| o == "张伟"), "{owners:?}");
        client.close().await.unwrap();
    });
}

/// What a phone shows of a page: cells of lists outside the screen or on
/// more than one line where they are a name or a date, the menu's entries
/// in view, and chart labels smaller than 11 px.
const PHONE_CHECK: &str = r#"
// The phone's width: a page wider than it makes the browser lay it out
// wider and zoom out, which `innerWidth` then reports.
const width = screen.width, out = { outside: [], broken: [], nav: 0, small: [], cells: 0 };
for (const table of document.querySelectorAll('table.list')) {
  for (const row of table.tBodies[0] ? table.tBodies[0].rows : []) {
    if (row.hidden) continue;
    for (const cell of row.cells) {
      const r = cell.getBoundingClientRect();
      if (r.width === 0) continue;
      out.cells++;
      if (r.left < -0.5 || r.right > width + 0.5) out.outside.push(cell.textContent.trim().slice(0, 30));
    }
    const first = row.cells[0] && row.cells[0].querySelector('a');
    const whole = [first].concat(Array.from(row.querySelectorAll('time, td.num, .code'))).filter(Boolean);
    for (const el of whole) {
      const lines = new Set(Array.from(el.getClientRects()).map(r => Math.round(r.top)));
      if (lines.size > 1) out.broken.push(el.textContent.trim());
    }
  }
}
for (const a of document.querySelectorAll('header.top nav a, header.top nav summary')) {
  const r = a.getBoundingClientRect();
  if (a.checkVisibility()) out.nav++;
}
for (const t of document.querySelectorAll('svg.chart text')) {
  const m = t.getScreenCTM();
  if (!m || t.getBoundingClientRect().width === 0) continue;
  const px = m.a * parseFloat(getComputedStyle(t).fontSize);
  if (px < 10.99) out.small.push(t.textContent + ' ' + px.toFixed(1));
}
out.layout = Math.max(window.innerWidth, document.documentElement.scrollWidth);
return out;
"#;

#[test]
fn phones_see_key_cells_whole_a_short_menu_and_readable_charts() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let (_dir, site) = built_example();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser_as(port, profile.path(), &[], Some(390)).await;
        let client_page = site.join("clients/东义集团.html");
        let owner_page = site.join("owners/张伟.html");
        let pages = [
            site.join("risk.html"),
            site.join("follow-ups.html"),
            site.join("pipeline.html"),
            site.join("index.html"),
            client_page,
            owner_page,
        ];
        for page in &pages {
            client.goto(&file_url(page)).await.unwrap();
            wait_until(&client, "the script", "return document.querySelector('table.list.cards, main') !== null").await;
            let seen = client.execute(PHONE_CHECK, vec![]).await.unwrap();
            let name = page.strip_prefix(&site).unwrap().display();
            assert!(seen["cells"].as_u64().unwrap() > 0, "{name}: no cells seen");
            assert!(seen["layout"].as_f64().unwrap() <= 390.5, "{name}: laid out {} px wide", seen["layout"]);
            assert_eq!(seen["outside"], serde_json::json!([]), "{name}: cells off screen");
            assert_eq!(seen["broken"], serde_json::json!([]), "{name}: names or dates broken");
            assert!(seen["nav"].as_u64().unwrap() <= 5, "{name}: {} menu entries", seen["nav"]);
            assert_eq!(seen["small"], serde_json::json!([]), "{name}: chart labels under 11 px");
        }
        // The menu's other entries are one tap away.
        client.goto(&file_url(&site.join("index.html"))).await.unwrap();
        client
            .find(Locator::Css("header.top nav summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let shown: usize = serde_json::from_value(
            client
                .execute(
                    "return Array.from(document.querySelectorAll('.nav-menu-items a')).filter(a => a.getBoundingClientRect().width > 0).length",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert!(shown >= 5, "{shown} entries under the menu");
        client.close().await.unwrap();
    });
}

#[test]
fn no_page_scrolls_sideways_at_phone_width() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let (_dir, site) = built_example();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser_as(port, profile.path(), &[], Some(390)).await;
        let mut wide = Vec::new();
        for page in pages_of(&site) {
            client.goto(&file_url(&page)).await.unwrap();
            let sizes: (f64, f64) = serde_json::from_value(
                client
                    .execute(
                        "return [document.documentElement.scrollWidth, window.innerWidth]",
                        vec![],
                    )
                    .await
                    .unwrap(),
            )
            .unwrap();
            assert!(sizes.1 <= 400.0, "the window is {} px wide", sizes.1);
            if sizes.0 > sizes.1 {
                wide.push(format!(
                    "{} ({} px)",
                    page.strip_prefix(&site).unwrap().display(),
                    sizes.0
                ));
            }
        }
        assert!(wide.is_empty(), "wider than the phone: {wide:?}");
        client.close().await.unwrap();
    });
}

/// axe-core's script, which `.ci/run` installs with npm.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("DOSSIER_TEST_TOOLS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools"))
        .join("node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(_) => {
            common::missing_tool(
                "accessibility test",
                &format!("no {}", path.display()),
                "npm install --prefix target/test-tools axe-core@4",
            );
            None
        }
    }
}

/// The book `dossier init` writes, with a note holding each of Obsidian's
/// thirteen callouts, folded and open, built.
fn built_callouts() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let dossier = env!("CARGO_BIN_EXE_dossier");
    let out = Command::new(dossier)
        .arg("init")
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let kinds = [
        "note", "abstract", "info", "todo", "tip", "success", "question", "warning", "failure",
        "danger", "bug", "example", "quote",
    ];
    let mut note = String::from("# Callouts\n\n");
    for kind in kinds {
        note.push_str(&format!(
            "> [!{kind}] A {kind}\n> Its text.\n\n> [!{kind}]- Folded {kind}\n> Hidden text.\n\n"
        ));
    }
    std::fs::write(book.join("callouts.md"), note).unwrap();
    let site = dir.path().join("site");
    let out = Command::new(dossier)
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(&book)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(site.join("callouts.html"))
            .unwrap()
            .matches("class=\"callout-title\"")
            .count(),
        26
    );
    (dir, site)
}

#[test]
fn no_page_has_a_serious_accessibility_problem_in_light_or_dark() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let Some(axe) = axe_script() else {
        return;
    };
    let (_dir, site) = built_example();
    // And a book with a history: deal pages with their stage paths and
    // close dates, owner pages with the week's changes.
    let (_history_dir, history) = built_history_book();
    // And every kind of callout, as `init`'s book and a note of all
    // thirteen show them.
    let (_callouts_dir, callouts) = built_callouts();
    let mut pages = pages_of(&site);
    pages.extend(pages_of(&history));
    pages.extend(pages_of(&callouts));
    let runtime = runtime();
    runtime.block_on(async {
        let mut found = Vec::new();
        for (scheme, switches) in [
            ("light", vec![]),
            ("dark", vec!["--blink-settings=preferredColorScheme=0"]),
        ] {
            let profile = tempfile::tempdir().unwrap();
            let client = browser_with(port, profile.path(), &switches).await;
            for page in &pages {
                client.goto(&file_url(page)).await.unwrap();
                if scheme == "dark" {
                    let dark: bool = serde_json::from_value(
                        client
                            .execute("return matchMedia('(prefers-color-scheme: dark)').matches", vec![])
                            .await
                            .unwrap(),
                    )
                    .unwrap();
                    assert!(dark, "the dark scheme was not taken");
                }
                client.execute(&axe, vec![]).await.unwrap();
                let result = client
                    .execute_async(
                        "const done = arguments[arguments.length - 1]; axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))));",
                        vec![],
                    )
                    .await
                    .unwrap();
                let violations: Vec<String> = serde_json::from_value(result).unwrap();
                for v in violations {
                    found.push(format!("{scheme} {}: {v}", page.display()));
                }
            }
            client.close().await.unwrap();
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
    });
}

/// The book of [`common::history_book`], built as of Nov 23.
fn built_history_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let vault = common::history_book(dir.path());
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(&vault)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (dir, site)
}

/// A deal's page shows its stage path with the days in each stage and who
/// moved it, and how its close date slipped; an owner's page is their
/// book; `?owner=` narrows every list and the board, and the menu keeps
/// it.
#[test]
fn owner_pages_the_owner_filter_and_a_deal_page_with_its_history() {
    let Some((_driver, port)) = driver() else {
        return;
    };
    let (_dir, site) = built_history_book();
    let profile = tempfile::tempdir().unwrap();
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        client.goto(&file_url(&site.join("deals/O1.html"))).await.unwrap();
        let stages: Vec<Vec<String>> = serde_json::from_value(
            client
                .execute(
                    "const t = document.querySelector('#stage-path').parentNode.querySelector('table'); return Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent.trim()));",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            stages,
            [
                ["Contacted", "2025-09-01", "2025-10-01", "30", "Ann"],
                ["Proposal", "2025-10-01", "2025-11-01", "31", "Bob"],
                ["Negotiation", "2025-11-01", "", "22", "Cy"],
            ]
        );
        let text: String = serde_json::from_value(
            client
                .execute("return document.querySelector('main').innerText;", vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        assert!(
            text.contains("2025-10-31 → 2025-11-30 → 2025-12-15")
                && text.contains("slipped 2 times"),
            "{text}"
        );
        assert!(text.contains("Send the offer") && text.contains("3 days overdue"), "{text}");
        assert!(!text.contains("never-shown"), "{text}");

        client.goto(&file_url(&site.join("owners/Ann.html"))).await.unwrap();
        let text: String = serde_json::from_value(
            client
                .execute("return document.querySelector('main').innerText;", vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        let h1: String = serde_json::from_value(
            client
                .execute("return document.querySelector('h1').textContent;", vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(h1, "Ann");
        assert!(text.contains("Acme renewal") && text.contains("3 days overdue"), "{text}");
        assert!(!text.contains("Globex"), "Bob's client is not Ann's: {text}");

        // The owner from the address narrows a one-row list too, and the
        // menu carries it to the next list.
        let url = format!("{}?owner=Bob", file_url(&site.join("clients.html")));
        client.goto(&url).await.unwrap();
        wait_until(&client, "the owner filter", "return !!document.querySelector('.table-filters select');").await;
        let shown: Vec<String> = serde_json::from_value(
            client
                .execute(
                    "const t = Array.from(document.querySelectorAll('table.list')).pop(); return Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[0].textContent.trim());",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].contains("Globex"), "{shown:?}");
        let pipeline: String = serde_json::from_value(
            client
                .execute(
                    "return Array.from(document.querySelectorAll('header nav a')).find(a => a.textContent.startsWith('Pipeline')).getAttribute('href');",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(pipeline, "pipeline.html?owner=Bob");
        client
            .goto(&format!("{}?owner=Bob", file_url(&site.join("pipeline.html"))))
            .await
            .unwrap();
        let cards: Vec<(String, bool)> = serde_json::from_value(
            client
                .execute(
                    "return Array.from(document.querySelectorAll('.board .deal')).map(c => [c.querySelector('.code').textContent, c.hidden]);",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            cards,
            [("O2".to_owned(), false), ("O1".to_owned(), true)],
            "only Bob's deal shows"
        );
        client.close().await.unwrap();
    });
}

/// The screenshots of docs/site.md, written when asked (not on every run):
/// `DOSSIER_SCREENSHOTS=docs/img cargo test --test browser screenshots`.
/// The front page, a client page and a deal page at 1280 px, and the front
/// page on a phone (390 px), of the book kept in Git.
#[test]
fn screenshots_for_the_docs_when_asked() {
    let Ok(folder) = std::env::var("DOSSIER_SCREENSHOTS") else {
        return;
    };
    let Some((_driver, port)) = driver() else {
        return;
    };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    std::fs::create_dir_all(&folder).unwrap();
    let (_dir, site) = built_history_book();
    let runtime = runtime();
    runtime.block_on(async {
        let profile = tempfile::tempdir().unwrap();
        let desktop = browser_with(port, profile.path(), &["--window-size=1280,900"]).await;
        for (page, file) in [
            ("index.html", "front-page.png"),
            ("clients/Acme.html", "client.png"),
            ("deals/O1.html", "deal.png"),
        ] {
            desktop.goto(&file_url(&site.join(page))).await.unwrap();
            let png = desktop.screenshot().await.unwrap();
            assert!(png.starts_with(b"\x89PNG"), "{page}");
            std::fs::write(folder.join(file), png).unwrap();
        }
        desktop.close().await.unwrap();
        let profile = tempfile::tempdir().unwrap();
        let phone = browser_as(port, profile.path(), &[], Some(390)).await;
        phone
            .goto(&file_url(&site.join("index.html")))
            .await
            .unwrap();
        let png = phone.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(folder.join("phone.png"), png).unwrap();
        phone.close().await.unwrap();
    });
}
