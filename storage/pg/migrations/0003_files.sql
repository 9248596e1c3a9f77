-- Files residents send (photos and PDFs of their papers). The resident and the subject (a ticket) are
-- columns for the indexes; everything else that may identify the resident or their papers (the channel's
-- media id, a file name, the metadata, the content) is sealed with the data key.
CREATE SEQUENCE file_ids;

-- Announced by a channel, not fetched yet; claimed by the instance fetching it (as outbox entries are).
CREATE TABLE pending_files (
    id bigint PRIMARY KEY,
    channel text NOT NULL,
    user_id text NOT NULL,
    subject text NOT NULL,
    sealed bytea NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    not_before timestamptz,
    claimed_by integer,
    lease_until timestamptz
);
CREATE INDEX pending_files_subject ON pending_files (subject);
CREATE INDEX pending_files_owner ON pending_files (channel, user_id);

-- Fetched and checked: sealed metadata and sealed content (kept out of line by TOAST, so listing a
-- subject's files does not read the content).
CREATE TABLE files (
    id bigint PRIMARY KEY,
    channel text NOT NULL,
    user_id text NOT NULL,
    subject text NOT NULL,
    sealed bytea NOT NULL,
    content bytea NOT NULL
);
CREATE INDEX files_subject ON files (subject);
CREATE INDEX files_owner ON files (channel, user_id);
