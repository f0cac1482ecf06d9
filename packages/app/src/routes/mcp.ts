import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { handleMcp } from "../mcp/http.ts";

/**
 * The MCP endpoints (rules M1-M7): `/live/{cs}/mcp` serves one codeSpace, `/mcp` serves all of them (every
 * tool then names its codeSpace). Every method is handled there: the MCP answers for GET/DELETE are 405s too.
 */
export function mcpRoutes(app: Hono<AppEnv>): void {
  app.all("/mcp", (c) => handleMcp(c.req.raw, { env: c.env }, c.env.MCP_ALLOWED_ORIGINS));
  app.all("/live/:codeSpace/mcp", (c) =>
    handleMcp(c.req.raw, { env: c.env, codeSpace: c.var.codeSpace }, c.env.MCP_ALLOWED_ORIGINS),
  );
}
