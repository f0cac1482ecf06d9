// Every MCP tool over the real dev server with the official SDK client: success and failure modes (M8-M20).
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, call, connect, text, uniqueName } from "../support/mcp.ts";

const base = inject("baseUrl");
const put = (url: string, body: unknown) =>
  fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const versions = async (cs: string) => (await (await fetch(`${base}/live/${cs}/versions`)).json()).versionCount;
const codeOf = async (cs: string) => (await fetch(`${base}/live/${cs}/index.tsx`)).text();

const TEN = `${Array.from({ length: 10 }, (_, i) => `// line ${i + 1}`).join("\n")}\nexport default () => <p>hi</p>;\n`;

describe("MCP tools on /live/{cs}/mcp", () => {
  let cs: string;
  let conn: Connected;
  let c: Client;
  beforeAll(async () => {
    cs = uniqueName("mcp-tools");
    conn = await connect(`${base}/live/${cs}/mcp`);
    c = conn.client;
  });
  afterAll(() => conn.close());

  it("M8: read_code shows the starter at version 0; update_code writes, transpiles and versions (S4/S5)", async () => {
    const start = await call(c, "read_code");
    expect(start.structuredContent).toMatchObject({ version: 0 });
    expect(text(start)).toContain("export default function App");
    const w = await call(c, "update_code", { code: TEN });
    expect(w.isError).toBeFalsy();
    expect(w.structuredContent).toEqual({ version: 1, changed: true, errors: [] });
    expect(text(w)).toMatch(/Saved as version 1\. It compiles\./);
    expect(await codeOf(cs)).toBe(TEN);
    expect(await (await fetch(`${base}/live/${cs}/index.js`)).text()).toContain("hi");
    const same = await call(c, "update_code", { code: TEN });
    expect(same.structuredContent).toEqual({ version: 1, changed: false, errors: [] });
  });

  it("M10: edit_code applies all edits against the numbering before the call and returns a unified diff", async () => {
    const r = await call(c, "edit_code", {
      edits: [
        { startLine: 1, endLine: 1, newContent: "// first" },
        { startLine: 3, endLine: 4, newContent: "" },
        { startLine: 11, endLine: 10, newContent: "// inserted before the export" },
      ],
    });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ version: 2, changed: true, errors: [] });
    const diff = (r.structuredContent as { diff: string }).diff;
    expect(diff).toContain("--- a/index.tsx\n+++ b/index.tsx\n@@ -1,");
    expect(diff).toContain("-// line 1\n+// first");
    expect(diff).toContain("-// line 3\n-// line 4");
    expect(diff).toContain("+// inserted before the export");
    const code = await codeOf(cs);
    expect(code.split("\n").slice(0, 3)).toEqual(["// first", "// line 2", "// line 5"]);
    expect(code).toContain("// line 10\n// inserted before the export\nexport default");
  });

  it("M10: a line past the end, overlapping edits, or bad numbers fail whole, with a hint, and change nothing (E4)", async () => {
    const before = await codeOf(cs);
    const n = await versions(cs);
    const past = await call(c, "edit_code", {
      edits: [
        { startLine: 1, endLine: 1, newContent: "// would apply" },
        { startLine: 40, endLine: 41, newContent: "x" },
      ],
    });
    expect(past.isError).toBe(true);
    expect(text(past)).toMatch(/edits\[1\].*past the end, the code has 10 lines.*find_lines/);
    const overlap = await call(c, "edit_code", {
      edits: [
        { startLine: 2, endLine: 5, newContent: "a" },
        { startLine: 5, endLine: 6, newContent: "b" },
      ],
    });
    expect(overlap.isError).toBe(true);
    expect(text(overlap)).toMatch(/overlap; merge them/);
    const zero = await call(c, "edit_code", { edits: [{ startLine: 0, endLine: 1, newContent: "" }] });
    expect(zero.isError).toBe(true);
    expect(text(zero)).toMatch(/startLine/);
    const wrongType = await call(c, "edit_code", { edits: "line 3" });
    expect(wrongType.isError).toBe(true);
    expect(await codeOf(cs)).toBe(before);
    expect(await versions(cs)).toBe(n);
  });

  it("M11: search_and_replace counts replacements, literal or regex, and refuses no match or a bad regex", async () => {
    const lit = await call(c, "search_and_replace", { search: "// line", replace: "// row" });
    expect(lit.structuredContent).toMatchObject({ replacements: 7, changed: true });
    const one = await call(c, "search_and_replace", {
      search: "// row (\\d+)",
      replace: "// R$1",
      isRegex: true,
      global: false,
    });
    expect(one.structuredContent).toMatchObject({ replacements: 1 });
    expect(await codeOf(cs)).toContain("// R2\n");
    const n = await versions(cs);
    const none = await call(c, "search_and_replace", { search: "// ROW", replace: "x" });
    expect(none.isError).toBe(true);
    expect(text(none)).toMatch(/no match.*case-sensitive.*find_lines/);
    const bad = await call(c, "search_and_replace", { search: "(", replace: "x", isRegex: true });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/not a valid regular expression/);
    expect(await versions(cs)).toBe(n);
  });

  it("M12: find_lines returns numbers and text, literal or regex; a bad regex is a tool error", async () => {
    const r = await call(c, "find_lines", { pattern: "// row" });
    const { matches, total } = r.structuredContent as { matches: { line: number; text: string }[]; total: number };
    expect(total).toBe(6);
    expect(matches[0]).toEqual({ line: 3, text: "// row 5" });
    expect(text(r)).toContain("3: // row 5");
    const re = await call(c, "find_lines", { pattern: "^export default", isRegex: true });
    expect((re.structuredContent as { matches: { line: number }[] }).matches.map((m) => m.line)).toEqual([10]);
    expect(text(await call(c, "find_lines", { pattern: "nowhere" }))).toMatch(/No line contains/);
    expect((await call(c, "find_lines", { pattern: "[", isRegex: true })).isError).toBe(true);
  });

  it("M8: read_html and read_session show what a preview reported", async () => {
    await put(`${base}/live/${cs}/api/session`, { html: "<p>hi</p>", css: "p{color:red}" });
    expect(text(await call(c, "read_html"))).toBe("<p>hi</p>");
    const s = await call(c, "read_session");
    expect(s.structuredContent).toMatchObject({ html: "<p>hi</p>", css: "p{color:red}", errors: [] });
    expect(JSON.parse(text(s))).toMatchObject({ version: await versions(cs) });
  });

  it("M17/M20: validate_code saves nothing; get_errors shows transpile errors and reported runtime errors", async () => {
    const n = await versions(cs);
    const ok = await call(c, "validate_code", { code: "export default () => <b>ok</b>;" });
    expect(ok.structuredContent).toEqual({ ok: true, errors: [] });
    const bad = await call(c, "validate_code", { code: "export default () => <div>" });
    expect(bad.structuredContent).toMatchObject({ ok: false, errors: [expect.stringMatching(/^1:\d+ /)] });
    expect(await versions(cs)).toBe(n);

    const broken = await call(c, "search_and_replace", { search: "<p>hi</p>", replace: "<p>hi</b>" });
    expect((broken.structuredContent as { errors: string[] }).errors.length).toBeGreaterThan(0);
    expect(text(broken)).toMatch(/does not compile.*\n.*preview keeps the last build/s);
    const report = await put(`${base}/live/${cs}/api/session`, {
      runtimeErrors: [{ message: "TypeError: x is undefined", stack: "at App (index.js:3:7)" }],
    });
    expect(report.status).toBe(200);
    const e = await call(c, "get_errors");
    const v = await versions(cs);
    expect(e.structuredContent).toMatchObject({
      version: v,
      errors: [expect.any(String)],
      runtimeErrors: ["TypeError: x is undefined\nat App (index.js:3:7)"],
      runtimeVersion: v,
    });
    expect(text(e)).toMatch(/does not compile[\s\S]*Runtime errors:\n {2}TypeError/);
    await call(c, "search_and_replace", { search: "<p>hi</b>", replace: "<p>hi</p>" });
    expect(text(await call(c, "get_errors"))).toMatch(/reported for version \d+, current is \d+/);
    const tooMany = await put(`${base}/live/${cs}/api/session`, {
      runtimeErrors: Array.from({ length: 21 }, () => ({ message: "x" })),
    });
    expect(tooMany.status).toBe(400);
  });

  it("M14/M15: list_versions, read_version and restore_version; unknown versions are tool errors", async () => {
    const list = await call(c, "list_versions", { limit: 2 });
    const page = list.structuredContent as {
      versionCount: number;
      versions: { number: number }[];
      nextBefore?: number;
    };
    expect(page.versions.map((v) => v.number)).toEqual([page.versionCount, page.versionCount - 1]);
    expect(page.nextBefore).toBe(page.versionCount - 1);
    const v1 = await call(c, "read_version", { number: 1 });
    expect(text(v1)).toBe(TEN);
    const restored = await call(c, "restore_version", { number: 1 });
    expect(restored.structuredContent).toMatchObject({ version: page.versionCount + 1, changed: true });
    expect(await codeOf(cs)).toBe(TEN);
    const again = await call(c, "restore_version", { number: 1 });
    expect(again.structuredContent).toMatchObject({ version: page.versionCount + 1, changed: false });
    for (const name of ["read_version", "restore_version"]) {
      const missing = await call(c, name, { number: 999 });
      expect(missing.isError).toBe(true);
      expect(text(missing)).toMatch(/no version 999.*list_versions/);
    }
    expect((await call(c, "read_version", { number: 0 })).isError).toBe(true);
  });

  it("M16: fork_codespace copies into a named or random codeSpace and never overwrites", async () => {
    const to = uniqueName("mcp-fork");
    const f = await call(c, "fork_codespace", { to });
    expect(f.structuredContent).toEqual({ codeSpace: to, version: 1 });
    expect(await codeOf(to)).toBe(await codeOf(cs));
    const clash = await call(c, "fork_codespace", { to });
    expect(clash.isError).toBe(true);
    expect(text(clash)).toMatch(/already exists.*pick another `to`/);
    const random = await call(c, "fork_codespace");
    expect((random.structuredContent as { codeSpace: string }).codeSpace).toMatch(
      /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/,
    );
    expect((await call(c, "fork_codespace", { to: "../etc" })).isError).toBe(true);
  });

  it("M4: the codeSpace argument is optional here and must match when given", async () => {
    expect((await call(c, "read_code", { codeSpace: cs })).isError).toBeFalsy();
    const other = await call(c, "read_code", { codeSpace: "someone-else" });
    expect(other.isError).toBe(true);
    expect(text(other)).toMatch(new RegExp(`serves codeSpace ${cs}; omit codeSpace`));
  });

  it("M13: concurrent edits from two stateless clients are atomic: none is lost", async () => {
    const target = uniqueName("mcp-race");
    const a = await connect(`${base}/live/${target}/mcp`);
    const b = await connect(`${base}/mcp`);
    await call(a.client, "update_code", { code: "export const n = [];\n" });
    const edits = Array.from({ length: 16 }, (_, i) =>
      i % 2
        ? call(a.client, "search_and_replace", { search: "[", replace: `[${i},`, global: false })
        : call(b.client, "search_and_replace", { codeSpace: target, search: "[", replace: `[${i},`, global: false }),
    );
    const results = await Promise.all(edits);
    expect(results.every((r) => !r.isError)).toBe(true);
    const numbers = (await codeOf(target))
      .match(/\d+/g)
      ?.map(Number)
      .sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(await versions(target)).toBe(17);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("MCP tools on /mcp", () => {
  it("M4: every tool requires codeSpace there, and works on the one named", async () => {
    const conn = await connect(`${base}/mcp`);
    const cs = uniqueName("mcp-global");
    const missing = await call(conn.client, "read_code");
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/codeSpace/);
    const invalid = await call(conn.client, "read_code", { codeSpace: "no/slashes" });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/1-64 characters/);
    const w = await call(conn.client, "update_code", { codeSpace: cs, code: "export default () => null;\n" });
    expect(w.structuredContent).toMatchObject({ version: 1, changed: true });
    expect(text(await call(conn.client, "read_code", { codeSpace: cs }))).toBe("export default () => null;\n");
    const tools = (await conn.client.listTools()).tools;
    for (const t of tools) expect(t.inputSchema.required).toContain("codeSpace");
    await conn.close();
  });
});

describe("MCP resources", () => {
  it("M18: /live/{cs}/mcp lists its three resources and reads code, html and session", async () => {
    const cs = uniqueName("mcp-res");
    const conn = await connect(`${base}/live/${cs}/mcp`);
    await call(conn.client, "update_code", { code: "export default () => <i>r</i>;\n" });
    await put(`${base}/live/${cs}/api/session`, { html: "<i>r</i>" });
    const { resources } = await conn.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(
      ["code", "html", "session"].map((p) => `codespace://${cs}/${p}`).sort(),
    );
    const { resourceTemplates } = await conn.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "codespace://{codeSpace}/code",
      "codespace://{codeSpace}/html",
      "codespace://{codeSpace}/session",
    ]);
    const code = await conn.client.readResource({ uri: `codespace://${cs}/code` });
    expect(code.contents[0]).toMatchObject({ mimeType: "text/tsx", text: "export default () => <i>r</i>;\n" });
    const html = await conn.client.readResource({ uri: `codespace://${cs}/html` });
    expect(html.contents[0]).toMatchObject({ mimeType: "text/html", text: "<i>r</i>" });
    const session = await conn.client.readResource({ uri: `codespace://${cs}/session` });
    expect(JSON.parse(String((session.contents[0] as { text?: string }).text))).toMatchObject({
      codeSpace: cs,
      version: 1,
      html: "<i>r</i>",
    });
    await expect(conn.client.readResource({ uri: "codespace://someone-else/code" })).rejects.toThrow(
      /serves codeSpace/,
    );
    await expect(conn.client.readResource({ uri: `codespace://${cs}/nothing` })).rejects.toThrow(/not found/);
    await conn.close();
  });

  it("M18: /mcp lists only templates and reads any codeSpace; a bad name is resource-not-found", async () => {
    const cs = uniqueName("mcp-res-g");
    const conn = await connect(`${base}/mcp`);
    expect((await conn.client.listResources()).resources).toEqual([]);
    const code = await conn.client.readResource({ uri: `codespace://${cs}/code` });
    expect((code.contents[0] as { text?: string }).text).toContain("export default function App");
    await expect(conn.client.readResource({ uri: "codespace://bad.name/code" })).rejects.toThrow(/-32002|no codeSpace/);
    await conn.close();
  });
});

describe("MCP prompts", () => {
  it("M21: fix_errors gives the numbered code with its transpile and runtime errors", async () => {
    const cs = uniqueName("mcp-prompt");
    const conn = await connect(`${base}/live/${cs}/mcp`);
    await call(conn.client, "update_code", { code: "export default () => (\n  <div>\n);\n" });
    await put(`${base}/live/${cs}/api/session`, { runtimeErrors: [{ message: "ReferenceError: y is not defined" }] });
    const { prompts } = await conn.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["fix_errors"]);
    const p = await conn.client.getPrompt({ name: "fix_errors" });
    const promptText = (r: { messages: { content: unknown }[] }) => (r.messages[0]?.content as { text?: string })?.text;
    const body = String(promptText(p));
    expect(body).toMatch(/version 1\. It does not compile/);
    expect(body).toContain("ReferenceError: y is not defined");
    expect(body).toContain("   2    <div>");
    const global = await connect(`${base}/mcp`);
    const g = await global.client.getPrompt({ name: "fix_errors", arguments: { codeSpace: cs } });
    expect(promptText(g)).toContain(`codeSpace ${cs}`);
    await Promise.all([conn.close(), global.close()]);
  });
});
