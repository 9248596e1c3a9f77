//! The storage contract (`cekbae-store-contract`) on sled, each check in a fresh directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cekbae_bot::Store;
use cekbae_sled_store::SledStore;
use cekbae_store_contract::{Backend, Fixture};

struct Sled;

struct SledFixture {
    dir: tempfile::TempDir,
    store: Option<Arc<dyn Store>>,
}

impl Backend for Sled {
    fn fresh(&self) -> Box<dyn Fixture> {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        Box::new(SledFixture { dir, store: Some(store) })
    }
}

impl Fixture for SledFixture {
    fn store(&self) -> Arc<dyn Store> {
        Arc::clone(self.store.as_ref().expect("open"))
    }

    fn reopen(&mut self) {
        if let Some(store) = self.store.take() {
            store.flush().unwrap();
            assert_eq!(Arc::strong_count(&store), 1, "every handle is dropped before a reopen");
        }
        self.store = Some(Arc::new(SledStore::open(self.dir.path()).unwrap()));
    }

    fn bytes_at_rest(&mut self) -> Vec<u8> {
        if let Some(store) = &self.store {
            store.flush().unwrap();
        }
        files(self.dir.path()).iter().flat_map(|file| std::fs::read(file).unwrap()).collect()
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut res = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            res.extend(files(&path));
        } else {
            res.push(path);
        }
    }
    res
}

cekbae_store_contract::store_contract_tests!(Sled);
