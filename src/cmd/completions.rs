//! `dossier completions SHELL`: the shell's completion script on standard
//! output, written by clap_complete from the command line's own definition.

use clap::CommandFactory;

use super::{CannotRun, EXIT_OK};
use crate::cli::{Cli, Shell};

pub fn run(shell: Shell) -> Result<u8, CannotRun> {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "dossier", &mut out);
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(CannotRun(format!("cannot write the completions: {e}"))),
    }
}
