//! The storage contract (`cekbae-store-contract`) on PostgreSQL, each check in a fresh schema of the test
//! database (`CEKBAE_TEST_DATABASE_URL`); without it, each check says it was skipped.

use std::process::Command;
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

    /// A `pg_dump` of the schema's data, with every `bytea` value also decoded from its hex form, so a value
    /// stored unsealed in a binary column is found as well.
    fn bytes_at_rest(&mut self) -> Vec<u8> {
        let out = Command::new("pg_dump")
            .args(["--data-only", "--schema", self.schema.name(), "--dbname", self.schema.base_url()])
            .output()
            .expect("pg_dump runs (Debian: postgresql-client)");
        assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut res = out.stdout.clone();
        res.extend(decode_hex_literals(&String::from_utf8_lossy(&out.stdout)));
        res
    }
}

/// The bytes of every `\x…` hex literal in a dump.
fn decode_hex_literals(dump: &str) -> Vec<u8> {
    let mut res = Vec::new();
    for part in dump.split("\\\\x").skip(1) {
        let hex: Vec<u8> = part.bytes().take_while(u8::is_ascii_hexdigit).collect();
        for pair in hex.chunks_exact(2) {
            let text = std::str::from_utf8(pair).unwrap_or("00");
            res.push(u8::from_str_radix(text, 16).unwrap_or(0));
        }
        res.push(b'\n');
    }
    res
}

cekbae_store_contract::store_contract_tests!(Pg);
