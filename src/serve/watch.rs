//! Watching the vault: folders, not single files (editors that save by
//! writing a temporary file and renaming it keep working), with events
//! debounced into bursts. When the OS watcher cannot start, polling takes
//! over and the terminal says how to raise the inotify limit.

use std::path::Path;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, FileIdMap, new_debouncer_opt};

/// How long the watcher waits for a burst of events on one path to end:
/// an editor's save (write, or write a temporary file and rename it) is
/// over within a millisecond; the preview gathers the paths of a burst
/// after this (`preview::BURST_QUIET`), so this is kept short, a part of
/// every save's wait.
const DEBOUNCE: Duration = Duration::from_millis(3);
/// How often the debouncer looks for finished bursts.
const TICK: Duration = Duration::from_millis(2);
/// How often the polling watcher looks at the vault.
const POLL: Duration = Duration::from_millis(500);

pub const INOTIFY_HINT: &str = "raise the limit of watched folders (sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=1024), or run with --poll";

/// Keeps the watcher alive; dropping it stops watching.
pub enum Watching {
    Native(#[allow(dead_code)] Debouncer<notify::RecommendedWatcher, FileIdMap>),
    Poll(#[allow(dead_code)] Debouncer<notify::PollWatcher, FileIdMap>),
    /// Between a watch that died and the next.
    None,
}

type Handler = Box<dyn FnMut(DebounceEventResult) + Send + 'static>;

fn native(vault: &Path, handler: Handler) -> Result<Watching, (notify::Error, Handler)> {
    // The handler moves into the debouncer; a second one is built for the
    // polling fallback by the caller when this fails.
    let mut d = match new_debouncer_opt::<_, notify::RecommendedWatcher, _>(
        DEBOUNCE,
        Some(TICK),
        handler,
        FileIdMap::new(),
        notify::Config::default(),
    ) {
        Ok(d) => d,
        Err(e) => return Err((e, Box::new(|_| {}))),
    };
    match d.watch(vault, RecursiveMode::Recursive) {
        Ok(()) => Ok(Watching::Native(d)),
        Err(e) => Err((e, Box::new(|_| {}))),
    }
}

fn polling(vault: &Path, handler: Handler) -> Result<Watching, notify::Error> {
    let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
        DEBOUNCE,
        Some(TICK),
        handler,
        FileIdMap::new(),
        notify::Config::default().with_poll_interval(POLL),
    )?;
    d.watch(vault, RecursiveMode::Recursive)?;
    Ok(Watching::Poll(d))
}

/// Watches `vault`, natively unless `poll`; `make_handler` makes the
/// handler of each watcher tried.
fn start(
    vault: &Path,
    poll: bool,
    make_handler: &impl Fn() -> Handler,
) -> Result<Watching, String> {
    let cannot = |e: notify::Error| format!("cannot watch {}: {e}", vault.display());
    if poll {
        return polling(vault, make_handler()).map_err(cannot);
    }
    match native(vault, make_handler()) {
        Ok(w) => Ok(w),
        Err((e, _)) => {
            eprintln!(
                "warning: the file watcher failed ({e}); polling instead. To watch natively, {INOTIFY_HINT}"
            );
            polling(vault, make_handler()).map_err(cannot)
        }
    }
}

/// The watcher, kept alive while the vault folder comes and goes: a folder
/// deleted and restored (a `git stash` of everything, a sync client
/// re-creating it) leaves a native watch dead, so the folder's identity is
/// looked at twice a second and the watch made again when it changes,
/// followed by a full read.
pub struct Supervisor {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How often the vault folder's identity is looked at.
const IDENTITY_CHECK: Duration = Duration::from_millis(500);
/// Every how many identity checks the preview is asked to look for a new
/// commit: a commit changes no file of the vault (`.git` is left out of
/// the walk, or outside the vault), so no event says so.
const COMMIT_CHECK_EVERY: u32 = 4;

/// What tells one folder from another at the same path.
fn identity_of(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        Some((u64::from(meta.is_dir()), 0))
    }
}

impl Supervisor {
    pub fn start(
        vault: &Path,
        poll: bool,
        tx: std::sync::mpsc::Sender<super::preview::Msg>,
    ) -> Result<Supervisor, String> {
        let handler = {
            let tx = tx.clone();
            move || -> Handler {
                let tx = tx.clone();
                Box::new(move |events| {
                    let _ = tx.send(super::preview::Msg::Events(events));
                })
            }
        };
        let mut watching = start(vault, poll, &handler)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let vault = vault.to_path_buf();
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("dossier-watch".into())
            .spawn(move || {
                let mut identity = identity_of(&vault);
                let mut checks = 0u32;
                while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(IDENTITY_CHECK);
                    checks = checks.wrapping_add(1);
                    if checks.is_multiple_of(COMMIT_CHECK_EVERY) {
                        let _ = tx.send(super::preview::Msg::LookForCommits);
                    }
                    let now = identity_of(&vault);
                    if now == identity {
                        continue;
                    }
                    identity = now;
                    if now.is_none() {
                        continue;
                    }
                    eprintln!("the vault folder was replaced; watching it again");
                    drop(std::mem::replace(&mut watching, Watching::None));
                    match start(&vault, poll, &handler) {
                        Ok(w) => watching = w,
                        Err(e) => eprintln!("warning: {e}"),
                    }
                    let rescan = notify::Event::new(notify::EventKind::Other)
                        .set_flag(notify::event::Flag::Rescan);
                    let event = notify_debouncer_full::DebouncedEvent::new(
                        rescan,
                        std::time::Instant::now(),
                    );
                    let _ = tx.send(super::preview::Msg::Events(Ok(vec![event])));
                }
                drop(watching);
            })
            .map_err(|e| format!("cannot start watching: {e}"))?;
        Ok(Supervisor {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Supervisor {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
