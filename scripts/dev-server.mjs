// Starts the real product (wrangler dev: workerd with SQLite Durable Objects) on a free port, for the
// integration tests and the benchmarks. Each server runs in its own process group and state directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
    if (exited(child)) throw new Error(`wrangler exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`dev server did not become healthy at ${url}:\n${log()}`);
}

/** The workerd processes of the server's process group (Linux /proc; empty elsewhere). */
function workerdPids(pgid) {
  if (!pgid) return [];
  const out = [];
  try {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (comm === "workerd" && Number(fields[2]) === pgid) out.push(Number(name));
      } catch {}
    }
  } catch {}
  return out;
}

/** @returns {Promise<boolean>} whether 127.0.0.1:port can be bound now */
export function portFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function until(check, timeout) {
  const deadline = Date.now() + timeout;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** A child killed by a signal has `exitCode` null: it has exited when either is set. */
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

/**
 * `configs`: other Workers than the product's (a benchmark's own), which then get no D1 migrations.
 * @param {{ persistTo?: string, vars?: Record<string, string>, configs?: string[] }} [opts]
 * @returns {Promise<{url: string, port: number, persistTo: string, pid: () => number | undefined,
 *   inspectorPort: () => number, output: () => string, stop(): Promise<void>, restart(): Promise<void>, kill(): Promise<void>,
 *   crash(): Promise<void>, workerdPids(): number[], dispose(): Promise<void>}>}
 */
export async function startDevServer(opts = {}) {
  const port = await freePort();
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), "live-state-"));
  const url = `http://127.0.0.1:${port}`;
  let child;
  let output = "";
  let inspectorPort = 0;

  let heartbeat;
  // What wrangler printed, its last 4 MiB at most (a long run would otherwise grow one string past what V8 allows).
  const keep = (d) => {
    output += d.toString();
    if (output.length > 8 * 2 ** 20) output = `[earlier output dropped]\n${output.slice(-4 * 2 ** 20)}`;
  };

  const launch = async () => {
    output = "";
    if (!opts.configs) await applyMigrations(persistTo);
    // Tests and benchmarks write anonymously from one address: the per-IP anonymous write limit is off unless a
    // caller sets ANON_WRITE_LIMIT (SPEC.md A19; the limits of users and keys stay on).
    const vars = { ANON_WRITE_LIMIT: "off", ...opts.vars };
    inspectorPort = await freePort();
    child = startWrangler({ port, persistTo, stdio: "pipe", inspectorPort, vars, configs: opts.configs });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    await waitForHealth(url, child, () => output);
  };

  const start = async () => {
    // A restart keeps its port, which another process's outgoing connection may hold for a moment after the stop
    // (the port came from the ephemeral range): wait for it to come free, and start again if wrangler lost the race.
    for (let attempt = 1; ; attempt++) {
      await until(() => portFree(port), 30_000);
      try {
        await launch();
        break;
      } catch (err) {
        if (attempt >= 5 || !/Address already in use/.test(output)) throw err;
      }
    }
    // wrangler dev's proxy sends a GET whose connection to the Worker it lost ("Network connection lost", seen on a
    // busy 2-core machine) again only when its next request arrives: a page whose last request that was (a module,
    // a socket upgrade) would wait for ever. A request every half second sends it on.
    heartbeat = setInterval(() => {
      // Its body too may be cut off by a kill: that rejection is caught as well.
      fetch(`${url}/health`)
        .then((r) => r.text())
        .catch(() => {});
    }, 500);
    heartbeat.unref();
  };

  const stop = async () => {
    clearInterval(heartbeat);
    if (!child || exited(child)) return;
    const gone = new Promise((r) => child.once("exit", r));
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  };

  // kill -9 of the server's whole process group (wrangler, workerd, the lifeline): what a crash looks like.
  const kill = async () => {
    clearInterval(heartbeat);
    if (!child || exited(child)) return;
    const gone = new Promise((r) => child.once("exit", r));
    killGroup(child, "SIGKILL");
    await gone;
  };

  await start();
  return {
    url,
    port,
    persistTo,
    pid: () => child?.pid,
    inspectorPort: () => inspectorPort,
    output: () => output.replace(/^\[wrangler:info\] GET \/health 200 OK \(\d+ms\)\n/gm, ""),
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    kill,
    crash: async () => {
      await kill();
      await start();
    },
    workerdPids: () => workerdPids(child?.pid),
    dispose: async () => {
      await stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
