// Global setup of the reliability suite: chooses and prints the seed, collects the rows the cases record and
// prints them as one table at the end (README "Reliability" keeps the latest).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type Row, readRows } from "./support.ts";

export default function setup(project: TestProject) {
  const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
  if (!Number.isSafeInteger(seed))
    throw new Error(`RELIABILITY_SEED must be an integer, got ${process.env.RELIABILITY_SEED}`);
  const dir = mkdtempSync(join(tmpdir(), "live-reliability-"));
  const rows = join(dir, "rows.jsonl");
  writeFileSync(rows, "");
  console.log(`reliability: seed ${seed} (RELIABILITY_SEED=${seed} npm run test:reliability repeats this run)`);
  project.provide("reliabilitySeed", seed);
  project.provide("reliabilityRows", rows);
  const started = Date.now();
  return () => {
    console.log(table(readRows(rows), seed, Date.now() - started));
    rmSync(dir, { recursive: true, force: true });
  };
}

export function table(rows: Row[], seed: number, ms: number): string {
  const head = ["case", "runs", "inputs", "lost", "5xx", "crashes", "p99"];
  const body = rows.map((r) => [
    r.case,
    String(r.runs),
    String(r.inputs),
    String(r.lost),
    String(r["5xx"]),
    String(r.crashes),
    r.p99 === null ? "-" : `${r.p99.toFixed(0)} ms`,
  ]);
  const lines = [head, head.map(() => "---"), ...body].map((cells) => `| ${cells.join(" | ")} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.case}: ${r.note}`);
  return [`\nReliability summary (seed ${seed}, ${(ms / 1000).toFixed(0)} s)\n`, ...lines, "", ...notes].join("\n");
}
