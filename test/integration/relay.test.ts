// The relay tier (SPEC.md C13) against a dev server of its own whose codeSpace objects hold 2 JSON viewers and at
// most 4 sockets, and place further viewers on relays of 2: every viewer, wherever it is held, sees every change
// (REST, Yjs, a relayed viewer's own write), relayed writes are decided by the writer's policy, and the tier's
// capacity is what the settings say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, signup } from "../support/accounts.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { putCode, uniqueName } from "../support/http.ts";
import { type JsonClient, jsonClient, yClient } from "../support/live.ts";

let server: DevServer;
let base: string;

beforeAll(async () => {
  server = await startDevServer({ vars: { RELAY_AFTER: "2", RELAY_SIZE: "2", RELAY_MAX: "3", MAX_SOCKETS: "4" } });
  base = server.url;
});

afterAll(async () => {
  await server?.dispose();
});

const updateWith = (marker: string) => (m: Record<string, unknown>) =>
  m.type === "session-update" && String(m.code).includes(marker);

async function viewers(cs: string, n: number, headers?: Record<string, string>): Promise<JsonClient[]> {
  const out: JsonClient[] = [];
  for (let i = 0; i < n; i++) {
    const v = await jsonClient(base, cs, headers);
    await v.next((m) => m.type === "handshake", `viewer ${i}'s handshake`);
    out.push(v);
  }
  return out;
}

describe("C13: the relay tier", () => {
  it("an editor and 8 viewers where the writer holds 4 sockets: each sees every change, a relayed viewer writes, the 9th is refused", async () => {
    const cs = uniqueName("relay");
    expect((await putCode(base, cs, "export default () => <p>start</p>;\n")).status).toBe(200);
    const editor = await yClient(base, cs);
    const all = await viewers(cs, 8);
    const hashes = all.map((v) => v.messages.find((m) => m.type === "handshake")?.hash);
    expect(new Set(hashes).size).toBe(1);

    // The editor and 2 viewers on the writer, 6 on relays 0-2 (whose subscriptions the writer holds): the tier is
    // full, and so is the writer.
    const ninth = await jsonClient(base, cs).then(
      () => "opened",
      (err: Error) => err.message,
    );
    expect(ninth).toContain("503");

    expect((await putCode(base, cs, "export default () => <p>~rest~</p>;\n")).status).toBe(200);
    await Promise.all(all.map((v, i) => v.next(updateWith("~rest~"), `viewer ${i} to see the REST write`)));

    editor.text.insert(0, "// ~typed~\n");
    await Promise.all(all.map((v, i) => v.next(updateWith("~typed~"), `viewer ${i} to see the typing`)));
    editor.destroy();

    const last = all[7] as JsonClient;
    last.send({ type: "ping" });
    await last.next((m) => m.type === "pong", "pong from a relay");
    last.send({ type: "session-update", code: "export default () => <p>~relayed~</p>;\n" });
    const ack = await last.next((m) => m.type === "ack", "the relayed write's ack");
    expect(ack.changed).toBe(true);
    await Promise.all(all.map((v, i) => v.next(updateWith("~relayed~"), `viewer ${i} to see the relayed write`)));
    const session = (await (await fetch(`${base}/live/${cs}/session.json`)).json()) as { code: string; hash: string };
    expect(session.code).toContain("~relayed~");
    expect(ack.hash).toBe(session.hash);

    // Viewers that leave make room on their relay again.
    for (const v of all.slice(4)) v.close();
    await expect
      .poll(
        async () =>
          await viewers(cs, 1)
            .then(() => true)
            .catch(() => false),
      )
      .toBe(true);
    for (const v of all.slice(0, 4)) v.close();
  });

  it("A9 on relays: a claim turns relayed anonymous viewers read-only at once; the owner's relayed writes land", async () => {
    const cs = uniqueName("relay-owned");
    const owner = await signup(base);
    const asOwner = { Cookie: owner.cookie, Origin: base };
    const [a, b, anon] = await viewers(cs, 3);
    const [mine] = await viewers(cs, 1, asOwner);
    expect((await asUser(base, owner.cookie, "POST", `/live/${cs}/api/claim`)).status).toBe(200);
    // b and anon are on relay 0: each is told at once, and their writes are refused.
    for (const v of [a, b, anon] as JsonClient[]) await v.next((m) => m.code === "forbidden", "told read-only");
    (anon as JsonClient).send({ type: "session-update", code: "export default () => <p>nope</p>;\n" });
    await (anon as JsonClient).next((m) => m.code === "forbidden", "a refused relayed write");
    (mine as JsonClient).send({ type: "session-update", code: "export default () => <p>~mine~</p>;\n" });
    await (mine as JsonClient).next((m) => m.type === "ack", "the owner's relayed write");
    await (anon as JsonClient).next(updateWith("~mine~"), "the read-only viewer to see it");
    const session = (await (await fetch(`${base}/live/${cs}/session.json`)).json()) as { code: string };
    expect(session.code).toContain("~mine~");
    for (const v of [a, b, anon, mine] as JsonClient[]) v.close();
  });
});
