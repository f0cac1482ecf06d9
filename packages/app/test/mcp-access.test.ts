import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inOneWindow } from "../../../test/support/rate-window.ts";
import { app } from "../src/index.ts";
import { ANON, BASE, bearer, call, fresh, ownedWorld, signup, type Who } from "./accounts.ts";

let id = 0;
async function rpc(cs: string, who: Who, method: string, params: object) {
  const res = await call(`/live/${cs}/mcp`, {
    method: "POST",
    headers: { ...who, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
  });
  return res;
}
const tool = async (cs: string, who: Who, name: string, args: object = {}) => {
  const res = await rpc(cs, who, "tools/call", { name, arguments: args });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { isError?: boolean; content: { text: string }[] } };
  return { isError: !!body.result.isError, text: body.result.content.map((c) => c.text).join("") };
};

describe("MCP on an owned codeSpace (SPEC.md A12)", async () => {
  const world = await ownedWorld("mcp");
  const { cs } = world;
  const writes: [string, object][] = [
    ["update_code", { code: "// by mcp" }],
    ["edit_code", { edits: [{ startLine: 1, endLine: 1, newContent: "// edited" }] }],
    ["search_and_replace", { search: "//", replace: "//" }],
    ["restore_version", { number: 1 }],
  ];

  for (const [name, args] of writes) {
    for (const who of ["anonymous", "viewer", "key limited to another codeSpace"] as const) {
      it(`A12: ${name} as ${who} is a tool error that says how to authenticate; nothing changes`, async () => {
        const before = await (await call(`/live/${cs}/session.json`)).text();
        const r = await tool(cs, world.who[who], name, args);
        expect(r.isError).toBe(true);
        expect(r.text).toContain("Authorization: Bearer");
        expect(await (await call(`/live/${cs}/session.json`)).text()).toBe(before);
      });
    }
    it(`A12: ${name} with the owner's key writes`, async () => {
      const r = await tool(cs, world.who.key, name, args);
      expect(r).toMatchObject({ isError: false });
    });
  }

  it("A12: read tools stay open; a revoked key is 401, a valid key never is; OAuth discovery gets JSON 404", async () => {
    expect(await tool(cs, ANON, "read_code")).toMatchObject({ isError: false });
    expect((await rpc(cs, world.who["revoked key"], "tools/list", {})).status).toBe(401);
    expect((await rpc(cs, world.who.key, "tools/list", {})).status).toBe(200);
    for (const path of [
      "/.well-known/oauth-protected-resource",
      `/.well-known/oauth-protected-resource/live/${cs}/mcp`,
      "/.well-known/oauth-authorization-server",
    ]) {
      const res = await call(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
    }
  });

  it("A5: on an open codeSpace MCP writes work without a key, as before", async () => {
    expect(await tool(fresh("open-mcp"), ANON, "update_code", { code: "// anyone" })).toMatchObject({ isError: false });
  });
});

/** Requests through the app with ANON_WRITE_LIMIT on (the test project turns it off for everyone else). */
async function limited(path: string, init: RequestInit) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, ANON_WRITE_LIMIT: "on" }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("limits (SPEC.md A19)", () => {
  it("A19: anonymous writes are limited per IP: 30 a minute, then 429 with Retry-After; another IP is not slowed", async () => {
    await inOneWindow(async () => {
      const ip = `10.${id % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const cs = fresh("anon-limit");
      const put = (from: string) =>
        limited(`/live/${cs}/api/code`, {
          method: "PUT",
          headers: { "CF-Connecting-IP": from, "Content-Type": "application/json" },
          body: JSON.stringify({ code: "// same" }),
        });
      for (let i = 0; i < 30; i++) expect((await put(ip)).status).toBe(200);
      const over = await put(ip);
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBe("60");
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      expect((await put(`${ip.split(".").slice(0, 3).join(".")}.251`)).status).toBe(200);
    });
  });

  it("A19: writes are limited per key (120 a minute); sign-in per IP + handle (10 a minute)", async () => {
    await inOneWindow(async () => {
      const world = await ownedWorld("key-limit");
      const key = bearer(world.key.key);
      const put = () =>
        limited(`/live/${world.cs}/api/code`, {
          method: "PUT",
          headers: { ...key, "Content-Type": "application/json" },
          body: JSON.stringify({ code: "// same" }),
        });
      for (let i = 0; i < 120; i++) expect((await put()).status).toBe(200);
      const over = await put();
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBe("60");
      // The same user signed in is another bucket than their key.
      expect(
        (
          await limited(`/live/${world.cs}/api/code`, {
            method: "PUT",
            headers: { ...world.who.owner, "Content-Type": "application/json" },
            body: JSON.stringify({ code: "// s" }),
          })
        ).status,
      ).toBe(200);

      const ada = await signup();
      const login = (password: string) =>
        limited("/api/auth/login", {
          method: "POST",
          headers: { "CF-Connecting-IP": "10.9.9.9", "Content-Type": "application/json" },
          body: JSON.stringify({ handle: ada.handle, password }),
        });
      for (let i = 0; i < 10; i++) expect((await login("wrong password!")).status).toBe(401);
      const locked = await login("a long password");
      expect(locked.status).toBe(429);
      expect(locked.headers.get("retry-after")).toBe("60");
    });
  });
});
