// One dev server shared by the integration test files; a file that restarts the server starts its own.
import type { TestProject } from "vitest/node";
import { startDevServer } from "./dev-server.ts";

export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide("baseUrl", server.url);
  return () => server.dispose();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
