//! Runs `cekbae` in-process with given arguments and stdin, capturing its output;
//! engine options for running `serve` in-process.

use std::collections::HashMap;
use std::path::Path;

use cekbae::args::EngineArgs;
use cekbae::secrets::{Secret, Secrets};
use cekbae_dialogues::vault::DataKey;

/// What one run printed.
pub(crate) struct Run {
    pub(crate) code: u8,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the command line in-process, with no secrets in its environment.
pub(crate) fn cekbae(args: &[&str], stdin: &str) -> Run {
    cekbae_with_env(args, &[], stdin)
}

/// Runs the command line in-process with `env` as the variables secrets are read from.
pub(crate) fn cekbae_with_env(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    let env: HashMap<String, String> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let lookup = move |name: &str| env.get(name).cloned();
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let argv = std::iter::once("cekbae").chain(args.iter().copied());
    let code = cekbae::run_with_env(argv, &lookup, stdin.as_bytes(), &mut stdout, &mut stderr);
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

/// An admin token long enough for `serve` (at least 32 characters).
pub(crate) const ADMIN_TOKEN: &str = "desk-token-for-tests-0123456789abcdef";

/// `args` with a fresh data key, as `serve` requires.
pub(crate) fn serving(args: EngineArgs) -> EngineArgs {
    EngineArgs {
        secrets: Secrets { data_key: Some(Secret::new(DataKey::generate().to_hex())), ..Secrets::default() },
        ..args
    }
}
