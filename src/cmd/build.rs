//! `dossier build`: check, then render and write the site. With errors
//! nothing is written unless `--allow-errors` is given.

use std::path::{Path, PathBuf};

use super::{CannotRun, EXIT_OK, EXIT_PROBLEMS, load_and_check, print_diagnostics};
use crate::cli::Global;
use crate::diagnostics::Diagnostic;
use crate::render::templates::Templates;
use crate::site::write::WriteError;
use crate::site::{self, OutputError};
use crate::vault::yaml::Pos;

pub fn run(
    vault: &Path,
    output: Option<&Path>,
    allow_errors: bool,
    global: &Global,
) -> Result<u8, CannotRun> {
    let mut target: Option<PathBuf> = output.map(Path::to_path_buf);
    let mut checked = load_and_check(vault, global, |config| {
        let out = target.get_or_insert_with(|| vault.join(&config.output_dir));
        vec![out.clone()]
    })?;
    let target = target.expect("set while loading");
    site::write::check_output(&target, vault).map_err(|e| CannotRun(e.to_string()))?;
    let templates = match Templates::load(vault) {
        Ok(t) => Some(t),
        Err(e) => {
            checked.diagnostics.push(
                Diagnostic::new("E-template", &e.file, Pos::new(1, 1), e.message)
                    .help("fix the template, or remove it to use the built-in one"),
            );
            None
        }
    };
    let fails = checked.diagnostics.fails(global.strict);
    if fails && !allow_errors || templates.is_none() {
        print_diagnostics(&checked, global.format);
        eprintln!("nothing written: fix the errors above, or pass --allow-errors");
        return Ok(EXIT_PROBLEMS);
    }
    let mut templates = templates.expect("checked above");
    print_diagnostics(&checked, global.format);
    match site::write_rendered(&checked, &mut templates, &target, vault) {
        Ok(files) => {
            eprintln!(
                "wrote {files} files to {} (open {})",
                target.display(),
                target.join("index.html").display()
            );
        }
        Err(WriteError::Template(e)) => {
            let mut only = crate::diagnostics::Diagnostics::default();
            only.push(Diagnostic::new(
                "E-template",
                &e.file,
                Pos::new(1, 1),
                e.message,
            ));
            checked.diagnostics = only;
            print_diagnostics(&checked, global.format);
            eprintln!("nothing written: a template failed to render");
            return Ok(EXIT_PROBLEMS);
        }
        Err(WriteError::Output(OutputError::Refused(m))) => return Err(CannotRun(m)),
        Err(WriteError::Output(OutputError::Io(e))) => {
            return Err(CannotRun(format!("nothing written: {e}")));
        }
    }
    Ok(if fails { EXIT_PROBLEMS } else { EXIT_OK })
}
