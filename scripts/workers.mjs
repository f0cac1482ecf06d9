// The Workers that make up the product, started together by `npm start` and by the integration tests.
// The first config is the front door (it owns the port); the others are reached through service bindings.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WORKER_CONFIGS = ["packages/app/wrangler.jsonc", "packages/transpiler/wrangler.jsonc"];

/** wrangler's telemetry, cf.json fetch, update check and banner off: nothing leaves the machine. */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

/**
 * Starts `wrangler dev` for every Worker in its own process group (so the whole tree can be stopped).
 * `persistTo` is where Durable Object SQLite state lives; it survives restarts.
 */
export function startWrangler({ port, persistTo, stdio = "inherit", inspectorPort = 0, vars = {} }) {
  const args = ["wrangler", "dev", ...WORKER_CONFIGS.flatMap((c) => ["-c", c])];
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  args.push("--ip", "127.0.0.1", "--port", String(port), "--persist-to", resolve(ROOT, persistTo));
  args.push("--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false");
  return spawn("npx", args, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ["ignore", stdio, stdio],
    detached: true,
  });
}

/**
 * Applies the app's D1 migrations (packages/app/migrations) to the local database under `persistTo`, the same
 * state directory `wrangler dev` then uses. Offline: `--local` touches only that directory. Already applied
 * migrations are skipped, so this is safe before every start.
 * @param {string} persistTo
 * @returns {Promise<void>}
 */
export function applyMigrations(persistTo) {
  const args = ["wrangler", "d1", "migrations", "apply", "DB", "--local", "-c", WORKER_CONFIGS[0]];
  args.push("--persist-to", resolve(ROOT, persistTo));
  const child = spawn("npx", args, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d.toString();
  });
  child.stderr.on("data", (d) => {
    output += d.toString();
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`D1 migrations failed (${code}):\n${output}`))));
  });
}
