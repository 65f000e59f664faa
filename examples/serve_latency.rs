//! How long a save takes to reach the browser: starts `dossier serve` on a
//! vault, rewrites one client's name again and again, and times each write
//! until the served page shows the new name, as a browser sees it: the
//! reload event arrives on the live-reload stream, then the page is fetched.
//! Prints the median and range.
//!
//!   cargo run --release --example serve_latency -- DOSSIER_BINARY VAULT [RUNS]
//!
//! `bench/serve.sh` runs it on a generated vault of 10,000 clients.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut body = Vec::new();
    let _ = stream.read_to_end(&mut body);
    String::from_utf8_lossy(&body).into_owned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (binary, vault) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut server = Command::new(&binary)
        .args(["serve", "--port", "0", "--as-of", "2025-11-23"])
        .arg(&vault)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("dossier serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("the address");
    let mut notes: Vec<_> = std::fs::read_dir(vault.join("clients"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    notes.sort();
    let note = &notes[notes.len() / 2];
    let rel = format!("clients/{}", note.file_name().unwrap().to_string_lossy());
    let page = dossier::render::urls::absolute(&dossier::render::urls::note_page(&rel));
    let original = std::fs::read_to_string(note).unwrap();
    assert!(get(port, &page).contains("200 OK"), "the page is served");
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        events,
        "GET /_dossier/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut next_reload = move || loop {
        let mut line = String::new();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the event stream closed");
        }
        if line.starts_with("data:") {
            return;
        }
    };
    // The stream opens with the generation now.
    next_reload();
    let mut times = Vec::new();
    for run in 0..runs {
        let name = format!("延迟测试{run:03}");
        let text: String = original
            .lines()
            .map(|l| {
                if l.starts_with("name: ") {
                    format!("name: {name}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(note, text).unwrap();
        let start = Instant::now();
        loop {
            next_reload();
            if get(port, &page).contains(&name) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "never served");
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(note, original).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "save → served page, {runs} saves: median {median:.1} ms (min {:.1}, p90 {:.1}, max {:.1})",
        times[0],
        times[times.len() * 9 / 10],
        times[times.len() - 1]
    );
}
