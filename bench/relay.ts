// The relay tier (SPEC.md C13) at VIEWERS JSON viewers of one codeSpace (5,000 by default): EDITS REST writes of
// ~2 KB at RATE/s, every session-update timed at every viewer. Each run starts two dev servers one after the other:
// the tier off (one object holds every viewer: MAX_SOCKETS raised to VIEWERS) against the tier on (the object
// holds RELAY_AFTER viewers and relays of RELAY_SIZE hold the rest), and prints both and the ratio.
// Locally every object shares one workerd thread, so this measures the tier's overhead and correctness, not the
// parallelism it buys on Cloudflare, where each relay runs on its own; see README "Scaling".
// Usage: npm run bench:relay   (env VIEWERS=5000 EDITS=30 RATE=10 REPEAT=2 RELAY_AFTER=500 RELAY_SIZE=500)
import { execFileSync } from "node:child_process";
import { startDevServer } from "../scripts/dev-server.mjs";
import { ms } from "./lib/stats.mjs";
import { jsonFanout } from "./lib/viewers.ts";

const VIEWERS = Number(process.env.VIEWERS ?? 5000);
const EDITS = Number(process.env.EDITS ?? 30);
const RATE = Number(process.env.RATE ?? 10);
const REPEAT = Number(process.env.REPEAT ?? 2);
const AFTER = process.env.RELAY_AFTER ?? "500";
const SIZE = process.env.RELAY_SIZE ?? "500";

function workerdRssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const pgid = execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim();
  const out = execFileSync("ps", ["-o", "rss=,comm=", "-g", pgid], { encoding: "utf8" });
  const kb = out
    .split("\n")
    .filter((l) => l.includes("workerd"))
    .reduce((sum, l) => sum + Number.parseInt(l.trim(), 10), 0);
  return kb / 1024;
}

async function measure(label: string, vars: Record<string, string>, run: number) {
  const server = await startDevServer({
    vars: { MAX_SOCKETS: String(VIEWERS + 10), WS_MESSAGES_PER_SECOND: "10000000", ...vars },
  });
  try {
    // Warm the transpiler and the codeSpace object outside the timed part.
    await jsonFanout(server.url, `warm-${run}`, 1, 3, RATE);
    const d = await jsonFanout(server.url, `relay-${run}-${Date.now().toString(36)}`, VIEWERS, EDITS, RATE);
    const rss = workerdRssMb(server.pid());
    console.log(
      `${label.padEnd(34)} p50 ${ms(d.p50).padStart(10)}  p99 ${ms(d.p99).padStart(10)}  delivered ${d.delivered}/${d.expected}` +
        `, newest state at ${d.last}/${VIEWERS}; workerd RSS ${rss.toFixed(0)} MiB`,
    );
    return d;
  } finally {
    await server.dispose();
  }
}

const tiers = Math.ceil(Math.max(0, VIEWERS - Number(AFTER)) / Number(SIZE));
console.log(
  `## ${VIEWERS} JSON viewers of one codeSpace, ${EDITS} REST writes of ~2 KB at ${RATE}/s\n` +
    `tier on: the writer holds ${AFTER} viewers and ${tiers} relay subscriptions, so it sends ` +
    `${Math.min(VIEWERS, Number(AFTER)) + tiers} frames per change instead of ${VIEWERS}`,
);
const ratios: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  console.log(`run ${r + 1}:`);
  const off = await measure("  one object (RELAY_MAX 0)", { RELAY_MAX: "0" }, r);
  const on = await measure(`  relay tier (${AFTER} + ${tiers} x ${SIZE})`, { RELAY_AFTER: AFTER, RELAY_SIZE: SIZE }, r);
  ratios.push(on.p99 / off.p99);
  console.log(`  p99 tier/one object x${(on.p99 / off.p99).toFixed(2)}`);
}
console.log(
  `p99 tier/one object: ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} over ${REPEAT} runs`,
);
// Keep-alive sockets of fetch must not hold the process open once the servers are gone.
process.exit(0);
