//! Watching the vault: folders, not single files (editors that save by
//! writing a temporary file and renaming it keep working), events debounced
//! into bursts, and one rebuild per burst on a thread of its own. Events
//! that arrive while a build runs make exactly one more build.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, FileIdMap, new_debouncer_opt};

use super::classify::{Change, classify};
use super::rebuild::{Outcome, Served, Workspace};
use crate::render::urls;

/// How long the watcher waits for a burst of events to end.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the polling watcher looks at the vault.
const POLL: Duration = Duration::from_millis(500);

const INOTIFY_HINT: &str = "raise the limit of watched folders (sudo sysctl fs.inotify.max_user_watches=524288, and fs.inotify.max_user_instances=1024), or run with --poll";

/// Keeps the watcher alive; dropping it stops watching.
pub enum Watching {
    Native(#[allow(dead_code)] Debouncer<notify::RecommendedWatcher, FileIdMap>),
    Poll(#[allow(dead_code)] Debouncer<notify::PollWatcher, FileIdMap>),
}

fn native(
    vault: &PathBuf,
    tx: mpsc::Sender<DebounceEventResult>,
) -> Result<Watching, notify::Error> {
    let mut d = new_debouncer_opt::<_, notify::RecommendedWatcher, _>(
        DEBOUNCE,
        Some(Duration::from_millis(10)),
        tx,
        FileIdMap::new(),
        notify::Config::default(),
    )?;
    d.watch(vault, RecursiveMode::Recursive)?;
    Ok(Watching::Native(d))
}

fn polling(
    vault: &PathBuf,
    tx: mpsc::Sender<DebounceEventResult>,
) -> Result<Watching, notify::Error> {
    let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
        DEBOUNCE,
        Some(Duration::from_millis(10)),
        tx,
        FileIdMap::new(),
        notify::Config::default().with_poll_interval(POLL),
    )?;
    d.watch(vault, RecursiveMode::Recursive)?;
    Ok(Watching::Poll(d))
}

/// Starts watching and the build thread; `publish` gets every build.
pub fn start(
    mut workspace: Workspace,
    first: Arc<Served>,
    poll: bool,
    publish: impl Fn(&Outcome, Arc<Served>) + Send + 'static,
) -> Result<Watching, String> {
    let vault = workspace.vault.clone();
    let (tx, rx) = mpsc::channel();
    let watching = if poll {
        polling(&vault, tx).map_err(|e| format!("cannot watch {}: {e}", vault.display()))?
    } else {
        match native(&vault, tx.clone()) {
            Ok(w) => w,
            Err(e) => {
                eprintln!(
                    "warning: the file watcher failed ({e}); polling instead. To watch natively, {INOTIFY_HINT}"
                );
                polling(&vault, tx).map_err(|e| format!("cannot watch {}: {e}", vault.display()))?
            }
        }
    };
    std::thread::Builder::new()
        .name("dossier-rebuild".into())
        .spawn(move || {
            let mut previous = first;
            while let Ok(event) = rx.recv() {
                let mut batch = vec![event];
                batch.extend(rx.try_iter());
                let plan = plan(&workspace, batch);
                if !plan.rebuild {
                    continue;
                }
                if plan.config {
                    workspace.reload_config();
                }
                if plan.templates {
                    workspace.reload_templates();
                }
                let mut outcome = workspace.build(&previous, plan.moved);
                let served = Arc::new(std::mem::take(&mut outcome.served));
                publish(&outcome, served.clone());
                previous = served;
            }
        })
        .map_err(|e| format!("cannot start the build thread: {e}"))?;
    Ok(watching)
}

/// What a burst of events asks for.
#[derive(Debug, Default)]
struct Plan {
    rebuild: bool,
    config: bool,
    templates: bool,
    moved: Vec<(String, String)>,
}

fn plan(workspace: &Workspace, batch: Vec<DebounceEventResult>) -> Plan {
    let vault = &workspace.vault;
    let output = workspace.output_dir();
    let config = workspace.config_path();
    let mut plan = Plan::default();
    for result in batch {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!(
                        "warning: the file watcher reported: {e}; rebuilding everything. If this repeats, {INOTIFY_HINT}"
                    );
                }
                plan.rebuild = true;
                continue;
            }
        };
        for event in events {
            if event.need_rescan() {
                eprintln!(
                    "warning: the file watcher lost events; rebuilding everything. If this repeats, {INOTIFY_HINT}"
                );
                plan.rebuild = true;
                continue;
            }
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            let mut relevant = false;
            for path in &event.paths {
                match classify(vault, &output, &config, path) {
                    Change::Ignore => {}
                    Change::Config => {
                        plan.config = true;
                        relevant = true;
                    }
                    Change::Templates => {
                        plan.templates = true;
                        relevant = true;
                    }
                    Change::Note | Change::Other => relevant = true,
                }
            }
            if !relevant {
                continue;
            }
            plan.rebuild = true;
            if let (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) =
                (event.kind, event.paths.as_slice())
                && let (Some(from), Some(to)) =
                    (super::relative(vault, from), super::relative(vault, to))
            {
                plan.moved.push(moved_pages(&from, &to));
            }
        }
    }
    plan
}

/// Old page → new page for a renamed note; old folder → new folder (as
/// prefixes ending in `/`) for anything else.
fn moved_pages(from: &str, to: &str) -> (String, String) {
    if from.ends_with(".md") && to.ends_with(".md") {
        (urls::note_page(from), urls::note_page(to))
    } else {
        (format!("{from}/"), format!("{to}/"))
    }
}
