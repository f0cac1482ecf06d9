// Version history at scale: list versions of a codeSpace with VERSIONS (default 10,000) versions, against
// a baseline measured in the same run on the same server (session.json: one Durable Object round trip).
// Usage: node bench/versions.mjs   (env VERSIONS=n, CONCURRENCY=n)
import { startDevServer } from "../scripts/dev-server.mjs";
import { ms, summary, time } from "./lib/stats.mjs";

const VERSIONS = Number(process.env.VERSIONS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

const server = await startDevServer();
try {
  const cs = `bench-versions-${Date.now().toString(36)}`;
  const base = `${server.url}/live/${cs}`;
  const t0 = Date.now();
  let next = 1;
  const worker = async () => {
    while (next <= VERSIONS) {
      const i = next++;
      const res = await fetch(`${base}/api/code`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: `export default () => <p>version ${i}</p>;\n` }),
      });
      if (!res.ok) throw new Error(`PUT ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seeded = await (await fetch(`${base}/versions?limit=1`)).json();
  console.log(`seeded ${seeded.versionCount} versions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const get = (path) => async () => {
    const res = await fetch(`${base}${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  const baseline = summary(await time(get("/session.json")));
  const rows = [
    ["session.json (baseline)", baseline],
    ["versions?limit=50 (newest page)", summary(await time(get("/versions?limit=50")))],
    ["versions?limit=50&before=100 (deep page)", summary(await time(get("/versions?limit=50&before=100")))],
    ["versions?limit=1000 (largest page)", summary(await time(get("/versions?limit=1000"), { runs: 50 }))],
    [
      `version/${Math.ceil(VERSIONS / 2)} (one full version)`,
      summary(await time(get(`/version/${Math.ceil(VERSIONS / 2)}`))),
    ],
  ];
  console.log(`\nHTTP round trip on loopback, ${VERSIONS} versions (goal: list in < 50 ms)`);
  for (const [label, s] of rows) {
    const ratio = (s.p50 / baseline.p50).toFixed(2);
    console.log(`${label.padEnd(44)} p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  x${ratio} baseline`);
  }
} finally {
  await server.dispose();
}
