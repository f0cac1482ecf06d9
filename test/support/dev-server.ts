// Starts the real product (wrangler dev, workerd, SQLite Durable Objects) for integration tests.
import type { ChildProcess } from "node:child_process";

import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWrangler } from "../../scripts/workers.mjs";

export interface DevServer {
  url: string;
  port: number;
  persistTo: string;
  stop(): Promise<void>;
  /** Stops and starts again on the same port and state: what a deploy or a crash looks like. */
  restart(): Promise<void>;
  /** Stops and removes the state directory. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: { exitCode: number | null }, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`dev server did not become healthy at ${url}:\n${log()}`);
}

export async function startDevServer(opts: { persistTo?: string } = {}): Promise<DevServer> {
  const port = await freePort();
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), "live-state-"));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let output = "";

  const start = async () => {
    output = "";
    child = startWrangler({ port, persistTo, stdio: "pipe", inspectorPort: await freePort() });
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    await waitForHealth(url, child, () => output);
  };

  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url,
    port,
    persistTo,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
