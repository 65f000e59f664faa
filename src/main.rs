//! The `dossier` binary: parse the command line, run one command, exit.

use std::process::ExitCode;

// Building a site allocates many small strings on every core; mimalloc
// measured faster than the system allocator for it (see README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use dossier::cli::{Cli, Command};
use dossier::cmd::{self, Which};

/// Returns the pages of memory that mimalloc holds free to the system.
fn release_unused() {
    // SAFETY: `mi_collect` takes no pointers; it only walks mimalloc's own
    // heaps, which it may do at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// mimalloc's `mi_option_purge_delay`, by its place in `mi_option_e`
/// (`mimalloc.h` of mimalloc 3): the crate names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps pages it freed before handing them back, in ms:
/// the delay of mimalloc 2 (mimalloc 3 waits a second, long enough for a
/// build to free and take anew tens of megabytes in between).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Keeps the resident memory of a one-off command near what it uses. Freed
/// pages go back to the system after 10 ms, and the heap is not made of
/// 2 MiB huge pages, where a few live bytes kept a whole huge page
/// resident. At 50,000 clients a build's peak went from 513-544 MiB
/// (varying from run to run with the huge pages the kernel made) to
/// 449-462 MiB, in the same processor time within the noise of the machine
/// (README, Speed). The preview keeps mimalloc's defaults: it frees and
/// takes again the same memory on every save, and handing it back made a
/// save 12 ms slower at 10,000 clients.
fn tune_allocator() {
    // SAFETY: `mi_option_set` stores a number in mimalloc's table of
    // options, which it reads atomically; 15 is the purge delay there.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    // SAFETY: PR_SET_THP_DISABLE takes integers only and changes no memory;
    // a kernel without it returns an error, which changes nothing either.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    dossier::memory::set_release(release_unused);
    let cli = Cli::parse();
    let total = dossier::timings::stage("total");
    let which = match &cli.command {
        Command::Check { .. } => Which::Check,
        Command::Build { .. } => Which::Build,
        Command::Report { .. } => Which::Report,
        Command::Changes { .. } => Which::Changes,
        Command::Serve { .. } => Which::Serve,
        Command::Init { .. } => Which::Init,
        Command::Completions { .. } => Which::Completions,
    };
    if which != Which::Serve {
        tune_allocator();
    }
    let result = cmd::refuse_meaningless(which, &cli.global).and_then(|()| match &cli.command {
        Command::Check { vault } => cmd::check::run(vault, &cli.global),
        Command::Build {
            vault,
            output,
            allow_errors,
        } => cmd::build::run(vault, output.as_deref(), *allow_errors, &cli.global),
        Command::Report {
            vault,
            table,
            bom,
            labels,
        } => cmd::report::run(
            vault,
            *table,
            cmd::report::Csv {
                bom: *bom,
                labels: *labels,
            },
            &cli.global,
        ),
        Command::Changes {
            vault,
            since,
            until,
        } => cmd::changes::run(vault, *since, *until, &cli.global),
        Command::Serve {
            vault,
            port,
            bind,
            open,
            poll,
        } => dossier::serve::run(
            &dossier::serve::Options {
                vault: vault.clone(),
                port: *port,
                bind: *bind,
                open: *open,
                poll: *poll,
            },
            &cli.global,
        ),
        Command::Init {
            dir,
            templates,
            force,
            language,
        } => cmd::init::run(dir, *templates, *force, *language),
        Command::Completions { shell } => cmd::completions::run(*shell),
    });
    drop(total);
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cmd::EXIT_CANNOT_RUN)
        }
    }
}
