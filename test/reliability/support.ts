// Shared by the reliability suite (npm run test:reliability): seeded randomness, the processes a test started,
// and the rows of the summary table printed at the end.
import { appendFileSync, readFileSync } from "node:fs";
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

// ---- processes (Linux /proc): test/support/processes.ts, shared with the benchmarks ----

export { alive, killSurvivors, type Proc, processTree, workerdRssMiB } from "../support/processes.ts";

declare module "vitest" {
  export interface ProvidedContext {
    reliabilitySeed: number;
    reliabilityRows: string;
  }
}
