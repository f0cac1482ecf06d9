import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Plain Node: room logic, storage contract over MemoryStore, transpile options and rewriter.
        test: { name: "unit", include: ["packages/*/src/**/*.test.ts"], environment: "node" },
      },
      {
        // Inside workerd: routes and the Durable Object with real SQLite storage.
        plugins: [
          cloudflareTest(async () => ({
            main: "./packages/app/src/index.ts",
            wrangler: { configPath: "./packages/app/wrangler.jsonc" },
            // The real transpiler (14 MB of wasm) runs in the integration tests. Here its binding points at a
            // Worker without `transform`, which exercises rule T4: an unreachable transpiler loses nothing. Its one
            // method, `bundle`, stands in for esbuild's (publishing, SPEC.md P): a module whose mount() shows the
            // source, the same bytes for the same source, so the tests see what R2 stores and serves.
            miniflare: {
              // The D1 schema, applied by packages/app/test/setup.ts before each test file (rule A1).
              // ANON_WRITE_LIMIT off: every test file writes anonymously from one address; the limit's own test
              // turns it on for its requests (packages/app/test/limits.test.ts).
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./packages/app/migrations"),
                ANON_WRITE_LIMIT: "off",
                // P9 with a limit a test can pass: 1 MiB of code builds an app over this (the default is 10 MiB).
                MAX_ARCHIVE_BYTES: "1048576",
              },
              workers: [
                {
                  name: "live-transpiler",
                  modules: true,
                  compatibilityDate: "2026-04-20",
                  script: [
                    'import { WorkerEntrypoint } from "cloudflare:workers";',
                    "export default class extends WorkerEntrypoint {",
                    "  fetch() { return new Response('no transpiler here', { status: 503 }); }",
                    "  bundle(source) {",
                    '    return { ok: true, code: "export function mount(el) { el.textContent = " + JSON.stringify(source) + "; }" };',
                    "  }",
                    "}",
                  ].join("\n"),
                },
              ],
            },
          })),
        ],
        // The first request of a run starts workerd and the app (several seconds on a busy 2-core machine).
        test: {
          name: "workers",
          include: ["packages/app/test/**/*.test.ts"],
          setupFiles: ["./packages/app/test/setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // Against the real dev server over HTTP and WebSockets (and Chromium for the editor).
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/http-agent.ts"],
          testTimeout: 240_000,
          // Browser and WebSocket assertions poll; a busy machine needs more than the default second.
          expect: { poll: { timeout: 60_000 } },
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // npm run test:reliability: faults and load against real dev servers (README "Reliability"). Seeded
        // (RELIABILITY_SEED), bounded in time, traffic only to 127.0.0.1. One file at a time: each starts servers.
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          globalSetup: ["test/reliability/setup.ts"],
          setupFiles: ["test/support/http-agent.ts"],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
