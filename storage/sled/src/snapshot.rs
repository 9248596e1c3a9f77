//! [`Snapshots`] for sled: every tree's records as stored. Consistency: turns are the only writes that
//! change several records together, and their commits wait while an export runs (`commits`, a lock turns
//! share and an export holds alone); every other write is one record, whole in the export or not in it.
//! `sequences` is read last, so a restored store never hands out an id a record in it already has.

use cekbae_bot::storage::{ErrorKind, SnapshotRecord, Snapshots, StorageError};

use crate::error::SledResult;
use crate::keys::DATA_KEY;
use crate::SledStore;

/// The backend's name in snapshots.
const BACKEND: &str = "sled";
/// Key material, which a freshly opened store already has.
const META: &str = "meta";
/// Read last (see the module documentation).
const SEQUENCES: &str = "sequences";

impl Snapshots for SledStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn export(&self, sink: &mut dyn FnMut(SnapshotRecord) -> Result<(), StorageError>) -> Result<u64, StorageError> {
        let _no_commits = self.inner.commits.write().unwrap_or_else(|it| it.into_inner());
        let mut names = self.tree_names()?;
        // Stable order, sequences last.
        names.sort_by_key(|name| (name == SEQUENCES, name.clone()));
        let mut count = 0;
        for name in names {
            let tree = self.inner.db.open_tree(&name).storage()?;
            for entry in tree.iter() {
                let (key, value) = entry.storage()?;
                let own_key = name == META && &*key == DATA_KEY.as_bytes();
                sink(SnapshotRecord { collection: name.clone(), key: key.to_vec(), value: value.to_vec(), own_key })?;
                count += 1;
            }
        }
        Ok(count)
    }

    fn import(
        &self,
        records: &mut dyn Iterator<Item = Result<SnapshotRecord, StorageError>>,
    ) -> Result<u64, StorageError> {
        let _no_commits = self.inner.commits.write().unwrap_or_else(|it| it.into_inner());
        for name in self.tree_names()? {
            if name != META && !self.inner.db.open_tree(&name).storage()?.is_empty() {
                return Err(StorageError::new(
                    ErrorKind::Conflict,
                    format!("the store already holds records ({name})"),
                ));
            }
        }
        let mut count = 0;
        for record in records {
            let record = record?;
            let tree = self.inner.db.open_tree(&record.collection).storage()?;
            tree.insert(record.key, record.value).storage()?;
            count += 1;
        }
        // A backup made by an older version holds the turn tree's parts in trees of their own.
        self.trees().move_older_parts(&self.inner.db)?;
        // Ids reserved before the load may be below the loaded sequences.
        self.inner.blocks.clear();
        self.inner.db.flush().storage()?;
        Ok(count)
    }
}

impl SledStore {
    /// The names of the trees that hold the store's records (sled's own default tree is not used).
    fn tree_names(&self) -> Result<Vec<String>, StorageError> {
        let default = self.inner.db.name();
        self.inner
            .db
            .tree_names()
            .into_iter()
            .filter(|name| *name != default)
            .map(|name| String::from_utf8(name.to_vec()).map_err(StorageError::corrupt))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use cekbae_bot::storage::{AuditEntry, TurnCommit};
    use cekbae_bot::{Store, UserKey};
    use chrono::Utc;

    use super::*;

    fn entry(who: &str) -> AuditEntry {
        AuditEntry {
            at: Utc::now(),
            who: who.into(),
            via: "test".into(),
            action: "reveal".into(),
            tickets: vec![],
            day: None,
        }
    }

    fn export(store: &SledStore) -> Vec<SnapshotRecord> {
        let mut records = Vec::new();
        store
            .export(&mut |record| {
                records.push(record);
                Ok(())
            })
            .unwrap();
        records
    }

    #[test]
    fn an_export_loads_into_an_empty_store_whole_and_never_into_one_holding_records() {
        let from = SledStore::temporary().unwrap();
        from.audit().append(&entry("budi")).unwrap();
        let records = export(&from);
        assert_eq!(records.last().map(|it| it.collection.as_str()), Some(SEQUENCES), "sequences come last");
        assert_eq!(records.iter().filter(|it| it.own_key).count(), 1, "the own key is marked");
        let into = SledStore::temporary().unwrap();
        assert_eq!(into.import(&mut records.clone().into_iter().map(Ok)).unwrap(), records.len() as u64);
        assert_eq!(export(&into), records);
        let Err(err) = into.import(&mut records.into_iter().map(Ok)) else { panic!("the store holds records") };
        assert_eq!(err.kind(), ErrorKind::Conflict);
    }

    #[test]
    fn a_backup_carries_residents_files_sealed_and_they_open_after_a_restore() {
        let from = SledStore::temporary().unwrap();
        let user = UserKey::new("test", "1");
        let media = cekbae_bot::Attachment {
            media_id: "wamid.PENDING".into(),
            mime_type: None,
            declared_size: None,
            sha256: None,
            file_name: None,
        };
        let photo = b"\xFF\xD8\xFF\xE0\x00\x10JFIF NIK 3201014502900003".to_vec();
        let tx = from.begin_turn(&user).unwrap();
        let stored = tx.files().expect("T-1", 1, &media, Utc::now()).unwrap();
        let pending = tx.files().expect("T-1", 2, &media, Utc::now()).unwrap();
        tx.files().store(stored, "image/jpeg", &photo).unwrap().unwrap();
        tx.commit(TurnCommit::nothing(Utc::now())).unwrap();
        let records = export(&from);
        for tree in ["files", "file_contents", "files_pending", "files_by_subject"] {
            assert!(records.iter().any(|it| it.collection == tree), "{tree} is in the backup");
        }
        let bytes: Vec<u8> = records.iter().flat_map(|it| it.value.clone()).collect();
        for needle in [&b"JFIF"[..], b"3201014502900003", b"wamid.PENDING"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "sealed in the backup");
        }
        // Restored (a backup without `CEKBAE_DATA_KEY` carries the store's own key), then opened anew with it.
        let into = SledStore::temporary().unwrap();
        into.import(&mut records.into_iter().map(Ok)).unwrap();
        let into = SledStore::from_db(into.inner.db.clone()).unwrap();
        assert_eq!(into.files().content(stored).unwrap().unwrap().1, photo);
        assert_eq!(into.files().pending_of_subject("T-1").unwrap()[0].id, pending);
    }

    #[test]
    fn a_turn_committing_during_an_export_waits_for_it_and_is_not_half_in_it() {
        let store = SledStore::temporary().unwrap();
        let store = &store;
        let (started_tx, started) = mpsc::channel();
        let (go_tx, go) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let exporting = scope.spawn(move || {
                let mut records = Vec::new();
                store
                    .export(&mut |record| {
                        if records.is_empty() {
                            started_tx.send(()).unwrap();
                            go.recv().unwrap();
                        }
                        records.push(record);
                        Ok(())
                    })
                    .unwrap();
                records
            });
            started.recv().unwrap();
            let committing = scope.spawn(move || {
                let turn = store.begin_turn(&UserKey::new("test", "1")).unwrap();
                turn.audit(&entry("sari")).unwrap();
                turn.commit(TurnCommit::nothing(Utc::now())).unwrap();
            });
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(!committing.is_finished(), "the commit waits for the export");
            go_tx.send(()).unwrap();
            let records = exporting.join().unwrap();
            committing.join().unwrap();
            assert!(records.iter().all(|it| it.collection != "audit_log"), "the commit came after the export");
        });
        assert_eq!(store.audit().all().unwrap().len(), 1);
    }
}
