import { CreateKeySchema, isValidCodeSpace, MAX_JSON_BODY_BYTES, type PublicUser } from "@live/shared";
import type { Context, Hono } from "hono";
import { createKey, listKeys, revokeKey } from "../auth/store.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { limitAuth } from "../http/limits.ts";
import { route } from "../http/route.ts";

/**
 * Keys are managed from a signed-in browser session only (A11): a key, even one limited to a codeSpace, could
 * otherwise mint itself an unlimited sibling.
 */
function sessionUser(c: Context<AppEnv>): PublicUser {
  const p = c.var.principal;
  if (p.kind !== "user") throw new HttpError("auth_required", "sign in to manage API keys");
  if (p.via !== "session")
    throw new HttpError("forbidden", "API keys are managed from a signed-in session, not with a key");
  return p.user;
}

/** A11: create (shown once), list (name and prefix only), revoke. */
export function keyRoutes(app: Hono<AppEnv>): void {
  route(app, "/api/keys", {
    POST: async (c) => {
      const user = sessionUser(c);
      const { name, codeSpace } = await readJson(c.req.raw, CreateKeySchema, MAX_JSON_BODY_BYTES);
      if (codeSpace !== undefined && !isValidCodeSpace(codeSpace)) {
        throw new HttpError("invalid_codespace", "codeSpace must be 1-64 characters of A-Z a-z 0-9 _ -");
      }
      await limitAuth(c.env, c.req.raw, user.handle);
      const key = await createKey(c.env.DB, user.id, name, codeSpace ?? null);
      return c.json(key, 201, { "Cache-Control": "no-store" });
    },
    GET: async (c) =>
      c.json({ keys: await listKeys(c.env.DB, sessionUser(c).id) }, 200, { "Cache-Control": "no-store" }),
  });
  route(app, "/api/keys/:id", {
    DELETE: async (c) => {
      const revoked = await revokeKey(c.env.DB, sessionUser(c).id, c.req.param("id") as string);
      if (!revoked) throw new HttpError("not_found", "no such key");
      return c.body(null, 204);
    },
  });
}
