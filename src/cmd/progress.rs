//! A progress line on the terminal for a build that takes more than a
//! second: what it is doing and how many pages it has written. Never shown
//! when standard error is not a terminal, nor with `--format json` or
//! `github`, nor with `--quiet`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line, shown after a second if `wanted` and standard error
    /// is a terminal.
    pub fn new(wanted: bool) -> Progress {
        if !wanted || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg} {pos} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar) }
    }

    /// What the build does now.
    pub fn stage(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
            bar.set_position(0);
        }
    }

    /// One more page written.
    pub fn page(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// The line goes before the build's own output is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
