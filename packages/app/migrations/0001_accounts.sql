-- Accounts and owned codeSpaces (SPEC.md A). Secrets are never stored: sessions, API keys and invites are kept
-- as the SHA-256 of their token, passwords as a versioned PBKDF2 hash.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  -- `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url); NULL for an account that only has passkeys.
  password_hash TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE passkeys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  public_key BLOB NOT NULL,
  counter INTEGER NOT NULL DEFAULT 0,
  transports TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX passkeys_user ON passkeys(user_id);

CREATE TABLE sessions (
  -- The SHA-256 (hex) of the cookie's random token.
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- The first characters of the key, shown in lists so a user can tell keys apart.
  prefix TEXT NOT NULL,
  -- The SHA-256 (hex) of the whole key.
  hash TEXT NOT NULL UNIQUE,
  -- Set: the key may write only this codeSpace.
  codespace TEXT,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_keys_user ON api_keys(user_id);

-- The index of owned codeSpaces (the Durable Object of each one holds its access policy and enforces it).
CREATE TABLE codespaces (
  name TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT,
  created_at INTEGER NOT NULL,
  edited_at INTEGER NOT NULL,
  forked_from TEXT
);
CREATE INDEX codespaces_owner ON codespaces(owner_id, edited_at);

CREATE TABLE members (
  codespace TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (codespace, user_id)
);
CREATE INDEX members_user ON members(user_id);

CREATE TABLE invites (
  -- The SHA-256 (hex) of the invite token (the token is only in the invite URL's fragment).
  id TEXT PRIMARY KEY,
  codespace TEXT NOT NULL,
  role TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_by TEXT
);

-- Server-side secrets generated on first use (the preview ticket's HMAC key) when none is configured.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
