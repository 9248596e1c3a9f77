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

/// Every file under `dir`, in subfolders too.
pub(crate) fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The ways a NIK is written: in one run, in groups of four (space, dash, dot), and by its parts
/// (`PP KK CC DDMMYY SSSS`).
pub(crate) fn nik_forms(nik: &str) -> Vec<String> {
    let fours = [&nik[0..4], &nik[4..8], &nik[8..12], &nik[12..16]];
    let parts = [&nik[0..2], &nik[2..4], &nik[4..6], &nik[6..12], &nik[12..16]];
    let mut forms = vec![nik.to_owned()];
    for separator in [" ", "-", "."] {
        forms.push(fours.join(separator));
        forms.push(parts.join(separator));
    }
    forms
}

/// The first form of any of `niks` found in `bytes`.
pub(crate) fn nik_in(bytes: &[u8], niks: &[&str]) -> Option<String> {
    niks.iter().flat_map(|nik| nik_forms(nik)).find(|form| bytes.windows(form.len()).any(|w| w == form.as_bytes()))
}

/// Fails if any form of any of `niks` is found in the bytes of any file under `dir`.
pub(crate) fn assert_no_nik_at_rest(dir: &Path, niks: &[&str]) {
    let files = files_under(dir);
    assert!(!files.is_empty(), "no data under {}", dir.display());
    for file in files {
        let found = nik_in(&std::fs::read(&file).unwrap(), niks);
        assert!(found.is_none(), "{found:?} found in {}", file.display());
    }
}

/// An admin token long enough for `serve` (at least 32 characters).
pub(crate) const ADMIN_TOKEN: &str = "desk-token-for-tests-0123456789abcdef";

/// `args` with the data key of its data directory, as `serve` requires.
pub(crate) fn serving(args: EngineArgs) -> EngineArgs {
    let key = data_key(&args.data);
    EngineArgs { secrets: Secrets { data_key: Some(Secret::new(key)), ..Secrets::default() }, ..args }
}

/// The data key of a data directory in these tests: made once and kept beside the directory (as an
/// operator keeps it outside), the same for every restart and every desk command on that data.
pub(crate) fn data_key(data: &Path) -> String {
    let file = data.with_extension("test-key");
    if let Ok(key) = std::fs::read_to_string(&file) {
        return key;
    }
    let key = DataKey::generate().to_hex();
    std::fs::write(&file, &key).unwrap();
    key
}

/// Runs a command on `data` with that directory's data key, as an operator runs desk commands on the data
/// of a server that has it.
pub(crate) fn cekbae_on(data: &Path, args: &[&str], stdin: &str) -> Run {
    cekbae_with_env(args, &[("CEKBAE_DATA_KEY", &data_key(data))], stdin)
}
