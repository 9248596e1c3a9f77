//! CI's short smoke of the fuzz targets, on stable Rust: every stored input
//! (the seeds, and the minimised corpus the long libFuzzer runs left in
//! `fuzz/corpus/`) goes through its target's check again.

use std::path::{Path, PathBuf};

use cekbae_fuzz_checks::TARGETS;

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_stored_input_passes_its_check_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (target, check) in TARGETS {
        let seeds = inputs(&root.join("seeds").join(target));
        assert!(!seeds.is_empty(), "{target} has seeds");
        let corpus = inputs(&root.join("corpus").join(target));
        for file in seeds.iter().chain(&corpus) {
            let data = std::fs::read(file).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails its check", file.display());
        }
        eprintln!("{target}: {} seeds, {} corpus inputs", seeds.len(), corpus.len());
    }
}
