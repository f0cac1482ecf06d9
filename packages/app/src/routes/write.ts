import { MAX_JSON_BODY_BYTES, PutCodeSchema, PutSessionSchema, type Result, type WriteResult } from "@live/shared";
import type { Handler, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { openToAnyOrigin, preflight } from "../http/cors.ts";
import { HttpError, unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { ticketPrincipal } from "../http/render-ticket.ts";
import { route } from "../http/route.ts";

export function writeRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/code", {
    PUT: async (c) => {
      const { code } = await readJson(c.req.raw, PutCodeSchema, MAX_JSON_BODY_BYTES);
      await limitWrite(c.env, c.var.principal, c.req.raw);
      const stub = codeSpaceStub(c.env, c.var.codeSpace);
      return c.json(unwrap(await stub.writeCode(c.var.codeSpace, code, c.var.principal)));
    },
  });

  // U3: previews report what they rendered. A preview is a sandboxed iframe (an opaque origin): it POSTs the
  // same body as text/plain, a request that needs no CORS preflight, so no report is lost to a failed one.
  // A13: the preview cannot hold the editor's cookie (it is an opaque origin), so it proves where it was opened with
  // the signed ticket the editor page put in its URL fragment; the Durable Object decides with that user.
  const report: Handler<AppEnv> = async (c) => {
    const { ticket, ...body } = await readJson(c.req.raw, PutSessionSchema, MAX_JSON_BODY_BYTES);
    const by = await ticketPrincipal(c.env, c.var.codeSpace, ticket);
    const stub = codeSpaceStub(c.env, c.var.codeSpace);
    const result = (await stub.reportRender(c.var.codeSpace, body, by)) as Result<WriteResult>;
    if (!result.ok && (result.error.code === "auth_required" || result.error.code === "forbidden")) {
      throw new HttpError(
        "forbidden",
        "render reports of an owned codeSpace come only from a preview opened by its owner or an editor",
      );
    }
    return c.json(unwrap(result));
  };
  app.use("/live/:codeSpace/api/session", openToAnyOrigin);
  route(app, "/live/:codeSpace/api/session", {
    PUT: report,
    POST: report,
    OPTIONS: preflight("PUT, POST"),
  });
}
