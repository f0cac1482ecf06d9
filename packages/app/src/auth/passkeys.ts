// Passkeys (rule A21) with @simplewebauthn/server: registration (for a signed-in user, or creating the account
// with a handle) and discoverable-credential login. Challenges live in D1 for 5 minutes and are used once. Listing
// and removing them (rule A22).

import type { PasskeyInfo, PublicUser } from "@live/shared";
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { fromBase64Url, toBase64Url } from "./encoding.ts";
import { newId } from "./tokens.ts";

const FLOW_MS = 5 * 60_000;
const RP_NAME = "live";

/** Loaded on the first passkey request: the library and its ASN.1 parsers are not needed by anything else. */
const webauthn = () => import("@simplewebauthn/server");

export interface Relying {
  /** The page's origin, e.g. https://live.example (exact match). */
  origin: string;
  /** Its host name: the RP ID (WebAuthn refuses IP addresses: use localhost locally). */
  rpID: string;
}

interface Flow {
  kind: "register" | "login";
  challenge: string;
  user_id: string | null;
  handle: string | null;
}

async function saveFlow(db: D1Database, flow: Flow): Promise<string> {
  const id = newId();
  await db
    .prepare("INSERT INTO passkey_flows (id, kind, challenge, user_id, handle, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(id, flow.kind, flow.challenge, flow.user_id, flow.handle, Date.now() + FLOW_MS)
    .run();
  return id;
}

/** Takes a flow once: a replayed answer finds nothing. */
async function takeFlow(db: D1Database, id: string, kind: Flow["kind"]): Promise<Flow | null> {
  return db
    .prepare(
      "DELETE FROM passkey_flows WHERE id = ? AND kind = ? AND expires_at > ? RETURNING kind, challenge, user_id, handle",
    )
    .bind(id, kind, Date.now())
    .first<Flow>();
}

export async function registrationOptions(db: D1Database, rp: Relying, user: PublicUser, isNew: boolean) {
  const { generateRegistrationOptions } = await webauthn();
  const { results } = await db
    .prepare("SELECT id, transports FROM passkeys WHERE user_id = ?")
    .bind(user.id)
    .all<{ id: string; transports: string | null }>();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.handle,
    userID: new TextEncoder().encode(user.id) as Uint8Array<ArrayBuffer>,
    attestationType: "none",
    excludeCredentials: results.map((r) => ({
      id: r.id,
      transports: r.transports ? (JSON.parse(r.transports) as AuthenticatorTransport[]) : undefined,
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const flow = await saveFlow(db, {
    kind: "register",
    challenge: options.challenge,
    user_id: user.id,
    handle: isNew ? user.handle : null,
  });
  return { flow, options };
}

export interface NewCredential {
  id: string;
  publicKey: Uint8Array;
  counter: number;
  transports?: string[];
}

/** Verifies a registration: the flow's user (with the handle of an account to create) and the new credential. */
export async function verifyRegistration(
  db: D1Database,
  rp: Relying,
  flowId: string,
  response: RegistrationResponseJSON,
): Promise<{ userId: string; newHandle: string | null; credential: NewCredential } | null> {
  const flow = await takeFlow(db, flowId, "register");
  if (!flow?.user_id) return null;
  const { verifyRegistrationResponse } = await webauthn();
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: flow.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return null;
  const { id, publicKey, counter, transports } = result.registrationInfo.credential;
  return { userId: flow.user_id, newHandle: flow.handle, credential: { id, publicKey, counter, transports } };
}

export async function storePasskey(db: D1Database, userId: string, credential: NewCredential): Promise<void> {
  await db
    .prepare(
      "INSERT INTO passkeys (id, user_id, public_key, counter, transports, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(
      credential.id,
      userId,
      toBase64Url(credential.publicKey),
      credential.counter,
      JSON.stringify(credential.transports ?? []),
      Date.now(),
    )
    .run();
}

export async function loginOptions(db: D1Database, rp: Relying) {
  const { generateAuthenticationOptions } = await webauthn();
  // Discoverable credentials: the authenticator offers the accounts it has, nothing tells which handles exist.
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: "preferred" });
  const flow = await saveFlow(db, { kind: "login", challenge: options.challenge, user_id: null, handle: null });
  return { flow, options };
}

/** The user whose passkey signed the flow's challenge, or null. */
export async function verifyLogin(
  db: D1Database,
  rp: Relying,
  flowId: string,
  response: AuthenticationResponseJSON,
): Promise<PublicUser | null> {
  const flow = await takeFlow(db, flowId, "login");
  if (!flow) return null;
  const row = await db
    .prepare(
      "SELECT p.id, p.public_key, p.counter, p.transports, u.id AS user_id, u.handle FROM passkeys p JOIN users u ON u.id = p.user_id WHERE p.id = ?",
    )
    .bind(response.id)
    .first<{
      id: string;
      public_key: string;
      counter: number;
      transports: string | null;
      user_id: string;
      handle: string;
    }>();
  const publicKey = row ? fromBase64Url(row.public_key) : null;
  if (!row || !publicKey) return null;
  const { verifyAuthenticationResponse } = await webauthn();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: flow.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    credential: {
      id: row.id,
      publicKey: publicKey as Uint8Array<ArrayBuffer>,
      counter: row.counter,
      transports: row.transports ? (JSON.parse(row.transports) as AuthenticatorTransport[]) : undefined,
    },
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return null;
  await db
    .prepare("UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?")
    .bind(result.authenticationInfo.newCounter, Date.now(), row.id)
    .run();
  return { id: row.user_id, handle: row.handle };
}

/** A22: the user's passkeys, newest first. */
export async function listPasskeys(db: D1Database, userId: string): Promise<PasskeyInfo[]> {
  const { results } = await db
    .prepare("SELECT id, transports, created_at, last_used_at FROM passkeys WHERE user_id = ? ORDER BY created_at DESC")
    .bind(userId)
    .all<{ id: string; transports: string | null; created_at: number; last_used_at: number | null }>();
  return results.map((r) => ({
    id: r.id,
    transports: r.transports ? (JSON.parse(r.transports) as string[]) : [],
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at).toISOString(),
  }));
}

/**
 * A22: removes one of the user's passkeys, unless it is their last way to sign in (no password, no other passkey):
 * one statement, so two removals at once cannot both pass that check.
 */
export async function removePasskey(
  db: D1Database,
  userId: string,
  id: string,
): Promise<"removed" | "not_found" | "last"> {
  const removed = await db
    .prepare(
      `DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2 AND (
         EXISTS (SELECT 1 FROM users WHERE id = ?2 AND password_hash IS NOT NULL)
         OR (SELECT COUNT(*) FROM passkeys WHERE user_id = ?2) > 1
       ) RETURNING id`,
    )
    .bind(id, userId)
    .first();
  if (removed) return "removed";
  const mine = await db.prepare("SELECT 1 FROM passkeys WHERE id = ? AND user_id = ?").bind(id, userId).first();
  return mine ? "last" : "not_found";
}
