//! `dossier serve`: the command line's way into the preview (`crate::serve`),
//! which it drives with the options given and whose failure to start is
//! exit 2.

use std::net::IpAddr;
use std::path::Path;

use super::{CannotRun, EXIT_OK};
use crate::cli::Global;

/// The preview's own options, as the command line gives them.
pub struct ServeArgs {
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
}

pub fn run(vault: &Path, args: &ServeArgs, global: &Global) -> Result<u8, CannotRun> {
    let options = crate::serve::Options {
        vault: vault.to_path_buf(),
        config: global.config.clone(),
        as_of: global.as_of,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
    };
    crate::serve::run(&options).map_err(|e| CannotRun(e.0))?;
    Ok(EXIT_OK)
}
