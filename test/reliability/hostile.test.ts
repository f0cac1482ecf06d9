// Case 3: hostile input. Over 10,000 seeded inputs against every HTTP route, both WebSocket channels and both MCP
// endpoints: no answer >= 500 (but the documented 503s), no crash or restart of workerd, every answer the
// documented error (E1, C8, M6, M7), runaway regular expressions stopped before they run (M22), and the guarded
// codeSpace, to which every input sent is refused by construction, byte for byte as it was (E4).
import { ERROR_CODES, WS_ERROR_CODES } from "@live/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { yClient } from "../support/live.ts";
import { FREE, type Frame, GUARDED, httpInput, jsonFrame, mcpInput, REGEX, yjsFrame } from "./hostile-gen.ts";
import { alive, type Proc, percentile, processTree, record, rng } from "./support.ts";

const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1);
const N_HTTP = Math.round(5500 * SCALE);
const N_MCP = Math.round(3000 * SCALE);
const N_JSON = Math.round(1200 * SCALE);
const N_YJS = Math.round(500 * SCALE);
const DOCUMENTED_503 = new Set(["codespace_full", "ai_not_configured", "upstream_unavailable"]);
const MCP_ERRORS = new Set([-32700, -32600, -32601, -32602, -32002, -32000]);
const WRITE_TOOLS = new Set(["update_code", "edit_code", "search_and_replace", "restore_version", "fork_codespace"]);

let server: DevServer;
let workerd: Proc[] = [];
const failures: string[] = [];
const latencies: number[] = [];
let fiveHundreds = 0;
const fail = (what: string) => {
  if (failures.length < 200) failures.push(what);
};

interface Snapshot {
  session: string;
  versions: string;
  text: string;
}

async function snapshot(cs: string): Promise<Snapshot> {
  const session = await (await fetch(`${server.url}/live/${cs}/session.json`)).text();
  const versions = await (await fetch(`${server.url}/live/${cs}/versions?limit=1000`)).text();
  const y = await yClient(server.url, cs);
  const text = y.text.toString();
  y.destroy();
  return { session, versions, text };
}

let guardedBefore: Snapshot;

beforeAll(async () => {
  server = await startDevServer();
  const put = (cs: string, code: string) =>
    fetch(`${server.url}/live/${cs}/api/code`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
  expect((await put(GUARDED, "export default () => <p>guarded 𝒳 😀</p>;\n")).status).toBe(200);
  expect((await put(FREE, "export default () => <p>free</p>;\n")).status).toBe(200);
  expect((await put(REGEX, `export const word = "${"a".repeat(100_000)}";\n`)).status).toBe(200);
  guardedBefore = await snapshot(GUARDED);
  workerd = processTree(server.pid() as number).filter((p) => p.comm === "workerd");
  expect(workerd.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await server?.dispose();
});

/** Runs `count` jobs, `parallel` at a time. */
async function pool(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function checkErrorBody(status: number, text: string, what: string): void {
  let body: { error?: { code?: string; message?: string } };
  try {
    body = JSON.parse(text);
  } catch {
    fail(`${what}: ${status} with a body that is not JSON: ${text.slice(0, 80)}`);
    return;
  }
  const code = body.error?.code as keyof typeof ERROR_CODES | undefined;
  if (!code || typeof body.error?.message !== "string") {
    fail(`${what}: ${status} without {error: {code, message}}`);
    return;
  }
  if (ERROR_CODES[code] !== status) fail(`${what}: ${status} with code ${code} (documented as ${ERROR_CODES[code]})`);
}

describe("case 3: hostile input", () => {
  it("E1/E4/M6/M7: every HTTP route answers generated input with its documented status", async () => {
    const r = rng("hostile-http");
    const inputs = Array.from({ length: N_HTTP }, () => httpInput(r));
    await pool(inputs.length, 4, async (i) => {
      const input = inputs[i] as (typeof inputs)[number];
      const what = `${input.method} ${input.path.slice(0, 80)}`;
      const t = performance.now();
      let res: Response;
      try {
        res = await fetch(`${server.url}${input.path}`, {
          method: input.method,
          headers: input.headers,
          body: input.body as BodyInit | undefined,
          redirect: "manual",
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        // A path the URL parser refuses never leaves the client; anything else is the server's failure.
        if (err instanceof TypeError && /URL|invalid/i.test(String(err.message)) && !String(err.cause ?? "")) return;
        return fail(`${what}: no answer (${(err as Error).message}; ${String((err as Error).cause ?? "")})`);
      }
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (res.status >= 500) {
        let code = "";
        try {
          code = JSON.parse(text).error?.code ?? "";
        } catch {}
        if (res.status === 503 && DOCUMENTED_503.has(code)) return;
        fiveHundreds++;
        return fail(`${what}: ${res.status} ${text.slice(0, 120)}`);
      }
      if (res.status >= 400 && input.method !== "HEAD" && !input.path.includes("mcp")) {
        checkErrorBody(res.status, text, what);
      }
      // A write to the guarded codeSpace is refused by construction (its body is always wrong).
      const writes = /\/api\/(code|session|restore|claim|invites|members)|\/chat$/.test(input.path.split("?")[0] ?? "");
      // Restoring the current code (version 1) is `changed: false`: accepted, but it changes nothing (S4).
      const unchanged = /"changed":false/.test(text);
      if (
        input.codeSpace === GUARDED &&
        res.ok &&
        writes &&
        !unchanged &&
        !["GET", "HEAD", "OPTIONS"].includes(input.method)
      ) {
        fail(`${what}: a refused-by-construction write was accepted (${res.status})`);
      }
    });
    record({
      case: "3 hostile: HTTP routes",
      runs: 1,
      inputs: inputs.length,
      lost: 0,
      "5xx": fiveHundreds,
      crashes: workerd.filter((p) => !alive(p)).length,
      p99: percentile(latencies, 99),
    });
    expect(failures).toEqual([]);
  });

  it("M2/M6/M7/M22: both MCP endpoints answer malformed JSON-RPC, wrong types and path tricks with typed errors", async () => {
    const r = rng("hostile-mcp");
    const inputs = Array.from({ length: N_MCP }, () => mcpInput(r));
    const before = failures.length;
    let fives = 0;
    const lat: number[] = [];
    await pool(inputs.length, 4, async (i) => {
      const input = inputs[i] as (typeof inputs)[number];
      const url = input.endpoint === "cs" ? `${server.url}/live/${GUARDED}/mcp` : `${server.url}/mcp`;
      const what = `MCP ${input.endpoint} ${input.body.slice(0, 100)}`;
      const t = performance.now();
      const res = await fetch(url, { method: "POST", headers: input.headers, body: input.body }).catch(
        (err: Error) => err,
      );
      if (res instanceof Error) return fail(`${what}: no answer (${res.message})`);
      const text = await res.text();
      lat.push(performance.now() - t);
      if (res.status >= 500) {
        fives++;
        return fail(`${what}: ${res.status} ${text.slice(0, 160)}`);
      }
      if (res.status === 202) return;
      let body: { error?: { code?: number }; result?: { isError?: boolean } };
      try {
        body = JSON.parse(text);
      } catch {
        return fail(`${what}: ${res.status} body not JSON: ${text.slice(0, 80)}`);
      }
      if (body.error) {
        if (!MCP_ERRORS.has(body.error.code as number)) fail(`${what}: JSON-RPC error ${JSON.stringify(body.error)}`);
        return;
      }
      if (res.status !== 200) return fail(`${what}: ${res.status} without a JSON-RPC error`);
      const msg = JSON.parse(input.body) as { method?: string; params?: { name?: string; arguments?: unknown } };
      const tool = msg.params?.name ?? "";
      if (msg.method === "tools/call" && WRITE_TOOLS.has(tool) && tool !== "fork_codespace" && !body.result?.isError) {
        fail(`${what}: a write that must fail succeeded: ${text.slice(0, 160)}`);
      }
    });
    fiveHundreds += fives;
    record({
      case: "3 hostile: MCP endpoints",
      runs: 1,
      inputs: inputs.length,
      lost: 0,
      "5xx": fives,
      crashes: workerd.filter((p) => !alive(p)).length,
      p99: percentile(lat, 99),
    });
    expect(failures.slice(before)).toEqual([]);
  });

  it("M7 (regression): prompts/get with bad arguments and resources/read of a URI that does not parse are -32602", async () => {
    for (const endpoint of [`/live/${GUARDED}/mcp`, "/mcp"]) {
      for (const params of [
        { method: "prompts/get", params: { name: "nope", arguments: { number: -1 } } },
        { method: "prompts/get", params: { name: "fix_errors", arguments: "str" } },
        { method: "resources/read", params: { uri: "" } },
        { method: "resources/read", params: { uri: "::" } },
      ]) {
        const res = await fetch(`${server.url}${endpoint}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 7, ...params }),
        });
        const body = (await res.json()) as { error?: { code: number } };
        expect(body.error?.code, JSON.stringify(params)).toBe(-32602);
      }
    }
  });

  it("T8 (regression): 20,000 levels of brackets are a 422 at once, as POST /transpile and as a write", async () => {
    const deep = "[".repeat(20_000);
    const t = await fetch(`${server.url}/transpile`, {
      method: "POST",
      body: deep,
      signal: AbortSignal.timeout(30_000),
    });
    expect(t.status).toBe(422);
    const w = await fetch(`${server.url}/live/${FREE}/api/code`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: deep }),
      signal: AbortSignal.timeout(30_000),
    });
    expect(w.status).toBe(200);
    expect(((await w.json()) as { errors: { message?: string; text?: string }[] }).errors.length).toBeGreaterThan(0);
  });

  it("M22: catastrophic regular expressions in search_and_replace and find_lines are stopped with a tool error", async () => {
    const patterns = [
      "(a+)+$",
      "(a|aa)*b",
      "(.*)*x",
      "(\\w+\\s?)*$",
      "\\w*x",
      ".*.*.*x",
      "(a*)*b",
      "([a-z]+)*!",
      "a*a*a*a*b",
      "(?:a|a)*$",
    ];
    const lat: number[] = [];
    for (const pattern of patterns) {
      for (const [tool, args] of [
        ["search_and_replace", { search: pattern, replace: "z", isRegex: true }],
        ["find_lines", { pattern, isRegex: true }],
      ] as const) {
        const t = performance.now();
        const res = await fetch(`${server.url}/live/${REGEX}/mcp`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: { name: tool, arguments: args },
          }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json()) as { result?: { isError?: boolean; content: { text: string }[] } };
        lat.push(performance.now() - t);
        expect(body.result?.isError, `${tool} ${pattern}`).toBe(true);
        expect(body.result?.content[0]?.text, `${tool} ${pattern}`).toMatch(/M22/);
      }
    }
    const after = (await (await fetch(`${server.url}/live/${REGEX}/session.json`)).json()) as { version: number };
    expect(after.version).toBe(1);
    record({
      case: "3 hostile: runaway regexes",
      runs: 1,
      inputs: lat.length,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: percentile(lat, 99),
    });
  });

  it("C8/C10/C11: both WebSocket channels answer every bad frame with an error or their close code", async () => {
    const before = failures.length;
    const ws = `${server.url.replace("http", "ws")}/live/${GUARDED}`;
    const r = rng("hostile-ws");
    let sent = 0;

    // JSON channel: every frame is answered ({type: "error"} or pong), or the socket is closed with its code.
    let sock: Channel | null = null;
    for (let i = 0; i < N_JSON; i++) {
      sock ??= await channel(`${ws}/websocket`);
      const frame = jsonFrame(r);
      const answer = await sock.exchange(frame);
      sent++;
      if (answer.closed !== undefined) {
        if (![1009, 1008, 1007].includes(answer.closed)) fail(`json ${frame.what}: closed with ${answer.closed}`);
        else if (answer.closed === 1009 && !frame.what.includes("1 MiB")) fail(`json ${frame.what}: closed 1009`);
        sock = null;
        continue;
      }
      const m = JSON.parse(String(answer.message)) as { type: string; code?: string };
      if (frame.what === "ping") {
        if (m.type !== "pong") fail(`json ping: answered ${m.type}`);
      } else if (m.type !== "error" || !(WS_ERROR_CODES as readonly string[]).includes(m.code ?? "")) {
        fail(`json ${frame.what}: answered ${JSON.stringify(m).slice(0, 100)}`);
      }
    }
    sock?.close();

    // Yjs channel: a frame that is not the protocol closes with 1003 (1009 over 1 MiB); the probe after a
    // harmless frame (a query of awareness) is answered.
    let ysock: Channel | null = null;
    for (let i = 0; i < N_YJS; i++) {
      ysock ??= await channel(`${ws}/yjs`, true);
      const frame = yjsFrame(r);
      const answer = await ysock.exchange(frame, new Uint8Array([3]));
      sent++;
      if (answer.closed !== undefined) {
        const expected = frame.what.includes("1 MiB") ? [1009] : [1003, 1007, 1008];
        if (!expected.includes(answer.closed)) fail(`yjs ${frame.what}: closed with ${answer.closed}`);
        ysock = null;
      }
    }
    ysock?.close();
    record({
      case: "3 hostile: WebSocket frames",
      runs: 1,
      inputs: sent,
      lost: 0,
      "5xx": 0,
      crashes: workerd.filter((p) => !alive(p)).length,
      p99: null,
    });
    expect(failures.slice(before)).toEqual([]);
  });

  it("E4/S8: workerd never crashed or restarted, and the guarded codeSpace is byte for byte as it was", async () => {
    expect(workerd.filter((p) => !alive(p))).toEqual([]);
    expect((await fetch(`${server.url}/health`)).ok).toBe(true);
    const now = await snapshot(GUARDED);
    expect(now.text).toBe(guardedBefore.text);
    expect(now.session).toBe(guardedBefore.session);
    expect(now.versions).toBe(guardedBefore.versions);
    if (failures.length) console.log(failures.slice(0, 40).join("\n"));
  });
});

interface Channel {
  /** Sends `frame` (then `probe`, if given) and resolves with the first answer or the close code. */
  exchange(frame: Frame, probe?: Uint8Array): Promise<{ message?: WebSocket.RawData; closed?: number }>;
  close(): void;
}

/** A raw socket (no client library: the frames are deliberately wrong). */
async function channel(url: string, yjs = false): Promise<Channel> {
  const ws = new WebSocket(url);
  const queue: WebSocket.RawData[] = [];
  let closed: number | undefined;
  let wake: (() => void) | null = null;
  ws.on("message", (data, isBinary) => {
    // On the Yjs channel only the probe's answer (an awareness message) counts; sync replies are skipped.
    if (yjs && (!isBinary || (data as Buffer)[0] !== 1)) return;
    queue.push(data);
    wake?.();
  });
  ws.on("close", (code) => {
    closed = code;
    wake?.();
  });
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  // The JSON channel greets with a handshake first (C6): that is not an answer to a frame.
  if (!yjs) {
    while (!queue.length && closed === undefined) await new Promise<void>((resolve) => (wake = resolve));
    queue.shift();
  }
  return {
    async exchange(frame, probe) {
      queue.length = 0;
      ws.send(frame.data, { binary: frame.binary });
      if (probe) ws.send(probe, { binary: true });
      // Neither an answer nor a close within 20 s is a failure of the server (reported as close code -1).
      const deadline = Date.now() + 20_000;
      while (!queue.length && closed === undefined && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, deadline - Date.now());
        });
      }
      wake = null;
      if (queue.length) return { message: queue.shift() };
      if (closed === undefined) ws.terminate();
      return { closed: closed ?? -1 };
    },
    close: () => ws.close(),
  };
}
