-- Staff accounts of the desk in the browser, their failed logins, and signed-in sessions (no resident data).
CREATE TABLE accounts (
    name text PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE account_failures (
    name text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX account_failures_name ON account_failures (name, at);

CREATE TABLE web_sessions (
    key text PRIMARY KEY,
    account text NOT NULL,
    last_seen timestamptz NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX web_sessions_account ON web_sessions (account);
