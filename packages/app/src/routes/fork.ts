import { ForkSchema, MAX_JSON_BODY_BYTES } from "@live/shared";
import type { Hono } from "hono";
import { forkCodeSpace } from "../codespace/fork.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { route } from "../http/route.ts";

/** F1-F3: copy the current session into a new codeSpace; never overwrite one that was written. */
export function forkRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/fork", {
    POST: async (c) => {
      const { to } = await readJson(c.req.raw, ForkSchema, MAX_JSON_BODY_BYTES);
      await limitWrite(c.env, c.var.principal, c.req.raw);
      return c.json(unwrap(await forkCodeSpace(c.env, c.var.codeSpace, to, c.var.principal)), 201);
    },
  });
}
