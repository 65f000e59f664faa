//! Watching the vault: folders, not single files (editors that save by
//! writing a temporary file and renaming it keep working), with events
//! debounced into bursts. When the OS watcher cannot start, polling takes
//! over and the terminal says how to raise the inotify limit.

use std::path::Path;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, FileIdMap, new_debouncer_opt};

/// How long the watcher waits for a burst of events to end.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for finished bursts.
const TICK: Duration = Duration::from_millis(2);
/// How often the polling watcher looks at the vault.
const POLL: Duration = Duration::from_millis(500);

pub const INOTIFY_HINT: &str = "raise the limit of watched folders (sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=1024), or run with --poll";

/// Keeps the watcher alive; dropping it stops watching.
pub enum Watching {
    Native(#[allow(dead_code)] Debouncer<notify::RecommendedWatcher, FileIdMap>),
    Poll(#[allow(dead_code)] Debouncer<notify::PollWatcher, FileIdMap>),
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
pub fn start(
    vault: &Path,
    poll: bool,
    make_handler: impl Fn() -> Handler,
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
