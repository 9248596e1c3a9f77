//! Signing in and out of the desk in the browser: password checks with a lockout after repeated failures,
//! sessions that end after hours of idleness, and the random tokens behind the cookie and the forms.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use cekbae_bot::storage::{Account, WebSession};

use crate::desk::accounts::password_matches;
use crate::desk::{Desk, Requester};

/// Failed logins within [`LOCK_WINDOW`] that lock an account.
pub const LOCK_AFTER: usize = 5;
/// How long those failures count, and how long the lock lasts.
pub const LOCK_WINDOW: Duration = Duration::minutes(15);
/// A session not used for this long has ended.
pub const IDLE_LIMIT: Duration = Duration::hours(8);

/// A hash of a password nobody has, checked for unknown names so they take as long as known ones.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| crate::desk::accounts::hash_password("not-a-password-anyone-has").unwrap_or_default());

/// How a login went.
#[derive(Debug)]
pub enum Login {
    /// Signed in: `token` goes in the cookie.
    Signed {
        /// The cookie's value (only its hash is stored).
        token: String,
        /// The account.
        account: Account,
    },
    /// Wrong name or password (or a disabled account: not told apart).
    Refused,
    /// Too many failures: refused until then, whatever the password.
    Locked {
        /// When the lock ends.
        until: DateTime<Utc>,
    },
}

/// A signed-in request: the account, its session, and the key the session is stored under.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The account.
    pub account: Account,
    /// The session (its CSRF token).
    pub session: WebSession,
    /// Where it is stored.
    pub key: String,
    /// What vouched for the request, for the audit log.
    pub via: String,
}

impl Signed {
    /// The signed-in user as the audit log names them.
    pub fn requester(&self) -> Requester {
        Requester { name: self.account.name.clone(), via: self.via.clone() }
    }
}

/// 32 random bytes in hex.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no randomness from the system: {err}"))?;
    Ok(hex::encode(bytes))
}

/// The key a session is stored under: the cookie's hash, so what is at rest cannot be used as a cookie.
pub fn session_key(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// When the lock made by these failures (oldest first) ends, if they make one: [`LOCK_AFTER`] failures
/// within [`LOCK_WINDOW`] lock the account for that long after the last of them.
pub fn locked_until(failures: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
    let recent = failures.get(failures.len().checked_sub(LOCK_AFTER)?..)?;
    let (first, last) = (recent.first()?, recent.last()?);
    (*last - *first <= LOCK_WINDOW).then(|| *last + LOCK_WINDOW)
}

impl Desk {
    /// Checks a login from `via` (the address) and starts a session; every outcome is audited.
    pub fn sign_in(&self, name: &str, password: &str, via: &str) -> anyhow::Result<Login> {
        let store = self.engine.store();
        let now = self.engine.now();
        let who = Requester { name: name.chars().take(64).collect(), via: via.to_owned() };
        let account = store.accounts().get(name).context("cannot read the accounts")?;
        let Some(account) = account else {
            password_matches(&DUMMY_HASH, password);
            self.audit_login("login-failed", &who)?;
            tracing::warn!(via, "desk login with an unknown name refused");
            return Ok(Login::Refused);
        };
        let failures = store.accounts().failed_logins(name).context("cannot read failed logins")?;
        if let Some(until) = locked_until(&failures).filter(|until| now < *until) {
            self.audit_login("login-locked", &who)?;
            tracing::warn!(user = name, via, %until, "desk login to a locked account refused");
            return Ok(Login::Locked { until });
        }
        if account.disabled || !password_matches(&account.password_hash, password) {
            let failures =
                store.accounts().failed_login(name, now, now - LOCK_WINDOW).context("cannot count failed logins")?;
            self.audit_login("login-failed", &who)?;
            tracing::warn!(user = name, via, failures = failures.len(), "desk login refused");
            if let Some(until) = locked_until(&failures) {
                self.audit_login("user-locked", &who)?;
                tracing::warn!(user = name, via, %until, "desk account locked after repeated failed logins");
                return Ok(Login::Locked { until });
            }
            return Ok(Login::Refused);
        }
        store.accounts().clear_failed_logins(name).context("cannot clear failed logins")?;
        let token = random_token()?;
        let session =
            WebSession { account: account.name.clone(), csrf: random_token()?, started_at: now, last_seen: now };
        store.web_sessions().put(&session_key(&token), &session).context("cannot store the session")?;
        // Sessions long idle are dropped now and then, so the store does not keep them forever.
        store.web_sessions().remove_idle(now - IDLE_LIMIT).context("cannot drop idle sessions")?;
        self.audit_login("login", &who)?;
        tracing::info!(user = name, via, "desk login");
        Ok(Login::Signed { token, account })
    }

    /// The signed-in user of the cookie `token`, marking the session used; `None` when there is no such
    /// session, it was idle too long (it is ended), or the account is disabled.
    pub fn signed_in(&self, token: &str, via: &str) -> anyhow::Result<Option<Signed>> {
        let store = self.engine.store();
        let now = self.engine.now();
        let key = session_key(token);
        let Some(mut session) = store.web_sessions().get(&key).context("cannot read the session")? else {
            return Ok(None);
        };
        if now - session.last_seen > IDLE_LIMIT {
            store.web_sessions().remove(&key).context("cannot end the session")?;
            tracing::info!(user = %session.account, "desk session ended after idle hours");
            return Ok(None);
        }
        let account = store.accounts().get(&session.account).context("cannot read the accounts")?;
        let Some(account) = account.filter(|it| !it.disabled) else {
            store.web_sessions().remove(&key).context("cannot end the session")?;
            return Ok(None);
        };
        // Written at most once a minute: every page view need not be a disk write.
        if now - session.last_seen >= Duration::minutes(1) || now < session.last_seen {
            session.last_seen = now;
            store.web_sessions().put(&key, &session).context("cannot store the session")?;
        }
        Ok(Some(Signed { account, session, key, via: format!("desk session from {via}") }))
    }

    /// Ends a session; audited.
    pub fn sign_out(&self, signed: &Signed) -> anyhow::Result<()> {
        self.engine.store().web_sessions().remove(&signed.key).context("cannot end the session")?;
        self.audit_login("logout", &signed.requester())
    }

    fn audit_login(&self, action: &str, who: &Requester) -> anyhow::Result<()> {
        self.audit(&self.audit_entry(action, Vec::new(), who))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_within_fifteen_minutes_lock_for_fifteen_minutes_after_the_last() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").unwrap().with_timezone(&Utc);
        let at = |minutes: i64| t0 + Duration::minutes(minutes);
        assert_eq!(locked_until(&[at(0), at(1), at(2), at(3)]), None);
        assert_eq!(locked_until(&[at(0), at(1), at(2), at(3), at(4)]), Some(at(19)));
        assert_eq!(locked_until(&[at(0), at(1), at(2), at(3), at(16)]), None, "spread over more than 15 minutes");
        assert_eq!(locked_until(&[at(0), at(10), at(11), at(12), at(13), at(14)]), Some(at(29)));
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(session_key(&a), a);
        assert_eq!(session_key(&a), session_key(&a));
    }
}
