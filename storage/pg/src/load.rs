//! Loading another store's contents ([`Dump`], `cekbae store copy`) in one transaction (residents' files
//! sealed again with this store's key): every record keeps
//! its id or key, one the database has already is left as it is (so a copy can run again, and never
//! overwrites what residents did since), and the sequences are moved above every id loaded.

use cekbae_bot::storage::{BookingStatus, Dump, Files, KindCount, StorageError};
use deadpool_postgres::Object;

use crate::sql::{self, db_id, Params};
use crate::{bookings, codec, records, surveys, PgStore};

/// The PostgreSQL sequence of each built-in sequence a dump names.
const SEQUENCES: &[(&str, &str)] = &[
    ("conversation", "conversation_ids"),
    ("request", "request_ids"),
    ("outbox", "outbox_ids"),
    ("inbox", "inbox_ids"),
    ("handover", "handover_ids"),
    ("audit", "audit_ids"),
    ("survey", "survey_ids"),
    ("file", "file_ids"),
];

/// Counts the rows one kind's inserts wrote.
struct Loader<'a> {
    store: &'a PgStore,
    client: Object,
    counts: Vec<KindCount>,
}

impl Loader<'_> {
    fn insert(&self, sql: &str, params: Params<'_>) -> Result<bool, StorageError> {
        Ok(sql::execute(self.store.db(), &self.client, sql, params)? == 1)
    }

    fn count(
        &mut self,
        kind: &'static str,
        written: impl IntoIterator<Item = Result<bool, StorageError>>,
    ) -> Result<(), StorageError> {
        let mut count = KindCount { kind, copied: 0, present: 0 };
        for it in written {
            if it? {
                count.copied += 1;
            } else {
                count.present += 1;
            }
        }
        self.counts.push(count);
        Ok(())
    }

    fn batch(&self, sql: &str) -> Result<(), StorageError> {
        self.store.db().run(self.client.batch_execute(sql)).map_err(crate::error::from_pg)
    }
}

impl PgStore {
    /// Loads `dump`, reading each stored file's content from `contents` (the store it was dumped from) as it
    /// is written, so one file at a time is in memory; returns what was written and what was there already,
    /// per kind.
    pub fn load(&self, dump: &Dump, contents: &dyn Files) -> Result<Vec<KindCount>, StorageError> {
        let mut loader = Loader { store: self, client: self.db().get()?, counts: Vec::new() };
        loader.batch("BEGIN")?;
        match self.load_in(&mut loader, dump, contents) {
            Ok(()) => {
                loader.batch("COMMIT")?;
                Ok(loader.counts)
            }
            Err(err) => {
                let _ = loader.batch("ROLLBACK");
                Err(err)
            }
        }
    }

    fn load_in(&self, l: &mut Loader<'_>, dump: &Dump, contents: &dyn Files) -> Result<(), StorageError> {
        let sealer = self.sealer();
        let sessions: Vec<_> = dump
            .sessions
            .iter()
            .map(|(user, record)| {
                l.insert(
                    "INSERT INTO sessions (channel, user_id, sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    &[&user.channel, &user.id, &codec::seal(sealer, record)?],
                )
            })
            .collect();
        l.count("sessions", sessions)?;
        let seen: Vec<_> = dump
            .seen
            .iter()
            .map(|it| {
                l.insert(
                    "INSERT INTO seen (channel, message_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    &[&it.channel, &it.message_id, &it.at],
                )
            })
            .collect();
        l.count("message ids", seen)?;
        let bookings: Vec<_> = dump
            .bookings
            .iter()
            .map(|booking| {
                let details = &booking.details;
                // A moved booking shares its request with the booking it became, which holds the request.
                let request = match booking.status {
                    BookingStatus::Moved => format!("{} {}", booking.ticket, details.request_id),
                    _ => details.request_id.clone(),
                };
                l.insert(
                    "INSERT INTO bookings (ticket, day, status, channel, user_id, request_id, body)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                    &[
                        &booking.ticket,
                        &details.date,
                        &bookings::status_name(booking.status),
                        &details.user.channel,
                        &details.user.id,
                        &request,
                        &bookings::body(booking)?,
                    ],
                )
            })
            .collect();
        l.count("bookings", bookings)?;
        let days: Vec<_> = dump
            .booking_days
            .iter()
            .map(|day| {
                let (taken, last) =
                    (i32::try_from(day.taken).unwrap_or(i32::MAX), i32::try_from(day.last_number).unwrap_or(i32::MAX));
                l.insert(
                    "INSERT INTO booking_days (day, taken, last_number) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    &[&day.date, &taken, &last],
                )
            })
            .collect();
        l.count("booking days", days)?;
        let surveys: Vec<_> = dump
            .surveys
            .iter()
            .map(|(id, response)| {
                l.insert(
                    "INSERT INTO surveys (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&db_id(*id), &surveys::body(response)?],
                )
            })
            .collect();
        l.count("surveys", surveys)?;
        let statistics: Vec<_> = dump
            .conversations
            .iter()
            .map(|(id, stats)| {
                l.insert(
                    "INSERT INTO conversations (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&db_id(*id), &codec::json(stats)?],
                )
            })
            .collect();
        l.count("statistics", statistics)?;
        let handovers: Vec<_> = dump
            .handovers
            .iter()
            .map(|it| {
                l.insert(
                    "INSERT INTO handovers (id, channel, user_id, open, opened_at, sealed)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    &[
                        &db_id(it.id),
                        &it.user.channel,
                        &it.user.id,
                        &it.is_open(),
                        &it.opened_at,
                        &codec::seal(sealer, it)?,
                    ],
                )
            })
            .collect();
        l.count("handovers", handovers)?;
        let audit: Vec<_> = dump
            .audit
            .iter()
            .map(|(id, entry)| {
                l.insert(
                    "INSERT INTO audit_log (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&db_id(*id), &codec::json(entry)?],
                )
            })
            .collect();
        l.count("audit entries", audit)?;
        let outbox: Vec<_> = dump
            .outbox
            .iter()
            .map(|(id, entry)| {
                l.insert(
                    "INSERT INTO outbox (id, sealed) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&db_id(*id), &codec::seal(sealer, entry)?],
                )
            })
            .collect();
        l.count("outbox", outbox)?;
        let inbox: Vec<_> = dump
            .inbox
            .iter()
            .map(|(id, item)| {
                let user = item.user();
                l.insert(
                    "INSERT INTO inbox (id, channel, user_id, sealed) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    &[&db_id(*id), &user.channel, &user.id, &codec::seal(sealer, item)?],
                )
            })
            .collect();
        l.count("inbox", inbox)?;
        let records: Vec<_> = dump
            .records
            .iter()
            .map(|(kind, record)| {
                l.insert(
                    "INSERT INTO records (kind, key, channel, user_id, sealed) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT DO NOTHING",
                    &[kind, &record.key, &record.owner.channel, &record.owner.id, &records::sealed(sealer, record)?],
                )
            })
            .collect();
        l.count("records", records)?;
        let closures: Vec<_> = dump
            .closures
            .iter()
            .map(|it| {
                l.insert(
                    "INSERT INTO closures (day, body) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&it.date, &codec::json(it)?],
                )
            })
            .collect();
        l.count("closures", closures)?;
        let accounts: Vec<_> = dump
            .accounts
            .iter()
            .map(|it| {
                l.insert(
                    "INSERT INTO accounts (name, body) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&it.name, &codec::json(it)?],
                )
            })
            .collect();
        l.count("accounts", accounts)?;
        let statuses: Vec<_> = dump
            .statuses
            .iter()
            .map(|(channel, message_id, status)| {
                l.insert(
                    "INSERT INTO statuses (channel, message_id, status, at, body) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT DO NOTHING",
                    &[channel, message_id, &status.status, &status.at, &codec::json(status)?],
                )
            })
            .collect();
        l.count("delivery statuses", statuses)?;
        let dialogue: Vec<_> = dump
            .dialogue_sequences
            .iter()
            .map(|(name, value)| {
                l.insert(
                    "INSERT INTO dialogue_sequences (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[name, &db_id(*value)],
                )
            })
            .collect();
        l.count("dialogue sequences", dialogue)?;
        // A pending file stored on the database since an earlier copy is not brought back as pending.
        let pending: Vec<_> = dump
            .pending_files
            .iter()
            .map(|it| {
                let attempts = i32::try_from(it.attempts).unwrap_or(i32::MAX);
                l.insert(
                    "INSERT INTO pending_files (id, channel, user_id, subject, sealed, attempts)
                     SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM files WHERE id = $1)
                     ON CONFLICT DO NOTHING",
                    &[&db_id(it.id), &it.user.channel, &it.user.id, &it.subject, &codec::seal(sealer, it)?, &attempts],
                )
            })
            .collect();
        l.count("pending files", pending)?;
        // One file's content in memory at a time.
        let mut files = Vec::with_capacity(dump.files.len());
        for meta in &dump.files {
            let Some((_, content)) = contents.content(meta.id)? else {
                tracing::warn!(file_id = meta.id, "a file without content left out of the copy");
                continue;
            };
            files.push(l.insert(
                "INSERT INTO files (id, channel, user_id, subject, sealed, content) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT DO NOTHING",
                &[
                    &db_id(meta.id),
                    &meta.user.channel,
                    &meta.user.id,
                    &meta.subject,
                    &codec::seal(sealer, meta)?,
                    &sealer.seal(&content),
                ],
            ));
        }
        l.count("files", files)?;
        for (name, value) in &dump.sequences {
            let Some((_, sequence)) = SEQUENCES.iter().find(|it| it.0 == name) else { continue };
            sql::rows(
                self.db(),
                &l.client,
                &format!("SELECT setval('{sequence}', greatest((SELECT last_value FROM {sequence}), $1))"),
                &[&db_id(*value)],
            )?;
        }
        Ok(())
    }
}
