//! Runs `cekbae` in-process with given arguments and stdin, capturing its output.

use std::path::Path;

/// What one run printed.
pub(crate) struct Run {
    pub(crate) code: u8,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the command line in-process.
pub(crate) fn cekbae(args: &[&str], stdin: &str) -> Run {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let argv = std::iter::once("cekbae").chain(args.iter().copied());
    let code = cekbae::run(argv, stdin.as_bytes(), &mut stdout, &mut stderr);
    Run {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The repository root (the workspace folder).
pub(crate) fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace root")
}
