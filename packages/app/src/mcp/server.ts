import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { registerPrompts } from "./prompts.ts";
import { registerResources } from "./resources.ts";
import type { McpContext } from "./tool.ts";
import { TOOLS } from "./tools/index.ts";

export const SERVER_INFO = { name: "live-codespace", title: "Live codeSpace", version: "1.0.0" };

const INSTRUCTIONS = `Each codeSpace is one live React component (TSX, default export), shown at /live/{codeSpace}.
Every write is transpiled, saved as a version and shown at once to everyone viewing it.
Read with read_code or find_lines, change with edit_code or search_and_replace, then check get_errors.`;

/**
 * One MCP server per request (rule M3): a stateless server holds nothing between requests, so any number of
 * Worker instances can answer a client. Building it registers schemas only; nothing is converted until asked.
 */
export function buildMcpServer(ctx: McpContext): McpServer {
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
  for (const tool of TOOLS) tool.register(server, ctx);
  // M19: tools/list from the same zod schemas, converted once per isolate and without boilerplate.
  const scoped = ctx.codeSpace !== undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOLS.map((t) => t.listing(scoped)) }));
  registerResources(server, ctx);
  registerPrompts(server, ctx);
  return server;
}
