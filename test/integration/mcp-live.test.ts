// MCP writes are live (rule M9): every connected viewer sees them, over the JSON channel and over Yjs.
import { describe, expect, inject, it } from "vitest";
import { jsonClient, waitFor, yClient } from "../support/live.ts";
import { call, connect, uniqueName } from "../support/mcp.ts";

const base = inject("baseUrl");

describe("MCP edits reach live viewers", () => {
  it("M9: a JSON WebSocket viewer receives the session-update caused by an MCP edit; a Yjs client gets the text", async () => {
    const cs = uniqueName("mcp-live");
    const mcp = await connect(`${base}/live/${cs}/mcp`);
    await call(mcp.client, "update_code", { code: "export default () => <p>one</p>;\n" });
    const viewer = await jsonClient(base, cs);
    await viewer.next((m) => m.type === "handshake", "handshake");
    const y = await yClient(base, cs);

    const edit = await call(mcp.client, "edit_code", {
      edits: [{ startLine: 1, endLine: 1, newContent: "export default () => <p>two</p>;" }],
    });
    expect(edit.isError).toBeFalsy();
    const update = await viewer.next(
      (m) => m.type === "session-update" && String(m.code).includes("two"),
      "session-update for the MCP edit",
    );
    expect(update).toMatchObject({ codeSpace: cs, version: 2, errors: [] });
    expect(String(update.transpiled)).toContain("two");
    await waitFor(() => y.text.toString() === "export default () => <p>two</p>;\n", "Yjs text to carry the edit");

    // Typing in the live document, then an MCP replace: the replace applies to the text as typed.
    y.text.insert(y.text.toString().indexOf("two"), "typed ");
    await viewer.next((m) => m.type === "session-update" && String(m.code).includes("typed two"), "typed text");
    const r = await call(mcp.client, "search_and_replace", { search: "typed two", replace: "three" });
    expect(r.structuredContent).toMatchObject({ replacements: 1, changed: true });
    await waitFor(() => y.text.toString() === "export default () => <p>three</p>;\n", "Yjs text after replace");

    y.destroy();
    viewer.close();
    await mcp.close();
  });
});
