// Secret tokens (sessions, API keys, invites): random, shown once, stored only as their SHA-256 (rule A17).
import { API_KEY_PREFIX } from "@live/shared";
import { randomBytes, sha256Hex, toBase64Url } from "./encoding.ts";

export const SESSION_COOKIE = "live_session";
export const SESSION_DAYS = 30;
/** How many leading characters of a key are kept in the clear, so a user can tell keys apart in a list. */
export const KEY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** 32 random bytes, base64url: 256 bits, nothing to guess. */
export const newToken = (): string => toBase64Url(randomBytes(32));
export const newApiKey = (): string => `${API_KEY_PREFIX}${newToken()}`;
export const tokenHash = (token: string): Promise<string> => sha256Hex(token);

/** A public id for rows the API names (users, keys): random, not derived from anything secret. */
export const newId = (): string => toBase64Url(randomBytes(12));

/** The token of `Authorization: Bearer <token>`, or null; any other scheme is ignored. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,512})\s*$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site writes), Secure on https. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_DAYS * 86_400): string {
  const attrs = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure) attrs.push("Secure");
  return attrs.join("; ");
}

export const clearSessionCookie = (secure: boolean): string => sessionCookie("", secure, 0);
