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
  /** SIGKILL of the server's whole process group (nothing can flush or say goodbye). */
  kill(): Promise<void>;
  /** kill(), then start again on the same port and state: a crash and its recovery. */
  crash(): Promise<void>;
  /** PIDs of the server's workerd processes, now. */
  workerdPids(): number[];
  /** Stops and removes the state directory. */
  dispose(): Promise<void>;
}

export const startDevServer: (opts?: { persistTo?: string; vars?: Record<string, string> }) => Promise<DevServer> =
  impl.startDevServer;
export const freePort: () => Promise<number> = impl.freePort;
export const portFree: (port: number) => Promise<boolean> = impl.portFree;
