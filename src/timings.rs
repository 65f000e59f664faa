//! Where the time of a run goes: with `DOSSIER_TIMINGS=1` in the
//! environment, each stage prints its wall-clock time on standard error
//! (`timing: analytics 12.3 ms`). The benchmark script reads these lines;
//! they also tell a user which stage a slow vault spends its time in.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| v != "0"))
}

/// Prints the time from its creation to its drop, when timings are on.
pub struct Stage {
    name: &'static str,
    start: Option<Instant>,
}

/// Starts timing the stage `name`.
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            eprintln!("timing: {} {ms:.1} ms", self.name);
        }
    }
}
