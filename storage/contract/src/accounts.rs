//! Staff accounts, their failed logins, and signed-in desk sessions.

use std::sync::Arc;

use chrono::Duration;

use cekbae_bot::storage::{Account, Role, WebSession};
use cekbae_bot::Store;

use crate::support::now;
use crate::Backend;

fn account(name: &str, role: Role) -> Account {
    Account {
        name: name.to_owned(),
        role,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$hash-of-{name}"),
        disabled: false,
        created_at: now(),
    }
}

fn web_session(account: &str, minutes_ago: i64) -> WebSession {
    WebSession {
        account: account.to_owned(),
        csrf: format!("csrf-{account}"),
        started_at: now() - Duration::minutes(minutes_ago),
        last_seen: now() - Duration::minutes(minutes_ago),
    }
}

/// A name is taken once; an update replaces only an existing account; the list is by name; failed logins
/// are kept from `since`, counted under racing threads, and cleared; all of it survives a reopen.
pub fn accounts_and_failed_logins(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    {
        let store = fixture.store();
        let accounts = store.accounts();
        assert!(accounts.create(&account("siti", Role::Petugas)).unwrap());
        assert!(!accounts.create(&account("siti", Role::Admin)).unwrap(), "the name is taken");
        assert_eq!(accounts.get("siti").unwrap().unwrap().role, Role::Petugas, "the first one stays");
        assert!(accounts.create(&account("asep", Role::Camat)).unwrap());
        let mut disabled = account("siti", Role::Petugas);
        disabled.disabled = true;
        assert!(accounts.update(&disabled).unwrap());
        assert!(!accounts.update(&account("nobody", Role::Admin)).unwrap(), "no such account");
        assert_eq!(accounts.get("nobody").unwrap(), None, "an update does not create");
        assert_eq!(accounts.list().unwrap().iter().map(|it| it.name.as_str()).collect::<Vec<_>>(), ["asep", "siti"]);

        let at = |minutes: i64| now() + Duration::minutes(minutes);
        assert_eq!(accounts.failed_login("asep", at(0), at(-15)).unwrap(), [at(0)]);
        assert_eq!(accounts.failed_login("asep", at(1), at(-14)).unwrap(), [at(0), at(1)]);
        assert_eq!(accounts.failed_login("asep", at(20), at(5)).unwrap(), [at(20)], "older ones forgotten");
        assert!(accounts.failed_logins("siti").unwrap().is_empty());
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let store: Arc<dyn Store> = Arc::clone(&store);
                std::thread::spawn(move || store.accounts().failed_login("siti", at(n), at(-60)).unwrap())
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(accounts.failed_logins("siti").unwrap().len(), 8, "racing failures are all counted");
        accounts.clear_failed_logins("siti").unwrap();
        assert!(accounts.failed_logins("siti").unwrap().is_empty());
    }
    fixture.reopen();
    let store = fixture.store();
    assert!(store.accounts().get("siti").unwrap().unwrap().disabled, "durable");
    assert_eq!(store.accounts().failed_logins("asep").unwrap().len(), 1, "durable");
}

/// Sessions by key: replaced, removed one by one, by account, and when idle; durable.
pub fn web_sessions_by_key_account_and_idleness(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    {
        let store = fixture.store();
        let sessions = store.web_sessions();
        sessions.put("k1", &web_session("siti", 0)).unwrap();
        sessions.put("k2", &web_session("siti", 600)).unwrap();
        sessions.put("k3", &web_session("asep", 10)).unwrap();
        sessions.put("k4", &web_session("budi", 30)).unwrap();
        let mut touched = web_session("asep", 10);
        touched.last_seen = now();
        sessions.put("k3", &touched).unwrap();
        assert_eq!(sessions.get("k3").unwrap().unwrap().last_seen, now(), "replaced");
        assert_eq!(sessions.get("nope").unwrap(), None);
        assert_eq!(sessions.remove_idle(now() - Duration::minutes(60)).unwrap(), 1, "only k2 idle that long");
        assert_eq!(sessions.get("k2").unwrap(), None);
        assert!(sessions.remove("k4").unwrap());
        assert!(!sessions.remove("k4").unwrap());
    }
    fixture.reopen();
    let store = fixture.store();
    assert_eq!(store.web_sessions().get("k1").unwrap().unwrap().csrf, "csrf-siti", "durable");
    assert_eq!(store.web_sessions().remove_of("siti").unwrap(), 1);
    assert_eq!(store.web_sessions().get("k1").unwrap(), None);
    assert!(store.web_sessions().get("k3").unwrap().is_some(), "others' sessions stay");
}
