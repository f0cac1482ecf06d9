-- WebAuthn ceremonies in flight (SPEC.md A21): the challenge a passkey must sign, used once, for 5 minutes.
CREATE TABLE passkey_flows (
  -- A random id the client sends back with its answer (not secret: the challenge is what the authenticator signs).
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  challenge TEXT NOT NULL,
  -- For registration: the user the passkey will belong to (an existing one, or the one the ceremony creates).
  user_id TEXT,
  handle TEXT,
  expires_at INTEGER NOT NULL
);
