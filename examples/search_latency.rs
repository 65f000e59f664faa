//! How fast the site's search answers, in headless Chromium: opens a built
//! site's dashboard from `file://`, times loading the search index on first
//! use, then for each query the time from the keystroke (an `input` event)
//! to the results drawn on screen (the next frame after them). Prints the
//! index's size and the median and p90 of the answers.
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
    let index = site.join("_search/index.js");
    let bytes = std::fs::metadata(&index).expect("a search index").len();
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
                    "--disable-sync", format!("--user-data-dir={}", profile.path().display())],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        client.goto(&format!("file://{}", site.join("index.html").display())).await.unwrap();
        client.find(Locator::Css("#search input")).await.unwrap();
        // The first use loads the index: time it until the box says so.
        let load: f64 = serde_json::from_value(
            client
                .execute_async(
                    "const done = arguments[arguments.length - 1]; const box = document.getElementById('search'); const t0 = performance.now(); box.querySelector('input').focus(); (function wait() { if (box.getAttribute('data-loaded') === '1') done(performance.now() - t0); else setTimeout(wait, 5); })();",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        let mut times = Vec::new();
        let mut hits = Vec::new();
        for run in 0..runs {
            for q in QUERIES {
                let js = "const [q, done] = [arguments[0], arguments[arguments.length - 1]]; const box = document.getElementById('search'); const input = box.querySelector('input'); input.value = ''; input.dispatchEvent(new Event('input')); requestAnimationFrame(() => { const t0 = performance.now(); input.value = q; input.dispatchEvent(new Event('input')); requestAnimationFrame(() => setTimeout(() => done([performance.now() - t0, +box.getAttribute('data-hits')]), 0)); });";
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
        client.close().await.unwrap();
        println!(
            "search index: {:.1} MB ({} bytes); first use loads it in {load:.0} ms",
            bytes as f64 / 1e6,
            bytes
        );
        println!("hits per query: {}", hits.join(", "));
        let (m, p) = (median(&mut times.clone()), p90(&mut times));
        println!(
            "keystroke → results drawn, {} queries × {runs}: median {m:.1} ms, p90 {p:.1} ms",
            QUERIES.len()
        );
    });
    let _ = driver.kill();
    let _ = driver.wait();
}
