import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const BASE = "http://live.test";
const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));
const json = (body: unknown) => ({
  method: "PUT",
  headers: { "Content-Type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});
let seq = 0;
const fresh = () => `routes-${Date.now().toString(36)}-${seq++}`;

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe("routes inside workerd", () => {
  it("GET /health is 200", async () => {
    expect((await call("/health")).status).toBe(200);
  });

  it("S1: bad codeSpace names are 400 before anything runs", async () => {
    for (const bad of ["a.b", "..%2Fetc", "%2e%2e%2fsecret", "a%2Fb", "x".repeat(65), "sp%20ace", "%E2%9C%93"]) {
      await expectError(await call(`/live/${bad}/session.json`), 400, "invalid_codespace");
    }
    await expectError(await call("/live//session.json"), 400, "invalid_codespace");
    expect((await call(`/live/${"x".repeat(64)}/session.json`)).status).toBe(200);
  });

  it("S2/S7: a fresh codeSpace serves the starter; If-None-Match gives 304", async () => {
    const cs = fresh();
    const res = await call(`/live/${cs}/session.json`);
    const s = (await res.json()) as { version: number; code: string; hash: string };
    expect(s.version).toBe(0);
    expect(s.code).toContain("export default function App");
    expect(res.headers.get("etag")).toBe(`"${s.hash}"`);
    const again = await call(`/live/${cs}/index.tsx`, { headers: { "If-None-Match": `"${s.hash}"` } });
    expect(again.status).toBe(304);
  });

  it("S4/V1: PUT api/code makes versions, served by every field route", async () => {
    const cs = fresh();
    const put = await call(`/live/${cs}/api/code`, json({ code: "export default () => <b>1</b>;" }));
    expect(await put.json()).toMatchObject({ codeSpace: cs, version: 1, changed: true });
    await call(`/live/${cs}/api/code`, json({ code: "export default () => <b>2</b>;" }));
    expect(await (await call(`/live/${cs}/index.tsx`)).text()).toBe("export default () => <b>2</b>;");
    const list = (await (await call(`/live/${cs}/versions`)).json()) as { versionCount: number };
    expect(list.versionCount).toBe(2);
  });

  it("E1: unknown routes 404, wrong methods 405 with Allow", async () => {
    await expectError(await call("/nope"), 404, "not_found");
    const res = await call(`/live/${fresh()}/api/code`);
    await expectError(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("PUT");
  });

  it("E2/E3/E4: bad bodies are refused and change nothing", async () => {
    const cs = fresh();
    await expectError(await call(`/live/${cs}/api/code`, json("{not json")), 400, "invalid_json");
    await expectError(await call(`/live/${cs}/api/code`, json({ code: 42 })), 400, "validation_failed");
    await expectError(await call(`/live/${cs}/api/code`, json({ code: "x", extra: 1 })), 400, "validation_failed");
    await expectError(await call(`/live/${cs}/api/code`, json({})), 400, "validation_failed");
    const big = "é".repeat(512 * 1024 + 1); // 1 MiB + 2 bytes of UTF-8
    await expectError(await call(`/live/${cs}/api/code`, json({ code: big })), 413, "payload_too_large");
    await expectError(await call(`/live/${cs}/api/session`, json({ html: 1 })), 400, "validation_failed");
    // U3: a sandboxed preview (Origin: null) can read why its report was refused.
    const refused = await call(`/live/${cs}/api/session`, { method: "POST", headers: { Origin: "null" }, body: "{" });
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    await expectError(refused, 400, "invalid_json");
    const s = (await (await call(`/live/${cs}/session.json`)).json()) as { version: number };
    expect(s.version).toBe(0);
  });

  it("V3-V6: versions paginate, are immutable, and bad numbers are 400/404", async () => {
    const cs = fresh();
    for (let i = 1; i <= 5; i++) await call(`/live/${cs}/api/code`, json({ code: `// v${i}` }));
    const page = (await (await call(`/live/${cs}/versions?limit=2&before=4`)).json()) as Record<string, unknown>;
    expect(page).toMatchObject({ versionCount: 5, versions: [{ number: 3 }, { number: 2 }], nextBefore: 2 });
    const v = await call(`/live/${cs}/version/2`);
    expect(v.headers.get("cache-control")).toContain("immutable");
    expect(await v.json()).toMatchObject({ number: 2, code: "// v2" });
    expect(await (await call(`/live/${cs}/version/3/index.tsx`)).text()).toBe("// v3");
    await expectError(await call(`/live/${cs}/version/0`), 400, "bad_request");
    await expectError(await call(`/live/${cs}/version/abc`), 400, "bad_request");
    await expectError(await call(`/live/${cs}/version/6`), 404, "not_found");
    await expectError(await call(`/live/${cs}/versions?limit=5000`), 400, "bad_request");
    const restored = await call(`/live/${cs}/api/restore/1`, { method: "POST" });
    expect(await restored.json()).toMatchObject({ version: 6, changed: true });
    expect(await (await call(`/live/${cs}/index.tsx`)).text()).toBe("// v1");
    await expectError(await call(`/live/${cs}/api/restore/99`, { method: "POST" }), 404, "not_found");
  });

  it("F1-F3: fork copies into a new codeSpace and never overwrites a written one", async () => {
    const cs = fresh();
    await call(`/live/${cs}/api/code`, json({ code: "// original" }));
    const to = fresh();
    const res = await call(`/live/${cs}/api/fork`, { ...json({ to }), method: "POST" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ codeSpace: to, from: cs, version: 1 });
    expect(await (await call(`/live/${to}/index.tsx`)).text()).toBe("// original");
    await call(`/live/${cs}/api/code`, json({ code: "// changed" }));
    const clash = await call(`/live/${cs}/api/fork`, { ...json({ to }), method: "POST" });
    await expectError(clash, 409, "conflict");
    expect(await (await call(`/live/${to}/index.tsx`)).text()).toBe("// original");
    const random = (await (await call(`/live/${cs}/api/fork`, { method: "POST" })).json()) as { codeSpace: string };
    expect(random.codeSpace).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await (await call(`/live/${random.codeSpace}/index.tsx`)).text()).toBe("// changed");
    const badTo = await call(`/live/${cs}/api/fork`, { ...json({ to: "../x" }), method: "POST" });
    await expectError(badTo, 400, "invalid_codespace");
  });
});

describe("T4: an unreachable transpiler loses nothing", () => {
  it("keeps the source, keeps the last transpiled output, and reports why", async () => {
    const cs = fresh();
    const res = await call(`/live/${cs}/api/code`, json({ code: "export default () => <i>kept</i>;" }));
    const body = (await res.json()) as { version: number; errors: { text: string }[] };
    expect(body.version).toBe(1);
    expect(body.errors[0]?.text).toMatch(/transpiler unavailable/);
    const s = (await (await call(`/live/${cs}/session.json`)).json()) as Record<string, unknown>;
    expect(s).toMatchObject({ code: "export default () => <i>kept</i>;", transpiled: "" });
  });
});
