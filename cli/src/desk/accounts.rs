//! Office staff accounts (`cekbae users`, the desk's users page): names, roles, Argon2id password hashes,
//! disabling. Each change is audited with who made it.

use anyhow::Context;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use cekbae_bot::storage::{Account, Role};

use super::{Desk, Requester};
use crate::desk::refusal::Refusal;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest name accepted.
const MAX_NAME_CHARS: usize = 32;

/// An account as the desk shows it (no hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// The login name.
    pub name: String,
    /// `admin`, `petugas` or `camat`.
    pub role: Role,
    /// Whether it can no longer sign in.
    pub disabled: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

impl From<&Account> for AccountView {
    fn from(account: &Account) -> Self {
        Self {
            name: account.name.clone(),
            role: account.role,
            disabled: account.disabled,
            created_at: account.created_at,
        }
    }
}

/// A role as typed: `admin`, `petugas`, `camat`.
pub fn parse_role(value: &str) -> Option<Role> {
    match value {
        "admin" => Some(Role::Admin),
        "petugas" => Some(Role::Petugas),
        "camat" => Some(Role::Camat),
        _ => None,
    }
}

/// A role as shown and typed.
pub fn role_word(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Petugas => "petugas",
        Role::Camat => "camat",
    }
}

/// A login name: 1–32 of a-z, 0-9, `.`, `_`, `-` (it appears in the audit log and in pages).
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let fine = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || !name.chars().all(fine) {
        return Err(Refusal::BadUserName(MAX_NAME_CHARS).into());
    }
    Ok(())
}

/// A password long enough, as an Argon2id hash (PHC string) with a fresh salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Refusal::ShortPassword(MIN_PASSWORD_CHARS).into());
    }
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|err| anyhow::anyhow!("cannot hash the password: {err}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored hash (in constant time, by the argon2 crate).
pub fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Desk {
    /// Every account, by name.
    pub fn users(&self) -> anyhow::Result<Vec<AccountView>> {
        let list = self.engine.store().accounts().list().context("cannot read the accounts")?;
        Ok(list.iter().map(AccountView::from).collect())
    }

    /// Makes an account; audited.
    pub fn add_user(&self, name: &str, role: Role, password: &str, who: &Requester) -> anyhow::Result<AccountView> {
        check_name(name)?;
        let account = Account {
            name: name.to_owned(),
            role,
            password_hash: hash_password(password)?,
            disabled: false,
            created_at: self.engine.now(),
        };
        if !self.engine.store().accounts().create(&account).context("cannot store the account")? {
            return Err(Refusal::UserExists(name.to_owned()).into());
        }
        self.audit_user("user-added", name, who)?;
        tracing::info!(who = %who.name, via = %who.via, user = name, role = role_word(role), "desk user added");
        Ok(AccountView::from(&account))
    }

    /// Disables an account and ends its sessions; audited.
    pub fn disable_user(&self, name: &str, who: &Requester) -> anyhow::Result<AccountView> {
        let mut account = self.account(name)?;
        account.disabled = true;
        self.engine.store().accounts().update(&account).context("cannot store the account")?;
        self.engine.store().web_sessions().remove_of(name).context("cannot end the user's sessions")?;
        self.audit_user("user-disabled", name, who)?;
        tracing::info!(who = %who.name, via = %who.via, user = name, "desk user disabled");
        Ok(AccountView::from(&account))
    }

    /// Sets a new password (and enables the account again), ends its sessions and lifts a lockout; audited.
    pub fn set_password(&self, name: &str, password: &str, who: &Requester) -> anyhow::Result<AccountView> {
        let mut account = self.account(name)?;
        account.password_hash = hash_password(password)?;
        account.disabled = false;
        let store = self.engine.store();
        store.accounts().update(&account).context("cannot store the account")?;
        store.accounts().clear_failed_logins(name).context("cannot clear failed logins")?;
        store.web_sessions().remove_of(name).context("cannot end the user's sessions")?;
        self.audit_user("user-password", name, who)?;
        tracing::info!(who = %who.name, via = %who.via, user = name, "desk user's password changed");
        Ok(AccountView::from(&account))
    }

    /// The account called `name`, or an error saying there is none.
    pub(crate) fn account(&self, name: &str) -> anyhow::Result<Account> {
        let found = self.engine.store().accounts().get(name).context("cannot read the accounts")?;
        found.ok_or_else(|| Refusal::NoUser(name.to_owned()).into())
    }

    fn audit_user(&self, action: &str, name: &str, who: &Requester) -> anyhow::Result<()> {
        self.audit(&self.audit_entry(action, vec![name.to_owned()], who))
    }
}
