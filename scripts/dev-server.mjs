// Starts the real product (wrangler dev: workerd with SQLite Durable Objects) on a free port, for the
// integration tests and the benchmarks. Each server runs in its own process group and state directory.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, startWrangler } from "./workers.mjs";

/** @returns {Promise<number>} a TCP port that was free a moment ago */
export function freePort() {
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

async function waitForHealth(url, child, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`dev server did not become healthy at ${url}:\n${log()}`);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

/**
 * @param {{ persistTo?: string, vars?: Record<string, string> }} [opts]
 * @returns {Promise<{url: string, port: number, persistTo: string, pid: () => number | undefined,
 *   inspectorPort: () => number, output: () => string, stop(): Promise<void>, restart(): Promise<void>, dispose(): Promise<void>}>}
 */
export async function startDevServer(opts = {}) {
  const port = await freePort();
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), "live-state-"));
  const url = `http://127.0.0.1:${port}`;
  let child;
  let output = "";
  let inspectorPort = 0;

  const start = async () => {
    output = "";
    await applyMigrations(persistTo);
    // Tests and benchmarks write anonymously from one address: the per-IP anonymous write limit is off unless a
    // caller sets ANON_WRITE_LIMIT (SPEC.md A19; the limits of users and keys stay on).
    const vars = { ANON_WRITE_LIMIT: "off", ...opts.vars };
    inspectorPort = await freePort();
    child = startWrangler({ port, persistTo, stdio: "pipe", inspectorPort, vars });
    child.stdout.on("data", (d) => {
      output += d.toString();
    });
    child.stderr.on("data", (d) => {
      output += d.toString();
    });
    await waitForHealth(url, child, () => output);
  };

  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url,
    port,
    persistTo,
    pid: () => child?.pid,
    inspectorPort: () => inspectorPort,
    output: () => output,
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
