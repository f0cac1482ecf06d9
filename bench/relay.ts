// The relay tier (SPEC.md C13) at VIEWERS JSON viewers of one codeSpace (5,000 by default): EDITS REST writes of
// ~2 KB at RATE/s, every session-update timed at every viewer, against RELAY_AFTER viewers (500: all held by the
// codeSpace's own object) on the same server in the same run. Locally every object shares one workerd thread, so
// this measures the tier's cost and correctness, not the parallelism it buys on Cloudflare, where each relay runs on
// its own; see README "Scaling". The viewers connect to the runtime's own port: wrangler's proxy in front of it
// spends about 6 file descriptors a socket and dies at its limit of 20,000 (about 3,300 sockets); production has
// no such proxy.
// Usage: npm run bench:relay   (env VIEWERS=5000 EDITS=30 RATE=10 REPEAT=2 RELAY_AFTER=500 RELAY_SIZE=500)
import { readFileSync } from "node:fs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { workerdRssMiB } from "../test/support/processes.ts";
import { directUrl } from "./lib/direct.mjs";
import { ms } from "./lib/stats.mjs";
import { jsonFanout } from "./lib/viewers.ts";

const VIEWERS = Number(process.env.VIEWERS ?? 5000);
const EDITS = Number(process.env.EDITS ?? 30);
const RATE = Number(process.env.RATE ?? 10);
const REPEAT = Number(process.env.REPEAT ?? 2);
const AFTER = Number(process.env.RELAY_AFTER ?? 500);
const SIZE = Number(process.env.RELAY_SIZE ?? 500);

/** CPU seconds (user + system) the processes have used so far, from /proc. */
function cpuSeconds(pids: number[]): number {
  const tick = 100; // USER_HZ on Linux
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return sum + (Number(fields[11]) + Number(fields[12])) / tick;
  }, 0);
}

const relays = Math.ceil(Math.max(0, VIEWERS - AFTER) / SIZE);
const server = await startDevServer({
  vars: {
    WS_MESSAGES_PER_SECOND: "10000000",
    RELAY_AFTER: String(AFTER),
    RELAY_SIZE: String(SIZE),
    RELAY_MAX: String(Math.max(20, relays)),
  },
});
try {
  const base = await directUrl(server.pid() ?? 0, server.url);
  console.log(
    `## ${VIEWERS} JSON viewers of one codeSpace against ${AFTER}, ${EDITS} REST writes of ~2 KB at ${RATE}/s\n` +
      `the codeSpace's object holds ${AFTER} viewers and ${relays} relay subscriptions (${SIZE} viewers each), so it ` +
      `sends ${AFTER + relays} frames per change instead of ${VIEWERS}`,
  );
  // Warm the transpiler and the objects outside the timed part.
  await jsonFanout(base, "relay-warm", 1, 3, RATE);
  /** One fan-out, with the CPU the runtime and this client spent on it, per frame delivered. */
  const timed = async (label: string, cs: string, n: number) => {
    let rss = 0;
    const pids = server.workerdPids();
    let server0 = 0;
    let client0 = process.cpuUsage();
    let serverUs = 0;
    let clientUs = 0;
    const d = await jsonFanout(base, cs, n, EDITS, RATE, {
      afterOpen: () => {
        server0 = cpuSeconds(pids);
        client0 = process.cpuUsage();
      },
      beforeClose: () => {
        rss = workerdRssMiB(server.pid() ?? 0).reduce((a, b) => a + b, 0);
        const c = process.cpuUsage(client0);
        serverUs = (cpuSeconds(pids) - server0) * 1e6;
        clientUs = c.user + c.system;
      },
    });
    serverUs /= d.delivered;
    clientUs /= d.delivered;
    console.log(
      `  ${label.padEnd(26)} p50 ${ms(d.p50).padStart(10)}  p99 ${ms(d.p99).padStart(10)}  delivered ` +
        `${d.delivered}/${d.expected}, newest state at ${d.last}/${n}; workerd RSS ${rss.toFixed(0)} MiB; CPU per ` +
        `frame delivered: runtime ${serverUs.toFixed(0)} µs, this client ${clientUs.toFixed(0)} µs`,
    );
    return d;
  };
  const ratios: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    console.log(`run ${r + 1}:`);
    const tag = `${r}-${Date.now().toString(36)}`;
    const few = await timed(`${AFTER} viewers (one object)`, `relay-few-${tag}`, AFTER);
    const many = await timed(`${VIEWERS} viewers (relay tier)`, `relay-many-${tag}`, VIEWERS);
    ratios.push(many.p99 / few.p99);
    console.log(`  p99 x${(many.p99 / few.p99).toFixed(2)} for x${(VIEWERS / AFTER).toFixed(0)} the viewers`);
  }
  console.log(`p99 ${VIEWERS}/${AFTER} viewers: ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`);
} finally {
  await server.dispose();
}
// Keep-alive sockets of fetch must not hold the process open once the server is gone.
process.exit(0);
