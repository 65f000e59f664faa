//! The preview that `dossier serve` (`cmd::serve`) drives: reads the vault
//! into memory, serves its site on 127.0.0.1 (each page rendered when asked
//! for), watches the vault and updates on every save, and tells the open
//! pages to reload. Nothing is written into the vault; a broken file shows
//! as an overlay while the last good pages stay served; Ctrl-C stops. It
//! drives the `Book`, and knows nothing of the command line.

pub mod http;
pub mod live;
pub mod preview;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::book::{Book, Outcome};
use crate::diagnostics::Diagnostic;

/// How the preview was asked to run.
pub struct Options {
    pub vault: PathBuf,
    /// The config file, when not `VAULT/dossier.toml`.
    pub config: Option<PathBuf>,
    /// The date figures are computed for; today when not given.
    pub as_of: Option<chrono::NaiveDate>,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
}

/// Why the preview could not start (the command exits 2).
#[derive(Debug)]
pub struct CannotServe(pub String);

impl std::fmt::Display for CannotServe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many ports above the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// Serves the vault until Ctrl-C.
pub fn run(options: &Options) -> Result<(), CannotServe> {
    let vault = &options.vault;
    if !vault.is_dir() {
        return Err(CannotServe(format!(
            "{}: not a folder (give the vault folder)",
            vault.display()
        )));
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this address can read the vault's site, contact data included",
            options.bind
        );
    }
    // Events name absolute paths; so does the workspace, whatever was typed.
    let vault = &std::fs::canonicalize(vault)
        .map_err(|e| CannotServe(format!("{}: {e}", vault.display())))?;
    let config = options
        .config
        .as_deref()
        .map(|c| std::fs::canonicalize(c).unwrap_or_else(|_| c.to_path_buf()));
    let start = std::time::Instant::now();
    let book = Book::load_for_preview(crate::book::Options {
        withheld_now: None,
        vault: vault.clone(),
        config,
        as_of: options.as_of,
        output: None,
        at: None,
        recent_changes: true,
        skip_history: false,
    })
    .map_err(|e| CannotServe(e.0))?;
    let first = Outcome {
        millis: start.elapsed().as_secs_f64() * 1000.0,
        notes_read: book.notes_read(),
    };
    report(1, &first, &book);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CannotServe(format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(book, options))
}

/// The errors of a build, for the terminal.
pub fn errors(book: &Book) -> Vec<Diagnostic> {
    book.diagnostics()
        .items
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// The errors of a build as the overlay lists them: a problem of a private
/// note (or one naming a private note) is counted, not described; the page
/// may be open on a screen others see.
pub fn overlay_errors(book: &Book) -> Vec<live::Shown> {
    let language = book.config().language;
    book.diagnostics()
        .items
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            if book.describes(d) {
                live::Shown::of(d, language)
            } else {
                let what = crate::render::i18n::label(book.words(), "private_link");
                live::Shown::withheld(d, what)
            }
        })
        .collect()
}

/// Whether the site speaks Chinese (and with it the overlay).
pub fn speaks_zh(book: &Book) -> bool {
    book.config().language == crate::config::Language::Zh
}

/// Prints one line per build, and the errors.
fn report(generation: u64, outcome: &Outcome, book: &Book) {
    let errors = errors(book);
    let counted =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "build {generation} in {:.0} ms ({} read): {}, {}",
        outcome.millis,
        counted(outcome.notes_read, "note", "notes"),
        counted(errors.len(), "error", "errors"),
        counted(book.diagnostics().warnings(), "warning", "warnings")
    );
    for p in errors.iter().take(10) {
        eprintln!(
            "  error[{}] {}:{}:{}: {}",
            p.code(),
            crate::diagnostics::printable(&p.file),
            p.line,
            p.column,
            crate::diagnostics::printable(&p.words(book.config().language).message)
        );
    }
    if errors.len() > 10 {
        eprintln!(
            "  … {} more (see the overlay or `dossier check`)",
            errors.len() - 10
        );
    }
}

async fn bind(options: &Options) -> Result<tokio::net::TcpListener, CannotServe> {
    let mut last = None;
    let tries = if options.port == 0 { 1 } else { PORT_TRIES };
    for k in 0..tries {
        let port = options.port.saturating_add(k);
        match tokio::net::TcpListener::bind(SocketAddr::new(options.bind, port)).await {
            Ok(l) => {
                if k > 0 {
                    eprintln!("port {} is taken; using {port}", options.port);
                }
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(CannotServe(format!(
        "cannot listen on {}:{} (nor the next {} ports): {}",
        options.bind,
        options.port,
        tries - 1,
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

async fn serve(book: Book, options: &Options) -> Result<(), CannotServe> {
    let listener = bind(options).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| CannotServe(format!("cannot listen: {e}")))?;
    let (generations_tx, generations) = tokio::sync::watch::channel(1u64);
    let (tx, rx) = std::sync::mpsc::channel();
    let cache = preview::PageCache::default();
    let app = http::App {
        preview: tx.clone(),
        generations,
        hosts: Arc::new(http::allowed_hosts(addr)),
        any_ip_port: addr.ip().is_unspecified().then_some(addr.port()),
        cache: cache.clone(),
        root: Arc::new(book.vault().to_path_buf()),
    };
    let watcher =
        watch::Supervisor::start(book.vault(), options.poll, tx.clone()).map_err(CannotServe)?;
    drop(tx);
    std::thread::Builder::new()
        .name("dossier-preview".into())
        .spawn(move || preview::run(book, cache, rx, generations_tx, report))
        .map_err(|e| CannotServe(format!("cannot start the preview: {e}")))?;
    let host = match addr.ip() {
        ip if ip.is_loopback() => "127.0.0.1".to_owned(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    println!(
        "serving {} at {url} (Ctrl-C stops)",
        options.vault.display()
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if options.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("cannot open a browser ({e}); open {url}");
    }
    // The preview stops by itself on Ctrl-C, after the signal thread has
    // removed any past vault written out meanwhile.
    crate::gate::temp::stop_by_itself_on_signal();
    http::accept(listener, http::router(app), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    drop(watcher);
    eprintln!("stopped");
    Ok(())
}
