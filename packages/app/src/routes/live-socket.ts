import type { Context, Hono } from "hono";
import { PRINCIPAL_HEADER } from "../do/access-store.ts";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { route } from "../http/route.ts";

/**
 * C1/C6: WebSocket upgrades go to the codeSpace's Durable Object, which holds the sockets (hibernatable). A9: it is
 * told who opens the socket on a header set here, replacing any a client sent, and decides read-only itself.
 */
const forward = (c: Context<AppEnv>) => {
  const headers = new Headers(c.req.raw.headers);
  headers.set(PRINCIPAL_HEADER, JSON.stringify(c.var.principal));
  return codeSpaceStub(c.env, c.var.codeSpace).fetch(new Request(c.req.raw, { headers }));
};

export function liveSocketRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/yjs", { GET: forward });
  route(app, "/live/:codeSpace/websocket", { GET: forward });
}
