//! `dossier build`: check, then render and write the site. With errors
//! nothing is written unless `--allow-errors` is given.

use std::path::{Path, PathBuf};

use super::{
    CannotRun, EXIT_OK, EXIT_PROBLEMS, diagnostics_format, load_and_check, print_diagnostics,
};
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
    let format = diagnostics_format(global)?;
    let mut target: Option<PathBuf> = output.map(Path::to_path_buf);
    let mut checked = load_and_check(vault, global, |config| {
        let out = target.get_or_insert_with(|| vault.join(&config.output_dir));
        vec![out.clone()]
    })?;
    let target = target.expect("set while loading");
    site::write::check_output(&target, vault).map_err(|e| CannotRun(e.to_string()))?;
    let template_problem = |file: &str, message: String| {
        Diagnostic::new("E-template", file, template_error_pos(&message), message)
            .help("fix the template, or remove it to use the built-in one")
    };
    let mut templates = match Templates::load(vault) {
        Ok(t) => Some(t),
        Err(e) => {
            checked
                .diagnostics
                .push(template_problem(&e.file, e.message));
            None
        }
    };
    let fails = checked.diagnostics.fails(global.strict);
    let Some(templates) = templates.as_mut().filter(|_| allow_errors || !fails) else {
        print_diagnostics(&checked, format);
        eprintln!("nothing written: fix the errors above, or pass --allow-errors");
        return Ok(EXIT_PROBLEMS);
    };
    let written = site::write_rendered(&checked, templates, &target, vault);
    if let Err(WriteError::Template(e)) = &written {
        checked
            .diagnostics
            .push(template_problem(&e.file, e.message.clone()));
        checked.diagnostics.sort();
    }
    print_diagnostics(&checked, format);
    match written {
        Ok(files) => eprintln!(
            "wrote {files} files to {} (open {})",
            target.display(),
            target.join("index.html").display()
        ),
        Err(WriteError::Template(_)) => {
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

/// tera points at the problem with `--> NAME:LINE:COLUMN`; the diagnostic
/// takes that position.
fn template_error_pos(message: &str) -> Pos {
    let found = message.split("--> ").nth(1).and_then(|rest| {
        let location = rest.split_whitespace().next()?;
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Pos::new(line, column))
    });
    found.unwrap_or(Pos::new(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_keep_teras_position() {
        let message = "error: Field `x` is not defined\n --> note.html:3:9\n  |";
        assert_eq!(template_error_pos(message), Pos::new(3, 9));
        assert_eq!(template_error_pos("no position"), Pos::new(1, 1));
    }
}
