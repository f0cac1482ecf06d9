// The reference: y-websocket 1.5's own Node server (bin/server.js of y-websocket 1.5.4, installed as the
// devDependency `y-websocket-v1`), in memory, started on a free loopback port in its own process group so the
// benchmark measures it beside ours in the same run. Rooms are the URL path: `ws://127.0.0.1:PORT/{room}`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort } from "../../scripts/dev-server.mjs";

const require = createRequire(import.meta.url);

/** @returns {Promise<{url: string, pid: number, stop(): Promise<void>}>} */
export async function startReference() {
  const port = await freePort();
  const server = join(dirname(require.resolve("y-websocket-v1/package.json")), "bin/server.js");
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d.toString();
  });
  child.stderr.on("data", (d) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`reference server exited:\n${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`reference server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await exited;
    },
  };
}
