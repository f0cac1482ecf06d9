// Password hashing (rule A3): PBKDF2-SHA256 in a versioned format, so the cost can rise later and old hashes still
// verify (and can be rehashed at the next login). workerd caps PBKDF2 at 100,000 iterations.
import { constantTimeEqual, fromBase64Url, randomBytes, toBase64Url } from "./encoding.ts";

export const PBKDF2_ITERATIONS = 100_000;
const SCHEME = "pbkdf2-sha256";
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$100000$<salt>$<hash>`, salt and hash base64url. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, iterations);
  return `${SCHEME}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const [scheme, iter, salt, hash, ...rest] = stored.split("$");
  if (scheme !== SCHEME || rest.length || !iter || !/^\d{1,7}$/.test(iter)) return null;
  const iterations = Number(iter);
  const s = fromBase64Url(salt ?? "");
  const h = fromBase64Url(hash ?? "");
  if (iterations < 1 || iterations > PBKDF2_ITERATIONS || !s || !h || s.length < 8 || h.length !== HASH_BITS / 8) {
    return null;
  }
  return { iterations, salt: s, hash: h };
}

/** True when `password` matches `stored`; a malformed stored value never matches. Compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(candidate, parsed.hash);
}

/**
 * A hash no password matches, verified when the handle is unknown: a login for an unknown handle then costs what
 * a wrong password costs, so timing does not tell which handles exist (rule A4).
 */
let dummy: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => {
  dummy ??= hashPassword(toBase64Url(randomBytes(24)));
  return dummy;
};
