//! Where the time of a run goes: with `DOSSIER_TIMINGS=1` in the
//! environment, each stage prints its wall-clock time on standard error
//! (`timing: analytics 12.3 ms`). The benchmark script reads these lines;
//! they also tell a user which stage a slow vault spends its time in. On
//! Linux each stage also prints the memory in use when it ends and the
//! peak so far (`memory: analytics rss 120 MiB, peak 150 MiB`), and the
//! processor time the whole process spent in it, on every core
//! (`cpu: analytics 20.1 ms`): twice the wall-clock time on two cores means
//! the stage kept both busy.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| v != "0"))
}

/// Prints the time from its creation to its drop, when timings are on.
pub struct Stage {
    name: &'static str,
    start: Option<(Instant, Option<f64>)>,
}

/// Starts timing the stage `name`.
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        start: enabled().then(|| (Instant::now(), cpu_ms())),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((start, cpu_start)) = self.start {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            eprintln!("timing: {} {ms:.1} ms", self.name);
            if let (Some(from), Some(to)) = (cpu_start, cpu_ms()) {
                eprintln!("cpu: {} {:.1} ms", self.name, to - from);
            }
            if let Some((rss, peak)) = memory() {
                eprintln!("memory: {} rss {rss} MiB, peak {peak} MiB", self.name);
            }
        }
    }
}

/// The resident memory now and at its peak, in MiB (Linux only).
fn memory() -> Option<(u64, u64)> {
    let status =
        crate::gate::read_regular(std::path::Path::new("/proc/self/status"), 1 << 16).ok()?;
    let status = String::from_utf8(status).ok()?;
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The processor time (user and system) of the whole process so far, in ms.
#[cfg(unix)]
fn cpu_ms() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is
    // given and returns 0 when it did.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return None;
        }
        usage.assume_init()
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    Some(ms(usage.ru_utime) + ms(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_ms() -> Option<f64> {
    None
}
