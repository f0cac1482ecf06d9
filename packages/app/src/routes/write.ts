import { MAX_JSON_BODY_BYTES, PutCodeSchema, PutSessionSchema } from "@live/shared";
import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { unwrap } from "../http/errors.ts";
import { route } from "../http/route.ts";

export function writeRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/code", {
    PUT: async (c) => {
      const { code } = await readJson(c.req.raw, PutCodeSchema, MAX_JSON_BODY_BYTES);
      return c.json(unwrap(await codeSpaceStub(c.env, c.var.codeSpace).writeCode(c.var.codeSpace, code)));
    },
  });

  route(app, "/live/:codeSpace/api/session", {
    PUT: async (c) => {
      const report = await readJson(c.req.raw, PutSessionSchema, MAX_JSON_BODY_BYTES);
      return c.json(unwrap(await codeSpaceStub(c.env, c.var.codeSpace).reportRender(c.var.codeSpace, report)));
    },
  });
}
