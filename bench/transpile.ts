// The transpiler: native esbuild in Node against the transpiler Worker (esbuild-wasm in workerd) over HTTP,
// in one run. Prints p50/p99 and ratios, the cache-hit cost against a /health round trip, and workerd's
// memory after 1,000 transforms of varied code.  Usage: npm run bench:transpile
import { execFileSync } from "node:child_process";
import { TRANSFORM_OPTIONS } from "@live/shared";
import { transform } from "esbuild";
import { startDevServer } from "../scripts/dev-server.mjs";
import { healthBaseline, ms, summary, time } from "./lib/stats.mjs";

const COMPONENT = `import { useMemo, useState } from "react";
import styled from "@emotion/styled";
import { css } from "@emotion/react";

type Todo = { id: number; title: string; done: boolean };

const Card = styled.section\`
  max-width: 28rem; margin: 2rem auto; padding: 1.5rem; border-radius: 1rem;
  box-shadow: 0 10px 30px rgba(0, 0, 0, 0.12); background: white;
\`;

function useTodos(initial: Todo[]) {
  const [todos, setTodos] = useState<Todo[]>(initial);
  const add = (title: string) => setTodos((t) => [...t, { id: Date.now(), title, done: false }]);
  const toggle = (id: number) => setTodos((t) => t.map((x) => (x.id === id ? { ...x, done: !x.done } : x)));
  const remove = (id: number) => setTodos((t) => t.filter((x) => x.id !== id));
  return { todos, add, toggle, remove };
}

export default function App() {
  const { todos, add, toggle, remove } = useTodos([
    { id: 1, title: "Write the transpiler", done: true },
    { id: 2, title: "Benchmark it", done: false },
  ]);
  const [draft, setDraft] = useState("");
  const left = useMemo(() => todos.filter((t) => !t.done).length, [todos]);
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">Todos <small>{left} left</small></h1>
      <form onSubmit={(e) => { e.preventDefault(); if (draft.trim()) { add(draft.trim()); setDraft(""); } }}>
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="What next?"
          className="mt-4 w-full rounded-lg border px-3 py-2" />
      </form>
      <ul css={css\`list-style: none; padding: 0;\`}>
        {todos.map((t) => (
          <li key={t.id} className="flex items-center gap-2 py-1">
            <input type="checkbox" checked={t.done} onChange={() => toggle(t.id)} />
            <span style={{ textDecoration: t.done ? "line-through" : "none" }}>{t.title}</span>
            <button type="button" onClick={() => remove(t.id)} aria-label={\`Remove \${t.title}\`}>×</button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
`;

const RUNS = Number(process.env.RUNS ?? 300);
const VARIED = Number(process.env.VARIED ?? 1000);

function workerdRssMb(pgid: number): number {
  const out = execFileSync("ps", ["-o", "rss=,comm=", "-g", String(pgid)], { encoding: "utf8" });
  return (
    out
      .split("\n")
      .filter((l) => l.includes("workerd"))
      .reduce((kb, l) => kb + Number.parseInt(l.trim(), 10), 0) / 1024
  );
}

const server = await startDevServer();
try {
  const pgid = server.pid() as number;
  const post = (body: string) => async () => {
    const res = await fetch(`${server.url}/transpile`, { method: "POST", body });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    await res.text();
  };
  console.log(`component: ${COMPONENT.length} bytes; ${RUNS} runs each\n`);

  const native = summary(
    await time((i: number) => transform(`${COMPONENT}// ${i}\n`, { ...TRANSFORM_OPTIONS }), { runs: RUNS }),
  );
  const health = await healthBaseline(server.url, RUNS);
  let n = 0;
  const worker = summary(await time(() => post(`${COMPONENT}// miss ${n++}\n`)(), { runs: RUNS }));
  const hit = summary(await time(post(COMPONENT), { runs: RUNS }));

  const row = (label: string, s: { p50: number; p99: number }, base?: { p50: number }, unit = "native") =>
    console.log(
      `${label.padEnd(40)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}${base ? `  x${(s.p50 / base.p50).toFixed(2)} ${unit}` : ""}`,
    );
  row("native esbuild in Node (transform)", native);
  row("GET /health (HTTP baseline)", health);
  row("POST /transpile, warm, cache miss", worker, native);
  row("POST /transpile, cache hit", hit, health, "/health");
  const workerOnly = Math.max(0, worker.p50 - health.p50);
  console.log(
    `\nwarm transform p50 minus HTTP baseline: ${ms(workerOnly)} = x${(workerOnly / native.p50).toFixed(2)} native (goal <= 3x)`,
  );
  console.log(
    `cache hit p50 minus HTTP baseline: ${ms(Math.max(0, hit.p50 - health.p50))} (goal <= 0.2 ms server time)`,
  );

  const before = workerdRssMb(pgid);
  for (let i = 0; i < VARIED; i++) {
    await post(`${COMPONENT.replace("What next?", `Item ${i * 7919}`)}// varied ${i}\n`)();
  }
  console.log(
    `\nworkerd RSS: ${before.toFixed(0)} MB before, ${workerdRssMb(pgid).toFixed(0)} MB after ${VARIED} varied transforms`,
  );
} finally {
  await server.dispose();
}
