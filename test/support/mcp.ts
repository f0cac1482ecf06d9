// The official MCP SDK client against the dev server, plus a raw JSON-RPC POST for transport-level checks.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export interface Connected {
  client: Client;
  /** Every response header the client saw, in order (to prove no session id is ever issued). */
  headers: Headers[];
  close(): Promise<void>;
}

export async function connect(url: string, headers: Record<string, string> = {}): Promise<Connected> {
  const seen: Headers[] = [];
  const client = new Client({ name: "live-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      seen.push(res.headers);
      return res;
    },
  });
  await client.connect(transport);
  return { client, headers: seen, close: () => client.close() };
}

/** Calls a tool and returns its result typed as a CallToolResult (the SDK's union also has task results). */
export async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await c.callTool({ name, arguments: args })) as CallToolResult;
}

export const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");

export const MCP_HEADERS = {
  "Content-Type": "application/json",
  Accept: "application/json, text/event-stream",
};

/** One raw POST, as a client of any protocol version would send it. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const initialize = (protocolVersion: string) => ({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

export const uniqueName = (tag: string) =>
  `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
