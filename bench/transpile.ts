// The transpiler: native esbuild in Node, the same esbuild-wasm module in Node (the wasm floor: one thread, no
// workerd) and the transpiler Worker (esbuild-wasm in workerd) over HTTP, in one run. The time of a write's
// transform splits into: the transform inside workerd (a cache miss minus a cache hit of the same route) and the
// RPC hop to the transpiler Worker with its cache lookup (a cache hit minus a /health round trip). Prints p50/p99
// and ratios, and workerd's memory after 1,000 transforms of varied code.
// Usage: npm run bench:transpile   (env RUNS=300 WARM=300 VARIED=1000)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { TRANSFORM_OPTIONS } from "@live/shared";
import { transform } from "esbuild";
import { startDevServer } from "../scripts/dev-server.mjs";
import { workerdRssMiB } from "../test/support/processes.ts";
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
/** Cache misses before timing: V8 compiles esbuild's wasm in tiers, the optimised one after a few hundred calls. */
const WARM = Number(process.env.WARM ?? 300);
const VARIED = Number(process.env.VARIED ?? 1000);

/** esbuild-wasm's browser build in this process, started as the transpiler Worker starts it (no worker thread). */
async function wasmEsbuild(): Promise<{ transform: typeof transform }> {
  const require = createRequire(import.meta.url);
  // The browser build looks for `self`; Node has `globalThis`.
  (globalThis as { self?: unknown }).self ??= globalThis;
  const esbuild = require("esbuild-wasm/lib/browser.js");
  const wasmModule = new WebAssembly.Module(readFileSync(require.resolve("esbuild-wasm/esbuild.wasm")));
  await esbuild.initialize({ wasmModule, worker: false });
  return esbuild;
}

const server = await startDevServer();
try {
  const post = (body: string) => async () => {
    const res = await fetch(`${server.url}/transpile`, { method: "POST", body });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    await res.text();
  };
  console.log(`component: ${COMPONENT.length} bytes; ${RUNS} runs each\n`);

  const native = summary(
    await time((i: number) => transform(`${COMPONENT}// ${i}\n`, { ...TRANSFORM_OPTIONS }), { runs: RUNS }),
  );
  const wasm = await wasmEsbuild();
  const inNode = summary(
    await time((i: number) => wasm.transform(`${COMPONENT}// ${i}\n`, { ...TRANSFORM_OPTIONS }), {
      runs: RUNS,
      warmup: WARM,
    }),
  );
  const health = await healthBaseline(server.url, RUNS);
  let n = 0;
  const worker = summary(await time(() => post(`${COMPONENT}// miss ${n++}\n`)(), { runs: RUNS, warmup: WARM }));
  const hit = summary(await time(post(COMPONENT), { runs: RUNS }));

  const row = (label: string, s: { p50: number; p99: number }, base?: { p50: number }, unit = "native") =>
    console.log(
      `${label.padEnd(40)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}${base ? `  x${(s.p50 / base.p50).toFixed(2)} ${unit}` : ""}`,
    );
  row("native esbuild in Node (transform)", native);
  row("esbuild-wasm in Node (the same .wasm)", inNode, native);
  row("GET /health (HTTP baseline)", health);
  row("POST /transpile, warm, cache miss", worker, native);
  row("POST /transpile, cache hit", hit, health, "/health");
  const inWorkerd = Math.max(0, worker.p50 - hit.p50);
  const hop = Math.max(0, hit.p50 - health.p50);
  const x = (v: number) => `x${(v / native.p50).toFixed(2)} native`;
  console.log(`
p50 of one write's transpile, split (goal <= 3x native):
  the transform in workerd (miss - hit)          ${ms(inWorkerd).padStart(9)}  ${x(inWorkerd)}
  the wasm floor (esbuild-wasm in Node)           ${ms(inNode.p50).padStart(9)}  ${x(inNode.p50)}
  the RPC hop and cache lookup (hit - /health)    ${ms(hop).padStart(9)}  (goal <= 0.2 ms server time)
  the whole route minus the HTTP baseline          ${ms(Math.max(0, worker.p50 - health.p50)).padStart(9)}  ${x(worker.p50 - health.p50)}`);

  const rss = () => workerdRssMiB(server.pid() ?? 0).reduce((a, b) => a + b, 0);
  const before = rss();
  for (let i = 0; i < VARIED; i++) {
    await post(`${COMPONENT.replace("What next?", `Item ${i * 7919}`)}// varied ${i}\n`)();
  }
  console.log(
    `\nworkerd RSS: ${before.toFixed(0)} MB before, ${rss().toFixed(0)} MB after ${VARIED} varied transforms`,
  );
} finally {
  await server.dispose();
}
