//! The `dossier` binary: parse the command line, run one command, exit.

use std::process::ExitCode;

// Building a site allocates many small strings on every core; mimalloc
// measured faster than the system allocator for it (see docs/dependencies.md).
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, asked for its plain `mi_malloc` and `mi_realloc` where the
/// alignment needs nothing more, as the standard library's own allocator
/// asks `malloc`. The `mimalloc` crate asks for every block by
/// `mi_malloc_aligned`, which in mimalloc 3 takes a slow path for every
/// block over 1 KiB (page buffers, bodies, HTML): at 1,000 clients, 5% of
/// a build's instructions went to allocating and growing (bench/NOTES.md).
struct Allocator;

/// The alignment every block of mimalloc has: blocks are whole words,
/// in pages that start on a word.
const WORD: usize = std::mem::size_of::<usize>();

/// Whether mimalloc's plain calls give a block of `size` bytes the
/// alignment `align`.
fn plain_fits(size: usize, align: usize) -> bool {
    align <= WORD && align <= size
}

// SAFETY: every call goes to mimalloc, which returns null when it cannot
// allocate; the plain calls are taken only where their blocks are aligned
// enough (`plain_fits`), the others go to the aligned calls as before.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if plain_fits(layout.size(), layout.align()) {
            // SAFETY: mimalloc takes any size.
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: as the `mimalloc` crate calls it.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from mimalloc, by either kind of call.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if plain_fits(new_size, layout.align()) {
            // SAFETY: `ptr` came from mimalloc; the new block is aligned
            // enough, as for `alloc`.
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: as the `mimalloc` crate calls it.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

use clap::Parser;
use dossier::cli::{Cli, Command, Global};
use dossier::cmd;

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
/// (bench/NOTES.md). The preview keeps mimalloc's defaults: it frees and
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
    // Before any thread starts: a past vault written out for `--at` is
    // removed on Ctrl-C too.
    dossier::gate::temp::remove_on_signal();
    let cli = Cli::parse();
    let total = dossier::timings::stage("total");
    if !matches!(cli.command, Command::Serve { .. }) {
        tune_allocator();
    }
    let result = match &cli.command {
        Command::Check {
            vault,
            source,
            at,
            list,
        } => {
            let global = Global::of_vault(source).at(at).listing(list);
            cmd::refuse_list_options("check", &global)
                .and_then(|()| cmd::check::run(vault, &global))
        }
        Command::Build {
            vault,
            output,
            allow_errors,
            source,
            at,
            list,
        } => {
            let global = Global::of_vault(source).at(at).listing(list);
            cmd::refuse_list_options("build", &global)
                .and_then(|()| cmd::build::run(vault, output.as_deref(), *allow_errors, &global))
        }
        Command::Report {
            vault,
            table,
            bom,
            labels,
            format,
            strict,
            source,
            at,
        } => {
            let mut global = Global::of_vault(source).at(at);
            global.format = format.map(Into::into);
            global.strict = *strict;
            let csv = cmd::report::Csv {
                bom: *bom,
                labels: *labels,
            };
            cmd::report::run(vault, *table, csv, &global)
        }
        Command::Changes {
            vault,
            since,
            until,
            format,
            source,
        } => {
            let mut global = Global::of_vault(source);
            global.format = format.map(Into::into);
            cmd::changes::run(vault, *since, *until, &global)
        }
        Command::Digest {
            vault,
            since,
            format,
            source,
        } => cmd::digest::run(vault, *since, *format, &Global::of_vault(source)),
        Command::Serve {
            vault,
            port,
            bind,
            open,
            poll,
            source,
        } => cmd::serve::run(
            vault,
            &cmd::serve::ServeArgs {
                port: *port,
                bind: *bind,
                open: *open,
                poll: *poll,
            },
            &Global::of_vault(source),
        ),
        Command::Init {
            demo: true, dir, ..
        } => cmd::demo::run(dir),
        Command::Init {
            dir,
            templates,
            force,
            language,
            ..
        } => cmd::init::run(dir, *templates, *force, *language),
        Command::Completions { shell } => cmd::completions::run(*shell),
    };
    drop(total);
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cmd::EXIT_CANNOT_RUN)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout};

    /// Every block is aligned as asked and keeps its bytes when it grows
    /// or shrinks, whichever of mimalloc's calls served it.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let sizes = [1, 3, 7, 8, 12, 16, 24, 40, 100, 1024, 1025, 5000, 70_000];
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for &size in &sizes {
                let size = size.max(align);
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a layout of non-zero size; each block is written
                // within its size and given back once, by the layout it has.
                unsafe {
                    let p = ALLOCATOR.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    // Grown, then shrunk below where it began.
                    let mut block = (p, layout);
                    for new_size in [size * 3, size.div_ceil(2).max(align)] {
                        let q = ALLOCATOR.realloc(block.0, block.1, new_size);
                        assert_eq!(q as usize % align, 0, "realloc {new_size}, align {align}");
                        for i in 0..size.min(new_size) {
                            assert_eq!(*q.add(i), i as u8);
                        }
                        block = (q, Layout::from_size_align(new_size, align).unwrap());
                    }
                    ALLOCATOR.dealloc(block.0, block.1);
                    let z = ALLOCATOR.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    ALLOCATOR.dealloc(z, layout);
                }
            }
        }
    }
}
