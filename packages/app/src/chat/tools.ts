import { jsonSchema, type ToolSet, tool } from "ai";
import type { McpContext } from "../mcp/tool.ts";
import { TOOLS } from "../mcp/tools/index.ts";

/**
 * Tools the assistant does not get: a fork creates another codeSpace, which a chat turn has no business doing;
 * publishing puts the app on a public URL and setting the title changes what the world sees of it, which are a
 * person's decisions, not a side effect of "make the button red" (and both call the codeSpace's own object back
 * through a stub, while the assistant runs inside it).
 */
const NOT_IN_CHAT = new Set(["fork_codespace", "publish", "set_metadata"]);

/**
 * Rule AI5: the assistant's tools are the codeSpace's MCP tools (the same descriptions, JSON Schemas and
 * validation that `tools/list` and `tools/call` use), executed in-process against `ctx.local`.
 */
export function chatTools(ctx: McpContext & { codeSpace: string }): ToolSet {
  const set: ToolSet = {};
  for (const t of TOOLS) {
    if (NOT_IN_CHAT.has(t.name)) continue;
    const listing = t.listing(true);
    set[t.name] = tool({
      description: listing.description,
      inputSchema: jsonSchema(listing.inputSchema as Parameters<typeof jsonSchema>[0]),
      execute: async (input: unknown) => {
        const r = await t.call(input, ctx);
        const text = r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
        // An error is an answer the model reads and can act on (M7), not a failed turn.
        return r.isError ? `Error: ${text}` : text;
      },
    });
  }
  return set;
}
