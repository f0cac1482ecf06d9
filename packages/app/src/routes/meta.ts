import { type Analytics, type CodeSpaceMeta, MAX_JSON_BODY_BYTES, MetaSchema, type Result } from "@live/shared";
import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { route } from "../http/route.ts";
import { getMeta } from "../publish/meta-store.ts";

const noStore = { "Cache-Control": "no-store" };

export function metaRoutes(app: Hono<AppEnv>): void {
  // P10: everyone reads a codeSpace's metadata; those who may write it edit its title and description.
  route(app, "/live/:codeSpace/api/meta", {
    GET: async (c) => c.json(await getMeta(c.env.DB, c.var.codeSpace), 200, noStore),
    PUT: async (c) => {
      const update = await readJson(c.req.raw, MetaSchema, MAX_JSON_BODY_BYTES);
      await limitWrite(c.env, c.var.principal, c.req.raw);
      const cs = c.var.codeSpace;
      const result = (await codeSpaceStub(c.env, cs).setMeta(cs, update, c.var.principal)) as Result<CodeSpaceMeta>;
      return c.json(unwrap(result), 200, noStore);
    },
  });

  // P12: the owner's 30 days of analytics.
  route(app, "/live/:codeSpace/api/analytics", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      const result = (await codeSpaceStub(c.env, cs).analytics(cs, c.var.principal)) as Result<Analytics>;
      return c.json(unwrap(result), 200, noStore);
    },
  });
}
