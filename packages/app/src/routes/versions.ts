import { DEFAULT_VERSION_PAGE, MAX_VERSION_PAGE, type Version } from "@live/shared";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { HttpError, unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { route } from "../http/route.ts";
import { CONTENT_TYPES } from "./session.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** Parses a positive integer query or path parameter; anything else is a 400 that names the parameter. */
export function positiveInt(raw: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const n = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new HttpError("bad_request", `${name} must be an integer from 1 to ${max}`, { [name]: raw });
  }
  return n;
}

async function loadVersion(c: Context<AppEnv>): Promise<Version> {
  const n = positiveInt(c.req.param("n"), "version") as number;
  return unwrap(await codeSpaceStub(c.env, c.var.codeSpace).version(c.var.codeSpace, n));
}

/** V5: a version never changes, so its responses are cacheable forever. */
function immutable(pick: (v: Version) => string, type: string) {
  return async (c: Context<AppEnv>) => {
    const v = await loadVersion(c);
    return c.body(pick(v), 200, { "Content-Type": type, "Cache-Control": IMMUTABLE, ETag: `"${v.hash}"` });
  };
}

export function versionRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/versions", {
    GET: async (c) => {
      const limit = positiveInt(c.req.query("limit"), "limit", MAX_VERSION_PAGE) ?? DEFAULT_VERSION_PAGE;
      const before = positiveInt(c.req.query("before"), "before");
      return c.json(await codeSpaceStub(c.env, c.var.codeSpace).versions(c.var.codeSpace, limit, before));
    },
  });
  route(app, "/live/:codeSpace/version/:n", { GET: immutable((v) => JSON.stringify(v), CONTENT_TYPES.json) });
  route(app, "/live/:codeSpace/version/:n/index.tsx", { GET: immutable((v) => v.code, CONTENT_TYPES.tsx) });
  route(app, "/live/:codeSpace/version/:n/index.js", { GET: immutable((v) => v.transpiled, CONTENT_TYPES.js) });
  route(app, "/live/:codeSpace/api/restore/:n", {
    POST: async (c) => {
      const n = positiveInt(c.req.param("n"), "version") as number;
      await limitWrite(c.env, c.var.principal, c.req.raw);
      return c.json(unwrap(await codeSpaceStub(c.env, c.var.codeSpace).restore(c.var.codeSpace, n, c.var.principal)));
    },
  });
}
