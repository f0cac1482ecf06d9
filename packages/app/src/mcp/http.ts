// The MCP Streamable HTTP endpoint (rules M1-M6): checks that need the raw request, then the SDK's transport.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { readText } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { originAllowed } from "./origin.ts";
import { buildMcpServer } from "./server.ts";
import type { McpContext } from "./tool.ts";
import { TOOL_NAMES } from "./tools/index.ts";

export const MAX_MCP_BODY_BYTES = 2 * 1024 * 1024;

/** A JSON-RPC error with an HTTP status; `id` null when the request could not be read (as the SDK does). */
function rpcError(
  status: number,
  code: number,
  message: string,
  id: string | number | null = null,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id }), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/**
 * Handles one HTTP request to an MCP endpoint. Stateless (M3): a fresh server and transport per request, no
 * session id, JSON responses; so any Worker instance can answer any request, and GET/DELETE are 405.
 */
export async function handleMcp(req: Request, ctx: McpContext, allowedOrigins = ""): Promise<Response> {
  const origin = req.headers.get("origin");
  if (!originAllowed(origin, req.url, allowedOrigins)) {
    return rpcError(403, ErrorCode.ConnectionClosed, `Forbidden: Origin ${origin} may not use this MCP server`);
  }
  if (req.method !== "POST") {
    const why = req.method === "GET" ? "this server offers no SSE stream" : "this server keeps no sessions";
    return rpcError(405, ErrorCode.ConnectionClosed, `Method not allowed: ${why}; POST JSON-RPC messages`, null, {
      Allow: "POST",
    });
  }
  const accept = req.headers.get("accept") ?? "";
  if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
    return rpcError(
      406,
      ErrorCode.ConnectionClosed,
      "Not Acceptable: Accept must list application/json and text/event-stream",
    );
  }
  const version = req.headers.get("mcp-protocol-version");
  if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return rpcError(
      400,
      ErrorCode.ConnectionClosed,
      `Bad Request: unsupported MCP-Protocol-Version ${version}; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}`,
    );
  }
  let text: string;
  try {
    text = await readText(req, MAX_MCP_BODY_BYTES);
  } catch (err) {
    if (err instanceof HttpError && err.code === "payload_too_large") {
      return rpcError(
        413,
        ErrorCode.ConnectionClosed,
        `Payload Too Large: the body is over ${MAX_MCP_BODY_BYTES} bytes`,
      );
    }
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return rpcError(400, ErrorCode.ParseError, "Parse error: the body is not JSON");
  }
  // M6: JSON-RPC batches were removed from MCP in 2025-06-18; one message per request keeps "all or nothing" simple.
  if (Array.isArray(body)) {
    return rpcError(
      400,
      ErrorCode.InvalidRequest,
      "Invalid Request: batches are not supported; send one message per POST",
    );
  }
  const invalid = invalidParams(body);
  if (invalid) return rpcError(200, ErrorCode.InvalidParams, invalid.message, invalid.id);

  const server = buildMcpServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req, { parsedBody: body });
  } finally {
    await server.close();
  }
}

/**
 * The methods whose params the SDK parses with a schema: its parse error would surface as -32603 (found by the
 * hostile-input suite for `prompts/get`; every method we serve is listed, so none can).
 */
const PARAMS = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  "tools/list": ListToolsRequestSchema,
  "tools/call": CallToolRequestSchema,
  "resources/list": ListResourcesRequestSchema,
  "resources/templates/list": ListResourceTemplatesRequestSchema,
  "resources/read": ReadResourceRequestSchema,
  "prompts/list": ListPromptsRequestSchema,
  "prompts/get": GetPromptRequestSchema,
  "completion/complete": CompleteRequestSchema,
} as const;

/**
 * M7: malformed params and an unknown tool are protocol errors (-32602), as the 2025-11-25 spec lists them; the
 * SDK would answer the first with -32603 and the second with a tool result. Arguments that fail a tool's own
 * schema stay tool errors (`isError`), so the model can read what to fix.
 */
function invalidParams(body: unknown): { id: string | number; message: string } | null {
  const msg = body as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
  if (typeof msg?.id !== "string" && typeof msg?.id !== "number") return null;
  const schema = PARAMS[msg.method as keyof typeof PARAMS];
  if (!schema) return null;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "params"}: ${i.message}`).join("; ");
    return { id: msg.id, message: `Invalid params for ${String(msg.method)}: ${issues}` };
  }
  // The SDK parses a resource URI with `new URL`, whose TypeError would surface as -32603.
  const uri = (msg.params as { uri?: unknown } | undefined)?.uri;
  if (msg.method === "resources/read" && typeof uri === "string" && !URL.canParse(uri)) {
    return {
      id: msg.id,
      message: `Invalid params for resources/read: uri ${JSON.stringify(uri.slice(0, 80))} is not a URI; use codespace://{codeSpace}/code`,
    };
  }
  const name = msg.params?.name;
  if (msg.method !== "tools/call" || typeof name !== "string" || TOOL_NAMES.has(name)) return null;
  return { id: msg.id, message: `Unknown tool: ${name}. Tools: ${[...TOOL_NAMES].join(", ")}` };
}
