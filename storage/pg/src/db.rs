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

/// Connections turns may hold at once; the others stay for calls outside turns. A turn can need one of
/// those while it holds a row lock other turns wait for (the dialogue reads the office's closures through
/// the store while it books): were every connection held by a turn, it would wait for one that only its
/// own commit frees.
const TURN_SLOTS: usize = POOL_SIZE - 4;

/// How long a caller waits for a free connection or a new one before the database counts as unavailable.
const WAIT: Duration = Duration::from_secs(30);

/// The pool and the runtime its connections live on. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Db {
    /// Keeps the runtime alive while any clone lives.
    _runtime: Arc<OwnRuntime>,
    handle: tokio::runtime::Handle,
    pool: Pool,
    config: tokio_postgres::Config,
    turn_slots: Arc<Slots>,
}

/// The store's runtime, shut down without waiting when the last handle goes: a store may be dropped on an
/// async thread (the server's), where dropping a runtime outright would panic.
struct OwnRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A counting semaphore for blocking callers.
#[derive(Default)]
struct Slots {
    taken: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

/// A turn's slot, given back when dropped.
pub(crate) struct TurnSlot(Arc<Slots>);

impl Drop for TurnSlot {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(|it| it.into_inner());
        *taken -= 1;
        self.0.freed.notify_one();
    }
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
        let handle = runtime.handle().clone();
        Ok(Self { _runtime: Arc::new(OwnRuntime(Some(runtime))), handle, pool, config, turn_slots: Arc::default() })
    }

    /// Waits for `future` on the calling thread while the store's runtime drives the connections.
    pub(crate) fn run<F: Future>(&self, future: F) -> F::Output {
        let _context = self.handle.enter();
        futures_executor::block_on(future)
    }

    /// Waits for one of the slots turns may hold ([`TURN_SLOTS`]).
    pub(crate) fn turn_slot(&self) -> TurnSlot {
        let slots = &self.turn_slots;
        let mut taken = slots.taken.lock().unwrap_or_else(|it| it.into_inner());
        while *taken >= TURN_SLOTS {
            taken = slots.freed.wait(taken).unwrap_or_else(|it| it.into_inner());
        }
        *taken += 1;
        TurnSlot(Arc::clone(slots))
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
