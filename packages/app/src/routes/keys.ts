import { CreateKeySchema, isValidCodeSpace, MAX_JSON_BODY_BYTES } from "@live/shared";
import type { Hono } from "hono";
import { createKey, listKeys, revokeKey } from "../auth/store.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { limitAuth } from "../http/limits.ts";
import { sessionOwner } from "../http/principal.ts";
import { route } from "../http/route.ts";

const KEYS = "API keys";

/** A11 (keys are managed from a signed-in session only): create (shown once), list (name and prefix only), revoke. */
export function keyRoutes(app: Hono<AppEnv>): void {
  route(app, "/api/keys", {
    POST: async (c) => {
      const user = sessionOwner(c, KEYS);
      const { name, codeSpace } = await readJson(c.req.raw, CreateKeySchema, MAX_JSON_BODY_BYTES);
      if (codeSpace !== undefined && !isValidCodeSpace(codeSpace)) {
        throw new HttpError("invalid_codespace", "codeSpace must be 1-64 characters of A-Z a-z 0-9 _ -");
      }
      await limitAuth(c.env, c.req.raw, user.handle);
      const key = await createKey(c.env.DB, user.id, name, codeSpace ?? null);
      return c.json(key, 201, { "Cache-Control": "no-store" });
    },
    GET: async (c) =>
      c.json({ keys: await listKeys(c.env.DB, sessionOwner(c, KEYS).id) }, 200, { "Cache-Control": "no-store" }),
  });
  route(app, "/api/keys/:id", {
    DELETE: async (c) => {
      const revoked = await revokeKey(c.env.DB, sessionOwner(c, KEYS).id, c.req.param("id") as string);
      if (!revoked) throw new HttpError("not_found", "no such key");
      return c.body(null, 204);
    },
  });
}
