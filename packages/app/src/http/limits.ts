import type { Principal } from "../auth/can.ts";
import { HttpError } from "./errors.ts";

/**
 * Write and sign-in limits (rule A19) on Workers `ratelimits` bindings (wrangler.jsonc: a fixed window of 60 s;
 * locally in memory). Writes count per key or user, anonymous writes per IP; sign-ins and key creation per IP and
 * handle. Over the limit: 429 `rate_limited` with `Retry-After`.
 */
export const RETRY_AFTER_SECONDS = 60;

/** The client's address as Cloudflare gives it; requests without one (local tools) share one bucket. */
export const clientIp = (req: Request): string => req.headers.get("cf-connecting-ip") ?? "local";

/** The bucket a write by `p` counts in, or null when it is not limited (anonymous writes with ANON_WRITE_LIMIT=off). */
function writeBucket(env: Env, p: Principal, ip: string): { limiter: RateLimit; key: string } | null {
  if (p.kind === "user") {
    return { limiter: env.WRITE_LIMIT_USER, key: p.keyId ? `key:${p.keyId}` : `user:${p.user.id}` };
  }
  if (String(env.ANON_WRITE_LIMIT) === "off") return null;
  return { limiter: env.WRITE_LIMIT_ANON, key: `ip:${ip}` };
}

/** True when one more write by `p` is within its limit (and counts it). */
export async function writeAllowed(env: Env, p: Principal, ip: string): Promise<boolean> {
  const bucket = writeBucket(env, p, ip);
  if (!bucket) return true;
  return (await bucket.limiter.limit({ key: bucket.key })).success;
}

const tooMany = (what: string) =>
  new HttpError(
    "rate_limited",
    `too many ${what}; try again in ${RETRY_AFTER_SECONDS} s`,
    {},
    {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    },
  );

export async function limitWrite(env: Env, p: Principal, req: Request): Promise<void> {
  if (!(await writeAllowed(env, p, clientIp(req)))) throw tooMany("writes");
}

/** Sign-up, login and key creation: per IP and handle, so one attacker cannot lock everyone out of an account. */
export async function limitAuth(env: Env, req: Request, handle: string): Promise<void> {
  const { success } = await env.AUTH_LIMIT.limit({ key: `${clientIp(req)}|${handle}` });
  if (!success) throw tooMany("attempts");
}
