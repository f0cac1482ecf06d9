// The MCP server on a warm dev server: p50/p99 of an edit_code round trip (transpile, version, broadcast to a
// connected viewer), against a GET /health round trip and the same write over REST, measured in the same run;
// and the size of tools/list.  Usage: npm run bench:mcp   (RUNS=300 by default)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startDevServer } from "../scripts/dev-server.mjs";
import { PlainWebSocket } from "../test/support/live.ts";
import { healthBaseline, ms, summary, time } from "./lib/stats.mjs";

const RUNS = Number(process.env.RUNS ?? 300);
/** A 40-line component; each edit rewrites line 5, so every write transpiles new code and makes a version. */
const COMPONENT = `import { useState } from "react";

export default function App() {
  const [count, setCount] = useState(0);
  const label = "start";
${Array.from({ length: 32 }, (_, i) => `  // filler line ${i} keeps the component a realistic size`).join("\n")}
  return <button onClick={() => setCount(count + 1)}>{label} {count}</button>;
}
`;

const server = await startDevServer();
try {
  const cs = "bench-mcp";
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/live/${cs}/mcp`)));
  await client.callTool({ name: "update_code", arguments: { code: COMPONENT } });

  // A live viewer, so every write is really broadcast; we also time edit -> session-update at the viewer.
  const viewer = new PlainWebSocket(`${server.url.replace("http", "ws")}/live/${cs}/websocket`);
  await new Promise((resolve, reject) => viewer.once("open", resolve).once("error", reject));
  let waiting: { label: string; resolve: () => void } | null = null;
  viewer.on("message", (data) => {
    const m = JSON.parse(String(data));
    if (waiting && m.type === "session-update" && String(m.code).includes(waiting.label)) {
      waiting.resolve();
      waiting = null;
    }
  });
  const seen = (label: string) =>
    new Promise<void>((resolve) => {
      waiting = { label, resolve };
    });

  const health = await healthBaseline(server.url, RUNS);
  let n = 0;
  const rest = summary(
    await time(
      async () => {
        const code = COMPONENT.replace('"start"', `"rest ${n++}"`);
        const res = await fetch(`${server.url}/live/${cs}/api/code`, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ code }),
        });
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        await res.text();
      },
      { runs: RUNS },
    ),
  );
  const edit = (label: string) =>
    client.callTool({
      name: "edit_code",
      arguments: { edits: [{ startLine: 5, endLine: 5, newContent: `  const label = "${label}";` }] },
    });
  const mcp = summary(
    await time(
      async () => {
        const r = await edit(`mcp ${n++}`);
        if (r.isError) throw new Error(JSON.stringify(r.content));
      },
      { runs: RUNS },
    ),
  );
  const broadcast = summary(
    await time(
      async () => {
        const label = `live ${n++}`;
        const arrived = seen(label);
        await Promise.all([edit(label), arrived]);
      },
      { runs: RUNS },
    ),
  );
  const read = summary(
    await time(
      async () => {
        await client.callTool({ name: "read_code", arguments: {} });
      },
      { runs: RUNS },
    ),
  );

  const row = (label: string, s: { p50: number; p99: number }, base?: { p50: number }, unit = "") =>
    console.log(
      `${label.padEnd(52)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}${base ? `  x${(s.p50 / base.p50).toFixed(2)} ${unit}` : ""}`,
    );
  console.log(`component: ${COMPONENT.length} bytes, ${COMPONENT.split("\n").length} lines; ${RUNS} runs each\n`);
  row("GET /health (HTTP baseline)", health);
  row("PUT api/code (REST write: transpile+version+broadcast)", rest, health, "/health");
  row("MCP read_code", read, health, "/health");
  row("MCP edit_code round trip", mcp, rest, "REST write");
  row("MCP edit_code until the viewer has the update", broadcast, rest, "REST write");
  console.log(`\nedit_code p50 ${ms(mcp.p50)} (goal <= 15 ms on a warm server)`);
  console.log(`edit_code p50 minus the HTTP baseline: ${ms(Math.max(0, mcp.p50 - health.p50))}`);

  for (const path of [`/live/${cs}/mcp`, "/mcp"]) {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    const tools = JSON.stringify((await res.json()).result);
    console.log(
      `tools/list on ${path.padEnd(18)} ${tools.length} characters, ~${Math.round(tools.length / 4)} tokens (chars/4)`,
    );
  }
  viewer.close();
  await client.close();
} finally {
  await server.dispose();
}
