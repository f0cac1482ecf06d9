// Shared by the reliability suite (npm run test:reliability): seeded randomness, the processes a test started,
// and the rows of the summary table printed at the end.
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { inject } from "vitest";

export { portFree } from "../support/dev-server.ts";

/** The run's seed: RELIABILITY_SEED, or the one the global setup chose and printed. */
export const seed = (): number => Number(inject("reliabilitySeed"));

/** mulberry32: a tiny, fast, seeded PRNG. Each case derives its own stream, so cases do not shift each other. */
export function rng(stream: string, base = seed()): Rng {
  let h = base >>> 0;
  for (const ch of stream) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  let a = h || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

export interface Rng {
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** One row of the summary table (README "Reliability"). */
export interface Row {
  case: string;
  runs: number;
  inputs: number;
  lost: number;
  "5xx": number;
  crashes: number;
  /** p99 latency in ms where the case measures one, else null. */
  p99: number | null;
  note?: string;
}

/** Adds a row to the summary the global setup prints at the end of the run. */
export function record(row: Row): void {
  appendFileSync(inject("reliabilityRows"), `${JSON.stringify(row)}\n`);
}

export function readRows(file: string): Row[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
  } catch {
    return [];
  }
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Polls `check` until it holds (the event a test waits for), or fails after `timeout` ms naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

// ---- processes (Linux /proc) ----

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

declare module "vitest" {
  export interface ProvidedContext {
    reliabilitySeed: number;
    reliabilityRows: string;
  }
}
