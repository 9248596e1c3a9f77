//! Office staff accounts for the desk in the browser: a name, a role, a password hash, and the failed
//! logins that lock an account for a while. The store keeps what it is given; the rules (how many failures
//! lock, for how long, how passwords are hashed) are the desk's.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::StorageError;

/// What a staff member may do on the desk; each role may do everything the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the report (the camat).
    Camat,
    /// Also appointments, handovers and closures (the counter).
    Petugas,
    /// Also accounts and the audit log.
    Admin,
}

/// One staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The login name, unique.
    pub name: String,
    /// What the account may do.
    pub role: Role,
    /// The password as a PHC string (Argon2id); never the password itself.
    pub password_hash: String,
    /// A disabled account cannot sign in; its sessions end.
    pub disabled: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// Staff accounts by name. Every change is durable when it returns.
pub trait Accounts {
    /// Adds an account; `false` (and nothing changed) when the name is taken.
    fn create(&self, account: &Account) -> Result<bool, StorageError>;

    /// The account called `name`.
    fn get(&self, name: &str) -> Result<Option<Account>, StorageError>;

    /// Replaces a stored account (a new password, disabled); `false` when there is none by that name.
    fn update(&self, account: &Account) -> Result<bool, StorageError>;

    /// Every account, by name.
    fn list(&self) -> Result<Vec<Account>, StorageError>;

    /// Records a failed login of `name` at `at`, forgetting failures before `since`, and returns the times of
    /// the failures kept (oldest first). Atomic: failures racing each other are all counted.
    fn failed_login(
        &self,
        name: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StorageError>;

    /// The failed logins of `name` kept since the last success, oldest first.
    fn failed_logins(&self, name: &str) -> Result<Vec<DateTime<Utc>>, StorageError>;

    /// Forgets the failed logins of `name` (after a success, or a new password).
    fn clear_failed_logins(&self, name: &str) -> Result<(), StorageError>;
}
