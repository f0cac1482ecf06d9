// Typed entry to scripts/dev-server.mjs, which the benchmarks (plain Node) share with the tests.
import * as impl from "../../scripts/dev-server.mjs";

export interface DevServer {
  url: string;
  port: number;
  persistTo: string;
  /** PID of the wrangler process (its process group holds the workerd processes). */
  pid(): number | undefined;
  /** Everything wrangler printed since the last start. */
  output(): string;
  stop(): Promise<void>;
  /** Stops and starts again on the same port and state: what a deploy or a crash looks like. */
  restart(): Promise<void>;
  /** Stops and removes the state directory. */
  dispose(): Promise<void>;
}

export const startDevServer: (opts?: { persistTo?: string; vars?: Record<string, string> }) => Promise<DevServer> =
  impl.startDevServer;
export const freePort: () => Promise<number> = impl.freePort;
