//! `dossier serve` from the outside: a real server on a free port of
//! 127.0.0.1, a vault changed on disk, and requests as a browser (or an
//! attacker) would send them.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Server, client_page};

#[test]
fn serves_the_site_with_the_reload_script_writes_nothing_and_stops_on_ctrl_c() {
    let mut server = Server::start();
    let before = walk(&server.vault);
    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert!(r.head.contains("content-type: text/html"));
    assert!(r.body.contains("/_dossier/events"), "no live-reload script");
    assert!(!r.head.contains("access-control-allow-origin"));
    let css = server.get("/_assets/style.css");
    assert_eq!(css.status, 200);
    assert!(!css.body.contains("_dossier"));
    let png = server.get("/assets/%E4%B8%9C%E4%B9%89%E7%BB%84%E7%BB%87%E6%9E%B6%E6%9E%84.png");
    assert_eq!(png.status, 200);
    assert!(png.head.contains("content-type: image/png"));
    let head = server.raw("HEAD", "/", &[("Host", &server.host())]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(server.get("/clients").status, 301);
    assert_eq!(server.get("/clients/").status, 200);
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    // Nothing was written into the vault, and nothing was deleted.
    assert!(walk(&server.vault) == before, "the vault changed");
}

fn walk(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let server = Server::start();
    // A file beside the vault that no path may reach.
    std::fs::write(
        server.vault.parent().unwrap().join("secret.txt"),
        "TOP SECRET",
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/clients/..%5c..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/c%3a%5cwindows%5cwin.ini",
        "/clients/../../secret.txt",
        "/dossier.toml",
        "/clients/东义集团.md",
        "/%00",
        "/assets/",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}: {}", r.status);
        assert!(!r.body.contains("TOP SECRET"), "{target}");
        assert!(!r.body.contains("root:"), "{target}");
    }
    // An absolute URI in the request line is its path, and still 404.
    let r = server.raw(
        "GET",
        "http://127.0.0.1/../secret.txt",
        &[("Host", &server.host())],
    );
    assert!(r.status == 404 || r.status == 400, "{}", r.status);
}

#[test]
fn refuses_other_hosts_methods_and_origins() {
    let server = Server::start();
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        assert_eq!(
            server.raw("GET", "/", &[("Host", &host)]).status,
            200,
            "{host}"
        );
    }
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
    ] {
        let r = server.raw("GET", "/", &[("Host", &host)]);
        assert_eq!(r.status, 403, "{host}");
    }
    assert_eq!(server.raw("GET", "/", &[]).status, 403, "no Host");
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = server.raw(method, "/", &[("Host", &server.host())]);
        assert_eq!(r.status, 405, "{method}");
    }
    // The live-reload stream: same origin is fine, another is refused.
    let host = server.host();
    let other = server.raw(
        "GET",
        "/_dossier/events",
        &[("Host", &host), ("Origin", "http://evil.example")],
    );
    assert_eq!(other.status, 403);
    let own_origin = format!("http://{host}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /_dossier/events HTTP/1.1\r\nHost: {host}\r\nOrigin: {own_origin}\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).unwrap();
    let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(!head.contains("access-control-allow-origin"));
}

#[test]
fn served_pages_follow_changes_additions_renames_and_deletions() {
    let server = Server::start();
    let vault = server.vault.clone();
    let east = vault.join("clients/东义集团.md");
    // Change: the client's name.
    let text = std::fs::read_to_string(&east).unwrap();
    std::fs::write(&east, text.replace("name: 东义集团", "name: 东义控股")).unwrap();
    server.wait_for(&client_page("东义集团"), |r| {
        r.body.contains("东义控股")
    });
    server.wait_for("/", |r| r.body.contains("东义控股"));
    // Addition: a new client appears in the directory and has a page.
    std::fs::write(
        vault.join("clients/新客户.md"),
        "---\ntype: client\ncode: C099\nname: 新客户集团\nowner: 张伟\nemployees: 10\nlast_contact: 2025-11-20\n---\n# 新客户集团\n",
    )
    .unwrap();
    server.wait_for("/clients.html", |r| r.body.contains("新客户集团"));
    assert_eq!(server.get(&client_page("新客户")).status, 200);
    // Rename: the old page goes, the new one comes, and the old address
    // leads to the new page.
    std::fs::rename(
        vault.join("clients/新客户.md"),
        vault.join("clients/新客户改名.md"),
    )
    .unwrap();
    server.wait_for(&client_page("新客户改名"), |r| r.status == 200);
    assert_eq!(server.get(&client_page("新客户")).status, 404);
    let near = server.get(&format!(
        "/_dossier/nearest?path={}",
        client_page("新客户")
            .replace('%', "%25")
            .replace('/', "%2F")
    ));
    assert_eq!(near.body, client_page("新客户改名"));
    // Deletion: the page goes and the nearest page is its folder's.
    std::fs::remove_file(vault.join("clients/新客户改名.md")).unwrap();
    server.wait_for(&client_page("新客户改名"), |r| r.status == 404);
    server.wait_for("/clients.html", |r| !r.body.contains("新客户集团"));
    let near = server.get(&format!(
        "/_dossier/nearest?path={}",
        client_page("新客户改名")
            .replace('%', "%25")
            .replace('/', "%2F")
    ));
    assert_eq!(near.body, "/clients/");
    // A folder that goes away while viewed: no panic, its pages go.
    std::fs::remove_dir_all(vault.join("会议纪要")).unwrap();
    server.wait_for("/%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81/", |r| {
        r.status == 404
    });
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn deal_and_owner_pages_follow_saves_that_add_move_and_remove_them() {
    let server = Server::start();
    let east = server.vault.join("clients/东义集团.md");
    let text = std::fs::read_to_string(&east).unwrap();
    assert_eq!(server.get("/deals/O002.html").status, 200);
    assert_eq!(server.get("/deals/O777.html").status, 404);
    // A deal added under a new owner: its page and the owner's come.
    let added = text.replace(
        "opportunities:\n",
        "opportunities:\n  - code: O777\n    name: 新加的商机\n    stage: proposal\n    amount: 1000\n    owner: 新人\n",
    );
    std::fs::write(&east, &added).unwrap();
    server.wait_for("/deals/O777.html", |r| {
        r.status == 200 && r.body.contains("新加的商机")
    });
    let owner = format!(
        "/owners/{}.html",
        percent_encoding::utf8_percent_encode("新人", percent_encoding::NON_ALPHANUMERIC)
    );
    assert_eq!(server.get(&owner).status, 200);
    // A save that moves the deals down the note (a line above them):
    // their pages stay, with what the note says now.
    std::fs::write(
        &east,
        added.replace("payment: green", "payment: green\n# 一行注释"),
    )
    .unwrap();
    server.wait_for(&client_page("东义集团"), |r| r.status == 200);
    std::fs::write(&east, added.replace("name: 新加的商机", "name: 改过的商机")).unwrap();
    server.wait_for("/deals/O777.html", |r| r.body.contains("改过的商机"));
    assert_eq!(server.get("/deals/O002.html").status, 200);
    // Removed again: both pages go.
    std::fs::write(&east, &text).unwrap();
    server.wait_for("/deals/O777.html", |r| r.status == 404);
    assert_eq!(server.get(&owner).status, 404);
    assert_eq!(server.get("/deals/O002.html").status, 200);
}

#[test]
fn a_broken_note_shows_an_overlay_and_keeps_its_last_good_page() {
    let server = Server::start();
    let path = server.vault.join("clients/晋能电力.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("type: client", "type: client\n  broken: ["),
    )
    .unwrap();
    let r = server.wait_for("/", |r| r.body.contains("dossier-overlay"));
    assert!(
        r.body.contains("clients/晋能电力.md:3:"),
        "overlay names file:line"
    );
    let page = server.get(&client_page("晋能电力"));
    assert_eq!(page.status, 200, "the last good page stays");
    assert!(page.body.contains("dossier-overlay"));
    // A broken template: the overlay names it; pages stay.
    std::fs::create_dir_all(server.vault.join("templates")).unwrap();
    std::fs::write(server.vault.join("templates/index.html"), "{% if %}").unwrap();
    server.wait_for("/", |r| r.body.contains("templates/index.html"));
    std::fs::remove_file(server.vault.join("templates/index.html")).unwrap();
    // Fixing the note removes the overlay.
    std::fs::write(&path, good).unwrap();
    server.wait_for("/", |r| {
        r.status == 200 && !r.body.contains("dossier-overlay")
    });
}

#[test]
fn a_file_the_config_ignores_is_neither_read_nor_watched() {
    let server = Server::start();
    let vault = server.vault.clone();
    let config = vault.join("dossier.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let ignoring = text.replacen(
        "language = \"zh\"\n",
        "language = \"zh\"\nignore = [\"草稿/**\"]\n",
        1,
    );
    assert_ne!(text, ignoring);
    std::fs::create_dir_all(vault.join("草稿")).unwrap();
    std::fs::write(vault.join("草稿/想法.md"), "# 想法\n").unwrap();
    server.wait_for("/notes.html", |r| r.body.contains("想法"));
    std::fs::write(&config, ignoring).unwrap();
    server.wait_for("/notes.html", |r| {
        r.status == 200 && !r.body.contains("想法")
    });
    // Saving the ignored note again makes no build: the watcher and the
    // walk follow the same rule. Between two marks, only the second's
    // build is made.
    let before = server.mark("clients/晋能电力.md", &client_page("晋能电力"), "标记零");
    std::fs::write(vault.join("草稿/想法.md"), "# 想法二\n").unwrap();
    std::fs::write(vault.join("草稿/另一个.md"), "# 另一个\n").unwrap();
    let after = server.mark("clients/晋能电力.md", &client_page("晋能电力"), "标记一");
    assert_eq!(
        after,
        before + 1,
        "a save in an ignored folder rebuilt the site"
    );
    let notes = server.get("/notes.html").body;
    assert!(!notes.contains("想法二") && !notes.contains("另一个"));
    assert_eq!(
        server
            .get("/%E8%8D%89%E7%A8%BF/%E6%83%B3%E6%B3%95.html")
            .status,
        404
    );
}

#[test]
fn a_burst_of_writes_makes_one_build_and_the_config_is_read_again() {
    let server = Server::start();
    let vault = server.vault.clone();
    // Forty notes written at once, as a `git checkout` does: the build
    // that shows the last of them is at most the second since.
    let before = server.generation();
    for i in 0..40 {
        std::fs::write(
            vault.join(format!("知识库/批量{i:02}.md")),
            format!("# 批量笔记 {i}\n\n见 [[东义集团]]。\n"),
        )
        .unwrap();
    }
    server.wait_for("/notes.html", |r| r.body.contains("批量笔记 39"));
    let builds = server.generation() - before;
    eprintln!("builds for the burst: {builds}");
    assert!((1..=2).contains(&builds), "{builds} builds for one burst");
    // Saves to the files editors leave beside a note make no build:
    // between two marks, only the second's build is made.
    let before = server.mark("clients/晋能电力.md", &client_page("晋能电力"), "标记甲");
    std::fs::write(vault.join("clients/.东义集团.md.swp"), "x").unwrap();
    std::fs::write(vault.join("clients/东义集团.md~"), "x").unwrap();
    std::fs::write(vault.join("clients/4913"), "x").unwrap();
    let after = server.mark("clients/晋能电力.md", &client_page("晋能电力"), "标记二");
    assert_eq!(after, before + 1, "an editor's own file rebuilt the site");
    // The config is read again when it changes.
    let config = vault.join("dossier.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    std::fs::write(&config, text.replace(&title, "新的站点标题")).unwrap();
    server.wait_for("/", |r| r.body.contains("新的站点标题"));
    // A template of the vault replaces the built-in one when it appears.
    std::fs::create_dir_all(vault.join("templates")).unwrap();
    std::fs::write(
        vault.join("templates/notes.html"),
        "<!doctype html><html><body><p>自定义笔记页</p></body></html>",
    )
    .unwrap();
    server.wait_for("/notes.html", |r| r.body.contains("自定义笔记页"));
}

#[test]
fn bound_to_every_address_it_takes_ip_hosts_but_not_names() {
    let server = Server::start_with(&["--bind", "0.0.0.0"]);
    let port = server.port;
    for host in [format!("192.0.2.7:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(
            server.raw("GET", "/", &[("Host", &host)]).status,
            200,
            "{host}"
        );
    }
    for host in [
        format!("evil.example:{port}"),
        format!("192.0.2.7:{}", port.wrapping_add(1)),
    ] {
        assert_eq!(
            server.raw("GET", "/", &[("Host", &host)]).status,
            403,
            "{host}"
        );
    }
}

/// The overlay of a served page, or "" when it has none.
fn overlay_of(body: &str) -> &str {
    let Some(start) = body.find("id=\"dossier-overlay\"") else {
        return "";
    };
    let end = body[start..]
        .find("</div>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

#[test]
fn a_note_saved_in_another_encoding_loses_its_last_good_page() {
    let server = Server::start();
    let path = server.vault.join("clients/晋能电力.md");
    let good = std::fs::read_to_string(&path).unwrap();
    let page = client_page("晋能电力");
    assert_eq!(server.get(&page).status, 200);
    // Saved as UTF-16, and as text with a byte that is not UTF-8: either
    // may hide a `private: true`, so the public page it had goes at once.
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(good.encode_utf16().flat_map(u16::to_le_bytes));
    let mut latin1 = good.clone().into_bytes();
    latin1.extend(b"\ncaf\xe9\n");
    for bytes in [utf16, latin1] {
        std::fs::write(&path, &bytes).unwrap();
        let r = server.wait_for(&page, |r| r.status == 404);
        assert!(
            !r.body.contains("晋能电力"),
            "{}",
            &r.body[..r.body.len().min(300)]
        );
        std::fs::write(&path, &good).unwrap();
        server.wait_for(&page, |r| r.status == 200);
    }
}

#[test]
fn a_note_that_turned_private_never_comes_back_when_it_breaks() {
    let server = Server::start();
    let path = server.vault.join("clients/晋能电力.md");
    let good = std::fs::read_to_string(&path).unwrap();
    let page = client_page("晋能电力");
    assert_eq!(server.get(&page).status, 200);
    std::fs::write(
        &path,
        good.replacen("type: client", "type: client\nprivate: true", 1),
    )
    .unwrap();
    server.wait_for(&page, |r| r.status == 404);
    // Now its front matter breaks: the public page it had must not return,
    // and the overlay counts the problem without naming the note.
    std::fs::write(
        &path,
        good.replacen(
            "type: client",
            "type: client\nprivate: true\n  broken: [",
            1,
        ),
    )
    .unwrap();
    let r = server.wait_for("/", |r| r.body.contains("dossier-overlay"));
    let overlay = overlay_of(&r.body);
    assert!(overlay.contains("E-yaml-syntax"), "{overlay}");
    assert!(!overlay.contains("晋能电力"), "{overlay}");
    let r = server.get(&page);
    assert_eq!(r.status, 404);
    assert!(
        !r.body.contains("晋能电力"),
        "{}",
        &r.body[..r.body.len().min(300)]
    );
}

#[cfg(unix)]
#[test]
fn an_attachment_replaced_by_a_symlink_out_of_the_vault_is_not_served() {
    let server = Server::start();
    let secret = server.vault.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let png = server.vault.join("assets/东义组织架构.png");
    let url = "/assets/%E4%B8%9C%E4%B9%89%E7%BB%84%E7%BB%87%E6%9E%B6%E6%9E%84.png";
    assert_eq!(server.get(url).status, 200);
    let before = server.generation();
    std::fs::remove_file(&png).unwrap();
    std::os::unix::fs::symlink(&secret, &png).unwrap();
    // Refused as soon as it is asked for, and after the build the change
    // makes.
    let r = server.get(url);
    assert!(!r.body.contains("TOP SECRET"), "{}", r.status);
    server.wait_for_generation(before + 1);
    let r = server.get(url);
    assert!(!r.body.contains("TOP SECRET"), "{}", r.status);
    assert_eq!(r.status, 404);
}

#[test]
fn idle_and_slow_connections_are_let_go() {
    let server = Server::start_env(&[], &[("DOSSIER_SERVE_TIMEOUT_MS", "300")]);
    // A connection that sends nothing is closed by the server (end of
    // stream), long before the generous read timeout gives up on it.
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut buf = [0u8; 64];
    match idle.read(&mut buf) {
        Ok(0) => {}
        Ok(n) => panic!("the idle connection got {n} bytes"),
        Err(e) => panic!("the idle connection was not closed: {e}"),
    }
    // A connection that sends its headers a byte at a time.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let request = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.host());
    let mut closed = false;
    for byte in request.bytes().chain(std::iter::repeat(b'a')).take(60) {
        if slow.write_all(&[byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if !closed {
        closed = matches!(slow.read(&mut buf), Ok(0) | Err(_));
    }
    assert!(closed, "the slow connection stayed open");
    // The server still answers.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn pages_are_served_while_a_save_storm_goes_on() {
    let server = Server::start();
    let path = server.vault.join("clients/晋能电力.md");
    let good = std::fs::read_to_string(&path).unwrap();
    let page = client_page("晋能电力");
    assert_eq!(server.get(&page).status, 200);
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let saves = std::sync::Arc::new(AtomicUsize::new(0));
    let storm = {
        let stop = stop.clone();
        let saves = saves.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                std::fs::write(&path, good.replace("晋能电力", &format!("晋能电力{n}"))).unwrap();
                n += 1;
                saves.store(n, Ordering::Relaxed);
                // Saves as fast as an editor's autosave can come, not a
                // wait for anything.
                std::thread::sleep(Duration::from_millis(3));
            }
        })
    };
    // The storm is on: the server has had saves to build.
    while saves.load(Ordering::Relaxed) < 50 {
        std::thread::yield_now();
    }
    // The storm never ends by itself: a request that waited for it to end
    // would never be answered, and the test would fail on it.
    for target in ["/", &page, "/pipeline.html", "/notes.html", "/", &page] {
        let r = server.get(target);
        assert!(r.status == 200 || r.status == 404, "{target}: {}", r.status);
        assert!(
            !storm.is_finished(),
            "the storm ended before {target} was answered"
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    storm.join().unwrap();
}

#[test]
fn the_vault_folder_deleted_and_restored_is_watched_again() {
    let server = Server::start();
    let vault = server.vault.clone();
    let away = vault.parent().unwrap().join("away");
    let page = client_page("晋能电力");
    assert_eq!(server.get(&page).status, 200);
    std::fs::rename(&vault, &away).unwrap();
    common::copy_dir(&away, &vault);
    std::fs::remove_dir_all(&away).unwrap();
    // A first save in the restored folder reaches the page: through the
    // new watch or the full read that follows it, so the folder is
    // watched again once it shows. A second save can only come through
    // the watch.
    let path = vault.join("clients/晋能电力.md");
    let text = std::fs::read_to_string(&path).unwrap();
    for name in ["晋能电力恢复后", "晋能电力再改"] {
        std::fs::write(
            &path,
            text.replace("name: 晋能电力", &format!("name: {name}")),
        )
        .unwrap();
        server.wait_for(&page, |r| r.status == 200 && r.body.contains(name));
    }
}

#[test]
fn every_file_build_writes_is_served_with_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    common::copy_dir(&common::example(), &vault);
    let site = dir.path().join("site");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(&vault)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let server = Server::start_on(&vault);
    let mut checked = 0;
    for (path, bytes) in walk(&site) {
        let rel = path
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".dossier-output" {
            continue;
        }
        let target: String = rel
            .split('/')
            .map(|part| {
                percent_encoding::utf8_percent_encode(part, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("/");
        let served = server.get(&format!("/{target}"));
        assert_eq!(
            served.status, 200,
            "{rel} is written by build but not served"
        );
        let text = String::from_utf8_lossy(&bytes);
        let is_text = [".html", ".css", ".csv"].iter().any(|e| rel.ends_with(e));
        if is_text {
            let mut body = served.body.clone();
            if let Some(at) = body.rfind("<script>(function(){var g=") {
                let end = body[at..].find("</script>").unwrap() + at + "</script>".len();
                body.replace_range(at..end, "");
            }
            assert!(body == text, "{rel} differs between build and serve");
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files");
}
