// The render ticket (rule A13): a short-lived HMAC-signed statement "this preview was opened by an editor page of
// someone who may write codeSpace X". It travels in the preview iframe URL's fragment (never sent to a server, so
// never in a log) and back in the body of the render report.
import { fromBase64Url, toBase64Url } from "./encoding.ts";

export const TICKET_TTL_MS = 12 * 60 * 60 * 1000;

export interface Ticket {
  codeSpace: string;
  /** The user the editor page was served to; null on an open codeSpace opened anonymously. */
  userId: string | null;
  expiresAt: number;
}

const keys = new Map<string, Promise<CryptoKey>>();
const hmacKey = (secret: string): Promise<CryptoKey> => {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
};

export async function signTicket(secret: string, ticket: Ticket): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify([ticket.codeSpace, ticket.userId, ticket.expiresAt]));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), payload));
  return `${toBase64Url(payload)}.${toBase64Url(mac)}`;
}

/** The ticket if it is well-formed, signed with `secret`, for `codeSpace` and not expired; otherwise null. */
export async function verifyTicket(
  secret: string,
  text: string,
  codeSpace: string,
  now = Date.now(),
): Promise<Ticket | null> {
  const [p, m, ...rest] = text.split(".");
  const payload = fromBase64Url(p ?? "");
  const mac = fromBase64Url(m ?? "");
  if (rest.length || !payload || !mac) return null;
  // crypto.subtle.verify compares the MAC in constant time.
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac as BufferSource, payload as BufferSource);
  if (!valid) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 3) return null;
  const [cs, userId, expiresAt] = fields as [unknown, unknown, unknown];
  if (cs !== codeSpace || typeof expiresAt !== "number" || expiresAt <= now) return null;
  if (userId !== null && typeof userId !== "string") return null;
  return { codeSpace: cs, userId, expiresAt };
}
