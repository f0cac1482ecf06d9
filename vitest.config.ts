import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
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
          cloudflareTest({
            main: "./packages/app/src/index.ts",
            wrangler: { configPath: "./packages/app/wrangler.jsonc" },
          }),
        ],
        test: { name: "workers", include: ["packages/app/test/**/*.test.ts"] },
      },
      {
        // Against the real dev server over HTTP and WebSockets (and Chromium for the editor).
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
