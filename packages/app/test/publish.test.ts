// Publishing (SPEC.md P): publish, serve, immutability and dedup of archives, unpublish, permissions, limits,
// metadata and analytics, inside workerd with R2 and D1. The transpiler's `bundle` here is the stand-in of
// vitest.config.ts (a module showing the source); the real bundle runs in test/integration/publish.test.ts.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inOneWindow } from "../../../test/support/rate-window.ts";
import { app } from "../src/index.ts";
import { ANON, BASE, call, EXPECTED, fresh, ownedWorld, send, signup, type Who } from "./accounts.ts";

interface Published {
  url: string;
  archive: string;
  version: number;
  bytes: number;
}

/** A request through the app whose waitUntil work (view counts) has finished when it answers. */
async function settled(path: string, init: RequestInit = {}, vars: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const write = (cs: string, code: string, who: Who = ANON) => send(`/live/${cs}/api/code`, "PUT", who, { code });
const publish = (cs: string, who: Who = ANON) => send(`/live/${cs}/api/publish`, "POST", who);
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function published(cs: string, who: Who = ANON): Promise<Published> {
  const res = await publish(cs, who);
  if (res.status !== 200) throw new Error(`publish ${res.status}: ${await res.text()}`);
  return (await res.json()) as Published;
}

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("publish and serve (SPEC.md P1-P6)", () => {
  it("P1, P2, P4: publishes the current version as one HTML file stored under its SHA-256", async () => {
    const cs = fresh("pub");
    await write(cs, "// first");
    await write(cs, "// second");
    const p = await published(cs);
    expect(p).toMatchObject({ url: `${BASE}/p/${cs}`, version: 2 });
    expect(p.archive).toMatch(/^[0-9a-f]{64}$/);
    const obj = await env.CONTENT.get(`my-cms/${p.archive}`);
    const bytes = await (obj as R2ObjectBody).arrayBuffer();
    expect(bytes.byteLength).toBe(p.bytes);
    expect(await sha256(bytes)).toBe(p.archive);
    const html = new TextDecoder().decode(bytes);
    // The builder's output: Tailwind and the bundle inlined, mounted from a blob URL.
    expect(html).toContain("// second");
    expect(html).toContain("URL.createObjectURL");
    expect(html).toContain(`<title>${cs}</title>`);
    expect(html).toContain(`<meta property="og:title" content="${cs}">`);
    const page = JSON.parse(await ((await env.CONTENT.get(`live-cms/${cs}`)) as R2ObjectBody).text());
    expect(page).toMatchObject({ archive: p.archive, version: 2, bytes: p.bytes });
  });

  it("P5, P6: /p/{cs} serves the page briefly cached with an ETag, /a/{sha} for a year; both sandboxed", async () => {
    const cs = fresh("serve");
    await write(cs, "// served");
    const p = await published(cs);
    const stored = await (await call(`/a/${p.archive}`)).text();
    const page = await call(`/p/${cs}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(stored);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("etag")).toBe(`"${p.archive}"`);
    expect(page.headers.get("cache-control")).toBe("public, max-age=60");
    expect(page.headers.get("content-security-policy")).toMatch(/^sandbox allow-scripts/);
    const again = await call(`/p/${cs}`, { headers: { "If-None-Match": `"${p.archive}"` } });
    expect(again.status).toBe(304);
    const archive = await call(`/a/${p.archive}`);
    expect(archive.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(archive.headers.get("content-security-policy")).toMatch(/^sandbox allow-scripts/);
    expect((await call(`/a/${p.archive}`, { headers: { "If-None-Match": `"${p.archive}"` } })).status).toBe(304);
  });

  it("P3, P6: the same bytes are stored once and an archive never changes; a new version moves only the page", async () => {
    const cs = fresh("dedup");
    await write(cs, "// one");
    const first = await published(cs);
    const uploaded = (await env.CONTENT.head(`my-cms/${first.archive}`))?.uploaded.getTime();
    const same = await published(cs);
    expect(same.archive).toBe(first.archive);
    await write(cs, "// two");
    const second = await published(cs);
    expect(second.archive).not.toBe(first.archive);
    expect(second.version).toBe(2);
    expect((await call(`/p/${cs}`)).headers.get("etag")).toBe(`"${second.archive}"`);
    // The first archive is still there, byte for byte; restoring its code and publishing again stores nothing new.
    expect(await sha256(await (await call(`/a/${first.archive}`)).arrayBuffer())).toBe(first.archive);
    expect((await send(`/live/${cs}/api/restore/1`, "POST", ANON)).status).toBe(200);
    const restored = await published(cs);
    expect(restored).toMatchObject({ archive: first.archive, version: 3 });
    expect((await env.CONTENT.head(`my-cms/${first.archive}`))?.uploaded.getTime()).toBe(uploaded);
    // Another codeSpace with the same code and title... has another title, so other bytes: no sharing by accident.
    const other = fresh("dedup");
    await write(other, "// one");
    expect((await published(other)).archive).not.toBe(first.archive);
  });

  it("P7: unpublish removes the page, not the archives", async () => {
    const cs = fresh("unpub");
    await write(cs, "// bye");
    const p = await published(cs);
    const res = await send(`/live/${cs}/api/publish`, "DELETE", ANON);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ unpublished: true });
    const gone = await call(`/p/${cs}`);
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe("not_found");
    expect((await call(`/a/${p.archive}`)).status).toBe(200);
    expect(await (await send(`/live/${cs}/api/publish`, "DELETE", ANON)).json()).toEqual({ unpublished: false });
    expect(((await (await call(`/live/${cs}/api/meta`)).json()) as { published: unknown }).published).toBeNull();
  });

  it("P5, P6, S1: bad names and ids are 400, unknown ones 404, other methods 405", async () => {
    expect(await errorCode(await call("/p/..%2Fx"))).toBe("invalid_codespace");
    expect(await errorCode(await call(`/p/${"x".repeat(65)}`))).toBe("invalid_codespace");
    expect((await call(`/p/${fresh("never")}`)).status).toBe(404);
    expect(await errorCode(await call("/a/abc"))).toBe("bad_request");
    expect(await errorCode(await call(`/a/${"A".repeat(64)}`))).toBe("bad_request");
    expect((await call(`/a/${"0".repeat(64)}`)).status).toBe(404);
    const put = await call(`/live/${fresh("m")}/api/publish`, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST, DELETE");
  });
});

describe("who may publish (SPEC.md P8)", async () => {
  const world = await ownedWorld("pubacl");
  const { cs } = world;

  for (const [who, headers] of Object.entries(world.who)) {
    it(`P8: publish and unpublish of an owned codeSpace as ${who}`, async () => {
      const [status, code] = EXPECTED[who] as [number, string | null];
      // Code only this attempt could have built: if it was refused, the owner's publish of it stores it afresh.
      await write(cs, `// only for ${who}`, world.owner.who);
      const before = await call(`/p/${cs}`);
      const at = Date.now();
      const res = await publish(cs, headers);
      expect(res.status).toBe(code ? status : 200);
      if (!code) return;
      expect(await errorCode(res)).toBe(code);
      expect((await call(`/p/${cs}`)).headers.get("etag")).toBe(before.headers.get("etag"));
      const owners = await published(cs, world.owner.who);
      expect((await env.CONTENT.head(`my-cms/${owners.archive}`))?.uploaded.getTime()).toBeGreaterThanOrEqual(at);
      const del = await send(`/live/${cs}/api/publish`, "DELETE", headers);
      expect(del.status).toBe(status);
      expect((await call(`/p/${cs}`)).status).toBe(200);
    });
  }

  it("P8: an open codeSpace is published by anyone", async () => {
    const open = fresh("open");
    await write(open, "// open");
    expect((await publish(open)).status).toBe(200);
  });
});

describe("limits (SPEC.md P9)", () => {
  it("P9: an app over the archive limit is 413 and publishes nothing", async () => {
    const cs = fresh("big");
    // The workers project sets MAX_ARCHIVE_BYTES to 1 MiB; this code alone is just under it.
    expect((await write(cs, `// ${"x".repeat(1_000_000)}`)).status).toBe(200);
    const res = await publish(cs);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; bytes: number; limit: number } };
    expect(body.error).toMatchObject({ code: "payload_too_large", limit: 1048576 });
    expect(body.error.bytes).toBeGreaterThan(1048576);
    expect((await call(`/p/${cs}`)).status).toBe(404);
  });

  it("P9, A19: publishing counts against the write limit", async () => {
    await inOneWindow(async () => {
      const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const cs = fresh("publimit");
      const as = (method: string, path: string, body?: unknown) =>
        settled(
          path,
          {
            method,
            headers: { "CF-Connecting-IP": ip, "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
          },
          { ANON_WRITE_LIMIT: "on" } as Partial<Env>,
        );
      for (let i = 0; i < 29; i++)
        expect((await as("PUT", `/live/${cs}/api/code`, { code: `// ${i}` })).status).toBe(200);
      expect((await as("POST", `/live/${cs}/api/publish`)).status).toBe(200);
      const over = await as("POST", `/live/${cs}/api/publish`);
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBe("60");
      expect((await as("PUT", `/live/${cs}/api/code`, { code: "// over" })).status).toBe(429);
    });
  });
});

describe("metadata (SPEC.md P10)", async () => {
  const world = await ownedWorld("meta");
  const { cs } = world;
  const meta = async (name = cs) => (await (await call(`/live/${name}/api/meta`)).json()) as Record<string, unknown>;
  /** What a refused or bad update must leave as it was (created and edited move with the object's batches). */
  const editable = async () => {
    const { title, description, published } = await meta();
    return { title, description, published };
  };

  it("P10: writers set title and description; the published page carries them", async () => {
    const res = await send(`/live/${cs}/api/meta`, "PUT", world.editor.who, {
      title: "  A <b>bold</b> app ",
      description: "Counts & shows",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: "A <b>bold</b> app", description: "Counts & shows" });
    const p = await published(cs, world.owner.who);
    const html = await (await call(`/a/${p.archive}`)).text();
    expect(html).toContain("<title>A &lt;b&gt;bold&lt;/b&gt; app</title>");
    expect(html).toContain('<meta property="og:description" content="Counts &amp; shows">');
    expect(await meta()).toMatchObject({ published: { version: p.version, archive: p.archive } });
    // Only the description: the title stays.
    await send(`/live/${cs}/api/meta`, "PUT", world.owner.who, { description: null });
    expect(await meta()).toMatchObject({ title: "A <b>bold</b> app", description: null });
  });

  for (const who of ["anonymous", "viewer", "key limited to another codeSpace"] as const) {
    it(`P10: ${who} cannot change the metadata of an owned codeSpace`, async () => {
      const before = await editable();
      const res = await send(`/live/${cs}/api/meta`, "PUT", world.who[who], { title: "mine now" });
      expect(res.status).toBe(EXPECTED[who]?.[0]);
      expect(await editable()).toEqual(before);
    });
  }

  it("P10, E3: bad metadata is 400 and changes nothing", async () => {
    const before = await editable();
    for (const body of [{}, { title: "x".repeat(121) }, { title: 3 }, { title: "ok", extra: 1 }]) {
      const res = await send(`/live/${cs}/api/meta`, "PUT", world.owner.who, body);
      expect(await errorCode(res)).toBe("validation_failed");
    }
    const notJson = await call(`/live/${cs}/api/meta`, { method: "PUT", headers: world.owner.who, body: "{" });
    expect(await errorCode(notJson)).toBe("invalid_json");
    expect(await editable()).toEqual(before);
  });

  it("P10: created, last edited and forked from", async () => {
    const src = fresh("src");
    await write(src, "// src");
    const forked = (await (await send(`/live/${src}/api/fork`, "POST", ANON)).json()) as { codeSpace: string };
    const m = await meta(forked.codeSpace);
    expect(m).toMatchObject({ forkedFrom: src, title: null, published: null });
    expect(Date.parse(m.createdAt as string)).toBeGreaterThan(Date.now() - 60_000);
    // Edits are written in the object's batch; reading the analytics flushes it.
    await call(`/live/${src}/api/analytics`);
    const s = await meta(src);
    expect(Date.parse(s.editedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(s.createdAt).not.toBeNull();
  });

  it("P10: My codeSpaces lists title, description and the published version", async () => {
    const res = await send("/api/codespaces", "GET", world.owner.who);
    const { codeSpaces } = (await res.json()) as { codeSpaces: Record<string, unknown>[] };
    expect(codeSpaces.find((c) => c.codeSpace === cs)).toMatchObject({ title: "A <b>bold</b> app" });
    expect(codeSpaces.find((c) => c.codeSpace === cs)?.publishedVersion).toBeGreaterThan(0);
  });
});

describe("analytics (SPEC.md P11, P12)", () => {
  const today = () => new Date().toISOString().slice(0, 10);

  it("P11: views of the editor, the preview and the page, edits, versions and distinct editors, per day", async () => {
    const cs = fresh("stats");
    const [ada, bob] = await Promise.all([signup(), signup()]);
    await write(cs, "// ada", ada.who);
    await write(cs, "// bob", bob.who);
    await write(cs, "// ada again", ada.who);
    await write(cs, "// ada again", ada.who); // unchanged: no edit, no version
    await write(cs, "// anonymous");
    for (const path of [`/live/${cs}`, `/live/${cs}`, `/live/${cs}/`]) expect((await settled(path)).status).toBe(200);
    await published(cs);
    for (let i = 0; i < 3; i++) expect((await settled(`/p/${cs}`)).status).toBe(200);
    const res = await call(`/live/${cs}/api/analytics`);
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as { days: Record<string, unknown>[] };
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toEqual({
      day: today(),
      editorViews: 2,
      previewViews: 1,
      pageViews: 3,
      edits: 4,
      versions: 4,
      editors: 3,
    });
    expect(days[0]).toMatchObject({ editorViews: 0, edits: 0 });
    // Only user ids (and "anonymous") are kept about who edited.
    const { results } = await env.DB.prepare("SELECT editor FROM codespace_editors WHERE name = ? ORDER BY editor")
      .bind(cs)
      .all<{ editor: string }>();
    expect(results.map((r) => r.editor)).toEqual(["anonymous", `u:${ada.id}`, `u:${bob.id}`].sort());
  });

  it("P12: the analytics of an owned codeSpace are its owner's", async () => {
    const world = await ownedWorld("owned-stats");
    expect((await send(`/live/${world.cs}/api/analytics`, "GET", world.owner.who)).status).toBe(200);
    expect(
      (
        await send(
          `/live/${world.cs}/api/analytics`,
          "GET",
          world.key ? { Authorization: `Bearer ${world.key.key}` } : {},
        )
      ).status,
    ).toBe(200);
    expect(await errorCode(await send(`/live/${world.cs}/api/analytics`, "GET", world.editor.who))).toBe("forbidden");
    expect(await errorCode(await send(`/live/${world.cs}/api/analytics`, "GET", ANON))).toBe("auth_required");
  });
});

describe("MCP publish and set_metadata (SPEC.md P13)", async () => {
  const world = await ownedWorld("mcp-pub");
  const { cs } = world;
  let id = 0;
  const tool = async (who: Who, name: string, args: object = {}) => {
    const res = await send(
      `/live/${cs}/mcp`,
      "POST",
      { ...who, Accept: "application/json, text/event-stream" },
      {
        jsonrpc: "2.0",
        id: ++id,
        method: "tools/call",
        params: { name, arguments: args },
      },
    );
    const body = (await res.json()) as {
      result: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
    };
    return {
      isError: !!body.result.isError,
      text: body.result.content[0]?.text ?? "",
      value: body.result.structuredContent,
    };
  };

  it("P13: without the right both are tool errors that say how to authenticate, and nothing changes", async () => {
    for (const name of ["publish", "set_metadata"]) {
      const r = await tool(ANON, name, name === "publish" ? {} : { title: "no" });
      expect(r).toMatchObject({ isError: true });
      expect(r.text).toContain("Authorization: Bearer");
    }
    expect((await call(`/p/${cs}`)).status).toBe(404);
    expect(((await (await call(`/live/${cs}/api/meta`)).json()) as { title: unknown }).title).toBeNull();
  });

  it("P13: with a key, set_metadata then publish: the page has the title", async () => {
    const key = { Authorization: `Bearer ${world.key.key}` };
    expect(await tool(key, "set_metadata", { title: "From an agent" })).toMatchObject({
      isError: false,
      value: { title: "From an agent", description: "" },
    });
    expect((await tool(key, "set_metadata", {})).isError).toBe(true);
    const r = await tool(key, "publish");
    expect(r.isError).toBe(false);
    expect(r.value).toMatchObject({ url: `${BASE}/p/${cs}`, version: 1 });
    expect(await (await call(`/p/${cs}`)).text()).toContain("<title>From an agent</title>");
  });
});
