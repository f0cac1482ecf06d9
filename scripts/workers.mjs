// The Workers that make up the product, started together by `npm start` and by the integration tests.
// The first config is the front door (it owns the port); the others are reached through service bindings.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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

/** The assistant's settings (README "The assistant"); the keys among them are secrets. */
export const AI_SETTINGS = [
  "AI_PROVIDER",
  "AI_API_KEY",
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "AI_BASE_URL",
  "AI_MODEL",
  "AI_TURNS_PER_MINUTE",
];

/** KEY=value lines of a .dev.vars file (comments and blank lines skipped, surrounding quotes removed). */
function readDevVars(path) {
  if (!existsSync(path)) return {};
  const out = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

/**
 * What `npm start` gives the Workers as secrets: .dev.vars (the repository root's, then packages/app's), and
 * the assistant's settings from the environment, which win. Values are never printed.
 */
export function devSecrets(env = process.env) {
  const secrets = { ...readDevVars(join(ROOT, ".dev.vars")), ...readDevVars(join(ROOT, "packages/app/.dev.vars")) };
  for (const key of AI_SETTINGS) if (env[key]) secrets[key] = env[key];
  return secrets;
}

/**
 * Starts `wrangler dev` for every Worker in a process group of its own (so the whole tree can be stopped), led
 * by scripts/lifeline.mjs: the group ends with the process that called this, however that one ends (even by
 * SIGKILL), because its stdin is a pipe from here whose EOF stops the group. Stop it early by signalling the
 * group (`process.kill(-child.pid, "SIGTERM")`); the child exits once nothing of the group is left.
 * `persistTo` is where Durable Object SQLite state lives; it survives restarts. `secrets` reach the Workers
 * through an env file readable only by this user (not the command line, which any process can read), and
 * always through one: wrangler then reads no .dev.vars of its own, so a test server never picks up a
 * developer's key.
 */
export function startWrangler({
  port,
  persistTo,
  stdio = "inherit",
  inspectorPort = 0,
  vars = {},
  secrets = {},
  configs = WORKER_CONFIGS,
}) {
  const args = ["wrangler", "dev", ...configs.flatMap((c) => ["-c", c])];
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  const dir = mkdtempSync(join(tmpdir(), "live-secrets-"));
  const envFile = join(dir, "secrets.env");
  const lines = Object.entries(secrets).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`);
  writeFileSync(envFile, lines.join("\n"), { mode: 0o600 });
  args.push("--env-file", envFile);
  args.push("--ip", "127.0.0.1", "--port", String(port), "--persist-to", resolve(ROOT, persistTo));
  args.push("--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false");
  const child = spawn(process.execPath, [join(ROOT, "scripts/lifeline.mjs"), "npx", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ["pipe", stdio, stdio],
    detached: true,
  });
  // The lifeline: kept open (never written) for as long as this process lives.
  child.stdin.on("error", () => {});
  child.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return child;
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
