//! The preview thread: it owns the model of the vault, applies each burst
//! of file events as one build (events that come during a build make one
//! more), and renders the pages the server asks for, each once per build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use bytes::Bytes;

use notify::EventKind;
use notify::event::{ModifyKind, RenameMode};
use notify_debouncer_full::DebounceEventResult;

use super::live;
use super::watch::INOTIFY_HINT;
use crate::book::{Book, Outcome, Touched, Update};
use crate::diagnostics::{Diagnostic, Language, Pos};
use crate::render::urls;
use crate::site::SiteFile;
use crate::site::preview::{Page, Preview};

/// How long the end of a burst of file events waits for more.
const BURST_QUIET: std::time::Duration = std::time::Duration::from_millis(6);

/// How long the end of a burst over many files waits for more.
const BURST_QUIET_MANY: std::time::Duration = std::time::Duration::from_millis(40);

/// The longest a burst is gathered before it is built anyway.
const BURST_LONGEST: std::time::Duration = std::time::Duration::from_millis(400);

/// How many paths the events gathered so far touch (two are enough to
/// tell one save from a burst).
fn touched_paths(book: &Book, events: &[DebounceEventResult]) -> usize {
    let mut first: Option<&std::path::Path> = None;
    for event in events.iter().filter_map(|r| r.as_ref().ok()).flatten() {
        let relevant = event.paths.iter().filter(|p| book.watches(p));
        for path in relevant {
            match first {
                None => first = Some(path),
                Some(p) if p != path => return 2,
                Some(_) => {}
            }
        }
    }
    usize::from(first.is_some())
}

/// What the server gets for a path.
pub enum Reply {
    Bytes {
        bytes: Bytes,
        content_type: &'static str,
    },
    File(PathBuf),
    /// A folder asked for without its slash: the URL path to go to.
    Redirect(String),
    NotFound(Bytes),
}

/// The pages rendered for the build now served, shared with the server:
/// while the next build runs, a page rendered before is answered from here
/// at once. Bytes are shared, never copied per response.
pub type PageCache = Arc<std::sync::RwLock<HashMap<String, (Bytes, &'static str)>>>;

/// The output file a site path asks for: a folder's `index.html`.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// What the preview thread is asked to do.
pub enum Msg {
    Events(DebounceEventResult),
    Get(String, tokio::sync::oneshot::Sender<Reply>),
    Nearest(String, tokio::sync::oneshot::Sender<String>),
    /// Look whether `HEAD` moved (a commit, a pull): the history is then
    /// read again.
    LookForCommits,
}

/// One build's state of what is served.
struct Served {
    generation: u64,
    errors: Vec<live::Shown>,
    /// The overlay speaks Chinese.
    zh: bool,
    /// Rendered pages of this build.
    cache: PageCache,
}

impl Served {
    fn remember(&self, file: &str, bytes: &Bytes, content_type: &'static str) {
        self.cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_owned(), (bytes.clone(), content_type));
    }
}

/// What a burst of events asks for: an update of the book, and the pages
/// that moved.
#[derive(Debug, Default)]
struct Plan {
    update: Update,
    moved: Vec<(String, String)>,
}

/// Runs the preview until the server goes; `published` hears of every
/// build (its generation) and `report` prints it.
pub fn run(
    mut book: Book,
    cache: PageCache,
    rx: Receiver<Msg>,
    published: tokio::sync::watch::Sender<u64>,
    report: impl Fn(u64, &Outcome, &Book),
) {
    let mut served = Served {
        generation: 1,
        errors: super::overlay_errors(&book),
        zh: super::speaks_zh(&book),
        cache: cache.clone(),
    };
    // The last good page of every note shown, kept while its note cannot
    // be read.
    let mut last_good: HashMap<String, Arc<Vec<u8>>> = HashMap::new();
    let mut moved: Vec<(String, String)> = Vec::new();
    let mut pending: Vec<Msg> = Vec::new();
    let mut kept = None;
    loop {
        let head_moved = std::cell::Cell::new(false);
        let plan = {
            let t = crate::timings::stage("preview index");
            let preview = Preview::new(book.input(), book.templates(), kept.take());
            drop(t);
            let templates = book.templates();
            let mut answer = |msg: Msg| -> Option<DebounceEventResult> {
                match msg {
                    Msg::Events(e) => return Some(e),
                    Msg::Get(path, reply) => {
                        let r = get(
                            &preview,
                            templates,
                            &book,
                            &mut served,
                            &mut last_good,
                            &path,
                        );
                        let _ = reply.send(r);
                    }
                    Msg::Nearest(path, reply) => {
                        let _ =
                            reply.send(live::nearest(&path, &moved, |p| preview.page(p).is_some()));
                    }
                    Msg::LookForCommits => head_moved.set(head_moved.get() || book.head_moved()),
                }
                None
            };
            // Answer requests until a burst of events asks for a build.
            let plan = loop {
                let mut events = Vec::new();
                for msg in std::mem::take(&mut pending) {
                    events.extend(answer(msg));
                }
                while events.is_empty() && !head_moved.get() {
                    match rx.recv() {
                        Ok(msg) => events.extend(answer(msg)),
                        Err(_) => return,
                    }
                }
                // The rest of the burst: the debouncer lets each path's
                // events go once that path is quiet, so one burst over many
                // files comes in parts; gather them until none comes for a
                // moment. Requests wait for the new build, unless the burst
                // goes on and on (a save storm): then it is cut, the
                // requests are answered, and the rest makes the next build.
                let burst = std::time::Instant::now();
                loop {
                    if burst.elapsed() > BURST_LONGEST {
                        break;
                    }
                    // A save touches one file; a checkout or a sync many,
                    // over a longer while: wait longer for the rest of those.
                    let quiet = if touched_paths(&book, &events) > 1 {
                        BURST_QUIET_MANY
                    } else {
                        BURST_QUIET
                    };
                    match rx.recv_timeout(quiet) {
                        Ok(Msg::Events(e)) => events.push(e),
                        Ok(other) => pending.push(other),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                let plan = plan_of(&book, events);
                if !plan.update.is_empty() || head_moved.get() {
                    break plan;
                }
            };
            // The notes about to be read again keep their page as it is
            // now, in case their front matter no longer reads.
            for rel in plan.update.notes.iter().take(LAST_GOOD_AHEAD) {
                let page = urls::note_page(rel);
                if let (false, Some(p)) = (last_good.contains_key(&page), preview.page(&page))
                    && let Ok(bytes) = preview.render(templates, &p, &page)
                {
                    last_good.insert(page, Arc::new(bytes));
                }
            }
            kept = Some(preview.into_kept());
            plan
        };
        moved.extend(plan.moved);
        let mut outcome = if plan.update.is_empty() {
            Outcome {
                millis: 0.0,
                notes_read: 0,
            }
        } else {
            book.update(&plan.update)
        };
        if head_moved.get() {
            let start = std::time::Instant::now();
            book.refresh_history();
            outcome.millis += start.elapsed().as_secs_f64() * 1000.0;
            eprintln!("a new commit: the history is read again");
        }
        // A last good page stands in only for a note that was public when
        // it was last read: one that turned private loses it now, so a
        // later broken save cannot bring the public page back.
        last_good.retain(|page, _| book.page_may_keep_last_good(page));
        cache.write().unwrap_or_else(|e| e.into_inner()).clear();
        served = Served {
            generation: served.generation + 1,
            errors: super::overlay_errors(&book),
            zh: super::speaks_zh(&book),
            cache: cache.clone(),
        };
        report(served.generation, &outcome, &book);
        let _ = published.send(served.generation);
    }
}

/// The page at `path` for the browser, with the overlay and reload script
/// in every HTML page.
fn get(
    preview: &Preview,
    templates: &crate::render::templates::Templates,
    book: &Book,
    served: &mut Served,
    last_good: &mut HashMap<String, Arc<Vec<u8>>>,
    path: &str,
) -> Reply {
    let file = file_of(path);
    let content_type = crate::site::content_type(&file);
    let cached = served
        .cache
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&file)
        .cloned();
    if let Some((bytes, content_type)) = cached {
        return Reply::Bytes {
            bytes,
            content_type,
        };
    }
    let zh = served.zh;
    let inject = |bytes: &[u8], errors: &[live::Shown], generation: u64, last_good: bool| {
        if file.ends_with(".html") {
            live::inject(bytes, errors, generation, zh, last_good)
        } else {
            bytes.to_vec()
        }
    };
    if let Some(page) = preview.page(&file) {
        let rendered = preview.render(templates, &page, &file);
        let bytes = match rendered {
            Ok(bytes) => {
                if matches!(page, Page::Note(_)) {
                    last_good.insert(file.clone(), Arc::new(bytes.clone()));
                }
                inject(&bytes, &served.errors, served.generation, false)
            }
            Err(e) => {
                let problem = Diagnostic::new(
                    &e.file,
                    Pos::new(1, 1),
                    crate::diagnostics::Message::Template { detail: e.message },
                );
                let language = if zh { Language::Zh } else { Language::En };
                let mut errors = vec![live::Shown::of(&problem, language)];
                errors.extend(served.errors.iter().cloned());
                let kept = last_good.get(&file);
                let base = kept.map_or_else(
                    || b"<!doctype html><html><body></body></html>".to_vec(),
                    |b| b.to_vec(),
                );
                inject(&base, &errors, served.generation, kept.is_some())
            }
        };
        let bytes = Bytes::from(bytes);
        served.remember(&file, &bytes, content_type);
        return Reply::Bytes {
            bytes,
            content_type,
        };
    }
    if let Some(source) = preview.attachment(&file) {
        return Reply::File(source.clone());
    }
    // A note that cannot be read keeps its last good page, unless it may
    // be private.
    if let Some(old) = last_good.get(&file)
        && book.page_shows_last_good(&file)
    {
        let bytes = Bytes::from(inject(old, &served.errors, served.generation, true));
        served.remember(&file, &bytes, content_type);
        return Reply::Bytes {
            bytes,
            content_type,
        };
    }
    if preview.page(&format!("{path}/index.html")).is_some() {
        return Reply::Redirect(format!("{}/", urls::absolute(path)));
    }
    // The site's own page for a missing address, with links that work from
    // this one.
    let page = preview
        .render(templates, &Page::File(SiteFile::NotFound), &file)
        .unwrap_or_else(|_| {
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><p>Not found.</p></body></html>".to_vec()
        });
    Reply::NotFound(Bytes::from(live::inject(
        &page,
        &served.errors,
        served.generation,
        served.zh,
        false,
    )))
}

/// At most this many saved notes have their page kept before a build.
const LAST_GOOD_AHEAD: usize = 20;

fn plan_of(book: &Book, batch: Vec<DebounceEventResult>) -> Plan {
    let mut plan = Plan::default();
    let update = &mut plan.update;
    for result in batch {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!(
                        "warning: the file watcher reported: {e}; rebuilding everything. If this repeats, {INOTIFY_HINT}"
                    );
                }
                update.full = true;
                continue;
            }
        };
        for event in events {
            if event.need_rescan() {
                eprintln!(
                    "warning: the file watcher lost events; rebuilding everything. If this repeats, {INOTIFY_HINT}"
                );
                update.full = true;
                continue;
            }
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                match book.touched(path) {
                    Touched::Nothing | Touched::Attachment => {}
                    Touched::Config => {
                        update.config = true;
                        update.full = true;
                    }
                    Touched::Templates => {
                        update.templates = true;
                        update.full = true;
                    }
                    // A note saved in place, or replaced by a rename over
                    // it, is read again alone; a note that comes or goes
                    // changes the vault's shape.
                    Touched::Note(rel) => {
                        if !update.notes.contains(&rel) {
                            update.notes.push(rel);
                        }
                    }
                    Touched::Shape => update.full = true,
                }
            }
            if let (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) =
                (event.kind, event.paths.as_slice())
                && let Some((from, to)) = book.renamed(from, to)
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

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use notify::event::{CreateKind, DataChange, Flag, RemoveKind};
    use notify::{Event, EventKind};
    use notify_debouncer_full::DebouncedEvent;

    use super::*;

    fn event(kind: EventKind, paths: &[&std::path::Path]) -> DebounceEventResult {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(p.to_path_buf());
        }
        Ok(vec![DebouncedEvent::new(e, Instant::now())])
    }

    #[test]
    fn each_kind_of_event_asks_for_the_right_build() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v");
        std::fs::create_dir_all(vault.join("notes")).unwrap();
        std::fs::write(vault.join("notes/a.md"), "# A\n").unwrap();
        std::fs::write(vault.join("notes/pic.png"), "png").unwrap();
        let book = Book::load_for_preview(crate::book::Options {
            vault: vault.clone(),
            ..Default::default()
        })
        .unwrap();
        let note = vault.join("notes/a.md");
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let plan = |events: Vec<DebounceEventResult>| plan_of(&book, events);

        // A note saved in place: read again alone.
        let p = plan(vec![event(modify, &[&note])]);
        assert_eq!(
            (p.update.full, p.update.notes.clone()),
            (false, vec!["notes/a.md".to_owned()])
        );
        // Saved by writing a temporary file and renaming it over the note.
        let tmp = vault.join("notes/a.md.tmp");
        let p = plan(vec![
            event(EventKind::Create(CreateKind::File), &[&tmp]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &[&tmp, &note],
            ),
        ]);
        assert_eq!(
            (p.update.full, p.update.notes.clone()),
            (false, vec!["notes/a.md".to_owned()])
        );
        assert!(p.moved.is_empty());
        // A note created: the vault's shape changes.
        std::fs::write(vault.join("notes/b.md"), "# B\n").unwrap();
        let p = plan(vec![event(
            EventKind::Create(CreateKind::File),
            &[&vault.join("notes/b.md")],
        )]);
        assert!(p.update.full);
        // A note removed.
        std::fs::remove_file(&note).unwrap();
        let p = plan(vec![event(EventKind::Remove(RemoveKind::File), &[&note])]);
        assert!(p.update.full);
        std::fs::write(&note, "# A\n").unwrap();
        // A note renamed: a full build, and the old page leads to the new.
        let c = vault.join("notes/c.md");
        std::fs::rename(&note, &c).unwrap();
        let p = plan(vec![event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &[&note, &c],
        )]);
        assert!(p.update.full);
        assert_eq!(
            p.moved,
            vec![("notes/a.html".to_owned(), "notes/c.html".to_owned())]
        );
        std::fs::rename(&c, &note).unwrap();
        // Editors' temporary files, hidden files and the output folder: nothing.
        for ignored in [
            "notes/.a.md.swp",
            "notes/a.md~",
            "notes/4913",
            "public/index.html",
        ] {
            let p = plan(vec![event(modify, &[&vault.join(ignored)])]);
            assert!(p.update.is_empty(), "{ignored}");
        }
        // An attachment changed in place is read when served: nothing to build.
        let p = plan(vec![event(modify, &[&vault.join("notes/pic.png")])]);
        assert!(p.update.is_empty());
        // The config and the templates are read again, with everything.
        let p = plan(vec![event(modify, &[&vault.join("dossier.toml")])]);
        assert!(p.update.full && p.update.config);
        let p = plan(vec![event(modify, &[&vault.join("templates/note.html")])]);
        assert!(p.update.full && p.update.templates);
        // Lost events: everything again.
        let mut rescan = Event::new(EventKind::Other);
        rescan = rescan.set_flag(Flag::Rescan);
        let p = plan(vec![Ok(vec![DebouncedEvent::new(rescan, Instant::now())])]);
        assert!(p.update.full);
    }
}
