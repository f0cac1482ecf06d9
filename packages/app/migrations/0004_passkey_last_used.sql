-- When each passkey last signed in (SPEC.md A22), shown beside it in the account settings; NULL: never.
ALTER TABLE passkeys ADD COLUMN last_used_at INTEGER;
