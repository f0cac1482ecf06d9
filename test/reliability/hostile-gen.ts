// Generators of hostile input for case 3 (hostile.test.ts): HTTP requests on every route, frames for both
// WebSocket channels and JSON-RPC messages for both MCP endpoints. All seeded.
import * as encoding from "lib0/encoding";
import type { Rng } from "./support.ts";

/** The codeSpace every generated write refuses by construction: it must stay byte for byte as it was. */
export const GUARDED = "hz-guarded";
/** Where anything goes (valid writes included). */
export const FREE = "hz-free";
/** A codeSpace whose code has a 100,000-character word: the text that makes a regex run away. */
export const REGEX = "hz-regex";

const BAD_NAMES = [
  "",
  ".",
  "..",
  "%2e%2e",
  "a%2Fb",
  "a/../b",
  "x".repeat(65),
  "%C3%BC",
  "%00",
  "a%20b",
  "%",
  "%zz",
  "<script>",
  "con.txt",
  "-%0a-",
];
const NUMBERS = ["1", "0", "-1", "1.5", "1e3", "99999999999999999999", "abc", "%20", "0x10", "007", "NaN", ""];
const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const ROUTES = [
  "/live/{cs}/session.json",
  "/live/{cs}/index.tsx",
  "/live/{cs}/index.css",
  "/live/{cs}/htm",
  "/live/{cs}/index.js",
  "/live/{cs}/api/code",
  "/live/{cs}/api/session",
  "/live/{cs}/versions?limit={n}&before={n}",
  "/live/{cs}/version/{n}",
  "/live/{cs}/version/{n}/index.tsx",
  "/live/{cs}/version/{n}/index.js",
  "/live/{cs}/api/restore/{n}",
  "/live/{cs}/api/fork",
  "/live/{cs}",
  "/live/{cs}/",
  "/live/{cs}/bundle.js",
  "/live/{cs}/chat",
  "/live/{cs}/chat/stream?turn={n}",
  "/live/{cs}/chat/stop",
  "/live/{cs}/chat/turns/{n}/undo",
  "/live/{cs}/api/claim",
  "/live/{cs}/api/access",
  "/live/{cs}/api/invites",
  "/live/{cs}/api/invites/accept",
  "/live/{cs}/api/members/{n}",
  "/live/{cs}/yjs",
  "/live/{cs}/websocket",
  "/live/{cs}/mcp",
  "/transpile",
  "/importmap.json",
  "/vendor/{n}",
  "/health",
  "/api/auth/signup",
  "/api/auth/login",
  "/api/auth/logout",
  "/api/me",
  "/api/keys",
  "/api/keys/{n}",
  "/api/codespaces",
  "/settings",
  "/mcp",
  "/.well-known/oauth-authorization-server",
  "/{n}",
  "/live/{cs}/{n}/{n}",
];

/** Bodies that no route accepts (wrong shape, wrong types, not JSON, too big). */
export function badBody(r: Rng): string | Uint8Array {
  const shapes: (() => string | Uint8Array)[] = [
    () => "",
    () => "{",
    () => '{"code": "x"',
    () => "null",
    () => "[]",
    () => '"code"',
    () => "1e999",
    () => JSON.stringify({ code: r.int(0, 1e9) }),
    () => JSON.stringify({ code: null }),
    () => JSON.stringify({ code: ["a"] }),
    () => JSON.stringify({ code: "x", extra: true }),
    () => JSON.stringify({ html: 5 }),
    () => JSON.stringify({ runtimeErrors: "no" }),
    () => JSON.stringify({ runtimeErrors: Array.from({ length: 21 }, () => ({ message: "m" })) }),
    () => JSON.stringify({ to: 12 }),
    () => JSON.stringify({ to: "../x" }),
    () => JSON.stringify({ handle: "A", password: "short" }),
    () => JSON.stringify({ token: { $ne: null } }),
    () => JSON.stringify({ role: "owner" }),
    () => JSON.stringify({ message: { id: 1, role: "user" } }),
    () => JSON.stringify({ __proto__: { code: "polluted" }, constructor: { prototype: { x: 1 } } }),
    () => `{"code": "${"\\ud800"}", "x": 1}`,
    () => "[".repeat(r.int(100, 20_000)),
    () => `{"a":${"[".repeat(5000)}`,
    () => randomBytes(r, r.int(1, 200)),
    () => new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x80]),
    () => `{"code": ${"9".repeat(400)}}`,
  ];
  return r.pick(shapes)();
}

/** Bodies that may be accepted somewhere (so only sent to FREE). */
function anyBody(r: Rng): string | Uint8Array {
  if (r.chance(0.5)) return badBody(r);
  const code = r.pick(["export default () => <p>hi</p>;", "const 𝒳 = '😀';", "<<<", "x".repeat(r.int(0, 3000))]);
  return r.pick([
    () => JSON.stringify({ code }),
    () => JSON.stringify({ html: "<p>x</p>", css: "p{}" }),
    () => JSON.stringify({ to: `hz-fork-${r.int(0, 1e9)}` }),
    () => JSON.stringify({}),
    () => code,
  ])();
}

export function randomBytes(r: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r.int(0, 255);
  return out;
}

export interface HttpInput {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The codeSpace named in the path when it is one of ours (to know which writes went where). */
  codeSpace?: string;
}

const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "",
];

export function httpInput(r: Rng): HttpInput {
  const route = r.pick(ROUTES);
  const roll = r.next();
  const cs = roll < 0.45 ? GUARDED : roll < 0.75 ? FREE : r.pick(BAD_NAMES);
  const path = route.replaceAll("{cs}", cs).replace(/\{n\}/g, () => r.pick(NUMBERS));
  const method = r.pick(METHODS);
  const headers: Record<string, string> = {};
  const ct = r.pick(CONTENT_TYPES);
  if (ct) headers["content-type"] = ct;
  if (r.chance(0.1)) headers.origin = r.pick(["null", "http://evil.example", "http://localhost:1"]);
  if (r.chance(0.1)) headers.authorization = r.pick(["Bearer live_nope", "Bearer ", "Basic x", "Bearer \u00ff"]);
  if (r.chance(0.05)) headers.cookie = r.pick(["live_session=forged", "live_session=", "a=b; live_session=%00"]);
  if (r.chance(0.05)) headers["if-none-match"] = r.pick(['"x"', "*", 'W/""']);
  if (r.chance(0.05)) headers.connection = r.pick(["close", "keep-alive, x"]);
  const input: HttpInput = { method, path, headers, codeSpace: cs === GUARDED || cs === FREE ? cs : undefined };
  if (method !== "GET" && method !== "HEAD") {
    input.body = cs === GUARDED || route === "/mcp" ? badBody(r) : anyBody(r);
    // Rarely, a body over every limit (2 MiB + 1): read no further than the limit, 413.
    if (r.chance(0.004)) input.body = "x".repeat(2 * 1024 * 1024 + 1);
  }
  return input;
}

// ---- MCP ----

const TOOLS = [
  "read_code",
  "read_html",
  "read_session",
  "find_lines",
  "update_code",
  "edit_code",
  "search_and_replace",
  "list_versions",
  "read_version",
  "restore_version",
  "validate_code",
  "get_errors",
  "fork_codespace",
  "nope",
  "",
  "__proto__",
];

/** Arguments of the wrong type, shape or size (never a write that would succeed). */
function badArgs(r: Rng): unknown {
  return r.pick([
    () => ({}),
    () => null,
    () => [],
    () => "str",
    () => ({ code: 5 }),
    () => ({ edits: "all" }),
    () => ({ edits: [{ startLine: 0, endLine: -5, newContent: "x" }] }),
    () => ({ edits: [{ startLine: 1e308, endLine: 1e308, newContent: "x" }] }),
    () => ({ edits: [{ startLine: 2 ** 53 + 1, endLine: 2 ** 53 + 2, newContent: 7 }] }),
    () => ({
      edits: [
        { startLine: 1, endLine: 1, newContent: "x" },
        { startLine: 1, endLine: 1, newContent: "y" },
      ],
    }),
    () => ({ search: "", replace: "x" }),
    () => ({ search: "\u0000never-there\u0000", replace: "x" }),
    () => ({ search: "(", replace: "x", isRegex: true }),
    () => ({ search: "(a+)+$", replace: "x", isRegex: true }),
    () => ({ search: "(?:)", replace: "x", isRegex: true }),
    () => ({ search: "x*", replace: "x", isRegex: true }),
    () => ({ pattern: 5 }),
    () => ({ pattern: "[", isRegex: true }),
    () => ({ number: -1 }),
    () => ({ number: 1e308 }),
    () => ({ number: 99_999_999 }),
    () => ({ number: "1" }),
    () => ({ limit: 0 }),
    () => ({ limit: 1e9, before: -3 }),
    () => ({ to: "../../etc" }),
    () => ({ to: "x".repeat(100) }),
    () => ({ codeSpace: "../x" }),
    () => ({ codeSpace: "hz-other" }),
    () => ({ code: "x".repeat(1024 * 1024 + 10) }),
  ])();
}

const URIS = [
  "codespace://hz-guarded/code",
  "codespace://hz-guarded/../../etc/passwd",
  "codespace://../hz-guarded/code",
  "codespace://%2e%2e/code",
  "codespace://hz-guarded/code/../session",
  "codespace://hz-guarded/%2e%2e%2fsession",
  "codespace:///code",
  "codespace://a b/code",
  "file:///etc/passwd",
  "http://127.0.0.1:1/x",
  "codespace://hz-guarded/nope",
  "codespace://x".padEnd(5000, "x"),
  "",
];

export interface McpInput {
  endpoint: "cs" | "all";
  body: string;
  headers: Record<string, string>;
}

export function mcpInput(r: Rng): McpInput {
  const id = r.pick<unknown>([r.int(1, 1e6), "s", null, 1.5, 2 ** 64, { x: 1 }, [1], true]);
  const method = r.pick([
    "initialize",
    "tools/list",
    "tools/call",
    "resources/read",
    "resources/list",
    "resources/templates/list",
    "prompts/list",
    "prompts/get",
    "ping",
    "notifications/initialized",
    "completion/complete",
    "nope",
    "",
  ]);
  let params: unknown = r.pick<unknown>([undefined, null, 5, "x", [], {}]);
  if (method === "tools/call") params = { name: r.pick(TOOLS), arguments: badArgs(r) };
  else if (method === "resources/read") params = { uri: r.pick(URIS) };
  else if (method === "initialize" && r.chance(0.7))
    params = { protocolVersion: r.pick(["2025-11-25", "1999-01-01", 5]), capabilities: r.pick([{}, null, 1]) };
  else if (method === "prompts/get") params = { name: r.pick(["fix_errors", "nope"]), arguments: badArgs(r) };
  const message: Record<string, unknown> = { jsonrpc: r.pick(["2.0", "2.0", "2.0", "1.0", 2]), id, method };
  if (params !== undefined) message.params = params;
  let body = JSON.stringify(message);
  const mutate = r.next();
  if (mutate < 0.08) body = body.slice(0, r.int(0, body.length - 1));
  else if (mutate < 0.12) body = `[${body},${body}]`;
  else if (mutate < 0.15) body = JSON.stringify({ ...message, id: undefined, method: undefined });
  else if (mutate < 0.17) body = "9".repeat(r.int(1, 500));
  const headers: Record<string, string> = {
    "content-type": r.chance(0.92) ? "application/json" : r.pick(["text/plain", "", "application/jsonx"]),
    accept: r.chance(0.92) ? "application/json, text/event-stream" : r.pick(["text/html", "*/*", ""]),
  };
  if (r.chance(0.05)) headers["mcp-protocol-version"] = r.pick(["2025-11-25", "1900-01-01", "x"]);
  if (r.chance(0.04)) headers.origin = r.pick(["http://evil.example", "null", "http://localhost:3000"]);
  return { endpoint: r.chance(0.5) ? "cs" : "all", body, headers };
}

// ---- WebSocket frames ----

export type Frame = { data: string | Uint8Array; binary: boolean; what: string };

export function jsonFrame(r: Rng): Frame {
  const text = (data: string, what: string): Frame => ({ data, binary: false, what });
  return r.pick<() => Frame>([
    () => text("{", "truncated JSON"),
    () => text("", "empty"),
    () => text("null", "null"),
    () => text("[1,2]", "array"),
    () => text(JSON.stringify({ type: "nope" }), "unknown type"),
    () => text(JSON.stringify({ type: "session-update" }), "missing code"),
    () => text(JSON.stringify({ type: "session-update", code: 5 }), "code of the wrong type"),
    () => text(JSON.stringify({ type: "ping", extra: 1 }), "extra field"),
    () => text(JSON.stringify({ type: "ping" }), "ping"),
    () => text("[".repeat(r.int(10, 50_000)), "deep nesting"),
    () => text(JSON.stringify({ type: "session-update", code: "x".repeat(1024 * 1024 + 1) }), "code over 1 MiB"),
    () => ({ data: randomBytes(r, r.int(0, 300)), binary: true, what: "binary" }),
    () => ({ data: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), binary: false, what: "invalid UTF-8 text" }),
  ])();
}

const varint = (n: number) => encoding.encode((e) => encoding.writeVarUint(e, n));

export function yjsFrame(r: Rng): Frame {
  const bin = (data: Uint8Array, what: string): Frame => ({ data, binary: true, what });
  return r.pick<() => Frame>([
    () => bin(randomBytes(r, r.int(1, 400)), "random bytes"),
    () => bin(new Uint8Array([]), "empty"),
    () => bin(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), "invalid varint"),
    () => bin(new Uint8Array([0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]), "sync step 1 with a huge length"),
    () => bin(new Uint8Array([0, 1, 5, 1, 2]), "truncated sync step 2"),
    () => bin(new Uint8Array([0, 2, 3, 0, 0, 0]), "garbage update"),
    () => bin(new Uint8Array([0, 9]), "unknown sync message"),
    () => bin(new Uint8Array([r.int(4, 200)]), "unknown message type"),
    () => bin(new Uint8Array([1, 3, 1, 2, 3]), "garbage awareness"),
    () => bin(new Uint8Array([1, 0x80]), "truncated awareness"),
    () => bin(new Uint8Array([2, 0, 4, 0x61, 0x62]), "auth message from a client"),
    () => bin(varint(2 ** 31), "a lone huge varint"),
    () => bin(new Uint8Array(1024 * 1024 + 16), "frame over 1 MiB"),
    () => ({ data: "hello", binary: false, what: "text frame" }),
    () => ({ data: new Uint8Array([0xc3, 0x28]), binary: false, what: "invalid UTF-8 text" }),
  ])();
}
