// Case 5: however `npm start` is stopped, nothing of the server stays and its port is free (SPEC D1).
// Each way runs the real `npm start` (build, D1 migrations, wrangler dev, workerd) on free ports and a state
// directory of its own, then stops it as a terminal, a process manager or the OOM killer would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/dev-server.ts";
import { alive, killSurvivors, type Proc, portFree, processTree, record, until } from "./support.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

interface Started {
  npm: ChildProcess;
  port: number;
  inspector: number;
  state: string;
  output: () => string;
}

let procs: Proc[] = [];
let state = "";
afterEach(() => {
  killSurvivors(procs);
  procs = [];
  if (state) rmSync(state, { recursive: true, force: true });
});

async function npmStart(): Promise<Started> {
  const port = await freePort();
  const inspector = await freePort();
  state = mkdtempSync(join(tmpdir(), "live-stop-"));
  // Its own process group and session, as a shell's job in a terminal of its own would be.
  const npm = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), INSPECTOR_PORT: String(inspector), STATE_DIR: state },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  npm.stdout?.on("data", (d) => {
    out += d;
  });
  npm.stderr?.on("data", (d) => {
    out += d;
  });
  await until(
    async () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${out}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      } catch {
        return false;
      }
    },
    "npm start to answer /health",
    90_000,
  );
  return { npm, port, inspector, state, output: () => out };
}

const ways: { name: string; stop: (s: Started) => void }[] = [
  // A terminal's Ctrl-C: SIGINT to the foreground process group.
  { name: "Ctrl-C (SIGINT to the group)", stop: (s) => process.kill(-(s.npm.pid as number), "SIGINT") },
  // A process manager or `kill PID`.
  { name: "SIGTERM to npm", stop: (s) => process.kill(s.npm.pid as number, "SIGTERM") },
  // The terminal closed: the kernel and the shell send SIGHUP to the job's process group.
  { name: "SIGHUP to the group (terminal closed)", stop: (s) => process.kill(-(s.npm.pid as number), "SIGHUP") },
  // `kill -9 PID` of npm alone: its child is orphaned.
  { name: "SIGKILL of npm alone", stop: (s) => process.kill(s.npm.pid as number, "SIGKILL") },
  // `kill -9 -PGID`, or the OOM killer's cgroup kill: nothing can be forwarded.
  { name: "SIGKILL of the group", stop: (s) => process.kill(-(s.npm.pid as number), "SIGKILL") },
];

describe("D1: stopping npm start any way leaves nothing behind", () => {
  for (const way of ways) {
    it(`D1: ${way.name}: no process left, the port and the inspector port free`, async () => {
      const s = await npmStart();
      procs = processTree(s.npm.pid as number);
      // The tree really holds the server: npm, wrangler's node and workerd.
      expect(procs.map((p) => p.comm)).toContain("workerd");
      expect(await portFree(s.port)).toBe(false);
      way.stop(s);
      await until(() => procs.every((p) => !alive(p)), `every process of npm start to end (${way.name})`, 30_000);
      expect(await portFree(s.port)).toBe(true);
      expect(await portFree(s.inspector)).toBe(true);
      record({ case: `5 stop: ${way.name}`, runs: 1, inputs: 0, lost: 0, "5xx": 0, crashes: 0, p99: null });
    }, 180_000);
  }
});
