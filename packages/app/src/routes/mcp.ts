import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { clientIp } from "../http/limits.ts";

/**
 * Loaded on the first MCP request: the SDK, its JSON Schema validator and the tool table are the largest part
 * of this Worker, and a cold start that serves a page or a socket should not evaluate them.
 */
const mcp = () => import("../mcp/http.ts");

async function serve(c: Context<AppEnv>, codeSpace?: string): Promise<Response> {
  const { handleMcp } = await mcp();
  const ctx = {
    env: c.env,
    codeSpace,
    principal: c.var.principal,
    ip: clientIp(c.req.raw),
    origin: new URL(c.req.url).origin,
  };
  return handleMcp(c.req.raw, ctx, c.env.MCP_ALLOWED_ORIGINS);
}

/**
 * The MCP endpoints (rules M1-M7): `/live/{cs}/mcp` serves one codeSpace, `/mcp` serves all of them (every
 * tool then names its codeSpace). Every method is handled there: the MCP answers for GET/DELETE are 405s too.
 */
export function mcpRoutes(app: Hono<AppEnv>): void {
  app.all("/mcp", (c) => serve(c));
  app.all("/live/:codeSpace/mcp", (c) => serve(c, c.var.codeSpace));
}
