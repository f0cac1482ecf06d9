// The runtime behind `wrangler dev`. wrangler puts a proxy workerd in front of the workerd that runs our Workers;
// on a busy 2-core machine that proxy loses connections to the runtime ("Network connection lost": it answers a
// POST with its own 503 "Your worker restarted mid-request" and holds a GET until its next request arrives).
// Production has no such proxy, so the tests and benchmarks reach the runtime's own entry socket through a byte
// pipe (`forward`) whose port stays the same across restarts.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect, createServer } from "node:net";

/** Ports on 127.0.0.1 that the processes `pids` listen on (Linux /proc). */
function listeningPorts(pids) {
  const inodes = new Set();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          if (m) inodes.add(m[1]);
        } catch {}
      }
    } catch {}
  }
  const ports = [];
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    // local address 0100007F:PORT (127.0.0.1), state 0A (LISTEN), inode in column 10.
    if (f.length < 10 || f[3] !== "0A" || !inodes.has(f[9])) continue;
    const [ip, port] = (f[1] ?? "").split(":");
    if (ip === "0100007F") ports.push(Number.parseInt(port ?? "0", 16));
  }
  return ports;
}

/**
 * The URL of the runtime's entry socket: the port of `pids` (the server's workerd processes), other than
 * wrangler's own `publicPort`, that answers our GET /health.
 */
export async function runtimeUrl(pids, publicPort) {
  for (const port of listeningPorts(pids)) {
    if (port === publicPort) continue;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok && (await res.text()).includes('"ok":true')) return `http://127.0.0.1:${port}`;
    } catch {}
  }
  throw new Error(`the runtime's own port was not found among ${listeningPorts(pids).join(", ") || "none"}`);
}

/**
 * A TCP server on a free port of 127.0.0.1 that pipes every connection to `target()`'s port, bytes unchanged
 * (the Host header stays this port's, so the runtime sees the URL the client used). With no target, or one
 * that refuses, the connection is reset, as a stopped server's would be.
 * @param {() => number | null} target
 * @returns {Promise<{ port: number, close(): Promise<void> }>}
 */
export function forward(target) {
  const sockets = new Set();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const port = target();
    if (!port) return client.resetAndDestroy();
    const upstream = connect(port, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.resetAndDestroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve({
        port: typeof addr === "object" && addr ? addr.port : 0,
        /** Closes the listener and every connection through it. */
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
