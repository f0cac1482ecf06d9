import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { route } from "../http/route.ts";

/** C1/C6: WebSocket upgrades go to the codeSpace's Durable Object, which holds the sockets (hibernatable). */
const forward = (c: Context<AppEnv>) => codeSpaceStub(c.env, c.var.codeSpace).fetch(c.req.raw);

export function liveSocketRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/yjs", { GET: forward });
  route(app, "/live/:codeSpace/websocket", { GET: forward });
}
