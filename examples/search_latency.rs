//! How fast the site's search answers, in headless Chromium: opens a built
//! site's dashboard from `file://`; for each query on a page just opened,
//! the time from the keystroke (an `input` event) to the results drawn on
//! screen (the next frame after them) and the bytes of the index's scripts
//! loaded for it; then every query again on one page, and the JS heap
//! after them all. Prints medians, maxima and p90.
//!
//!   cargo run --release --example search_latency -- SITE_DIR [RUNS]
//!
//! `bench/search.sh` builds a generated vault of 10,000 clients and runs it.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

const QUERIES: &[&str] = &[
    "瑞丰",
    "集团",
    "山西",
    "远景",
    "义集",
    "物流",
    "煤化",
    "数据接入",
    "付款节奏",
    "预留清洗",
    "c0001",
    "c09",
    "tender",
    "pilot",
    "赵总",
    "部门负责人",
    "智能化项目",
    "o00001",
    "重点",
    "恒信",
    "ruifeng",
    "hxjt",
];

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p90(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = std::fs::canonicalize(&args[1]).expect("the site folder");
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes_meta = std::fs::metadata(site.join("_search/index.js"))
        .expect("a search index")
        .len();
    let (mut bytes_all, mut files) = (0u64, 0usize);
    for dir in ["_search/t", "_search/i"] {
        for entry in std::fs::read_dir(site.join(dir)).expect("the index's chunks") {
            bytes_all += entry.unwrap().metadata().unwrap().len();
            files += 1;
        }
    }
    bytes_all += bytes_meta;
    files += 1;
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut driver = Command::new("/usr/bin/chromedriver")
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
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc",
                    format!("--user-data-dir={}", profile.path().display())],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        let page = format!("file://{}", site.join("index.html").display());
        let size_of = |name: &str| {
            std::fs::metadata(site.join("_search").join(format!("{name}.js")))
                .map_or(0, |m| m.len())
        };
        // The first result of a page just opened: the index's first
        // script and the chunks the query needs, from the keystroke to the
        // results drawn.
        let first_js = "const [q, done] = [arguments[0], arguments[arguments.length - 1]]; const box = document.getElementById('search'); const input = box.querySelector('input'); const t0 = performance.now(); input.value = q; input.dispatchEvent(new Event('input')); (function wait() { if (box.getAttribute('data-done') === q) requestAnimationFrame(() => done([performance.now() - t0, window.__dossierSearchLoaded.slice()])); else setTimeout(wait, 1); })();";
        let (mut first_ms, mut first_bytes) = (Vec::new(), Vec::new());
        for q in QUERIES {
            client.goto(&page).await.unwrap();
            client.find(Locator::Css("#search input")).await.unwrap();
            let (ms, parts): (f64, Vec<String>) = serde_json::from_value(
                client.execute_async(first_js, vec![serde_json::json!(q)]).await.unwrap(),
            )
            .unwrap();
            let bytes = bytes_meta + parts.iter().map(|p| size_of(p)).sum::<u64>();
            first_ms.push(ms);
            first_bytes.push(bytes as f64);
        }
        // Then one page used for every query, as a reader does.
        client.goto(&page).await.unwrap();
        client.find(Locator::Css("#search input")).await.unwrap();
        let mut times = Vec::new();
        let mut hits = Vec::new();
        for run in 0..runs {
            for q in QUERIES {
                let js = "const [q, done] = [arguments[0], arguments[arguments.length - 1]]; const box = document.getElementById('search'); const input = box.querySelector('input'); input.value = ''; input.dispatchEvent(new Event('input')); requestAnimationFrame(() => { const t0 = performance.now(); input.value = q; input.dispatchEvent(new Event('input')); (function wait() { if (box.getAttribute('data-done') === q) requestAnimationFrame(() => done([performance.now() - t0, +box.getAttribute('data-hits')])); else setTimeout(wait, 1); })(); });";
                let (ms, n): (f64, f64) = serde_json::from_value(
                    client.execute_async(js, vec![serde_json::json!(q)]).await.unwrap(),
                )
                .unwrap();
                times.push(ms);
                if run == 0 {
                    hits.push(format!("{q} {n}"));
                }
            }
        }
        let heap: f64 = serde_json::from_value(
            client
                .execute("window.gc && window.gc(); return performance.memory.usedJSHeapSize;", vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        let loaded: Vec<String> = serde_json::from_value(
            client.execute("return window.__dossierSearchLoaded", vec![]).await.unwrap(),
        )
        .unwrap();
        let all_loaded = bytes_meta + loaded.iter().map(|p| size_of(p)).sum::<u64>();
        println!(
            "search index: {:.1} MB in {} files, its first script {:.1} kB",
            bytes_all as f64 / 1e6,
            files,
            bytes_meta as f64 / 1e3
        );
        println!(
            "first result on a page just opened, {} queries: median {:.0} ms (max {:.0}), loading median {:.0} kB (max {:.0} kB)",
            QUERIES.len(),
            median(&mut first_ms.clone()),
            first_ms.iter().cloned().fold(0.0, f64::max),
            median(&mut first_bytes.clone()) / 1e3,
            first_bytes.iter().cloned().fold(0.0, f64::max) / 1e3
        );
        println!("hits per query: {}", hits.join(", "));
        let (m, p) = (median(&mut times.clone()), p90(&mut times));
        println!(
            "keystroke → results drawn on one page, {} queries × {runs}: median {m:.1} ms, p90 {p:.1} ms",
            QUERIES.len()
        );
        println!(
            "JS heap after all of them: {:.1} MB; chunks loaded by then {:.0} kB",
            heap / 1e6,
            all_loaded as f64 / 1e3
        );
        client.close().await.unwrap();
    });
    let _ = driver.kill();
    let _ = driver.wait();
}
