import { MAX_JSON_BODY_BYTES, PutCodeSchema, PutSessionSchema } from "@live/shared";
import type { Handler, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { openToAnyOrigin, preflight } from "../http/cors.ts";
import { unwrap } from "../http/errors.ts";
import { route } from "../http/route.ts";

export function writeRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/code", {
    PUT: async (c) => {
      const { code } = await readJson(c.req.raw, PutCodeSchema, MAX_JSON_BODY_BYTES);
      return c.json(unwrap(await codeSpaceStub(c.env, c.var.codeSpace).writeCode(c.var.codeSpace, code)));
    },
  });

  // U3: previews report what they rendered. A preview is a sandboxed iframe (an opaque origin): it POSTs the
  // same body as text/plain, a request that needs no CORS preflight, so no report is lost to a failed one.
  const report: Handler<AppEnv> = async (c) => {
    const body = await readJson(c.req.raw, PutSessionSchema, MAX_JSON_BODY_BYTES);
    const result = unwrap(await codeSpaceStub(c.env, c.var.codeSpace).reportRender(c.var.codeSpace, body));
    return c.json(result);
  };
  app.use("/live/:codeSpace/api/session", openToAnyOrigin);
  route(app, "/live/:codeSpace/api/session", {
    PUT: report,
    POST: report,
    OPTIONS: preflight("PUT, POST"),
  });
}
