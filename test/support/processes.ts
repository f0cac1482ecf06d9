// Processes of a test or benchmark server, read from Linux /proc: its process tree, whether one is still alive,
// and workerd's resident memory. Free of vitest, so plain-Node benchmarks use it too.
import { readdirSync, readFileSync } from "node:fs";

export interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot: with the pid, names one process even if the pid is reused. */
  start: string;
  comm: string;
}

function stat(pid: number): (Proc & { state: string }) | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = s.lastIndexOf(")");
    const f = s.slice(close + 2).split(" ");
    return {
      pid,
      comm: s.slice(s.indexOf("(") + 1, close),
      state: f[0] as string,
      ppid: Number(f[1]),
      pgid: Number(f[2]),
      start: f[19] as string,
    };
  } catch {
    return null;
  }
}

/** `root` and every process below it, now. */
export function processTree(root: number): Proc[] {
  const all: Proc[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = stat(Number(name));
    if (p && p.state !== "Z") all.push(p);
  }
  const out: Proc[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    const p = all.find((x) => x.pid === pid);
    if (p) out.push(p);
    for (const c of all) if (c.ppid === pid) queue.push(c.pid);
  }
  return out;
}

/** The process is still running (not gone, not a zombie, not a new process under a reused pid). */
export function alive(p: Proc): boolean {
  const now = stat(p.pid);
  return !!now && now.start === p.start && now.state !== "Z";
}

/** SIGKILL each of these processes still alive: only processes this test started, by pid. */
export function killSurvivors(procs: Proc[]): void {
  for (const p of procs) {
    if (!alive(p)) continue;
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {}
  }
}

/** Resident memory of each workerd process in `root`'s tree, in MiB. */
export function workerdRssMiB(root: number): number[] {
  return processTree(root)
    .filter((p) => p.comm === "workerd")
    .map((p) => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, "utf8"));
        return m ? Number(m[1]) / 1024 : 0;
      } catch {
        return 0;
      }
    });
}
