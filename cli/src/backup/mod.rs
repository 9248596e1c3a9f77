//! Backups: `cekbae backup` takes a consistent snapshot of the store (through the running server's admin
//! API, or directly on a stopped server's data directory) into one compressed file; `cekbae restore` loads
//! one into a data directory after checking that the data key opens it, or into a PostgreSQL database
//! (`restore_database`) in one transaction.

pub mod archive;
pub mod restore;
mod restore_database;
