//! The storage contract (`cekbae-store-contract`) on PostgreSQL, each check in a fresh schema of the test
//! database (`CEKBAE_TEST_DATABASE_URL`); without it, each check says it was skipped.

use std::sync::Arc;

use cekbae_bot::storage::{Sealer, Vault};
use cekbae_bot::Store;
use cekbae_pg_store::scratch::{test_database_url, ScratchSchema};
use cekbae_pg_store::PgStore;
use cekbae_store_contract::{Backend, Fixture};

struct Pg;

struct PgFixture {
    store: Option<Arc<dyn Store>>,
    sealer: Arc<dyn Sealer>,
    // Dropped last: the schema goes after the store's connections.
    schema: ScratchSchema,
}

impl Backend for Pg {
    fn available(&self) -> bool {
        test_database_url("storage contract on PostgreSQL").is_some()
    }

    fn fresh(&self) -> Box<dyn Fixture> {
        let url = test_database_url("storage contract on PostgreSQL").expect("checked by available()");
        let schema = ScratchSchema::create(&url).unwrap();
        let sealer: Arc<dyn Sealer> = Arc::new(Vault::from_key_material(b"contract data key"));
        let store: Arc<dyn Store> = Arc::new(PgStore::open(&schema.url(), Arc::clone(&sealer)).unwrap());
        Box::new(PgFixture { store: Some(store), sealer, schema })
    }
}

impl Fixture for PgFixture {
    fn store(&self) -> Arc<dyn Store> {
        Arc::clone(self.store.as_ref().expect("open"))
    }

    fn reopen(&mut self) {
        if let Some(store) = self.store.take() {
            assert_eq!(Arc::strong_count(&store), 1, "every handle is dropped before a reopen");
        }
        self.store = Some(Arc::new(PgStore::open(&self.schema.url(), Arc::clone(&self.sealer)).unwrap()));
    }

    fn bytes_at_rest(&mut self) -> Vec<u8> {
        self.schema.bytes_at_rest()
    }
}

cekbae_store_contract::store_contract_tests!(Pg);
