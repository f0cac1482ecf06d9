import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { route } from "../http/route.ts";

export function healthRoutes(app: Hono<AppEnv>): void {
  route(app, "/health", { GET: (c) => c.json({ ok: true }) });
}
