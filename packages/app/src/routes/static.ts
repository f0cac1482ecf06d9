import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ANY_ORIGIN } from "../http/cors.ts";
import { HttpError } from "../http/errors.ts";

/** Built files are content-addressed or versioned by the build, so they may be cached for a year. */
const LONG_CACHE = "public, max-age=31536000, immutable";

async function fromAssets(c: Context<AppEnv>, cacheControl?: string): Promise<Response> {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  if (res.status === 404) throw new HttpError("not_found", `no file at ${new URL(c.req.url).pathname}`);
  if (!cacheControl || !res.ok) return res;
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", cacheControl);
  for (const [k, v] of Object.entries(ANY_ORIGIN)) headers.set(k, v);
  return new Response(res.body, { status: res.status, headers });
}

/** Static files: the vendored packages and the editor's built assets, from our own origin. */
export function staticRoutes(app: Hono<AppEnv>): void {
  app.get("/vendor/*", (c) => fromAssets(c, LONG_CACHE));
  app.get("/assets/*", (c) => fromAssets(c, LONG_CACHE));
  app.get("/robots.txt", (c) => fromAssets(c));
}
