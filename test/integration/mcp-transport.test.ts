// MCP Streamable HTTP transport rules (M1-M7) over the real dev server, with the official SDK client and raw HTTP.
import { describe, expect, inject, it } from "vitest";
import { connect, initialize, MCP_HEADERS, post, uniqueName } from "../support/mcp.ts";

const base = inject("baseUrl");

describe("MCP transport", () => {
  it("M1/M3: the SDK client connects to both endpoints statelessly: no session id, and a second client works", async () => {
    const cs = uniqueName("mcp-conn");
    const a = await connect(`${base}/live/${cs}/mcp`);
    const b = await connect(`${base}/mcp`);
    expect(a.client.getServerVersion()?.name).toBe("live-codespace");
    expect(a.client.getInstructions()).toContain("edit_code");
    expect((await a.client.listTools()).tools).toHaveLength(15);
    expect((await b.client.listTools()).tools).toHaveLength(15);
    await a.client.ping();
    for (const h of [...a.headers, ...b.headers]) expect(h.get("mcp-session-id")).toBeNull();
    // A third client that never initialized: stateless servers answer any well-formed request.
    const res = await post(`${base}/live/${cs}/mcp`, { jsonrpc: "2.0", id: 7, method: "tools/list" });
    expect(res.status).toBe(200);
    expect((await res.json()).result.tools).toHaveLength(15);
    await Promise.all([a.close(), b.close()]);
  });

  it("M2: 2025-11-25, 2025-06-18 and 2025-03-26 clients negotiate their version; an unknown one gets the latest", async () => {
    for (const version of ["2025-11-25", "2025-06-18", "2025-03-26"]) {
      const res = await post(`${base}/mcp`, initialize(version));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect((await res.json()).result.protocolVersion).toBe(version);
      const list = await post(
        `${base}/mcp`,
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        { "MCP-Protocol-Version": version },
      );
      expect(list.status).toBe(200);
    }
    const future = await post(`${base}/mcp`, initialize("2099-01-01"));
    expect((await future.json()).result.protocolVersion).toBe("2025-11-25");
  });

  it("M2: an unsupported MCP-Protocol-Version header is 400", async () => {
    const res = await post(
      `${base}/mcp`,
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { "MCP-Protocol-Version": "1999-01-01" },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/unsupported MCP-Protocol-Version 1999-01-01/);
  });

  it("M2: notifications get 202 with no body; GET and DELETE get 405 with Allow: POST", async () => {
    const note = await post(`${base}/mcp`, { jsonrpc: "2.0", method: "notifications/initialized" });
    expect(note.status).toBe(202);
    expect(await note.text()).toBe("");
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(`${base}/live/x/mcp`, { method, headers: { Accept: "text/event-stream" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect((await res.json()).jsonrpc).toBe("2.0");
    }
  });

  it("M2: 406 without the right Accept, 415 for a body that is not JSON", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    const noAccept = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(noAccept.status).toBe(406);
    const jsonOnly = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body,
    });
    expect(jsonOnly.status).toBe(406);
    const text = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, "Content-Type": "text/plain" },
      body,
    });
    expect(text.status).toBe(415);
  });

  it("M5: a disallowed Origin is 403; same origin and localhost are allowed", async () => {
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    const evil = await post(`${base}/mcp`, ping, { Origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.message).toMatch(/Origin https:\/\/evil.example/);
    expect((await post(`${base}/mcp`, ping, { Origin: "null" })).status).toBe(403);
    expect((await post(`${base}/mcp`, ping, { Origin: base })).status).toBe(200);
    expect((await post(`${base}/mcp`, ping, { Origin: "http://localhost:5173" })).status).toBe(200);
    // The SDK client from a browser-like origin that is not allowed fails to connect at all.
    await expect(connect(`${base}/mcp`, { Origin: "https://evil.example" })).rejects.toThrow(/403|Forbidden/);
  });

  it("M6: a body over 2 MiB is 413; a batch is a JSON-RPC error; bad JSON is a parse error", async () => {
    const big = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "update_code", arguments: { code: "x".repeat(2 * 1024 * 1024) } },
    };
    const tooBig = await post(`${base}/live/big/mcp`, big);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toMatch(/over 2097152 bytes/);
    const batch = await post(`${base}/mcp`, [
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    expect(batch.status).toBe(400);
    expect((await batch.json()).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/batches are not supported/),
    });
    const bad = await post(`${base}/mcp`, "{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe(-32700);
    const notRpc = await post(`${base}/mcp`, { hello: "world" });
    expect(notRpc.status).toBe(400);
  });

  it("M7: an unknown tool and malformed tools/call params are JSON-RPC errors, not tool results", async () => {
    const unknown = await post(`${base}/mcp`, {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "rm_rf", arguments: {} },
    });
    expect(unknown.status).toBe(200);
    const u = await unknown.json();
    expect(u).toMatchObject({
      id: 3,
      error: { code: -32602, message: expect.stringMatching(/Unknown tool: rm_rf.*read_code/) },
    });
    const malformed = await post(`${base}/mcp`, {
      jsonrpc: "2.0",
      id: 4,
      method: "tools/call",
      params: { name: "read_code", arguments: "cs" },
    });
    expect((await malformed.json()).error.code).toBe(-32602);
    const noMethod = await post(`${base}/mcp`, { jsonrpc: "2.0", id: 5, method: "tools/destroy" });
    expect((await noMethod.json()).error.code).toBe(-32601);
    // Through the SDK client, an unknown tool rejects (a protocol error) rather than resolving with isError.
    const c = await connect(`${base}/mcp`);
    await expect(c.client.callTool({ name: "nope", arguments: {} })).rejects.toThrow(/Unknown tool: nope/);
    await c.close();
  });
});
