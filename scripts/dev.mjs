// `npm start`: every Worker on http://127.0.0.1:8787 (PORT overrides), state kept in .wrangler/state
// (STATE_DIR overrides).
//
// However `npm start` is stopped, nothing is left running and the port is free (test/reliability/stop.test.ts):
// Ctrl-C (SIGINT to the terminal's process group), SIGTERM, SIGHUP (the terminal closed) and the death of npm stop
// the server's group from here; a SIGKILL of this process cannot be caught, so the server's group also watches
// it through a pipe and stops itself when the pipe closes (scripts/lifeline.mjs).
import { applyMigrations, devSecrets, startWrangler } from "./workers.mjs";

const port = Number(process.env.PORT ?? 8787);
const persistTo = process.env.STATE_DIR || ".wrangler/state";
// The D1 schema (accounts, keys, owned codeSpaces) first: the app answers 500 on a database without it.
await applyMigrations(persistTo);
const child = startWrangler({
  port,
  persistTo,
  inspectorPort: Number(process.env.INSPECTOR_PORT ?? 9229),
  secrets: devSecrets(),
});
console.log(`Starting on http://127.0.0.1:${port}/live/demo (Ctrl-C to stop)`);

const stop = () => {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
// npm forwards SIGINT and SIGTERM to us (package.json's `exec` makes us npm's child, with no shell between);
// when npm itself is killed alone (SIGKILL of its pid), we are orphaned: our parent changes, and we stop.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 250).unref();
child.on("exit", (code) => process.exit(code ?? 0));
