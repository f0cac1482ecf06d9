import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { ANON, BASE, call, ownedWorld, send, type Who } from "./accounts.ts";

interface Sock {
  ws: WebSocket;
  frames: (string | Uint8Array)[];
  until(pred: (f: string | Uint8Array) => boolean, what: string): Promise<string | Uint8Array>;
}

async function open(cs: string, channel: "yjs" | "websocket", who: Who): Promise<Sock> {
  const res = await call(`/live/${cs}/${channel}`, { headers: { Upgrade: "websocket", ...who } });
  const ws = res.webSocket as WebSocket;
  expect(ws).toBeTruthy();
  ws.accept();
  const frames: (string | Uint8Array)[] = [];
  // Binary frames arrive as Blobs here; a chain keeps them in order while they are read.
  let chain = Promise.resolve();
  ws.addEventListener("message", (e) => {
    const data = e.data as string | Blob | ArrayBuffer;
    chain = chain.then(async () => {
      if (typeof data === "string") frames.push(data);
      else frames.push(new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data));
    });
  });

  let seen = 0;
  return {
    ws,
    frames,
    async until(pred, what) {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const i = frames.findIndex((f, idx) => idx >= seen && pred(f));
        if (i >= 0) {
          seen = i + 1;
          return frames[i] as string | Uint8Array;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(
        `timed out waiting for ${what}; got ${frames.map((f) => (typeof f === "string" ? f : `[${f.slice(0, 4).join(",")}…]`)).join(" ")}`,
      );
    },
  };
}

/** A Yjs update that inserts `text` at the start of the document's Y.Text "code". */
function insertion(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("code").insert(0, text);
  return encoding.encode((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
  });
}

/** The y-protocols auth message `permission-denied` (message type 2, then 0 and the reason). */
const isDenied = (f: string | Uint8Array) => {
  if (typeof f === "string" || f[0] !== 2) return false;
  const d = decoding.createDecoder(f);
  decoding.readVarUint(d);
  return decoding.readVarUint(d) === 0 && decoding.readVarString(d) === "permission-denied";
};

/** The document as a fresh reader syncs it: sync step 1 with an empty state vector, apply the step 2 answer. */
async function docText(cs: string): Promise<string> {
  const reader = await open(cs, "yjs", ANON);
  const doc = new Y.Doc();
  reader.ws.send(
    encoding.encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    }),
  );
  const isStep2 = (f: string | Uint8Array) =>
    typeof f !== "string" && f[0] === 0 && decoding.readVarUint(decoding.createDecoder(f.subarray(1))) === 1;
  const step2 = (await reader.until(isStep2, "sync step 2")) as Uint8Array;
  const d = decoding.createDecoder(step2);
  decoding.readVarUint(d);
  syncProtocol.readSyncMessage(d, encoding.createEncoder(), doc, null);
  reader.ws.close(1000, "done");
  return doc.getText("code").toString();
}

const json = (f: string | Uint8Array) => (typeof f === "string" ? (JSON.parse(f) as Record<string, unknown>) : {});

describe("sockets of an owned codeSpace (SPEC.md A9)", async () => {
  const world = await ownedWorld("sockets");
  const { cs } = world;

  for (const who of ["anonymous", "viewer", "key limited to another codeSpace"] as const) {
    it(`A9: /yjs as ${who} syncs read-only: its update is dropped and it is told once`, async () => {
      const s = await open(cs, "yjs", world.who[who]);
      s.ws.send(insertion(`HACK by ${who}\n`));
      s.ws.send(insertion("twice\n"));
      await s.until(isDenied, "permission-denied");
      expect(await docText(cs)).not.toContain("HACK");
      expect(s.frames.filter(isDenied)).toHaveLength(1);
      s.ws.close(1000, "done");
    });

    it(`A9: /websocket session-update as ${who} is {type: "error", code: "forbidden"}`, async () => {
      const s = await open(cs, "websocket", world.who[who]);
      await s.until((f) => json(f).type === "handshake", "handshake");
      s.ws.send(JSON.stringify({ type: "session-update", code: "// HACK" }));
      expect(json(await s.until((f) => json(f).type === "error", "error"))).toMatchObject({ code: "forbidden" });
      expect((await (await call(`/live/${cs}/session.json`)).json()) as object).not.toMatchObject({ code: "// HACK" });
      s.ws.close(1000, "done");
    });
  }

  it("A9: a forged principal header and a cross-site cookie are not believed", async () => {
    const forged = { "X-Live-Principal": JSON.stringify({ kind: "user", user: world.owner, via: "session" }) };
    const a = await open(cs, "yjs", forged);
    a.ws.send(insertion("FORGED\n"));
    await a.until(isDenied, "permission-denied");
    const b = await open(cs, "yjs", { Cookie: world.owner.cookie, Origin: "https://evil.example" });
    b.ws.send(insertion("CSWSH\n"));
    await b.until(isDenied, "permission-denied");
    const text = await docText(cs);
    expect(text).not.toContain("FORGED");
    expect(text).not.toContain("CSWSH");
  });

  it("A9: an editor writes over both sockets; removed, their open sockets turn read-only at once", async () => {
    const y = await open(cs, "yjs", world.who.editor);
    const j = await open(cs, "websocket", world.who.editor);
    await j.until((f) => json(f).type === "handshake", "handshake");
    y.ws.send(insertion("EDITOR\n"));
    await expect.poll(() => docText(cs)).toContain("EDITOR");
    j.ws.send(JSON.stringify({ type: "session-update", code: "// by the editor\n" }));
    expect(json(await j.until((f) => json(f).type === "ack", "ack"))).toMatchObject({ changed: true });

    expect((await send(`/live/${cs}/api/members/${world.editor.id}`, "DELETE", world.who.owner)).status).toBe(204);
    // Told without sending anything: the revocation reached the open sockets.
    await y.until(isDenied, "permission-denied on revocation");
    expect(json(await j.until((f) => json(f).type === "error", "forbidden on revocation"))).toMatchObject({
      code: "forbidden",
    });
    y.ws.send(insertion("AFTER\n"));
    j.ws.send(JSON.stringify({ type: "session-update", code: "// after removal" }));
    expect(json(await j.until((f) => json(f).type === "error", "forbidden"))).toMatchObject({ code: "forbidden" });
    expect(await docText(cs)).not.toContain("AFTER");
    expect(await (await call(`/live/${cs}/index.tsx`)).text()).not.toContain("after removal");
  });

  it("A13: render reports count only with the ticket of an editor page of someone who may write", async () => {
    const page = async (who: Who) => (await send(`/live/${cs}`, "GET", who)).text();
    const ticketOf = (html: string) => {
      const src = /<iframe id="preview"[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, "&") ?? "";
      return new URLSearchParams(new URL(src, BASE).hash.slice(1)).get("ticket");
    };
    const ticket = ticketOf(await page(world.who.owner));
    expect(ticket).toBeTruthy();
    expect(ticketOf(await page(world.who.viewer))).toBeNull();
    expect(ticketOf(await page(ANON))).toBeNull();
    const report = (body: object) =>
      call(`/live/${cs}/api/session`, {
        method: "POST",
        headers: { Origin: "null", "Content-Type": "text/plain" },
        body: JSON.stringify(body),
      });
    const refused = await report({ html: "<p>spoofed</p>" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect((await report({ html: "<p>spoofed</p>", ticket: "forged.ticket" })).status).toBe(403);
    expect(((await (await call(`/live/${cs}/session.json`)).json()) as { html: string }).html).not.toContain("spoofed");
    expect((await report({ html: "<p>rendered</p>", ticket })).status).toBe(200);
    expect(((await (await call(`/live/${cs}/session.json`)).json()) as { html: string }).html).toBe("<p>rendered</p>");
  });
});
