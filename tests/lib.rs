//! Integration tests live in `integration.rs`; this library is empty on purpose.
