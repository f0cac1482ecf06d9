// One dev server shared by the integration test files; a file that restarts the server starts its own.
import { mkdirSync, writeFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startDevServer } from "./dev-server.ts";

export default async function setup(project: TestProject) {
  const server = await startDevServer();
  // The transpiler compiles 14 MB of esbuild wasm on its first call: pay that once here, not inside the first
  // test's timeout (on a 2-core machine it competes with Chromium loading the editor).
  const warm = await fetch(`${server.url}/transpile`, { method: "POST", body: "export default () => <p />;" });
  if (!warm.ok) throw new Error(`the transpiler did not start: ${warm.status} ${await warm.text()}`);
  project.provide("baseUrl", server.url);
  return async () => {
    // What the server printed (its errors and logs) stays beside the screenshots for a failed run to be read.
    mkdirSync("test-artifacts", { recursive: true });
    writeFileSync("test-artifacts/dev-server.log", server.output());
    await server.dispose();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
