//! The connection to PostgreSQL behind a blocking facade: tokio-postgres connections in a deadpool pool,
//! driven by a small runtime of the store's own. The engine calls storage from blocking threads (tokio's
//! `spawn_blocking`, the console, desk commands); each call enters the store's runtime and waits for the
//! query on the calling thread, so it works the same from a plain thread or from inside another runtime.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use cekbae_bot::storage::{ErrorKind, StorageError};
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio_postgres::config::SslMode;
use tokio_postgres::NoTls;

use crate::error::from_pool;

/// Connections one instance keeps at most: turns run on tokio's blocking threads, and a turn holds one
/// connection for its whole length (its transaction carries the resident's lock).
const POOL_SIZE: usize = 16;

/// How long a caller waits for a free connection or a new one before the database counts as unavailable.
const WAIT: Duration = Duration::from_secs(30);

/// The pool and the runtime its connections live on. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Db {
    runtime: Arc<tokio::runtime::Runtime>,
    pool: Pool,
    config: tokio_postgres::Config,
}

impl Db {
    /// Parses `url` and makes the pool (no connection is opened yet).
    pub(crate) fn new(url: &str) -> Result<Self, StorageError> {
        let config: tokio_postgres::Config =
            url.parse().map_err(|err| StorageError::new(ErrorKind::Unavailable, format!("database URL: {err}")))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("cekbae-pg")
            .enable_all()
            .build()
            .map_err(StorageError::unavailable)?;
        let manager_config = ManagerConfig { recycling_method: RecyclingMethod::Fast };
        let manager = if config.get_ssl_mode() == SslMode::Require {
            Manager::from_config(config.clone(), crate::tls::connector()?, manager_config)
        } else {
            Manager::from_config(config.clone(), NoTls, manager_config)
        };
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|err| StorageError::unavailable(err.to_string()))?;
        Ok(Self { runtime: Arc::new(runtime), pool, config })
    }

    /// Waits for `future` on the calling thread while the store's runtime drives the connections.
    pub(crate) fn run<F: Future>(&self, future: F) -> F::Output {
        let _context = self.runtime.enter();
        futures_executor::block_on(future)
    }

    /// A connection from the pool.
    pub(crate) fn get(&self) -> Result<Object, StorageError> {
        self.run(self.pool.get()).map_err(from_pool)
    }

    /// A connection of its own, outside the pool (the instance's anchor, see `instance`).
    pub(crate) fn dedicated(&self) -> Result<tokio_postgres::Client, StorageError> {
        let config = self.config.clone();
        let tls = if config.get_ssl_mode() == SslMode::Require { Some(crate::tls::connector()?) } else { None };
        let connect = async move {
            if let Some(tls) = tls {
                let (client, connection) = config.connect(tls).await?;
                tokio::spawn(async move { log_end(connection.await) });
                Ok::<_, tokio_postgres::Error>(client)
            } else {
                let (client, connection) = config.connect(NoTls).await?;
                tokio::spawn(async move { log_end(connection.await) });
                Ok(client)
            }
        };
        self.run(async { tokio::time::timeout(WAIT, connect).await })
            .map_err(|_| StorageError::unavailable("timed out connecting to the database"))?
            .map_err(crate::error::from_pg)
    }
}

fn log_end(result: Result<(), tokio_postgres::Error>) {
    if let Err(err) = result {
        tracing::warn!(error = %err, "database connection ended");
    }
}
