//! Staff accounts (`accounts`: name → JSON account), their failed logins (`account_failures`: one row per
//! failure, so racing failures are all counted) and desk sessions (`web_sessions`: key → JSON session).

use chrono::{DateTime, Utc};

use cekbae_bot::storage::{Account, Accounts, StorageError, WebSession, WebSessions};

use crate::{codec, PgStore};

impl Accounts for PgStore {
    fn create(&self, account: &Account) -> Result<bool, StorageError> {
        let added = self.execute(
            "INSERT INTO accounts (name, body) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&account.name, &codec::json(account)?],
        )?;
        Ok(added == 1)
    }

    fn get(&self, name: &str) -> Result<Option<Account>, StorageError> {
        let rows = self.rows("SELECT body FROM accounts WHERE name = $1", &[&name])?;
        rows.into_iter().next().map(|row| codec::from_json(row.get(0))).transpose()
    }

    fn update(&self, account: &Account) -> Result<bool, StorageError> {
        let changed =
            self.execute("UPDATE accounts SET body = $2 WHERE name = $1", &[&account.name, &codec::json(account)?])?;
        Ok(changed == 1)
    }

    fn list(&self) -> Result<Vec<Account>, StorageError> {
        let rows = self.rows(r#"SELECT body FROM accounts ORDER BY name COLLATE "C""#, &[])?;
        rows.into_iter().map(|row| codec::from_json(row.get(0))).collect()
    }

    fn failed_login(
        &self,
        name: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StorageError> {
        self.execute("DELETE FROM account_failures WHERE name = $1 AND at < $2", &[&name, &since])?;
        self.execute("INSERT INTO account_failures (name, at) VALUES ($1, $2)", &[&name, &at])?;
        self.failed_logins(name)
    }

    fn failed_logins(&self, name: &str) -> Result<Vec<DateTime<Utc>>, StorageError> {
        let rows = self.rows("SELECT at FROM account_failures WHERE name = $1 ORDER BY at", &[&name])?;
        Ok(rows.into_iter().map(|row| row.get(0)).collect())
    }

    fn clear_failed_logins(&self, name: &str) -> Result<(), StorageError> {
        self.execute("DELETE FROM account_failures WHERE name = $1", &[&name])?;
        Ok(())
    }
}

impl WebSessions for PgStore {
    fn put(&self, key: &str, session: &WebSession) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO web_sessions (key, account, last_seen, body) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET account = $2, last_seen = $3, body = $4",
            &[&key, &session.account, &session.last_seen, &codec::json(session)?],
        )?;
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<WebSession>, StorageError> {
        let rows = self.rows("SELECT body FROM web_sessions WHERE key = $1", &[&key])?;
        rows.into_iter().next().map(|row| codec::from_json(row.get(0))).transpose()
    }

    fn remove(&self, key: &str) -> Result<bool, StorageError> {
        Ok(self.execute("DELETE FROM web_sessions WHERE key = $1", &[&key])? == 1)
    }

    fn remove_of(&self, account: &str) -> Result<usize, StorageError> {
        let removed = self.execute("DELETE FROM web_sessions WHERE account = $1", &[&account])?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }

    fn remove_idle(&self, before: DateTime<Utc>) -> Result<usize, StorageError> {
        let removed = self.execute("DELETE FROM web_sessions WHERE last_seen < $1", &[&before])?;
        Ok(usize::try_from(removed).unwrap_or(usize::MAX))
    }
}
