// Accounts against the real dev server (SPEC.md A): the official MCP SDK client with and without a key, the stock
// y-websocket provider on an owned codeSpace (read-only, and told), and the sign-in limit.

import { describe, expect, inject, it, vi } from "vitest";
import { asUser, signup } from "../support/accounts.ts";
import { uniqueName } from "../support/http.ts";
import { waitFor, yClient } from "../support/live.ts";
import { call, connect, text } from "../support/mcp.ts";
import { inOneWindow } from "../support/rate-window.ts";

const base = inject("baseUrl");

const asOwner = (cookie: string, method: string, path: string, body?: unknown) =>
  asUser(base, cookie, method, path, body);

async function ownedCodeSpace() {
  const owner = await signup(base);
  const cs = uniqueName("owned");
  expect((await asOwner(owner.cookie, "POST", `/live/${cs}/api/claim`)).status).toBe(200);
  const made = await asOwner(owner.cookie, "POST", "/api/keys", { name: "agent" });
  const { key } = (await made.json()) as { key: string };
  return { cs, owner, key };
}

describe("accounts against the dev server", () => {
  it("A12: the MCP SDK client without a key reads but its writes are tool errors; with the owner's key it writes", async () => {
    const { cs, key } = await ownedCodeSpace();
    const anon = await connect(`${base}/live/${cs}/mcp`);
    expect((await call(anon.client, "read_code")).isError).toBeFalsy();
    const refused = await call(anon.client, "update_code", { code: "export default () => <p>anon</p>;\n" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('"Authorization: Bearer <key>"');
    await anon.close();

    const agent = await connect(`${base}/live/${cs}/mcp`, { Authorization: `Bearer ${key}` });
    const written = await call(agent.client, "update_code", { code: "export default () => <p>agent</p>;\n" });
    expect(written.isError).toBeFalsy();
    expect(written.structuredContent).toMatchObject({ version: 1, changed: true });
    await agent.close();
    expect(await (await fetch(`${base}/live/${cs}/index.tsx`)).text()).toBe("export default () => <p>agent</p>;\n");
  });

  it("A9: a stock y-websocket provider on an owned codeSpace syncs read-only and is told permission-denied", async () => {
    const { cs, key } = await ownedCodeSpace();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const y = await yClient(base, cs);
      y.text.insert(0, "// HACK\n");
      await waitFor(() => warn.mock.calls.some((c) => String(c[0]).includes("Permission denied")), "permission-denied");
      // The owner's agent writes; the read-only client receives it, and the server never took the client's text.
      const code = "export default () => <p>owner</p>;\n";
      const put = await fetch(`${base}/live/${cs}/api/code`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ code }),
      });
      expect(put.status).toBe(200);
      await waitFor(() => y.text.toString().includes("<p>owner</p>"), "the owner's write to reach the viewer");
      expect(await (await fetch(`${base}/live/${cs}/index.tsx`)).text()).toBe(code);
      y.destroy();
    } finally {
      warn.mockRestore();
    }
  });

  it("A19: sign-in attempts are limited per IP and handle: the 11th in a minute is 429 with Retry-After", async () => {
    await inOneWindow(async () => {
      const { handle } = await signup(base);
      const login = () =>
        fetch(`${base}/api/auth/login`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ handle, password: "not the password" }),
        });
      // The sign-up was the first attempt for this handle from this address.
      for (let i = 0; i < 9; i++) expect((await login()).status).toBe(401);
      const last = await login();
      expect(last.status).toBe(429);
      expect(last.headers.get("retry-after")).toBe("60");
      expect(((await last.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    });
  });
});
