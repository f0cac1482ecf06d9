// The D1 side of accounts (rules A1-A4, A11, A12, A15): users, sessions, API keys, invites and the index of owned
// codeSpaces. Every secret is looked up by its SHA-256; nothing secret is stored or returned after creation.
import type { ApiKeyInfo, CodeSpaceListing, MemberRole, PendingInvite, PublicUser } from "@live/shared";
import type { Principal } from "./can.ts";
import { constantTimeEqual, toBase64Url } from "./encoding.ts";
import { KEY_PREFIX_LENGTH, newApiKey, newId, newToken, SESSION_DAYS, tokenHash } from "./tokens.ts";

const DAY_MS = 86_400_000;
const INVITE_DAYS = 7;
/** lastUsedAt is written at most this often per key: a busy agent should not turn every read into a D1 write. */
const LAST_USED_GRANULARITY_MS = 60_000;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function createUser(
  db: D1Database,
  handle: string,
  passwordHash: string | null,
  id = newId(),
): Promise<PublicUser | null> {
  const user = { id, handle };
  const res = await db
    .prepare(
      "INSERT INTO users (id, handle, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(handle) DO NOTHING",
    )
    .bind(user.id, handle, passwordHash, Date.now())
    .run();
  return res.meta.changes === 1 ? user : null;
}

export async function userByHandle(
  db: D1Database,
  handle: string,
): Promise<(PublicUser & { passwordHash: string | null }) | null> {
  const row = await db
    .prepare("SELECT id, handle, password_hash FROM users WHERE handle = ?")
    .bind(handle)
    .first<{ id: string; handle: string; password_hash: string | null }>();
  return row ? { id: row.id, handle: row.handle, passwordHash: row.password_hash } : null;
}

export async function usersById(db: D1Database, id: string): Promise<PublicUser | null> {
  return db.prepare("SELECT id, handle FROM users WHERE id = ?").bind(id).first<PublicUser>();
}

/** A new session; the token goes into the cookie and only its hash into D1 (Lucia's model). */
export async function createSession(db: D1Database, userId: string): Promise<string> {
  const token = newToken();
  const now = Date.now();
  await db
    .prepare("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
    .bind(await tokenHash(token), userId, now, now + SESSION_DAYS * DAY_MS)
    .run();
  return token;
}

export async function sessionUser(db: D1Database, token: string): Promise<PublicUser | null> {
  return db
    .prepare(
      "SELECT u.id, u.handle FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?",
    )
    .bind(await tokenHash(token), Date.now())
    .first<PublicUser>();
}

export async function deleteSession(db: D1Database, token: string): Promise<void> {
  await db
    .prepare("DELETE FROM sessions WHERE id = ?")
    .bind(await tokenHash(token))
    .run();
}

export async function createKey(
  db: D1Database,
  userId: string,
  name: string,
  codeSpace: string | null,
): Promise<{ id: string; name: string; prefix: string; codeSpace: string | null; key: string }> {
  const key = newApiKey();
  const row = { id: newId(), name, prefix: key.slice(0, KEY_PREFIX_LENGTH), codeSpace };
  await db
    .prepare(
      "INSERT INTO api_keys (id, user_id, name, prefix, hash, codespace, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.id, userId, name, row.prefix, await tokenHash(key), codeSpace, Date.now())
    .run();
  return { ...row, key };
}

export async function listKeys(db: D1Database, userId: string): Promise<ApiKeyInfo[]> {
  const { results } = await db
    .prepare(
      "SELECT id, name, prefix, codespace, created_at, last_used_at FROM api_keys WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC",
    )
    .bind(userId)
    .all<{
      id: string;
      name: string;
      prefix: string;
      codespace: string | null;
      created_at: number;
      last_used_at: number | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    codeSpace: r.codespace,
    createdAt: iso(r.created_at) as string,
    lastUsedAt: iso(r.last_used_at),
  }));
}

export async function revokeKey(db: D1Database, userId: string, id: string): Promise<boolean> {
  const res = await db
    .prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
    .bind(Date.now(), id, userId)
    .run();
  return res.meta.changes === 1;
}

/** The principal of a Bearer key, or null when it is unknown or revoked (A12: refused at once). */
export async function keyPrincipal(db: D1Database, key: string): Promise<Principal | null> {
  const hash = await tokenHash(key);
  const row = await db
    .prepare(
      "SELECT k.id, k.hash, k.codespace, k.last_used_at, u.id AS user_id, u.handle FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.hash = ? AND k.revoked_at IS NULL",
    )
    .bind(hash)
    .first<{
      id: string;
      hash: string;
      codespace: string | null;
      last_used_at: number | null;
      user_id: string;
      handle: string;
    }>();
  // The index found the row by its hash; comparing again in constant time costs nothing and leaks nothing.
  if (!row || !constantTimeEqual(row.hash, hash)) return null;
  const now = Date.now();
  if (!row.last_used_at || now - row.last_used_at > LAST_USED_GRANULARITY_MS) {
    await db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(now, row.id).run();
  }
  return {
    kind: "user",
    user: { id: row.user_id, handle: row.handle },
    via: "key",
    keyId: row.id,
    scope: row.codespace,
  };
}

/** Records (or re-records) an owned codeSpace in the index; the Durable Object is the authority (A8). */
export async function indexCodeSpace(db: D1Database, name: string, ownerId: string, forkedFrom: string | null = null) {
  const now = Date.now();
  await db.batch([
    db
      .prepare(
        "INSERT INTO codespaces (name, owner_id, created_at, edited_at, forked_from) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner_id = excluded.owner_id",
      )
      .bind(name, ownerId, now, now, forkedFrom),
    db
      .prepare(
        "INSERT INTO members (codespace, user_id, role, created_at) VALUES (?, ?, 'owner', ?) ON CONFLICT DO UPDATE SET role = 'owner'",
      )
      .bind(name, ownerId, now),
  ]);
}

export async function touchCodeSpace(db: D1Database, name: string, at = Date.now()): Promise<void> {
  await db.prepare("UPDATE codespaces SET edited_at = ? WHERE name = ? AND edited_at < ?").bind(at, name, at).run();
}

export async function indexMember(db: D1Database, codeSpace: string, userId: string, role: MemberRole | null) {
  if (role === null) {
    await db.prepare("DELETE FROM members WHERE codespace = ? AND user_id = ?").bind(codeSpace, userId).run();
    return;
  }
  await db
    .prepare(
      "INSERT INTO members (codespace, user_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role",
    )
    .bind(codeSpace, userId, role, Date.now())
    .run();
}

/** A15: the user's codeSpaces, owned and shared, the most recently edited first. */
export async function listCodeSpaces(db: D1Database, userId: string): Promise<CodeSpaceListing[]> {
  const { results } = await db
    .prepare(
      `SELECT c.name, m.role, c.owner_id, o.handle AS owner_handle, c.created_at, c.edited_at, c.forked_from,
         meta.title, meta.description, meta.published_version
       FROM members m JOIN codespaces c ON c.name = m.codespace JOIN users o ON o.id = c.owner_id
       LEFT JOIN codespace_meta meta ON meta.name = c.name
       WHERE m.user_id = ? ORDER BY c.edited_at DESC LIMIT 500`,
    )
    .bind(userId)
    .all<{
      name: string;
      role: MemberRole;
      owner_id: string;
      owner_handle: string;
      created_at: number;
      edited_at: number;
      forked_from: string | null;
      title: string | null;
      description: string | null;
      published_version: number | null;
    }>();
  return results.map((r) => ({
    codeSpace: r.name,
    role: r.role,
    owner: { id: r.owner_id, handle: r.owner_handle },
    createdAt: iso(r.created_at) as string,
    editedAt: iso(r.edited_at) as string,
    forkedFrom: r.forked_from,
    title: r.title,
    description: r.description,
    publishedVersion: r.published_version,
  }));
}

/** An invite token; the URL carries it in its fragment, D1 keeps its hash (A14). */
export async function createInvite(
  db: D1Database,
  codeSpace: string,
  role: MemberRole,
  createdBy: string,
): Promise<string> {
  const token = newToken();
  const now = Date.now();
  await db
    .prepare("INSERT INTO invites (id, codespace, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(await tokenHash(token), codeSpace, role, createdBy, now, now + INVITE_DAYS * DAY_MS)
    .run();
  return token;
}

/** Uses an invite once, atomically: two people opening the same link cannot both become editors by it. */
export async function consumeInvite(
  db: D1Database,
  token: string,
  codeSpace: string,
  userId: string,
): Promise<MemberRole | null> {
  const row = await db
    .prepare(
      "UPDATE invites SET used_by = ? WHERE id = ? AND codespace = ? AND used_by IS NULL AND expires_at > ? RETURNING role",
    )
    .bind(userId, await tokenHash(token), codeSpace, Date.now())
    .first<{ role: MemberRole }>();
  return row?.role ?? null;
}

/** A23: the invites of a codeSpace that can still be used, newest first. */
export async function listInvites(db: D1Database, codeSpace: string): Promise<PendingInvite[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, i.role, i.created_at, i.expires_at, u.id AS user_id, u.handle FROM invites i
       JOIN users u ON u.id = i.created_by
       WHERE i.codespace = ? AND i.used_by IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC`,
    )
    .bind(codeSpace, Date.now())
    .all<{ id: string; role: MemberRole; created_at: number; expires_at: number; user_id: string; handle: string }>();
  return results.map((r) => ({
    id: r.id,
    role: r.role,
    createdBy: { id: r.user_id, handle: r.handle },
    createdAt: iso(r.created_at) as string,
    expiresAt: iso(r.expires_at) as string,
  }));
}

/** A23: revokes an invite that was not used yet; false if there is none such for this codeSpace. */
export async function revokeInvite(db: D1Database, codeSpace: string, id: string): Promise<boolean> {
  const res = await db
    .prepare("DELETE FROM invites WHERE id = ? AND codespace = ? AND used_by IS NULL")
    .bind(id, codeSpace)
    .run();
  return res.meta.changes === 1;
}

/**
 * A server secret (the render tickets' HMAC key): the configured one, or one generated on first use and kept in
 * D1, so every isolate and restart agrees on it without any setup.
 */
const secrets = new Map<string, Promise<string>>();
export function serverSecret(db: D1Database, name: string, configured?: string): Promise<string> {
  if (configured) return Promise.resolve(configured);
  let s = secrets.get(name);
  if (!s) {
    s = (async () => {
      const candidate = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
      await db
        .prepare("INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(name, candidate)
        .run();
      const row = await db
        .prepare("SELECT value FROM server_secrets WHERE name = ?")
        .bind(name)
        .first<{ value: string }>();
      return row?.value ?? candidate;
    })();
    s.catch(() => secrets.delete(name));
    secrets.set(name, s);
  }
  return s;
}
