// The runtime behind `wrangler dev`: wrangler puts a proxy workerd in front of the workerd that runs our Workers,
// so every request and frame crosses two processes. This finds the inner runtime's own entry socket (the
// listening port of that server's workerd processes which answers GET /health), to measure without the proxy.
import { execFileSync } from "node:child_process";

/** @param {number} pid a process of the dev server's process group; @param {string} publicUrl its URL */
export async function directUrl(pid, publicUrl) {
  const pgid = execFileSync("ps", ["-o", "pgid=", "-p", String(pid)])
    .toString()
    .trim();
  const pids = execFileSync("ps", ["-o", "pid=,comm=", "-g", pgid])
    .toString()
    .split("\n")
    .filter((l) => l.includes("workerd"))
    .map((l) => l.trim().split(/\s+/)[0]);
  const ss = execFileSync("ss", ["-ltnpH"]).toString().split("\n");
  const publicPort = new URL(publicUrl).port;
  for (const line of ss) {
    if (!pids.some((p) => line.includes(`pid=${p},`))) continue;
    const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
    if (!port || port === publicPort) continue;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && (await res.text()).includes('"ok":true')) return `http://127.0.0.1:${port}`;
    } catch {}
  }
  throw new Error("the runtime's own port was not found");
}
