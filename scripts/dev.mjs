// `npm start`: every Worker on http://127.0.0.1:8787 (PORT overrides), state kept in .wrangler/state.
import { applyMigrations, devSecrets, startWrangler } from "./workers.mjs";

const port = Number(process.env.PORT ?? 8787);
// The D1 schema (accounts, keys, owned codeSpaces) first: the app answers 500 on a database without it.
await applyMigrations(".wrangler/state");
const child = startWrangler({
  port,
  persistTo: ".wrangler/state",
  inspectorPort: Number(process.env.INSPECTOR_PORT ?? 9229),
  secrets: devSecrets(),
});
console.log(`Starting on http://127.0.0.1:${port}/live/demo (Ctrl-C to stop)`);

const stop = () => {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code) => process.exit(code ?? 0));
