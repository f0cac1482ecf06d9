import type { PublicUser } from "@live/shared";
import type { Context, MiddlewareHandler } from "hono";
import { ANONYMOUS } from "../auth/can.ts";
import { keyPrincipal, sessionUser } from "../auth/store.ts";
import { bearerToken, readCookie, SESSION_COOKIE } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { HttpError } from "./errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves who is asking, once per request (rule A2): an `Authorization: Bearer` API key, else the session cookie,
 * else anonymous. A key that is unknown or revoked is refused at once with 401 (A12), whatever the route. The
 * cookie counts only for requests from this origin (A18): a write, or a WebSocket upgrade, whose `Origin` is
 * another site is served as anonymous, so a page elsewhere cannot act with a visitor's cookie (CSRF, CSWSH).
 * Keys need no Origin: a page cannot make a browser attach someone's key.
 */
export const resolvePrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("principal", ANONYMOUS);
  const auth = c.req.header("authorization");
  const key = bearerToken(auth);
  if (key) {
    const p = await keyPrincipal(c.env.DB, key);
    if (!p) {
      throw new HttpError(
        "invalid_credentials",
        "this API key is unknown or revoked; create one at /settings",
        {},
        {
          "WWW-Authenticate": 'Bearer error="invalid_token"',
        },
      );
    }
    c.set("principal", p);
    return next();
  }
  const token = readCookie(c.req.header("cookie"), SESSION_COOKIE);
  if (token && sameOrigin(c.req.raw)) {
    const user = await sessionUser(c.env.DB, token);
    if (user) c.set("principal", { kind: "user", user, via: "session" });
  }
  return next();
};

/** Safe requests are same-origin enough; others (and WebSocket upgrades) must name this origin as theirs. */
function sameOrigin(req: Request): boolean {
  const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
  if (SAFE.has(req.method) && !upgrade) return true;
  const origin = req.headers.get("origin");
  return origin !== null && origin === new URL(req.url).origin;
}

/**
 * The signed-in user of a browser session, for what only they may manage (API keys A11, passkeys A22): a key,
 * even one limited to a codeSpace, could otherwise mint itself an unlimited sibling or a way to sign in.
 */
export function sessionOwner(c: Context<AppEnv>, what: string): PublicUser {
  const p = c.var.principal;
  if (p.kind !== "user") throw new HttpError("auth_required", `sign in to manage ${what}`);
  if (p.via !== "session")
    throw new HttpError("forbidden", `${what} are managed from a signed-in session, not with a key`);
  return p.user;
}
