//! Serving a router the way a public service must: a client has [`HttpLimits::header_timeout`]
//! to send its request head and [`HttpLimits::body_timeout`] to send its body, at most
//! [`HttpLimits::max_connections`] connections are open at once (the rest wait in the
//! kernel's backlog, so file descriptors stay free for the database and the Graph API),
//! and a stop waits at most [`HttpLimits::shutdown_grace`] for connections in hand.
//! Every request carries its peer's address ([`axum::extract::ConnectInfo`]).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{sleep, Sleep};
use tower::ServiceExt;

/// Limits of one listener; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Time to send the request line and headers (and, on a kept-alive connection, the next request's).
    pub header_timeout: Duration,
    /// Time to send the whole body once the headers arrived.
    pub body_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Webhook requests handled at once; more get 503 at once (channels retry), so
    /// bodies being read never take more than this many times the body limit in memory.
    pub max_requests_in_flight: usize,
    /// How long a stop waits for connections in hand before closing them.
    pub shutdown_grace: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(15),
            max_connections: 1024,
            max_requests_in_flight: 128,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// File descriptors kept for everything but client connections: the database's
/// files, connections to the Graph API and Telegram, the admin listener.
pub const RESERVED_FILES: u64 = 256;

impl HttpLimits {
    /// These limits with at most as many connections as `open_files` allows
    /// (keeping [`RESERVED_FILES`] for the rest of the process).
    pub fn within_open_files(self, open_files: u64) -> Self {
        let room = usize::try_from(open_files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX).max(16);
        Self { max_connections: self.max_connections.min(room), ..self }
    }
}

/// Raises the soft limit on open files towards the hard one (up to 65,536),
/// where the system allows it; returns the limit in force afterwards.
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
        const WANTED: u64 = 65_536;
        let limit = getrlimit(Resource::Nofile);
        let current = limit.current?;
        let target = limit.maximum.map_or(WANTED, |max| max.min(WANTED));
        if target > current {
            match setrlimit(Resource::Nofile, Rlimit { current: Some(target), maximum: limit.maximum }) {
                Ok(()) => return Some(target),
                Err(err) => tracing::warn!(error = %err, current, target, "cannot raise the open-file limit"),
            }
        }
        Some(current)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Serves `router` on `listener` until `stop` turns true, then lets requests in
/// hand finish for up to `limits.shutdown_grace` and closes what is left.
pub async fn serve(listener: TcpListener, router: Router, limits: HttpLimits, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let mut connections = JoinSet::new();
    loop {
        // A free slot first: beyond the cap, clients wait in the backlog instead of taking descriptors.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let (stream, peer) = match accepted {
            Ok(it) => it,
            Err(err) => {
                // Out of descriptors, or a connection reset before it was taken: wait a moment, go on.
                tracing::warn!(error = %err, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let body_timeout = limits.body_timeout;
        let service = router.clone().map_request(move |request: hyper::Request<hyper::body::Incoming>| {
            let (mut parts, body) = request.into_parts();
            parts.extensions.insert(ConnectInfo(peer));
            let body = DeadlineBody { inner: axum::body::Body::new(body), deadline: Box::pin(sleep(body_timeout)) };
            axum::extract::Request::from_parts(parts, axum::body::Body::new(body))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, %peer, "connection ended with an error");
            }
            drop(slot);
        });
        // Finished connections are reaped as we go, so the set stays as large as the open ones.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(open = connections.len(), "connections still open after the shutdown grace period are closed");
        }
    }
    connections.shutdown().await;
}

/// A request body that fails once its deadline has passed, however steadily its
/// bytes trickle in. (tower-http's `TimeoutBody` restarts its clock at every frame,
/// so a client sending a byte every few seconds would never trip it.)
struct DeadlineBody {
    inner: axum::body::Body,
    deadline: Pin<Box<Sleep>>,
}

/// The body did not arrive within [`HttpLimits::body_timeout`].
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

impl http_body::Body for DeadlineBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))));
        }
        Pin::new(&mut this.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The peer of a request served by [`serve`] (unknown in tests that call a router directly).
pub fn peer_of(request: &axum::extract::Request) -> Option<SocketAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|it| it.0)
}
