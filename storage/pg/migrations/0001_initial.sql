-- cekbae's first schema. Columns named `sealed` hold ChaCha20-Poly1305-sealed JSON (they may carry a
-- resident's words); `body` columns hold clear JSON of anonymous or staff records.

CREATE TABLE meta (
    name text PRIMARY KEY,
    value bytea NOT NULL
);

CREATE TABLE sessions (
    channel text NOT NULL,
    user_id text NOT NULL,
    sealed bytea NOT NULL,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE seen (
    channel text NOT NULL,
    message_id text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (channel, message_id)
);
CREATE INDEX seen_at ON seen (at);

CREATE SEQUENCE outbox_ids;
CREATE TABLE outbox (
    id bigint PRIMARY KEY,
    sealed bytea NOT NULL,
    claimed_by integer,
    lease_until timestamptz
);

CREATE SEQUENCE inbox_ids;
CREATE TABLE inbox (
    id bigint PRIMARY KEY,
    channel text NOT NULL,
    user_id text NOT NULL,
    sealed bytea NOT NULL,
    claimed_by integer,
    lease_until timestamptz
);
CREATE INDEX inbox_resident ON inbox (channel, user_id, id);

CREATE SEQUENCE handover_ids;
CREATE TABLE handovers (
    id bigint PRIMARY KEY,
    channel text NOT NULL,
    user_id text NOT NULL,
    open boolean NOT NULL,
    opened_at timestamptz NOT NULL,
    sealed bytea NOT NULL
);
CREATE INDEX handovers_resident ON handovers (channel, user_id);

CREATE TABLE records (
    kind text NOT NULL,
    key text NOT NULL,
    channel text NOT NULL,
    user_id text NOT NULL,
    sealed bytea NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX records_owner ON records (kind, channel, user_id);

CREATE TABLE booking_days (
    day date PRIMARY KEY,
    taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
    last_number integer NOT NULL DEFAULT 0
);

CREATE TABLE bookings (
    ticket text PRIMARY KEY,
    day date NOT NULL,
    status text NOT NULL,
    channel text NOT NULL,
    user_id text NOT NULL,
    request_id text NOT NULL UNIQUE,
    body jsonb NOT NULL
);
CREATE INDEX bookings_day ON bookings (day, status);
CREATE INDEX bookings_resident ON bookings (channel, user_id);

CREATE SEQUENCE survey_ids;
CREATE TABLE surveys (
    id bigint PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE SEQUENCE conversation_ids;
CREATE TABLE conversations (
    id bigint PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE SEQUENCE audit_ids;
CREATE TABLE audit_log (
    id bigint PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE closures (
    day date PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE statuses (
    channel text NOT NULL,
    message_id text NOT NULL,
    status text NOT NULL,
    at timestamptz NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (channel, message_id)
);

CREATE SEQUENCE request_ids;

-- A dialogue's own numbering (complaint numbers), by name; bumped outside turns so a value is never repeated.
CREATE TABLE dialogue_sequences (
    name text PRIMARY KEY,
    value bigint NOT NULL
);
