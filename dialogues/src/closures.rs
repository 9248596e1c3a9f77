//! Local closures: days the office decides to close (an office event, a camat's decision), kept by the store
//! ([`cekbae_bot::storage::Closures`]).
//!
//! National holidays are data in `holidays.toml`; a closure is decided by the
//! office and added with `cekbae closures add` without touching the catalog.
//! The [`crate::schedule::Calendar`] reads the store for every offer and
//! booking, so a closure added while the server runs takes effect at once.

pub use cekbae_bot::storage::{Closure, MAX_REASON_CHARS};
