//! A running `dossier serve` for the tests that need one: started on a
//! free port of 127.0.0.1 over a copy of the example vault, stopped when
//! dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One hermetic way to run the binary: the tool's and the terminal's
/// environment cleared, run from `dir`.
pub fn dossier(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dossier").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_LOG")
        .env("TZ", "UTC");
    cmd
}

/// Runs `git` in `dir` with a fixed author, no user or system config, and
/// both dates set to `date` when given; fails the test when git does.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Some(date) = date {
        cmd.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A running `dossier serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub vault: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Serves a copy of the example vault.
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Serves a copy of the example vault, with more arguments for `serve`.
    pub fn start_with(args: &[&str]) -> Server {
        Server::start_env(args, &[])
    }

    /// Serves a copy of the example vault, with more arguments for `serve`
    /// and variables in its environment.
    pub fn start_env(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        copy_dir(&example(), &vault);
        Server::spawn(dir, vault, args, envs)
    }

    /// Serves the vault at `vault` as it is (the caller keeps the folder).
    pub fn start_on(vault: &Path) -> Server {
        Server::start_on_with(vault, &[])
    }

    /// Serves the vault at `vault` as it is, with more arguments.
    pub fn start_on_with(vault: &Path, args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        Server::spawn(dir, vault.to_path_buf(), args, &[])
    }

    fn spawn(
        dir: tempfile::TempDir,
        vault: PathBuf,
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> Server {
        // The example vault's day, unless the caller names one.
        let as_of = if args.contains(&"--as-of") {
            &[][..]
        } else {
            &["--as-of", "2025-11-23"][..]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0"])
            .args(as_of)
            .args(args)
            .envs(envs.iter().copied())
            .arg(&vault)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split(" at http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|hostport| hostport.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server {
            child,
            port,
            vault,
            _dir: dir,
        }
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends one raw request line and headers; the status, head and body.
    pub fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    pub fn get(&self, target: &str) -> Response {
        let host = self.host();
        self.raw("GET", target, &[("Host", &host)])
    }

    /// Waits until the page at `target` satisfies `ok`.
    pub fn wait_for(&self, target: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(target);
            if ok(&r) {
                return r;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{target} never became as expected; last: {} {}",
                r.status,
                &r.body[..r.body.len().min(400)]
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The generation of the site the server serves now: the number of
    /// builds it has made, as its live-reload stream says first.
    #[allow(dead_code)]
    pub fn generation(&self) -> u64 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /_dossier/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host()
        )
        .unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 1024];
        loop {
            let n = stream
                .read(&mut buf)
                .expect("the stream says its generation");
            assert!(n > 0, "the stream closed before its first event: {seen:?}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(line) = seen.lines().find_map(|l| l.strip_prefix("data:"))
                && seen.contains("data:")
                && seen[seen.find("data:").unwrap()..].contains('\n')
            {
                return line.trim().parse().expect("a generation");
            }
        }
    }

    /// Waits until the server has made build `generation`.
    #[allow(dead_code)]
    pub fn wait_for_generation(&self, generation: u64) {
        let start = Instant::now();
        while self.generation() < generation {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "build {generation} never came"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Adds `marker` to note `rel` and waits for the page at `page` to
    /// show it; the generation then. The note is replaced in one rename (a
    /// hidden file renamed over it), so the change is one event and one
    /// build, which comes after every change made before it: between two
    /// marks, the builds that other changes made are the difference of
    /// the generations, less one.
    #[allow(dead_code)]
    pub fn mark(&self, rel: &str, page: &str, marker: &str) -> u64 {
        let path = self.vault.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let hidden = path.with_file_name(".marking");
        std::fs::write(&hidden, format!("{text}\n{marker}\n")).unwrap();
        std::fs::rename(&hidden, &path).unwrap();
        self.wait_for(page, |r| r.status == 200 && r.body.contains(marker));
        self.generation()
    }

    /// Stops the server as Ctrl-C does; its exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "did not stop on SIGINT"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

pub fn client_page(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("/clients/{encoded}.html")
}

/// Says that a test cannot run here for want of `missing`, and how to
/// install it: `SKIPPED <test>: <missing> (<install>)` on the terminal
/// (written past the harness's capture, so `cargo test` shows it), or,
/// under `CI=true`, a failure whose message starts with what is missing.
#[allow(dead_code)]
pub fn missing_tool(test: &str, missing: &str, install: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{missing} ({install}): the {test} cannot run, and under CI=true it must"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\nSKIPPED {test}: {missing} ({install})");
}

/// A book kept in Git under `dir`, worked out by hand: Acme (Ann) has O1,
/// moved by Ann (contacted, Sep 1 2025, to close Oct 31), Bob (proposal,
/// Oct 1, Nov 30) and Cy (negotiation, Nov 1, Dec 15); its next step was
/// due Nov 20. Globex (Bob) has O2 in proposal. The authors' e-mails
/// (`never-shown@example.com`) must never show. Returns the vault.
#[allow(dead_code)]
pub fn history_book(dir: &Path) -> PathBuf {
    let vault = dir.join("book");
    std::fs::create_dir_all(vault.join("clients")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "language = \"en\"\n[folders]\nclients = \"client\"\n",
    )
    .unwrap();
    git(&vault, &["init", "-q"], None);
    std::fs::write(
        vault.join("clients/Globex.md"),
        "---\ncode: C002\nname: Globex\nowner: Bob\nopportunities:\n  - code: O2\n    name: Globex pilot\n    stage: proposal\n    amount: 300\n    next_step: Demo\n    next_step_date: 2025-12-01\n---\n",
    )
    .unwrap();
    for (day, author, stage, close) in [
        ("2025-09-01", "Ann", "contacted", "2025-10-31"),
        ("2025-10-01", "Bob", "proposal", "2025-11-30"),
        ("2025-11-01", "Cy", "negotiation", "2025-12-15"),
    ] {
        std::fs::write(
            vault.join("clients/Acme.md"),
            format!("---\ncode: C001\nname: Acme\nowner: Ann\nopportunities:\n  - code: O1\n    name: Acme renewal\n    stage: {stage}\n    amount: 500\n    expected_close: {close}\n    next_step: Send the offer\n    next_step_date: 2025-11-20\n---\n"),
        )
        .unwrap();
        commit_as(&vault, &format!("{day}T10:00:00+00:00"), author);
    }
    vault
}

/// Commits everything in `vault` as `author` (with an e-mail that must
/// never show, `never-shown@example.com`) at `date`, an ISO date and time
/// with its offset; the commit's message is its day.
#[allow(dead_code)]
pub fn commit_as(vault: &Path, date: &str, author: &str) {
    git(vault, &["add", "-A"], None);
    let out = Command::new("git")
        .current_dir(vault)
        .args([
            "-c",
            "user.name=Committer",
            "-c",
            "user.email=c@example.com",
        ])
        .args(["commit", "-q", "-m", &date[..date.len().min(10)]])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "never-shown@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The places in `value` where it breaks `schema`: a JSON Schema of the
/// keywords docs/report.schema.json uses (`type`, `required`,
/// `properties`, `additionalProperties`, `items`, `const`, `enum`,
/// `minimum`, `maximum`, `pattern`; `format` is a note), each as
/// `path: why`.
#[allow(dead_code)]
pub fn schema_errors(
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Vec<String> {
    use serde_json::Value;
    let mut out = Vec::new();
    let type_ok = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.as_i64().is_some() || value.as_u64().is_some(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    match &schema["type"] {
        Value::String(t) if !type_ok(t) => out.push(format!("{at}: not {t}: {value}")),
        Value::Array(ts) if !ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""))) => {
            out.push(format!("{at}: none of {ts:?}: {value}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        out.push(format!("{at}: not {c}"));
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        out.push(format!("{at}: {value} not in {options:?}"));
    }
    if let (Some(min), Some(v)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v < min
    {
        out.push(format!("{at}: {v} < {min}"));
    }
    if let (Some(max), Some(v)) = (
        schema.get("maximum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v > max
    {
        out.push(format!("{at}: {v} > {max}"));
    }
    if let (Some(p), Some(s)) = (
        schema.get("pattern").and_then(Value::as_str),
        value.as_str(),
    ) && !regex::Regex::new(p).unwrap().is_match(s)
    {
        out.push(format!("{at}: {s:?} does not match {p}"));
    }
    if let Some(map) = value.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap();
            if !map.contains_key(key) {
                out.push(format!("{at}: no {key}"));
            }
        }
        let props = schema["properties"].as_object();
        for (key, v) in map {
            let path = format!("{at}.{key}");
            match (
                props.and_then(|p| p.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => out.extend(schema_errors(s, v, &path)),
                (None, Some(Value::Bool(false))) => out.push(format!("{path}: not in the schema")),
                (None, Some(s)) if s.is_object() => out.extend(schema_errors(s, v, &path)),
                _ => {}
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (k, v) in list.iter().enumerate() {
            out.extend(schema_errors(items, v, &format!("{at}[{k}]")));
        }
    }
    out
}
