//! The preview in a real browser: headless Chromium driven over WebDriver
//! (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs).
//! The dashboard is opened once; the vault is changed on disk; the open page
//! must follow by itself. Under `CI=true` a missing browser fails the test.

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
        let why = format!(
            "SKIPPED browser test: {} not installed (apt-get install -y {})",
            missing.join(" and "),
            missing.join(" ")
        );
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "\n{why}");
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
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session")
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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = browser(port, profile.path()).await;
        let url = format!("http://127.0.0.1:{}/", server.port);
        client.goto(&url).await.unwrap();
        client.find(Locator::Css("h1")).await.unwrap();
        wait_until(&client, "the dashboard", "return document.body.innerText.includes('东义集团')").await;
        // Wait for the live-reload stream to be open before changing files.
        tokio::time::sleep(Duration::from_millis(500)).await;

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
