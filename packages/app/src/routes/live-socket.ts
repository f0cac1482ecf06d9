import type { Context, Hono } from "hono";
import { PRINCIPAL_HEADER, RELAY_HEADER } from "../do/access-store.ts";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub, relayStub } from "../http/codespace.ts";
import { clientIp } from "../http/limits.ts";
import { route } from "../http/route.ts";
import { sockets } from "../room/hibernation.ts";
import { Penalties } from "../room/socket.ts";

/**
 * C1/C6: WebSocket upgrades go to the codeSpace's Durable Object, which holds the sockets (hibernatable), or, for a
 * JSON viewer it places on its relay tier (C13), to that relay. A9: both are told who opens the socket on a header
 * set here, replacing any a client sent, and decide read-only themselves.
 */
const forward = async (c: Context<AppEnv>) => {
  // C11: an address the object refused for its rate is refused here until its Retry-After, without asking again.
  const key = `${c.var.codeSpace}|${clientIp(c.req.raw)}`;
  const wait = refused.left(key);
  if (wait > 0) return sockets.rateLimited(wait);
  const headers = new Headers(c.req.raw.headers);
  headers.set(PRINCIPAL_HEADER, JSON.stringify(c.var.principal));
  headers.delete(RELAY_HEADER);
  let res = await codeSpaceStub(c.env, c.var.codeSpace).fetch(new Request(c.req.raw, { headers }));
  // C13: the writer placed this viewer on one of the codeSpace's relays; the relay is told its shard here.
  const shard = res.status === 200 ? res.headers.get(RELAY_HEADER) : null;
  if (shard !== null) {
    headers.set(RELAY_HEADER, shard);
    res = await relayStub(c.env, c.var.codeSpace, Number(shard)).fetch(new Request(c.req.raw, { headers }));
  }
  if (res.status === 429) refused.add(key, Number(res.headers.get("Retry-After")));
  return res;
};

/** The objects' 429s, remembered by this isolate until their Retry-After. */
const refused = new Penalties(0);

export function liveSocketRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/yjs", { GET: forward });
  route(app, "/live/:codeSpace/websocket", { GET: forward });
}
