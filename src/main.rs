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
