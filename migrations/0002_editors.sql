-- Editor accounts: argon2id password hashes; API tokens stored as SHA-256 digests.
CREATE TABLE editors (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created       TEXT NOT NULL
);

-- Web sessions: the cookie value is stored only as a digest; each has its CSRF token.
CREATE TABLE sessions (
    id_hash   TEXT PRIMARY KEY,
    editor_id INTEGER NOT NULL REFERENCES editors(id) ON DELETE CASCADE,
    csrf      TEXT NOT NULL,
    created   TEXT NOT NULL,
    expires   TEXT NOT NULL
);

-- Failed logins per key (account name, client address) for throttling.
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure TEXT NOT NULL
);
