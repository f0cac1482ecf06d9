// Small helpers shared by the benchmarks: percentiles and a timing loop.
import { performance } from "node:perf_hooks";

export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const summary = (samples) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length });

export const ms = (x) => `${x.toFixed(2)} ms`;

/** Runs `fn` `warmup` times untimed, then `runs` times, returning the durations in milliseconds. */
export async function time(fn, { runs = 200, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** The HTTP baseline of the benchmarks: `GET /health` round trips to the same server, in the same run. */
export async function healthBaseline(url, runs) {
  return summary(
    await time(
      async () => {
        await (await fetch(`${url}/health`)).text();
      },
      { runs },
    ),
  );
}
