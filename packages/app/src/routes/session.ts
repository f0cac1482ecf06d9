import type { Session } from "@live/shared";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { ANY_ORIGIN } from "../http/cors.ts";
import { route } from "../http/route.ts";

const TYPES = {
  json: "application/json; charset=utf-8",
  tsx: "text/plain; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
  js: "application/javascript; charset=utf-8",
} as const;

/** Serves one field of the live session; the ETag is the session hash, so unchanged sessions answer 304 (S7). */
function serve(pick: (s: Session) => string, type: string) {
  return async (c: Context<AppEnv>) => {
    const session = await codeSpaceStub(c.env, c.var.codeSpace).session(c.var.codeSpace);
    const etag = `"${session.hash}"`;
    // Readable cross-origin: the sandboxed preview (an opaque origin) imports index.js and reads the session.
    const headers = { "Content-Type": type, ETag: etag, "Cache-Control": "no-cache", ...ANY_ORIGIN };
    if (c.req.header("If-None-Match") === etag) return c.body(null, 304, headers);
    return c.body(pick(session), 200, headers);
  };
}

export function sessionRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/session.json", { GET: serve((s) => JSON.stringify(s), TYPES.json) });
  route(app, "/live/:codeSpace/index.tsx", { GET: serve((s) => s.code, TYPES.tsx) });
  route(app, "/live/:codeSpace/index.css", { GET: serve((s) => s.css, TYPES.css) });
  route(app, "/live/:codeSpace/htm", { GET: serve((s) => s.html, TYPES.html) });
  route(app, "/live/:codeSpace/index.js", { GET: serve((s) => s.transpiled, TYPES.js) });
}

export { TYPES as CONTENT_TYPES };
